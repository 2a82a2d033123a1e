//! The per-document report: what was removed, what was normalized, and how to replay it.
//!
//! A [`Report`] is a replayable plan (see [`replay`]): applying its removals to the source
//! text and then running the same normalizations reproduces the cleaned output exactly.
//! On the command line each report becomes one JSON Lines object:
//!
//! ```json
//! {"id":"a.txt","bytes_in":120,"bytes_out":80,
//!  "removed":[{"category":"byline","rule":"byline/follow-on-social","start":90,"end":120,
//!              "text":"Follow Kyle on Twitter @kyle"}],
//!  "normalized":{"quotes":2,"spaces":1, ...}}
//! ```

use crate::decode::{DecodeError, EncodingSource};
use crate::normalize::{NormCounts, NormOptions};
use crate::{draft, Category, Span};
use serde::{Deserialize, Serialize};

/// One piece of junk taken out of a document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Removal {
    /// The kind of junk.
    pub category: Category,
    /// The rule that fired, named `category/what-it-matches` (for example
    /// `byline/follow-on-social`). Stable across releases.
    pub rule: String,
    /// Byte range into the decoded source text, before normalization.
    #[serde(flatten)]
    pub span: Span,
    /// The removed text, exactly `&source[span]`.
    pub text: String,
}

/// One character repair: mojibake decoded, an HTML reference decoded, a C1 control
/// read as punctuation, a ligature spelled out, a full-width form or a terminal escape
/// replaced.
///
/// Only these repairs of the text itself are listed one by one; the cosmetic steps
/// (quotes, spaces, controls, whitespace, trimming, NFC, line structure) are counted in
/// [`Report::normalized`] and replayed from the options.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Repair {
    /// The step that made it, as named in [`NormCounts`] and `--no-normalize`:
    /// `entities`, `mojibake`, `c1_punctuation`, `ligatures`, `fullwidth` or
    /// `terminal_escapes`.
    pub kind: String,
    /// Byte range into the decoded source text. When an earlier repair already
    /// rewrote part of it (an entity that decoded to mojibake), the span covers all of
    /// the source it came from.
    #[serde(flatten)]
    pub span: Span,
    /// The source text of the span, exactly `&source[span]`.
    pub text: String,
    /// What the step wrote in its place (later steps, such as `quotes`, may still
    /// change it).
    pub fixed: String,
    /// For `mojibake`, the encodings that were undone, the last damage first: UTF-8
    /// read as `windows-1252` twice is `["windows-1252", "windows-1252"]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub encodings: Vec<String>,
}

/// What cleaning did to one document.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// Length of the decoded source text in bytes.
    pub bytes_in: usize,
    /// Length of the cleaned text in bytes.
    pub bytes_out: usize,
    /// Removals, sorted by start offset, never overlapping.
    pub removed: Vec<Removal>,
    /// How many characters or lines each normalization changed.
    pub normalized: NormCounts,
    /// Each character repair, sorted by the order the steps ran in and then by offset.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub repairs: Vec<Repair>,
    /// Bytes that could not be decoded and were replaced by U+FFFD (set by
    /// [`crate::Cleaner::clean_bytes`], and for JSON Lines records by the batch driver).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub invalid_bytes: usize,
    /// Lone UTF-16 surrogates escaped in a JSON Lines field (`"\\ud83d"` without its
    /// other half), each replaced by U+FFFD (set by the batch driver).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub lone_surrogates: usize,
    /// The encoding the input bytes were decoded from, by its WHATWG name (`UTF-8`,
    /// `windows-1252`, `Shift_JIS`, …). Set by [`crate::Cleaner::clean_bytes`]; `None`
    /// for [`crate::Cleaner::clean_text`], which gets text, and for JSON Lines records,
    /// which are UTF-8 by definition.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
    /// How [`Report::encoding`] was chosen: `bom`, `declared`, `utf-8`, `detected` or
    /// `forced` (see [`crate::decode`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding_source: Option<EncodingSource>,
    /// Where undecodable bytes were replaced: each with its offset and length in the raw
    /// input and the span of its U+FFFD in the decoded text (at most
    /// [`crate::decode::MAX_ERRORS`]; `invalid_bytes` counts them all).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub decode_errors: Vec<DecodeError>,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// A report with the document's name, as written to a JSON Lines report file.
#[derive(Serialize)]
pub struct ReportLine<'a> {
    /// The document's path or record id.
    pub id: &'a str,
    /// The report itself, flattened into the same object.
    #[serde(flatten)]
    pub report: &'a Report,
}

/// Re-applies a report to its source text: removes the reported spans the way the
/// cleaner does, then runs the normalizations in `opts`.
///
/// For any output of [`crate::Cleaner::clean_text`], `replay(input, &report.removed,
/// &opts)` equals the cleaned text when `opts` are the cleaner's normalization options.
///
/// ```
/// use deboiler::{replay, Cleaner};
/// let input = "Font Size:\nThe bank said it would appeal.";
/// let cleaner = Cleaner::new();
/// let out = cleaner.clean_text(input);
/// assert_eq!(replay(input, &out.report.removed, cleaner.norm_options()).0, out.text);
/// ```
pub fn replay(source: &str, removed: &[Removal], opts: &NormOptions) -> (String, NormCounts) {
    let spans: Vec<Span> = removed.iter().map(|r| r.span).collect();
    let kept = draft::apply_removals(source, &spans);
    crate::normalize::normalize(&kept, opts)
}
