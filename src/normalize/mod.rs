//! Character and whitespace normalization, applied to the text that is left after the
//! removals.
//!
//! Each kind of change is a named step that can be switched off ([`NormOptions`]) and
//! is counted in the report ([`NormCounts`]). The steps run in a fixed order:
//!
//! 1. `entities`: HTML character references decoded (`&amp;`, `&#8217;`, `&nbsp;`).
//! 2. `mojibake`: text that was UTF-8 read with a single-byte encoding repaired
//!    ("cafÃ©" becomes "café"), and C1 controls that stand for windows-1252
//!    punctuation replaced by it (src/normalize/mojibake.rs explains how).
//! 3. `ligatures`: Latin ligatures and digraphs spelled out ("ﬁ" is "fi", "ǌ" is "nj").
//! 4. `fullwidth`: full-width ASCII forms become ASCII ("，" is ","); on in `fix`, off
//!    in `clean`, since CJK text uses them on purpose.
//! 5. `line_endings`: CRLF and lone CR become LF.
//! 6. `controls`: terminal escape sequences, C0/C1 control characters (but tab,
//!    newline and the five C1 controls windows-1252 leaves undefined) and invisible
//!    zero-width characters removed.
//! 7. `quotes`: curly quotes become ASCII.
//! 8. `spaces`: no-break and other Unicode spaces become a plain space.
//! 9. `whitespace`: runs of spaces and tabs become one space.
//! 10. `trim`: spaces at the start and end of each line removed.
//! 11. `nfc`: Unicode canonical composition.
//! 12. `blank_lines`: runs of blank lines become one; none at the start or end.
//! 13. `final_newline`: the text ends with exactly one newline (empty text stays empty).
//!
//! Line structure is kept: a line of the input stays a line of the output.

pub(crate) mod chars;
mod compat;
mod entities;
mod entities_table;
mod mojibake;
mod scan;

use crate::origin::{OriginMap, Replaced};
use crate::report::Repair;
use crate::Span;
use scan::Scan;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::ops::Range;
use std::sync::LazyLock;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Which normalization steps run. [`NormOptions::clean`] turns all on (the default of
/// `deboiler clean`); [`NormOptions::fix`] keeps only the character fixes (`deboiler fix`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NormOptions {
    /// Decode HTML character references.
    pub entities: bool,
    /// Repair mojibake and C1 controls standing for windows-1252 punctuation.
    pub mojibake: bool,
    /// Spell out Latin ligatures and digraphs.
    pub ligatures: bool,
    /// Full-width ASCII forms to ASCII.
    pub fullwidth: bool,
    /// CRLF and CR to LF.
    pub line_endings: bool,
    /// Remove control and zero-width characters.
    pub controls: bool,
    /// Curly quotes to ASCII.
    pub quotes: bool,
    /// No-break and other Unicode spaces to a plain space.
    pub spaces: bool,
    /// Runs of spaces and tabs to one space.
    pub whitespace: bool,
    /// Trim each line.
    pub trim: bool,
    /// Unicode NFC.
    pub nfc: bool,
    /// Runs of blank lines to one, none leading or trailing.
    pub blank_lines: bool,
    /// Exactly one final newline.
    pub final_newline: bool,
}

impl NormOptions {
    /// Every step on: the default for cleaning.
    pub fn clean() -> NormOptions {
        NormOptions {
            entities: true,
            mojibake: true,
            ligatures: true,
            fullwidth: false,
            line_endings: true,
            controls: true,
            quotes: true,
            spaces: true,
            whitespace: true,
            trim: true,
            nfc: true,
            blank_lines: true,
            final_newline: true,
        }
    }

    /// Only the character fixes, no whitespace reflow: the default of `deboiler fix`.
    pub fn fix() -> NormOptions {
        NormOptions {
            fullwidth: true,
            spaces: false,
            whitespace: false,
            trim: false,
            blank_lines: false,
            final_newline: false,
            ..NormOptions::clean()
        }
    }

