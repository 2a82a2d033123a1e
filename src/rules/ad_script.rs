//! `ad_script`: ad, tracking and widget code that leaked into the text, and
//! "Advertisement" labels.
//!
//! Rules:
//! - `ad_script/label`: a line that is only an advertisement label ("Advertisement",
//!   "Story continues below advertisement", "- ADVERTISEMENT -").
//! - `ad_script/code-line`: a line that is code (JavaScript statements, a CSS rule, a
//!   JSON object), such as `if ( typeof AdController !== 'undefined' ) { … }`.
//! - `ad_script/code-block`: a run of lines in one paragraph that together are code,
//!   such as a `googletag.cmd.push(function() {` … `});` block split over lines.
//! - `ad_script/inline-code`: a code fragment inside a prose line, such as
//!   `(adsbygoogle = window.adsbygoogle || []).push({});` between two sentences; only
//!   the fragment goes.
//!
//! Left alone: code samples in an article *about* programming. Code is removed when it
//! carries ad, tracking or widget vocabulary, or when the document's prose does not talk
//! about code; an article that says "JavaScript", "function" and "developers" keeps its
//! `document.getElementById("out")` sample. Prose that merely mentions `window.` or an
//! API name is never code: a code line needs statement punctuation and code density.

use super::{gate, part, pat, whole, Openers, Pat, Proposal};
use crate::segment::{Doc, Has};
use crate::Category::AdScript;

pub(super) fn propose(doc: &Doc, out: &mut Vec<Proposal>) {
    let mut programming: Option<bool> = None; // computed on first need
    let mut taken = vec![false; doc.lines.len()];
    for (i, line) in doc.lines.iter().enumerate() {
        if taken[i] {
            continue;
        }
        let v = &*line.view;
        if is_label(v) {
            out.push(whole(line, AdScript, "ad_script/label"));
            continue;
        }
        if !might_be_code(line.has) {
            continue;
        }
        let allowed = |programming: &mut Option<bool>, code: &str| {
            has_ad_vocabulary(code) || !*programming.get_or_insert_with(|| is_about_code(doc))
        };
        if is_code_line(v) {
            if allowed(&mut programming, v) {
                out.push(whole(line, AdScript, "ad_script/code-line"));
            }
            continue;
        }
        // Gate: a block needs a second line in the same paragraph.
        let more_in_para = doc.lines.get(i + 1).is_some_and(|l| l.para == line.para);
        let run = if gate(more_in_para) {
            code_run(doc, i)
        } else {
            Vec::new()
        };
        if run.len() >= 2 {
            let joined: Vec<&str> = run.iter().map(|&j| &*doc.lines[j].view).collect();
            let joined = joined.join(" ");
            if is_code_line(&joined) && allowed(&mut programming, &joined) {
                for &j in &run {
                    taken[j] = true;
                    out.push(whole(&doc.lines[j], AdScript, "ad_script/code-block"));
                }
                continue;
            }
        }
        for (s, e) in inline_code(v) {
            if allowed(&mut programming, &v[s..e]) {
                let leftover = v[..s].trim().len() + v[e..].trim().len();
                if leftover == 0 {
                    out.push(whole(line, AdScript, "ad_script/code-line"));
                } else {
                    out.push(part(line, s, e, AdScript, "ad_script/inline-code"));
                }
            }
        }
    }
}

/// The words an advertisement label starts with, past its leading punctuation.
const LABEL_OPENERS: Openers = Openers::new(&[
    "ad",
    "sponsored",
    "story",
    "article",
    "content",
    "continue",
    "scroll",
])
.start_if(not_word);

/// Whether `c` can be skipped by the label pattern's leading `[\W_]*`: whether it is
/// not a word character, by the regex engine's own tables.
fn not_word(c: char) -> bool {
    !regex_syntax::is_word_character(c)
}

