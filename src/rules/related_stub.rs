//! `related_stub`: "Related news", "Other news", "Read more", "(RELATED: …)" teasers.
//!
//! Rules:
//! - `related_stub/label`: a line that is only a teaser heading: "Related news:",
//!   "Related", "Other news", "More from Example News", "You may also like".
//! - `related_stub/teaser`: a teaser heading, a colon and a headline: "Read more: Banks
//!   weigh data requests", "RELATED: …", "PHOTOS: …", "FULL COVERAGE: …".
//! - `related_stub/listed-teaser`: headlines listed right under a label in the same
//!   paragraph ("Read more:" and the headline on the next line); at most five, and
//!   only lines that do not end like a sentence.
//! - `related_stub/link-prompt`: "Click here to read more", "Continue reading".
//! - `related_stub/inline-teaser`: a bracketed teaser inside a paragraph, "(RELATED:
//!   Tech Giants Embrace Privacy Rules)"; only the brackets go.
//!
//! Left alone: a headline that starts with "Related" without a colon ("Related
//! Companies wins bid"), prose like "Read more books, the doctor said", and title-case
//! "Photos: …" or "Watch: …" headlines, which are only teasers in capitals.

use super::{
    ends_like_sentence, gate, part, pat, whole, Admits, Anchored, Heads, Openers, Pat, Proposal,
};
use crate::segment::{Doc, Has};
use crate::Category::RelatedStub;

/// The openers of the three rules that start with openers, taken together; the
/// members are numbered by the constants below.
const MEMBERS: &[&Openers] = &[&LABEL.openers, &TEASER.openers, &LINK_PROMPT.openers];
const HEADS: Heads = Heads::of(MEMBERS);
const LABEL_K: u32 = 0;
const TEASER_K: u32 = 1;
const LINK_PROMPT_K: u32 = 2;

pub(super) fn propose(doc: &Doc, out: &mut Vec<Proposal>) {
    let mut listed_until = 0; // lines before this index were taken as listed teasers
    for (i, line) in doc.lines.iter().enumerate() {
        if i < listed_until {
            continue;
        }
        let v = &*line.view;
        let a = if v.len() <= 250 {
            HEADS.test(v)
        } else {
            Admits::NONE
        };
        if v.len() <= 250 && gate(a.any()) {
            if LABEL.is_match_as(v, a, LABEL_K) {
                out.push(whole(line, RelatedStub, "related_stub/label"));
                let listed = doc.lines[i + 1..]
                    .iter()
                    .take(5)
                    .take_while(|l| {
                        l.para == line.para && l.view.len() <= 150 && !ends_like_sentence(&l.view)
                    })
                    .count();
                for l in &doc.lines[i + 1..i + 1 + listed] {
                    out.push(whole(l, RelatedStub, "related_stub/listed-teaser"));
                }
                listed_until = i + 1 + listed;
                continue;
            }
            let rule = if teaser_as(v, a) {
                Some("related_stub/teaser")
            } else if LINK_PROMPT.is_match_as(v, a, LINK_PROMPT_K) {
                Some("related_stub/link-prompt")
            } else {
                None
            };
            if let Some(rule) = rule {
                out.push(whole(line, RelatedStub, rule));
                continue;
            }
        }
        // Gate: a bracket and the colon after the label, and a bracket the label may
        // follow.
        let has = line.has;
        if !gate(
            has.any(Has::OPEN_PAREN | Has::OPEN_BRACKET)
                && has.all(Has::COLON)
                && may_open_inline(v),
        ) {
            continue;
        }
        let found: Vec<_> = inline()
            .find_all(v)
            .into_iter()
            .filter(|m| m.len() <= 220)
            .collect();
        for m in found {
            if v[..m.start()].trim().is_empty() && v[m.end()..].trim().is_empty() {
                out.push(whole(line, RelatedStub, "related_stub/teaser"));
            } else {
                out.push(part(
                    line,
                    m.start(),
                    m.end(),
                    RelatedStub,
                    "related_stub/inline-teaser",
                ));
            }
        }
    }
}

/// `related_stub/label`.
const LABEL: Anchored = Anchored {
    openers: Openers::new(&[
        "related",
        "other news",
        "more ",
        "read more",
        "read also",
        "also read",
        "see also",
        "you may",
        "you might",
        "recommended",
        "most ",
        "trending",
        "don",
        "what to read next",
        "further reading",
        "in other news",
        "latest stories",
        "editor",
    ]),
    pattern: || {
        pat!(
            r"^(?i:related(?: news| stories| articles| coverage| content| links| reading| posts| topics| videos| items)?|other news|more news|more stories|more headlines|more from [\p{L}\d &'.-]{2,}|read more|read also|also read|see also|you may also like|you might also like|you may be interested in|recommended(?: for you| stories| reading| articles)?|most read|most popular|most viewed|trending(?: now| stories)?|don'?t miss|what to read next|further reading|more on this(?: story| topic)?|more to explore|in other news|latest stories|editor'?s picks)\s*[:.…»>]*$"
        )
    },
};

#[cfg(test)]
fn label(v: &str) -> bool {
    LABEL.is_match(v)
}