    /// Every step off.
    pub fn none() -> NormOptions {
        NormOptions {
            entities: false,
            mojibake: false,
            ligatures: false,
            fullwidth: false,
            line_endings: false,
            controls: false,
            quotes: false,
            spaces: false,
            whitespace: false,
            trim: false,
            nfc: false,
            blank_lines: false,
            final_newline: false,
        }
    }

    /// The step names, as used in `--no-normalize NAME` and in [`NormCounts`].
    pub const NAMES: [&'static str; 13] = [
        "entities",
        "mojibake",
        "ligatures",
        "fullwidth",
        "line_endings",
        "controls",
        "quotes",
        "spaces",
        "whitespace",
        "trim",
        "nfc",
        "blank_lines",
        "final_newline",
    ];

    /// Turns the named step on or off; returns `false` for an unknown name.
    pub fn set(&mut self, name: &str, on: bool) -> bool {
        let slot = match name {
            "entities" => &mut self.entities,
            "mojibake" => &mut self.mojibake,
            "ligatures" => &mut self.ligatures,
            "fullwidth" => &mut self.fullwidth,
            "line_endings" => &mut self.line_endings,
            "controls" => &mut self.controls,
            "quotes" => &mut self.quotes,
            "spaces" => &mut self.spaces,
            "whitespace" => &mut self.whitespace,
            "trim" => &mut self.trim,
            "nfc" => &mut self.nfc,
            "blank_lines" => &mut self.blank_lines,
            "final_newline" => &mut self.final_newline,
            _ => return false,
        };
        *slot = on;
        true
    }
}

impl Default for NormOptions {
    fn default() -> NormOptions {
        NormOptions::clean()
    }
}

/// How much each normalization step changed: characters for the character steps, lines
/// for the line steps.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NormCounts {
    /// Character references decoded.
    pub entities: usize,
    /// Damaged sequences decoded by mojibake repair.
    #[serde(default)]
    pub mojibake: usize,
    /// C1 controls replaced by the windows-1252 punctuation they stand for.
    #[serde(default)]
    pub c1_punctuation: usize,
    /// Ligatures and digraphs spelled out.
    #[serde(default)]
    pub ligatures: usize,
    /// Full-width characters mapped to ASCII.
    #[serde(default)]
    pub fullwidth: usize,
    /// Terminal escape sequences removed.
    #[serde(default)]
    pub terminal_escapes: usize,
    /// Line breaks rewritten to LF.
    pub line_endings: usize,
    /// Control and zero-width characters removed.
    pub controls: usize,
    /// Curly quotes straightened.
    pub quotes: usize,
    /// Unicode spaces replaced.
    pub spaces: usize,
    /// Runs of spaces or tabs collapsed (a lone tab counts as a run).
    pub whitespace: usize,
    /// Lines trimmed.
    pub trim: usize,
    /// Lines changed by NFC.
    pub nfc: usize,
    /// Blank lines dropped.
    pub blank_lines: usize,
    /// 1 when the final newline was added or extra ones dropped.
    pub final_newline: usize,
}

impl NormCounts {
    /// Adds another document's counts to these.
    pub fn add(&mut self, o: &NormCounts) {
        self.entities += o.entities;
        self.mojibake += o.mojibake;
        self.c1_punctuation += o.c1_punctuation;
        self.ligatures += o.ligatures;
        self.fullwidth += o.fullwidth;
        self.terminal_escapes += o.terminal_escapes;
        self.line_endings += o.line_endings;
        self.controls += o.controls;
        self.quotes += o.quotes;
        self.spaces += o.spaces;
        self.whitespace += o.whitespace;
        self.trim += o.trim;
        self.nfc += o.nfc;
        self.blank_lines += o.blank_lines;
        self.final_newline += o.final_newline;
    }

