//! `byline`: author, contributor, reporter and translator credits, and their contact
//! and social lines.
//!
//! Rules (all match a whole line unless said otherwise):
//! - `byline/by-line`: "By Jane Doe", "By JANE DOE and JOHN ROE, Staff Writers",
//!   "By Jane Doe | Reuters", "Written by Jane Doe on March 3, 2021".
//! - `byline/name-role`: "Jane Doe Contributor", "Jane Doe, Senior Correspondent".
//! - `byline/name-agency`: "Jane Doe | Reuters", "Jane Doe, Associated Press".
//! - `byline/follow-on-social`: "Follow Jane on Twitter @janedoe".
//! - `byline/contact`: "Send tips to jane@example.org", "Contact the author at …",
//!   "Email the reporter: …"; the line must carry an address, handle or link.
//! - `byline/translated-by`: "Translated by Jane Doe, the Example Post Staff".
//! - `byline/reporting-credit`: "(Reporting by Jane Doe; Editing by John Roe)", inline
//!   or on its own line, and the unbracketed Reuters form.
//! - `byline/contributed`: "The Associated Press contributed to this report.", "Jane
//!   Doe contributed reporting from Lagos."
//!
//! Left alone: prose that starts the same way. "By the end of the year" and "By Tuesday,
//! officials…" are not followed by a two-word name; "Translated by Maria Lopez, the novel
//! won a prize." goes on as a sentence (more than two lower-case content words after
//! the name); "Follow the money" names no platform; "contributed to the decline" is not
//! "contributed to this report".

use super::{
    content_lowercase_words, ends_like_news_org, finder, gate, has_fold_wild, name, part, pat,
    starts_like_name, starts_upper, starts_with_function_word, whole, Anchored, Filter, Openers,
    Pat, Proposal, NEWS_ORG,
};
use crate::segment::{Doc, Has, Line};
use crate::Category::Byline;
use std::ops::Range;

/// Longest line a byline rule looks at; bylines are short.
const MAX_LEN: usize = 200;

/// Social platforms named in follow lines.
pub(super) const PLATFORM: &str = r"(?:Twitter|X|Facebook|Instagram|LinkedIn|Threads|Bluesky|Mastodon|TikTok|YouTube|Substack|Telegram)";

/// A first test for the rules that start with openers.
const ANY_OPENER: Filter = Filter::any_of(&[&BY_LINE.openers, &CONTACT.openers]);

pub(super) fn propose(doc: &Doc, out: &mut Vec<Proposal>) {
    let n = doc.lines.len();
    for (i, line) in doc.lines.iter().enumerate() {
        let v = &*line.view;
        // Reuters-style credits can sit at the end of a long paragraph.
        if let Some(m) = reporting_paren(v, line.has).filter(|m| m.len() <= 320) {
            push_part_or_whole(line, m.start, m.end, "byline/reporting-credit", out);
            continue;
        }
        if v.len() > MAX_LEN {
            continue;
        }
        let near_edge = i < 8 || i + 8 >= n;
        let opens = gate(ANY_OPENER.may_admit(v));
        let rule = if opens && by_line(v) {
            "byline/by-line"
        } else if near_edge && i > 0 && name_role(v) {
            "byline/name-role"
        } else if name_agency(v) {
            "byline/name-agency"
        } else if follow_on_social(v) {
            "byline/follow-on-social"
        } else if opens && contact(v) {
            "byline/contact"
        } else if translated_by(v) {
            "byline/translated-by"
        } else if reporting_line(v) {
            "byline/reporting-credit"
        } else if contributed(v, line.has) {
            "byline/contributed"
        } else {
            continue;
        };
        out.push(whole(line, Byline, rule));
    }
}

fn push_part_or_whole(
    line: &Line,
    s: usize,
    e: usize,
    rule: &'static str,
    out: &mut Vec<Proposal>,
) {
    let v = &*line.view;
    if v[..s].trim().is_empty() && v[e..].trim_matches(['.', ' ']).is_empty() {
        out.push(whole(line, Byline, rule));
    } else {
        out.push(part(line, s, e, Byline, rule));
    }
}

