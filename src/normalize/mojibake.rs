//! Mojibake repair: text that was UTF-8, decoded with a single-byte encoding somewhere
//! upstream ("CustomersÃ¢â‚¬â„¢", "cafÃ©", "РґРѕСЂРѕРіРµ").
//!
//! The idea: in such text every damaged character stands for one byte of the original
//! UTF-8. For each suspect encoding we turn runs of non-ASCII characters back into those
//! bytes and look for valid UTF-8 multi-byte sequences in them. A sequence is decoded
//! only when the result is plausible text (see [`plausible`]): a common letter next to
//! letters of its script, with consistent case, or common punctuation next to a letter.
//! Within a word, either every well-formed sequence is plausible or none is decoded, so
//! line art made of box-drawing characters stays as it is. Decoding repeats, for text
//! damaged two or three times.
//!
//! Left alone on purpose: correct text in any script (Russian, Greek, Hebrew, CJK text
//! is not encodable in the suspect encodings as a sequence of lead and continuation
//! bytes, or decodes to rare characters), shouted words ending in an accented capital
//! before an ellipsis or a curly quote ("VOCÊ…", "ZZAJÉ’s"), and symbols in math or
//! emoticons ("√π", "`¬´ ):"). Precision comes before recall.

use std::collections::HashMap;
use std::sync::LazyLock;

/// A single-byte encoding that UTF-8 is commonly misread as.
struct Codec {
    name: &'static str,
    /// The byte each non-ASCII character of the encoding stands for.
    to_byte: HashMap<char, u8>,
}

/// IBM code page 437 (DOS), bytes 0x80–0xFF; not a WHATWG encoding, so listed here.
const CP437_HIGH: &str = "\u{c7}\u{fc}\u{e9}\u{e2}\u{e4}\u{e0}\u{e5}\u{e7}\u{ea}\u{eb}\u{e8}\u{ef}\u{ee}\u{ec}\u{c4}\u{c5}\u{c9}\u{e6}\u{c6}\u{f4}\u{f6}\u{f2}\u{fb}\u{f9}\u{ff}\u{d6}\u{dc}\u{a2}\u{a3}\u{a5}\u{20a7}\u{192}\u{e1}\u{ed}\u{f3}\u{fa}\u{f1}\u{d1}\u{aa}\u{ba}\u{bf}\u{2310}\u{ac}\u{bd}\u{bc}\u{a1}\u{ab}\u{bb}\u{2591}\u{2592}\u{2593}\u{2502}\u{2524}\u{2561}\u{2562}\u{2556}\u{2555}\u{2563}\u{2551}\u{2557}\u{255d}\u{255c}\u{255b}\u{2510}\u{2514}\u{2534}\u{252c}\u{251c}\u{2500}\u{253c}\u{255e}\u{255f}\u{255a}\u{2554}\u{2569}\u{2566}\u{2560}\u{2550}\u{256c}\u{2567}\u{2568}\u{2564}\u{2565}\u{2559}\u{2558}\u{2552}\u{2553}\u{256b}\u{256a}\u{2518}\u{250c}\u{2588}\u{2584}\u{258c}\u{2590}\u{2580}\u{3b1}\u{df}\u{393}\u{3c0}\u{3a3}\u{3c3}\u{b5}\u{3c4}\u{3a6}\u{398}\u{3a9}\u{3b4}\u{221e}\u{3c6}\u{3b5}\u{2229}\u{2261}\u{b1}\u{2265}\u{2264}\u{2320}\u{2321}\u{f7}\u{2248}\u{b0}\u{2219}\u{b7}\u{221a}\u{207f}\u{b2}\u{25a0}\u{a0}";

static CODECS: LazyLock<Vec<Codec>> = LazyLock::new(|| {
    let from_rs = |enc: &'static encoding_rs::Encoding, c1: bool| {
        let mut to_byte = HashMap::new();
        for b in 0x80u8..=0xFF {
            let byte = [b];
            let (s, _) = enc.decode_without_bom_handling(&byte);
            if let Some(c) = s.chars().next().filter(|&c| c != '\u{FFFD}') {
                to_byte.insert(c, b);
            }
        }
        if c1 {
            // Latin-1 readers keep 0x80–0x9F as C1 controls instead of punctuation.
            for b in 0x80u8..=0x9F {
                to_byte.entry(char::from(b)).or_insert(b);
            }
        }
        Codec {
            name: enc.name(),
            to_byte,
        }
    };
    let cp437 = Codec {
        name: "IBM437",
        to_byte: CP437_HIGH.chars().zip(0x80u8..=0xFF).collect(),
    };
    vec![
        from_rs(encoding_rs::WINDOWS_1252, true),
        from_rs(encoding_rs::WINDOWS_1251, false),
        from_rs(encoding_rs::WINDOWS_1250, false),
        from_rs(encoding_rs::ISO_8859_2, false),
        from_rs(encoding_rs::WINDOWS_1257, false),
        from_rs(encoding_rs::MACINTOSH, false),
        cp437,
    ]
});

