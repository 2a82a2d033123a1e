//! The article-extraction metrics, page by page: Scrapinghub's 4-gram shingle
//! precision and recall, and WCXB's bag-of-words F1.
//!
//! Both compare word tokens, so punctuation, quote style, line breaks and spacing do not
//! count; the shingle metric also keeps case and order, so a reordered or re-cased
//! text is a different text.
//!
//! A token is a maximal run of letters, numbers (any Unicode `L` or `N` category) and
//! underscores: exactly what Python's `re.findall(r"\w+", text)` finds. (Rust's own
//! `\w` differs: it also takes combining marks and joiners.) The tables are
//! `regex-syntax`'s, Unicode 16; Python 3.11 knows Unicode 14, so a character assigned
//! since then is a word character here and not there. Over every code point, that is
//! the only difference.

use regex_syntax::hir::{Class, HirKind};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

/// The non-ASCII characters of Python's `\w`: the ranges of `[\p{L}\p{N}]`, sorted,
/// taken once from the `regex` crate's Unicode tables.
static WIDE_WORD: LazyLock<Vec<(char, char)>> = LazyLock::new(|| {
    let hir = regex_syntax::parse(r"[\p{L}\p{N}]").expect("the word class is valid");
    match hir.kind() {
        HirKind::Class(Class::Unicode(class)) => class
            .ranges()
            .iter()
            .map(|r| (r.start(), r.end()))
            .collect(),
        other => unreachable!("a Unicode class parses as a class, not {other:?}"),
    }
});

/// Whether `c` is in Python's `\w`: a letter or number of any script, or `_`.
fn is_word(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '_';
    }
    let ranges = &*WIDE_WORD;
    // The last range starting at or before c.
    let i = ranges.partition_point(|&(start, _)| start <= c);
    i > 0 && c <= ranges[i - 1].1
}

/// The shingle length: 4 consecutive tokens.
pub const SHINGLE: usize = 4;

/// The word tokens of `text`, in order (Python's `re.findall(r"\w+", text)`).
///
/// ```
/// use deboiler::eval::shingle::tokens;
/// assert_eq!(tokens("\"Don't\" — it's 2024_Q1!"), ["Don", "t", "it", "s", "2024_Q1"]);
/// assert_eq!(tokens("Ça coûte 5 €."), ["Ça", "coûte", "5"]);
/// ```
pub fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (is_word(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(&text[s..i]);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(&text[s..]);
    }
    out
}

/// A multiset of shingles: each window of [`SHINGLE`] consecutive tokens, with how many
/// times it occurs.
pub type Shingles<'a> = HashMap<&'a [&'a str], u32, BuildHasherDefault<WordHasher>>;

/// The hasher of [`Shingles`]: FxHash's multiply-rotate, 8 bytes at a time. Hashing
/// the shingles with the standard SipHash took most of the scoring time; the keys are
/// the texts being scored, not input to a long-running service, so a keyed hash buys
/// nothing here.
#[derive(Clone, Copy, Debug, Default)]
pub struct WordHasher(u64);

impl WordHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().expect("8 bytes")));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(last));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// The shingles of a token list. A text of 1 to 3 tokens has one shorter shingle, the
/// whole text, so that it still counts; an empty text has none.
///
/// ```
/// use deboiler::eval::shingle::shingles;
/// let toks = ["a", "b", "c", "d", "a", "b", "c", "d"];
/// let sh = shingles(&toks);
/// assert_eq!(sh.len(), 4);
/// assert_eq!(sh[&toks[..4]], 2);
/// assert_eq!(shingles(&["short", "text"]).len(), 1);
/// assert!(shingles(&[]).is_empty());
/// ```
pub fn shingles<'a>(toks: &'a [&'a str]) -> Shingles<'a> {
    if toks.is_empty() {
        return Shingles::default();
    }
    let mut out = Shingles::with_capacity_and_hasher(toks.len(), Default::default());
    for w in toks.windows(SHINGLE.min(toks.len())) {
        *out.entry(w).or_insert(0) += 1;
    }
    out
}

/// One page's shingles sorted three ways, as shares of their total (so that every
/// page weighs the same in the means): in both texts, only in the output, only in the
/// truth. All three are 0 when both texts are empty.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct PageCounts {
    /// Shingles in both (the smaller count of each).
    pub matched: f64,
    /// Shingles only in the output (its surplus).
    pub extra: f64,
    /// Shingles only in the truth (its surplus).
    pub missed: f64,
}