/// Whether what follows a name is a credit tail ("Staff Writer", "| Reuters", "on
/// March 3, 2021") rather than the rest of a sentence.
fn credit_tail(tail: &str) -> bool {
    let t = tail.trim();
    if t.is_empty() {
        return true;
    }
    // "Updated", "Published" and "Posted" start with a capital, as `\p{Lu}` does.
    const WORDS: [&str; 7] = ["and", "for", "of", "at", "on", "in", "via"];
    let starts_ok = t.starts_with([',', '|', '-', '–', '—', '/', '(', ':', '•', '·'])
        || WORDS.iter().any(|w| t.starts_with(w))
        || starts_upper(t);
    starts_ok && content_lowercase_words(t) <= 2 && !t.ends_with(['?', '!'])
}

/// `byline/by-line`: the opener and one or more names.
const BY_LINE: Anchored = Anchored {
    openers: Openers::new(&[
        "by",
        "written by",
        "story by",
        "words by",
        "posted by",
        "reported by",
        "text by",
        "report by",
    ]),
    pattern: || {
        pat!(format!(
            r"^(?i:by|written by|story by|words by|posted by|reported by|text by|report by)\s*:?\s+(?:{n})(?:\s*(?:,|and|&)\s*(?:{n}))*",
            n = name()
        ))
    },
};

/// "By NAME[, NAME and NAME][tail]".
fn by_line(v: &str) -> bool {
    match BY_LINE.find(v) {
        Some(m) => credit_tail(&v[m.end()..]) && !v[m.end()..].starts_with(['\'', '’']),
        None => false,
    }
}

/// Job titles of the people who write articles.
const ROLE: &str = r"(?i:(?:(?:senior|staff|chief|contributing|special|associate|political|business|foreign|guest|freelance|investigative|deputy|managing|executive|technology|tech|science|health|sports|travel|food|national|local|global|markets|media|economics|economy|legal|energy|climate|education|entertainment|culture|arts|opinion|digital|news|white house|washington|europe|asia)\s+)*(?:contributors?|writers?|reporters?|correspondents?|columnists?|editors?|journalists?|staff|producers?|analysts?|bureau chief|photographers?|reviewers?|critics?|lecturers?|(?:associate |assistant )?professors?|researchers?|(?:research )?fellows?|bloggers?|commentators?|presenters?|anchors?|hosts?))";

/// "NAME Contributor", "NAME, Staff Writer".
///
/// Gate: the line starts like a name.
fn name_role(v: &str) -> bool {
    if !gate(starts_like_name(v)) {
        return false;
    }
    // The pattern's automaton for text that is not ASCII costs far more to build and to
    // run than the one for ASCII, so such a line must first show a role word.
    if !v.is_ascii() && !gate(has_role_word(v)) {
        return false;
    }
    // The test for a match turns most lines away, and costs little more than the test
    // of the first word; the search for the groups costs many times either, and most
    // lines that match need no groups.
    name_role_pattern().is_match(v)
        && !starts_with_function_word(v)
        && (no_org_has_content_words(v) || org_has_none(v))
}

/// The words a [`ROLE`] ends with, in lower case. Each follows a space in the role:
/// "Staff Writer", "Jane Doe, Bureau Chief".
const ROLE_ENDS: &[&[u8]] = &[
    b"contributor",
    b"writer",
    b"reporter",
    b"correspondent",
    b"columnist",
    b"editor",
    b"journalist",
    b"staff",
    b"producer",
    b"analyst",
    b"chief",
    b"photographer",
    b"reviewer",
    b"critic",
    b"lecturer",
    b"professor",
    b"researcher",
    b"fellow",
    b"blogger",
    b"commentator",
    b"presenter",
    b"anchor",
    b"host",
];

/// Whether `v` could have a [`ROLE`] after a name: one of [`ROLE_ENDS`] or "bureau", in
/// any case, after a byte that could end a space (a space or any byte of a character
/// that is not ASCII), or a long s or Kelvin sign (which case folding matches to "s"
/// and "k").
fn has_role_word(v: &str) -> bool {
    // The role words by their first letter, in lower case.
    static BY_FIRST: std::sync::LazyLock<[Vec<&[u8]>; 128]> = std::sync::LazyLock::new(|| {
        let mut by_first: [Vec<&[u8]>; 128] = std::array::from_fn(|_| Vec::new());
        // "Bureau Chief" is the one role that starts with a word it does not end with.
        for w in ROLE_ENDS.iter().chain(&[&b"bureau"[..]]) {
            by_first[usize::from(w[0])].push(w);
        }
        by_first
    });
    let b = v.as_bytes();
    if has_fold_wild(b) {
        return true;
    }
    let by_first = &*BY_FIRST;
    b.windows(2).enumerate().any(|(i, pair)| {
        (pair[0].is_ascii_whitespace() || !pair[0].is_ascii())
            && pair[1].is_ascii()
            && by_first[usize::from(pair[1].to_ascii_lowercase())]
                .iter()
                .any(|w| {
                    b.len() - (i + 1) >= w.len()
                        && b[i + 1..i + 1 + w.len()].eq_ignore_ascii_case(w)
                })
    })
}

