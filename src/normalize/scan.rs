//! One pass over a text that finds which kinds of characters it holds, so that the
//! normalization steps that cannot change it are skipped without each scanning it.
//!
//! Clean text is the common case: most of a corpus is ASCII prose with the odd curly
//! quote or accented letter. The scan looks at ASCII bytes through a table and decodes
//! only the non-ASCII characters.

use super::chars::{class, Class};
use super::{compat, mojibake};
use std::sync::LazyLock;
use unicode_normalization::{is_nfc_quick, IsNormalized};

/// A set of [`Scan`] flags.
type Flags = u16;

/// `&`: an HTML reference may start here.
pub(super) const AMP: Flags = 1;
/// ESC: a terminal escape sequence may start here.
pub(super) const ESC: Flags = 1 << 1;
/// CR: a line ending to rewrite.
pub(super) const CR: Flags = 1 << 2;
/// A character the `controls` step removes (C0 but tab and line breaks, DEL, C1,
/// zero-width).
pub(super) const CONTROL: Flags = 1 << 3;
/// A tab, or a space after a space or at a line edge: work for `whitespace` or `trim`.
pub(super) const BLANKS: Flags = 1 << 4;
/// A curly quote.
pub(super) const QUOTE: Flags = 1 << 5;
/// A Unicode space other than U+0020.
pub(super) const SPACE: Flags = 1 << 6;
/// A character that may stand for a UTF-8 lead byte in mojibake, where it gives its
/// word a sign of damage (followed by a non-ASCII character, '?' or the end of the
/// word; see `mojibake::lead_gives_sign`).
pub(super) const LEAD: Flags = 1 << 7;
/// A C1 control (U+0080–U+009F).
pub(super) const C1: Flags = 1 << 8;
/// A Latin ligature or digraph.
pub(super) const LIGATURE: Flags = 1 << 9;
/// A full-width ASCII form or the ideographic space.
pub(super) const FULLWIDTH: Flags = 1 << 10;
/// A character that may not be in NFC.
pub(super) const NOT_NFC: Flags = 1 << 11;
/// What some whole-text step looks for.
pub(super) const TEXT_STEPS: Flags = AMP | ESC | LEAD | C1 | LIGATURE | FULLWIDTH;
/// Line structure to fix: a blank line at the start or end, two blank lines in a row,
/// or no single final newline. Only looked for with [`BLANKS`], and only exact without
/// [`BLANKS`] and [`CR`]: then a blank line is an empty line, and this is the text
/// starting with a newline, holding three in a row, or not ending in exactly one.
pub(super) const GAPS: Flags = 1 << 12;

/// The flags of a text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Scan(Flags);

impl Scan {
    /// Scans `text`: the ASCII flags in branch-free passes over the bytes (which the
    /// compiler vectorizes), then each non-ASCII character, if there is any. `blanks`:
    /// whether to look for [`BLANKS`] and [`GAPS`] (only the `whitespace` and `trim`
    /// steps need them).
    pub(super) fn of(text: &str, blanks: bool) -> Scan {
        let (mut flags, non_ascii) = ascii_flags(text.as_bytes(), blanks);
        if non_ascii {
            for (at, c) in super::non_ascii_chars(text) {
                let mut found = char_flags(c);
                if found & LEAD != 0 && !mojibake::lead_gives_sign(text, at + c.len_utf8()) {
                    found &= !LEAD;
                }
                flags |= found;
            }
        }
        Scan(flags)
    }

    /// Whether any of `flags` is set.
    pub(super) fn any(self, flags: Flags) -> bool {
        self.0 & flags != 0
    }
}

/// The flags that ASCII bytes raise, and whether there is any non-ASCII byte: with the
/// vector code of [`ascii_flags_avx2`] where the processor has AVX2, else of
/// [`ascii_flags_any_cpu`].
fn ascii_flags(bytes: &[u8], look_for_blanks: bool) -> (Flags, bool) {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the function needs nothing but AVX2, and the processor has just been
        // found to support it.
        return unsafe { ascii_flags_avx2(bytes, look_for_blanks) };
    }
    ascii_flags_any_cpu(bytes, look_for_blanks)
}

