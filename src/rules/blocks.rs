//! Full-page text: find the article's run of prose and remove what lies around it.
//!
//! A scraper that keeps the whole visible text of a page (a WET record, `get_text()`,
//! `html-text`) leaves no markup to tell the article from its surroundings: menus, link
//! lists, "most read" teasers, share bars, comment threads and site footers all arrive as
//! lines of text. This module classifies every line by its shape and finds the article
//! as the densest run of prose.
//!
//! Rules (all whole lines, category `page_chrome`):
//! - `page_chrome/before-main-text`: a line above the article's run of prose.
//! - `page_chrome/after-main-text`: a line below it.
//! - `page_chrome/comment-section`: a line from the start of a comment thread on ("12
//!   Comments", "jane_doe says:", "Leave a Reply"), once the article's prose came before
//!   it.
//!
//! How the run is found:
//! 1. Each line is *prose* (long enough, ends like a sentence or holds sentence marks,
//!    and, in a language the stoplists know, has function words), *short* (under about
//!    30 characters and no sentence end: menu items, labels, dates), a *comment marker*,
//!    or *in between* (headings, list items, title-case teaser lines). A prose or
//!    in-between line that occurs twice in the page (teasers listed at the top and again
//!    at the bottom) counts against the run.
//! 2. Prose lines weigh their length; the others weigh against it, short lines more than
//!    in-between ones. The run is the stretch of lines with the largest total weight, so
//!    short headings, list items and pull quotes *between* paragraphs stay with the
//!    article, while a long menu or a block of teasers ends it.
//!    Leaked code (see `ad_script`) weighs nothing: a script pasted between two
//!    paragraphs must not split the article.
//! 3. Everything outside the run is removed. Inside it nothing is removed here; the line
//!    rules of the other categories still apply there.
//!
//! Left alone: tidy article text. The classifier runs only on a page that *looks* like
//! a full-page scrape: one with many short non-sentence lines, some of them in a run of
//! at least [`MENU_RUN`] (a menu or a link list). An article with a byline, a caption and
//! a footer line, like the cases in `corpus/`, has neither, and is cleaned by the line
//! rules alone. A page with no prose line at all (a bare list, a table) is left alone as
//! well: there is no article to anchor on, and removing everything would lose text.
//!
//! Example: in
//!
//! ```text
//! Home
//! World
//! Sport
//! Weather
//!
//! The river rose a metre overnight, and the council opened two shelters by morning.
//! Residents on the lower streets were told to move their cars to higher ground.
//!
//! Most read
//! Five things to know about the budget
//! ```
//!
//! the four menu lines are removed as `page_chrome/before-main-text` and the two after
//! the story as `page_chrome/after-main-text`; the story stays.

use super::{ad_script, ascii_lowercase8, first_eight, gate, re, rest_matches, whole, Proposal};
use crate::segment::{Doc, Line};
use crate::Category::PageChrome;
use std::collections::HashSet;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::LazyLock;

/// Consecutive short lines that make a page look like a full-page scrape (a menu).
pub(crate) const MENU_RUN: usize = 4;
/// Short lines a page needs, in all, to look like a full-page scrape.
const MIN_SHORT_LINES: usize = 10;

/// A line shorter than this (in [`Shape::size`] units) with no sentence end is short.
const SHORT: usize = 30;
/// A prose line is at least this long and ends like a sentence (or holds two marks).
const PROSE: usize = 70;
/// A line at least this long is prose if it holds any sentence mark or two commas.
const LONG_PROSE: usize = 150;
/// Share of function words a prose line needs, in a page whose language the
/// stoplists know.
const MIN_STOP_SHARE: f64 = 0.10;
/// Average share of function words in the long lines above which a page counts as
/// written in a language the stoplists know.
const STOP_LANGUAGE: f64 = 0.15;
/// Weights of the run search, per size unit: in-between and short lines count against
/// the run by at least [`SHORT`] units each.
const IN_BETWEEN_WEIGHT: f64 = 0.4;
const SHORT_WEIGHT: f64 = 1.2;
const REPEATED_WEIGHT: f64 = 1.0;
/// A comment marker weighs this much against a run that crosses it.
const MARKER_WEIGHT: f64 = 2000.0;
/// Prose (in size units) that must come before a comment marker for the marker to cut
/// the page: a "Comments" link in the top menu does not start a thread.
const PROSE_BEFORE_COMMENTS: usize = 400;

/// How a line is classed for the run search.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    Prose,
    InBetween,
    Short,
    /// Prose or in-between text that occurs more than once in the page.
    Repeated,
    CommentMarker,
    /// Leaked code: it neither extends nor breaks the run (`ad_script` removes it).
    Code,
}