/// Whether the organisation [`name_role_pattern`] finds in `v`, if any, has no content
/// words: the rule's test of the organisation, by a search for the groups.
fn org_has_none(v: &str) -> bool {
    match name_role_pattern().captures(v) {
        Some(c) => c
            .name("org")
            .is_none_or(|o| content_lowercase_words(o.as_str()) == 0),
        None => false,
    }
}

/// Whether every organisation [`name_role_pattern`] could find in `v` has no content
/// words, so that which one it finds does not matter ([`org_has_none`] would say yes).
///
/// An organisation is the rest of the line after a separator (",", "|", "at", "for",
/// "in", "-", "–") and any spaces. Its words are the line's words after it, which have
/// no content words when the line has none, and perhaps a first word cut short. Only
/// "at", "for" and "in" end in a letter, so only after them can it start inside a word
/// of the line ("Staff Writerinxyz" takes "xyz"). One that starts a word of the line is
/// that whole word (no other word that starts so is uncounted), so it cuts nothing;
/// one inside a word follows a role with no space between, and where the line has that
/// the cut word is tested. Lines that are not ASCII are left to the search, so that
/// spaces and case are ASCII's.
fn no_org_has_content_words(v: &str) -> bool {
    if !v.is_ascii() || content_lowercase_words(v) != 0 {
        return false;
    }
    let b = v.as_bytes();
    // Whether `head` ends with a role, plural or not, in any case.
    let ends_with_role = |head: &[u8]| {
        let head = head.strip_suffix(b"s").unwrap_or(head);
        let head = head.strip_suffix(b"S").unwrap_or(head);
        ROLE_ENDS
            .iter()
            .any(|r| head.len() >= r.len() && head[head.len() - r.len()..].eq_ignore_ascii_case(r))
    };
    [finder!("at"), finder!("for"), finder!("in")]
        .iter()
        .all(|sep| {
            sep.find_iter(b).all(|at| {
                if at == 0 || b[at - 1].is_ascii_whitespace() || !ends_with_role(&b[..at]) {
                    return true;
                }
                // What `content_lowercase_words` takes to be the rest of the word.
                let rest = &v[at + sep.needle().len()..];
                let end = rest
                    .find(|c: char| !c.is_alphanumeric() && c != '.')
                    .unwrap_or(rest.len());
                content_lowercase_words(&rest[..end]) == 0
            })
        })
}

fn name_role_pattern() -> &'static Pat {
    pat!(format!(
        r"^(?:{n}),?\s+{ROLE}(?:\s*(?:,|\||at|for|in|-|–)\s*(?P<org>.+))?$",
        n = name()
    ))
}

/// "NAME | Reuters", "NAME | The Example Times", "NAME, Associated Press".
///
/// Gate: the line starts like a name and ends like a news organisation.
fn name_agency(v: &str) -> bool {
    if !gate(ends_like_news_org(v) && starts_like_name(v)) {
        return false;
    }
    !starts_with_function_word(v) && name_agency_pattern().is_match(v)
}

fn name_agency_pattern() -> &'static Pat {
    pat!(format!(
        r"^(?:{n})\s*(?:\||,|-|–)\s*{NEWS_ORG}$",
        n = name()
    ))
}

/// "Follow Kyle on Twitter @KylePerisic", "Follow @janedoe on X".
///
/// Gate: "Follow" (both forms of the pattern start with it, case and all).
fn follow_on_social(v: &str) -> bool {
    gate(v.starts_with("Follow")) && follow_pattern().is_match(v)
}

