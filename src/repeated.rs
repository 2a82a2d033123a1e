//! Corpus-level repeated lines (`deboiler clean --repeated-lines`): a line that recurs in
//! many documents of a corpus (a site's footer, its menu, a legal notice) is page
//! furniture, whatever it says.
//!
//! It takes two passes over the corpus. The first feeds every document to a
//! [`LineCounter`], which counts for each line *fingerprint* the documents it occurs
//! in, in memory that does not grow with the corpus. [`LineCounter::repeated`] then
//! picks the fingerprints over a [`Threshold`]: a [`RepeatedLines`] set, which a
//! [`crate::Cleaner`] is given ([`crate::Builder::repeated_lines`]) so that its
//! `page_chrome/repeated-line` rule removes those lines in the second pass (see
//! `rules/repeated.rs` for what the rule leaves alone).
//!
//! # Fingerprints
//!
//! A line's fingerprint is a 64-bit hash of its folded view (the text the rules match:
//! trimmed, every run of whitespace one space, curly quotes straight, zero-width and
//! control characters dropped; see [`crate::segment`]) in lower case
//! (`char::to_lowercase`), so `Contact  Us` and `CONTACT US` are the same line. Digits
//! are not folded: `© 2023 Example` and `© 2024 Example` are different lines, because
//! folding them would also merge "Page 1 of 3" with "Page 2 of 3" and every dated
//! sentence of a story with its neighbours. The hash folds the lower-cased UTF-8 bytes
//! in eight at a time by a 128-bit multiply and finishes with SplitMix64's mixer; it is
//! fixed, so fingerprints are the same on every run and machine.
//!
//! A blank line is never a candidate, nor is a line without a letter (`***`, `—`, `2`,
//! a lone date in digits): separators and numbers recur everywhere without being
//! anybody's page furniture. Very short lines with letters (`Home`, `Sports`) are
//! candidates: in full-page scrapes they are the menus.
//!
//! Each fingerprint counts at most once per document (document frequency): a line that
//! repeats within one page says nothing about the corpus.
//!
//! # Bounded memory
//!
//! The counts are kept by the Misra–Gries algorithm in a table of at most
//! [`LineCounter::DEFAULT_CAPACITY`] fingerprints (about 17 MB; [`LineCounter::with_capacity`]
//! chooses another size). A fingerprint already in the table has its count raised; a
//! new one is added while there is room; when the table is full, every count is
//! lowered by one instead, and those that reach zero leave (a *prune*). Each prune
//! takes away more counts than the table holds entries, so there are fewer prunes
//! than occurrences divided by the capacity, and the table costs constant time per
//! line on average.
//!
//! A count is therefore never more than the true number of documents, and never less
//! than it minus the number of prunes ([`LineCounter::error_bound`]). The rule compares
//! the low end with the threshold, so a line is only ever taken for repeated when it
//! really occurs in that many documents: the memory bound costs recall (a line near
//! the threshold may be missed in a corpus far larger than the table), never
//! precision. In a corpus whose distinct lines fit in the table there is no prune and
//! every count is exact.
//!
//! # Determinism
//!
//! Which fingerprints survive a prune depends on the order they arrive in, so the
//! counts are kept in one fixed order: the documents in input order, each document's
//! fingerprints sorted. The batch driver fingerprints documents on all its threads but
//! feeds the table in input order, so the set, and every output, is the same whatever
//! the thread count; and every `--shard` counts all the inputs, so the shards together
//! remove exactly what one unsharded run removes.
//!
//! ```
//! use deboiler::repeated::{LineCounter, Threshold};
//!
//! let mut counter = LineCounter::new();
//! for i in 0..12 {
//!     counter.add_document(&format!(
//!         "Home\nWorld\n\nStory number {i} about the river.\n\n\u{a9} Example News, all pages\n"
//!     ));
//! }
//! let lines = counter.repeated(&Threshold::default());
//! assert_eq!((lines.len(), lines.threshold(), lines.documents()), (3, 10, 12));
//! assert!(lines.is_repeated("HOME") && lines.is_repeated("\u{a9}  Example News, all pages"));
//! assert!(!lines.is_repeated("Story number 3 about the river."));
//! ```

use crate::segment::Doc;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};