/// What the classifier measures of a line.
#[derive(Debug, Default)]
struct Shape {
    /// Characters, with wide (CJK) characters counted twice: they carry about a word
    /// each.
    size: usize,
    /// Whitespace-separated tokens.
    tokens: usize,
    /// Share of word tokens that are function words of a known language.
    stop_share: f64,
    /// Share of alphabetic words that start with a capital.
    caps_share: f64,
    /// Ends like a sentence (or a quotation, a parenthesis, a colon).
    ends: bool,
    /// Sentence marks `. ! ?` (and CJK ones) anywhere.
    marks: usize,
    /// Commas (and CJK ones).
    commas: usize,
    /// Nothing but a URL.
    url: bool,
    /// The first words are all capitalized: a headline or a teaser.
    title_lead: bool,
    /// Every cased letter is a capital.
    all_caps: bool,
    /// A word starts with one of [`COMMENT_WORDS`] (see [`may_be_comment_marker`]).
    comment_word: bool,
}

pub(super) fn propose(doc: &Doc, out: &mut Vec<Proposal>) {
    if doc.lines.len() < MIN_SHORT_LINES || !looks_like_full_page(&doc.lines) {
        return;
    }
    let shapes: Vec<Shape> = doc.lines.iter().map(|l| shape(l.raw)).collect();
    let long: Vec<f64> = shapes
        .iter()
        .filter(|s| s.size >= PROSE)
        .map(|s| s.stop_share)
        .collect();
    let stop_language =
        !long.is_empty() && long.iter().sum::<f64>() / long.len() as f64 >= STOP_LANGUAGE;
    let mut classes: Vec<Class> = doc
        .lines
        .iter()
        .zip(&shapes)
        .map(|(l, s)| {
            if ad_script::is_code_line(&l.view) {
                Class::Code
            } else {
                classify(l.raw, s, stop_language)
            }
        })
        .collect();
    let repeated = repeated_lines(&doc.lines);
    for (class, repeated) in classes.iter_mut().zip(repeated) {
        if matches!(class, Class::Prose | Class::InBetween) && repeated {
            *class = Class::Repeated;
        }
    }

    // A comment thread starts at the first marker after enough prose.
    let mut prose = 0;
    let cut = classes.iter().zip(&shapes).position(|(c, s)| {
        if *c == Class::Prose {
            prose += s.size;
        }
        *c == Class::CommentMarker && prose >= PROSE_BEFORE_COMMENTS
    });
    let searched = cut.unwrap_or(classes.len());
    let weights: Vec<f64> = classes[..searched]
        .iter()
        .zip(&shapes)
        .map(|(c, s)| weight(*c, s.size))
        .collect();
    let Some((start, end)) = densest_run(&weights) else {
        return;
    };
    for (i, line) in doc.lines.iter().enumerate() {
        let rule = if i < start {
            "page_chrome/before-main-text"
        } else if i <= end {
            continue;
        } else if i < searched {
            "page_chrome/after-main-text"
        } else {
            "page_chrome/comment-section"
        };
        out.push(whole(line, PageChrome, rule));
    }
}

/// Which lines occur twice or more. Equal lines have the same length and first eight
/// bytes, so the lines are sorted by those, as numbers, and only lines with the same
/// ones are compared: cheaper than sorting the lines as strings or hashing them.
fn repeated_lines(lines: &[Line]) -> Vec<bool> {
    let mut keys: Vec<(u64, usize, usize)> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| (first_eight(l.raw.as_bytes()), l.raw.len(), i))
        .collect();
    keys.sort_unstable();
    let mut repeated = vec![false; lines.len()];
    for run in keys.chunk_by(|a, b| (a.0, a.1) == (b.0, b.1)) {
        if run.len() < 2 {
            continue;
        }
        let mut run: Vec<usize> = run.iter().map(|k| k.2).collect();
        run.sort_unstable_by_key(|&i| lines[i].raw);
        for pair in run.windows(2) {
            if lines[pair[0]].raw == lines[pair[1]].raw {
                repeated[pair[0]] = true;
                repeated[pair[1]] = true;
            }
        }
    }
    repeated
}

