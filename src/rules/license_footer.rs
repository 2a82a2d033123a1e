//! `license_footer`: copyright, syndication and republication notices.
//!
//! Rules:
//! - `license_footer/copyright`: a line that starts with "©", "(c)" or "Copyright"
//!   followed by ©/(c) or a year: "Copyright © 2021 Example Media. All rights reserved."
//! - `license_footer/rights-reserved`: a short line with "All rights reserved" that reads
//!   as a notice (starts or ends with the phrase, or names a year or a company form).
//! - `license_footer/no-redistribution`: "This material may not be published, broadcast,
//!   rewritten or redistributed." as its own line or as the last sentence of one.
//! - `license_footer/syndication`: republication notices: "All content created by … is
//!   available without charge …", "This article was originally published on …",
//!   "Originally published at …", "Republished with permission", Creative Commons notes.
//!
//! Left alone: prose about copyright ("Copyright law has changed"), a quoted "All rights
//! reserved" inside a story, "The records may not be published until 2030, the judge
//! ruled" (no license subject), and "Originally published in 1851, Moby-Dick…" (a year,
//! not a publication, follows "in").

use super::{finder, gate, part, pat, whole, Admits, Anchored, Heads, Openers, Proposal};
use crate::segment::{Doc, Has};
use crate::Category::LicenseFooter;

/// The openers of the rules that start with openers, taken together; the members are
/// numbered by the constants below.
const MEMBERS: &[&Openers] = &[
    &COPYRIGHT.openers,
    &STRONG_SYNDICATION.openers,
    &ORIGINALLY.openers,
    &WEAK_SYNDICATION.openers,
];
const HEADS: Heads = Heads::of(MEMBERS);
const COPYRIGHT_K: u32 = 0;
const STRONG_SYNDICATION_K: u32 = 1;
const ORIGINALLY_K: u32 = 2;
const WEAK_SYNDICATION_K: u32 = 3;

pub(super) fn propose(doc: &Doc, out: &mut Vec<Proposal>) {
    let n = doc.lines.len();
    for (i, line) in doc.lines.iter().enumerate() {
        let v = &*line.view;
        let near_edge = i < 3 || i + 6 >= n;
        let a = HEADS.test(v);
        let opens = gate(a.any());
        if opens && v.len() <= 300 && copyright_as(v, a) {
            out.push(whole(line, LicenseFooter, "license_footer/copyright"));
        } else if v.len() <= 200 && rights_reserved(v, line.has) {
            out.push(whole(line, LicenseFooter, "license_footer/rights-reserved"));
        } else if opens && v.len() <= 1000 && syndication_as(v, near_edge, a) {
            out.push(whole(line, LicenseFooter, "license_footer/syndication"));
        } else if let Some(at) = no_redistribution(v, line.has) {
            if at == 0 {
                out.push(whole(
                    line,
                    LicenseFooter,
                    "license_footer/no-redistribution",
                ));
            } else {
                out.push(part(
                    line,
                    at,
                    v.len(),
                    LicenseFooter,
                    "license_footer/no-redistribution",
                ));
            }
        }
    }
}

/// `license_footer/copyright`. Gate: "(c)" or "copyright"; a "©" start is not ASCII,
/// so it is let through.
const COPYRIGHT: Anchored = Anchored {
    openers: Openers::new(&["(c)", "copyright"]).exact(&["\u{a9}"]),
    pattern: || pat!(r"^(?:©|\(c\)|\(C\)|(?i:copyright)\s*(?:©|\(c\)|\d{4}\b))"),
};

#[cfg(test)]
fn copyright(v: &str) -> bool {
    copyright_as(v, HEADS.test(v))
}

/// [`copyright`], given what [`HEADS`] says of `v`.
fn copyright_as(v: &str, a: Admits) -> bool {
    COPYRIGHT.is_match_as(v, a, COPYRIGHT_K) && !v.ends_with('?')
}

/// The phrase [`rights_reserved`] looks for, in lower case.
const PHRASE: &[u8] = b"all rights reserved";