/// Characters that can start a damaged sequence in some codec (they stand for a UTF-8
/// lead byte), plus C1 controls: text without any of them is never touched.
static LEADS: LazyLock<std::collections::HashSet<char>> = LazyLock::new(|| {
    let mut set: std::collections::HashSet<char> = ('\u{80}'..='\u{9f}').collect();
    for codec in CODECS.iter() {
        set.extend(
            codec
                .to_byte
                .iter()
                .filter(|(_, &b)| (0xC2..=0xF4).contains(&b))
                .map(|(&c, _)| c),
        );
    }
    set
});

/// Most layers of damage undone.
const MAX_PASSES: usize = 4;

/// Repairs mojibake in `text`; returns the repaired text and how many sequences were
/// decoded, or `None` when nothing changed.
pub(super) fn repair(text: &str) -> Option<(String, usize)> {
    if text.is_ascii() || !text.chars().any(|c| LEADS.contains(&c)) {
        return None;
    }
    let mut cur: Vec<char> = text.chars().collect();
    let mut total = 0;
    // After any change start again with the likeliest codec: a layer undone by
    // windows-1252 may reveal another windows-1252 layer that a rarer codec would
    // otherwise misread.
    for _ in 0..MAX_PASSES * CODECS.len() {
        let changed = CODECS
            .iter()
            .map(|codec| repair_with(&mut cur, codec))
            .find(|&n| n > 0);
        match changed {
            Some(n) => total += n,
            None => break,
        }
    }
    (total > 0).then(|| (cur.into_iter().collect(), total))
}

/// A well-formed UTF-8 sequence found in the bytes a run of characters stands for.
struct Candidate {
    /// Index of its first character.
    at: usize,
    /// How many characters it replaces.
    len: usize,
    /// What the bytes decode to.
    decoded: char,
    keep: bool,
}

/// One pass with one codec; returns how many sequences were decoded.
fn repair_with(chars: &mut Vec<char>, codec: &Codec) -> usize {
    let bytes: Vec<Option<u8>> = chars
        .iter()
        .map(|c| {
            if c.is_ascii() {
                None
            } else {
                codec.to_byte.get(c).copied()
            }
        })
        .collect();
    let mut cands = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        match sequence_at(&bytes, i) {
            Some((len, decoded)) => {
                cands.push(Candidate {
                    at: i,
                    len,
                    decoded,
                    keep: false,
                });
                i += len;
            }
            None => i += 1,
        }
    }
    if cands.is_empty() {
        return 0;
    }
    // Judge each candidate with its neighbours as they would read after decoding.
    let neighbour = |k: usize, before: bool| -> Option<char> {
        let c = &cands[k];
        if before {
            let at = c.at.checked_sub(1)?;
            match k.checked_sub(1).map(|j| &cands[j]) {
                Some(p) if p.at + p.len == c.at => Some(p.decoded),
                _ => Some(chars[at]),
            }
        } else {
            let at = c.at + c.len;
            match cands.get(k + 1) {
                Some(n) if n.at == at => Some(n.decoded),
                _ => chars.get(at).copied(),
            }
        }
    };
    let verdicts: Vec<bool> = (0..cands.len())
        .map(|k| {
            let c = &cands[k];
            let lead_byte = bytes[c.at].unwrap_or(0);
            let cont_byte = bytes[c.at + 1].unwrap_or(0);
            plausible(
                c.decoded,
                c.len,
                chars[c.at],
                lead_byte,
                cont_byte,
                codec,
                neighbour(k, true),
                neighbour(k, false),
            )
        })
        .collect();
    for (c, ok) in cands.iter_mut().zip(&verdicts) {
        c.keep = *ok;
    }
    // Word consistency: a word with a well-formed but implausible sequence keeps all.
    let word_of = |i: usize| {
        let start = chars[..i]
            .iter()
            .rposition(|c| c.is_whitespace())
            .map_or(0, |p| p + 1);
        let end = chars[i..]
            .iter()
            .position(|c| c.is_whitespace())
            .map_or(chars.len(), |p| i + p);
        (start, end)
    };
    let bad_words: Vec<(usize, usize)> = cands
        .iter()
        .filter(|c| !c.keep)
        .map(|c| word_of(c.at))
        .collect();
    for c in cands.iter_mut() {
        if c.keep && bad_words.iter().any(|&(s, e)| s <= c.at && c.at < e) {
            c.keep = false;
        }
    }
    let kept = cands.iter().filter(|c| c.keep).count();
    if kept == 0 {
        return 0;
    }
    let mut out = Vec::with_capacity(chars.len());
    let mut pos = 0;
    for c in cands.iter().filter(|c| c.keep) {
        out.extend_from_slice(&chars[pos..c.at]);
        out.push(c.decoded);
        pos = c.at + c.len;
    }
    out.extend_from_slice(&chars[pos..]);
    *chars = out;
    kept
}