/// Whether the lines look like a whole page's text rather than an article: many short
/// lines with no sentence end that are not list items, some of them in a run of
/// [`MENU_RUN`] or more.
fn looks_like_full_page(lines: &[Line]) -> bool {
    let mut short = 0;
    let mut run = 0;
    let mut longest = 0;
    for line in lines {
        if is_short(line.raw) {
            short += 1;
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    short >= MIN_SHORT_LINES && longest >= MENU_RUN
}

/// A line under [`SHORT`] size units that does not end like a sentence and is not a
/// list item: a menu item, a label, a date. The page test and [`classify`] share it, so
/// the lines that make a page look full-page are the lines classed [`Class::Short`] by
/// length. The byte length is checked first (a character is at most four bytes), so
/// long lines are not measured.
fn is_short(raw: &str) -> bool {
    raw.len() < SHORT * 4 && is_short_measured(raw, size(raw), ends_like_sentence(raw))
}

/// [`is_short`] of a line whose [`size`] and [`ends_like_sentence`] are known: a line
/// under [`SHORT`] is under `4 * SHORT` bytes.
fn is_short_measured(raw: &str, size: usize, ends: bool) -> bool {
    size < SHORT && !ends && !starts_like_list_item(raw)
}

fn weight(class: Class, size: usize) -> f64 {
    let floor = size.max(SHORT) as f64;
    match class {
        Class::Prose => size as f64,
        Class::InBetween => -IN_BETWEEN_WEIGHT * floor,
        Class::Short => -SHORT_WEIGHT * floor,
        Class::Repeated => -REPEATED_WEIGHT * size as f64,
        Class::CommentMarker => -MARKER_WEIGHT,
        Class::Code => 0.0,
    }
}

/// The stretch `start..=end` with the largest total weight, if that total is positive
/// (there is prose to anchor on). The first such stretch wins a tie.
fn densest_run(weights: &[f64]) -> Option<(usize, usize)> {
    let mut best = (0.0, 0, 0);
    let mut found = false;
    let mut sum = 0.0;
    let mut from = 0;
    for (i, &w) in weights.iter().enumerate() {
        if sum <= 0.0 {
            sum = w;
            from = i;
        } else {
            sum += w;
        }
        if sum > best.0 {
            best = (sum, from, i);
            found = true;
        }
    }
    found.then_some((best.1, best.2))
}

fn classify(raw: &str, s: &Shape, stop_language: bool) -> Class {
    if s.url {
        return Class::Short;
    }
    if s.size < 120 && is_comment_marker(raw, s) {
        return Class::CommentMarker;
    }
    if s.title_lead && !s.all_caps {
        return Class::InBetween;
    }
    let stops_ok = !stop_language || s.stop_share >= MIN_STOP_SHARE;
    if s.size >= PROSE && stops_ok && (s.ends || s.marks >= 2) {
        return Class::Prose;
    }
    if s.size >= LONG_PROSE && stops_ok && (s.marks >= 1 || s.commas >= 2) {
        return Class::Prose;
    }
    if is_short_measured(raw, s.size, s.ends) {
        return Class::Short;
    }
    if s.tokens < 10 && s.caps_share > 0.7 && !s.ends {
        return Class::Short;
    }
    Class::InBetween
}

/// Lines that open or belong to a comment thread: counts ("12 Comments", "[ 167
/// comments ]", "3 responses to …"), prompts ("Leave a Reply"), attributions ("jane_doe
/// says:", "Sam on May 2, 2019 at 4:47 pm said:"), "Reply" and vote counts. Attributions
/// need the colon, so "He said, she said" is not one.
///
/// Gate: [`may_be_comment_marker`]. The pattern's bounded repetitions of any character
/// make its lazy automaton large, and on real page text it was rebuilt so often that it
/// took a quarter of the whole run; most short lines now never reach it.
fn is_comment_marker(raw: &str, s: &Shape) -> bool {
    gate(may_be_comment_marker(raw, s)) && comment_marker_pattern(raw)
}

/// The words one of which every comment marker that does not end with a colon names
/// (ASCII case-insensitive), each at the start of a word: "comments", "commentaires",
/// "commenti"; "comentarios", "comentários"; "kommentare"; "responses"; "replies",
/// "reply"; "rating".
const COMMENT_WORDS: [&str; 6] = [
    "comment",
    "coment",
    "kommentar",
    "respons",
    "repl",
    "rating",
];

/// Whether the word `w` starts with one of [`COMMENT_WORDS`], ignoring case the way
/// the pattern does: ASCII case, and a long s or a Kelvin sign for the "s" or "k" it
/// folds to (the Kelvin sign starts with the byte 0xE2).
fn starts_with_comment_word(w: &[u8]) -> bool {
    matches!(w[0] | 0x20, b'c' | b'k' | b'r' | 0xE2)
        && COMMENT_WORDS.iter().any(|c| rest_matches(w, c.as_bytes()))
}

/// A necessary condition of [`is_comment_marker`]'s pattern, from the line and its
/// shape: the line ends with a colon (the attributions), or a word starts with one of
/// [`COMMENT_WORDS`] (each follows the start of the line or a space in the pattern, so
/// it starts a word).
fn may_be_comment_marker(raw: &str, s: &Shape) -> bool {
    raw.ends_with(':') || s.comment_word
}

/// [`is_comment_marker`]'s pattern, without the gate.
fn comment_marker_pattern(raw: &str) -> bool {
    re!(r"(?ix)^(?:
          .{1,60}\b(?:says|said|wrote|schreibt|dice|disse|a\s+écrit):
        | .{1,60}\bon\s.{4,40}\bat\s.{3,12}(?:said|says):
        | \[?\s*\d+\s+(?:comments?|responses?|replies|kommentare|commentaires?|comentarios|commenti|comentários)\s*\]?
        | (?:\d+\s+)?(?:responses?|comments?|replies)\s+to\s.*
        | (?:leave|post|add|write)\s+a\s+(?:comment|reply)\b.*
        | (?:top\s+rated\s+|latest\s+|view\s+|show\s+|load\s+|read\s+)?(?:all\s+)?comments(?:\s*\(\d+\))?
        | rating:\s*-?\d+\s+votes?
        | reply
    )$")
    .with(|re| re.is_match(raw))
}

/// Measures a line in one pass: ASCII bytes, most of them, through a table
/// ([`BYTE_CLASS`]), other characters by their Unicode properties ([`char_class`]).
/// The measures are those of the character-by-character definition (`shape_by_chars`
/// in the tests, which hold the two together); this one does not allocate.
fn shape(raw: &str) -> Shape {
    let b = raw.as_bytes();
    let mut words = WordCounts::default();
    // Every class met, and the class of the character before (a space before the
    // first).
    let (mut seen, mut before) = (0u8, SPACE);
    // The start of the word being read, whether it is ASCII so far, and the class of
    // its first character.
    let (mut start, mut ascii, mut first) = (0, true, 0);
    // Counted in locals rather than in the `Shape`, which the loop would otherwise
    // write back to memory at every character. `size` starts as the byte count, and
    // each character that is not ASCII corrects it.
    let (mut size, mut tokens, mut marks, mut commas) = (b.len(), 0, 0, 0);
    // What happens where the class changes between words, spaces and the rest: a few
    // bytes apart, so off the path of the bytes between.
    macro_rules! boundary {
        ($class:expr, $at:expr) => {
            if ($class ^ before) & (WORD | SPACE) != 0 {
                tokens += usize::from(before & SPACE != 0 && $class & SPACE == 0);
                if ($class ^ before) & WORD != 0 {
                    if $class & WORD != 0 {
                        (start, ascii, first) = ($at, true, $class);
                    } else {
                        words.add(&raw[start..$at], ascii, first);
                    }
                }
            }
        };
    }
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii() {
            let class = BYTE_CLASS[usize::from(b[i])];
            seen |= class;
            marks += usize::from(class & MARK != 0);
            commas += usize::from(class & COMMA != 0);
            boundary!(class, i);
            before = class;
            i += 1;
        } else {
            let c = raw[i..].chars().next().expect("a character starts here");
            let (class, len) = (class_of(c), c.len_utf8());
            seen |= class;
            marks += usize::from(class & MARK != 0);
            commas += usize::from(class & COMMA != 0);
            boundary!(class, i);
            if class & WORD != 0 {
                // The word this character starts or goes on is not ASCII.
                ascii = false;
            }
            size = size + char_size(c) - len;
            before = class;
            i += len;
        }
    }
    if before & WORD != 0 {
        words.add(&raw[start..], ascii, first);
    }
    Shape {
        size,
        tokens,
        stop_share: words.stops as f64 / words.words.max(1) as f64,
        caps_share: words.caps as f64 / words.alpha.max(1) as f64,
        ends: ends_like_sentence(raw),
        marks,
        commas,
        url: (raw.starts_with("http://") || raw.starts_with("https://") || raw.starts_with("www."))
            && !raw.contains(char::is_whitespace),
        title_lead: title_lead(raw),
        all_caps: seen & UPPER != 0 && seen & LOWER == 0,
        comment_word: words.comment_word,
    }
}

/// What [`shape`] counts of a line's words.
#[derive(Default)]
struct WordCounts {
    /// Words: runs of letters, digits and `_`.
    words: usize,
    /// Words that are [`STOPWORDS`], ignoring case.
    stops: usize,
    /// Words that start with a letter.
    alpha: usize,
    /// Words that start with a capital.
    caps: usize,
    /// Whether a word starts with one of [`COMMENT_WORDS`].
    comment_word: bool,
}

impl WordCounts {
    /// Counts the word `w`; `ascii`: whether it is all ASCII; `first`: the class of
    /// its first character.
    #[inline]
    fn add(&mut self, w: &str, ascii: bool, first: u8) {
        self.words += 1;
        self.comment_word |= starts_with_comment_word(w.as_bytes());
        self.stops += usize::from(if ascii {
            is_stopword_bytes(w.as_bytes())
        } else {
            is_other_stopword(w)
        });
        if first & ALPHA != 0 {
            self.alpha += 1;
            self.caps += usize::from(first & UPPER != 0);
        }
    }
}

/// [`char_class`], remembered for the characters of the Basic Multilingual Plane: the
/// Unicode property lookups cost more than the rest of [`shape`] on text that is not
/// ASCII, and a page uses few distinct characters.
fn class_of(c: char) -> u8 {
    let Some(slot) = BMP_CLASS.get(c as usize) else {
        return char_class(c);
    };
    match slot.load(Ordering::Relaxed) {
        0 => {
            let class = char_class(c);
            // Any thread may store it, and all store the same.
            slot.store(class | KNOWN, Ordering::Relaxed);
            class
        }
        known => known & !KNOWN,
    }
}

/// [`char_class`] of each character from U+0000 to U+FFFF with [`KNOWN`] set, once a
/// line has used it; 0 until then. Zeroed memory, so it costs nothing to start.
static BMP_CLASS: [AtomicU8; 0x10000] = [const { AtomicU8::new(0) }; 0x10000];

/// Marks a class in [`BMP_CLASS`] as known (no class has this bit).
const KNOWN: u8 = 1 << 7;

/// The [`BYTE_CLASS`] classes of a character that is not ASCII.
fn char_class(c: char) -> u8 {
    let mut class = 0;
    if c.is_whitespace() {
        class |= SPACE;
    }
    if matches!(c, '。' | '！' | '？') {
        class |= MARK;
    }
    if matches!(c, '、' | '，') {
        class |= COMMA;
    }
    if c.is_lowercase() {
        class |= LOWER;
    }
    if c.is_uppercase() {
        class |= UPPER;
    }
    if c.is_alphanumeric() {
        class |= WORD;
    }
    if c.is_alphabetic() {
        class |= ALPHA;
    }
    class
}

/// [`BYTE_CLASS`]: whitespace for [`char::is_whitespace`].
const SPACE: u8 = 1;
/// [`BYTE_CLASS`]: a sentence mark.
const MARK: u8 = 1 << 1;
/// [`BYTE_CLASS`]: a comma.
const COMMA: u8 = 1 << 2;
/// [`BYTE_CLASS`]: a lower-case letter.
const LOWER: u8 = 1 << 3;
/// [`BYTE_CLASS`]: a capital.
const UPPER: u8 = 1 << 4;
/// [`BYTE_CLASS`]: a letter, a digit or `_`, which words are made of.
const WORD: u8 = 1 << 5;
/// [`BYTE_CLASS`]: a letter ([`char::is_alphabetic`]).
const ALPHA: u8 = 1 << 6;

/// What [`shape_ascii`] needs to know of each ASCII byte.
const BYTE_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut c = 0;
    while c < 128 {
        let b = c as u8;
        let mut class = 0;
        if is_space(b) {
            class |= SPACE;
        }
        if matches!(b, b'.' | b'!' | b'?') {
            class |= MARK;
        }
        if b == b',' {
            class |= COMMA;
        }
        if b.is_ascii_lowercase() {
            class |= LOWER;
        }
        if b.is_ascii_uppercase() {
            class |= UPPER;
        }
        if b.is_ascii_alphanumeric() || b == b'_' {
            class |= WORD;
        }
        if b.is_ascii_alphabetic() {
            class |= ALPHA;
        }
        t[c] = class;
        c += 1;
    }
    t
};

