//! `page_chrome/repeated-line`: a whole line that the corpus repeats in many documents
//! (see [`crate::repeated`] for how they are counted and chosen), only when the cleaner
//! was given such a set (`deboiler clean --repeated-lines`).
//!
//! Removes: every line of the document whose fingerprint is in the set, wherever it is
//! (a menu at the top, "Story continues below" in the middle, a footer at the bottom),
//! every time it occurs. For example, in a batch of a site's pages that all end with
//!
//! ```text
//! About Us | Contact | Careers
//! Example Daily is published by Example Media Group.
//! ```
//!
//! both lines go from every page, while each page's own headline and story stay.
//!
//! Leaves alone:
//! - a line the other rules take: they run first and their more specific rule names
//!   are kept ("Share this article" on every page stays `page_chrome/control`);
//! - blank lines and lines without a letter, which are never counted;
//! - part of a line: a repeated phrase inside a longer line is not the same line;
//! - every repeated line of a document in which they would make up more than
//!   [`crate::repeated::Threshold::max_doc_share`] of the text (80% by default): that
//!   document is a copy of others (a syndicated story, a page scraped twice), not a page
//!   with furniture around its own text, and taking its lines would empty it. Each line
//!   of a `--format lines` input is a one-line document, so such inputs keep theirs.
//!
//! Why only two signals, the corpus count and the document's share: what makes a line
//! furniture here is that it is the same on many unrelated pages, which no pattern can
//! see; the share is the check that the pages are unrelated.

use super::Proposal;
use crate::repeated::{line_fingerprint, RepeatedLines};
use crate::segment::Doc;
use crate::Category::PageChrome;

/// The rule's name.
pub(crate) const RULE: &str = "page_chrome/repeated-line";

/// `found` (sorted, non-overlapping proposals of the other rules) with this rule's
/// proposals added where they overlap none of them.
pub(crate) fn add(doc: &Doc, lines: &RepeatedLines, mut found: Vec<Proposal>) -> Vec<Proposal> {
    if lines.is_empty() {
        return found;
    }
    let mut total = 0usize;
    let mut repeated = 0usize;
    let mut mine = Vec::new();
    for line in &doc.lines {
        total += line.span.len();
        if line_fingerprint(line).is_some_and(|fp| lines.contains(fp)) {
            repeated += line.span.len();
            mine.push(super::whole(line, PageChrome, RULE));
        }
    }
    if mine.is_empty() || repeated as f64 > lines.max_doc_share() * total as f64 {
        return found;
    }
    for p in mine {
        super::accept(&mut found, p);
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Span;

    fn p(start: usize, end: usize, rule: &'static str) -> Proposal {
        Proposal {
            span: Span::new(start, end),
            category: PageChrome,
            rule,
        }
    }

    /// `extra` accepted after `first`, as [`add`] does.
    fn merge(first: Vec<Proposal>, extra: Vec<Proposal>) -> Vec<Proposal> {
        let mut all = first;
        for q in extra {
            super::super::accept(&mut all, q);
        }
        all
    }

    #[test]
    fn merge_keeps_the_first_rules_and_order() {
        let first = vec![p(0, 5, "a"), p(10, 20, "a"), p(30, 31, "a")];
        let extra = vec![p(6, 9, "b"), p(12, 14, "b"), p(20, 25, "b"), p(40, 45, "b")];
        let got: Vec<(usize, &str)> = merge(first, extra)
            .iter()
            .map(|q| (q.span.start, q.rule))
            .collect();
        assert_eq!(
            got,
            [
                (0, "a"),
                (6, "b"),
                (10, "a"),
                (20, "b"),
                (30, "a"),
                (40, "b")
            ]
        );
        assert_eq!(merge(Vec::new(), vec![p(1, 2, "b")]).len(), 1);
        assert_eq!(merge(vec![p(1, 2, "a")], Vec::new()).len(), 1);
    }
}
