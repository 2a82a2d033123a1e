//! Compatibility characters that scraped text is better without: Latin ligatures and
//! digraphs ("ﬁ" is "fi", "ǌ" is "nj"), full-width ASCII ("，" is ","), and terminal
//! escape sequences ("\x1b[31m").
//!
//! Left alone: every other compatibility character (superscripts, fractions, circled
//! numbers, CJK compatibility ideographs), which carry meaning NFKC would erase; and
//! full-width forms when cleaning, because CJK text uses them on purpose (`fix` maps
//! them, as ftfy does).

use super::Edit;

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

/// Whether `c` is a ligature or digraph that the `ligatures` step spells out.
pub(super) fn is_ligature(c: char) -> bool {
    ligature(c).is_some()
}

/// Whether `c` is a full-width form that the `fullwidth` step maps to ASCII.
pub(super) fn is_fullwidth(c: char) -> bool {
    halfwidth(c).is_some()
}

/// The ASCII character for a full-width form or the ideographic space.
fn halfwidth(c: char) -> Option<char> {
    match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFF01 + 0x21),
        0x3000 => Some(' '),
        _ => None,
    }
}

/// Replaces ligatures and digraphs, one edit per character.
pub(super) fn ligatures(text: &str) -> Vec<Edit> {
    replace_chars(text, false, |c| ligature(c).map(str::to_string))
}

/// Maps full-width ASCII (U+FF01–U+FF5E) and the ideographic space to ASCII; a run of
/// full-width characters is one edit.
pub(super) fn fullwidth(text: &str) -> Vec<Edit> {
    replace_chars(text, true, |c| halfwidth(c).map(String::from))
}

/// One edit per character that `f` replaces; with `merge_runs`, adjacent ones make one
/// edit.
fn replace_chars(text: &str, merge_runs: bool, f: impl Fn(char) -> Option<String>) -> Vec<Edit> {
    let mut edits: Vec<Edit> = Vec::new();
    if text.is_ascii() {
        return edits;
    }
    for (i, c) in text.char_indices() {
        let Some(with) = f(c) else {
            continue;
        };
        let end = i + c.len_utf8();
        match edits.last_mut() {
            Some(last) if merge_runs && last.range.end == i => {
                last.range.end = end;
                last.with.push_str(&with);
                last.count += 1;
            }
            _ => edits.push(Edit::new(i..end, with)),
        }
    }
    edits
}

/// Removes terminal (ANSI) escape sequences: CSI sequences such as "\x1b[1;31m" and
/// "\x1b[K", and OSC sequences ending in BEL or ST. The lone ESC of anything else is
/// left to the `controls` step.
pub(super) fn terminal_escapes(text: &str) -> Vec<Edit> {
    if memchr::memchr(0x1b, text.as_bytes()).is_none() {
        return Vec::new();
    }
    let re = crate::rules::re!(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)");
    re.with(|re| {
        re.find_iter(text)
            .map(|m| Edit::new(m.range(), ""))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(edits: Vec<Edit>, text: &str) -> String {
        super::super::apply(text, &edits)
    }

    #[test]
    fn ligatures_and_digraphs() {
        assert_eq!(
            fixed(ligatures("signiﬁcant ﬂow"), "signiﬁcant ﬂow"),
            "significant flow"
        );
        assert_eq!(
            fixed(ligatures("korišteǌem dovoǉno"), "korišteǌem dovoǉno"),
            "korištenjem dovoljno"
        );
        assert!(ligatures("plain café").is_empty());
    }

    #[test]
    fn fullwidth_to_ascii() {
        assert_eq!(
            fixed(
                fullwidth("Ningbo，ＣＨＩＮＡ　１"),
                "Ningbo，ＣＨＩＮＡ　１"
            ),
            "Ningbo,CHINA 1"
        );
        assert_eq!(fullwidth("Ningbo，ＣＨＩＮＡ　１").len(), 1);
        assert!(!fullwidth("中文，标点").is_empty());
        assert!(fullwidth("中文").is_empty());
    }

    #[test]
    fn escapes() {
        let s = "\x1b[1;31mred\x1b[0m text\x1b[K";
        assert_eq!(fixed(terminal_escapes(s), s), "red text");
        assert!(terminal_escapes("no escapes").is_empty());
    }
}