/// The fingerprint of a folded line view (see the module docs), or `None` when the
/// line has no letter and so is never a candidate. `ascii` says whether the view is
/// plain ASCII (the caller usually knows; a wrong `true` would hash a non-ASCII view
/// without lowering its case).
pub(crate) fn fingerprint_view(view: &str, ascii: bool) -> Option<u64> {
    let mut h = Hash::default();
    let letter = if ascii {
        let bytes = view.as_bytes();
        let mut words = bytes.chunks_exact(8);
        let mut letters = 0u64;
        for w in words.by_ref() {
            let w = lower_ascii_word(u64::from_le_bytes(w.try_into().expect("8 bytes")));
            letters |= ascii_letters(w);
            h.word(w);
        }
        let mut letter = letters != 0;
        for &b in words.remainder() {
            letter |= b.is_ascii_alphabetic();
            h.byte(b.to_ascii_lowercase());
        }
        letter
    } else {
        let mut letter = false;
        let mut utf8 = [0u8; 4];
        for c in view.chars() {
            letter |= c.is_alphabetic();
            if c.is_ascii() {
                h.byte(c.to_ascii_lowercase() as u8);
                continue;
            }
            for lower in c.to_lowercase() {
                for &b in lower.encode_utf8(&mut utf8).as_bytes() {
                    h.byte(b);
                }
            }
        }
        letter
    };
    letter.then(|| h.finish())
}

/// The fingerprint hash: the bytes in little-endian words of eight (the last padded
/// with zeros), each folded in by a 64x64->128-bit multiply, then the length, then
/// SplitMix64's finisher. Fixed, so fingerprints are the same on every run and machine.
#[derive(Default)]
struct Hash {
    h: u64,
    /// Bytes of the word being filled, from the low end.
    pending: u64,
    len: u64,
}

const K: u64 = 0x9e37_79b9_7f4a_7c15;

impl Hash {
    /// Folds in eight bytes; only when no byte is pending.
    #[inline(always)]
    fn word(&mut self, w: u64) {
        debug_assert!(self.len % 8 == 0);
        self.h = fold(self.h ^ w, K);
        self.len += 8;
    }

    #[inline(always)]
    fn byte(&mut self, b: u8) {
        let at = self.len % 8;
        self.pending |= u64::from(b) << (8 * at);
        self.len += 1;
        if at == 7 {
            self.h = fold(self.h ^ self.pending, K);
            self.pending = 0;
        }
    }

    fn finish(mut self) -> u64 {
        if self.len % 8 != 0 {
            self.h = fold(self.h ^ self.pending, K);
        }
        mix(self.h ^ self.len)
    }
}

/// The two halves of the 128-bit product, xored.
#[inline(always)]
fn fold(a: u64, b: u64) -> u64 {
    let p = u128::from(a) * u128::from(b);
    (p as u64) ^ ((p >> 64) as u64)
}

const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// Each byte of `w` (all ASCII) plus `k`; bytes do not carry into each other.
#[inline(always)]
fn add_each(w: u64, k: u8) -> u64 {
    (w & LOW7) + u64::from_le_bytes([k; 8])
}

/// Bit 7 of each byte of `w` (ASCII) set when the byte lies in `lo..=hi`.
#[inline(always)]
fn in_range(w: u64, lo: u8, hi: u8) -> u64 {
    add_each(w, 0x80 - lo) & !add_each(w, 0x80 - hi - 1) & HIGH
}

/// Eight ASCII bytes with `A-Z` made `a-z`.
#[inline(always)]
fn lower_ascii_word(w: u64) -> u64 {
    w | (in_range(w, b'A', b'Z') >> 2)
}

/// Non-zero when one of eight lower-case ASCII bytes is a letter.
#[inline(always)]
fn ascii_letters(w: u64) -> u64 {
    in_range(w, b'a', b'z')
}

/// SplitMix64's finisher: every output bit depends on every input bit, so the low bits
/// (the table's bucket) and the high bits (its tag) are both well spread.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Appends to `out` the distinct fingerprints of the candidate lines of `text`, sorted.
///
/// ```
/// let mut fps = Vec::new();
/// deboiler::repeated::document_fingerprints("Home\n\n***\nhome\nA story.\n", &mut fps);
/// assert_eq!(fps.len(), 2); // "Home" and "home" are one line, "***" is none
/// ```
pub fn document_fingerprints(text: &str, out: &mut Vec<u64>) {
    let start = out.len();
    let doc = Doc::new(text);
    out.extend(doc.lines.iter().filter_map(line_fingerprint));
    out[start..].sort_unstable();
    let mut kept = start;
    for i in start..out.len() {
        if kept == start || out[i] != out[kept - 1] {
            out[kept] = out[i];
            kept += 1;
        }
    }
    out.truncate(kept);
}

