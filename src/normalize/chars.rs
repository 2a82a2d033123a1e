//! The per-character steps of normalization on one line: controls, quotes, spaces,
//! whitespace runs and trimming, in a single pass.

use super::{NormCounts, NormOptions};
use std::borrow::Cow;

/// What one character is, for the purposes of normalization.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    /// An ordinary character, kept as it is.
    Keep,
    /// A control or invisible zero-width character: removed.
    Control,
    /// A curly single quote: becomes `'`.
    Single,
    /// A curly double quote: becomes `"`.
    Double,
    /// A Unicode space other than U+0020: becomes a space.
    Space,
    /// A plain space or a tab.
    Blank,
}

/// Classifies a character.
///
/// Controls are C0 (but tab, LF and CR, which are structure), DEL and C1, plus the
/// invisible characters that only break words apart in scraped text: zero-width space,
/// word joiner, a BOM inside the text and the soft hyphen. Left alone: ZWJ (emoji
/// sequences and Indic scripts need it), ZWNJ (orthographic in Persian), the
/// bidirectional marks (they change how mixed Hebrew or Arabic text displays), and the
/// five C1 controls windows-1252 leaves undefined (U+0081, U+008D, U+008F, U+0090,
/// U+009D): the other C1 controls stand for punctuation and are repaired or dropped,
/// but these stand for nothing known, so they may well be data and are kept.
pub(crate) fn class(c: char) -> Class {
    match c {
        ' ' | '\t' => Class::Blank,
        '\u{81}' | '\u{8d}' | '\u{8f}' | '\u{90}' | '\u{9d}' => Class::Keep,
        '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{7f}'..='\u{9f}' => {
            Class::Control
        }
        '\u{200b}' | '\u{2060}' | '\u{feff}' | '\u{ad}' => Class::Control,
        '\u{2018}'..='\u{201b}' => Class::Single,
        '\u{201c}'..='\u{201f}' => Class::Double,
        '\u{a0}' | '\u{1680}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}' => {
            Class::Space
        }
        _ => Class::Keep,
    }
}

/// Where the first byte of `bytes` that is not `plain` is, when `plain` accepts every
/// printable ASCII byte, space and tab (the `fix` case): eight bytes at a time are
/// skipped while none is a control, DEL or non-ASCII.
fn find_not_plain(bytes: &[u8], plain: impl Fn(u8) -> bool) -> Option<usize> {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    let mut i = 0;
    while i < bytes.len() {
        if let Some(chunk) = bytes.get(i..i + 8) {
            let w = u64::from_ne_bytes(chunk.try_into().expect("eight bytes"));
            let non_ascii = w & HIGH;
            // Some byte below 0x20; some byte equal to 0x7F (exact as a yes or no).
            let control = w.wrapping_sub(ONES * 0x20) & !w & HIGH;
            let del = (w ^ (ONES * 0x7F)).wrapping_sub(ONES) & !(w ^ (ONES * 0x7F)) & HIGH;
            if non_ascii | control | del == 0 {
                i += 8;
                continue;
            }
        }
        let end = bytes.len().min(i + 8);
        if let Some(p) = bytes[i..end].iter().position(|&b| !plain(b)) {
            return Some(i + p);
        }
        i = end;
    }
    None
}

/// Whether a byte can only start an ASCII character that no step changes.
fn plain_ascii(b: u8) -> bool {
    (0x21..0x7f).contains(&b)
}

/// The length of the run at the start of `bytes` that the character steps copy as it
/// is when they look at blanks: printable ASCII, with single spaces between printable
/// characters (a space there is neither part of a run nor at an edge).
fn kept_run(bytes: &[u8]) -> usize {
    let mut j = 0;
    loop {
        j += bytes[j..]
            .iter()
            .position(|&b| !plain_ascii(b))
            .unwrap_or(bytes.len() - j);
        let space_between = j > 0
            && bytes.get(j) == Some(&b' ')
            && bytes.get(j + 1).is_some_and(|&b| plain_ascii(b));
        if !space_between {
            return j;
        }
        j += 2;
    }
}

/// Applies the character steps to one line (without its ending), or to a whole text
/// when no step looks at blanks (`whitespace`, `trim`): then nothing depends on where
/// lines end. Borrows when nothing changes, which is the common case for clean ASCII
/// text.
pub(super) fn map_line<'a>(
    line: &'a str,
    o: &NormOptions,
    counts: &mut NormCounts,
    buf: &mut String,
) -> Cow<'a, str> {
    if map_line_into(line, o, counts, buf) {
        Cow::Owned(std::mem::take(buf))
    } else {
        Cow::Borrowed(line)
    }
}

/// [`map_line`] without a copy: the mapped line is left in `buf` when it differs from
/// `line` (returns `true`); otherwise `buf` holds nothing of use.
pub(super) fn map_line_into(
    line: &str,
    o: &NormOptions,
    counts: &mut NormCounts,
    buf: &mut String,
) -> bool {
    map_line_with(line, o, counts, buf, kept_run)
}

