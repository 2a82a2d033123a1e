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
use crate::html::DomRemoval;
use crate::jsonl::write_string;
use crate::normalize::{NormCounts, NormOptions};
use crate::{draft, Category, Span};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// One piece of junk taken out of a document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Removal {
    /// The kind of junk.
    pub category: Category,
    /// The rule that fired, named `category/what-it-matches` (for example
    /// `byline/follow-on-social`). Stable across releases. Borrowed from the rule's
    /// static name when cleaning (no allocation for each removal), owned when read back
    /// from JSON; either way it reads as a `&str`.
    pub rule: Cow<'static, str>,
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
    /// For HTML input, what the content extraction did (see [`crate::html`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub html: Option<HtmlReport>,
}

/// What extracting the content of an HTML page left out. The page's text rules and
/// normalizations then ran on the extracted text: for HTML input, the offsets in
/// [`Report::removed`] and [`Report::repairs`] (and [`Report::bytes_in`]) refer to
/// that text, which [`crate::html::extract`] gives back.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HtmlReport {
    /// Length of the decoded page in bytes.
    pub bytes: usize,
    /// Length of the extracted text in bytes.
    pub extracted: usize,
    /// The headline put first, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headline: Option<String>,
    /// The elements and page pieces left out, in document order.
    pub removed: Vec<DomRemoval>,
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

impl ReportLine<'_> {
    /// Appends the line as JSON to `out`, without a newline: exactly the bytes
    /// `serde_json::to_writer` gives, written directly (the keys are constants, and
    /// strings are escaped a block at a time), which is several times faster on
    /// reports that are mostly keys and numbers.
    ///
    /// ```
    /// use deboiler::{Cleaner, ReportLine};
    /// let report = Cleaner::new().clean_text("Font Size:\nText.").report;
    /// let line = ReportLine { id: "a.txt", report: &report };
    /// let mut out = Vec::new();
    /// line.write_json(&mut out);
    /// assert_eq!(out, serde_json::to_vec(&line).unwrap());
    /// ```
    pub fn write_json(&self, out: &mut Vec<u8>) {
        let r = self.report;
        // Room for the keys, the numbers and the texts, so the line is not regrown.
        let texts: usize = r.removed.iter().map(|x| x.rule.len() + x.text.len()).sum();
        out.reserve(400 + self.id.len() + texts + 100 * (r.removed.len() + r.repairs.len()));
        out.extend_from_slice(b"{\"id\":");
        write_string(out, self.id);
        out.extend_from_slice(b",\"bytes_in\":");
        write_number(out, r.bytes_in);
        out.extend_from_slice(b",\"bytes_out\":");
        write_number(out, r.bytes_out);
        out.extend_from_slice(b",\"removed\":[");
        for (i, removal) in r.removed.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            write_category_rule(out, removal.category, &removal.rule);
            write_span(out, removal.span);
            out.extend_from_slice(b",\"text\":");
            write_string(out, &removal.text);
            out.push(b'}');
        }
        out.extend_from_slice(b"],\"normalized\":{");
        for (i, (name, count)) in r.normalized.fields().into_iter().enumerate() {
            out.extend_from_slice(if i > 0 { b",\"" } else { b"\"" });
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(b"\":");
            write_number(out, count);
        }
        out.push(b'}');
        if !r.repairs.is_empty() {
            out.extend_from_slice(b",\"repairs\":[");
            for (i, repair) in r.repairs.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                out.extend_from_slice(b"{\"kind\":");
                write_string(out, &repair.kind);
                write_span(out, repair.span);
                out.extend_from_slice(b",\"text\":");
                write_string(out, &repair.text);
                out.extend_from_slice(b",\"fixed\":");
                write_string(out, &repair.fixed);
                if !repair.encodings.is_empty() {
                    out.extend_from_slice(b",\"encodings\":[");
                    for (j, encoding) in repair.encodings.iter().enumerate() {
                        if j > 0 {
                            out.push(b',');
                        }
                        write_string(out, encoding);
                    }
                    out.push(b']');
                }
                out.push(b'}');
            }
            out.push(b']');
        }
        if r.invalid_bytes != 0 {
            out.extend_from_slice(b",\"invalid_bytes\":");
            write_number(out, r.invalid_bytes);
        }
        if r.lone_surrogates != 0 {
            out.extend_from_slice(b",\"lone_surrogates\":");
            write_number(out, r.lone_surrogates);
        }
        if let Some(encoding) = &r.encoding {
            out.extend_from_slice(b",\"encoding\":");
            write_string(out, encoding);
        }
        if let Some(source) = r.encoding_source {
            out.extend_from_slice(b",\"encoding_source\":\"");
            out.extend_from_slice(source.name().as_bytes());
            out.push(b'"');
        }
        if !r.decode_errors.is_empty() {
            out.extend_from_slice(b",\"decode_errors\":[");
            for (i, e) in r.decode_errors.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                out.extend_from_slice(b"{\"input_offset\":");
                write_number(out, e.input_offset);
                out.extend_from_slice(b",\"input_len\":");
                write_number(out, e.input_len);
                write_span(out, e.span);
                out.push(b'}');
            }
            out.push(b']');
        }
        if let Some(html) = &r.html {
            write_html(out, html);
        }
        out.push(b'}');
    }
}

/// `,"html":{...}`, as serde writes it.
fn write_html(out: &mut Vec<u8>, html: &HtmlReport) {
    out.extend_from_slice(b",\"html\":{\"bytes\":");
    write_number(out, html.bytes);
    out.extend_from_slice(b",\"extracted\":");
    write_number(out, html.extracted);
    if let Some(headline) = &html.headline {
        out.extend_from_slice(b",\"headline\":");
        write_string(out, headline);
    }
    out.extend_from_slice(b",\"removed\":[");
    for (i, r) in html.removed.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write_category_rule(out, r.category, &r.rule);
        out.extend_from_slice(b",\"path\":");
        write_string(out, &r.path);
        out.extend_from_slice(b",\"text\":");
        write_string(out, &r.text);
        out.extend_from_slice(b",\"bytes\":");
        write_number(out, r.bytes);
        out.push(b'}');
    }
    out.extend_from_slice(b"]}");
}

