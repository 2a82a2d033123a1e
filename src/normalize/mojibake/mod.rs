//! Mojibake repair: text that was UTF-8, decoded with a single-byte encoding somewhere
//! upstream ("CustomersÃ¢â‚¬â„¢", "cafÃ©", "РґРѕСЂРѕРіРµ").
//!
//! In such text every damaged character stands for one byte of the original UTF-8.
//! Word by word, each suspect encoding turns the characters back into those bytes and
//! decodes every well-formed UTF-8 sequence, layer after layer for text damaged more
//! than once ([`unwind`]). The final word is then judged as a whole ([`judge`]): every
//! character decoding produced must be plausible where it ends up: a common letter
//! beside letters of its script with consistent case, common punctuation beside a
//! letter, three- and four-byte results only in blocks real text uses. Of the readings
//! left, the one that explains the most damaged characters wins; ties go to the
//! encoding that explains most across the document. Lost bytes (shown as U+FFFD or
//! '?') give U+FFFD.
//!
//! A no-break space (byte 0xA0 of "à", "Š", "Р", "ภ") is often turned into a plain
//! space after the damage ("voilÃ le", "Ð ÑƒÑ�"). A word ending in a lead is read
//! again together with the next one, the space standing for 0xA0, but only where the
//! document shows the same damage elsewhere or the word has no other reading
//! ("voilÃ": a capital after small letters).
//!
//! Left alone on purpose: correct text in any script (it is either not encodable as
//! lead and continuation bytes or decodes to rare characters), a word followed by
//! sentence punctuation ("VOCÊ…", "Brontë…”", "NICIODATĂ™", "10 Å—"), possessives
//! ("Ã’s"), symbols in math or emoticons ("√π", "`¬´ ):"), and a lone damaged-looking
//! pair in a document whose other non-ASCII text is correct ("Bremer/Mccoy – DrÃ¥ber":
//! one pair is too little to call the document damaged). Precision before recall.

mod codecs;
mod judge;
mod unwind;

use super::Edit;
pub(super) use codecs::is_lead;
use codecs::{Codec, CODECS};
use std::cmp::Reverse;
use unwind::{sequence_len, unwind, Piece};

/// Repairs mojibake in `text`: one edit per repaired word (or run of words joined by a
/// space that stood for a lost byte), narrowed to the characters that changed,
/// counting the damaged sequences it decodes and naming the encodings undone.
pub(super) fn repair(text: &str) -> Vec<Edit> {
    if !super::non_ascii_chars(text).any(|(_, c)| is_lead(c)) {
        return Vec::new();
    }
    // The suspect words and their plausible repairs; and those followed by a space,
    // which may have stood for a lost byte.
    let mut found: Vec<Found> = Vec::new();
    let mut tails: Vec<(usize, usize)> = Vec::new();
    for (start, end) in suspect_words(text) {
        let word = &text[start..end];
        let signs = damage_signs(word);
        if signs == Signs::None {
            continue;
        }
        if text.as_bytes().get(end) == Some(&b' ') {
            tails.push((start, end));
        }
        if signs == Signs::CutShort {
            // No reading starts inside the word; only a lost space after it can help.
            continue;
        }
        let pieces: Vec<Piece> = word.chars().map(Piece::new).collect();
        let options = repairs(&pieces, char_before(text, start), char_after(text, end));
        if !options.is_empty() {
            found.push(Found {
                start,
                end,
                options,
            });
        }
    }
    if found.is_empty() && tails.is_empty() {
        // Most documents with a suspect character: curly quotes inside or before words.
        return Vec::new();
    }
    // Ties between codecs go to the one that repairs most across the document: text is
    // damaged one way, so "fĂźr" beside "approuvĂŠ" is "für", not "fßr".
    let mut votes = vec![0usize; CODECS.len()];
    for f in &found {
        for r in f.top() {
            votes[r.codec] += r.span;
        }
    }
    let chains = chains(text, &tails, &found, &votes);
    let mut chosen: Vec<(usize, usize, &Candidate)> = found
        .iter()
        .filter(|f| !chains.iter().any(|c| c.start <= f.start && f.end <= c.end))
        .map(|f| (f.start, f.end, f.best(&votes)))
        .chain(chains.iter().map(|c| (c.start, c.end, c.best(&votes))))
        .collect();
    chosen.sort_by_key(|&(start, _, _)| start);
    if lone_pair_in_correct_text(text, &chosen) {
        return Vec::new();
    }
    chosen
        .into_iter()
        .map(|(start, end, best)| {
            let fixed = render(&best.pieces);
            let (range, with) = narrow(&text[start..end], &fixed);
            Edit {
                range: start + range.start..start + range.end,
                with: with.to_string(),
                count: best.decoded(),
                encodings: best.layers.iter().map(|&c| CODECS[c].name).collect(),
            }
        })
        .collect()
}