/// Gate: the rule takes the phrase only where it opens or closes the line, so it must
/// be there, ignoring ASCII case (or the line has a long s or Kelvin sign, which only a
/// line with a character that is not ASCII can). `has` is what `v` holds.
fn rights_reserved(v: &str, has: Has) -> bool {
    let b = v.as_bytes();
    let n = PHRASE.len();
    // The phrase's first and last letters are tested before the rest of it, and the
    // closing periods and spaces are passed over only for a line that does not open
    // with it.
    let opens = || b.len() >= n && b[0] | 0x20 == b'a' && b[..n].eq_ignore_ascii_case(PHRASE);
    let closes = || {
        let kept = b.len()
            - b.iter()
                .rev()
                .take_while(|&&c| c == b'.' || c == b' ')
                .count();
        kept >= n && b[kept - 1] | 0x20 == b'd' && b[kept - n..kept].eq_ignore_ascii_case(PHRASE)
    };
    if !gate(opens() || closes() || has.any(Has::NOT_ASCII) && has_long_s_or_kelvin(b)) {
        return false;
    }
    let Some(start) = find_phrase(b) else {
        return false;
    };
    // A quoted phrase is part of a story ('stamped "All rights reserved" on…').
    if v[..start].ends_with(['"', '\'']) {
        return false;
    }
    let end = phrase_end(b, start).expect("the phrase is there");
    let starts = start == 0;
    let ends = v[end..].trim_matches(['.', ' ']).is_empty();
    let notice_words = || {
        pat!(r"(?i)©|\(c\)|\bcopyright\b|\b(?:19|20)\d{2}\b|\b(?:inc|ltd|llc|plc|gmbh|corp|corporation|company|media|group|news|press|publishing|limited)\b").is_match(v)
    };
    starts || (ends && notice_words())
}

/// Whether `b` has a long s (C5 BF) or a Kelvin sign (E2 84 AA): what
/// [`super::has_fold_wild`] says, found by their rarer bytes. Most lines that are not
/// ASCII have a dash or a symbol that starts with E2, so a search for that byte stops
/// on nearly all of them.
fn has_long_s_or_kelvin(b: &[u8]) -> bool {
    memchr::memchr2_iter(0xC5, 0xAA, b).any(|i| {
        if b[i] == 0xC5 {
            b.get(i + 1) == Some(&0xBF)
        } else {
            i >= 2 && b[i - 2..i] == [0xE2, 0x84]
        }
    })
}

/// Where the first "all rights reserved" in any case starts: what the pattern
/// `(?i)all rights reserved` finds, without a regex search.
fn find_phrase(b: &[u8]) -> Option<usize> {
    memchr::memchr2_iter(b'a', b'A', b).find(|&at| phrase_end(b, at).is_some())
}

/// Where "all rights reserved" in any case ends, if it starts at `at`.
///
/// Unicode case folding, which the pattern `(?i)` uses, matches each of the phrase's
/// letters only to its two ASCII cases, but for "s", which a long s matches too.
fn phrase_end(b: &[u8], at: usize) -> Option<usize> {
    const LONG_S: &[u8] = "\u{17F}".as_bytes();
    let mut i = at;
    for &p in PHRASE {
        let c = *b.get(i)?;
        if p == b' ' {
            if c != b' ' {
                return None;
            }
        } else if p == b's' && b[i..].starts_with(LONG_S) {
            i += LONG_S.len() - 1;
        } else if c | 0x20 != p {
            // Only the two cases of an ASCII letter are that letter with bit 5 set.
            return None;
        }
        i += 1;
    }
    Some(i)
}

/// Returns the view offset where a no-redistribution sentence starts, if the line ends
/// with one. Only a lower-case "not be" counts: "MAY NOT be" is left alone. `has` is
/// what `v` holds.
fn no_redistribution(v: &str, has: Has) -> Option<usize> {
    let not_be = || has.any(Has::LOWER_B) && finder!("not be").find(v.as_bytes()).is_some();
    if v.len() > 600 || !not_be() {
        return None;
    }
    let m = pat!(r"(?:^|[.!?]\s+)(?P<s>(?:This|The|Such|These|No part of this|Any of this)\s+(?:material|article|content|story|publication|report|work|text|images?|photos?|videos?|broadcast)s?\s+(?i:may not|must not|can not|cannot|shall not) be (?:published|reproduced|copied|republished|redistributed|distributed|used|broadcast|rewritten|reprinted)\b[^.]*\.?)\s*$").captures(v)?;
    let s = m.name("s")?;
    (v.len() <= 600).then_some(s.start())
}