/// Whether `c` is an ASCII character [`char::is_whitespace`] holds for.
const fn is_space(c: u8) -> bool {
    matches!(c, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ')
}

/// Whether a word's bytes are one of [`STOPWORDS`], ignoring ASCII case (an ASCII word
/// as it is, another once lower-cased by [`is_other_stopword`]), looked up as a number
/// in a small hash table rather than hashed as a string. No stopword is longer than
/// eight bytes (the table's construction checks), so a longer word is not one.
fn is_stopword_bytes(w: &[u8]) -> bool {
    if w.len() > 8 {
        return false;
    }
    let key = pack_lower(w);
    let table = &*PACKED_STOPWORDS;
    let mut slot = stop_slot(key);
    loop {
        match table[slot] {
            0 => return false,
            k if k == key => return true,
            _ => slot = (slot + 1) % STOP_SLOTS,
        }
    }
}

/// Whether a word that is not all ASCII is one of [`STOPWORDS`], ignoring case: its
/// lower case, written into eight bytes (no stopword is longer), looked up like an
/// ASCII word, without the `String` a lower-cased copy would take.
fn is_other_stopword(w: &str) -> bool {
    let mut lower = [0u8; 8];
    let mut len = 0;
    for c in w.chars().flat_map(char::to_lowercase) {
        let Some(to) = lower.get_mut(len..len + c.len_utf8()) else {
            return false;
        };
        c.encode_utf8(to);
        len += c.len_utf8();
    }
    is_stopword_bytes(&lower[..len])
}

/// Slots of [`PACKED_STOPWORDS`]: a power of two, over twice the words.
const STOP_SLOTS: usize = 512;

/// Where [`PACKED_STOPWORDS`] keeps a packed word, or starts looking for it.
fn stop_slot(key: u64) -> usize {
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 55) as usize
}