fn char_before(text: &str, at: usize) -> Option<char> {
    text[..at].chars().next_back()
}

fn char_after(text: &str, at: usize) -> Option<char> {
    text[at..].chars().next()
}

/// The words of `text` (runs between ASCII whitespace, found on bytes) as byte ranges.
fn words(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let bytes = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() && is_break_byte(bytes[i]) {
            i += 1;
        }
        if i == bytes.len() {
            return None;
        }
        let start = i;
        while i < bytes.len() && !is_break_byte(bytes[i]) {
            i += 1;
        }
        Some((start, i))
    })
}

/// The words of `text` that hold a character standing for a lead byte ([`is_lead`]),
/// as byte ranges: the same words as [`words`] gives, found by jumping from one
/// non-ASCII character to the next instead of walking every word.
fn suspect_words(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let bytes = text.as_bytes();
    let mut done = 0; // the end of the last word found
    super::non_ascii_chars(text).filter_map(move |(i, c)| {
        if i < done || !is_lead(c) {
            return None;
        }
        let start = bytes[..i]
            .iter()
            .rposition(|&b| is_break_byte(b))
            .map_or(0, |p| p + 1);
        done = bytes[i..]
            .iter()
            .position(|&b| is_break_byte(b))
            .map_or(bytes.len(), |p| i + p);
        Some((start, done))
    })
}

/// What a suspect word shows of possible damage.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Signs {
    /// No lead character ([`is_lead`]) is followed by a non-ASCII character or '?' or
    /// ends the word: no reading can start in it ("it’s", "“Hello": curly quotes are
    /// leads in MacRoman).
    None,
    /// Only a lead at the very end ("voilÃ", "done”"): nothing decodes inside the
    /// word, but a space after it may stand for a lost 0xA0 byte.
    CutShort,
    /// A lead followed by a non-ASCII character (a continuation, or U+FFFD for a lost
    /// byte) or by '?' (a lost byte): a reading may start there.
    Inside,
}

/// The [`Signs`] of a word. Every reading starts at a lead followed by a continuation
/// or a lost-byte marker, so words without one skip the unwinding in every codec.
fn damage_signs(word: &str) -> Signs {
    let mut signs = Signs::None;
    let mut chars = word.chars().peekable();
    while let Some(c) = chars.next() {
        if is_lead(c) {
            match chars.peek() {
                None => signs = Signs::CutShort,
                Some(&next) if !next.is_ascii() || next == '?' => return Signs::Inside,
                _ => {}
            }
        }
    }
    signs
}

/// Whether a lead character ([`is_lead`]) followed by the byte at `next` of `text`
/// (none at the end) gives its word a damage sign ([`damage_signs`]): a non-ASCII
/// character or '?' after it, or the end of the word. A text none of whose leads
/// does has nothing [`repair`] can change ("it’s": a curly quote is a lead in
/// MacRoman, but not before a letter), which the normalization scan tells without
/// calling it.
pub(super) fn lead_gives_sign(text: &str, next: usize) -> bool {
    text.as_bytes()
        .get(next)
        .is_none_or(|&b| !b.is_ascii() || b == b'?' || is_break_byte(b))
}

