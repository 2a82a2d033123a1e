//! Unwinding a word: each layer turns the characters back into the bytes a codec gives
//! them and decodes every UTF-8 sequence those bytes spell, the outermost damage first.

use super::codecs::{Codec, CODECS};

/// Most layers of damage undone.
const MAX_LAYERS: usize = 4;

/// A character of a word being unwound.
#[derive(Clone, Copy, Debug)]
pub(super) struct Piece {
    pub(super) c: char,
    /// Where it came from, if decoding made it.
    pub(super) decoded: Option<Origin>,
    /// An ASCII space between two words, shown to the codecs as U+00A0: it may stand
    /// for the byte 0xA0 of a no-break space that a later step turned into a space.
    pub(super) spaced: bool,
}

impl Piece {
    pub(super) fn new(c: char) -> Piece {
        Piece {
            c,
            decoded: None,
            spaced: false,
        }
    }

    /// A space standing in for a lost 0xA0 byte.
    pub(super) fn space() -> Piece {
        Piece {
            c: '\u{a0}',
            decoded: None,
            spaced: true,
        }
    }
}

/// Where a decoded character came from in the damaged text.
#[derive(Clone, Copy, Debug)]
pub(super) struct Origin {
    /// How many damaged characters it replaces.
    pub(super) span: usize,
    /// The first of them.
    pub(super) lead: char,
    /// The second of them.
    pub(super) second: char,
    /// Whether every continuation was sentence punctuation ("ë…”").
    pub(super) weak_tail: bool,
    /// The layer that decoded it, the outermost (0) first.
    pub(super) layer: usize,
    /// Whether bytes of it were lost (shown as U+FFFD or '?'): it decodes to U+FFFD.
    pub(super) lossy: bool,
    /// Whether a lost byte was shown as '?' where '?' could as well be a question mark
    /// ("Ã?"): such a piece needs other damage in its word.
    pub(super) weak_loss: bool,
    /// Whether it took in a space that stood for a lost 0xA0 byte.
    pub(super) spaced: bool,
    /// Whether that space was its second byte, right after the lead, with more bytes
    /// after it ("â € " is "⠀").
    pub(super) spaced_second: bool,
    /// Whether a layer below the outermost decoded it together with characters the
    /// layer above left alone.
    pub(super) mixed: bool,
}

/// Unwinds a word: the first layer with codec `first`, later layers with any codec,
/// likeliest first. Returns the word after each layer with the codecs undone so far,
/// the outermost layer first; empty when the first codec decodes nothing.
pub(super) fn unwind(word: &[Piece], first: usize) -> Vec<(Vec<Piece>, Vec<usize>)> {
    let Some(mut pieces) = layer(word, &CODECS[first], 0) else {
        return Vec::new();
    };
    let mut layers = vec![first];
    let mut stages = vec![(pieces.clone(), layers.clone())];
    for depth in 1..MAX_LAYERS {
        let found = (0..CODECS.len()).find_map(|c| Some((layer(&pieces, &CODECS[c], depth)?, c)));
        let Some((next, c)) = found else {
            break;
        };
        pieces = next;
        layers.push(c);
        stages.push((pieces.clone(), layers.clone()));
    }
    stages
}

/// Decodes every well-formed sequence of layer `depth` with one codec: the new word,
/// or `None` when nothing decodes (without copying anything, the common case).
///
/// Below the outermost layer, a sequence that takes in characters the layer above left
/// alone is marked `mixed`: text damaged twice is usually damaged whole, so such a
/// reading ("l’é" read again as one more pair) needs the support a pair needs, while
/// "â\u{80}“" (damage partly damaged again) is still "–".
fn layer(pieces: &[Piece], codec: &Codec, depth: usize) -> Option<Vec<Piece>> {
    let bytes: Vec<Option<u8>> = pieces
        .iter()
        .map(|p| {
            // Characters decoded before the layer above are settled.
            if depth > 0 && p.decoded.is_some_and(|o| o.layer + 1 != depth) {
                return None;
            }
            let b = codec.byte(p.c)?;
            // A space only stands for 0xA0 where that byte reads as a no-break space.
            (!p.spaced || (depth == 0 && b == 0xA0)).then_some(b)
        })
        .collect();
    let found_at = |i: usize| {
        sequence_at(&bytes, i)
            .map(|(len, c)| (len, c, false, false))
            .or_else(|| lossy_sequence_at(&bytes, pieces, i, depth))
            // A deeper layer undoes the damage of the layer above: some of its
            // characters must come from there.
            .filter(|&(len, ..)| {
                depth == 0 || pieces[i..i + len].iter().any(|p| p.decoded.is_some())
            })
    };
    let mut i = (0..pieces.len()).find(|&i| bytes[i].is_some() && found_at(i).is_some())?;
    let mut out = Vec::with_capacity(pieces.len());
    out.extend_from_slice(&pieces[..i]);
    while i < pieces.len() {
        match found_at(i) {
            // A C1 control may appear in an intermediate layer (0x81 read twice); the
            // judge rejects any left in the final word.
            Some((len, c, lossy, weak_loss)) => {
                let seq = &pieces[i..i + len];
                let origin = Origin {
                    span: seq.iter().map(|p| p.decoded.map_or(1, |o| o.span)).sum(),
                    lead: seq[0].decoded.map_or(seq[0].c, |o| o.lead),
                    second: seq[0].decoded.map_or(seq[1].c, |o| o.second),
                    weak_tail: seq[1..]
                        .iter()
                        .all(|p| p.decoded.is_none() && !p.spaced && is_sentence_punctuation(p.c)),
                    layer: depth,
                    lossy: lossy || seq.iter().any(|p| p.decoded.is_some_and(|o| o.lossy)),
                    weak_loss: weak_loss
                        || seq.iter().any(|p| p.decoded.is_some_and(|o| o.weak_loss)),
                    spaced: seq
                        .iter()
                        .any(|p| p.spaced || p.decoded.is_some_and(|o| o.spaced)),
                    spaced_second: len > 2 && seq[1].spaced,
                    mixed: depth > 0 && seq.iter().any(|p| p.decoded.is_none()),
                };
                out.push(Piece {
                    c,
                    decoded: Some(origin),
                    spaced: false,
                });
                i += len;
            }
            None => {
                out.push(pieces[i]);
                i += 1;
            }
        }
    }
    Some(out)
}

