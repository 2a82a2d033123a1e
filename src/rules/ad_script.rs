//! `ad_script`: ad, tracking and widget code that leaked into the text, and
//! "Advertisement" labels.
//!
//! Rules:
//! - `ad_script/label`: a line that is only an advertisement label ("Advertisement",
//!   "Story continues below advertisement", "- ADVERTISEMENT -").
//! - `ad_script/code-line`: a line that is code: JavaScript statements, a CSS rule set,
//!   a JSON object or array, such as `if ( typeof AdController !== 'undefined' ) { … }`
//!   or a whole script collapsed onto one line, `/* <![CDATA[ */ var settings =
//!   {"labels":{…}}; /* ]]> */`. The line is read past its strings and comments (see
//!   [`statements`]), so straight or curly quotes, and the prose inside them, do not
//!   matter.
//! - `ad_script/code-block`: a run of lines in one paragraph that together are code,
//!   such as a `googletag.cmd.push(function() {` … `});` block split over lines, or a
//!   `window.pageInfo = {` object whose entries sit on lines of their own.
//! - `ad_script/inline-code`: a code fragment inside a prose line, such as
//!   `(adsbygoogle = window.adsbygoogle || []).push({});` between two sentences; only
//!   the fragment goes.
//! - `ad_script/markup`: a line that is only HTML tags with attributes, such as a
//!   tracking pixel `<img height="1" width="1" src=…>` or a `<script src=…></script>`.
//!
//! Left alone: code samples in an article *about* programming, and prose that talks
//! about code. Code is removed when it carries ad, tracking or widget vocabulary
//! (outside its strings, in such an article: a sample may send a `"Cookie"` header), or
//! when it is not a sample (see [`Topic`]): an article whose prose says "JavaScript"
//! and "syntax" keeps all its code, one that only says "developers" and "bugs" keeps
//! the code it introduces with a colon, and a news page whose only such words are
//! chrome ("Please enable JavaScript", "in this browser") keeps none. Prose that merely
//! mentions `window.` or an API name is never code: a code line needs statement
//! punctuation, a construct only code has, and almost no words of prose outside its
//! strings.

use super::{finder, gate, part, pat, whole, Openers, Pat, Proposal};
use crate::segment::{Doc, Has};
use crate::Category::AdScript;
use std::borrow::Cow;