/// Where words end. Only ASCII whitespace: a no-break space can be part of the damage
/// ("Ã\u{a0}" is "à").
fn is_break_byte(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// A suspect word (or run of words) and its plausible repairs.
struct Found {
    start: usize,
    end: usize,
    options: Vec<Candidate>,
}

impl Found {
    /// The repairs that explain the most damaged characters.
    fn top(&self) -> impl Iterator<Item = &Candidate> {
        let most = self.options.iter().map(|r| r.span).max().unwrap_or(0);
        self.options.iter().filter(move |r| r.span == most)
    }

    /// The repair chosen: the one that explains the most damaged characters, leaves the
    /// least suspect text and undoes the fewest layers, then the codec with the
    /// most votes across the document, then the likeliest.
    fn best(&self, votes: &[usize]) -> &Candidate {
        self.options
            .iter()
            .max_by_key(|r| {
                (
                    r.span,
                    Reverse(r.leftovers),
                    Reverse(r.layers.len()),
                    votes[r.codec],
                    Reverse(r.codec),
                )
            })
            .expect("options are not empty")
    }
}

/// A plausible repair of one word (a candidate).
struct Candidate {
    /// The codec of the first layer undone.
    codec: usize,
    /// The codec of each layer undone, the first first.
    layers: Vec<usize>,
    pieces: Vec<Piece>,
    /// How many damaged characters its decoded characters replace.
    span: usize,
    /// How much suspect text it leaves undecoded ([`leftovers`]).
    leftovers: usize,
}

impl Candidate {
    /// How many damaged sequences it decodes.
    fn decoded(&self) -> usize {
        self.pieces.iter().filter(|p| p.decoded.is_some()).count()
    }
}

/// The plausible repairs of one word, one per codec that decodes something in it: the
/// deepest unwinding that the judge accepts ("l’Ã©galité" is "l’égalité" after one
/// layer, not "lՎgalité" after two). A reading that leaves as much suspect text as it
/// decodes is no repair: the word is a garble ("ã†â€™ãƒâ€" is not "ã†’ãƒâ€").
fn repairs(word: &[Piece], before: Option<char>, after: Option<char>) -> Vec<Candidate> {
    (0..CODECS.len())
        .filter_map(|codec| {
            let stages = unwind(word, codec);
            let (pieces, layers) = stages
                .into_iter()
                .rev()
                .find(|(pieces, _)| judge::judge(pieces, before, after))?;
            let decoded = pieces.iter().filter(|p| p.decoded.is_some()).count();
            let leftovers = leftovers(&pieces, &CODECS[codec]);
            (leftovers < decoded).then(|| Candidate {
                codec,
                layers,
                span: pieces
                    .iter()
                    .filter_map(|p| p.decoded)
                    .map(|o| o.span)
                    .sum(),
                leftovers,
                pieces,
            })
        })
        .collect()
}

/// How much suspect text a reading with `codec` leaves undecoded: leads followed by a
/// continuation (a broken sequence), and characters that look like damage but that
/// `codec` cannot show at all ("ã" in a word read as windows-1250).
fn leftovers(pieces: &[Piece], codec: &Codec) -> usize {
    let byte = |p: &Piece| p.decoded.is_none().then(|| codec.byte(p.c)).flatten();
    let broken = pieces
        .windows(2)
        .filter(|w| {
            byte(&w[0]).is_some_and(|b| sequence_len(b).is_some())
                && byte(&w[1]).is_some_and(|b| b & 0xC0 == 0x80)
        })
        .count();
    let foreign = pieces
        .iter()
        .filter(|p| p.decoded.is_none() && is_lead(p.c) && codec.byte(p.c).is_none())
        .count();
    broken + foreign
}

/// Whether a word ends in a UTF-8 sequence cut short, as some codec reads it: a lead
/// and fewer continuations than it needs, so that a lost 0xA0 byte may follow.
fn may_take_space(word: &str) -> bool {
    let tail: Vec<char> = word.chars().rev().take(3).collect();
    CODECS.iter().any(|codec| {
        (1..=tail.len()).any(|k| {
            // The k-th character from the end as the lead, the ones after it as
            // continuations.
            codec
                .byte(tail[k - 1])
                .and_then(sequence_len)
                .is_some_and(|len| len > k)
                && tail[..k - 1]
                    .iter()
                    .all(|&c| codec.byte(c).is_some_and(|b| b & 0xC0 == 0x80))
        })
    })
}

/// Whether a word ends in a capital after a small letter ("voilÃ"): no correct word
/// looks like that, so it is damage even with nothing else damaged around it.
fn capital_after_small(word: &str) -> bool {
    let mut rev = word.chars().rev();
    matches!((rev.next(), rev.next()), (Some(c), Some(b)) if c.is_uppercase() && b.is_lowercase())
}

/// The runs of words joined by spaces that stood for lost 0xA0 bytes, repaired: each
/// run starts at one of `tails` (a suspect word followed by a space) and goes on while
/// its last word may take a space. A run is kept only when every such space is taken
/// into a decoded character and the document shows the same damage (another word
/// repaired with the same codec, or other damage in the run), or the run has no other
/// reading ("voilÃ le").
fn chains(text: &str, tails: &[(usize, usize)], found: &[Found], votes: &[usize]) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::new();
    let mut evidence = vec![false; CODECS.len()];
    let mut leads: Vec<char> = Vec::new();
    for f in found {
        for r in f.top() {
            evidence[r.codec] = true;
            leads.extend(sound_leads(&r.pieces));
        }
    }
    let bytes = text.as_bytes();
    for &(start, first_end) in tails {
        if out.last().is_some_and(|c| start < c.end) {
            continue;
        }
        let word = &text[start..first_end];
        if found.is_empty() && !capital_after_small(word) || !may_take_space(word) {
            continue;
        }
        // The spaces joined: each with the end of the word after it (or just past the
        // space, when another space follows and this one alone stood for the byte).
        let mut joins: Vec<(usize, usize)> = Vec::new();
        let mut end = first_end;
        while bytes.get(end) == Some(&b' ') {
            match bytes.get(end + 1) {
                Some(b' ') => {
                    joins.push((end, end + 1));
                    break;
                }
                Some(&b) if !is_break_byte(b) => {
                    let next_end = words(&text[end + 1..])
                        .next()
                        .map_or(text.len(), |(_, e)| end + 1 + e);
                    joins.push((end, next_end));
                    if !may_take_space(&text[end + 1..next_end]) {
                        break;
                    }
                    end = next_end;
                }
                _ => break,
            }
        }
        // The whole run, else shorter ones.
        for n in (1..=joins.len()).rev() {
            let end = joins[n - 1].1;
            let mut pieces = Vec::new();
            let mut at = start;
            for &(space, _) in &joins[..n] {
                pieces.extend(text[at..space].chars().map(Piece::new));
                pieces.push(Piece::space());
                at = space + 1;
            }
            pieces.extend(text[at..end].chars().map(Piece::new));
            let options: Vec<Candidate> =
                repairs(&pieces, char_before(text, start), char_after(text, end))
                    .into_iter()
                    .filter(|r| {
                        let taken = r.pieces.iter().all(|p| !p.spaced);
                        let own: Vec<char> = sound_leads(&r.pieces).collect();
                        let seen = |c: char| own.contains(&c) || leads.contains(&c);
                        taken
                            && spaces_fit(&r.pieces, seen)
                            && (!own.is_empty() || evidence[r.codec] || no_other_reading(&r.pieces))
                    })
                    .collect();
            if options.is_empty() {
                continue;
            }
            let run = Found {
                start,
                end,
                options,
            };
            // Keep the words' own repairs if they explain more.
            let inside: usize = found
                .iter()
                .filter(|f| start <= f.start && f.end <= end)
                .map(|f| f.best(votes).span)
                .sum();
            if run.best(votes).span >= inside {
                out.push(run);
                break;
            }
        }
    }
    out
}

