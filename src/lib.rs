//! deboiler removes the junk that scrapers leave in news and web text (leaked ad scripts,
//! bylines, copyright footers, photo credits, "Related" teasers, page furniture),
//! normalizes what is left, and reports every removal with its category, rule and
//! byte offsets.
//!
//! # The pipeline
//!
//! ```text
//! bytes --decode--> source text --segment--> lines --rules--> proposed removals
//!       --draft--> kept text --normalize--> Cleaned { text, report }
//! ```
//!
//! Data flows one way. Rules only propose [`Span`]s; [`draft`] is the one place that
//! applies them; [`normalize`] then straightens quotes, spaces and line structure.
//!
//! # Coordinates
//!
//! Every offset in a [`Report`] is a UTF-8 byte range into the *decoded source text,
//! before any normalization*: `&input[removal.span.range()] == removal.text`. The
//! report is a replayable plan: [`replay`] re-applies it and gives the same output.
//!
//! # Example
//!
//! ```
//! use deboiler::{Category, Cleaner};
//!
//! let input = "Business\n\nBanks Weigh Data Requests\n\n\
//!              Follow Jane on Twitter @janedoe\n\n\
//!              The bank said it would not share customer data.\u{a0}(RELATED: Banks And Privacy)\n";
//! let cleaner = Cleaner::new(); // build once, share across threads
//! let out = cleaner.clean_text(input);
//! assert_eq!(
//!     out.text,
//!     "Banks Weigh Data Requests\n\nThe bank said it would not share customer data.\n"
//! );
//! let cats: Vec<Category> = out.report.removed.iter().map(|r| r.category).collect();
//! assert_eq!(cats, [Category::PageChrome, Category::Byline, Category::RelatedStub]);
//! for r in &out.report.removed {
//!     assert_eq!(&input[r.span.range()], r.text);
//! }
//! ```
//!
//! # Performance
//!
//! Build one [`Cleaner`] and reuse it: patterns are compiled once per process, and a
//! `Cleaner` is `Send + Sync` and cheap to clone. Lines that are plain ASCII are matched
//! in place without copying.

#![warn(missing_docs)]

pub mod batch;
mod category;
mod cleaner;
pub mod decode;
pub mod draft;
pub mod error;
pub mod eval;
pub mod html;
mod jsonl;
pub mod normalize;
mod origin;
pub mod repeated;
mod report;
pub mod rules;
pub mod segment;
mod span;
#[cfg(test)]
mod testing;

pub use category::{Category, CategorySet};
pub use cleaner::{Builder, Cleaned, Cleaner};
pub use normalize::{NormCounts, NormOptions};
pub use report::{replay, HtmlReport, Removal, Repair, Report, ReportLine};
pub use span::Span;