/// The fingerprint of a line of a [`Doc`], if it is a candidate.
pub(crate) fn line_fingerprint(line: &crate::segment::Line<'_>) -> Option<u64> {
    use crate::segment::Has;
    fingerprint_view(&line.view, !line.has.any(Has::NOT_ASCII))
}

/// A hasher for keys that are already fingerprints: it passes them through.
#[derive(Clone, Copy, Default)]
pub(crate) struct Identity(u64);

impl Hasher for Identity {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only `u64` keys are hashed; anything else is folded in a word at a time.
        for &b in bytes {
            self.0 = fold(self.0 ^ u64::from(b), K);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type ById = BuildHasherDefault<Identity>;

/// Counts, for each line fingerprint, the documents it occurs in, in bounded memory
/// (see the module docs for how, and what the counts guarantee).
///
/// Feed it every document of the corpus in a fixed order, then call
/// [`LineCounter::repeated`].
pub struct LineCounter {
    counts: HashMap<u64, u32, ById>,
    capacity: usize,
    documents: u64,
    prunes: u64,
    scratch: Vec<u64>,
}

impl Default for LineCounter {
    fn default() -> LineCounter {
        LineCounter::new()
    }
}

impl fmt::Debug for LineCounter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LineCounter")
            .field("fingerprints", &self.counts.len())
            .field("capacity", &self.capacity)
            .field("documents", &self.documents)
            .field("prunes", &self.prunes)
            .finish()
    }
}

impl LineCounter {
    /// The default number of fingerprints the table holds: 7/8 of 2^20, which fills a
    /// table of 2^20 slots of 16 bytes (about 17 MB with its control bytes) without
    /// it ever growing. While a prune runs, the fingerprints that survive it are also
    /// held in a list for a moment (16 bytes each; in a full table of mostly unique
    /// lines, few survive).
    pub const DEFAULT_CAPACITY: usize = 917_504;

    /// A counter of [`LineCounter::DEFAULT_CAPACITY`] fingerprints.
    pub fn new() -> LineCounter {
        LineCounter::with_capacity(LineCounter::DEFAULT_CAPACITY)
    }

    /// A counter that holds at most `capacity` fingerprints (at least 1): its memory
    /// is reserved once and never grows.
    pub fn with_capacity(capacity: usize) -> LineCounter {
        let capacity = capacity.max(1);
        LineCounter {
            counts: HashMap::with_capacity_and_hasher(capacity, ById::default()),
            capacity,
            documents: 0,
            prunes: 0,
            scratch: Vec::new(),
        }
    }

    /// Counts one document.
    pub fn add_document(&mut self, text: &str) {
        let mut fps = std::mem::take(&mut self.scratch);
        fps.clear();
        document_fingerprints(text, &mut fps);
        self.add_fingerprints(&fps);
        self.scratch = fps;
    }

    /// Counts one document given by its distinct fingerprints, in the order
    /// [`document_fingerprints`] gives them (for callers that fingerprint documents
    /// on other threads).
    pub fn add_fingerprints(&mut self, distinct: &[u64]) {
        self.documents += 1;
        for &fp in distinct {
            if let Some(n) = self.counts.get_mut(&fp) {
                *n = n.saturating_add(1);
            } else if self.counts.len() < self.capacity {
                self.counts.insert(fp, 1);
            } else {
                // Full: this occurrence and one of every entry cancel out.
                self.prunes += 1;
                self.prune();
            }
        }
    }

    /// Lowers every count by one and lets the zeros go. The survivors are taken out
    /// and put back rather than the others removed in place: removing leaves marks in
    /// the table that make it grow later, and it must keep its size.
    fn prune(&mut self) {
        let survivors: Vec<(u64, u32)> = self
            .counts
            .drain()
            .filter(|&(_, n)| n > 1)
            .map(|(fp, n)| (fp, n - 1))
            .collect();
        self.counts.extend(survivors);
    }

    /// Documents counted so far.
    pub fn documents(&self) -> u64 {
        self.documents
    }

    /// How far below the true number of documents a count may be: the number of
    /// prunes so far (0 while every distinct line fitted in the table).
    pub fn error_bound(&self) -> u64 {
        self.prunes
    }