/// The leads of the characters decoded whole (no byte lost, no space taken in).
fn sound_leads(pieces: &[Piece]) -> impl Iterator<Item = char> + '_ {
    pieces
        .iter()
        .filter_map(|p| p.decoded)
        .filter(|o| !o.lossy && !o.spaced)
        .map(|o| o.lead)
}

/// Letters that are words by themselves ("å" in Norwegian, "é" in Portuguese, "è" in
/// Italian, "в" in Russian): one of them before a space is no sign of a lost byte.
const ONE_LETTER_WORDS: &str = "àèéóôöåÀÈÉÓÔÖÅавжиоксуяАВЖИОКСУЯ";

/// Whether each character that took in a space fits where it stands: a three- or
/// four-byte reading must not be glued to the end of a word ("côté —" is not
/// "côt頗"); with the space right after the lead, the lead is a word of one letter, so
/// only a symbol will do ("â € " is "⠀", "æ —" is not "栗"); and a lead that is a
/// word by itself must be seen as damage elsewhere (`seen`): "Å veices" beside
/// "baÅ†Ä·ieri" is "Šveices", "Å andra sidan" is Swedish. Nor is a space a lost byte
/// before a word of correct non-ASCII text ("Р Ф" stays, "Ð ÑƒÑ" does not).
fn spaces_fit(pieces: &[Piece], seen: impl Fn(char) -> bool) -> bool {
    pieces.iter().enumerate().all(|(k, p)| {
        let Some(o) = p.decoded.filter(|o| o.spaced) else {
            return true;
        };
        let prev = k.checked_sub(1).map(|j| pieces[j]);
        let glued = prev.is_some_and(|q| q.decoded.is_none() && q.c.is_alphabetic());
        let alone = prev.is_none_or(|q| q.decoded.is_some_and(|o| o.spaced));
        let symbol = ('\u{2000}'..='\u{2bff}').contains(&p.c);
        let correct_next = pieces
            .get(k + 1)
            .is_some_and(|q| q.decoded.is_none() && !q.c.is_ascii() && q.c.is_alphabetic());
        let one_letter_word = alone && ONE_LETTER_WORDS.contains(o.lead) && !seen(o.lead);
        let misfits = [
            correct_next,
            o.span >= 3 && glued,
            o.spaced_second && !symbol,
            one_letter_word,
        ];
        !misfits.contains(&true)
    })
}