/// `license_footer/syndication`, the strong forms.
const STRONG_SYNDICATION: Anchored = Anchored {
    openers: Openers::new(&[
        "all content ",
        "all articles ",
        "all stories ",
        "all republished ",
        "republished ",
        "reprinted ",
        "reposted ",
        "reproduced ",
        "used ",
        "this article ",
        "this story ",
        "this piece ",
        "this post ",
        "this work ",
        "distributed by ",
    ]),
    pattern: || {
        pat!(
            r"(?i)^(?:all (?:content|articles|stories) (?:created|produced|published|written) by .+?(?:is |are )?(?:available|free) (?:without charge|free of charge|for (?:re)?publication)|(?:republished|reprinted|reposted|reproduced|used) (?:here )?with (?:the )?(?:kind )?permission\b|this (?:article|story|piece|post|work) is (?:republished|licensed|published|distributed) (?:from .+ )?under (?:a )?creative commons|distributed by .{2,}\.?$|all republished articles must)"
        )
    },
};

/// `license_footer/syndication`, "originally published at …".
const ORIGINALLY: Anchored = Anchored {
    openers: Openers::new(&[
        "this article ",
        "this story ",
        "this piece ",
        "this post ",
        "this column ",
        "this essay ",
        "this report ",
        "this interview ",
        "the article ",
        "the story ",
        "the piece ",
        "the post ",
        "the column ",
        "the essay ",
        "the report ",
        "the interview ",
        "originally ",
        "first ",
    ]),
    pattern: || {
        const PUBLICATION: &str = r"(?:the )?(?:\p{Lu}[\w&'.-]*|[\w-]+(?:\.[\w-]+)+)(?: (?:\p{Lu}[\w&'.-]*|of|the|and|&))*";
        pat!(format!(
            r"^(?i:(?:this|the) (?:article|story|piece|post|column|essay|report|interview) (?:was |is |has been )?)?(?i:originally|first) (?:published|appeared|posted|ran)(?: (?:at|on|in|by) {PUBLICATION}|(?: (?:at|on|in|by))? (?:https?://|www\.)\S+)(?:,? (?:on )?[\p{{L}}\d ,]*\d{{4}})?(?:\s*\(?(?:https?://|www\.)\S+\)?)?\.?$"
        ))
    },
};

/// `license_footer/syndication`, the forms that count only near an edge.
const WEAK_SYNDICATION: Anchored = Anchored {
    openers: Openers::new(&[
        "this article ",
        "this story ",
        "this piece ",
        "this post ",
        "this report ",
        "this column ",
        "this essay ",
        "this content ",
    ]),
    pattern: || {
        pat!(
            r"(?i)^this (?:article|story|piece|post|report|column|essay|content) (?:was |is |has been )?(?:(?:originally|first|initially) )?(?:published|appeared|posted|produced|republished|reprinted|syndicated|distributed) (?:on|in|at|by|with|from|as part of)\b"
        )
    },
};

/// Republication and syndication notices. The weaker "This article was published…"
/// forms count only near the top or bottom of the document.
#[cfg(test)]
fn syndication(v: &str, near_edge: bool) -> bool {
    syndication_as(v, near_edge, HEADS.test(v))
}

