//! Judging an unwound word: every character decoding produced must be plausible where
//! it ends up, or the word is left as it was.

use super::unwind::Piece;

/// Whether every character decoding produced is plausible where it now stands
/// (`before` and `after`: the characters around the word).
pub(super) fn judge(pieces: &[Piece], before: Option<char>, after: Option<char>) -> bool {
    let alone = pieces.iter().filter(|p| p.decoded.is_some()).count() == 1;
    // Damage decoded whole, with no byte lost and no space taken in.
    let sound = pieces
        .iter()
        .any(|p| p.decoded.is_some_and(|o| !o.lossy && !o.spaced));
    (0..pieces.len()).all(|k| {
        let Some(o) = pieces[k].decoded else {
            return true;
        };
        // "ItÃ?Â¢" is damage with lost bytes; "MAÇÃ?" is a question.
        if o.weak_loss && !sound {
            return false;
        }
        // Neighbours, looking past lost characters ("у" in "у��кий" sits by "к").
        let lost = |p: &&Piece| p.c == '\u{FFFD}';
        let around = Around {
            alone,
            before: pieces[..k]
                .iter()
                .rev()
                .find(|p| !lost(p))
                .map_or(before, |p| Some(p.c)),
            after: pieces[k + 1..]
                .iter()
                .find(|p| !lost(p))
                .map_or(after, |p| Some(p.c)),
            letters_before: pieces[..k]
                .iter()
                .rev()
                .take_while(|p| p.c.is_alphabetic())
                .count(),
        };
        plausible(pieces[k].c, o, &around)
    })
}

/// What surrounds a decoded character.
struct Around {
    /// Whether it is the only character decoded in its word.
    alone: bool,
    before: Option<char>,
    after: Option<char>,
    /// How many letters of its word come right before it.
    letters_before: usize,
}

/// What kind of character decoding produced.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A letter of a script, named for neighbour checks.
    Letter(&'static str),
    /// Punctuation or a symbol in common use, or a character of a script that only
    /// three- or four-byte sequences produce.
    Mark,
    /// A combining mark.
    Combining,
    /// Rare in real text (IPA, archaic letters, controls): never produced.
    Rare,
}

fn kind(c: char) -> Kind {
    match c as u32 {
        0xC0..=0xD6 | 0xD8..=0xF6 | 0xF8..=0xFF | 0x218..=0x21B => Kind::Letter("latin"),
        // Latin Extended-A letters of the major European languages; the rest (Ŀ, ŉ, Ũ,
        // ſ, Ġ…) are rare enough that decoding to them is more likely wrong than right.
        0x100..=0x107 | 0x10C..=0x113 | 0x116..=0x11B | 0x11E..=0x11F | 0x122..=0x123 => {
            Kind::Letter("latin")
        }
        0x12A..=0x12B | 0x12E..=0x131 | 0x136..=0x137 | 0x139..=0x13E | 0x141..=0x148 => {
            Kind::Letter("latin")
        }
        0x14C..=0x14D | 0x150..=0x165 | 0x16A..=0x173 | 0x178..=0x17E => Kind::Letter("latin"),
        0xA0..=0xA7 | 0xA9 | 0xAB | 0xAE | 0xB0..=0xB3 | 0xB5..=0xB7 | 0xB9 | 0xBB..=0xBF => {
            Kind::Mark
        }
        0xD7 | 0xF7 | 0x2C6..=0x2DD => Kind::Mark,
        0x300..=0x36F => Kind::Combining,
        0x386..=0x3CE => Kind::Letter("greek"),
        0x401..=0x45F | 0x490 | 0x491 => Kind::Letter("cyrillic"),
        0x531..=0x556 | 0x561..=0x587 => Kind::Letter("armenian"),
        0x5D0..=0x5EA => Kind::Letter("hebrew"),
        0x621..=0x64A | 0x660..=0x669 => Kind::Letter("arabic"),
        // Superscript and subscript digits: "₉" out of "Ã¢â‚¬" is a wrong reading.
        0x2070..=0x209F => Kind::Rare,
        // Three- and four-byte results: the blocks real text uses. Phonetic extensions,
        // modifier letters and rare scripts are left out ("lá´´" is not "lᴴ").
        0x900..=0xEFF | 0x10A0..=0x11FF | 0x1E00..=0x1FFF | 0x2000..=0x2BFF => Kind::Mark,
        0x2E80..=0x9FFF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE00..=0xFE0F => Kind::Mark,
        // Latin ligatures ("ﬁ" in "signiﬁcantly", spelled out by a later step).
        0xFB00..=0xFB06 => Kind::Mark,
        0xFE30..=0xFE4F | 0xFF01..=0xFFEF | 0xFFFD | 0x1F000..=0x1FAFF | 0x20000..=0x2FFFF => {
            Kind::Mark
        }
        _ => Kind::Rare,
    }
}

fn script_of(c: char) -> Option<&'static str> {
    match kind(c) {
        Kind::Letter(s) => Some(s),
        _ if c.is_ascii_alphabetic() => Some("latin"),
        _ => None,
    }
}