/// `{"category":"C","rule":"R"`: how a removal object starts.
fn write_category_rule(out: &mut Vec<u8>, category: Category, rule: &str) {
    out.extend_from_slice(b"{\"category\":\"");
    out.extend_from_slice(category.name().as_bytes());
    out.extend_from_slice(b"\",\"rule\":");
    write_string(out, rule);
}

/// `,"start":S,"end":E`: a flattened [`Span`].
fn write_span(out: &mut Vec<u8>, span: Span) {
    out.extend_from_slice(b",\"start\":");
    write_number(out, span.start);
    out.extend_from_slice(b",\"end\":");
    write_number(out, span.end);
}

/// A number in decimal, as serde_json writes it.
fn write_number(out: &mut Vec<u8>, mut n: usize) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[at..]);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::DecodeError;
    use crate::Cleaner;

    fn same_as_serde(line: &ReportLine) {
        let mut ours = Vec::new();
        line.write_json(&mut ours);
        let theirs = serde_json::to_vec(line).unwrap();
        assert_eq!(
            String::from_utf8(ours).unwrap(),
            String::from_utf8(theirs).unwrap()
        );
    }

    #[test]
    fn write_json_writes_what_serde_writes() {
        let normalized = NormCounts {
            entities: usize::MAX,
            mojibake: 1,
            c1_punctuation: 2,
            ligatures: 3,
            fullwidth: 4,
            terminal_escapes: 5,
            line_endings: 6,
            controls: 7,
            quotes: 8,
            spaces: 9,
            whitespace: 10,
            trim: 11,
            nfc: 12,
            blank_lines: 13,
            final_newline: 14,
        };
        let full = Report {
            bytes_in: 0,
            bytes_out: 1234567890,
            removed: vec![
                Removal {
                    category: Category::AdScript,
                    rule: "ad_script/label".into(),
                    span: Span::new(10, 19),
                    text: "Ad \"x\"\n\\\t\u{1}\u{7f}\u{2028}é".to_string(),
                },
                Removal {
                    category: Category::PageChrome,
                    rule: "page_chrome/font-size".into(),
                    span: Span::new(0, 0),
                    text: String::new(),
                },
            ],
            normalized,
            repairs: vec![
                Repair {
                    kind: "mojibake".to_string(),
                    span: Span::new(3, 5),
                    text: "Ã©".to_string(),
                    fixed: "é".to_string(),
                    encodings: vec!["windows-1252".to_string(), "x\"y".to_string()],
                },
                Repair {
                    kind: "entities".to_string(),
                    span: Span::new(7, 12),
                    text: "&amp;".to_string(),
                    fixed: "&".to_string(),
                    encodings: Vec::new(),
                },
            ],
            invalid_bytes: 2,
            lone_surrogates: 3,
            encoding: Some("windows-1252".to_string()),
            encoding_source: Some(EncodingSource::Utf8),
            decode_errors: vec![
                DecodeError {
                    input_offset: 4,
                    input_len: 1,
                    span: Span::new(4, 7),
                },
                DecodeError {
                    input_offset: 9,
                    input_len: 2,
                    span: Span::new(10, 13),
                },
            ],
            html: Some(HtmlReport {
                bytes: 5000,
                extracted: 300,
                headline: Some("A \"headline\"".to_string()),
                removed: vec![DomRemoval {
                    category: Category::PageChrome,
                    rule: "page_chrome/html-nav".to_string(),
                    path: "body>nav#top".to_string(),
                    text: "Home World\n…".to_string(),
                    bytes: 12,
                }],
            }),
        };
        for id in ["doc-1", "", "a \"quoted\" \\ path\n"] {
            same_as_serde(&ReportLine { id, report: &full });
            same_as_serde(&ReportLine {
                id,
                report: &Report::default(),
            });
        }
        // Every category and every way of choosing an encoding, by its name.
        for (category, source) in Category::ALL.into_iter().zip([
            EncodingSource::Bom,
            EncodingSource::Declared,
            EncodingSource::Utf8,
            EncodingSource::Detected,
            EncodingSource::Forced,
            EncodingSource::Forced,
        ]) {
            let mut report = full.clone();
            report.removed[0].category = category;
            report.encoding_source = Some(source);
            same_as_serde(&ReportLine {
                id: "x",
                report: &report,
            });
        }
        let mut no_headline = full.clone();
        no_headline.html.as_mut().unwrap().headline = None;
        same_as_serde(&ReportLine {
            id: "x",
            report: &no_headline,
        });
        let page =
            Cleaner::new().clean_html("<nav>Home</nav><p>Text of the page, long enough.</p>");
        same_as_serde(&ReportLine {
            id: "x",
            report: &page.report,
        });
        // Real reports: removals, repairs, decoding.
        let cleaner = Cleaner::new();
        for input in [
            &b"Font Size:\nThe caf\xC3\x83\xC2\xA9 said &amp; \xE2\x80\x9Chi\xE2\x80\x9D.\n"[..],
            b"caf\xE9 cr\xE8me \x81\n",
            b"\xFF\xFEh\x00i\x00",
            b"ok\xF0\x9Fx\n",
        ] {
            let report = cleaner.clean_bytes(input).report;
            same_as_serde(&ReportLine {
                id: "x",
                report: &report,
            });
        }
    }
}