/// Whether a character that took in a space is a small letter right after a small
/// letter, decoded from a capital lead ("voilÃ" + space is "voilà").
fn no_other_reading(pieces: &[Piece]) -> bool {
    pieces.windows(2).any(|w| {
        w[1].decoded.is_some_and(|o| {
            o.spaced && o.lead.is_uppercase() && w[1].c.is_lowercase() && w[0].c.is_lowercase()
        })
    })
}

/// Portuguese contractions of "a" with an article or pronoun ("às", "àquele"): after
/// "Ã" and a lost no-break space, these letters belong to the same word.
const CONTRACTIONS: [&str; 6] = ["s", "quele", "quela", "queles", "quelas", "quilo"];

/// The text of a repaired word. A space taken into "à" stood for the lost byte and for
/// the word break after it ("voilÃ le" is "voilà le"): a space is put back before the
/// next word, except before the rest of a Portuguese contraction ("Ã s crianças" is
/// "às crianças"), and not before a hyphen ("vis-Ã -vis" is "vis-à-vis").
fn render(pieces: &[Piece]) -> String {
    let mut out = String::new();
    for (k, p) in pieces.iter().enumerate() {
        out.push(p.c);
        let spaced = p.decoded.is_some_and(|o| o.spaced);
        if spaced && p.c == 'à' && k + 1 < pieces.len() {
            let rest = &pieces[k + 1..];
            let letters: String = rest
                .iter()
                .map(|p| p.c)
                .take_while(|c| c.is_alphabetic())
                .collect();
            let next = rest.get(letters.chars().count()).map(|p| p.c);
            let contraction = CONTRACTIONS.contains(&letters.to_lowercase().as_str())
                && !matches!(next, Some('\'' | '’'));
            let word_next = rest[0].c.is_alphanumeric();
            if word_next && !contraction {
                out.push(' ');
            }
        }
    }
    out
}