/// The combining accents of decomposed Latin text (grave, acute, circumflex, tilde,
/// macron, breve, dot, diaeresis, ring, double acute, caron, cedilla, ogonek) and the
/// overlays of struck-through text. Other combining marks out of a damaged pair are
/// wrong readings ("caf̩" for "cafÃ©", "Customers̢" for "CustomersÃ¢").
fn is_common_mark(c: char) -> bool {
    matches!(
        c as u32,
        0x300..=0x304 | 0x306..=0x308 | 0x30A..=0x30C | 0x327 | 0x328 | 0x335..=0x338
    )
}

/// Whether a decoded character `d` is believable where it stands. One that stands for
/// three or more damaged characters is strong evidence by itself; a pair ("Ã©") needs
/// context.
fn plausible(d: char, o: super::unwind::Origin, at: &Around) -> bool {
    let (before, after) = (at.before, at.after);
    let k = kind(d);
    // "Â©", "Â£", "Â´": the commonest damage of all (the lead stands for byte 0xC2,
    // and no word has "Â" before a symbol).
    if o.lead == 'Â' && o.span == 2 && (0xA0..=0xBF).contains(&(d as u32)) {
        return true;
    }
    if k == Kind::Rare {
        return false;
    }
    // Damage partly damaged again is seen with punctuation, that smart-quote filters
    // rewrite ("â\u{80}“" is "–"); anything else read that way is a garble.
    if o.mixed {
        return ('\u{2010}'..='\u{2044}').contains(&d) && o.lead.is_alphabetic();
    }
    // A combining mark needs a character to sit on, and a pair must be an accent after
    // a letter or a strike-through ("$Ì¶6Ì¶3Ì¶"); longer damage is evidence enough
    // ("'ÃŒâ‚¬" is "'̀" in an emoticon).
    if k == Kind::Combining {
        let base = before.is_some_and(|b| !b.is_whitespace());
        let odd_pair = o.lead.is_alphabetic() && !o.second.is_alphabetic();
        return base && (o.span >= 3 || odd_pair && is_common_mark(d));
    }
    if d == '\u{FFFD}' {
        return o.lead.is_alphabetic() || o.span >= 3;
    }
    // A lone letter followed by sentence punctuation at the end of a word is most
    // likely just that: "Brontë…”", "VOCÊ…", "10 Å—". In a word with other damage it is
    // damage too ("Ð´Ð¾Ð»Ð³Ð¸Ñ…" is "долгих"). A no-break space after a lead that is a
    // word by itself is damage ("Ã\u{a0}" is "à"): no word ends there.
    let at_word_end = after.is_none_or(|a| !a.is_alphanumeric());
    let nbsp_alone = o.second == '\u{a0}' && at.letters_before == 0;
    if at.alone
        && o.weak_tail
        && !nbsp_alone
        && o.span <= 3
        && o.lead.is_alphabetic()
        && at_word_end
    {
        return false;
    }
    // A brand in capitals with its mark at the end: "NESTLÉ®", "NICIODATĂ™". A mark
    // inside a word ("CÃ™IS") or after one capital ("OÃ™") is damage.
    let shouting = before.is_some_and(char::is_uppercase) && o.lead.is_uppercase();
    if o.span == 2
        && shouting
        && matches!(o.second, '™' | '®' | '©')
        && at_word_end
        && at.letters_before >= 2
    {
        return false;
    }
    // "Ã’s" is a possessive, not "Òs".
    if o.span == 2 && o.second == '’' && after == Some('s') {
        return false;
    }
    if o.span >= 3 {
        return true;
    }
    let letter = |c: Option<char>| c.filter(|c| c.is_alphabetic());
    // An odd symbol right after a letter ("Ã©", "Î³") is damage even without neighbours;
    // a space that stood for a lost byte is no odd symbol.
    let odd_pair = o.lead.is_alphabetic() && !o.second.is_alphabetic() && !o.spaced;
    match k {
        Kind::Letter("latin") => {
            let (b, a) = (letter(before), letter(after));
            // Case must fit the word: "SÖÄ£" is shouting, not "SÖģ", and "approuvĂŠ" is
            // "approuvé", not "approuvÊ".
            let clashes = match (b, a) {
                (Some(b), Some(a)) => {
                    b.is_uppercase() == a.is_uppercase() && b.is_uppercase() != d.is_uppercase()
                }
                (Some(b), None) => b.is_uppercase() != d.is_uppercase(),
                // A small letter that took in a lost space does not start a word in
                // capitals: "S Ã O" is spaced-out shouting, not "S à O".
                (None, Some(a)) => o.spaced && d.is_lowercase() && a.is_uppercase(),
                _ => false,
            };
            // "à" is a word by itself: "Ã" and a lost no-break space, alone ("Ã  la").
            let lone_a = o.spaced && d == 'à';
            !clashes && (odd_pair || lone_a || b.is_some() || a.is_some())
        }
        Kind::Letter(script) => {
            odd_pair
                || [before, after]
                    .iter()
                    .flatten()
                    .any(|&c| script_of(c) == Some(script))
        }
        Kind::Mark => {
            o.lead.is_alphabetic()
                || [before, after]
                    .iter()
                    .flatten()
                    .any(|c| c.is_alphanumeric())
        }
        Kind::Combining | Kind::Rare => false,
    }
}