fn follow_pattern() -> &'static Pat {
    pat!(format!(
        r"^Follow\s+(?:@\w+|him|her|them|me|(?:\p{{Lu}}[\w.'-]*)(?:\s+\p{{Lu}}[\w.'-]*){{0,3}})(?:\s+on\s+{PLATFORM}(?:\s*(?:,|and|&|or)\s*{PLATFORM})*)(?:\s*(?:at|:|-|–)?\s*@\w+)?\s*\.?$|^Follow\s+(?:(?:\p{{Lu}}[\w.'-]*)(?:\s+\p{{Lu}}[\w.'-]*){{0,3}}\s+)?(?:on\s+{PLATFORM}\s*)?(?::\s*)?@\w+\.?$"
    ))
}

/// `byline/contact`: the opening words of a tip or contact line.
const CONTACT: Anchored = Anchored {
    openers: Openers::new(&[
        "send ",
        "got a ",
        "have a ",
        "tip",
        "contact ",
        "email ",
        "e-mail ",
        "you can ",
        "reach ",
        "write to ",
    ]),
    pattern: || {
        pat!(format!(
            r"^(?i:send (?:news |story )?tips(?: to)?|got a (?:news )?tip|have a (?:news )?tip|tips?:|contact (?:the (?:author|reporter|writer|journalist)|me|him|her|{n})|e-?mail (?:the (?:author|reporter|writer|journalist)|me|him|her|{n})|you can (?:reach|contact|email|e-mail) (?:the (?:author|reporter|writer)|me|him|her|{n})|reach (?:the (?:author|reporter|writer)|me|him|her|{n})|write to (?:the (?:author|reporter|writer)|me|him|her|{n}))\b",
            n = name()
        ))
    },
};

/// Tip and contact lines; they must carry an email address, a handle or a link.
///
/// Gate of the second pattern: an "@", "http" or "www.".
fn contact(v: &str) -> bool {
    let b = v.as_bytes();
    let target_possible = || {
        memchr::memchr(b'@', b).is_some()
            || finder!("http").find(b).is_some()
            || finder!("www.").find(b).is_some()
    };
    let target = pat!(r"[\w.+-]+@[\w-]+\.[\w.]+|(?:^|\s)@\w{2,}|https?://|www\.");
    CONTACT.is_match(v) && gate(target_possible()) && target.is_match(v)
}

/// The (case-sensitive) words [`translated_by`] starts with.
const TRANSLATED_STARTS: &[&str] = &["Translat", "Adapted", "Edited"];

/// "Translated by NAME…", "Translated from the German by NAME".
///
/// Gate: one of [`TRANSLATED_STARTS`].
fn translated_by(v: &str) -> bool {
    if !gate(starts_with_any(v, TRANSLATED_STARTS)) {
        return false;
    }
    match translated_pattern().find(v) {
        Some(m) => credit_tail(&v[m.end()..]),
        None => false,
    }
}

fn translated_pattern() -> &'static Pat {
    pat!(format!(
        r"^(?:Translated|Translation|Adapted|Edited)(?: from (?:the )?\p{{Lu}}\w+)?(?: by|:)\s+(?:{n})(?:\s*(?:,|and|&)\s*(?:{n}))*",
        n = name()
    ))
}

/// "(Reporting by NAME in CITY; Editing by NAME)", anywhere in the line: the range of
/// the first such bracket.
///
/// Gate: both brackets, and " by " after "ing" in any case ("reporting", "writing" and
/// "editing" all end so, and no non-ASCII letter folds to "i", "n" or "g").
///
/// It finds what the pattern [`reporting_paren_pattern`] finds, by hand: the pattern is
/// one bracket's worth of literals, and a regex search costs a hundred times more.
fn reporting_paren(v: &str, has: Has) -> Option<Range<usize>> {
    let b = v.as_bytes();
    let ing_by = || {
        finder!(" by ")
            .find_iter(b)
            .any(|at| at >= 3 && b[at - 3..at].eq_ignore_ascii_case(b"ing"))
    };
    if !gate(has.all(Has::OPEN_PAREN | Has::CLOSE_PAREN) && ing_by()) {
        return None;
    }
    // A match runs from a "(" to the first bracket after it, which must close it: the
    // text between holds no bracket. So each "(" is tried once, left to right.
    let mut from = 0;
    loop {
        let open = from + memchr::memchr(b'(', &b[from..])?;
        let close = open + 1 + memchr::memchr2(b'(', b')', &b[open + 1..])?;
        if b[close] == b')' && reporting_credit_inside(&b[open + 1..close]) {
            return Some(open..close + 1);
        }
        from = close;
    }
}