/// [`map_line_into`], copying the runs `kept` finds as they are when a step looks at
/// blanks (the tests compare [`kept_run`] with runs of printable ASCII alone).
fn map_line_with(
    line: &str,
    o: &NormOptions,
    counts: &mut NormCounts,
    buf: &mut String,
    kept: fn(&[u8]) -> usize,
) -> bool {
    // Spaces and tabs are plain too when no step looks at runs of them.
    let loose = !o.whitespace && !o.trim;
    let plain = |b: u8| plain_ascii(b) || (loose && (b == b' ' || b == b'\t'));
    let untouched = if loose {
        !needs_work_loose(line, o, plain)
    } else if line.is_ascii() {
        // Bytes are characters here: no UTF-8 decoding.
        !needs_work_ascii(line.as_bytes(), o)
    } else {
        // Checking every character first costs more than mapping the line, which
        // copies plain runs whole and gives the line back when nothing changed.
        false
    };
    if untouched {
        return false;
    }
    buf.clear();
    let mut pending_blank: Option<&str> = None; // a run of blanks not yet written
    let mut run_len = 0usize;
    let mut run_plain = true; // the run is exactly one U+0020
    let mut leading = true;
    let mut trimmed = false;
    let mut run_start = 0;
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // Copy a run of plain ASCII at once.
        let run = if loose {
            find_not_plain(&bytes[i..], plain).unwrap_or(bytes.len() - i)
        } else {
            kept(&bytes[i..])
        };
        if run > 0 {
            if let Some(blanks) = pending_blank.take() {
                trimmed |= flush(buf, blanks, leading, run_plain, o, counts);
                run_len = 0;
            }
            leading = false;
            buf.push_str(&line[i..i + run]);
            i += run;
            continue;
        }
        let c = line[i..].chars().next().expect("a character starts here");
        let at = i;
        i += c.len_utf8();
        let cls = class(c);
        let mapped = match cls {
            Class::Control if o.controls => {
                counts.controls += 1;
                continue;
            }
            Class::Single if o.quotes => {
                counts.quotes += 1;
                '\''
            }
            Class::Double if o.quotes => {
                counts.quotes += 1;
                '"'
            }
            Class::Space if o.spaces => {
                counts.spaces += 1;
                ' '
            }
            _ => c,
        };
        if mapped == ' ' || mapped == '\t' {
            if run_len == 0 {
                run_start = at;
                run_plain = true;
            }
            run_len += 1;
            run_plain &= run_len == 1 && mapped == ' ';
            pending_blank = Some(&line[run_start..i]);
            continue;
        }
        if let Some(blanks) = pending_blank.take() {
            trimmed |= flush(buf, blanks, leading, run_plain, o, counts);
            run_len = 0;
        }
        leading = false;
        buf.push(mapped);
    }
    if let Some(blanks) = pending_blank {
        // Trailing blanks are an edge like leading ones.
        trimmed |= flush(buf, blanks, true, run_plain, o, counts);
    }
    if trimmed {
        counts.trim += 1;
    }
    buf != line
}

/// Writes a run of blanks that ends (`edge`: at the start or end of the line, where
/// trimming drops it); returns whether it was trimmed.
fn flush(
    buf: &mut String,
    blanks: &str,
    edge: bool,
    plain: bool,
    o: &NormOptions,
    counts: &mut NormCounts,
) -> bool {
    if edge && o.trim {
        return true;
    }
    push_run(buf, blanks, plain, o, counts);
    false
}

/// Writes a run of blanks: one space when collapsing, else the run with its Unicode
/// spaces already mapped (`spaces`) or kept as they were.
fn push_run(buf: &mut String, run: &str, plain: bool, o: &NormOptions, counts: &mut NormCounts) {
    if o.whitespace {
        if !plain {
            counts.whitespace += 1;
        }
        buf.push(' ');
        return;
    }
    for c in run.chars() {
        match class(c) {
            Class::Space if o.spaces => buf.push(' '),
            Class::Control if o.controls => {}
            _ => buf.push(c),
        }
    }
}

/// Whether any enabled step could change `line` when no step looks at blanks (`fix`):
/// only the characters that are not `plain` are looked at.
fn needs_work_loose(line: &str, o: &NormOptions, plain: impl Fn(u8) -> bool) -> bool {
    let bytes = line.as_bytes();
    let mut i = 0;
    while let Some(skip) = find_not_plain(&bytes[i..], &plain) {
        i += skip;
        let c = line[i..].chars().next().expect("a character starts here");
        let hit = match class(c) {
            Class::Control => o.controls,
            Class::Single | Class::Double => o.quotes,
            Class::Space => o.spaces,
            Class::Keep | Class::Blank => false,
        };
        if hit {
            return true;
        }
        i += c.len_utf8();
    }
    false
}