/// [`syndication`], given what [`HEADS`] says of `v`.
fn syndication_as(v: &str, near_edge: bool, a: Admits) -> bool {
    STRONG_SYNDICATION.is_match_as(v, a, STRONG_SYNDICATION_K)
        || ORIGINALLY.is_match_as(v, a, ORIGINALLY_K)
        || near_edge && WEAK_SYNDICATION.is_match_as(v, a, WEAK_SYNDICATION_K)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::has_fold_wild;

    /// [`rights_reserved`] of a line alone.
    fn reserved(line: &str) -> bool {
        rights_reserved(line, Has::of(line))
    }

    /// [`no_redistribution`] of a line alone.
    fn redistribution(line: &str) -> Option<usize> {
        no_redistribution(line, Has::of(line))
    }

    /// [`has_long_s_or_kelvin`] is [`has_fold_wild`].
    #[test]
    fn long_s_or_kelvin_is_fold_wild() {
        for t in [
            "",
            "\u{17F}",
            "\u{212A}",
            "a\u{2014}b",
            "\u{20AA}",
            "\u{AA}",
            "\u{150}\u{17F}",
            "x\u{212B}",
            "\u{2129}\u{212A}",
            "\u{c5}",
            "\u{145}\u{17E}",
            "plain",
        ] {
            assert_eq!(
                has_long_s_or_kelvin(t.as_bytes()),
                has_fold_wild(t.as_bytes()),
                "{t:?}"
            );
        }
    }

    /// [`find_phrase`] finds what `(?i)all rights reserved` finds, and the characters
    /// Unicode case folding matches to the phrase's letters are the ones it expects.
    #[test]
    fn find_phrase_is_its_pattern() {
        let re = regex::Regex::new(r"(?i)all rights reserved").unwrap();
        for line in [
            "All rights reserved.",
            "ALL RIGHTS RESERVED",
            "all rights reserve",
            "alL RiGhTs ReSeRvEd and all rights reserved",
            "a all rights reserved",
            "All rights re\u{17F}erved",
            "All right\u{17F} re\u{17F}erved \u{a9}",
            "All rights reserved\u{17F}",
            "All\u{a0}rights reserved",
            "All rights  reserved",
            "\u{c0}ll rights reserved all rights reserved",
            "All rights reserved\0",
            "",
            "a",
        ] {
            let got =
                find_phrase(line.as_bytes()).map(|s| s..phrase_end(line.as_bytes(), s).unwrap());
            assert_eq!(got, re.find(line).map(|m| m.range()), "{line:?}");
        }
        // Which characters match each letter of the phrase on its own.
        for p in "alrightsevd ".chars() {
            use regex_syntax::hir::{Class, HirKind};
            let hir = regex_syntax::parse(&format!("(?i){p}")).unwrap();
            let matched: Vec<char> = match hir.kind() {
                HirKind::Class(Class::Unicode(class)) => {
                    class.iter().flat_map(|r| r.start()..=r.end()).collect()
                }
                HirKind::Literal(_) => vec![p],
                other => panic!("{other:?}"),
            };
            let mut want = vec![p];
            if p != ' ' {
                want.insert(0, p.to_ascii_uppercase());
            }
            if p == 's' {
                want.push('\u{17F}');
            }
            assert_eq!(matched, want, "{p:?}");
        }
    }

    #[test]
    fn notices() {
        assert!(copyright(
            "Copyright © 2021 Example Media. All rights reserved."
        ));
        assert!(copyright("© 2019 The Example Company"));
        assert!(reserved("All rights reserved."));
        assert!(reserved("Example Media Group 2020, all rights reserved"));
        assert_eq!(
            redistribution(
                "This material may not be published, broadcast, rewritten or redistributed."
            ),
            Some(0)
        );
        assert!(syndication(
            "This article is republished from The Conversation under a Creative Commons license.",
            false
        ));
        assert!(syndication("Originally published at Example Post.", false));
        assert!(syndication(
            "This article originally appeared on example.com.",
            false
        ));
    }

    /// The first tests taken together say what each rule's own would.
    #[test]
    fn heads_agree() {
        crate::rules::tests::assert_heads_agree(&HEADS, MEMBERS);
    }

    /// Each gate lets through every line its pattern could match.
    #[test]
    fn gates_cover_their_patterns() {
        use crate::rules::tests::assert_openers_cover;
        for a in [
            &COPYRIGHT,
            &STRONG_SYNDICATION,
            &ORIGINALLY,
            &WEAK_SYNDICATION,
        ] {
            assert_openers_cover(a);
        }
    }

    #[test]
    fn prose_survives() {
        assert!(!copyright(
            "Copyright law has changed a great deal since 1976."
        ));
        for line in [
            "The label stamped \"All rights reserved\" on every sleeve.",
            "The band said it had all rights reserved for the new album tour.",
        ] {
            assert!(!reserved(line));
        }
        assert_eq!(
            redistribution("The records may not be published until 2030, the judge ruled."),
            None
        );
        assert_eq!(
            redistribution("This material MAY NOT be published, broadcast or rewritten."),
            None
        );
        assert!(!syndication(
            "Originally published in 1851, Moby-Dick sold poorly.",
            true
        ));
    }
}
