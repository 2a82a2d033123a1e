//! Mojibake repair: text that was UTF-8, decoded with a single-byte encoding somewhere
//! upstream ("CustomersÃ¢â‚¬â„¢", "cafÃ©", "РґРѕСЂРѕРіРµ").
//!
//! In such text every damaged character stands for one byte of the original UTF-8.
//! Word by word, each suspect encoding turns the characters back into those bytes and
//! decodes every well-formed UTF-8 sequence, layer after layer for text damaged more
//! than once. The final word is then judged as a whole: every character decoding
//! produced must be plausible where it ends up ([`plausible`]): a common letter beside
//! letters of its script with consistent case, common punctuation beside a letter, three-
//! and four-byte results only in blocks real text uses. The encoding that explains the
//! most sequences wins. Lost bytes (shown as U+FFFD or '?') give U+FFFD.
//!
//! Left alone on purpose: correct text in any script (it is either not encodable as
//! lead and continuation bytes or decodes to rare characters), a word followed by
//! sentence punctuation ("VOCÊ…", "Brontë…”", "NICIODATĂ™", "10 Å—"), possessives
//! ("Ã’s"), and symbols in math or emoticons ("√π", "`¬´ ):"). Precision before recall.

use super::Edit;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

/// A multiplicative hasher for \`char\` keys: the codec tables are looked up once per
/// character of every suspect word, where SipHash dominated the profile.
#[derive(Default)]
struct CharHasher(u64);