/// The well-formed UTF-8 multi-byte sequence (or CESU-8 surrogate pair) whose bytes the
/// characters from `i` stand for: its length in characters and the decoded character.
fn sequence_at(bytes: &[Option<u8>], i: usize) -> Option<(usize, char)> {
    let lead = bytes[i]?;
    let len = match lead {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => return None,
    };
    let seq: Vec<u8> = bytes
        .get(i..i + len)?
        .iter()
        .copied()
        .collect::<Option<_>>()?;
    if let Ok(s) = std::str::from_utf8(&seq) {
        return s.chars().next().map(|c| (len, c));
    }
    // CESU-8: a surrogate pair written as two three-byte sequences.
    let pair: Vec<u8> = bytes
        .get(i..i + 6)?
        .iter()
        .copied()
        .collect::<Option<_>>()?;
    if pair[0] == 0xED
        && (0xA0..=0xAF).contains(&pair[1])
        && pair[3] == 0xED
        && (0xB0..=0xBF).contains(&pair[4])
        && pair[2] & 0xC0 == 0x80
        && pair[5] & 0xC0 == 0x80
    {
        let hi = 0xD000 | (u32::from(pair[1] & 0x3F) << 6) | u32::from(pair[2] & 0x3F);
        let lo = 0xD000 | (u32::from(pair[4] & 0x3F) << 6) | u32::from(pair[5] & 0x3F);
        let c = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
        return char::from_u32(c).map(|c| (6, c));
    }
    None
}

/// What kind of character a decoded sequence gives.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A letter of a script, with the script's name for neighbour checks.
    Letter(&'static str),
    /// Punctuation or a symbol in common use.
    Mark,
    /// A combining mark.
    Combining,
    /// Rare in real text (IPA, archaic letters, controls): never produced.
    Rare,
}

