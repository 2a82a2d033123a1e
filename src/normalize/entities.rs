//! HTML character references in plain text: `&amp;`, `&#8217;`, `&#x2019;`, `&nbsp;`.
//!
//! Scrapers often keep entities when they copy text out of markup, sometimes escaped
//! twice (`&amp;#8217;`). Decoding runs to a fixed point so that cleaning stays
//! idempotent. Left alone on purpose: references without the closing `;` (`&copy`,
//! `AT&T`, `?a=1&b=2`), which in plain text are far more often prose or URLs than markup.

use super::entities_table::ENTITIES;
use super::Edit;

/// The longest named reference in the WHATWG table, without `&` and `;`.
const MAX_NAME: usize = 31;
/// Decoding passes at most; each pass peels one layer of escaping.
pub(super) const MAX_PASSES: usize = 4;

/// Decodes the character references in `text`, one layer of escaping: `&amp;#8217;`
/// becomes `&#8217;`. The caller runs it again on the output (up to [`MAX_PASSES`]
/// times) to reach a fixed point. No edits when the text has no reference.
pub(super) fn decode(text: &str) -> Vec<Edit> {
    let mut edits = Vec::new();
    let mut copied = 0;
    for amp in memchr::memchr_iter(b'&', text.as_bytes()) {
        if amp < copied {
            continue;
        }
        let Some((decoded, len)) = reference_at(&text[amp..]) else {
            continue;
        };
        let with = match decoded {
            Decoded::Char(c) => c.to_string(),
            Decoded::Str(s) => s.to_string(),
        };
        edits.push(Edit::new(amp..amp + len, with));
        copied = amp + len;
    }
    edits
}

enum Decoded {
    Char(char),
    Str(&'static str),
}

/// Parses the reference that starts `s` (which begins with `&`); returns what it stands
/// for and its length in bytes including `&` and `;`.
fn reference_at(s: &str) -> Option<(Decoded, usize)> {
    let b = s.as_bytes();
    if b.get(1) == Some(&b'#') {
        let (digits_at, radix) = match b.get(2) {
            Some(b'x' | b'X') => (3, 16),
            _ => (2, 10),
        };
        let digits = b[digits_at..]
            .iter()
            .take(8)
            .take_while(|c| c.is_ascii_hexdigit() && (radix == 16 || c.is_ascii_digit()))
            .count();
        let semi = digits_at + digits;
        if digits == 0 || b.get(semi) != Some(&b';') {
            return None;
        }
        let n = u32::from_str_radix(&s[digits_at..semi], radix).ok()?;
        return Some((Decoded::Char(numeric(n)), semi + 1));
    }
    let name_len = b[1..]
        .iter()
        .take(MAX_NAME + 1)
        .take_while(|c| c.is_ascii_alphanumeric())
        .count();
    if name_len == 0 || b.get(1 + name_len) != Some(&b';') {
        return None;
    }
    let name = &s[1..1 + name_len];
    let i = ENTITIES.binary_search_by(|(k, _)| k.cmp(&name)).ok()?;
    Some((Decoded::Str(ENTITIES[i].1), name_len + 2))
}

/// A numeric reference's character, with the HTML rules for bad numbers: windows-1252
/// punctuation for 0x80–0x9F (what pages that write `&#146;` mean), U+FFFD for zero,
/// surrogates and values past Unicode.
fn numeric(n: u32) -> char {
    match n {
        0x80..=0x9F => super::windows_1252_c1(n as u8),
        0 => '\u{FFFD}',
        _ => char::from_u32(n).unwrap_or('\u{FFFD}'),
    }
}

#[cfg(test)]
mod tests {
    use super::{decode, MAX_PASSES};

    /// Decodes to a fixed point, as the normalize pipeline does.
    fn d(s: &str) -> String {
        let mut text = s.to_string();
        for _ in 0..MAX_PASSES {
            let edits = decode(&text);
            if edits.is_empty() {
                break;
            }
            text = super::super::apply(&text, &edits);
        }
        text
    }

    #[test]
    fn named_numeric_and_hex() {
        assert_eq!(d("Tom &amp; Jerry"), "Tom & Jerry");
        assert_eq!(d("it&#8217;s"), "it\u{2019}s");
        assert_eq!(d("it&#x2019;s"), "it\u{2019}s");
        assert_eq!(d("a&nbsp;b"), "a\u{a0}b");
        assert_eq!(d("&#146;"), "\u{2019}");
    }

    #[test]
    fn double_escaped_reaches_fixed_point() {
        assert_eq!(d("it&amp;#8217;s"), "it\u{2019}s");
        assert_eq!(d("&amp;amp;"), "&");
    }

    #[test]
    fn leaves_non_references_alone() {
        for s in [
            "AT&T",
            "a=1&b=2",
            "&copy 2019",
            "& so on",
            "&#;",
            "&#xZZ;",
            "&unknown;",
        ] {
            assert!(decode(s).is_empty(), "{s}");
        }
    }
}