/// [`ascii_flags_any_cpu`] compiled for AVX2: the compiler then tests 32 bytes at a
/// time instead of 16, which takes the scan (the one pass over every document that
/// normalization always makes) from about 2.9 instructions a byte to 1.6.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn ascii_flags_avx2(bytes: &[u8], look_for_blanks: bool) -> (Flags, bool) {
    ascii_flags_any_cpu(bytes, look_for_blanks)
}

/// [`ascii_flags`] on any processor.
///
/// Each loop below folds its whole input with `|` and no early exit, so that the
/// compiler turns it into vector code; most texts need only the first and the last.
#[inline(always)]
fn ascii_flags_any_cpu(bytes: &[u8], look_for_blanks: bool) -> (Flags, bool) {
    // Every byte ORed together (bit 7: non-ASCII), and whether any byte is one of the
    // rare ones the single-byte flags are about.
    let (mut all, mut rare) = (0u8, false);
    for &b in bytes {
        all |= b;
        rare |= (b < 0x20) & (b != b'\n') | (b == 0x7f) | (b == b'&');
    }
    let mut flags = 0;
    if rare {
        let (mut amp, mut esc, mut cr, mut control, mut tab) = (false, false, false, false, false);
        for &b in bytes {
            amp |= b == b'&';
            esc |= b == 0x1b;
            cr |= b == b'\r';
            control |= (b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r') | (b == 0x7f);
            tab |= b == b'\t';
        }
        for (on, flag) in [
            (amp, AMP),
            (esc, ESC | CONTROL),
            (cr, CR),
            (control, CONTROL),
            (tab, BLANKS),
        ] {
            if on {
                flags |= flag;
            }
        }
    }
    if look_for_blanks {
        flags |= if flags & CR != 0 {
            blanks_and_gaps::<true>(bytes)
        } else {
            blanks_and_gaps::<false>(bytes)
        };
    }
    (flags, all >= 0x80)
}

/// [`BLANKS`] but tabs (a space beside a space or a line break, or at either end) and
/// [`GAPS`]. `CR`: whether the text holds a CR (a line break to look at too).
#[inline(always)]
fn blanks_and_gaps<const CR: bool>(bytes: &[u8]) -> Flags {
    let edge = |x: u8| (x == b' ') | (x == b'\n') | (CR & (x == b'\r'));
    let pair = |a: u8, b: u8| ((a == b' ') & edge(b)) | ((b == b' ') & edge(a));
    let n = bytes.len();
    let (mut blanks, mut gaps) = (false, false);
    if n >= 3 {
        for ((&a, &b), &c) in bytes[..n - 2].iter().zip(&bytes[1..n - 1]).zip(&bytes[2..]) {
            blanks |= pair(a, b);
            gaps |= (a == b'\n') & (b == b'\n') & (c == b'\n');
        }
    }
    if let [.., a, b] = bytes {
        blanks |= pair(*a, *b);
        gaps |= *a == b'\n' && *b == b'\n';
    }
    if let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) {
        blanks |= first == b' ' || last == b' ';
        gaps |= first == b'\n' || last != b'\n';
    }
    let mut flags = 0;
    if blanks {
        flags |= BLANKS;
    }
    if gaps {
        flags |= GAPS;
    }
    flags
}

/// The flags of U+0080 to U+20FF (the Latin, Greek and Cyrillic letters, the general
/// punctuation: most of the non-ASCII characters of most text), worked out once.
static COMMON: LazyLock<Vec<Flags>> = LazyLock::new(|| {
    (0x80..0x2100)
        .map(|u| char::from_u32(u).map_or(0, work_out_flags))
        .collect()
});

/// The flags of a non-ASCII character.
fn char_flags(c: char) -> Flags {
    match COMMON.get((c as usize).wrapping_sub(0x80)) {
        Some(&flags) => flags,
        None => work_out_flags(c),
    }
}