    /// Each count with its name, in the order of the fields (and of the report).
    pub fn fields(&self) -> [(&'static str, usize); 15] {
        [
            ("entities", self.entities),
            ("mojibake", self.mojibake),
            ("c1_punctuation", self.c1_punctuation),
            ("ligatures", self.ligatures),
            ("fullwidth", self.fullwidth),
            ("terminal_escapes", self.terminal_escapes),
            ("line_endings", self.line_endings),
            ("controls", self.controls),
            ("quotes", self.quotes),
            ("spaces", self.spaces),
            ("whitespace", self.whitespace),
            ("trim", self.trim),
            ("nfc", self.nfc),
            ("blank_lines", self.blank_lines),
            ("final_newline", self.final_newline),
        ]
    }

    /// Sum of all counts.
    pub fn total(&self) -> usize {
        self.entities
            + self.mojibake
            + self.c1_punctuation
            + self.ligatures
            + self.fullwidth
            + self.terminal_escapes
            + self.line_endings
            + self.controls
            + self.quotes
            + self.spaces
            + self.whitespace
            + self.trim
            + self.nfc
            + self.blank_lines
            + self.final_newline
    }
}

/// One change made by a whole-text step: `range` of its input replaced by `with`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Edit {
    /// The bytes replaced, in the step's input.
    pub(crate) range: Range<usize>,
    /// What replaces them.
    pub(crate) with: String,
    /// How many changes of the step's kind the edit stands for (damaged sequences
    /// decoded, characters mapped).
    pub(crate) count: usize,
    /// For mojibake, the encodings undone, the last damage first.
    pub(crate) encodings: Vec<&'static str>,
}

impl Edit {
    /// One change of `range` to `with`.
    pub(crate) fn new(range: Range<usize>, with: impl Into<String>) -> Edit {
        Edit {
            range,
            with: with.into(),
            count: 1,
            encodings: Vec::new(),
        }
    }
}

impl Replaced for Edit {
    fn range(&self) -> Range<usize> {
        self.range.clone()
    }
    fn new_len(&self) -> usize {
        self.with.len()
    }
}

/// Applies sorted, non-overlapping edits to `text`.
fn apply(text: &str, edits: &[Edit]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in edits {
        out.push_str(&text[at..e.range.start]);
        out.push_str(&e.with);
        at = e.range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// A whole-text step: its edits, sorted and non-overlapping (none when it does not
/// apply, which must be cheap to find out).
type TextStep = fn(&str) -> Vec<Edit>;

/// Where a whole-text step counts its changes.
type Counter = fn(&mut NormCounts) -> &mut usize;

/// The windows-1252 character for a byte 0x80–0x9F: what C1 controls and numeric
/// references in that range stand for on the web (the five bytes windows-1252 leaves
/// undefined map to themselves).
fn windows_1252_c1(byte: u8) -> char {
    let bytes = [byte];
    let (s, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&bytes);
    s.chars().next().unwrap_or(char::from(byte))
}

/// The non-ASCII characters of `text` and their offsets, found by skipping ASCII 16
/// bytes at a time: most of a corpus is ASCII.
fn non_ascii_chars(text: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let bytes = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        i += ascii_prefix(&bytes[i..]);
        let c = text[i..].chars().next()?;
        let at = i;
        i += c.len_utf8();
        Some((at, c))
    })
}

/// How many bytes at the start of `bytes` are ASCII.
fn ascii_prefix(bytes: &[u8]) -> usize {
    const HIGH: u64 = u64::from_le_bytes([0x80; 8]);
    let word = |b: &[u8]| u64::from_le_bytes(b.try_into().expect("eight bytes"));
    let mut i = 0;
    while let Some(block) = bytes.get(i..i + 16) {
        let (lo, hi) = (word(&block[..8]) & HIGH, word(&block[8..]) & HIGH);
        if lo | hi != 0 {
            let first = if lo != 0 {
                lo.trailing_zeros()
            } else {
                64 + hi.trailing_zeros()
            };
            return i + first as usize / 8;
        }
        i += 16;
    }
    let rest = &bytes[i..];
    i + rest.iter().position(|&b| b >= 0x80).unwrap_or(rest.len())
}