/// Whether the only repair is one pair of characters ("Ã¥") in a document whose other
/// non-ASCII text is correct ("Bremer/Mccoy – DrÃ¥ber"): the correct text shows the
/// document was not read with the wrong codec, and one pair cannot outweigh it. Curly
/// quotes do not count, as they are often put in after the damage, nor does U+FFFD,
/// which is damage itself; nor does "Â" before a symbol, which has no correct reading.
fn lone_pair_in_correct_text(text: &str, chosen: &[(usize, usize, &Candidate)]) -> bool {
    let [(start, end, best)] = chosen else {
        return false;
    };
    let mut decoded = best.pieces.iter().filter_map(|p| p.decoded);
    let (Some(o), None) = (decoded.next(), decoded.next()) else {
        return false;
    };
    if o.span != 2 || o.spaced || o.lead == 'Â' {
        return false;
    }
    text[..*start].chars().chain(text[*end..].chars()).any(|c| {
        !c.is_ascii() && !c.is_whitespace() && !matches!(c, '‘' | '’' | '“' | '”' | '\u{FFFD}')
    })
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
    fn prefers_the_reading_that_explains_most() {
        // Read as MacRoman, "Ã¢â‚¬â" gives more pieces ("̢₉"), but windows-1252 twice
        // explains more damaged characters, and the document vote follows.
        assert_eq!(
            fix("CustomersÃ¢â‚¬â„¢ choice. Le cafÃ©"),
            "Customers\u{2019} choice. Le café"
        );
        assert_eq!(fix("profiter‚Ä¶"), "profiter…");
        assert_eq!(fix("MĂĄm dost tĹ\u{99}etĂ\u{ad}ho"), "Mám dost třetího");
        // A correct apostrophe beside damage is not read again as a pair.
        assert_eq!(fix("l’Ã©galitÃ©"), "l’égalité");
        // Damage partly damaged again.
        assert_eq!(fix("friendly â\u{80}â\u{80}\u{9c} live"), "friendly – live");
    }

    #[test]
    fn repairs_ligatures_and_lost_bytes() {
        assert_eq!(fix("ï¬\u{81}nal"), "\u{fb01}nal");
        assert_eq!(fix("signiп¬Ѓcantly"), "signi\u{fb01}cantly");
        assert_eq!(fix("ItÃ?Â¢â?¬â?¢s"), "It\u{fffd}¢\u{fffd}\u{fffd}s");
        assert_eq!(fix("Ð ÑƒÑ\u{fffd}Ñ\u{fffd}ÐºÐ¸Ð¹"), "Ру\u{fffd}\u{fffd}кий");
        // A '?' alone is a question mark.
        assert_eq!(fix("MAÇÃ?"), "MAÇÃ?");
    }

    #[test]
    fn repairs_lost_no_break_spaces() {
        assert_eq!(fix("voilÃ le travail"), "voilà le travail");
        assert_eq!(fix("voilÃ  le travail"), "voilà le travail");
        assert_eq!(fix("atenÃ§Ã£o Ã s crianÃ§as"), "atenção às crianças");
        assert_eq!(
            fix("Ã quele observado nas lesÃµes"),
            "àquele observado nas lesões"
        );
        assert_eq!(fix("signe Ã s'Ã©loigner"), "signe à s'éloigner");
        assert_eq!(fix("Å veices baÅ†Ä·ieri"), "Šveices baņķieri");
        assert_eq!(fix("à¸ à¸²à¸©à¸²à¹„à¸—à¸¢"), "ภาษาไทย");
        // No other damage in the document, or capitals around it: left alone.
        assert_eq!(fix("jusqu'Ã nos jours"), "jusqu'Ã nos jours");
        assert_eq!(fix("C O N C L U S Ã O"), "C O N C L U S Ã O");
        assert_eq!(fix("C O N C L U S Ã O Ã©tÃ©"), "C O N C L U S Ã O été");
        // Correct words beside damage elsewhere in the document.
        let damage = " Customersâ€™ cafÃ©";
        for s in [
            "Å andra sidan är det bra",
            "à côté — oui",
            "O preço é — caro",
            "Œuvre œ æ — Æ",
            "Å ørret",
        ] {
            let doc = format!("{s}{damage}");
            assert_eq!(fix(&doc), format!("{s} Customers’ café"), "{s}");
        }
        assert_eq!(fix("vis-Ã -vis, cafÃ©"), "vis-à-vis, café");
        assert_eq!(fix("В Р Ф — РґРѕСЂРѕРіРµ"), "В Р Ф — дороге");
    }

    #[test]
    fn brand_marks_end_a_word() {
        assert_eq!(fix("CÃ™IS"), "CÙIS");
        assert_eq!(fix("OÃ™ ET QUAND?"), "OÙ ET QUAND?");
        assert_eq!(fix("SÃ©rie F"), "Série F");
        assert_eq!(fix("NICIODATĂ™"), "NICIODATĂ™");
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
            "Bremer/Mccoy – DrÃ¥ber",
            "ã†â€™ãƒâ€ ã¢â‚¬â„¢ãƒæ’ã‚â¢ãƒâ¢ã¢â‚¬å¡ã‚â¬ãƒâ€šã‚â",
        ] {
            assert_eq!(fix(s), s, "{s}");
        }
    }
}

