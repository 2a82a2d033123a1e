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
    content_lowercase_words, ends_like_news_org, finder, gate, name, part, pat, starts_like_name,
    starts_with_function_word, whole, Anchored, Filter, Found, Openers, Pat, Proposal, NEWS_ORG,
};
use crate::segment::{Doc, Has, Line};
use crate::Category::Byline;

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
            push_part_or_whole(line, m.start(), m.end(), "byline/reporting-credit", out);
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
    let starts_ok = t.starts_with([',', '|', '-', '–', '—', '/', '(', ':', '•', '·'])
        || pat!(r"^(?:and|for|of|at|on|in|via|Updated|Published|Posted|\p{Lu})").is_match(t);
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
    if starts_with_function_word(v) {
        return false;
    }
    match name_role_pattern().captures(v) {
        Some(c) => c
            .name("org")
            .is_none_or(|o| content_lowercase_words(o.as_str()) == 0),
        None => false,
    }
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
    if !gate(TRANSLATED_STARTS.iter().any(|p| v.starts_with(p))) {
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

/// "(Reporting by NAME in CITY; Editing by NAME)", anywhere in the line.
///
/// Gate: both brackets, and " by " after "ing" in any case ("reporting", "writing" and
/// "editing" all end so, and no non-ASCII letter folds to "i", "n" or "g").
fn reporting_paren(v: &str, has: Has) -> Option<Found<'_>> {
    let b = v.as_bytes();
    let ing_by = || {
        finder!(" by ")
            .find_iter(b)
            .any(|at| at >= 3 && b[at - 3..at].eq_ignore_ascii_case(b"ing"))
    };
    if !gate(has.all(Has::OPEN_PAREN | Has::CLOSE_PAREN) && ing_by()) {
        return None;
    }
    pat!(
        r"\((?i:additional |writing and |reporting and )?(?i:reporting|writing|editing|additional reporting) by [^()]{3,}\)"
    )
    .find(v)
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
    gate(REPORTING_STARTS.iter().any(|p| v.starts_with(p))) && reporting_line_pattern().is_match(v)
}

fn reporting_line_pattern() -> &'static Pat {
    pat!(
        r"^(?:Additional )?(?:Reporting|Writing) by [^;]{3,}(?:;\s*(?:[Aa]dditional reporting|[Ww]riting|[Ee]diting|[Rr]eporting)(?: by)? [^;]{3,})+\.?$"
    )
}

/// "The Associated Press contributed to this report."
///
/// Gate: "contribut" (`has` is what `v` holds: a "b" first).
fn contributed(v: &str, has: Has) -> bool {
    if !gate(has.any(Has::LOWER_B) && finder!("contribut").find(v.as_bytes()).is_some()) {
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
}