/// Runs the enabled steps over `text`.
///
/// ```
/// use deboiler::normalize::{normalize, NormOptions};
/// let (out, counts) = normalize("\u{201C}Hi,\u{201D}  she said.\r\n\r\n\r\nBye", &NormOptions::clean());
/// assert_eq!(out, "\"Hi,\" she said.\n\nBye\n");
/// assert_eq!(counts.quotes, 2);
/// ```
pub fn normalize(text: &str, o: &NormOptions) -> (String, NormCounts) {
    let (out, counts) = run(text, o, None);
    (out.into_owned(), counts)
}

/// [`normalize`], also listing each repair of the whole-text steps with its span in
/// `source`; `text` is `source` with the `removed` spans applied by [`crate::draft`]
/// (none: `text` is `source`). Borrows `text` when nothing changed.
pub(crate) fn normalize_traced<'t>(
    text: &'t str,
    o: &NormOptions,
    source: &str,
    removed: &[Span],
) -> (Cow<'t, str>, NormCounts, Vec<Repair>) {
    let mut trace = Trace {
        source,
        removed,
        origin: None,
        repairs: Vec::new(),
    };
    let (out, counts) = run(text, o, Some(&mut trace));
    (out, counts, trace.repairs)
}

/// What [`normalize_traced`] keeps track of between steps.
struct Trace<'a> {
    source: &'a str,
    /// The spans the draft removed from `source` to give the text normalized.
    removed: &'a [Span],
    /// Maps the current text back to `source`; `None` until a step first changes the
    /// text: most documents have no repair, so the map is built only for the few
    /// that do.
    origin: Option<OriginMap>,
    repairs: Vec<Repair>,
}

impl Trace<'_> {
    /// Records the edits a step made to the current text, `len` bytes long.
    fn record(&mut self, kind: &'static str, edits: &[Edit], len: usize) {
        let (source, removed) = (self.source, self.removed);
        let origin = self
            .origin
            .get_or_insert_with(|| crate::draft::removal_map(source, removed));
        debug_assert_eq!(origin.len(), len, "the map describes the current text");
        for e in edits {
            let span = origin.span(e.range.clone());
            self.repairs.push(Repair {
                kind: kind.to_string(),
                span,
                text: self.source[span.range()].to_string(),
                fixed: e.with.clone(),
                encodings: e.encodings.iter().map(|s| s.to_string()).collect(),
            });
        }
        *origin = origin.after(edits);
    }
}