/// Up to eight bytes, ASCII capitals lower-cased, as a number (the first byte the
/// lowest).
fn pack_lower(w: &[u8]) -> u64 {
    ascii_lowercase8(first_eight(w))
}

/// The [`STOPWORDS`], all of at most eight bytes, by [`pack_lower`], in an
/// open-addressing table ([`stop_slot`], then the next free slot; 0 is a free slot,
/// which no word packs to).
static PACKED_STOPWORDS: LazyLock<Vec<u64>> = LazyLock::new(|| {
    let mut table = vec![0u64; STOP_SLOTS];
    for w in STOPWORDS.iter() {
        assert!(
            w.len() <= 8,
            "is_stopword_bytes needs stopwords of 8 bytes at most"
        );
        let key = pack_lower(w);
        let mut slot = stop_slot(key);
        while table[slot] != 0 {
            slot = (slot + 1) % STOP_SLOTS;
        }
        table[slot] = key;
    }
    assert!(table.iter().filter(|&&k| k != 0).count() * 2 < STOP_SLOTS);
    table
});

/// Whether a line opens like an item of a list in the article: a bullet or a number
/// ("- 2 eggs", "• Q3 sales", "200 g flour", "3. Stir"). Menus and link lists are words;
/// recipes and lists of facts are not chrome, so such lines weigh lightly.
fn starts_like_list_item(raw: &str) -> bool {
    raw.starts_with(['-', '*', '•', '·', '–']) || raw.starts_with(|c: char| c.is_ascii_digit())
}