    /// The fingerprints whose count reaches `threshold`'s number of documents for
    /// the documents counted.
    pub fn repeated(&self, threshold: &Threshold) -> RepeatedLines {
        let min = threshold.documents_for(self.documents);
        let set: HashSet<u64, ById> = self
            .counts
            .iter()
            .filter(|(_, &n)| u64::from(n) >= min)
            .map(|(&fp, _)| fp)
            .collect();
        RepeatedLines {
            set,
            threshold: min,
            documents: self.documents,
            error_bound: self.prunes,
            max_doc_share: threshold.max_doc_share,
        }
    }
}

/// When a line is repeated enough to go, and when a document keeps its repeated lines.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Threshold {
    /// A line must occur in at least this many documents (2 or more). Default 10: a
    /// site's furniture is on every page of it, while a sentence met in a handful of
    /// documents of a small batch may well be article text (a quote, a correction
    /// printed under several stories).
    pub min_docs: u64,
    /// ... and in at least this share of the documents counted. Default 0.0001 (one
    /// in 10,000): in a corpus of millions of documents a story syndicated to dozens
    /// of sites repeats its every line dozens of times, and the bar rises with the
    /// corpus (100 documents in a million).
    pub min_share: f64,
    /// A document whose repeated lines would make up more than this share of its
    /// text (bytes of its non-blank lines) keeps them all. Default 0.8: such a
    /// document is a copy of others (a syndicated story, the same page scraped twice)
    /// rather than a page with furniture around its own text; removing its lines
    /// would empty it, and finding copies is deduplication's job.
    pub max_doc_share: f64,
}

impl Default for Threshold {
    fn default() -> Threshold {
        Threshold {
            min_docs: 10,
            min_share: 0.0001,
            max_doc_share: 0.8,
        }
    }
}

impl Threshold {
    /// The number of documents a line must occur in, out of `documents`: the larger of
    /// [`Threshold::min_docs`] and [`Threshold::min_share`] of them (rounded up), and
    /// at least 2.
    ///
    /// ```
    /// use deboiler::repeated::Threshold;
    /// let t = Threshold::default();
    /// assert_eq!((t.documents_for(12), t.documents_for(1_000_000)), (10, 100));
    /// ```
    pub fn documents_for(&self, documents: u64) -> u64 {
        let share = (self.min_share.max(0.0) * documents as f64).ceil() as u64;
        self.min_docs.max(share).max(2)
    }
}

/// The set of line fingerprints a corpus repeats enough to be furniture, with the
/// facts it was chosen by; made by [`LineCounter::repeated`], given to a cleaner with
/// [`crate::Builder::repeated_lines`].
#[derive(Clone)]
pub struct RepeatedLines {
    set: HashSet<u64, ById>,
    threshold: u64,
    documents: u64,
    error_bound: u64,
    max_doc_share: f64,
}

impl fmt::Debug for RepeatedLines {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RepeatedLines")
            .field("lines", &self.set.len())
            .field("threshold", &self.threshold)
            .field("documents", &self.documents)
            .field("error_bound", &self.error_bound)
            .field("max_doc_share", &self.max_doc_share)
            .finish()
    }
}

impl RepeatedLines {
    /// How many distinct lines (fingerprints) are over the threshold.
    pub fn len(&self) -> usize {
        self.set.len()
    }

    /// Whether no line is over the threshold.
    pub fn is_empty(&self) -> bool {
        self.set.is_empty()
    }

    /// The number of documents a line had to occur in.
    pub fn threshold(&self) -> u64 {
        self.threshold
    }

    /// The documents counted.
    pub fn documents(&self) -> u64 {
        self.documents
    }

    /// How far below the truth a count may have been ([`LineCounter::error_bound`]).
    pub fn error_bound(&self) -> u64 {
        self.error_bound
    }

    /// The share of a document's text above which it keeps its repeated lines
    /// ([`Threshold::max_doc_share`]).
    pub fn max_doc_share(&self) -> f64 {
        self.max_doc_share
    }

    /// Whether the first non-blank line of `line` is one of the set.
    pub fn is_repeated(&self, line: &str) -> bool {
        Doc::new(line)
            .lines
            .first()
            .and_then(line_fingerprint)
            .is_some_and(|fp| self.contains(fp))
    }