/// The whole-text steps in order: on or off, name, the [`scan`] flags that must be
/// present for it to have work, step, counter, passes (entities run again on their
/// own output to undo escaping done more than once).
type StepRow = (bool, &'static str, u16, TextStep, Counter, usize);

fn text_steps(o: &NormOptions) -> [StepRow; 6] {
    [
        (
            o.entities,
            "entities",
            scan::AMP,
            entities::decode,
            |c| &mut c.entities,
            entities::MAX_PASSES,
        ),
        (
            o.mojibake,
            "mojibake",
            scan::LEAD | scan::C1,
            mojibake::repair,
            |c| &mut c.mojibake,
            1,
        ),
        (
            o.mojibake,
            "c1_punctuation",
            scan::C1,
            mojibake::c1_to_punctuation,
            |c| &mut c.c1_punctuation,
            1,
        ),
        (
            o.ligatures,
            "ligatures",
            scan::LIGATURE,
            compat::ligatures,
            |c| &mut c.ligatures,
            1,
        ),
        (
            o.fullwidth,
            "fullwidth",
            scan::FULLWIDTH,
            compat::fullwidth,
            |c| &mut c.fullwidth,
            1,
        ),
        (
            o.controls,
            "terminal_escapes",
            scan::ESC,
            compat::terminal_escapes,
            |c| &mut c.terminal_escapes,
            1,
        ),
    ]
}

fn run<'t>(
    text: &'t str,
    o: &NormOptions,
    mut trace: Option<&mut Trace>,
) -> (Cow<'t, str>, NormCounts) {
    let mut counts = NormCounts::default();
    if *o == NormOptions::none() {
        return (Cow::Borrowed(text), counts);
    }
    // Whole-text steps, skipped when the scan shows they have nothing to do; a step
    // that changes the text makes it scanned again.
    let blanks = o.whitespace || o.trim;
    let mut scan = Scan::of(text, blanks);
    let mut owned: Option<String> = None;
    // Most texts hold nothing any whole-text step looks for.
    if scan.any(scan::TEXT_STEPS) {
        for (on, name, needs, step, count, passes) in text_steps(o) {
            if !on || !scan.any(needs) {
                continue;
            }
            for _ in 0..passes {
                let current = owned.as_deref().unwrap_or(text);
                let edits = step(current);
                if edits.is_empty() {
                    break;
                }
                *count(&mut counts) += edits.iter().map(|e| e.count).sum::<usize>();
                if let Some(t) = trace.as_deref_mut() {
                    t.record(name, &edits, current.len());
                }
                let next = apply(current, &edits);
                scan = Scan::of(&next, blanks);
                owned = Some(next);
            }
        }
    }
    // The line steps: which of them the scan shows work for.
    let char_work = (o.controls && scan.any(scan::CONTROL))
        || (o.quotes && scan.any(scan::QUOTE))
        || ((o.spaces || o.whitespace || o.trim) && scan.any(scan::SPACE))
        || ((o.whitespace || o.trim) && scan.any(scan::BLANKS));
    let nfc_work = o.nfc && scan.any(scan::NOT_NFC);
    // With blanks looked for and none found, nor any CR, a blank line is an empty line
    // and the scan knows whether the line structure needs work.
    let gaps_exact = blanks && !scan.any(scan::BLANKS | scan::CR);
    let structure_work = if gaps_exact && o.blank_lines && o.final_newline {
        scan.any(scan::GAPS)
    } else {
        o.blank_lines || o.final_newline
    };
    let line_work = (o.line_endings && scan.any(scan::CR)) || structure_work;
    if !(char_work || nfc_work || line_work) {
        return (owned.map_or(Cow::Borrowed(text), Cow::Owned), counts);
    }
    if gaps_exact && o.blank_lines && o.final_newline && !char_work && !nfc_work {
        // Only the line structure to fix (most documents with removals: a removed
        // paragraph leaves two blank lines in a row), and every blank line is empty.
        let current = owned.as_deref().unwrap_or(text);
        return (Cow::Owned(close_gaps(current, &mut counts)), counts);
    }
    if char_work && !nfc_work && !line_work && !o.whitespace && !o.trim {
        // Only characters to map, none of it about blanks or lines (`fix`): the whole
        // text is mapped at once, as one line.
        let current = owned.as_deref().unwrap_or(text);
        let mut buf = String::new();
        if let Cow::Owned(out) = chars::map_line(current, o, &mut counts, &mut buf) {
            return (Cow::Owned(out), counts);
        }
        return (owned.map_or(Cow::Borrowed(text), Cow::Owned), counts);
    }
    let text = owned.as_deref().unwrap_or(text);
    // An ASCII line has character work only for a control or a blank, and most
    // documents with character work have it for a curly quote or a no-break space.
    let ascii_work = char_work && scan.any(scan::CONTROL | scan::BLANKS);
    let out = line_steps(text, o, &mut counts, char_work, ascii_work, nfc_work);
    (Cow::Owned(out), counts)
}