/// Characters, counting wide (CJK and other East Asian) characters twice.
fn size(raw: &str) -> usize {
    if raw.is_ascii() {
        return raw.len();
    }
    raw.chars().map(char_size).sum()
}

/// What a character counts for in [`size`]: two for a wide one, one for the others.
fn char_size(c: char) -> usize {
    if c as u32 >= 0x2E80 {
        2
    } else {
        1
    }
}

fn ends_like_sentence(raw: &str) -> bool {
    raw.ends_with([
        '.', '!', '?', '"', '\'', '”', '’', '»', ')', '…', ':', '。', '！', '？', '」', '』', '）',
    ])
}

/// Whether the first six to eight words are all capitalized (small words such as "of"
/// and "the" allowed), with at least four capitals: "Five Things To Know About The
/// Budget", a headline or a teaser rather than a sentence.
fn title_lead(raw: &str) -> bool {
    const SMALL: [&str; 17] = [
        "a", "an", "the", "of", "in", "on", "at", "to", "for", "and", "or", "with", "by", "from",
        "as", "is", "vs",
    ];
    let starts = |w: &str, f: fn(char) -> bool| w.chars().next().is_some_and(f);
    let capital = |w: &str| starts(w, char::is_uppercase);
    let fits = |w: &str| {
        capital(w)
            || starts(w, |c| c.is_ascii_digit())
            || SMALL.iter().any(|s| s.eq_ignore_ascii_case(w))
    };
    let (mut n, mut capitals) = (0, 0);
    for w in raw.split_whitespace().take(8) {
        if !fits(w) {
            return false;
        }
        n += 1;
        capitals += usize::from(capital(w));
    }
    n >= 6 && capitals >= 4
}

/// Function words of English, German, French, Spanish, Italian, Portuguese and Dutch:
/// their share tells running prose from lists of names and labels.
static STOPWORDS: LazyLock<HashSet<&'static [u8]>> = LazyLock::new(|| {
    concat!(
        // English
        "the a an and or but of to in on at for with by from as is are was were be been ",
        "being has have had that this these those it its he she they we you i his her ",
        "their our your not no will would can could should may might must do does did ",
        "than then there here which who whom whose what when where why how if so also ",
        "about into over after before under up out more most some any all one two said says ",
        // German
        "der die das und ist nicht ein eine den dem des zu mit sich auf für von im sie es ",
        "an auch als wie ",
        // French
        "le la les et est un une des du dans pour que qui pas sur au avec ce il elle par ",
        "plus ne se sont ",
        // Spanish
        "el los las y en del por con para una es al lo como más pero sus ya fue este ha ",
        // Italian
        "di che e è sono non della nel ma anche alla gli da si questo ",
        // Portuguese
        "o os as um não com se na do da em mais foi ao ele ",
        // Dutch
        "de het een van dat op te zijn niet met voor hij zich",
    )
    .split_whitespace()
    .map(str::as_bytes)
    .collect()
});

#[cfg(test)]
mod tests {
    use super::*;