    /// Whether fingerprint `fp` is one of the set.
    pub(crate) fn contains(&self, fp: u64) -> bool {
        self.set.contains(&fp)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fp(line: &str) -> Option<u64> {
        Doc::new(line).lines.first().and_then(line_fingerprint)
    }

    #[test]
    fn folding_merges_case_space_and_quotes_only() {
        assert_eq!(fp("Contact  Us"), fp("CONTACT\u{a0}us"));
        assert_eq!(
            fp("  \u{201C}Subscribe\u{201D} now "),
            fp("\"subscribe\" NOW")
        );
        assert_eq!(fp("\u{c9}DITION DU SOIR"), fp("\u{e9}dition du soir"));
        assert_eq!(fp("Zero\u{200b}width"), fp("Zerowidth"));
        assert_ne!(fp("\u{a9} 2023 Example"), fp("\u{a9} 2024 Example"));
        assert_ne!(fp("Home"), fp("Home."));
        assert_eq!(fp("***"), None);
        assert_eq!(fp("12 / 2024"), None);
        assert!(
            fp("\u{65e5}\u{672c}").is_some(),
            "letters of any script count"
        );
    }

    #[test]
    fn fingerprints_are_fixed() {
        // A change here changes every decision saved or compared across versions:
        // make it on purpose.
        assert_eq!(
            fp("home"),
            Some(mix(fold(u64::from_le_bytes(*b"home\0\0\0\0"), K) ^ 4))
        );
        // The word-at-a-time ASCII path and the character path agree.
        for line in [
            "Home",
            "ABOUT US | Contact | Careers @ Example-Media [2024]",
            "exactly8",
            "Sixteen bytes ok",
            "`{}~^_ and @[\\]",
        ] {
            assert_eq!(
                fingerprint_view(line, true),
                fingerprint_view(line, false),
                "{line}"
            );
        }
        assert_eq!(fingerprint_view("12345678 90", true), None);
        assert!(fingerprint_view("12345678 9z", true).is_some());
    }

    /// The word-at-a-time lowering and letter test agree with the byte ones on every
    /// ASCII byte in every position.
    #[test]
    fn ascii_words() {
        for b in 0..0x80u8 {
            for at in 0..8 {
                let mut bytes = [b'0'; 8];
                bytes[at] = b;
                let w = u64::from_le_bytes(bytes);
                let want = bytes.map(|x| x.to_ascii_lowercase());
                assert_eq!(lower_ascii_word(w).to_le_bytes(), want, "{b}");
                let letter = want.iter().any(u8::is_ascii_alphabetic);
                assert_eq!(ascii_letters(lower_ascii_word(w)) != 0, letter, "{b}");
            }
        }
    }

    #[test]
    fn one_count_per_document() {
        let mut c = LineCounter::new();
        for _ in 0..3 {
            c.add_document("Menu\nMenu\nMenu\n");
        }
        let t = Threshold {
            min_docs: 3,
            ..Threshold::default()
        };
        assert!(c.repeated(&t).is_repeated("menu"));
        let t = Threshold {
            min_docs: 4,
            ..Threshold::default()
        };
        assert!(c.repeated(&t).is_empty());
    }

    /// A count is never above the truth nor below it by more than the prunes.
    #[test]
    fn bounded_counts_are_lower_bounds() {
        let mut c = LineCounter::with_capacity(64);
        let room = c.counts.capacity();
        let mut truth: HashMap<u64, u64> = HashMap::new();
        let mut fps = Vec::new();
        for d in 0..2000u64 {
            fps.clear();
            // A footer on every page, a menu on every third, and unique lines.
            let mut text = format!("Footer line\nStory {d} first\nStory {d} second\n");
            if d % 3 == 0 {
                text.push_str("Menu\n");
            }
            document_fingerprints(&text, &mut fps);
            for &f in &fps {
                *truth.entry(f).or_default() += 1;
            }
            c.add_fingerprints(&fps);
        }
        assert!(c.error_bound() > 0, "the table must have overflowed");
        for (f, n) in &c.counts {
            let real = truth[f];
            assert!(u64::from(*n) <= real && real <= u64::from(*n) + c.error_bound());
        }
        assert!(c.counts.len() <= 64);
        assert_eq!(c.counts.capacity(), room, "the table never grows");
        let t = Threshold {
            min_docs: 600,
            ..Threshold::default()
        };
        let lines = c.repeated(&t);
        assert!(lines.is_repeated("Footer line") && lines.is_repeated("menu"));
        assert_eq!(lines.len(), 2);
    }

    #[test]
    fn threshold_grows_with_the_corpus() {
        let t = Threshold {
            min_docs: 0,
            min_share: 0.01,
            max_doc_share: 0.8,
        };
        assert_eq!(t.documents_for(0), 2);
        assert_eq!(t.documents_for(1000), 10);
        assert_eq!(t.documents_for(1001), 11);
    }
}