impl PageCounts {
    /// Compares the shingles of the truth and of the output.
    ///
    /// ```
    /// use deboiler::eval::shingle::{shingles, tokens, PageCounts};
    /// let truth = tokens("one two three four five");
    /// let pred = tokens("one two three four. Share this!");
    /// let c = PageCounts::new(&shingles(&truth), &shingles(&pred));
    /// // truth: [1 2 3 4] [2 3 4 5]; output: [1 2 3 4] [2 3 4 Share] [3 4 Share this]
    /// assert_eq!((c.matched, c.extra, c.missed), (0.25, 0.5, 0.25));
    /// assert_eq!((c.precision(), c.recall()), (Some(1.0 / 3.0), Some(0.5)));
    /// ```
    pub fn new(truth: &Shingles<'_>, pred: &Shingles<'_>) -> PageCounts {
        let (mut matched, mut extra, mut missed) = (0u64, 0u64, 0u64);
        for (key, &t) in truth {
            let p = pred.get(key).copied().unwrap_or(0);
            matched += u64::from(t.min(p));
            missed += u64::from(t.saturating_sub(p));
        }
        for (key, &p) in pred {
            let t = truth.get(key).copied().unwrap_or(0);
            extra += u64::from(p.saturating_sub(t));
        }
        let total = matched + extra + missed;
        if total == 0 {
            return PageCounts::default();
        }
        let total = total as f64;
        PageCounts {
            matched: matched as f64 / total,
            extra: extra as f64 / total,
            missed: missed as f64 / total,
        }
    }

    /// `matched / (matched + extra)`, 1 when nothing is extra or missed; `None` when
    /// the output has no shingle, and the page then does not enter the mean precision
    /// (an empty output costs recall only).
    pub fn precision(&self) -> Option<f64> {
        self.matched_share(self.extra)
    }

    /// `matched / (matched + missed)`, 1 when nothing is extra or missed; `None` when
    /// the truth has no shingle, and the page then does not enter the mean recall.
    pub fn recall(&self) -> Option<f64> {
        self.matched_share(self.missed)
    }

    /// `matched / (matched + wrong)`, 1 when nothing is extra or missed, `None` when
    /// both are zero: precision with `wrong` = extra, recall with `wrong` = missed.
    fn matched_share(&self, wrong: f64) -> Option<f64> {
        let m = self.matched;
        if m + wrong <= 0.0 {
            return None;
        }
        Some(if self.extra == 0.0 && self.missed == 0.0 {
            1.0
        } else {
            m / (m + wrong)
        })
    }
}

/// Macro-averaged shingle scores over pages.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ShingleScore {
    /// The mean page precision over pages whose output has shingles (NaN if none has).
    pub precision: f64,
    /// The mean page recall over pages whose truth has shingles (NaN if none has).
    pub recall: f64,
    /// `2PR / (P + R)` of the two means (not a mean of page F1s); 0 when undefined.
    pub f1: f64,
}

impl ShingleScore {
    /// Averages the pages, exactly as Scrapinghub's `evaluate.py` does (the means are
    /// exactly rounded sums, like Python's `math.fsum`).
    ///
    /// ```
    /// use deboiler::eval::shingle::{PageCounts, ShingleScore};
    /// let perfect = PageCounts { matched: 1.0, extra: 0.0, missed: 0.0 };
    /// let empty_output = PageCounts { matched: 0.0, extra: 0.0, missed: 1.0 };
    /// let s = ShingleScore::of([&perfect, &empty_output]);
    /// assert_eq!((s.precision, s.recall), (1.0, 0.5));
    /// assert_eq!(s.f1, 2.0 / 3.0);
    /// ```
    pub fn of<'a>(pages: impl IntoIterator<Item = &'a PageCounts>) -> ShingleScore {
        let (mut ps, mut rs) = (Vec::new(), Vec::new());
        for c in pages {
            ps.extend(c.precision());
            rs.extend(c.recall());
        }
        let p = super::pycompat::mean(&ps);
        let r = super::pycompat::mean(&rs);
        // NaN > 0 is false, as in Python.
        let f1 = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        ShingleScore {
            precision: p,
            recall: r,
            f1,
        }
    }
}