    /// The one-pass measure is the character-by-character one, on every line of the
    /// corpus and on lines made to trip it (vertical tabs, underscores, stopwords in
    /// capitals, long words, URLs, CJK marks, stopwords that are not ASCII).
    #[test]
    fn shape_is_the_character_by_character_shape() {
        let mut lines: Vec<String> = [
            "THE END OF THE LINE",
            "Of_the and_or\x0bthe\x0cTHE\rof",
            "https://example.org/a_b",
            "www.example.org x",
            "internationalization of the World, a b c d e f g h!",
            "Five Things To Know About The Budget",
            "...,,,!!??",
            "\x1f the \x1c of",
            "",
            "Ein Bericht und die Zahlen, nicht mehr.",
            "F\u{fc}r MEHR \u{c9}t\u{e9}\u{3000}m\u{e1}s, \u{e8} n\u{e3}o\u{3002}\u{ff0c}\u{3001}",
            "\u{2018}Quoted\u{2019} \u{2014} ABC\u{a0}D\u{131}\u{130}",
            "12 COMMENTS, 3 Replies; rating: x_comment Kommentare \u{212A}ommentare Re\u{17F}ponses",
            "Commentaires comentários RATING repl comen ratin respon",
        ]
        .map(String::from)
        .to_vec();
        let corpus = crate::rules::tests::corpus_input();
        for (_, text) in crate::rules::tests::texts_under(vec![corpus]) {
            lines.extend(text.lines().map(str::to_string));
        }
        assert!(lines.len() > 1000, "{} lines", lines.len());
        for line in &lines {
            assert_eq!(
                format!("{:?}", shape(line)),
                format!("{:?}", shape_by_chars(line)),
                "{line:?}"
            );
        }
    }

    /// Every ASCII stopword is found in the packed table, in any case, and words that
    /// only share a prefix with one are not.
    #[test]
    fn packed_stopwords() {
        for w in STOPWORDS.iter().filter(|w| w.is_ascii()) {
            assert!(is_stopword_bytes(w), "{w:?}");
            assert!(is_stopword_bytes(&w.to_ascii_uppercase()), "{w:?}");
        }
        for w in ["thee", "th", "anda", "x", "theirs", "internationally"] {
            assert!(!is_stopword_bytes(w.as_bytes()), "{w}");
        }
    }

    /// What [`shape`] measures, character by character: the definition it is held to.
    fn shape_by_chars(raw: &str) -> Shape {
        let mut s = Shape {
            size: size(raw),
            tokens: raw.split_whitespace().count(),
            ends: ends_like_sentence(raw),
            url: (raw.starts_with("http://")
                || raw.starts_with("https://")
                || raw.starts_with("www."))
                && !raw.contains(char::is_whitespace),
            ..Shape::default()
        };
        let mut words = 0;
        let mut stops = 0;
        let mut alpha = 0;
        let mut caps = 0;
        let mut lower = String::new();
        for word in raw
            .split(|c: char| !c.is_alphanumeric() && c != '_')
            .filter(|w| !w.is_empty())
        {
            words += 1;
            lower.clear();
            lower.extend(word.chars().flat_map(char::to_lowercase));
            if STOPWORDS.contains(lower.as_bytes()) {
                stops += 1;
            }
            let first = word.chars().next().unwrap_or(' ');
            if first.is_alphabetic() {
                alpha += 1;
                if first.is_uppercase() {
                    caps += 1;
                }
            }
        }
        s.stop_share = stops as f64 / words.max(1) as f64;
        s.caps_share = caps as f64 / alpha.max(1) as f64;
        s.comment_word = raw
            .split(|c: char| !c.is_alphanumeric() && c != '_')
            .any(|w| {
                let folded: String = w
                    .chars()
                    .map(|c| match c {
                        '\u{17F}' => 's',
                        '\u{212A}' => 'k',
                        c => c.to_ascii_lowercase(),
                    })
                    .collect();
                COMMENT_WORDS.iter().any(|c| folded.starts_with(c))
            });
        let mut cased = false;
        s.all_caps = true;
        for c in raw.chars() {
            match c {
                '.' | '!' | '?' | '。' | '！' | '？' => s.marks += 1,
                ',' | '、' | '，' => s.commas += 1,
                _ => {}
            }
            if c.is_lowercase() {
                s.all_caps = false;
            }
            cased |= c.is_uppercase() || c.is_lowercase();
        }
        s.all_caps &= cased;
        s.title_lead = title_lead(raw);
        s
    }

    #[test]
    fn densest_run_prefers_the_heavier_stretch() {
        assert_eq!(
            densest_run(&[-30.0, 80.0, -10.0, 90.0, -500.0, 100.0]),
            Some((1, 3))
        );
        assert_eq!(densest_run(&[-30.0, -40.0]), None);
        assert_eq!(densest_run(&[]), None);
    }

    #[test]
    fn comment_markers_need_their_shape() {
        for yes in [
            "12 Comments",
            "[ 167 comments ]",
            "3 responses to \"Budget talks stall\"",
            "Leave a Reply",
            "jane_doe says:",
            "Sam Reed on May 2, 2019 at 4:47 pm said:",
            "Rating: 36 Votes",
        ] {
            assert!(is_comment_marker(yes, &shape(yes)), "{yes}");
        }
        for no in [
            "He said, she said",
            "Comments on the budget were mixed.",
            "Replying",
        ] {
            assert!(!is_comment_marker(no, &shape(no)), "{no}");
        }
    }