/// "Advertisement" and its variants, alone on a line.
///
/// Gate: past the leading ASCII characters that are not letters or digits (which the
/// pattern's `[\W_]*` skips), the line starts with one of [`LABEL_OPENERS`].
fn is_label(v: &str) -> bool {
    v.len() < 80 && gate(LABEL_OPENERS.admit(past_punctuation(v))) && label_pattern().is_match(v)
}

/// `v` from its first ASCII letter or digit, or its first non-ASCII character.
fn past_punctuation(v: &str) -> &str {
    let at = v
        .bytes()
        .position(|b| b.is_ascii_alphanumeric() || !b.is_ascii())
        .unwrap_or(v.len());
    &v[at..]
}

fn label_pattern() -> &'static Pat {
    pat!(
        r"(?i)^[\W_]*(?:advertisements?|advertising|ad|sponsored(?: content| ad)?|(?:story|article|content) continues (?:below|after)(?: this)?(?: advertisement| ad)?|continue reading (?:below|after (?:the )?(?:ad|advertisement))|advertisement[\s\-–—:|]+(?:scroll|continue|story continues)[\w ]*|scroll to continue with content|ad feedback)[\W_]*$"
    )
}

/// Cheap prefilter: code needs a "{", ";" or "(".
fn might_be_code(has: Has) -> bool {
    has.any(Has::OPEN_BRACE | Has::SEMICOLON | Has::OPEN_PAREN)
}

/// Ad, tracking and embed vocabulary: leaked code that mentions these is junk even in
/// an article about programming.
fn has_ad_vocabulary(code: &str) -> bool {
    pat!(r"(?i)\b(?:ads?|adsbygoogle|googletag|gpt|dfp|doubleclick|adcontroller|adslot\w*|adunit\w*|ad[-_]\w+|\w+[-_]ads?|banner\w*|taboola|_taboola|outbrain|obr|datalayer|fbq|gtag|ga|analytics|pixel|tracking|tracker|prebid|pbjs|apstag|criteo|teads|sponsor\w*|facebook-jssdk|twttr|instgrm|disqus\w*|widgets?|embeds?|cookies?|consent|comscore|chartbeat|parsely|quantcast|nielsen|iqadtile\w*|div-gpt-ad\w*|_qevents|_comscore|gemius\w*)\b")
        .is_match(code)
}

/// Whether the document's prose talks about code, which makes unmarked code lines
/// likely to be samples. Looks at the lines that are not code themselves.
fn is_about_code(doc: &Doc) -> bool {
    let term = pat!(
        r"(?i)\b(?:javascript|typescript|python|programming|programmers?|developers?|code|coding|snippet|function|syntax|api|compiler|variables?|library|framework|browser|html|css|script|method)\b"
    );
    let mut distinct = std::collections::HashSet::new();
    for line in &doc.lines {
        if is_code_line(&line.view) {
            continue;
        }
        for m in term.find_all(&line.view) {
            distinct.insert(m.as_str().to_ascii_lowercase());
        }
        if distinct.len() >= 2 {
            return true;
        }
    }
    false
}

/// Longest run of lines judged together as one code block.
const MAX_BLOCK_LINES: usize = 60;

/// The run of consecutive code-ish lines in line `i`'s paragraph that starts at `i`
/// (at most [`MAX_BLOCK_LINES`], so a long document stays linear).
fn code_run(doc: &Doc, i: usize) -> Vec<usize> {
    let para = doc.lines[i].para;
    (i..doc.lines.len().min(i + MAX_BLOCK_LINES))
        .take_while(|&j| {
            let line = &doc.lines[j];
            line.para == para && is_code_fragment(&line.view, line.has)
        })
        .collect()
}

/// A line that could be one piece of a code block: it has a code construct, or it is
/// only brackets and separators (`});`).
fn is_code_fragment(v: &str, has: Has) -> bool {
    pat!(r"^[{}()\[\];,. ]+$").is_match(v)
        || (might_be_code(has) && code_tokens().is_match(v) && !prose_dominates(v))
}