/// Whether `inside`, the text of a bracket, is what [`reporting_paren_pattern`] wants
/// there: "Reporting by", "Writing and editing by" and the like, in any case, then at
/// least three characters.
///
/// The words are compared ignoring ASCII case, which is what the pattern's `(?i)` does
/// with them: none has an "s" or a "k", the only ASCII letters that a character that is
/// not ASCII folds to. " by " is matched as written, as the pattern has it outside its
/// `(?i)` groups.
fn reporting_credit_inside(inside: &[u8]) -> bool {
    const FIRST: [&[u8]; 4] = [b"additional ", b"writing and ", b"reporting and ", b""];
    const WHAT: [&[u8]; 4] = [
        b"reporting",
        b"writing",
        b"editing",
        b"additional reporting",
    ];
    let starts = |h: &[u8], p: &[u8]| h.len() >= p.len() && h[..p.len()].eq_ignore_ascii_case(p);
    FIRST.iter().filter(|f| starts(inside, f)).any(|f| {
        let rest = &inside[f.len()..];
        WHAT.iter().filter(|w| starts(rest, w)).any(|w| {
            let rest = &rest[w.len()..];
            // `[^()]{3,}`: three characters, counted by the bytes that start one.
            rest.starts_with(b" by ")
                && rest[4..]
                    .iter()
                    .filter(|&&c| !(0x80..0xC0).contains(&c))
                    .nth(2)
                    .is_some()
        })
    })
}

/// The pattern [`reporting_paren`] stands for, which its tests hold it to.
#[cfg(test)]
fn reporting_paren_pattern() -> &'static str {
    r"\((?i:additional |writing and |reporting and )?(?i:reporting|writing|editing|additional reporting) by [^()]{3,}\)"
}

/// The (case-sensitive) ways [`reporting_line`] starts.
const REPORTING_STARTS: &[&str] = &[
    "Reporting by ",
    "Writing by ",
    "Additional Reporting by ",
    "Additional Writing by ",
];

/// The unbracketed Reuters form: "Reporting by NAME; Editing by NAME".
///
/// Gate: one of [`REPORTING_STARTS`].
fn reporting_line(v: &str) -> bool {
    gate(starts_with_any(v, REPORTING_STARTS)) && reporting_line_pattern().is_match(v)
}

/// Whether `v` starts with one of `starts` (none empty), comparing first bytes before
/// the rest: most lines start with none of their first bytes.
fn starts_with_any(v: &str, starts: &[&str]) -> bool {
    let Some(&first) = v.as_bytes().first() else {
        return false;
    };
    starts
        .iter()
        .any(|p| p.as_bytes()[0] == first && v.starts_with(p))
}

fn reporting_line_pattern() -> &'static Pat {
    pat!(
        r"^(?:Additional )?(?:Reporting|Writing) by [^;]{3,}(?:;\s*(?:[Aa]dditional reporting|[Ww]riting|[Ee]diting|[Rr]eporting)(?: by)? [^;]{3,})+\.?$"
    )
}