impl Hasher for CharHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    fn write_u32(&mut self, n: u32) {
        self.0 = u64::from(n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

type CharMap<V> = HashMap<char, V, BuildHasherDefault<CharHasher>>;

/// A single-byte encoding that UTF-8 is commonly misread as.
struct Codec {
    /// Its WHATWG name (or `IBM437`), as reported.
    name: &'static str,
    /// The byte each non-ASCII character of the encoding stands for.
    to_byte: CharMap<u8>,
}

/// IBM code page 437 (DOS), bytes 0x80–0xFF; not a WHATWG encoding, so listed here.
const CP437_HIGH: &str = "\u{c7}\u{fc}\u{e9}\u{e2}\u{e4}\u{e0}\u{e5}\u{e7}\u{ea}\u{eb}\u{e8}\u{ef}\u{ee}\u{ec}\u{c4}\u{c5}\u{c9}\u{e6}\u{c6}\u{f4}\u{f6}\u{f2}\u{fb}\u{f9}\u{ff}\u{d6}\u{dc}\u{a2}\u{a3}\u{a5}\u{20a7}\u{192}\u{e1}\u{ed}\u{f3}\u{fa}\u{f1}\u{d1}\u{aa}\u{ba}\u{bf}\u{2310}\u{ac}\u{bd}\u{bc}\u{a1}\u{ab}\u{bb}\u{2591}\u{2592}\u{2593}\u{2502}\u{2524}\u{2561}\u{2562}\u{2556}\u{2555}\u{2563}\u{2551}\u{2557}\u{255d}\u{255c}\u{255b}\u{2510}\u{2514}\u{2534}\u{252c}\u{251c}\u{2500}\u{253c}\u{255e}\u{255f}\u{255a}\u{2554}\u{2569}\u{2566}\u{2560}\u{2550}\u{256c}\u{2567}\u{2568}\u{2564}\u{2565}\u{2559}\u{2558}\u{2552}\u{2553}\u{256b}\u{256a}\u{2518}\u{250c}\u{2588}\u{2584}\u{258c}\u{2590}\u{2580}\u{3b1}\u{df}\u{393}\u{3c0}\u{3a3}\u{3c3}\u{b5}\u{3c4}\u{3a6}\u{398}\u{3a9}\u{3b4}\u{221e}\u{3c6}\u{3b5}\u{2229}\u{2261}\u{b1}\u{2265}\u{2264}\u{2320}\u{2321}\u{f7}\u{2248}\u{b0}\u{2219}\u{b7}\u{221a}\u{207f}\u{b2}\u{25a0}\u{a0}";

/// The suspect encodings, likeliest first.
static CODECS: LazyLock<Vec<Codec>> = LazyLock::new(|| {
    let from_rs = |enc: &'static encoding_rs::Encoding, c1: bool| {
        let mut to_byte = CharMap::default();
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
    vec![
        from_rs(encoding_rs::WINDOWS_1252, true),
        from_rs(encoding_rs::WINDOWS_1251, false),
        from_rs(encoding_rs::WINDOWS_1250, false),
        from_rs(encoding_rs::ISO_8859_2, true),
        from_rs(encoding_rs::WINDOWS_1257, false),
        from_rs(encoding_rs::MACINTOSH, false),
        Codec {
            name: "IBM437",
            to_byte: CP437_HIGH.chars().zip(0x80u8..=0xFF).collect(),
        },
    ]
});

/// Characters that can start a damaged sequence in some codec (they stand for a UTF-8
/// lead byte), plus C1 controls, as a bitset over the Basic Multilingual Plane (all of
/// them are in it): text without any of them is never touched.
static LEADS: LazyLock<Vec<u64>> = LazyLock::new(|| {
    let mut bits = vec![0u64; 0x10000 / 64];
    let mut set = |c: char| bits[c as usize / 64] |= 1 << (c as usize % 64);
    ('\u{80}'..='\u{9f}').for_each(&mut set);
    for codec in CODECS.iter() {
        for (&c, &b) in &codec.to_byte {
            if (0xC2..=0xF4).contains(&b) {
                set(c);
            }
        }
    }
    bits
});

/// Whether \`c\` can stand for a UTF-8 lead byte in some codec (or is a C1 control).
pub(super) fn is_lead(c: char) -> bool {
    let i = c as usize;
    (0x80..0x10000).contains(&i) && LEADS[i / 64] & (1 << (i % 64)) != 0
}

/// Most layers of damage undone.
const MAX_LAYERS: usize = 4;

/// Repairs mojibake in `text`: one edit per repaired word, narrowed to the characters
/// that changed, counting the damaged sequences it decodes and naming the encodings
/// undone.
pub(super) fn repair(text: &str) -> Vec<Edit> {
    if text.is_ascii() || !text.chars().any(is_lead) {
        return Vec::new();
    }
    // Words (runs between ASCII whitespace, found on bytes) and the plausible repairs
    // of the suspect ones; only those are turned into characters.
    let mut words: Vec<(usize, usize, Vec<Candidate>)> = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if is_break_byte(bytes[i]) {
            i += 1;
            continue;
        }
        let end = bytes[i..]
            .iter()
            .position(|&b| is_break_byte(b))
            .map_or(bytes.len(), |p| i + p);
        let word = &text[i..end];
        if !word.is_ascii() && word.chars().any(is_lead) {
            let chars: Vec<char> = word.chars().collect();
            let before = text[..i].chars().next_back();
            let options = repairs(&chars, before, text[end..].chars().next());
            if !options.is_empty() {
                words.push((i, end, options));
            }
        }
        i = end;
    }
    if words.is_empty() {
        return Vec::new();
    }
    // Ties between codecs go to the one that repairs most across the document: text is
    // damaged one way, so "fĂźr" beside "approuvĂŠ" is "für", not "fßr".
    let mut votes = vec![0usize; CODECS.len()];
    for (_, _, options) in &words {
        for r in options {
            votes[r.codec] += r.decoded;
        }
    }
    words
        .iter()
        .map(|(start, end, options)| {
            let best = options
                .iter()
                .max_by_key(|r| (r.decoded, votes[r.codec], usize::MAX - r.codec))
                .expect("options are not empty");
            let fixed: String = best.text.iter().collect();
            let (range, with) = narrow(&text[*start..*end], &fixed);
            Edit {
                range: start + range.start..start + range.end,
                with: with.to_string(),
                count: best.decoded,
                encodings: best.layers.iter().map(|&c| CODECS[c].name).collect(),
            }
        })
        .collect()
}

/// The part of `old` that differs from `new` (common prefix and suffix dropped) and
/// what replaces it.
fn narrow<'a>(old: &str, new: &'a str) -> (std::ops::Range<usize>, &'a str) {
    let prefix: usize = old
        .chars()
        .zip(new.chars())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum();
    let suffix: usize = old[prefix..]
        .chars()
        .rev()
        .zip(new[prefix..].chars().rev())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum();
    (prefix..old.len() - suffix, &new[prefix..new.len() - suffix])
}

/// A plausible repair of one word (a candidate).
struct Candidate {
    /// The codec of the first layer undone.
    codec: usize,
    /// The codec of each layer undone, the first first.
    layers: Vec<usize>,
    text: Vec<char>,
    /// How many damaged sequences it decodes.
    decoded: usize,
}