/// The line steps over `text`, after the whole-text steps: the character steps
/// (`char_work`; on ASCII lines only with `ascii_work`) and NFC (`nfc_work`) only when
/// the scan shows work for them.
fn line_steps(
    text: &str,
    o: &NormOptions,
    counts: &mut NormCounts,
    char_work: bool,
    ascii_work: bool,
    nfc_work: bool,
) -> String {
    let mut out = String::with_capacity(text.len() + 1);
    let mut line_buf = String::new();
    let mut blank_run = 0usize;
    let mut seen_content = false;
    for (line, ending, rewrote) in lines(text, o.line_endings) {
        counts.line_endings += usize::from(rewrote);
        // Mapped lines are left in `line_buf`, not copied.
        let line = if char_work
            && (ascii_work || !line.is_ascii())
            && chars::map_line_into(line, o, counts, &mut line_buf)
        {
            line_buf.as_str()
        } else {
            line
        };
        let line = if nfc_work {
            nfc_line(Cow::Borrowed(line), o, counts)
        } else {
            Cow::Borrowed(line)
        };
        if o.blank_lines && line.bytes().all(|b| matches!(b, b' ' | b'\t' | b'\r')) {
            if !seen_content || blank_run >= 1 {
                counts.blank_lines += 1;
            } else {
                blank_run += 1;
            }
            // Held back: written only when more content follows.
            continue;
        }
        if blank_run > 0 {
            out.push('\n');
            blank_run = 0;
        }
        seen_content = true;
        out.push_str(&line);
        out.push_str(ending);
    }
    counts.blank_lines += blank_run;

    if o.final_newline {
        let body = out.trim_end_matches('\n').len();
        let had = out.len() - body;
        if body == 0 {
            counts.final_newline = usize::from(!out.is_empty());
            out.clear();
        } else if had != 1 {
            out.truncate(body);
            out.push('\n');
            counts.final_newline = 1;
        }
    }
    out
}

/// The line steps for a text whose only work is its line structure and whose blank
/// lines are all empty (no CR, no blank at the edge of a line): what [`line_steps`]
/// gives then. Only runs of three newlines or more (two blank lines or more) change,
/// besides the ends of the text, so the text between them is copied whole: most texts
/// have one or two such runs, where a removed paragraph was.
fn close_gaps(text: &str, counts: &mut NormCounts) -> String {
    static RUN: LazyLock<memchr::memmem::Finder<'static>> =
        LazyLock::new(|| memchr::memmem::Finder::new(b"\n\n\n"));
    let bytes = text.as_bytes();
    let after_newlines = |from: usize| {
        bytes[from..]
            .iter()
            .position(|&b| b != b'\n')
            .map_or(bytes.len(), |p| from + p)
    };
    let mut out = String::with_capacity(text.len() + 1);
    // Blank lines before the first line of content are dropped.
    let mut at = after_newlines(0);
    counts.blank_lines += at;
    // `at` starts a line of content. The first newline of a run ends that line, the
    // others are blank lines: one is kept when more content follows.
    while let Some(i) = RUN.find(&bytes[at..]) {
        let run = at + i;
        let next = after_newlines(run);
        out.push_str(&text[at..=run]);
        let blanks = next - run - 1;
        if next < bytes.len() {
            out.push('\n');
            counts.blank_lines += blanks - 1;
        } else {
            counts.blank_lines += blanks;
        }
        at = next;
    }
    let rest = &text[at..];
    if let Some(body) = rest.strip_suffix("\n\n") {
        // One blank line at the end (two or more were a run above).
        out.push_str(body);
        out.push('\n');
        counts.blank_lines += 1;
    } else {
        out.push_str(rest);
    }
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
        counts.final_newline = 1;
    }
    out
}

/// Splits `text` into lines, their endings, and whether the ending was rewritten. With
/// `fix_endings`, CRLF and CR end a line and become LF; otherwise only LF ends a line
/// and CR stays in it.
fn lines(text: &str, fix_endings: bool) -> impl Iterator<Item = (&str, &'static str, bool)> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let bytes = rest.as_bytes();
        let found = if fix_endings {
            memchr::memchr2(b'\n', b'\r', bytes)
        } else {
            memchr::memchr(b'\n', bytes)
        };
        let Some(i) = found else {
            let line = rest;
            rest = "";
            return Some((line, "", false));
        };
        let line = &rest[..i];
        let ending_len = match (bytes[i], bytes.get(i + 1)) {
            (b'\r', Some(b'\n')) => 2,
            _ => 1,
        };
        rest = &rest[i + ending_len..];
        Some((line, "\n", bytes[i] == b'\r'))
    })
}