fn kind(c: char) -> Kind {
    match c as u32 {
        0xC0..=0xD6 | 0xD8..=0xF6 | 0xF8..=0xFF | 0x100..=0x17E | 0x218..=0x21B => {
            Kind::Letter("latin")
        }
        0xA0..=0xA7
        | 0xA9
        | 0xAB
        | 0xAE
        | 0xB0..=0xB3
        | 0xB5..=0xB7
        | 0xB9
        | 0xBB..=0xBF
        | 0xD7
        | 0xF7 => Kind::Mark,
        0x2C6..=0x2DD => Kind::Mark,
        0x300..=0x36F => Kind::Combining,
        0x386..=0x3CE => Kind::Letter("greek"),
        0x401..=0x45F | 0x490 | 0x491 => Kind::Letter("cyrillic"),
        0x531..=0x556 | 0x561..=0x587 => Kind::Letter("armenian"),
        0x5D0..=0x5EA => Kind::Letter("hebrew"),
        0x620..=0x64A | 0x660..=0x669 => Kind::Letter("arabic"),
        // Three- and four-byte results: the blocks real text uses. Phonetic extensions,
        // modifier letters and rare scripts are left out ("lá´´" is not "lᴴ").
        0x900..=0xDFF | 0xE00..=0xEFF | 0x10A0..=0x10FF | 0x1100..=0x11FF | 0x1E00..=0x1FFF => {
            Kind::Mark
        }
        0x2000..=0x2BFF | 0x2E80..=0x9FFF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF => Kind::Mark,
        0xFE00..=0xFE0F | 0xFE30..=0xFE4F | 0xFF01..=0xFFEF | 0xFFFD => Kind::Mark,
        0x1F000..=0x1FAFF | 0x20000..=0x2FFFF => Kind::Mark,
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

/// Whether decoding a sequence gives believable text. Sequences of three or more bytes
/// are strong evidence by themselves; two-byte ones need context.
#[allow(clippy::too_many_arguments)]
fn plausible(
    d: char,
    len: usize,
    lead: char,
    lead_byte: u8,
    cont_byte: u8,
    codec: &Codec,
    before: Option<char>,
    after: Option<char>,
) -> bool {
    let k = kind(d);
    if k == Kind::Rare {
        return false;
    }
    if len >= 3 {
        return k != Kind::Combining || before.is_some_and(|b| !b.is_whitespace());
    }
    // "Â©", "Â£", "Â " (a no-break space): the commonest damage of all.
    if codec.name == "windows-1252" && lead_byte == 0xC2 && (0xA0..=0xBF).contains(&(d as u32)) {
        return true;
    }
    // A no-break space as continuation byte is only believable in "Ã " (à).
    if cont_byte == 0xA0 && !(codec.name == "windows-1252" && lead_byte == 0xC3) {
        return false;
    }
    let letter = |c: Option<char>| c.filter(|c| c.is_alphabetic());
    match k {
        Kind::Letter("latin") => {
            let (b, a) = (letter(before), letter(after));
            // Case must fit the word: "SÖÄ£" is shouting, not "SÖģ".
            let clashes = match (b, a) {
                (Some(b), Some(a)) => {
                    b.is_uppercase() == a.is_uppercase() && b.is_uppercase() != d.is_uppercase()
                }
                (Some(b), None) => b.is_uppercase() && d.is_lowercase(),
                _ => false,
            };
            if clashes {
                return false;
            }
            lead.is_alphabetic() || b.is_some() || a.is_some()
        }
        Kind::Letter(script) => [before, after]
            .iter()
            .flatten()
            .any(|&c| script_of(c) == Some(script)),
        Kind::Mark => {
            lead.is_alphabetic()
                || [before, after]
                    .iter()
                    .flatten()
                    .any(|c| c.is_alphanumeric())
        }
        Kind::Combining => before.is_some_and(|b| !b.is_whitespace()),
        Kind::Rare => false,
    }
}

/// C1 control characters that stand for windows-1252 punctuation ("\u{85}" for "…"),
/// left after other repairs: replaced by that punctuation.
pub(super) fn c1_to_punctuation(text: &str) -> Option<(String, usize)> {
    if !text.chars().any(|c| ('\u{80}'..='\u{9f}').contains(&c)) {
        return None;
    }
    let mut n = 0;
    let out = text
        .chars()
        .map(|c| {
            if ('\u{80}'..='\u{9f}').contains(&c) {
                let byte = [c as u8];
                let (s, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&byte);
                if let Some(p) = s.chars().next().filter(|&p| p != c) {
                    n += 1;
                    return p;
                }
            }
            c
        })
        .collect();
    (n > 0).then_some((out, n))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(s: &str) -> String {
        repair(s).map_or_else(|| s.to_string(), |(t, _)| t)
    }

    #[test]
    fn repairs_common_damage() {
        assert_eq!(fix("cafÃ©"), "café");
        assert_eq!(fix("doesnâ€™t"), "doesn\u{2019}t");
        assert_eq!(fix("Iggy Pop (nÃƒÂ© Jim)"), "Iggy Pop (né Jim)");
        assert_eq!(fix("РґРѕСЂРѕРіРµ"), "дороге");
        assert_eq!(fix("wei√ü"), "weiß");
        assert_eq!(fix("×‘×”×•×“×¢×”"), "בהודעה");
    }

    #[test]
    fn leaves_look_alikes_alone() {
        for s in [
            "HUHLL Õ…",
            "RETWEET SE VOCÊ…",
            "ZZAJÉ’s",
            "SELKÄ\u{a0}EDELLÄ",
            "MÄ£ÄM",
            "(-1/2)! = √π",
            "├┤a┼┐a┼┐a",
            "5×£35",
            "NESTLÉ®",
            "Привет, как дела?",
            "Ελληνικά",
            "日本語のテキスト",
        ] {
            assert_eq!(fix(s), s, "{s}");
        }
    }
}