pub(super) fn propose(doc: &Doc, out: &mut Vec<Proposal>) {
    let mut topic: Option<Topic> = None; // computed on first need
                                         // Lines before this one belong to a code block already judged. A block is a run
                                         // of lines that starts at the line being looked at, so the lines it takes are
                                         // always the ones right after it.
    let mut free_from = 0;
    // What the tests found about each line, made on the first line that may be code.
    let mut seen: Vec<Seen> = Vec::new();
    // The last line kept as a code sample: code right after it is presented too.
    let mut last_sample: Option<usize> = None;
    for (i, line) in doc.lines.iter().enumerate() {
        if i < free_from {
            continue;
        }
        let v = &*line.view;
        if is_label(v) {
            out.push(whole(line, AdScript, "ad_script/label"));
            continue;
        }
        let markup = gate(v.starts_with('<') && v.ends_with('>')) && is_markup_line(v);
        if !markup && !might_be_code(line.has) {
            continue;
        }
        if seen.is_empty() {
            seen = vec![Seen::default(); doc.lines.len()];
        }
        // Whether the code that starts at line `i` is junk rather than a sample.
        let mut junk = |seen: &[Seen], code: &str, presented: bool| {
            let ad = has_ad_vocabulary(code);
            if ad {
                // Code without strings or comments is its own outside.
                let outside = match outside_strings(code) {
                    Cow::Borrowed(_) => true,
                    Cow::Owned(rest) => has_ad_vocabulary(&rest),
                };
                if outside {
                    return true;
                }
            }
            let topic = *topic.get_or_insert_with(|| Topic::of(doc, seen));
            // A programming article's sample may name a cookie or a widget in a string;
            // code that calls ad and tracking code by name goes even there.
            if ad {
                return !topic.programming();
            }
            !topic.keeps(presented)
        };
        // Whether the code on lines `i..end` is presented as a sample: laid out in
        // lines of sensible length, right after a line that introduces it or after
        // another sample.
        let presented = |i: usize, end: usize| {
            i > 0
                && doc.lines[i..end]
                    .iter()
                    .all(|l| l.view.len() <= SAMPLE_LINE_MAX)
                && (last_sample == Some(i - 1) || introduces_code(&doc.lines[i - 1].view))
        };
        // Gate: a block needs a second line in the same paragraph.
        let more_in_para = doc.lines.get(i + 1).is_some_and(|l| l.para == line.para);
        let run = if gate(more_in_para) {
            code_run(doc, i, &mut seen)
        } else {
            0
        };
        if run >= 2 {
            let block = &doc.lines[i..i + run];
            let mut joined = String::with_capacity(block.iter().map(|l| l.view.len() + 1).sum());
            for (k, l) in block.iter().enumerate() {
                if k > 0 {
                    joined.push(' ');
                }
                joined.push_str(&l.view);
            }
            if is_code_line(&joined) {
                let is_junk = junk(&seen, &joined, presented(i, i + run));
                if is_junk {
                    for l in block {
                        out.push(whole(l, AdScript, "ad_script/code-block"));
                    }
                } else {
                    last_sample = Some(i + run - 1);
                }
                free_from = i + run;
                continue;
            }
        }
        let code_line = markup || {
            let code = is_code_line_with(v, &mut seen[i].prose);
            seen[i].code_line = Some(code);
            code
        };
        if code_line {
            if junk(&seen, v, presented(i, i + 1)) {
                let rule = if markup {
                    "ad_script/markup"
                } else {
                    "ad_script/code-line"
                };
                out.push(whole(line, AdScript, rule));
            } else {
                last_sample = Some(i);
            }
            continue;
        }
        for (s, e) in inline_code(v) {
            if junk(&seen, &v[s..e], false) {
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

/// What the tests of one line found, kept so that none runs twice on it: a line is
/// read as a piece of a block, then as a code line of its own, and the document's
/// topic reads its prose lines again.
#[derive(Clone, Copy, Debug, Default)]
struct Seen {
    /// [`prose_dominates`] of its view, once known.
    prose: Option<bool>,
    /// [`is_code_line`] of its view, once known.
    code_line: Option<bool>,
}

/// Whether a line introduces the code after it: it ends with a colon ("add the
/// following:") or it opens a Markdown code fence (`` ```json ``).
fn introduces_code(v: &str) -> bool {
    v.ends_with(':') || v.starts_with("```") || v.starts_with("~~~")
}

/// The longest line of code that can be a presented sample. Code samples are laid out
/// in lines of 80 to 120 characters; a script collapsed onto one long line is leaked,
/// even right after a line ending in a colon.
const SAMPLE_LINE_MAX: usize = 160;

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

/// Ad, tracking and embed vocabulary: leaked code that names these outside its strings
/// is junk even in an article about programming.
fn has_ad_vocabulary(code: &str) -> bool {
    pat!(r"(?i)\b(?:ads?|adsbygoogle|googletag|gpt|dfp|doubleclick|adcontroller|adslot\w*|adunit\w*|ad[-_]\w+|\w+[-_]ads?|banner\w*|taboola|_taboola|outbrain|obr|datalayer|fbq|gtag|ga|analytics|pixel|tracking|tracker|prebid|pbjs|apstag|criteo|teads|sponsor\w*|facebook-jssdk|twttr|instgrm|disqus\w*|widgets?|embeds?|cookies?|consent|comscore|chartbeat|parsely|quantcast|nielsen|iqadtile\w*|div-gpt-ad\w*|_qevents|_comscore|gemius\w*)\b")
        .is_match(code)
}

/// The programming terms [`Topic::of`] counts, programming-only ones first so that
/// "source code" is found whole.
fn topic_terms() -> &'static Pat {
    pat!(
        r"(?i)\b(?:javascript|typescript|python|programming|programmers?|coding|snippets?|syntax|compilers?|css|html|apis?|json|jquery|github|sql|stylesheets?|regex|npm|source code|command[- ]line|code|functions?|methods?|library|framework|developers?|browsers?|scripts?|variables?|server|handler|bugs?|debugging|software)\b"
    )
}

/// The terms of [`topic_terms`] that programming prose uses a lot but other
/// prose uses too; the others are programming-only.
const EVERYDAY_TERMS: &[&str] = &[
    "code",
    "function",
    "functions",
    "method",
    "methods",
    "library",
    "framework",
    "developer",
    "developers",
    "browser",
    "browsers",
    "script",
    "scripts",
    "variable",
    "variables",
    "server",
    "handler",
    "bug",
    "bugs",
    "debugging",
    "software",
];

/// What the document's prose says about programming, which decides whether code in it
/// without ad vocabulary is a sample to keep.
///
/// Counted over prose lines of six words or more that are not code, not a notice
/// ("Please enable JavaScript", "in this browser", cookie banners), with terms that are
/// part of a URL or file name (`story.html`) left out: page chrome names "browser",
/// "code" and "JavaScript" on most news pages, and those words alone must not make
/// leaked code a sample.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Topic {
    /// Distinct terms only programming prose uses ("JavaScript", "syntax", "CSS").
    strong: usize,
    /// The lines that name them: one paragraph on data formats that says "JSON" and
    /// "API" does not make an article about programming.
    strong_lines: usize,
    /// Distinct programming terms of either kind, including everyday words that
    /// programming prose uses a lot ("function", "code", "developers", "browser").
    all: usize,
}

impl Topic {
    /// The topic of `doc`, with what propose has `seen` of its lines (or nothing).
    fn of(doc: &Doc, seen: &[Seen]) -> Topic {
        let term = topic_terms();
        let notice = pat!(
            r"(?i)\b(?:enable|enabled|disabled?|requires?|required|turn on|protected|upgrade|update|supports?|supported|your browser|this browser|cookies?)\b"
        );
        let (mut strong, mut all) = (Vec::<String>::new(), Vec::<String>::new());
        let mut strong_lines = 0;
        for (j, line) in doc.lines.iter().enumerate() {
            let v = &*line.view;
            let seen = seen.get(j).copied().unwrap_or_default();
            // Most lines name no term: one search turns them away, after the word
            // count (which costs less) has turned away the short ones.
            if line.words() < 6
                || !term.is_match(v)
                || notice.is_match(v)
                || seen.code_line.unwrap_or_else(|| {
                    let mut prose = seen.prose;
                    is_code_line_with(v, &mut prose)
                })
            {
                continue;
            }
            let mut strong_here = false;
            for m in term.find_all(v) {
                if in_url_or_file_name(v, m.start(), m.end()) {
                    continue;
                }
                let word = m.as_str().to_ascii_lowercase();
                if !EVERYDAY_TERMS.contains(&word.as_str()) {
                    strong_here = true;
                    if !strong.contains(&word) {
                        strong.push(word.clone());
                    }
                }
                if !all.contains(&word) {
                    all.push(word);
                }
            }
            strong_lines += usize::from(strong_here);
            if strong.len() >= 2 && strong_lines >= 2 {
                break;
            }
        }
        Topic {
            strong: strong.len(),
            strong_lines,
            all: all.len(),
        }
    }

    /// Whether code without ad vocabulary is a sample to keep. A document whose prose
    /// names two programming-only terms (on two lines) keeps all its code; one that merely uses two
    /// programming words keeps the code it *presents*: right after a line ending in a
    /// colon ("First, get a reference to the button:") or after another sample.
    fn keeps(self, presented: bool) -> bool {
        self.programming() || (self.all >= 2 && presented)
    }

    /// Whether the prose names two programming-only terms, on two lines or more: the
    /// document is about programming.
    fn programming(self) -> bool {
        self.strong >= 2 && self.strong_lines >= 2
    }
}

/// Whether `v[start..end]` is part of a URL, a file name or an identifier
/// (`/news/story.html`, `app_code`), not a word of prose. A hyphen does not count:
/// "JSON-LD" and "JavaScript-based" are prose.
fn in_url_or_file_name(v: &str, start: usize, end: usize) -> bool {
    let b = v.as_bytes();
    (start > 0 && matches!(b[start - 1], b'.' | b'/' | b'_'))
        || b.get(end).is_some_and(|&c| matches!(c, b'/' | b'_'))
}

/// Longest run of lines judged together as one code block.
const MAX_BLOCK_LINES: usize = 60;

/// How many consecutive code-ish lines of line `i`'s paragraph run from `i` (at most
/// [`MAX_BLOCK_LINES`], so a long document stays linear).
///
/// While a bracket the run opened is still open, the lines inside it may be bare
/// entries of an object or a rule set (`section: "local",`, `display: none;`),
/// which are not code on their own.
fn code_run(doc: &Doc, i: usize, seen: &mut [Seen]) -> usize {
    let para = doc.lines[i].para;
    let mut depth = 0i32;
    let mut run = 0;
    for (line, seen) in doc.lines.iter().zip(seen).take(i + MAX_BLOCK_LINES).skip(i) {
        let v = &*line.view;
        let fits = line.para == para
            && (is_code_fragment(v, line.has, &mut seen.prose)
                || (depth > 0 && is_inner_fragment(v, depth)));
        if !fits {
            break;
        }
        depth += bracket_balance(v);
        run += 1;
    }
    run
}

/// A line that could be one piece of a code block: it has a code construct, it opens
/// a CSS rule set (`.ad-slot {`), or it is only brackets and separators (`});`).
fn is_code_fragment(v: &str, has: Has, prose: &mut Option<bool>) -> bool {
    is_only_brackets(v)
        || (might_be_code(has)
            && (code_tokens().is_match(v)
                || (v.ends_with('{')
                    && pat!(
                        r"^[.#]?[A-Za-z][\w-]*(?:\s*[,>+~]?\s*[.#:]{0,2}[A-Za-z][\w()-]*)*\s*\{$"
                    )
                    .is_match(v))
                || (has_statement_punctuation(v) && {
                    let rest = outside_strings(v);
                    strong_code().is_match(&rest) && code_marks(&rest) >= 2
                }))
            && !*prose.get_or_insert_with(|| prose_dominates(v)))
}

/// Whether `v` is only brackets and separators (`});`), as `^[{}()\[\];,. ]+$` says,
/// byte by byte.
fn is_only_brackets(v: &str) -> bool {
    !v.is_empty()
        && v.bytes().all(|b| {
            matches!(
                b,
                b'{' | b'}' | b'(' | b')' | b'[' | b']' | b';' | b',' | b'.' | b' '
            )
        })
}

/// A line inside an open bracket of a code block (at `depth`): a CSS declaration
/// (`display: none;`) or a line that, read as part of an object, has almost no prose
/// words (`"event": "video_start",`, `pageId: 4421`).
fn is_inner_fragment(v: &str, depth: i32) -> bool {
    if v.len() > 200 {
        return false;
    }
    if pat!(r"^[\w-]+\s*:\s*[^;{}]+;$").is_match(v) {
        return true;
    }
    let words = Words::of(&outside_strings(v), depth);
    words.tokens > 0 && words.plain * 4 <= words.tokens
}

/// How many more brackets `v` opens than it closes, outside its strings.
fn bracket_balance(v: &str) -> i32 {
    outside_strings(v)
        .bytes()
        .map(|b| match b {
            b'{' | b'[' | b'(' => 1,
            b'}' | b']' | b')' => -1,
            _ => 0,
        })
        .sum()
}

/// Whether a whole line is code: JavaScript statements, a CSS rule set or a JSON object.
pub(super) fn is_code_line(v: &str) -> bool {
    is_code_line_with(v, &mut None)
}

/// [`is_code_line`], with [`prose_dominates`] of `v` if it is known.
fn is_code_line_with(v: &str, prose: &mut Option<bool>) -> bool {
    // Gate: every form below needs statement punctuation; most prose has none.
    if !has_statement_punctuation(v) {
        return false;
    }
    let two_braces = memchr::memchr3_iter(b'{', b'}', b';', v.as_bytes())
        .nth(1)
        .is_some();
    (two_braces && dense_code(v, prose)) || statements(v)
}

/// Whether `v` has statement punctuation (`{`, `}`, `;`, `=`) or a `||`, which every
/// form of code the rules look for has and most prose does not.
fn has_statement_punctuation(v: &str) -> bool {
    let b = v.as_bytes();
    memchr::memchr3(b'{', b'}', b';', b).is_some()
        || memchr::memchr(b'=', b).is_some()
        || memchr::memchr_iter(b'|', b).any(|i| b.get(i + 1) == Some(&b'|'))
}

/// The first test of [`is_code_line`]: a CSS rule set, a JSON object, or a line dense
/// with code symbols and constructs that does not read as prose.
fn dense_code(v: &str, prose: &mut Option<bool>) -> bool {
    if v.contains('{') {
        // The leftmost match starts at 0 exactly when an anchored search from 0 finds
        // one, and then it is that match: no need to search the rest of the line.
        //
        // Gate: such a match opens with `.`, `#`, `@` or an ASCII letter, has a `:`, and
        // ends with `}` and whitespace.
        let css_shape = matches!(v.as_bytes()[0], b'.' | b'#' | b'@' | b'A'..=b'Z' | b'a'..=b'z')
            && v.trim_end().ends_with('}')
            && v.contains(':');
        let whole_css = gate(css_shape)
            && css_rules()
                .find_anchored_at(v, 0)
                .is_some_and(|m| m.end() == v.len());
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
    symbols * 100 >= v.len() * 4
        && code_tokens().count(v, 2) >= 2
        && !*prose.get_or_insert_with(|| prose_dominates(v))
}

/// Whether a line is a run of statements once its string literals and comments are set
/// aside: what is left has almost no prose words, a construct only code has
/// (`var x =`, `a.b(`, `===`, `||`, a `"key":` pair) and statement punctuation.
///
/// Reading past the strings is what catches code that carries prose: a `dataLayer`
/// object full of headlines, a settings object of translated labels, a comment in
/// another language. The strings may have curly quotes; the view has straightened them.
/// A sentence that quotes code keeps its own words outside the code, so it is not a
/// run of statements: "call `document.getElementById()` and check the result".
///
/// The tests run cheapest first: most prose lines that get this far (a semicolon, an
/// equals sign) have no code construct.
fn statements(v: &str) -> bool {
    let rest = outside_strings(v);
    if !strong_code().is_match(&rest) {
        return false;
    }
    let words = Words::of(&rest, 0);
    if words.plain * 4 > words.tokens {
        return false;
    }
    let marks = code_marks(&rest);
    // One short statement (`var appCacheBuster = "v=2";`,
    // `document.documentElement.classList.add("js");`) has few marks, so it must have
    // no prose word at all and open like a statement.
    marks >= 3
        || (words.plain == 0
            && marks >= 1
            && pat!(r"^(?:(?:var|let|const)\s+[\w$]+|[\w$]+(?:\.[\w$]+)+)\s*(?:=|\(|\|\||&&)")
                .is_match(&rest))
}

/// The words of a line read outside its strings and comments (see [`statements`]).
#[derive(Debug, Default, PartialEq, Eq)]
struct Words {
    /// Whitespace-separated tokens, comment words not counted.
    tokens: usize,
    /// Tokens that are prose words (see [`is_prose_word`]); inside braces, a `name:`
    /// is an object key and not one.
    plain: usize,
}

impl Words {
    /// The words of `rest` (a line after [`outside_strings`]), read as if `depth`
    /// braces were open before it.
    ///
    /// Tokens are split at ASCII whitespace, and the punctuation trimmed from their ends
    /// is ASCII, so the line is read byte by byte.
    fn of(rest: &str, depth: i32) -> Words {
        let b = rest.as_bytes();
        let mut words = Words::default();
        // A `//` comment runs to the end of its line, which a collapsed script no
        // longer has: its words are taken as comment until a token that is not a word.
        let mut in_comment = false;
        let mut depth = depth;
        let mut i = 0;
        while i < b.len() {
            if b[i].is_ascii_whitespace() {
                i += 1;
                continue;
            }
            let start = i;
            let (mut braces, mut ascii) = (0i32, true);
            while i < b.len() && !b[i].is_ascii_whitespace() {
                match b[i] {
                    b'{' => braces += 1,
                    b'}' => braces -= 1,
                    c => ascii &= c.is_ascii(),
                }
                i += 1;
            }
            let token = &b[start..i];
            let (mut s, mut e) = (0, token.len());
            while s < e && matches!(token[s], b'(' | b'[') {
                s += 1;
            }
            while e > s && matches!(token[e - 1], b',' | b'.' | b':' | b';' | b'!' | b'?' | b')') {
                e -= 1;
            }
            let key = depth > 0 && token.last() == Some(&b':');
            depth += braces;
            // The trimmed bytes are ASCII, so the word is ASCII when its token is.
            let prose = !key
                && if ascii {
                    is_ascii_prose_word(&token[s..e])
                } else {
                    is_prose_word(&rest[start + s..start + e])
                };
            if prose {
                if !in_comment {
                    words.tokens += 1;
                    words.plain += 1;
                }
                continue;
            }
            words.tokens += 1;
            in_comment = starts_comment(token);
        }
        words
    }
}

/// Statement punctuation and code constructs in `rest` (a line after
/// [`outside_strings`]): `;`, `{`, `}`, a run of `=`, a call `name(`, a member access
/// `a.b`, `||`, `&&`.
fn code_marks(rest: &str) -> usize {
    let b = rest.as_bytes();
    let ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_' || c == b'$';
    let mut marks = 0;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let prev = if i > 0 { b[i - 1] } else { b' ' };
        let next = b.get(i + 1).copied().unwrap_or(b' ');
        marks += match c {
            b';' | b'{' | b'}' => 1,
            b'=' if prev != b'=' && prev != b'!' => 1,
            b'(' if ident(prev) => 1,
            b'.' if (ident(prev) || matches!(prev, b')' | b']'))
                && (next.is_ascii_alphabetic() || matches!(next, b'_' | b'$')) =>
            {
                1
            }
            b'|' | b'&' if next == c => {
                i += 1;
                1
            }
            _ => 0,
        };
        i += 1;
    }
    marks
}

/// Whether a line is only HTML tags, at least one with an attribute: a `<script src>`
/// tag, a tracking pixel `<img width="1" height="1" src=…>`, an editor's
/// `<span data-mce-type="bookmark" …></span>`. Text between the tags, a `<b>` in prose or
/// a `<placeholder>` without attributes keeps the line.
fn is_markup_line(v: &str) -> bool {
    pat!(r#"^(?:\s*(?:<!--.*?-->|</?[A-Za-z][\w:-]*(?:\s+[\w:-]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>]+))?)*\s*/?>))+$"#)
        .is_match(v)
        && pat!(r#"<[A-Za-z][\w:-]*\s+[\w:-]+\s*="#).is_match(v)
}

/// Constructs prose does not produce, in a line after [`outside_strings`].
fn strong_code() -> &'static Pat {
    pat!(
        r#"\b(?:var|let|const)\s+[\w$]+\s*[=,;]|\bfunction\s*[\w$]*\s*\(|\btypeof\b|===|!==|\|\||&&|=>|[\w$\])]\.[\w$]+\(|[\w$\]]\.[\w$]+\s*=[^=]|""\s*:|\bnew\s+[A-Z][\w$]*\s*\(|\)\s*\{|\}\s*\)"#
    )
}

/// Whether `token` opens a `//` comment: its first `//` is not a URL's `://`.
fn starts_comment(token: &[u8]) -> bool {
    token
        .windows(2)
        .position(|w| w == b"//")
        .is_some_and(|at| at == 0 || token[at - 1] != b':')
}

/// A word of prose: letters (with inner `'` or `-`), not camelCase, and not one of the
/// keywords and values that code has and prose rarely does (`var`, `null`, `true`).
fn is_prose_word(w: &str) -> bool {
    if w.is_ascii() {
        return is_ascii_prose_word(w.as_bytes());
    }
    if w.is_empty()
        || !w
            .chars()
            .all(|c| c.is_alphabetic() || c == '\'' || c == '-')
    {
        return false;
    }
    let first = w.chars().next().expect("not empty");
    if !first.is_alphabetic() {
        return false;
    }
    // camelCase: an upper-case letter after a lower-case one.
    let mut seen_lower = false;
    for c in w.chars() {
        if c.is_uppercase() && seen_lower {
            return false;
        }
        seen_lower |= c.is_lowercase();
    }
    !matches!(
        w,
        "var"
            | "const"
            | "function"
            | "typeof"
            | "instanceof"
            | "undefined"
            | "null"
            | "void"
            | "true"
            | "false"
    )
}

/// [`is_prose_word`] of an ASCII word, bytewise: for ASCII the character tests are the
/// byte tests.
fn is_ascii_prose_word(w: &[u8]) -> bool {
    let Some(&first) = w.first() else {
        return false;
    };
    if !first.is_ascii_alphabetic()
        || !w
            .iter()
            .all(|&c| c.is_ascii_alphabetic() || c == b'\'' || c == b'-')
    {
        return false;
    }
    // camelCase: an upper-case letter after a lower-case one.
    let mut seen_lower = false;
    for &c in w {
        if c.is_ascii_uppercase() && seen_lower {
            return false;
        }
        seen_lower |= c.is_ascii_lowercase();
    }
    !matches!(
        w,
        b"var"
            | b"const"
            | b"function"
            | b"typeof"
            | b"instanceof"
            | b"undefined"
            | b"null"
            | b"void"
            | b"true"
            | b"false"
    )
}

/// `v` with each string literal replaced by `""` and each `/* */` comment, HTML comment
/// marker and CDATA marker by a space.
///
/// A quote opens a string only where a word does not end (`don't` has none); a string
/// runs to the next unescaped quote of the same kind, and a quote that is never closed
/// is left as it is.
fn outside_strings(v: &str) -> Cow<'_, str> {
    /// The bytes where a string, a comment or a marker can start.
    const OPENS: [bool; 256] = {
        let mut t = [false; 256];
        let opens = b"\"'`/<-]";
        let mut i = 0;
        while i < opens.len() {
            t[opens[i] as usize] = true;
            i += 1;
        }
        t
    };
    let b = v.as_bytes();
    let mut out = String::new();
    let mut copied = 0;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if !OPENS[usize::from(c)] {
            i += 1;
            continue;
        }
        let skip = match c {
            b'"' | b'\'' | b'`' if i == 0 || !is_word_byte(b[i - 1]) => {
                string_end(b, i).map(|end| (end, "\"\""))
            }
            b'/' if b.get(i + 1) == Some(&b'*') => finder!(b"*/")
                .find(&b[i + 2..])
                .map(|at| (i + 2 + at + 2, " ")),
            b'<' | b'-' | b']' => ["<!--", "-->", "<![CDATA[", "]]>"]
                .iter()
                .find(|m| b[i..].starts_with(m.as_bytes()))
                .map(|m| (i + m.len(), " ")),
            _ => None,
        };
        match skip {
            Some((end, with)) => {
                if out.is_empty() {
                    out.reserve(v.len());
                }
                out.push_str(&v[copied..i]);
                out.push_str(with);
                i = end;
                copied = end;
            }
            None => i += 1,
        }
    }
    if copied == 0 {
        return Cow::Borrowed(v);
    }
    out.push_str(&v[copied..]);
    Cow::Owned(out)
}

/// Whether `c` can end a word, so that a quote after it is an apostrophe or a
/// closing quote: an ASCII letter or digit, `_`, `$`, `\\`, or part of a character that
/// is not ASCII.
fn is_word_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'_' | b'$' | b'\\') || !c.is_ascii()
}