fn nfc_line<'a>(
    line: std::borrow::Cow<'a, str>,
    o: &NormOptions,
    counts: &mut NormCounts,
) -> std::borrow::Cow<'a, str> {
    if !o.nfc || line.is_ascii() || is_nfc_quick(line.chars()) == IsNormalized::Yes {
        return line;
    }
    let composed: String = line.nfc().collect();
    if composed == *line {
        return line;
    }
    counts.nfc += 1;
    std::borrow::Cow::Owned(composed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(s: &str) -> String {
        normalize(s, &NormOptions::clean()).0
    }

    #[test]
    fn quotes_spaces_and_runs() {
        assert_eq!(clean("\u{2018}a\u{2019}\u{a0}\u{a0}b\t\tc  "), "'a' b c\n");
    }

    #[test]
    fn blank_lines_collapse_and_edges_drop() {
        assert_eq!(clean("\n\n a\n\n\n\nb\n\n\n"), "a\n\nb\n");
        assert_eq!(clean("   \n\t\n"), "");
        assert_eq!(clean(""), "");
    }

    #[test]
    fn line_endings() {
        let (out, c) = normalize("a\r\nb\rc", &NormOptions::clean());
        assert_eq!(out, "a\nb\nc\n");
        assert_eq!(c.line_endings, 2);
    }

    #[test]
    fn controls_and_zero_width_go_but_joiners_stay() {
        assert_eq!(clean("a\u{200b}b\u{7}c\u{feff}d"), "abcd\n");
        // ZWJ builds emoji sequences and ZWNJ is orthographic in Persian: kept.
        assert_eq!(
            clean("\u{1F469}\u{200D}\u{1F4BB} \u{200C}"),
            "\u{1F469}\u{200D}\u{1F4BB} \u{200C}\n"
        );
    }

    #[test]
    fn nfc_composes() {
        assert_eq!(clean("Cafe\u{301}"), "Caf\u{e9}\n");
    }

    #[test]
    fn fix_keeps_whitespace() {
        let (out, _) = normalize(
            "  \u{201C}a\u{201D}  &amp;\u{a0}\n\n\n",
            &NormOptions::fix(),
        );
        assert_eq!(out, "  \"a\"  &\u{a0}\n\n\n");
    }

    /// The scan only skips work: every text, whatever the steps, comes out as when
    /// every line goes through every line step.
    #[test]
    fn skipping_by_the_scan_changes_nothing() {
        let alphabet = [
            "a", " ", "\n", "\r", "\t", "\u{a0}", "\u{2019}", "e\u{301}", "\u{1}",
        ];
        let mut options = vec![NormOptions::clean(), NormOptions::fix()];
        for base in [NormOptions::clean(), NormOptions::fix()] {
            for name in NormOptions::NAMES {
                let mut o = base;
                o.set(name, false);
                options.push(o);
            }
        }
        let texts = crate::testing::texts_over(&alphabet, 4);
        for o in &options {
            for text in &texts {
                let mut counts = NormCounts::default();
                let every = line_steps(text, o, &mut counts, true, true, true);
                assert_eq!(normalize(text, o), (every, counts), "{text:?} {o:?}");
            }
        }
    }

    #[test]
    fn idempotent_on_tricky_input() {
        for s in [
            "&amp;amp;lt;",
            "a \u{2002}\u{2003} b",
            "x\r\r\ny",
            "\u{2000}",
        ] {
            let once = clean(s);
            assert_eq!(clean(&once), once, "{s:?}");
        }
    }
}