/// WCXB's word scores of one page: precision, recall and F1 of the lower-cased
/// tokens as bags (each token counted as often as it occurs in both). An empty truth
/// scores 1 against an empty output and 0 against anything else; an empty output
/// scores 0.
///
/// ```
/// use deboiler::eval::shingle::word_prf;
/// let (p, r, f) = word_prf("The cat. THE end", "the cat sat");
/// assert_eq!((p, r), (0.5, 2.0 / 3.0));
/// assert_eq!(word_prf("", ""), (1.0, 1.0, 1.0));
/// assert_eq!(word_prf("x", ""), (0.0, 0.0, 0.0));
/// assert!((f - 4.0 / 7.0).abs() < 1e-15);
/// ```
pub fn word_prf(pred: &str, truth: &str) -> (f64, f64, f64) {
    let (pred, truth) = (pred.to_lowercase(), truth.to_lowercase());
    let (pt, tt) = (tokens(&pred), tokens(&truth));
    if tt.is_empty() {
        return if pt.is_empty() {
            (1.0, 1.0, 1.0)
        } else {
            (0.0, 0.0, 0.0)
        };
    }
    if pt.is_empty() {
        return (0.0, 0.0, 0.0);
    }
    let mut bag: HashMap<&str, u32, BuildHasherDefault<WordHasher>> =
        HashMap::with_capacity_and_hasher(tt.len(), Default::default());
    for t in &tt {
        *bag.entry(t).or_insert(0) += 1;
    }
    let mut overlap = 0u64;
    for t in &pt {
        if let Some(n) = bag.get_mut(t) {
            if *n > 0 {
                *n -= 1;
                overlap += 1;
            }
        }
    }
    let p = overlap as f64 / pt.len() as f64;
    let r = overlap as f64 / tt.len() as f64;
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    (p, r, f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_pythons_word_runs() {
        // Combining marks split words in Python's \w (they are neither L nor N).
        assert_eq!(tokens("cafe\u{301} ok"), ["cafe", "ok"]);
        // Superscripts, fractions and Roman numerals are N, so they are word characters.
        assert_eq!(tokens("x² ½ Ⅻ"), ["x²", "½", "Ⅻ"]);
        // Other connector punctuation than _ is not.
        assert_eq!(tokens("a\u{203f}b a_b"), ["a", "b", "a_b"]);
        // Circled letters are symbols (So), even though Rust calls them alphabetic.
        assert_eq!(tokens("Ⓐ ok"), ["ok"]);
        assert_eq!(tokens("日本語のテキスト"), ["日本語のテキスト"]);
        assert_eq!(tokens(""), Vec::<&str>::new());
        assert_eq!(tokens("--x--"), ["x"]);
        // Ends of ranges: U+00AA and U+00BA are Lo, U+00AB and U+00BB are punctuation;
        // U+1F100 (digit zero comma) is No; the last letter of the BMP Hangul block.
        assert_eq!(
            tokens("\u{aa}\u{ab}\u{ba}\u{bb}\u{1f100}\u{d7a3}\u{d7a4}"),
            ["\u{aa}", "\u{ba}", "\u{1f100}\u{d7a3}"]
        );
    }

    #[test]
    fn counts_are_multisets() {
        let t = tokens("a b c d a b c d");
        let p = tokens("a b c d");
        let c = PageCounts::new(&shingles(&t), &shingles(&p));
        // truth: abcd x2, bcda, cdab, dabc; output: abcd.
        assert_eq!((c.matched, c.extra, c.missed), (0.2, 0.0, 0.8));
        assert_eq!(c.precision(), Some(1.0));
        assert_eq!(c.recall(), Some(0.2));
        let none = PageCounts::new(&Shingles::default(), &Shingles::default());
        assert_eq!((none.precision(), none.recall()), (None, None));
    }
}
