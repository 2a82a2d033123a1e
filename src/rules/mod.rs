//! Rules: each looks at a [`Doc`] and proposes removals; none edits text.
//!
//! One file per category. A proposal carries its span in source coordinates, its
//! category and its rule name. [`find`] runs the enabled categories in
//! [`Category::ALL`] order and keeps the first proposal for any stretch of text, so
//! when two rules claim the same line the earlier category wins.

use crate::segment::Doc;
use crate::{Category, CategorySet, Span};

/// A removal a rule wants to make.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Proposal {
    /// What to remove, in source coordinates.
    pub span: Span,
    /// The kind of junk.
    pub category: Category,
    /// The rule's stable name, `category/what-it-matches`.
    pub rule: &'static str,
}

/// Runs the rules of every category in `cats` and resolves overlaps; the result is
/// sorted by start and non-overlapping.
pub fn find(doc: &Doc, cats: CategorySet) -> Vec<Proposal> {
    let mut accepted: Vec<Proposal> = Vec::new();
    let mut batch = Vec::new();
    for cat in cats.iter() {
        batch.clear();
        propose(cat, doc, &mut batch);
        for p in batch.drain(..) {
            if p.span.is_empty() || accepted.iter().any(|a| a.span.overlaps(p.span)) {
                continue;
            }
            accepted.push(p);
        }
    }
    accepted.sort_by_key(|p| p.span);
    accepted
}

fn propose(cat: Category, _doc: &Doc, _out: &mut Vec<Proposal>) {
    match cat {
        Category::AdScript => {}
        Category::Byline => {}
        Category::LicenseFooter => {}
        Category::PhotoCredit => {}
        Category::RelatedStub => {}
        Category::PageChrome => {}
    }
}