/// `related_stub/teaser`. The openers include the upper-case ones, ignoring case.
const TEASER: Anchored = Anchored {
    openers: Openers::new(&[
        "related",
        "read",
        "also read",
        "also see",
        "see",
        "more",
        "full coverage",
        "don",
        "recommended",
        "watch",
        "listen",
        "photo",
        "gallery",
        "video",
        "live",
        "click here",
        "trending",
        "opinion",
    ]),
    pattern: || {
        pat!(
            r"^(?:(?i:related(?: news| stories| story| articles?| coverage| content| links| reading)?|read more|read also|also read|also see|see also|more on this(?: story)?|full coverage|more coverage|don'?t miss|recommended)|RELATED|READ|MORE|WATCH|LISTEN|PHOTOS?|PHOTO GALLERY|GALLERY|VIDEOS?|LIVE(?: UPDATES)?|FULL COVERAGE|SEE|CLICK HERE|TRENDING|OPINION)\s*(?::|»|>>|›|\|)\s*\S.{2,}$"
        )
    },
};

/// Gate, besides the openers: one of the separators.
#[cfg(test)]
fn teaser(v: &str) -> bool {
    teaser_as(v, HEADS.test(v))
}

/// [`teaser`], given what [`HEADS`] says of `v`.
fn teaser_as(v: &str, a: Admits) -> bool {
    let separator =
        || memchr::memchr3(b':', b'|', b'>', v.as_bytes()).is_some() || v.contains(['»', '›']);
    gate(TEASER.openers.admit_as(v, a, TEASER_K) && separator()) && (TEASER.pattern)().is_match(v)
}

/// `related_stub/link-prompt`.
const LINK_PROMPT: Anchored = Anchored {
    openers: Openers::new(&["click here", "continue reading", "read ", "keep reading"]),
    pattern: || {
        pat!(
            r"^(?i:click here to read more|click here for more(?: news)?|continue reading(?: the (?:main )?(?:story|article))?|read the (?:full|whole|rest of the) (?:story|article)(?: here)?|read full (?:story|article)(?: here)?|keep reading|read on)\s*[.…:»>]*$"
        )
    },
};

#[cfg(test)]
fn link_prompt(v: &str) -> bool {
    LINK_PROMPT.is_match(v)
}

/// Whether some bracket in `v` is followed, past spaces, by what may start one of the
/// labels of [`inline`]: the first four letters of one, ignoring ASCII case, or a
/// character that is not ASCII (a space, or a letter that case folding matches to "s"
/// or "k", for all this knows). Most brackets in a story hold "(Reuters)" or a year.
fn may_open_inline(v: &str) -> bool {
    const STARTS: [&[u8; 4]; 9] = [
        b"rela", b"read", b"see ", b"also", b"watc", b"more", b"vide", b"phot", b"list",
    ];
    let b = v.as_bytes();
    memchr::memchr2_iter(b'(', b'[', b).any(|at| {
        let rest = &b[at + 1..];
        // `\s` holds the vertical tab as well.
        let skip = rest
            .iter()
            .take_while(|&&c| c.is_ascii_whitespace() || c == 0x0B)
            .count();
        let rest = &rest[skip..];
        match rest.get(..4) {
            Some(four) if four.is_ascii() => {
                let four = four.to_ascii_lowercase();
                STARTS.iter().any(|s| four == s[..])
            }
            // Too short for a label, a colon, three characters and a bracket.
            None if rest.is_ascii() => false,
            _ => true,
        }
    })
}

fn inline() -> &'static Pat {
    pat!(
        r"[\(\[]\s*(?:RELATED|READ MORE|SEE ALSO|ALSO READ|READ|WATCH|MORE|VIDEO|PHOTOS|LISTEN|(?i:related|read more|see also|also read))\s*:\s*[^()\[\]]{3,}[\)\]]"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stubs() {
        assert!(label("Related news:"));
        assert!(label("Other news"));
        assert!(teaser("Read more: Banks weigh data requests"));
        assert!(teaser("PHOTOS: The storm in pictures"));
        assert!(inline()
            .is_match("said. (RELATED: Tech Giants Begin Embracing Privacy Regulations) More"));
    }

    /// The table of openers says what each rule's own openers would.
    #[test]
    fn heads_agree() {
        crate::rules::tests::assert_heads_agree(&HEADS, MEMBERS);
        assert!(link_prompt("Click here to read more"));
    }

    /// The bracket gate lets through every inline teaser, whatever the case and the
    /// spaces, and turns away brackets of ordinary prose.
    #[test]
    fn bracket_gate() {
        for v in [
            "said. (RELATED: Tech Giants) More",
            "said. [Read more: Tech Giants] More",
            "x ( see also : the rest )",
            "x (\u{17F}ee also: the rest)",
            "x (al\u{17F}o read: the rest)",
            "x (\u{a0}WATCH: the rest)",
            "x (\u{b} \tRELATED: the rest)",
            "(Photos: one two three)",
            "[VIDEO: one two three]",
            "(listen: one two three)",
            "(MORE: one two three)",
        ] {
            assert!(may_open_inline(v), "{v}");
        }
        for v in [
            "(Reuters) - At 10:30 the",
            "in 2021 (a year: late)",
            "(re",
            "(rea: x)",
        ] {
            assert!(!may_open_inline(v), "{v}");
        }
    }

    /// Each gate lets through every line its pattern could match.
    #[test]
    fn gates_cover_their_patterns() {
        for a in [&LABEL, &TEASER, &LINK_PROMPT] {
            crate::rules::tests::assert_openers_cover(a);
        }
    }

    #[test]
    fn prose_survives() {
        assert!(!label("Related Companies wins bid for riverside towers"));
        assert!(!teaser("Related Companies wins bid for riverside towers"));
        assert!(!teaser("Read more books, the doctor advised."));
        assert!(!teaser("Photos: what the new camera can do"));
    }
}