/// Where words end. Only ASCII whitespace: a no-break space can be part of the damage
/// ("Ã\u{a0}" is "à").
fn is_break_byte(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// A character of a word being unwound, with where it came from if decoding made it.
#[derive(Clone, Copy)]
struct Piece {
    c: char,
    decoded: Option<Origin>,
}

/// Where a decoded character came from in the damaged text.
#[derive(Clone, Copy)]
struct Origin {
    /// How many damaged characters it replaces.
    span: usize,
    /// The first of them.
    lead: char,
    /// The second of them.
    second: char,
    /// Whether every continuation was sentence punctuation ("ë…”").
    weak_tail: bool,
}

/// The plausible repairs of one word, one per codec that decodes something in it.
fn repairs(word: &[char], before: Option<char>, after: Option<char>) -> Vec<Candidate> {
    (0..CODECS.len())
        .filter_map(|codec| {
            let (pieces, layers) = unwind(word, codec)?;
            judge(&pieces, before, after).then(|| Candidate {
                codec,
                layers,
                decoded: pieces.iter().filter(|p| p.decoded.is_some()).count(),
                text: pieces.iter().map(|p| p.c).collect(),
            })
        })
        .collect()
}

/// Unwinds a word: the first layer with codec `first`, later layers with any codec,
/// likeliest first; also the codec of each layer. `None` when the first codec decodes
/// nothing.
fn unwind(word: &[char], first: usize) -> Option<(Vec<Piece>, Vec<usize>)> {
    let mut pieces: Vec<Piece> = word.iter().map(|&c| Piece { c, decoded: None }).collect();
    if !layer(&mut pieces, &CODECS[first]) {
        return None;
    }
    let mut layers = vec![first];
    for _ in 1..MAX_LAYERS {
        match (0..CODECS.len()).find(|&c| layer(&mut pieces, &CODECS[c])) {
            Some(c) => layers.push(c),
            None => break,
        }
    }
    Some((pieces, layers))
}

/// Decodes every well-formed sequence of one layer with one codec; whether any was.
fn layer(pieces: &mut Vec<Piece>, codec: &Codec) -> bool {
    let bytes: Vec<Option<u8>> = pieces
        .iter()
        .map(|p| {
            if p.c.is_ascii() {
                None
            } else {
                codec.to_byte.get(&p.c).copied()
            }
        })
        .collect();
    let mut out = Vec::with_capacity(pieces.len());
    let mut changed = false;
    let mut i = 0;
    while i < pieces.len() {
        let found = sequence_at(&bytes, i).or_else(|| lossy_sequence_at(&bytes, pieces, i));
        match found {
            // A C1 control may appear in an intermediate layer (0x81 read twice); the
            // judge rejects any left in the final word.
            Some((len, c)) => {
                let seq = &pieces[i..i + len];
                let origin = Origin {
                    span: seq.iter().map(|p| p.decoded.map_or(1, |o| o.span)).sum(),
                    lead: seq[0].decoded.map_or(seq[0].c, |o| o.lead),
                    second: seq[0].decoded.map_or(seq[1].c, |o| o.second),
                    weak_tail: seq[1..]
                        .iter()
                        .all(|p| p.decoded.is_none() && is_sentence_punctuation(p.c)),
                };
                out.push(Piece {
                    c,
                    decoded: Some(origin),
                });
                changed = true;
                i += len;
            }
            _ => {
                out.push(pieces[i]);
                i += 1;
            }
        }
    }
    *pieces = out;
    changed
}

/// Punctuation that ordinarily follows a word.
fn is_sentence_punctuation(c: char) -> bool {
    matches!(c, '…' | '’' | '‘' | '”' | '“' | '–' | '—' | '•' | '\u{a0}')
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
    let cont = |b: u8| b & 0xC0 == 0x80;
    let high = pair[0] == 0xED && (0xA0..=0xAF).contains(&pair[1]) && cont(pair[2]);
    let low = pair[3] == 0xED && (0xB0..=0xBF).contains(&pair[4]) && cont(pair[5]);
    if high && low {
        let hi = (u32::from(pair[1] & 0x0F) << 6) | u32::from(pair[2] & 0x3F);
        let lo = (u32::from(pair[4] & 0x0F) << 6) | u32::from(pair[5] & 0x3F);
        return char::from_u32(0x10000 + (hi << 10) + lo).map(|c| (6, c));
    }
    None
}

/// A sequence whose last byte was lost, shown as U+FFFD (or '?' after two bytes of a
/// three-byte sequence): decodes to U+FFFD, since the character cannot be recovered.
fn lossy_sequence_at(bytes: &[Option<u8>], pieces: &[Piece], i: usize) -> Option<(usize, char)> {
    let lead = bytes[i]?;
    let len = match lead {
        0xC3..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => return None,
    };
    let last = pieces.get(i + len - 1)?.c;
    let lost = last == '\u{FFFD}' || (last == '?' && len == 3);
    let middle_ok = (i + 1..i + len - 1).all(|k| bytes[k].is_some_and(|b| b & 0xC0 == 0x80));
    (lost && middle_ok).then_some((len, '\u{FFFD}'))
}

/// Whether every character decoding produced is plausible where it now stands.
fn judge(pieces: &[Piece], before: Option<char>, after: Option<char>) -> bool {
    let alone = pieces.iter().filter(|p| p.decoded.is_some()).count() == 1;
    (0..pieces.len()).all(|k| {
        let Some(o) = pieces[k].decoded else {
            return true;
        };
        let prev = if k == 0 {
            before
        } else {
            Some(pieces[k - 1].c)
        };
        let next = pieces.get(k + 1).map(|p| p.c).or(after);
        plausible(pieces[k].c, o, alone, prev, next)
    })
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
        0x620..=0x64A | 0x660..=0x669 => Kind::Letter("arabic"),
        // Three- and four-byte results: the blocks real text uses. Phonetic extensions,
        // modifier letters and rare scripts are left out ("lá´´" is not "lᴴ").
        0x900..=0xEFF | 0x10A0..=0x11FF | 0x1E00..=0x1FFF | 0x2000..=0x2BFF => Kind::Mark,
        0x2E80..=0x9FFF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE00..=0xFE0F => Kind::Mark,
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

/// Whether a decoded character is believable next to its neighbours (\`alone\`: the
/// only one decoded in its word). One that stands
/// for three or more damaged characters is strong evidence by itself; a pair ("Ã©")
/// needs context.
fn plausible(d: char, o: Origin, alone: bool, before: Option<char>, after: Option<char>) -> bool {
    let k = kind(d);
    if k == Kind::Rare {
        return false;
    }
    if d == '\u{FFFD}' {
        return o.lead.is_alphabetic() || o.span >= 3;
    }
    // A lone letter followed by sentence punctuation at the end of a word is most
    // likely just that: "Brontë…”", "VOCÊ…", "10 Å—". In a word with other damage it is
    // damage too ("Ð´Ð¾Ð»Ð³Ð¸Ñ…" is "долгих").
    let at_word_end = after.is_none_or(|a| !a.is_alphanumeric());
    if alone && o.weak_tail && o.span <= 3 && o.lead.is_alphabetic() && at_word_end {
        return false;
    }
    // A brand in capitals with its mark: "NESTLÉ®", "NICIODATĂ™".
    let shouting = before.is_some_and(char::is_uppercase) && o.lead.is_uppercase();
    if o.span == 2 && shouting && matches!(o.second, '™' | '®' | '©') {
        return false;
    }
    // "Ã’s" is a possessive, not "Òs".
    if o.span == 2 && o.second == '’' && after == Some('s') {
        return false;
    }
    if o.span >= 3 {
        return k != Kind::Combining || before.is_some_and(|b| !b.is_whitespace());
    }
    // "Â©", "Â£", "Â·": the commonest damage of all (the lead stands for byte 0xC2).
    if o.lead == 'Â' && (0xA0..=0xBF).contains(&(d as u32)) {
        return true;
    }
    let letter = |c: Option<char>| c.filter(|c| c.is_alphabetic());
    // An odd symbol right after a letter ("Ã©", "Î³") is damage even without neighbours.
    let odd_pair = o.lead.is_alphabetic() && !o.second.is_alphabetic();
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
                _ => false,
            };
            !clashes && (odd_pair || b.is_some() || a.is_some())
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
        Kind::Combining => before.is_some_and(|b| !b.is_whitespace()),
        Kind::Rare => false,
    }
}