/// Whether a whole line is code: JavaScript statements, a CSS rule set or a JSON object.
pub(super) fn is_code_line(v: &str) -> bool {
    // Every form below needs two statement characters; most prose has none.
    if memchr::memchr3_iter(b'{', b'}', b';', v.as_bytes())
        .nth(1)
        .is_none()
    {
        return false;
    }
    if v.contains('{') {
        let whole_css = css_rules()
            .find(v)
            .is_some_and(|m| m.start() == 0 && m.end() == v.len());
        if whole_css || (v.starts_with('{') && v.ends_with('}') && v.matches("\":").count() >= 2) {
            return true;
        }
    }
    const SYMBOL: [bool; 256] = {
        let mut t = [false; 256];
        let symbols = b"{}();=[]|&+<>";
        let mut i = 0;
        while i < symbols.len() {
            t[symbols[i] as usize] = true;
            i += 1;
        }
        t
    };
    let symbols = v.bytes().filter(|&b| SYMBOL[usize::from(b)]).count();
    symbols * 100 >= v.len() * 4 && code_tokens().count(v, 2) >= 2 && !prose_dominates(v)
}

/// JavaScript constructs that prose does not produce.
fn code_tokens() -> &'static Pat {
    pat!(
        r"\b(?:var|let|const)\s+[\w$]+\s*=|\bfunction\s*[\w$]*\s*\(|\btypeof\b|\breturn\b|===|!==|&&|\|\||=>|\)\s*\{|\}\s*\)|[\w$\]]\.[\w$]+\s*\(|\bnew\s+[A-Z]\w*\(|\bif\s*\(|\bdocument\.|\bwindow\.|\.push\(|\.src\s*="
    )
}

/// CSS rule sets: `.ad-slot { display: none; }`.
fn css_rules() -> &'static Pat {
    pat!(
        r"(?:[.#@]?[A-Za-z][\w-]*(?:\s*[,>+~]?\s*[.#:]{0,2}[A-Za-z][\w()-]*)*\s*\{\s*(?:[\w-]+\s*:\s*[^;{}]+;?\s*)+\}\s*)+"
    )
}

/// Whether a line with some code in it reads mostly as prose: many words of letters only,
/// few of them attached to code punctuation.
fn prose_dominates(v: &str) -> bool {
    let words: Vec<&str> = v.split_whitespace().collect();
    let plain = words
        .iter()
        .filter(|w| {
            let w = w.trim_end_matches([',', '.', ':']);
            w.len() > 1 && w.chars().all(|c| c.is_alphabetic() || c == '\'')
        })
        .count();
    words.len() >= 12 && plain * 10 >= words.len() * 8
}

/// Code fragments inside a prose line, as view byte ranges. A fragment starts at a
/// construct that only code has (`googletag.`, `(adsbygoogle`, `dataLayer.push`,
/// `var x =`, `if ( typeof`, `(function(`) and runs, with balanced brackets and
/// strings, as long as statements follow each other.
fn inline_code(v: &str) -> Vec<(usize, usize)> {
    let anchor = pat!(
        r"\(\s*adsbygoogle\b|\bgoogletag\.|\bwindow\.[\w$]+\s*=|\bwindow\._\w+|\bdataLayer\.push\(|\bfbq\(|\bgtag\(|\b_taboola\.push\(|\bif\s*\(\s*typeof\b|\(\s*function\s*\(|!function\s*\(|\bvar\s+[\w$]+\s*=|\bdocument\.(?:write|getElementById|createElement|querySelector|getElementsBy\w+)\(|(?:^|\s)[.#][A-Za-z][\w-]*\s*\{\s*[\w-]+\s*:"
    );
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(m) = anchor.find_at(v, from) {
        let start = m.start() + (m.as_str().len() - m.as_str().trim_start().len());
        match code_end(v, start) {
            Some(end) if end > start && looks_like_code(&v[start..end]) => {
                found.push((start, end));
                from = end;
            }
            _ => from = m.end(),
        }
        if from >= v.len() {
            break;
        }
    }
    found
}

