//! One pass over a text that finds which kinds of characters it holds, so that the
//! normalization steps that cannot change it are skipped without each scanning it.
//!
//! Clean text is the common case: most of a corpus is ASCII prose with the odd curly
//! quote or accented letter. The scan looks at ASCII bytes through a table and decodes
//! only the non-ASCII characters.

use super::chars::{class, Class};
use super::{compat, mojibake};
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
/// A character that may stand for a UTF-8 lead byte in mojibake.
pub(super) const LEAD: Flags = 1 << 7;
/// A C1 control (U+0080–U+009F).
pub(super) const C1: Flags = 1 << 8;
/// A Latin ligature or digraph.
pub(super) const LIGATURE: Flags = 1 << 9;
/// A full-width ASCII form or the ideographic space.
pub(super) const FULLWIDTH: Flags = 1 << 10;
/// A character that may not be in NFC.
pub(super) const NOT_NFC: Flags = 1 << 11;

/// The flags of a text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Scan(Flags);

impl Scan {
    /// Scans `text`: the ASCII flags in branch-free passes over the bytes (which the
    /// compiler vectorizes), then each non-ASCII character, if there is any. `blanks`:
    /// whether to look for [`BLANKS`] (only the `whitespace` and `trim` steps need it).
    pub(super) fn of(text: &str, blanks: bool) -> Scan {
        let (mut flags, non_ascii) = ascii_flags(text.as_bytes(), blanks);
        if non_ascii {
            for (_, c) in super::non_ascii_chars(text) {
                flags |= char_flags(c);
            }
        }
        Scan(flags)
    }

    /// Whether any of `flags` is set.
    pub(super) fn any(self, flags: Flags) -> bool {
        self.0 & flags != 0
    }
}

/// The flags that ASCII bytes raise, and whether there is any non-ASCII byte.
fn ascii_flags(bytes: &[u8], look_for_blanks: bool) -> (Flags, bool) {
    let (mut amp, mut esc, mut cr, mut control, mut blanks) = (false, false, false, false, false);
    let mut high = false;
    for &b in bytes {
        high |= b >= 0x80;
        amp |= b == b'&';
        esc |= b == 0x1b;
        cr |= b == b'\r';
        control |= (b < 0x20 && b != b'\t' && b != b'\n' && b != b'\r') || b == 0x7f;
        blanks |= b == b'\t';
    }
    if look_for_blanks {
        // A space beside a space or a line break: a run to collapse or an edge to trim.
        for (&a, &b) in bytes.iter().zip(bytes.iter().skip(1)) {
            let edge = |x: u8| x == b' ' || x == b'\n' || x == b'\r';
            blanks |= (a == b' ' && edge(b)) || (b == b' ' && edge(a));
        }
        blanks |= bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ');
    }
    let mut flags = 0;
    for (on, flag) in [
        (amp, AMP),
        (esc, ESC | CONTROL),
        (cr, CR),
        (control, CONTROL),
        (blanks, BLANKS),
    ] {
        if on {
            flags |= flag;
        }
    }
    (flags, high)
}

/// The flags of a non-ASCII character.
fn char_flags(c: char) -> Flags {
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
        assert!(!Scan::of("a  b", false).any(BLANKS));
        assert!(Scan::of("a\tb", false).any(BLANKS));
        assert!(!Scan::of("\u{4e2d}\u{6587}", true).any(LEAD | NOT_NFC | FULLWIDTH));
    }
}