/// Whether any enabled step could change an ASCII line when a step looks at blanks
/// (`whitespace` or `trim`), in branch-free passes the compiler vectorizes: a control
/// character, a tab (for `whitespace`), a blank at either end (at the end only for
/// `trim`) or two blanks in a row.
fn needs_work_ascii(line: &[u8], o: &NormOptions) -> bool {
    debug_assert!(o.whitespace || o.trim);
    let blank = |b: u8| (b == b' ') | (b == b'\t');
    let (Some(&first), Some(&last)) = (line.first(), line.last()) else {
        return false;
    };
    if blank(first) || (o.trim && blank(last)) {
        return true;
    }
    let (mut control, mut tab) = (false, false);
    for &b in line {
        // What `class` calls a control, for ASCII.
        control |= (b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r') | (b == 0x7f);
        tab |= b == b'\t';
    }
    let pairs = line
        .iter()
        .zip(&line[1..])
        .fold(false, |any, (&a, &b)| any | (blank(a) & blank(b)));
    (o.controls && control) || (o.whitespace && tab) || pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether any enabled step could change `line`: what [`needs_work_ascii`] answers
    /// for ASCII, and what mapping a line that needs no work must keep as it is.
    fn needs_work(line: impl Iterator<Item = char>, o: &NormOptions) -> bool {
        let mut prev_blank = true; // a blank at the start is a trim
        let mut empty = true;
        for c in line {
            empty = false;
            let hit = match class(c) {
                Class::Keep => false,
                Class::Control => o.controls,
                Class::Single | Class::Double => o.quotes,
                Class::Space => o.spaces || o.whitespace || o.trim,
                Class::Blank => {
                    (o.whitespace && (prev_blank || c == '\t')) || (o.trim && prev_blank)
                }
            };
            if hit {
                return true;
            }
            prev_blank = matches!(class(c), Class::Blank | Class::Space);
        }
        prev_blank && !empty && o.trim
    }

    #[test]
    fn kept_runs_change_nothing() {
        let printable = |b: &[u8]| b.iter().position(|&c| !plain_ascii(c)).unwrap_or(b.len());
        let alphabet = ["a", " ", "\t", "\u{a0}", "\u{2019}", "\u{1}", "\u{200b}"];
        let lines = crate::testing::texts_over(&alphabet, 5);
        let mut options = vec![NormOptions::clean()];
        for name in ["whitespace", "trim", "controls", "quotes", "spaces"] {
            let mut o = NormOptions::clean();
            o.set(name, false);
            options.push(o);
        }
        for o in &options {
            for line in &lines {
                let (mut a, mut b) = (NormCounts::default(), NormCounts::default());
                let mapped = |counts: &mut NormCounts, kept: fn(&[u8]) -> usize| {
                    let mut buf = String::new();
                    if map_line_with(line, o, counts, &mut buf, kept) {
                        buf
                    } else {
                        line.clone()
                    }
                };
                let ours = mapped(&mut a, kept_run);
                let theirs = mapped(&mut b, printable);
                if !needs_work(line.chars(), o) {
                    assert_eq!((&ours, a), (line, NormCounts::default()), "{line:?} {o:?}");
                }
                assert_eq!((ours, a), (theirs, b), "{line:?} {o:?}");
            }
        }
    }

    #[test]
    fn needs_work_ascii_agrees_with_needs_work() {
        let alphabet = ["a", " ", "\t", "\r", "\u{1}", "\u{7f}"];
        let mut options = Vec::new();
        for (whitespace, trim, controls) in [
            (true, true, true),
            (true, false, true),
            (false, true, true),
            (true, true, false),
            (false, true, false),
        ] {
            options.push(NormOptions {
                whitespace,
                trim,
                controls,
                ..NormOptions::clean()
            });
        }
        // Every line of up to four characters from the alphabet.
        let lines = crate::testing::texts_over(&alphabet, 4);
        for o in &options {
            for line in &lines {
                assert_eq!(
                    needs_work_ascii(line.as_bytes(), o),
                    needs_work(line.chars(), o),
                    "{line:?} {o:?}"
                );
            }
        }
    }

    #[test]
    fn find_not_plain_agrees_with_a_byte_loop() {
        let plain = |b: u8| plain_ascii(b) || b == b' ' || b == b'\t';
        let long = "plain words and more plain words ".repeat(3);
        for text in [
            "",
            "short",
            long.as_str(),
            &format!("{long}\u{2019}"),
            &format!("{long}\u{7f}x"),
            &format!("{long}\u{1}x"),
            &format!("\t{long}\tx"),
            &format!("{long}\u{1f}"),
            "caf\u{e9}",
            "a~~~~~~~~~~~~~~~\u{7f}",
        ] {
            let bytes = text.as_bytes();
            assert_eq!(
                find_not_plain(bytes, plain),
                bytes.iter().position(|&b| !plain(b)),
                "{text:?}"
            );
        }
    }
}