/// The end (one past the closing quote) of the string literal that opens at `b[at]`,
/// if it is closed.
fn string_end(b: &[u8], at: usize) -> Option<usize> {
    let quote = b[at];
    let mut i = at + 1;
    while i < b.len() {
        let at = i + memchr::memchr2(quote, b'\\', &b[i..])?;
        if b[at] == quote {
            return Some(at + 1);
        }
        // An escape: the byte after it is taken as it is.
        i = at + 2;
    }
    None
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
///
/// A word is a run of non-whitespace; it is plain when, past its trailing `,.:`, it has
/// two characters or more and all are letters or `'`. ASCII text, which almost every
/// line is, is read byte by byte in one pass.
fn prose_dominates(v: &str) -> bool {
    let (words, plain) = if v.is_ascii() {
        plain_words_ascii(v.as_bytes())
    } else {
        let (mut words, mut plain) = (0usize, 0usize);
        for w in v.split_whitespace() {
            words += 1;
            let w = w.trim_end_matches([',', '.', ':']);
            if w.len() > 1 && w.chars().all(|c| c.is_alphabetic() || c == '\'') {
                plain += 1;
            }
        }
        (words, plain)
    };
    words >= 12 && plain * 10 >= words * 8
}

/// The words and plain words (see [`prose_dominates`]) of ASCII text.
///
/// A word is plain when it is letters and `'` followed by nothing but `,.:`: one state
/// per word says whether the letters have ended, and whether the word is spoiled.
fn plain_words_ascii(b: &[u8]) -> (usize, usize) {
    /// Byte classes: whitespace as `char::is_whitespace` has it, letters and `'`, the
    /// trailing punctuation `,.:`, and the rest.
    const SPACE: u8 = 1;
    const LETTER: u8 = 2;
    const TRAIL: u8 = 3;
    const CLASS: [u8; 128] = {
        let mut t = [0u8; 128];
        let mut c = 0;
        while c < 128 {
            let b = c as u8;
            t[c] = match b {
                b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ' => SPACE,
                b'\'' => LETTER,
                b',' | b'.' | b':' => TRAIL,
                _ if b.is_ascii_alphabetic() => LETTER,
                _ => 0,
            };
            c += 1;
        }
        t
    };
    let (mut words, mut plain) = (0usize, 0usize);
    let mut in_word = false;
    // Letters so far in this word, whether its trailing punctuation has started, and
    // whether it has a character that makes it not plain.
    let (mut letters, mut trailing, mut spoiled) = (0usize, false, false);
    for &c in b {
        let class = CLASS[usize::from(c & 0x7f)];
        if class == SPACE {
            if in_word {
                words += 1;
                plain += usize::from(!spoiled && letters > 1);
                in_word = false;
            }
            continue;
        }
        if !in_word {
            in_word = true;
            (letters, trailing, spoiled) = (0, false, false);
        }
        match class {
            LETTER if !trailing => letters += 1,
            TRAIL => trailing = true,
            _ => spoiled = true,
        }
    }
    if in_word {
        words += 1;
        plain += usize::from(!spoiled && letters > 1);
    }
    (words, plain)
}

/// Code fragments inside a prose line, as view byte ranges. A fragment starts at a
/// construct that only code has (`googletag.`, `(adsbygoogle`, `dataLayer.push`,
/// `var x =`, `if ( typeof`, `(function(`) and runs, with balanced brackets and
/// strings, as long as statements follow each other.
fn inline_code(v: &str) -> Vec<(usize, usize)> {
    let anchor = inline_anchor();
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

/// Where a code fragment inside a prose line can start (see [`inline_code`]).
fn inline_anchor() -> &'static Pat {
    pat!(
        r"\(\s*adsbygoogle\b|\bgoogletag\.|\bwindow\.[\w$]+\s*=|\bwindow\._\w+|\bdataLayer\.push\(|\bfbq\(|\bgtag\(|\b_taboola\.push\(|\bif\s*\(\s*typeof\b|\(\s*function\s*\(|!function\s*\(|\bvar\s+[\w$]+\s*=|\bdocument\.(?:write|getElementById|createElement|querySelector|getElementsBy\w+)\(|(?:^|\s)[.#][A-Za-z][\w-]*\s*\{\s*[\w-]+\s*:"
    )
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

    /// Lines to compare fast forms with their plain references on: every line of the
    /// corpus inputs, each of them joined with the next, and pseudo-random strings over
    /// an alphabet of code punctuation, keywords, prose words, quotes and characters
    /// that are not ASCII (whitespace, letters that fold to ASCII, curly quotes).
    fn sample_lines() -> Vec<String> {
        let mut lines = Vec::new();
        for (_, text) in crate::rules::tests::texts_under(vec![crate::rules::tests::corpus_input()])
        {
            let doc = Doc::new(&text);
            for (i, line) in doc.lines.iter().enumerate() {
                lines.push(line.view.to_string());
                lines.push(line.raw.to_string());
                if let Some(next) = doc.lines.get(i + 1) {
                    lines.push(format!("{} {}", line.view, next.view));
                }
            }
        }
        const PIECES: &[&str] = &[
            " ",
            "  ",
            "\t",
            "\n",
            "\u{b}",
            "\u{c}",
            "\r",
            "\u{a0}",
            "\u{2003}",
            "\u{85}",
            "a",
            "Z",
            "x",
            "'",
            "\"",
            "`",
            "\\",
            "/",
            "//",
            "/*",
            "*/",
            "<!--",
            "-->",
            "<![CDATA[",
            "]]>",
            "{",
            "}",
            "(",
            ")",
            "[",
            "]",
            ";",
            ",",
            ".",
            ":",
            "!",
            "?",
            "=",
            "==",
            "===",
            "!==",
            "|",
            "||",
            "&",
            "&&",
            "=>",
            "+",
            "-",
            "_",
            "$",
            "<",
            ">",
            "#",
            "@",
            "0",
            "42",
            "var",
            "let",
            "const",
            "function",
            "typeof",
            "return",
            "new",
            "if",
            "window.",
            "document.",
            "push(",
            "ad",
            "ads",
            "ad-slot",
            "top_ad",
            "googletag",
            "the",
            "council",
            "said",
            "they're",
            "camelCase",
            "null",
            "key:",
            "\u{17f}",
            "\u{212a}",
            "\u{e9}t\u{e9}",
            "\u{201c}",
            "\u{201d}",
            "\u{2019}",
            "\u{3b1}\u{3b2}",
            "\u{1d400}",
            "Foo",
            "src",
            "dataLayer",
            "fbq",
            "gtag",
            "_taboola",
            "write",
            "getElementById",
            "adsbygoogle",
            ".ad {",
            "x:",
        ];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..20_000 {
            let len = (next() % 40) as usize;
            let line: String = (0..len)
                .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
                .collect();
            lines.push(line);
        }
        lines
    }

    /// The plain forms the fast ones replaced, kept to check them against.
    mod reference {
        use super::super::{is_prose_word, is_word_byte, Words};
        use std::borrow::Cow;

        pub(super) fn prose_dominates(v: &str) -> bool {
            let (mut words, mut plain) = (0usize, 0usize);
            for w in v.split_whitespace() {
                words += 1;
                let w = w.trim_end_matches([',', '.', ':']);
                if w.len() > 1 && w.chars().all(|c| c.is_alphabetic() || c == '\'') {
                    plain += 1;
                }
            }
            words >= 12 && plain * 10 >= words * 8
        }

        pub(super) fn words_of(rest: &str, depth: i32) -> Words {
            let mut words = Words::default();
            let mut in_comment = false;
            let mut depth = depth;
            for token in rest.split_ascii_whitespace() {
                let word = token
                    .trim_start_matches(['(', '['])
                    .trim_end_matches([',', '.', ':', ';', '!', '?', ')']);
                let key = depth > 0 && token.ends_with(':');
                for c in token.bytes() {
                    match c {
                        b'{' => depth += 1,
                        b'}' => depth -= 1,
                        _ => {}
                    }
                }
                if !key && is_prose_word(word) {
                    if !in_comment {
                        words.tokens += 1;
                        words.plain += 1;
                    }
                    continue;
                }
                words.tokens += 1;
                in_comment = token
                    .find("//")
                    .is_some_and(|at| at == 0 || token.as_bytes()[at - 1] != b':');
            }
            words
        }

        pub(super) fn outside_strings(v: &str) -> Cow<'_, str> {
            let b = v.as_bytes();
            let mut out = String::new();
            let mut copied = 0;
            let mut i = 0;
            while i < b.len() {
                let c = b[i];
                let skip = match c {
                    b'"' | b'\'' | b'`' if i == 0 || !is_word_byte(b[i - 1]) => {
                        string_end(b, i).map(|end| (end, "\"\""))
                    }
                    b'/' if b.get(i + 1) == Some(&b'*') => {
                        v[i + 2..].find("*/").map(|at| (i + 2 + at + 2, " "))
                    }
                    b'<' | b'-' | b']' => ["<!--", "-->", "<![CDATA[", "]]>"]
                        .iter()
                        .find(|m| b[i..].starts_with(m.as_bytes()))
                        .map(|m| (i + m.len(), " ")),
                    _ => None,
                };
                match skip {
                    Some((end, with)) => {
                        out.push_str(&v[copied..i]);
                        out.push_str(with);
                        i = end;
                        copied = end;
                    }
                    None => i += 1,
                }
            }
            if copied == 0 {
                return Cow::Borrowed(v);
            }
            out.push_str(&v[copied..]);
            Cow::Owned(out)
        }

        fn string_end(b: &[u8], at: usize) -> Option<usize> {
            let quote = b[at];
            let mut i = at + 1;
            while i < b.len() {
                match b[i] {
                    b'\\' => i += 2,
                    c if c == quote => return Some(i + 1),
                    _ => i += 1,
                }
            }
            None
        }
    }

    /// The bytewise word counts, prose test and string stripping say what their plain
    /// references say.
    #[test]
    fn fast_forms_are_their_references() {
        for v in sample_lines() {
            assert_eq!(prose_dominates(&v), reference::prose_dominates(&v), "{v:?}");
            let rest = outside_strings(&v);
            assert_eq!(rest, reference::outside_strings(&v), "{v:?}");
            for depth in [0, 1] {
                assert_eq!(
                    Words::of(&rest, depth),
                    reference::words_of(&rest, depth),
                    "{v:?}"
                );
                assert_eq!(
                    Words::of(&v, depth),
                    reference::words_of(&v, depth),
                    "{v:?}"
                );
            }
        }
    }

    /// The bytewise test says what its pattern says.
    #[test]
    fn only_brackets_is_its_pattern() {
        let re = regex::Regex::new(r"^[{}()\[\];,. ]+$").unwrap();
        for v in [
            "});", "} )", "", " ", "x);", "[ ] ;", "})\u{a0}", "}\n}", "{.,}",
        ] {
            assert_eq!(is_only_brackets(v), re.is_match(v), "{v:?}");
        }
    }

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

    /// Leaked scripts as a scraper or a smart-quote filter leaves them: collapsed onto
    /// one line, curly quotes, long strings of prose, comments, CDATA wrappers.
    #[test]
    fn collapsed_scripts_are_code_lines() {
        for s in [
            "var pageSection = “local”; var pageAuthor = “Dana Whitfield”;",
            r#"var siteSettings = {"home":"\/","labels":{"close":"Close the window","next":"Read the next story"}};"#,
            r#"/* <![CDATA[ */ var formVars = {"ajaxUrl":"\/wp-admin\/admin-ajax.php","nonce":"3fa9"}; /* ]]> */"#,
            "window.appConfig = { region: 'eu', build: '4.2.1', flags: { lazy: true } };",
            r#"window.jQuery || document.write('<script src="/js/jquery.min.js"><\/script>')"#,
            "document.documentElement.classList.add( ‘js-enabled’ );",
            r#"var cacheKey = "v=2024-03-01";"#,
            "if(typeof initPoll !== 'undefined') initPoll('poll-7');",
            r#"window.storyMeta=[{"id":"8841","title":"Council approves new budget for the harbour"}]"#,
            r#"// page settings var pageTitle = "Harbour budget"; var pageId = 8841;"#,
            "window.onload = function() { var el = document.getElementById('top'); // scroll to the header el.scrollIntoView(); };",
            r#"!function(e,t){var n=e.siteQ=e.siteQ||[];n.push(["init",t])}(window,"k-41");"#,
            "jQuery(document).ready(function(){ jQuery('.gallery').slick({ dots: true }); });",
        ] {
            // The rules see the view, where curly quotes are straight.
            let doc = Doc::new(s);
            assert!(is_code_line(&doc.lines[0].view), "{s}");
        }
    }

    /// Prose that has the punctuation code is made of, or names code, is not code.
    #[test]
    fn prose_with_code_punctuation_is_not_code() {
        for s in [
            "If x = 3 and y = 4, then x + y = 7; the pupils got it right.",
            "E = mc2; F = ma; p = mv.",
            "Ticket prices: adults $10; children $5; under-fives free (with an adult).",
            "Apple Inc. (AAPL) rose 3%; Microsoft (MSFT) closed flat at $410 = a record.",
            "Call document.getElementById() with the element's id; it returns null when there is none.",
            r#"He wrote "var" where he meant "let"; the reviewers, he said, never noticed."#,
            "The score was 2-1 (Okafor 12', Lindqvist 80'; pen) || a result few expected.",
            "Node.js (first released in 2009) = JavaScript on the server; it changed web development.",
            "Rating: 4/5 = good value; the staff (mostly students) were friendly.",
            "{{cite web |url=http://example.org |title=Annual report}}",
            "Q&A: is it true that 1 + 1 = 2? {laughs} Yes; always.",
        ] {
            assert!(!is_code_line(s), "{s}");
        }
    }

    /// A block of lines is joined and judged as one statement run, with the object
    /// entries and CSS declarations inside its brackets.
    #[test]
    fn multi_line_blocks_are_joined() {
        let text = "Intro paragraph of the story.\n\nwindow.pageInfo = {\n  section: \"local\",\n  pageId: 4421,\n  tags: [\"harbour\", \"budget\"]\n};\n\n.promo-box {\n  display: none;\n  margin: 0 auto;\n}\n";
        let doc = Doc::new(text);
        let at = |start: &str| doc.lines.iter().position(|l| l.view.starts_with(start));
        let js = at("window").expect("the script");
        let mut seen = vec![Seen::default(); doc.lines.len()];
        assert_eq!(code_run(&doc, js, &mut seen), 5);
        let css = at(".promo").expect("the rule set");
        assert_eq!(code_run(&doc, css, &mut seen), 4);
    }

    /// Page chrome that names "JavaScript", "browser" or "code" does not make a news
    /// page about programming; two programming-only terms in its prose do.
    #[test]
    fn topic_ignores_notices_and_file_names() {
        let news = "Please enable JavaScript to view the comments powered by our partner.\n\nSave my name, email, and website in this browser for the next time I comment.\n\nThe full report is at https://example.org/reports/harbour-budget.html for all readers.\n\nThe council said the new code of conduct would apply from May.\n";
        let t = Topic::of(&Doc::new(news), &[]);
        assert_eq!(t.strong, 0);
        assert!(!t.keeps(true));
        let tutorial = "In this tutorial we write a small JavaScript function that reads a JSON file.\n\nThe syntax is short, and every modern browser can run it.\n";
        let t = Topic::of(&Doc::new(tutorial), &[]);
        assert!(t.keeps(false), "{t:?}");
    }

    /// Every everyday term is one the topic pattern finds, whole.
    #[test]
    fn everyday_terms_are_topic_terms() {
        for t in EVERYDAY_TERMS {
            let found = topic_terms().find(t).map(|m| m.as_str());
            assert_eq!(found, Some(*t));
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