/// The flags of a non-ASCII character, from the tests of each step.
fn work_out_flags(c: char) -> Flags {
    let mut flags = match class(c) {
        Class::Control => CONTROL,
        Class::Single | Class::Double => QUOTE,
        Class::Space => SPACE,
        Class::Keep | Class::Blank => 0,
    };
    if ('\u{80}'..='\u{9f}').contains(&c) {
        flags |= C1;
    }
    if mojibake::is_lead(c) {
        flags |= LEAD;
    }
    if compat::is_ligature(c) {
        flags |= LIGATURE;
    }
    if compat::is_fullwidth(c) {
        flags |= FULLWIDTH;
    }
    if is_nfc_quick(std::iter::once(c)) != IsNormalized::Yes {
        flags |= NOT_NFC;
    }
    flags
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_ascii_prose_sets_nothing() {
        assert_eq!(Scan::of("The council met.\nIt voted.\n", true), Scan(0));
    }

    #[test]
    fn finds_each_kind() {
        for (text, flag) in [
            ("AT&amp;T", AMP),
            ("\x1b[0m", ESC),
            ("a\r\nb", CR),
            ("a\u{7}b", CONTROL),
            ("a\u{200b}b", CONTROL),
            ("a\tb", BLANKS),
            ("a  b", BLANKS),
            (" a", BLANKS),
            ("a \nb", BLANKS),
            ("a ", BLANKS),
            ("it\u{2019}s", QUOTE),
            ("a\u{a0}b", SPACE),
            ("caf\u{c3}\u{a9}", LEAD),
            ("\u{85}", C1),
            ("\u{fb01}ne", LIGATURE),
            ("\u{ff21}", FULLWIDTH),
            ("e\u{301}", NOT_NFC),
        ] {
            assert!(Scan::of(text, true).any(flag), "{text:?}");
        }
        assert!(!Scan::of("a b\nc d", true).any(BLANKS));
        for text in ["\na\n", "a", "a\n\n", "a\n\n\nb\n", "\n"] {
            assert!(Scan::of(text, true).any(GAPS), "{text:?}");
        }
        for text in ["", "a\n", "a\n\nb\n", "a\nb\n"] {
            assert!(!Scan::of(text, true).any(GAPS), "{text:?}");
        }
        assert!(!Scan::of("a  b", false).any(BLANKS));
        assert!(Scan::of("a\tb", false).any(BLANKS));
        assert!(!Scan::of("\u{4e2d}\u{6587}", true).any(LEAD | NOT_NFC | FULLWIDTH));
        assert!(!Scan::of("it\u{2019}s", true).any(LEAD));
        assert!(Scan::of("it\u{2019} s", true).any(LEAD));
    }

    /// Without [`LEAD`] and [`C1`], mojibake repair changes nothing: every text of up
    /// to five characters from an alphabet of damage, letters and word ends.
    #[test]
    fn no_lead_no_repair() {
        let alphabet = [
            "a", " ", "?", "\n", "\u{c3}", "\u{a9}", "\u{2019}", "\u{e2}", "\u{80}",
        ];
        for text in crate::testing::texts_over(&alphabet, 5) {
            if !Scan::of(&text, true).any(LEAD | C1) {
                assert!(mojibake::repair(&text).is_empty(), "{text:?}");
            }
        }
    }

    /// The vector code chosen for the processor gives what the code for any processor
    /// gives, on texts long enough for the vector loops and their tails.
    #[test]
    fn every_processor_agrees() {
        let prose = "The council met on Tuesday and voted. ".repeat(3);
        let mut texts = vec![String::new(), prose.clone()];
        for odd in [
            "  ", " \n", "\n ", "\n\n\n", "\t", "\r", " \r", "&", "\x1b", "\x7f", "\u{1}", "\u{e9}",
        ] {
            for at in [0, 1, 15, 16, 31, 32, 33, 60, prose.len()] {
                let mut text = prose.clone();
                text.insert_str(at, odd);
                texts.push(text.clone());
                texts.push(format!("{text}\n"));
            }
        }
        for text in &texts {
            for blanks in [false, true] {
                assert_eq!(
                    ascii_flags(text.as_bytes(), blanks),
                    ascii_flags_any_cpu(text.as_bytes(), blanks),
                    "{text:?}"
                );
            }
        }
    }
}