#[cfg(test)]
mod edit_tests {
    use super::*;

    #[test]
    fn damage_signs_find_where_a_reading_can_start() {
        assert!(damage_signs("it\u{2019}s") == Signs::None);
        assert!(damage_signs("\u{201c}Hello") == Signs::None);
        assert!(damage_signs("done\u{201d}") == Signs::CutShort);
        assert!(damage_signs("voil\u{c3}") == Signs::CutShort);
        assert!(damage_signs("caf\u{c3}\u{a9}") == Signs::Inside);
        assert!(damage_signs("\u{e2}\u{20ac}\u{2122}s") == Signs::Inside);
        assert!(damage_signs("\u{c3}?s") == Signs::Inside);
    }

    #[test]
    fn suspect_words_are_the_words_with_a_lead() {
        let long = "x".repeat(40);
        for text in [
            "Le caf\u{c3}\u{a9} est \u{e9}t\u{e9} ici",
            "\u{c3}\u{a9}",
            "a \u{2019}b c\u{a0}d\te\n\u{d0}\u{bf} ",
            long.as_str(),
            &format!("{long} \u{c3}\u{a9}{long}\u{c3}\u{a9}\r\n\u{4e2d}\u{6587} z\u{ea}"),
        ] {
            let expected: Vec<(usize, usize)> = words(text)
                .filter(|&(a, b)| text[a..b].chars().any(is_lead))
                .collect();
            assert_eq!(
                suspect_words(text).collect::<Vec<_>>(),
                expected,
                "{text:?}"
            );
        }
    }

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

    #[test]
    fn an_edit_covers_the_space_it_took_in() {
        let text = "Å veices baÅ†Ä·ieri, Ã s crianÃ§as";
        let edits = repair(text);
        assert_eq!(edits.len(), 4);
        assert_eq!(&text[edits[0].range.clone()], "Å ");
        assert_eq!(edits[0].with, "Š");
        assert_eq!(&text[edits[2].range.clone()], "Ã ");
        assert_eq!(edits[2].with, "à");
        assert!(edits.windows(2).all(|w| w[0].range.end <= w[1].range.start));
    }
}