/// "The Associated Press contributed to this report."
///
/// Gate: the first character can start the pattern (a dash, a space or a capital; any
/// character that is not ASCII is let through), and "contribut" (`has` is what `v`
/// holds: a "b" first).
fn contributed(v: &str, has: Has) -> bool {
    let first_ok =
        |c: u8| c == b'-' || c.is_ascii_uppercase() || c.is_ascii_whitespace() || !c.is_ascii();
    if !gate(
        v.as_bytes().first().is_some_and(|&c| first_ok(c))
            && has.any(Has::LOWER_B)
            && finder!("contribut").find(v.as_bytes()).is_some(),
    ) {
        return false;
    }
    pat!(r"^(?:-+|—|–)?\s*\p{Lu}.+\b(?:contributed|contributes)(?: (?:additional )?reporting| to this (?:report|story|article|piece|coverage)| research| additional reporting)(?: (?:from|in) \p{Lu}[\p{L} ,.'-]+)?\.?$").is_match(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bylines_match() {
        assert!(by_line("By Jane Doe"));
        assert!(by_line("By JANE DOE and JOHN ROE, Staff Writers"));
        assert!(by_line("By Jane Doe | Reuters"));
        assert!(by_line("Written by Jane Doe on March 3, 2021"));
        assert!(name_role("Kyle Perisic Contributor"));
        assert!(name_role("Jane Doe, Senior Correspondent"));
        assert!(name_agency("Jane Doe | Reuters"));
        assert!(follow_on_social("Follow Kyle on Twitter @KylePerisic"));
        assert!(contact("Send tips to kyle@example.org"));
        assert!(reporting_line(
            "Reporting by Ana Ruiz; additional reporting by Tom Hale and Li Wei; editing by Sam Kerr"
        ));
        assert!(translated_by(
            "Translated by Hadas Cohen, the Example Post Staff"
        ));
        let credit = "(Reporting by Jane Doe; Editing by John Roe)";
        assert!(reporting_paren(credit, Has::of(credit)).is_some());
        assert!(contributed(
            "The Associated Press contributed to this report.",
            Has::of("The Associated Press contributed to this report.")
        ));
        assert!(contributed(
            "Jane Doe contributed reporting from Lagos.",
            Has::of("Jane Doe contributed reporting from Lagos.")
        ));
    }

    /// Each gate lets through every line its pattern could match.
    #[test]
    fn gates_cover_their_patterns() {
        use crate::rules::tests::{assert_gate_covers, assert_openers_cover, prefixes_verdict};
        assert_openers_cover(&BY_LINE);
        assert_openers_cover(&CONTACT);
        let starts = |p: &'static [&'static str]| move |s: &[u8]| prefixes_verdict(p, s);
        assert_gate_covers(translated_pattern().as_str(), starts(TRANSLATED_STARTS));
        assert_gate_covers(reporting_line_pattern().as_str(), starts(REPORTING_STARTS));
        assert_gate_covers(follow_pattern().as_str(), starts(&["Follow"]));
        for pat in [name_role_pattern(), name_agency_pattern()] {
            assert_gate_covers(pat.as_str(), crate::rules::tests::name_verdict);
        }
    }

    #[test]
    fn prose_survives() {
        assert!(!by_line(
            "By the end of the year, the bank expects to hire 200 people."
        ));
        assert!(!by_line("By Tuesday, officials had closed the bridge."));
        assert!(!by_line("By President Biden's order, the troops withdrew."));
        assert!(!translated_by(
            "Translated by Maria Lopez, the novel won the national prize."
        ));
        assert!(!follow_on_social("Follow the money, investigators said."));
        assert!(!contributed(
            "Rising rents contributed to the decline.",
            Has::of("Rising rents contributed to the decline.")
        ));
        assert!(!contact("Contact the author of the report for comment."));
        assert!(!name_role("Apple hires new editor"));
    }

    /// The bracketed credits [`reporting_paren`] finds by hand are the ones its pattern
    /// finds, in text made of the pattern's own pieces.
    #[test]
    fn reporting_paren_is_its_pattern() {
        let re = regex::Regex::new(reporting_paren_pattern()).unwrap();
        let pieces = [
            "(",
            ")",
            "Reporting",
            "REPORTING",
            "writing and ",
            "Additional ",
            "additional reporting",
            "Editing",
            "editing",
            " by ",
            "by ",
            " By ",
            "Jane Doe",
            "ab",
            "\u{e9}\u{e9}",
            "\u{17F}",
            "; ",
            "wr\u{130}ting",
            "Writing And ",
            "x",
            " ",
        ];
        let mut checked = 0;
        // Every string of up to five pieces, and longer ones made of known credits.
        let mut texts: Vec<String> = vec![String::new()];
        for _ in 0..5 {
            let mut next = Vec::new();
            for t in &texts {
                for p in pieces {
                    next.push(format!("{t}{p}"));
                }
            }
            for t in &next {
                check_paren(&re, t);
                checked += 1;
            }
            // Keep the strings that have a "(" so far, so that the search stays small.
            next.retain(|t| t.contains('(') || t.len() < 3);
            next.truncate(4000);
            texts = next;
        }
        for t in [
            "Shares fell. (Reporting by Jane Doe; Editing by John Roe)",
            "(Reporting by Jo) (Writing by Jane Doe)",
            "(Reporting by ab)(Writing by Jane Doe)",
            "(Reporting (by Jane Doe) Writing by Jane Doe)",
            "((Writing and editing by Jane Doe)",
            "(Additional reporting by J\u{e9}\u{e9})",
            "(Additional reporting by \u{e9}\u{e9}\u{e9})",
            "(additional additional reporting by Jane)",
            "(Reporting and editing by Jane)",
            "(Writing by Jane Doe",
            "Writing by Jane Doe)",
        ] {
            check_paren(&re, t);
            checked += 1;
        }
        assert!(checked > 10_000, "{checked}");
    }

    /// [`reporting_paren`] against the regex `re` on `t`, with its gate open.
    fn check_paren(re: &regex::Regex, t: &str) {
        let want = re.find(t).map(|m| m.range());
        let has = Has::of(t) | Has::OPEN_PAREN | Has::CLOSE_PAREN;
        crate::rules::UNGATED.with(|u| u.set(true));
        let got = reporting_paren(t, has);
        crate::rules::UNGATED.with(|u| u.set(false));
        assert_eq!(got, want, "{t:?}");
    }

    /// [`credit_tail`]'s test of how a tail starts is the pattern it replaced.
    #[test]
    fn credit_tail_starts_as_its_pattern() {
        let re = regex::Regex::new(r"^(?:and|for|of|at|on|in|via|Updated|Published|Posted|\p{Lu})")
            .unwrap();
        for t in [
            "and",
            "an",
            "for",
            "of",
            "o",
            "at",
            "on",
            "in",
            "via",
            "Updated",
            "Posted",
            "\u{c9}mile",
            "\u{e9}mile",
            "\u{17F}",
            "\u{212A}",
            "x",
            "",
            "1",
            "Zed",
            "andover",
        ] {
            let words = ["and", "for", "of", "at", "on", "in", "via"];
            let got = words.iter().any(|w| t.starts_with(w)) || starts_upper(t);
            assert_eq!(got, re.is_match(t), "{t:?}");
        }
    }

    /// [`name_role`] says what the search for its groups says, on lines that match its
    /// pattern with organisations of every kind.
    #[test]
    fn name_role_skips_groups_only_where_they_do_not_matter() {
        let names = [
            "Jane Doe",
            "JANE DOE",
            "Ana de la Cruz",
            "J.R. Doe",
            "\u{c9}milie Dupont",
            "Dominic Martina",
        ];
        let roles = [
            "Staff Writer",
            "staff writer",
            "Senior Correspondent",
            "Contributor",
            "Editor",
            "Writers",
            "Research Fellow",
            "Bureau Chief",
            "STAFF",
            "Associate Professors",
            "host",
            "Senior Corre\u{17F}pondent",
            "\u{17F}taff",
            "Deputy\u{a0}Editor",
            "Associate\u{2003}Professor",
        ];
        let tails = [
            "",
            ", Example Times",
            " at Example Times",
            " at the Example Times",
            " at example times",
            "inxyz",
            "inXyz",
            "in.xyz",
            "atlanta",
            "forum",
            " forum news",
            " for a.m. news",
            " in Lagos",
            " in lagos",
            " - example",
            " | Reuters",
            " – Example Post",
            ", based in Lagos",
            "in the city",
            " formerly of X",
            ", and at the Post",
            " in in",
            " at\u{e9}t\u{e9}",
            " at \u{c9}t\u{e9}",
            "sinxyz",
            "Sinxyz",
            "sin",
            "s atlanta",
            "forum",
            "\tatlanta",
            "for.um",
            "in..",
            "in.X",
            "atAtlanta",
        ];
        let mut matched = 0;
        for n in names {
            for sep in [" ", ", ", ",\u{a0}", "\u{2003}"] {
                for r in roles {
                    for t in tails {
                        let v = format!("{n}{sep}{r}{t}");
                        let by_groups = starts_like_name(&v)
                            && !starts_with_function_word(&v)
                            && name_role_pattern().is_match(&v)
                            && org_has_none(&v);
                        assert_eq!(name_role(&v), by_groups, "{v:?}");
                        matched += usize::from(name_role_pattern().is_match(&v));
                    }
                }
            }
        }
        assert!(matched > 500, "{matched}");
    }
}
