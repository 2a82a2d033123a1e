//! Compatibility characters that scraped text is better without: Latin ligatures and
//! digraphs ("ﬁ" is "fi", "ǌ" is "nj"), full-width ASCII ("，" is ","), and terminal
//! escape sequences ("\x1b[31m").
//!
//! Left alone: every other compatibility character (superscripts, fractions, circled
//! numbers, CJK compatibility ideographs), which carry meaning NFKC would erase; and
//! full-width forms when cleaning, because CJK text uses them on purpose (`fix` maps
//! them, as ftfy does).

/// What a Latin ligature or digraph stands for, if `c` is one.
fn ligature(c: char) -> Option<&'static str> {
    Some(match c {
        'ﬀ' => "ff",
        'ﬁ' => "fi",
        'ﬂ' => "fl",
        'ﬃ' => "ffi",
        'ﬄ' => "ffl",
        'ﬅ' | 'ﬆ' => "st",
        'Ĳ' => "IJ",
        'ĳ' => "ij",
        'Ǆ' => "DŽ",
        'ǅ' => "Dž",
        'ǆ' => "dž",
        'Ǉ' => "LJ",
        'ǈ' => "Lj",
        'ǉ' => "lj",
        'Ǌ' => "NJ",
        'ǋ' => "Nj",
        'ǌ' => "nj",
        // Afrikaans 'n, written with a right single quote like other apostrophes.
        'ŉ' => "\u{2019}n",
        _ => return None,
    })
}

/// Replaces ligatures and digraphs; `None` when there is none.
pub(super) fn ligatures(text: &str) -> Option<(String, usize)> {
    replace_chars(text, |c| ligature(c).map(Replacement::Str))
}

/// Maps full-width ASCII (U+FF01–U+FF5E) and the ideographic space to ASCII.
pub(super) fn fullwidth(text: &str) -> Option<(String, usize)> {
    replace_chars(text, |c| match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFF01 + 0x21).map(Replacement::Char),
        0x3000 => Some(Replacement::Char(' ')),
        _ => None,
    })
}

enum Replacement {
    Char(char),
    Str(&'static str),
}

fn replace_chars(text: &str, f: impl Fn(char) -> Option<Replacement>) -> Option<(String, usize)> {
    if text.is_ascii() || !text.chars().any(|c| f(c).is_some()) {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut n = 0;
    for c in text.chars() {
        match f(c) {
            Some(Replacement::Char(r)) => out.push(r),
            Some(Replacement::Str(r)) => out.push_str(r),
            None => {
                out.push(c);
                continue;
            }
        }
        n += 1;
    }
    Some((out, n))
}

/// Removes terminal (ANSI) escape sequences: CSI sequences such as "\x1b[1;31m" and
/// "\x1b[K", and OSC sequences ending in BEL or ST. The lone ESC of anything else is
/// left to the `controls` step.
pub(super) fn terminal_escapes(text: &str) -> Option<(String, usize)> {
    memchr::memchr(0x1b, text.as_bytes())?;
    let re = crate::rules::re!(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)");
    let n = re.find_iter(text).count();
    (n > 0).then(|| (re.replace_all(text, "").into_owned(), n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ligatures_and_digraphs() {
        assert_eq!(ligatures("signiﬁcant ﬂow").unwrap().0, "significant flow");
        assert_eq!(
            ligatures("korišteǌem dovoǉno").unwrap().0,
            "korištenjem dovoljno"
        );
        assert!(ligatures("plain café").is_none());
    }

    #[test]
    fn fullwidth_to_ascii() {
        assert_eq!(
            fullwidth("Ningbo，ＣＨＩＮＡ　１").unwrap().0,
            "Ningbo,CHINA 1"
        );
        assert!(fullwidth("中文，标点").is_some());
        assert!(fullwidth("中文").is_none());
    }

    #[test]
    fn escapes() {
        assert_eq!(
            terminal_escapes("\x1b[1;31mred\x1b[0m text\x1b[K")
                .unwrap()
                .0,
            "red text"
        );
        assert!(terminal_escapes("no escapes").is_none());
    }
}
