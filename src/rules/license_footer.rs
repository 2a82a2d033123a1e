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

use super::{finder, gate, has_fold_wild, part, pat, whole, Anchored, Filter, Openers, Proposal};
use crate::segment::{Doc, Has};
use crate::Category::LicenseFooter;

/// A first test for the rules that start with openers.
const ANY_OPENER: Filter = Filter::any_of(&[
    &COPYRIGHT.openers,
    &STRONG_SYNDICATION.openers,
    &ORIGINALLY.openers,
    &WEAK_SYNDICATION.openers,
]);

pub(super) fn propose(doc: &Doc, out: &mut Vec<Proposal>) {
    let n = doc.lines.len();
    for (i, line) in doc.lines.iter().enumerate() {
        let v = &*line.view;
        let near_edge = i < 3 || i + 6 >= n;
        let opens = gate(ANY_OPENER.may_admit(v));
        if opens && v.len() <= 300 && copyright(v) {
            out.push(whole(line, LicenseFooter, "license_footer/copyright"));
        } else if v.len() <= 200 && rights_reserved(v) {
            out.push(whole(line, LicenseFooter, "license_footer/rights-reserved"));
        } else if opens && v.len() <= 1000 && syndication(v, near_edge) {
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

fn copyright(v: &str) -> bool {
    COPYRIGHT.is_match(v) && !v.ends_with('?')
}

/// Gate: the rule takes the phrase only where it opens or closes the line, so it must
/// be there, ignoring ASCII case (or the line has a long s or Kelvin sign).
fn rights_reserved(v: &str) -> bool {
    const PHRASE: &[u8] = b"all rights reserved";
    let b = v.as_bytes();
    let end = v.trim_end_matches(['.', ' ']).as_bytes();
    let possible = b
        .get(..PHRASE.len())
        .is_some_and(|h| h.eq_ignore_ascii_case(PHRASE))
        || end.len() >= PHRASE.len()
            && end[end.len() - PHRASE.len()..].eq_ignore_ascii_case(PHRASE)
        || has_fold_wild(b);
    if !gate(possible) {
        return false;
    }
    let Some(m) = pat!(r"(?i)all rights reserved").find(v) else {
        return false;
    };
    // A quoted phrase is part of a story ('stamped "All rights reserved" on…').
    if v[..m.start()].ends_with(['"', '\'']) {
        return false;
    }
    let starts = m.start() == 0;
    let ends = v[m.end()..].trim_matches(['.', ' ']).is_empty();
    let notice_words = pat!(r"(?i)©|\(c\)|\bcopyright\b|\b(?:19|20)\d{2}\b|\b(?:inc|ltd|llc|plc|gmbh|corp|corporation|company|media|group|news|press|publishing|limited)\b").is_match(v);
    starts || (ends && notice_words)
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
fn syndication(v: &str, near_edge: bool) -> bool {
    STRONG_SYNDICATION.is_match(v)
        || ORIGINALLY.is_match(v)
        || near_edge && WEAK_SYNDICATION.is_match(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notices() {
        assert!(copyright(
            "Copyright © 2021 Example Media. All rights reserved."
        ));
        assert!(copyright("© 2019 The Example Company"));
        assert!(rights_reserved("All rights reserved."));
        assert!(rights_reserved(
            "Example Media Group 2020, all rights reserved"
        ));
        assert_eq!(
            no_redistribution(
                "This material may not be published, broadcast, rewritten or redistributed.",
                Has::of(
                    "This material may not be published, broadcast, rewritten or redistributed."
                )
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
        assert!(!rights_reserved(
            "The label stamped \"All rights reserved\" on every sleeve."
        ));
        assert!(!rights_reserved(
            "The band said it had all rights reserved for the new album tour."
        ));
        assert_eq!(
            no_redistribution(
                "The records may not be published until 2030, the judge ruled.",
                Has::of("The records may not be published until 2030, the judge ruled.")
            ),
            None
        );
        assert!(!syndication(
            "Originally published in 1851, Moby-Dick sold poorly.",
            true
        ));
    }
}