    /// The gate of the comment markers lets through every line their pattern takes: each
    /// kind of marker in several cases and with the characters that fold to "s" and
    /// "k", and every corpus line.
    #[test]
    fn comment_marker_gate_covers_its_pattern() {
        let markers = [
            "12 Comments",
            "[ 167 comments ]",
            "\u{a0}4\u{2003}kommentare",
            "3 commentaires",
            "2 comentários",
            "3 responses to \"Budget talks stall\"",
            "Replies to the budget story",
            "Leave a Reply",
            "write a comment and more",
            "Top rated comments (12)",
            "Rating: -3 votes",
            "reply",
            "jane_doe says:",
            "Sam Reed on May 2, 2019 at 4:47 pm said:",
        ];
        let mut lines: Vec<String> = Vec::new();
        for m in markers {
            for line in [
                m.to_string(),
                m.to_uppercase(),
                m.to_lowercase(),
                m.replace('s', "\u{17F}"),
                m.replace(['k', 'K'], "\u{212A}"),
            ] {
                lines.push(line);
            }
        }
        let corpus = crate::rules::tests::corpus_input();
        for (_, text) in crate::rules::tests::texts_under(vec![corpus]) {
            lines.extend(text.lines().map(str::to_string));
        }
        let mut taken = 0;
        for line in &lines {
            if comment_marker_pattern(line) {
                taken += 1;
                assert!(may_be_comment_marker(line, &shape(line)), "{line:?}");
            }
        }
        assert!(taken >= markers.len() * 5, "{taken}");
    }

    #[test]
    fn title_lead_is_a_headline_shape() {
        assert!(title_lead("Five Things To Know About The Budget Vote"));
        assert!(!title_lead(
            "The council voted on Tuesday to close the bridge."
        ));
        assert!(!title_lead("Short Title Case"));
    }

    #[test]
    fn wide_characters_count_twice() {
        assert_eq!(size("abc"), 3);
        assert_eq!(size("日本語"), 6);
    }

    const MENU: &str = "Home\nWorld\nSport\nWeather\nBusiness\nCulture\n\n";
    const STORY: &str = "The river rose a metre overnight, and the council opened two shelters \
        before dawn on Tuesday.\nResidents of the lower streets were told to move their cars to \
        higher ground and to keep their phones charged.\nA spokesman for the water board said the \
        peak should pass by the evening, although more rain is forecast for the weekend.\n";

    /// The lines this module removes from `text`, with their rules.
    fn rules_on(text: &str) -> Vec<(String, &'static str)> {
        let doc = Doc::new(text);
        let mut out = Vec::new();
        propose(&doc, &mut out);
        out.iter()
            .map(|p| (text[p.span.start..p.span.end].to_string(), p.rule))
            .collect()
    }

    #[test]
    fn a_full_page_keeps_only_the_story() {
        let text = format!(
            "{MENU}{STORY}\nMost read\nFive Things To Know About The Budget Vote\nTrains\nJobs\nAbout us\nContact\n"
        );
        let got = rules_on(&text);
        let removed: Vec<&str> = got.iter().map(|(l, _)| l.as_str()).collect();
        assert!(removed.contains(&"Home") && removed.contains(&"Contact"));
        assert!(!removed.iter().any(|l| l.starts_with("The river")));
        assert!(!removed.iter().any(|l| l.starts_with("A spokesman")));
        assert!(got
            .iter()
            .any(|(_, r)| *r == "page_chrome/before-main-text"));
        assert!(got.iter().any(|(_, r)| *r == "page_chrome/after-main-text"));
    }

    #[test]
    fn a_comment_thread_after_the_story_goes() {
        let comments = "2 Comments\nriverwatcher says:\nMay 3, 2021 at 6:34 am\nThis happens every \
            spring and the council never learns anything from it, which is frustrating for all of us.\nAbout us\nContact\nPrivacy\n";
        let more = "Engineers will inspect the bridge piers once the water falls, and the main \
            road is expected to stay closed until Thursday at the earliest.\n";
        let text = format!("{MENU}{STORY}{more}\n{comments}");
        let got = rules_on(&text);
        assert!(got
            .iter()
            .any(|(l, r)| l == "2 Comments" && *r == "page_chrome/comment-section"));
        assert!(got
            .iter()
            .any(|(l, r)| l.starts_with("This happens") && *r == "page_chrome/comment-section"));
    }

    #[test]
    fn tidy_articles_and_bare_lists_are_left_alone() {
        // No menu: a tidy article with a short heading.
        let tidy = format!("Flood warning\n\n{STORY}\nBy Ann Lee\n");
        assert!(rules_on(&tidy).is_empty());
        // Menu-like but no prose: nothing to anchor on.
        let list = format!("{MENU}{MENU}Flour\nSugar\nEggs\nButter\n");
        assert!(rules_on(&list).is_empty());
    }
}