/// Punctuation that ordinarily follows a word.
pub(super) fn is_sentence_punctuation(c: char) -> bool {
    matches!(c, '…' | '’' | '‘' | '”' | '“' | '–' | '—' | '•' | '\u{a0}')
}

/// The length in bytes of the UTF-8 sequence `lead` starts, if it starts one.
pub(super) fn sequence_len(lead: u8) -> Option<usize> {
    match lead {
        0xC2..=0xDF => Some(2),
        0xE0..=0xEF => Some(3),
        0xF0..=0xF4 => Some(4),
        _ => None,
    }
}

/// The well-formed UTF-8 multi-byte sequence (or CESU-8 surrogate pair) whose bytes the
/// characters from `i` stand for: its length in characters and the decoded character.
fn sequence_at(bytes: &[Option<u8>], i: usize) -> Option<(usize, char)> {
    let len = sequence_len(bytes[i]?)?;
    let mut seq = [0u8; 6];
    for (slot, b) in seq.iter_mut().zip(bytes.get(i..i + len)?) {
        *slot = (*b)?;
    }
    if let Ok(s) = std::str::from_utf8(&seq[..len]) {
        return s.chars().next().map(|c| (len, c));
    }
    // CESU-8: a surrogate pair written as two three-byte sequences.
    if seq[0] != 0xED {
        return None;
    }
    for (slot, b) in seq[len..].iter_mut().zip(bytes.get(i + len..i + 6)?) {
        *slot = (*b)?;
    }
    let cont = |b: u8| b & 0xC0 == 0x80;
    let high = (0xA0..=0xAF).contains(&seq[1]) && cont(seq[2]);
    let low = seq[3] == 0xED && (0xB0..=0xBF).contains(&seq[4]) && cont(seq[5]);
    if high && low {
        let hi = (u32::from(seq[1] & 0x0F) << 6) | u32::from(seq[2] & 0x3F);
        let lo = (u32::from(seq[4] & 0x0F) << 6) | u32::from(seq[5] & 0x3F);
        return char::from_u32(0x10000 + (hi << 10) + lo).map(|c| (6, c));
    }
    None
}

/// A sequence some of whose continuation bytes were lost: a decoder showed each as
/// U+FFFD, or a converter as '?'. It decodes to U+FFFD, since the character cannot be
/// recovered. Returns its length, U+FFFD, and whether a '?' could as well be a question
/// mark: it is sure only as the last of three bytes after two real ones ("â€?").
fn lossy_sequence_at(
    bytes: &[Option<u8>],
    pieces: &[Piece],
    i: usize,
    depth: usize,
) -> Option<(usize, char, bool, bool)> {
    let lead = bytes[i]?;
    // 0xC2 is left out: "Â" before a lost byte is too often a stray Â.
    let len = sequence_len(lead).filter(|_| lead != 0xC2)?;
    let seq = pieces.get(i..i + len)?;
    let mut lost = 0;
    let mut question = false;
    for (k, p) in seq.iter().enumerate().skip(1) {
        match bytes[i + k] {
            Some(b) if b & 0xC0 == 0x80 => {}
            Some(_) => return None,
            None if p.c == '\u{FFFD}'
                && (depth == 0 || p.decoded.is_some_and(|o| o.layer + 1 == depth)) =>
            {
                lost += 1
            }
            None if p.c == '?' && depth == 0 => {
                lost += 1;
                question = true;
            }
            None => return None,
        }
    }
    if lost == 0 {
        return None;
    }
    let sure_question = len == 3 && lost == 1 && seq[2].c == '?';
    Some((len, '\u{FFFD}', true, question && !sure_question))
}