/// A fragment found by [`inline_code`] must still look like code as a whole.
fn looks_like_code(frag: &str) -> bool {
    let symbols = frag.bytes().filter(|b| b"{}();=[]|&+".contains(b)).count();
    symbols >= 3 && frag.bytes().any(|b| b";{})".contains(&b))
}

/// Scans a run of code statements from `start`; returns the end of the last complete
/// statement, where what follows no longer looks like code.
fn code_end(v: &str, start: usize) -> Option<usize> {
    let b = v.as_bytes();
    let mut depth: i32 = 0;
    let mut i = start;
    let mut last_good = None;
    while i < b.len() {
        let c = b[i];
        match c {
            b'\'' | b'"' | b'`' => match b[i + 1..].iter().position(|&x| x == c) {
                Some(p) => i += p + 1,
                None => break,
            },
            b'(' | b'{' | b'[' => depth += 1,
            b')' | b'}' | b']' => {
                depth -= 1;
                if depth < 0 {
                    break;
                }
            }
            _ => {}
        }
        i += 1;
        if depth == 0 && matches!(c, b';' | b')' | b'}') {
            last_good = Some(i);
            if !continues_code(&v[i..]) {
                break;
            }
        }
    }
    last_good
}

/// Whether the text after a complete statement goes on as code.
fn continues_code(rest: &str) -> bool {
    pat!(r"^\s*(?:[})\];,.]|(?:var|let|const|if|else|function|return|try|catch|new|typeof)\b|[\w$]+(?:\.[\w$]+)+\s*[(=\[]|[\w$]+\(|[\w$]+\s*=[^=]|\(\s*(?:function|adsbygoogle)|!function)")
        .is_match(rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels() {
        for s in [
            "Advertisement",
            "ADVERTISEMENT",
            "- Advertisement -",
            "Story continues below advertisement",
            "Advertisement - Scroll to continue",
        ] {
            assert!(is_label(s), "{s}");
        }
        for s in ["Advertisement spending rose 4%.", "Ads are everywhere now"] {
            assert!(!is_label(s), "{s}");
        }
    }

    /// The label's gate lets through every line its pattern could match.
    #[test]
    fn label_gate_covers_its_pattern() {
        use crate::rules::tests::{assert_gate_covers, openers_verdict, Verdict};
        assert_gate_covers(label_pattern().as_str(), |s| {
            let at = s
                .iter()
                .position(|b| b.is_ascii_alphanumeric() || !b.is_ascii())
                .unwrap_or(s.len());
            match openers_verdict(&LABEL_OPENERS, &s[at..]) {
                // Only the bytes past the punctuation matter.
                Verdict::Open(rest) => Verdict::Open(rest),
                decided => decided,
            }
        });
    }

    #[test]
    fn code_lines() {
        for s in [
            "(adsbygoogle = window.adsbygoogle || []).push({});",
            "googletag.cmd.push(function() { googletag.display('div-gpt-ad-1'); });",
            ".ad-slot { display: none; } .ad-slot img { width: 100%; }",
            "window._taboola = window._taboola || []; _taboola.push({article:'auto'});",
        ] {
            assert!(is_code_line(s), "{s}");
        }
        for s in [
            "To read a node, call document.getElementById() and check the result; then return.",
            "The law (passed in 2019) requires consent; critics say it is weak.",
        ] {
            assert!(!is_code_line(s), "{s}");
        }
    }

    #[test]
    fn inline_fragment_between_sentences() {
        let v = "Shares fell 3%. (adsbygoogle = window.adsbygoogle || []).push({}); Analysts expect more.";
        let f = inline_code(v);
        assert_eq!(f.len(), 1);
        assert_eq!(
            &v[f[0].0..f[0].1],
            "(adsbygoogle = window.adsbygoogle || []).push({});"
        );
    }
}