/// C1 control characters that stand for windows-1252 punctuation ("\u{85}" for "…"),
/// left after other repairs: replaced by that punctuation.
pub(super) fn c1_to_punctuation(text: &str) -> Vec<Edit> {
    if text.is_ascii() {
        return Vec::new();
    }
    text.char_indices()
        .filter(|(_, c)| ('\u{80}'..='\u{9f}').contains(c))
        .filter_map(|(i, c)| {
            let p = super::windows_1252_c1(c as u8);
            (p != c).then(|| Edit::new(i..i + c.len_utf8(), p))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(s: &str) -> String {
        super::super::apply(s, &repair(s))
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

#[cfg(test)]
mod edit_tests {
    use super::*;

    #[test]
    fn edits_are_narrow_and_name_the_encodings() {
        let edits = repair("Le cafÃ© est doesnâ€™t choice");
        assert_eq!(edits.len(), 2);
        assert_eq!(edits[0].range, 6..10);
        assert_eq!(edits[0].with, "é");
        assert_eq!(edits[0].encodings, ["windows-1252"]);
        assert_eq!(edits[1].with, "\u{2019}");
        let twice = repair("Iggy Pop (nÃƒÂ© Jim)");
        assert_eq!(twice[0].with, "é");
        assert_eq!(twice[0].encodings, ["windows-1252", "windows-1252"]);
        let cyr = repair("РґРѕСЂРѕРіРµ");
        assert_eq!(cyr[0].encodings, ["windows-1251"]);
        assert_eq!(cyr[0].count, 6);
    }
}
