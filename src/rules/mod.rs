//! Rules: each looks at a [`Doc`] and proposes removals; none edits text.
//!
//! One file per category. A proposal carries its span in source coordinates, its
//! category and its rule name. [`find`] runs the enabled categories in
//! [`Category::ALL`] order and keeps the first proposal for any stretch of text, so
//! when two rules claim the same text the earlier category wins (a "Facebook 3D logo"
//! line beside a photo credit is a caption before it is a logo line).
//!
//! Every rule matches the folded *view* of a line (see [`crate::segment`]), and almost
//! every rule needs two signals before it fires: a pattern and an anchored, whole-line
//! shape, or a pattern and a position (top of the document, beside a credit line).
//!
//! Most lines are story text that no rule takes, so each pattern sits behind a cheap
//! *gate* that turns such lines away before the pattern runs (see `gate` and
//! `Openers`); the patterns themselves are compiled on first use, in a build for ASCII
//! text and one for the rest (see the `pattern` module).

mod ad_script;
mod blocks;
mod byline;
mod license_footer;
mod page_chrome;
pub(crate) mod pattern;
mod photo_credit;
mod related_stub;
pub(crate) mod repeated;

use crate::segment::{Doc, Line};
use crate::{Category, CategorySet, Span};
pub(crate) use pattern::{pat, Found, Groups, Pat};

/// A removal a rule wants to make.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Proposal {
    /// What to remove, in source coordinates.
    pub span: Span,
    /// The kind of junk.
    pub category: Category,
    /// The rule's stable name, `category/what-it-matches`.
    pub rule: &'static str,
}

/// Runs the rules of every category in `cats` and resolves overlaps; the result is
/// sorted by start and non-overlapping.
pub fn find(doc: &Doc, cats: CategorySet) -> Vec<Proposal> {
    find_with(doc, cats, true)
}

/// [`find`], with the full-page classifier (`page_chrome/before-main-text` and the
/// rest, see `blocks`) only when `whole_pages`: text extracted from an HTML page's
/// main content does not need it.
pub fn find_with(doc: &Doc, cats: CategorySet, whole_pages: bool) -> Vec<Proposal> {
    // Accepted proposals sorted by start. They never overlap, so a new span can only
    // collide with its nearest neighbours on either side. A document has a handful, so
    // a sorted vector beats a tree.
    let mut accepted: Vec<Proposal> = Vec::new();
    let mut batch = Vec::new();
    for cat in cats.iter() {
        batch.clear();
        propose(doc, cat, whole_pages, &mut batch);
        for p in batch.drain(..) {
            accept(&mut accepted, p);
        }
    }
    accepted
}

/// Adds `p` to `accepted` (sorted by start, non-overlapping) unless it is empty or
/// overlaps one of them: a proposal made earlier wins.
pub(crate) fn accept(accepted: &mut Vec<Proposal>, p: Proposal) {
    if p.span.is_empty() {
        return;
    }
    // The first accepted proposal that starts after this one, and the one before it,
    // which starts at or before it.
    let at = accepted.partition_point(|a| a.span.start <= p.span.start);
    let before = at.checked_sub(1).map(|j| &accepted[j]);
    let after = accepted.get(at);
    let clash = before
        .into_iter()
        .chain(after)
        .any(|a| a.span.overlaps(p.span));
    if !clash {
        accepted.insert(at, p);
    }
}

/// Runs the rules of one category, in line order.
fn propose(doc: &Doc, cat: Category, whole_pages: bool, out: &mut Vec<Proposal>) {
    match cat {
        Category::AdScript => ad_script::propose(doc, out),
        Category::Byline => byline::propose(doc, out),
        Category::LicenseFooter => license_footer::propose(doc, out),
        Category::PhotoCredit => photo_credit::propose(doc, out),
        Category::RelatedStub => related_stub::propose(doc, out),
        Category::PageChrome => {
            page_chrome::propose(doc, out);
            if whole_pages {
                blocks::propose(doc, out);
            }
        }
    }
}

/// A proposal to remove a whole line.
fn whole(line: &Line, category: Category, rule: &'static str) -> Proposal {
    Proposal {
        span: line.span,
        category,
        rule,
    }
}

/// A proposal to remove part of a line, given as a byte range of its view.
fn part(line: &Line, start: usize, end: usize, category: Category, rule: &'static str) -> Proposal {
    Proposal {
        span: line.source_span(start, end),
        category,
        rule,
    }
}

/// A plain `regex::Regex` for patterns outside the rules, compiled once on first use,
/// each thread searching with its own clone (see [`pattern::pat!`] for why).
macro_rules! re {
    ($pat:expr) => {{
        static RE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
            regex::Regex::new(&$crate::rules::pattern::rule_syntax(&$pat)).expect("valid pattern")
        });
        thread_local! {
            static LOCAL: regex::Regex = regex::Regex::clone(&RE);
        }
        static SHARED: $crate::rules::Shared = $crate::rules::Shared { local: &LOCAL };
        &SHARED
    }};
}
pub(crate) use re;

/// A pattern made by [`re!`].
pub(crate) struct Shared {
    /// This thread's clone of the pattern.
    pub(crate) local: &'static std::thread::LocalKey<regex::Regex>,
}

impl Shared {
    /// Runs `f` with this thread's clone of the pattern.
    pub(crate) fn with<R>(&self, f: impl FnOnce(&regex::Regex) -> R) -> R {
        self.local.with(f)
    }
}

// # Gates
//
// Almost every line of a document is story text that no rule takes, and running some
// forty patterns over each line to find that out is what made the rules slow. So in
// front of each pattern sits a *gate*: a cheap test that is a necessary condition of
// the pattern (a literal its every match starts with or contains, a character it
// needs, the shape of the line), written down next to the rule it guards. A gate may
// let through lines the pattern then rejects; it must never turn away a line the
// pattern would match, or a rule would stop firing. Two tests hold them to that: one
// checks each opener list below against the automaton of its pattern, the other runs
// every rule with and without its gates over the corpus and a set of adversarial lines.
//
// Case-insensitive patterns need care: Unicode case folding matches "\u{17F}" (long s)
// to "s" and "\u{212A}" (Kelvin sign) to "k" (no other non-ASCII character folds to an
// ASCII letter), so an ASCII case-insensitive literal test must let those through.

#[cfg(test)]
thread_local! {
    /// Set by tests to run every rule without its gates.
    static UNGATED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// A rule's gate: `pass` is a cheap necessary condition for the pattern behind it.
/// Tests can switch every gate open to check that gating changes no result.
#[inline(always)]
pub(crate) fn gate(pass: bool) -> bool {
    #[cfg(test)]
    if UNGATED.with(std::cell::Cell::get) {
        return true;
    }
    pass
}

/// The literal openers of a case-insensitive pattern anchored at the start of the
/// line: every match starts with one of them, character for character, ignoring ASCII
/// case.
///
/// [`Openers::admit`] is the gate. Its first test, of the line's first two bytes,
/// turns most lines away in a few instructions; the openers that start with the first
/// byte are then compared eight bytes at a time.
///
/// Unicode case folding matches "\u{17F}" (long s) to "s" and "\u{212A}" (Kelvin sign)
/// to "k", and no other character that is not ASCII to an ASCII letter. So where a line
/// has a character that is not ASCII, it can only follow an opener's "s" or "k" there,
/// and then it passes; other characters that are not ASCII must be written out in an
/// opener ([`Openers::exact`]), or the pattern must be marked as starting with a class
/// that has some ([`Openers::start_if`], for `\d`).
pub(crate) struct Openers {
    /// The openers, lower-case ASCII, in the order they were given.
    words: &'static [&'static str],
    /// Openers that start with a character that is not ASCII, compared exactly.
    exact: &'static [&'static str],
    /// Which characters that are not ASCII a line may also start with, if any: those
    /// of a class the pattern starts with.
    start_if: Option<fn(char) -> bool>,
    /// The first test, of the line's first three bytes.
    filter: Filter,
    /// For each ASCII byte, the openers that start with it: `sorted[from[b]..from[b + 1]]`.
    from: [u8; 129],
    /// Indices into `words`, by first byte.
    sorted: [u8; 128],
    /// The first eight bytes of each opener in `sorted`, as a little-endian word.
    heads: [u64; 128],
    /// The length of each opener in `sorted`.
    lens: [u8; 128],
    /// A bit, by [`head_bit`], for the first bytes of each opener (eight at most).
    head_bits: [u64; 16],
    /// Bit `n - 1` set when an opener's first bytes, eight at most, are `n` bytes.
    head_lens: u8,
}

/// The bit of [`Openers::head_bits`] for the first `len` bytes (at most eight) of a
/// line or an opener, as a little-endian word with the other bytes zero.
const fn head_bit(head: u64, len: u32) -> usize {
    ((head ^ len as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 54) as usize
}

/// What the first two or three bytes of the openers can be: a test that turns away
/// most lines before any opener is compared.
#[derive(Clone, Copy)]
pub(crate) struct Filter {
    /// Bit `b` set when an opener starts with the ASCII byte `b`.
    firsts: u128,
    /// Bit `b` set when an opener is the one byte `b`.
    short: u128,
    /// A bit for the first two bytes of each two-byte opener, by [`pair_bit`] (pairs
    /// that share a bit pass together).
    pairs: [u64; 8],
    /// A bit for the first three bytes of each longer opener, by [`triple_bit`].
    triples: [u64; 8],
}

/// What [`Filter::test`] says about a line.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Maybe {
    /// No opener can start it.
    No,
    /// A one-byte opener does.
    Yes,
    /// The openers have to be compared.
    Compare,
}

impl Filter {
    /// The filter of every one of `members`, for a first test shared by several
    /// rules: when it turns a line away, so would each of them.
    pub(crate) const fn any_of(members: &[&Openers]) -> Filter {
        let mut all = Filter {
            firsts: 0,
            short: 0,
            pairs: [0; 8],
            triples: [0; 8],
        };
        let mut i = 0;
        while i < members.len() {
            let f = members[i].filter;
            all.firsts |= f.firsts;
            all.short |= f.short;
            let mut k = 0;
            while k < 8 {
                all.pairs[k] |= f.pairs[k];
                all.triples[k] |= f.triples[k];
                k += 1;
            }
            i += 1;
        }
        all
    }

    /// Whether some opener could start `v`; a line that starts with a character that
    /// is not ASCII always could.
    #[inline(always)]
    pub(crate) fn may_admit(&self, v: &str) -> bool {
        self.test(v.as_bytes()) != Maybe::No
    }

    /// The first test of [`Openers::admit`], for a line that starts with ASCII.
    #[inline(always)]
    fn test(&self, b: &[u8]) -> Maybe {
        let Some(&first) = b.first() else {
            return Maybe::No;
        };
        if !first.is_ascii() {
            return Maybe::Compare;
        }
        let first = first.to_ascii_lowercase();
        if self.firsts & (1 << first) == 0 {
            return Maybe::No;
        }
        if self.short & (1 << first) != 0 {
            return Maybe::Yes;
        }
        // The other openers are longer: the line's first two or three bytes must be an
        // opener's, as far as they are ASCII.
        let Some(&second) = b.get(1) else {
            return Maybe::No;
        };
        if !second.is_ascii() {
            return Maybe::Compare;
        }
        let second = second.to_ascii_lowercase();
        let bit = pair_bit(first, second);
        if self.pairs[bit / 64] & (1 << (bit % 64)) != 0 {
            return Maybe::Compare;
        }
        let Some(&third) = b.get(2) else {
            return Maybe::No;
        };
        if !third.is_ascii() {
            return Maybe::Compare;
        }
        let bit = triple_bit(first, second, third.to_ascii_lowercase());
        if self.triples[bit / 64] & (1 << (bit % 64)) != 0 {
            Maybe::Compare
        } else {
            Maybe::No
        }
    }
}

/// What [`Heads::test`] says about a line, member by member.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct Admits {
    /// Members for which a one-byte opener starts the line.
    yes: u32,
    /// Members whose openers have to be compared.
    compare: u32,
}

/// How many buckets [`Heads`] sorts two-byte openers into, by their two bytes.
const PAIR_BUCKETS: usize = 64;

/// How many buckets [`Heads`] sorts longer openers into, by their first three bytes.
const TRIPLE_BUCKETS: usize = 1024;

/// All the buckets: those of pairs, then those of triples.
const BUCKETS: usize = PAIR_BUCKETS + TRIPLE_BUCKETS;

/// The most openers a [`Heads`] holds.
const MAX_HEADS: usize = 256;

/// The bucket of a two-byte opener, or of a line by its first two bytes (lower-case).
const fn pair_bucket(head: u64) -> usize {
    let (a, b) = (head as u8 as usize, (head >> 8) as u8 as usize);
    (a * 31 + b) % PAIR_BUCKETS
}

/// The bucket of a longer opener, or of a line by its first three bytes (lower-case,
/// 0 past the line's end).
const fn triple_bucket(head: u64) -> usize {
    let (a, b, c) = (
        head as u8 as usize,
        (head >> 8) as u8 as usize,
        (head >> 16) as u8 as usize,
    );
    PAIR_BUCKETS + ((a * 31 + b) * 31 + c) % TRIPLE_BUCKETS
}

/// The bucket of an opener of two bytes or more.
const fn bucket(h: &Head) -> usize {
    if h.word.len() == 2 {
        pair_bucket(h.head)
    } else {
        triple_bucket(h.head)
    }
}

/// One opener of a [`Heads`].
#[derive(Clone, Copy)]
struct Head {
    /// The opener's first eight bytes (all of it if shorter), as a little-endian word.
    head: u64,
    /// The bytes of `head` that count.
    mask: u64,
    /// The whole opener.
    word: &'static [u8],
    /// The members that have this opener, a bit each.
    members: u32,
}

/// The openers of several rules in one table, so that one look at a line says which
/// of the rules' openers start it: exactly what each rule's own [`Openers::admit`]
/// says, as a bit per member.
///
/// A rule file that runs a chain of anchored patterns over every line (page chrome
/// has ten) asks the table once and each pattern's [`Anchored::is_match_as`] reads its
/// bit. Most lines of a news story start like no rule at all: the line's first eight
/// bytes are lower-cased once, and only the openers that share the line's first three
/// bytes (or are its first two) are compared, a few instructions each, for all rules at
/// once. (A table of the members' three-byte first tests, which it replaced, let
/// through more than half of the lines of page chrome, whose openers hold a hundred
/// section names and controls, and then every rule compared its openers again.)
pub(crate) struct Heads {
    /// The members, for the lines the table does not decide itself.
    members: &'static [&'static Openers],
    /// For each ASCII byte, the members with it as a one-byte opener.
    one: [u32; 128],
    /// The openers of bucket `h` are `heads[from[h]..from[h + 1]]`.
    from: [u16; BUCKETS + 1],
    /// The openers of two bytes or more, by bucket, each once.
    heads: [Head; MAX_HEADS],
}

impl Heads {
    /// The table of `members` (at most 32), member `k` at bit `k`.
    pub(crate) const fn of(members: &'static [&'static Openers]) -> Heads {
        assert!(members.len() <= 32);
        const NONE: Head = Head {
            head: 0,
            mask: 0,
            word: &[],
            members: 0,
        };
        // The distinct openers, with the members that have each.
        let mut words = [NONE; MAX_HEADS];
        let mut n = 0;
        let mut one = [0u32; 128];
        let mut k = 0;
        while k < members.len() {
            let bit = 1u32 << k;
            let mut i = 0;
            while i < members[k].words.len() {
                let w = members[k].words[i].as_bytes();
                if w.len() == 1 {
                    one[w[0] as usize] |= bit;
                } else {
                    let mut j = 0;
                    while j < n && !same(words[j].word, w) {
                        j += 1;
                    }
                    if j == n {
                        assert!(n < MAX_HEADS);
                        let (head, mask) = head_and_mask(w);
                        words[n] = Head {
                            head,
                            mask,
                            word: w,
                            members: 0,
                        };
                        n += 1;
                    }
                    words[j].members |= bit;
                }
                i += 1;
            }
            k += 1;
        }
        // Sorted by bucket: count, then place.
        let mut from = [0u16; BUCKETS + 1];
        let mut i = 0;
        while i < n {
            from[bucket(&words[i]) + 1] += 1;
            i += 1;
        }
        let mut h = 0;
        while h < BUCKETS {
            from[h + 1] += from[h];
            h += 1;
        }
        let mut next = from;
        let mut heads = [NONE; MAX_HEADS];
        let mut i = 0;
        while i < n {
            let h = bucket(&words[i]);
            heads[next[h] as usize] = words[i];
            next[h] += 1;
            i += 1;
        }
        Heads {
            members,
            one,
            from,
            heads,
        }
    }

    /// Which members' openers start `v`, as [`Openers::admit`] of each would say:
    /// every member is a yes or a no, none is left to compare.
    #[inline(always)]
    pub(crate) fn test(&self, v: &str) -> Admits {
        Admits {
            yes: self.admitting(v),
            compare: 0,
        }
    }

    /// [`Heads::test`], member `k` at bit `k`.
    #[inline(always)]
    fn admitting(&self, v: &str) -> u32 {
        const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
        let b = v.as_bytes();
        if b.is_empty() {
            return 0;
        }
        let raw = first_eight(b);
        // A character that is not ASCII among the first eight bytes may be one that
        // case folding matches to an ASCII letter, or one a member lets start a line:
        // the members' own tests know those.
        if raw & HIGH != 0 {
            return self.test_each(v);
        }
        let head = ascii_lowercase8(raw);
        let mut admits = self.one[usize::from(head as u8)];
        for h in [pair_bucket(head), triple_bucket(head)] {
            for e in &self.heads[usize::from(self.from[h])..usize::from(self.from[h + 1])] {
                // Past eight bytes, compare as the members do, folding included.
                if head & e.mask == e.head
                    && b.len() >= e.word.len()
                    && (e.word.len() <= 8 || rest_matches(&b[8..], &e.word[8..]))
                {
                    admits |= e.members;
                }
            }
        }
        admits
    }

    /// [`Heads::test`] by asking each member.
    #[inline(never)]
    fn test_each(&self, v: &str) -> u32 {
        let mut admits = 0;
        for (k, m) in self.members.iter().enumerate() {
            if m.admit(v) {
                admits |= 1 << k;
            }
        }
        admits
    }
}

/// Whether two byte strings are the same (`==` is not `const`).
const fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

impl Admits {
    /// No member admits the line.
    pub(crate) const NONE: Admits = Admits { yes: 0, compare: 0 };

    /// Whether some member may admit the line.
    #[inline(always)]
    pub(crate) fn any(self) -> bool {
        self.yes | self.compare != 0
    }

    /// What member `k`'s own [`Filter::test`] says.
    #[inline(always)]
    fn member(self, k: u32) -> Maybe {
        if self.yes & (1 << k) != 0 {
            Maybe::Yes
        } else if self.compare & (1 << k) != 0 {
            Maybe::Compare
        } else {
            Maybe::No
        }
    }
}

/// The bit of [`Filter::pairs`] for two lower-case bytes.
const fn pair_bit(a: u8, b: u8) -> usize {
    (a as usize * 37 + b as usize) % 512
}

/// The bit of [`Filter::triples`] for three lower-case bytes.
const fn triple_bit(a: u8, b: u8, c: u8) -> usize {
    ((a as usize * 37 + b as usize) * 37 + c as usize) % 512
}

/// Long s, which case folding matches to "s".
const LONG_S: &[u8] = "\u{17F}".as_bytes();
/// The Kelvin sign, which case folding matches to "k".
const KELVIN: &[u8] = "\u{212A}".as_bytes();

impl Openers {
    /// Openers for a pattern; each must be non-empty lower-case ASCII.
    pub(crate) const fn new(words: &'static [&'static str]) -> Openers {
        assert!(words.len() <= 128);
        let mut firsts = 0u128;
        let mut short = 0u128;
        let mut pairs = [0u64; 8];
        let mut triples = [0u64; 8];
        let mut from = [0u8; 129];
        let mut sorted = [0u8; 128];
        let mut heads = [0u64; 128];
        let mut lens = [0u8; 128];
        let mut n = 0;
        let mut b = 0;
        while b < 128 {
            from[b] = n as u8;
            let mut i = 0;
            while i < words.len() {
                let w = words[i].as_bytes();
                assert!(!w.is_empty());
                if w[0] as usize == b {
                    firsts |= 1 << b;
                    if w.len() == 1 {
                        short |= 1 << b;
                    } else if w.len() == 2 {
                        let bit = pair_bit(w[0], w[1]);
                        pairs[bit / 64] |= 1 << (bit % 64);
                    } else {
                        let bit = triple_bit(w[0], w[1], w[2]);
                        triples[bit / 64] |= 1 << (bit % 64);
                    }
                    assert!(w.len() < 256);
                    lens[n] = w.len() as u8;
                    sorted[n] = i as u8;
                    let mut j = 0;
                    while j < w.len() {
                        assert!(w[j].is_ascii() && !w[j].is_ascii_uppercase());
                        j += 1;
                    }
                    heads[n] = head_and_mask(w).0;
                    n += 1;
                }
                i += 1;
            }
            b += 1;
        }
        from[128] = n as u8;
        let mut head_bits = [0u64; 16];
        let mut head_lens = 0u8;
        let mut k = 0;
        while k < n {
            let len = if lens[k] > 8 { 8 } else { lens[k] as u32 };
            let bit = head_bit(heads[k], len);
            head_bits[bit / 64] |= 1 << (bit % 64);
            head_lens |= 1 << (len - 1);
            k += 1;
        }
        Openers {
            words,
            exact: &[],
            start_if: None,
            filter: Filter {
                firsts,
                short,
                pairs,
                triples,
            },
            from,
            sorted,
            heads,
            lens,
            head_bits,
            head_lens,
        }
    }

    /// These openers, and `exact` ones that start with a character that is not ASCII
    /// ("\u{a9}"), compared byte for byte.
    pub(crate) const fn exact(self, exact: &'static [&'static str]) -> Openers {
        let mut i = 0;
        while i < exact.len() {
            assert!(!exact[i].as_bytes()[0].is_ascii());
            i += 1;
        }
        Openers { exact, ..self }
    }

    /// These openers, for a pattern that may also start with a class that holds
    /// characters that are not ASCII (`\d`): a line that starts with one for which
    /// `class` holds passes. `class` must hold for every such character of the
    /// pattern's class ([`is_digit`] for `\d`).
    pub(crate) const fn start_if(self, class: fn(char) -> bool) -> Openers {
        Openers {
            start_if: Some(class),
            ..self
        }
    }

    /// Whether `v` starts with one of the openers, ignoring ASCII case (see the type's
    /// docs for characters that are not ASCII).
    #[inline(always)]
    pub(crate) fn admit(&self, v: &str) -> bool {
        self.admit_after(v, self.filter.test(v.as_bytes()))
    }

    /// [`Openers::admit`] for member `k` of the [`Heads`] that said `admits` of
    /// `v`: the same answer without the first test again.
    #[inline(always)]
    pub(crate) fn admit_as(&self, v: &str, admits: Admits, k: u32) -> bool {
        self.admit_after(v, admits.member(k))
    }

    /// [`Openers::admit`] once the first test has said `maybe`.
    #[inline(always)]
    fn admit_after(&self, v: &str, maybe: Maybe) -> bool {
        let b = v.as_bytes();
        match maybe {
            Maybe::No => false,
            Maybe::Yes => true,
            Maybe::Compare if !b[0].is_ascii() => self.admit_not_ascii(b),
            Maybe::Compare => self.admit_same_first(b, usize::from(b[0].to_ascii_lowercase())),
        }
    }

    /// [`Openers::admit`] for a line that starts with a character that is not ASCII.
    #[inline(never)]
    fn admit_not_ascii(&self, b: &[u8]) -> bool {
        let first = || {
            let char_len = if b[0] >= 0xF0 {
                4
            } else if b[0] >= 0xE0 {
                3
            } else {
                2
            };
            std::str::from_utf8(&b[..char_len.min(b.len())])
                .ok()
                .and_then(|c| c.chars().next())
        };
        self.start_if
            .is_some_and(|class| first().is_some_and(class))
            || self.exact.iter().any(|e| b.starts_with(e.as_bytes()))
            || (b.starts_with(LONG_S) && self.filter.firsts & (1 << b's') != 0)
            || (b.starts_with(KELVIN) && self.filter.firsts & (1 << b'k') != 0)
    }

    /// [`Openers::admit`] for a line whose first byte some opener starts with.
    #[inline(never)]
    fn admit_same_first(&self, b: &[u8], first: usize) -> bool {
        const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
        let raw = first_eight(b);
        let head = ascii_lowercase8(raw);
        // Where the first byte that is not ASCII is among the first eight (8: none).
        let ascii = ((raw & HIGH).trailing_zeros() / 8) as usize;
        let low_bytes = |k: usize| if k >= 8 { !0 } else { (1u64 << (8 * k)) - 1 };
        // With eight ASCII bytes (or the line's end) up front, an opener matches only
        // if the line's first bytes, as many as the opener's (eight at most), are the
        // opener's: one probe per opener length turns most lines away before the
        // openers that share the first byte are compared one by one.
        if ascii == 8 {
            let mut lens = self.head_lens;
            let mut maybe = false;
            while lens != 0 {
                let len = lens.trailing_zeros() + 1;
                lens &= lens - 1;
                let bit = head_bit(head & low_bytes(len as usize), len);
                if self.head_bits[bit / 64] & (1 << (bit % 64)) != 0 {
                    maybe = true;
                    break;
                }
            }
            if !maybe {
                return false;
            }
        }
        for k in usize::from(self.from[first])..usize::from(self.from[first + 1]) {
            // Compare up to the opener's end or the first byte that is not ASCII.
            let upto = usize::from(self.lens[k]).min(ascii);
            let mask = low_bytes(upto);
            if b.len() < upto.min(8) || head & mask != self.heads[k] & mask {
                continue;
            }
            let p = self.words[usize::from(self.sorted[k])].as_bytes();
            if upto < 8 {
                if upto == p.len() {
                    if b.len() >= p.len() {
                        return true;
                    }
                } else if folds_to(&b[upto..], p[upto]) {
                    return true;
                }
                continue;
            }
            if p.len() == 8 || rest_matches(&b[8..], &p[8..]) {
                return true;
            }
        }
        false
    }
}

/// The first eight bytes (at most) of `w` as a little-endian word, zero past its end,
/// and a mask of the bytes that are `w`'s: a line's [`first_eight`] equals the word under
/// the mask when the line starts with those bytes.
pub(crate) const fn head_and_mask(w: &[u8]) -> (u64, u64) {
    let (mut head, mut mask) = (0u64, 0u64);
    let mut j = 0;
    while j < w.len() && j < 8 {
        head |= (w[j] as u64) << (8 * j);
        mask |= 0xff << (8 * j);
        j += 1;
    }
    (head, mask)
}

/// The first eight bytes of `b` as a little-endian word, zero past its end.
#[inline(always)]
pub(crate) fn first_eight(b: &[u8]) -> u64 {
    match b.get(..8) {
        Some(eight) => u64::from_le_bytes(eight.try_into().expect("eight bytes")),
        None => {
            let mut eight = [0u8; 8];
            eight[..b.len()].copy_from_slice(b);
            u64::from_le_bytes(eight)
        }
    }
}

/// Whether `b` starts with the character that is not ASCII and that Unicode case
/// folding matches to the ASCII letter `c`.
fn folds_to(b: &[u8], c: u8) -> bool {
    (c == b's' && b.starts_with(LONG_S)) || (c == b'k' && b.starts_with(KELVIN))
}

/// The rest of [`Openers::admit_same_first`] past eight bytes.
pub(crate) fn rest_matches(b: &[u8], p: &[u8]) -> bool {
    for (j, &c) in p.iter().enumerate() {
        match b.get(j) {
            None => return false,
            Some(&x) if !x.is_ascii() => return folds_to(&b[j..], c),
            Some(&x) if x.to_ascii_lowercase() != c => return false,
            Some(_) => {}
        }
    }
    true
}

/// Lower-cases the ASCII capitals among eight bytes, leaving every other byte alone.
#[inline]
pub(crate) fn ascii_lowercase8(x: u64) -> u64 {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    let heptets = x & (0x7f * ONES);
    // The high bit of each byte: its low seven bits are at least 'A', more than 'Z'.
    let at_least_a = heptets + (0x80 - u64::from(b'A')) * ONES;
    let above_z = heptets + (0x80 - u64::from(b'Z') - 1) * ONES;
    let capital = at_least_a & !above_z & !x & (0x80 * ONES);
    x | (capital >> 2)
}

/// A pattern anchored at the start of the line, behind the gate of its openers.
///
/// ```ignore
/// const FONT_SIZE: Anchored = Anchored {
///     openers: Openers::new(&["font", "text"]),
///     pattern: || re!(r"^(?i:font|text) ?size"),
/// };
/// ```
pub(crate) struct Anchored {
    /// What every match starts with.
    pub(crate) openers: Openers,
    /// The pattern, compiled on first use.
    pub(crate) pattern: fn() -> &'static Pat,
}

impl Anchored {
    /// [`regex::Regex::is_match`] behind the gate.
    #[inline(always)]
    pub(crate) fn is_match(&self, v: &str) -> bool {
        gate(self.openers.admit(v)) && (self.pattern)().is_match(v)
    }

    /// [`Anchored::is_match`] for member `k` of the [`Heads`] that said `admits`
    /// of `v`: the same answer without the first test again.
    #[inline(always)]
    pub(crate) fn is_match_as(&self, v: &str, admits: Admits, k: u32) -> bool {
        gate(self.openers.admit_after(v, admits.member(k))) && (self.pattern)().is_match(v)
    }

    /// [`regex::Regex::find`] behind the gate.
    pub(crate) fn find<'h>(&self, v: &'h str) -> Option<Found<'h>> {
        if !gate(self.openers.admit(v)) {
            return None;
        }
        (self.pattern)().find(v)
    }

    /// [`regex::Regex::captures`] behind the gate.
    pub(crate) fn captures<'h>(&self, v: &'h str) -> Option<Groups<'h>> {
        if !gate(self.openers.admit(v)) {
            return None;
        }
        (self.pattern)().captures(v)
    }

    /// [`Anchored::captures`] for member `k` of the [`Heads`] that said `admits`
    /// of `v`.
    pub(crate) fn captures_as<'h>(&self, v: &'h str, admits: Admits, k: u32) -> Option<Groups<'h>> {
        if !gate(self.openers.admit_after(v, admits.member(k))) {
            return None;
        }
        (self.pattern)().captures(v)
    }
}

/// Whether `v` starts with a character a name can start with (`\p{Lu}`): a capital.
#[inline]
pub(crate) fn starts_upper(v: &str) -> bool {
    match v.as_bytes().first() {
        Some(b) if b.is_ascii() => b.is_ascii_uppercase(),
        Some(_) => v.chars().next().is_some_and(is_upper),
        None => false,
    }
}

/// Whether `c` is in `\p{Lu}`, by the regex engine's own tables (the standard
/// library's may be of another Unicode version).
pub(crate) fn is_upper(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_uppercase();
    }
    static UPPER: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"\A\p{Lu}").expect("valid pattern"));
    UPPER.is_match(c.encode_utf8(&mut [0; 4]))
}

/// Whether `c` is in `\d`, by the regex engine's own tables.
pub(crate) fn is_digit(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    static DIGIT: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"\A\d").expect("valid pattern"));
    DIGIT.is_match(c.encode_utf8(&mut [0; 4]))
}

/// A substring searcher for a fixed needle, built once on first use: `memmem::find`
/// builds one on every call, which costs more than searching a short line.
macro_rules! finder {
    ($needle:expr) => {{
        static FINDER: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
            std::sync::LazyLock::new(|| memchr::memmem::Finder::new($needle));
        &*FINDER
    }};
}
pub(crate) use finder;

/// Where the last ". " in `v` starts, like `v.rfind(". ")` without building a searcher.
pub(crate) fn rfind_period_space(v: &str) -> Option<usize> {
    let b = v.as_bytes();
    let mut end = b.len();
    while let Some(i) = memchr::memrchr(b'.', &b[..end]) {
        if b.get(i + 1) == Some(&b' ') {
            return Some(i);
        }
        end = i;
    }
    None
}

/// One word of a personal name: "Jane", "O'Neil", "Jean-Luc", "DOE", "J." or "J.R.".
const NAME_WORD: &str = r"(?:\p{Lu}[\p{Ll}\p{Lu}\p{M}'\-]*\.?|(?:\p{Lu}\.){1,3})";
/// Lower-case particles inside names ("Ursula von der Leyen", "Luiz da Silva").
const PARTICLE: &str =
    r"(?:de|da|del|della|di|van|von|der|den|la|le|du|dos|das|bin|ibn|al|el|ter|ten|y)";

/// Whether `word` is one of the words of [`PARTICLE`].
fn is_particle(word: &[u8]) -> bool {
    matches!(
        word,
        b"de"
            | b"da"
            | b"del"
            | b"della"
            | b"di"
            | b"van"
            | b"von"
            | b"der"
            | b"den"
            | b"la"
            | b"le"
            | b"du"
            | b"dos"
            | b"das"
            | b"bin"
            | b"ibn"
            | b"al"
            | b"el"
            | b"ter"
            | b"ten"
            | b"y"
    )
}

/// Whether `v` could start with a [`name`]: the gate of every pattern that does.
///
/// A name's first word runs to the first space and holds only a capital, letters,
/// marks, `'`, `-` and `.`; after the space comes another word starting with a capital,
/// or a particle and a space. A sentence ("The council met …") fails at its second
/// word. Past the first character, anything not ASCII is let through in the first
/// word.
pub(crate) fn starts_like_name(v: &str) -> bool {
    let b = v.as_bytes();
    if !starts_upper(v) {
        return false;
    }
    // Letters, `'`, `-`, `.`, and anything not ASCII.
    const NAME_BYTE: [bool; 256] = {
        let mut t = [false; 256];
        let mut c = 0;
        while c < 256 {
            let b = c as u8;
            t[c] = !b.is_ascii() || b.is_ascii_alphabetic() || b == b'\'' || b == b'-' || b == b'.';
            c += 1;
        }
        t
    };
    // The first word runs to the first space; one pass finds the space and checks the
    // bytes before it.
    let mut space = None;
    for (i, &c) in b.iter().enumerate() {
        if c == b' ' {
            space = Some(i);
            break;
        }
        if !NAME_BYTE[usize::from(c)] {
            return false;
        }
    }
    let Some(space) = space else {
        return false;
    };
    let next = &b[space + 1..];
    match next.first() {
        Some(&c) if c.is_ascii_uppercase() => true,
        Some(&c) if !c.is_ascii() => starts_upper(&v[space + 1..]),
        // A particle is at most five letters and a space.
        Some(c) if c.is_ascii_lowercase() => next
            .iter()
            .take(6)
            .position(|&c| c == b' ')
            .is_some_and(|end| is_particle(&next[..end])),
        _ => false,
    }
}

/// Whether `b` holds a long s or a Kelvin sign, the non-ASCII letters that Unicode
/// case folding matches to ASCII ones.
pub(crate) fn has_fold_wild(b: &[u8]) -> bool {
    memchr::memchr2_iter(0xC5, 0xE2, b).any(|i| {
        b[i..].starts_with("\u{17F}".as_bytes()) || b[i..].starts_with("\u{212A}".as_bytes())
    })
}

/// A personal name of two to five words, such as "Kyle Perisic" or "Ana de la Cruz".
fn name() -> String {
    format!("{NAME_WORD}(?: (?:{PARTICLE} ){{0,2}}{NAME_WORD}){{1,4}}")
}

/// A news organisation named after a reporter or photographer ("| Reuters", "for NPR",
/// "/The Example Post"): a wire service or broadcaster, or a title ending in a word
/// newspapers are named with. Restaurant guides and product headings ("Bib Gourmand |
/// Lower East Side", "Tax Software for Small Business Owners") do not qualify.
pub(crate) const NEWS_ORG: &str = r"(?:Reuters|REUTERS|AP|AFP|Associated Press|Agence France-Presse|Bloomberg(?: News)?|UPI|dpa|DPA|EFE|ANSA|Kyodo|Xinhua|Yonhap|PTI|IANS|ANI|AAP|PA(?: Media| Wire)?|CNN|BBC(?: News)?|NPR|PBS|CNBC|ABC News|CBS News|NBC News|Fox News|Sky News|Al Jazeera|Axios|Politico|ProPublica|Getty Images|(?:The )?(?:\p{Lu}[\w&.'-]* ){1,4}(?:Times|Post|News|Journal|Herald|Tribune|Guardian|Telegraph|Globe|Chronicle|Gazette|Observer|Independent|Mail|Express|Mirror|Star|Record|Press|Daily|Magazine|Review|Examiner|Inquirer|Courier|Sentinel|Dispatch|Bulletin|Register|Standard|Monitor|Wire|Newswire|Radio|Television|Foundation))";

/// Whether `v` ends with a word a [`NEWS_ORG`] ends with: a cheap necessary condition
/// for a pattern that ends with `{NEWS_ORG}$`, checked before running it.
pub(crate) fn ends_like_news_org(v: &str) -> bool {
    const LAST: &[&str] = &[
        "Reuters",
        "REUTERS",
        "AP",
        "AFP",
        "Presse",
        "Bloomberg",
        "UPI",
        "dpa",
        "DPA",
        "EFE",
        "ANSA",
        "Kyodo",
        "Xinhua",
        "Yonhap",
        "PTI",
        "IANS",
        "ANI",
        "PA",
        "Media",
        "CNN",
        "BBC",
        "NPR",
        "PBS",
        "CNBC",
        "Jazeera",
        "Axios",
        "Politico",
        "ProPublica",
        "Images",
        "Times",
        "Post",
        "News",
        "Journal",
        "Herald",
        "Tribune",
        "Guardian",
        "Telegraph",
        "Globe",
        "Chronicle",
        "Gazette",
        "Observer",
        "Independent",
        "Mail",
        "Express",
        "Mirror",
        "Star",
        "Record",
        "Press",
        "Daily",
        "Magazine",
        "Review",
        "Examiner",
        "Inquirer",
        "Courier",
        "Sentinel",
        "Dispatch",
        "Bulletin",
        "Register",
        "Standard",
        "Monitor",
        "Wire",
        "Newswire",
        "Radio",
        "Television",
        "Foundation",
    ];
    /// The most words whose last two bytes share a bucket of [`BY_PAIR`].
    const MOST: usize = 8;
    /// The bucket of the last two bytes of a word or a line.
    const fn bucket(before: u8, last: u8) -> usize {
        (last as usize * 31 + before as usize) % 256
    }
    // The words by their last two bytes, as indices into `LAST` followed by `u8::MAX`:
    // a line that ends like a word (in "-er", say) is compared with the words that end
    // so, not with all that end in its last byte.
    const BY_PAIR: [[u8; MOST]; 256] = {
        let mut by_pair = [[u8::MAX; MOST]; 256];
        let mut i = 0;
        while i < LAST.len() {
            let w = LAST[i].as_bytes();
            let at = bucket(w[w.len() - 2], w[w.len() - 1]);
            let mut k = 0;
            while by_pair[at][k] != u8::MAX {
                k += 1;
            }
            assert!(k + 1 < MOST);
            by_pair[at][k] = i as u8;
            i += 1;
        }
        by_pair
    };
    // A first test of the last two bytes: bit `before` of `PAIRS[last]` is set when a
    // word ends with those two (every word ends with two ASCII bytes).
    const PAIRS: [u128; 128] = {
        let mut pairs = [0u128; 128];
        let mut i = 0;
        while i < LAST.len() {
            let w = LAST[i].as_bytes();
            pairs[w[w.len() - 1] as usize] |= 1 << w[w.len() - 2];
            i += 1;
        }
        pairs
    };
    // The last eight bytes (at most) of each word, as a big-endian word, and a mask of
    // them: a line's last eight bytes, loaded once, are compared in a few instructions.
    const TAILS: [(u64, u64); LAST.len()] = {
        let mut tails = [(0, 0); LAST.len()];
        let mut i = 0;
        while i < LAST.len() {
            let w = LAST[i].as_bytes();
            let mut j = 0;
            while j < w.len() && j < 8 {
                tails[i].0 |= (w[w.len() - 1 - j] as u64) << (8 * j);
                tails[i].1 |= 0xff << (8 * j);
                j += 1;
            }
            i += 1;
        }
        tails
    };
    let b = v.as_bytes();
    let [.., before, last] = *b else {
        return false;
    };
    if !before.is_ascii() || !last.is_ascii() || PAIRS[usize::from(last)] >> before & 1 == 0 {
        return false;
    }
    // The line's last eight bytes, zero before its start (no word has a zero byte).
    let tail = match b.len().checked_sub(8) {
        Some(at) => u64::from_be_bytes(b[at..].try_into().expect("eight bytes")),
        None => {
            let mut eight = [0u8; 8];
            eight[8 - b.len()..].copy_from_slice(b);
            u64::from_be_bytes(eight)
        }
    };
    BY_PAIR[bucket(before, last)]
        .iter()
        .take_while(|&&i| i != u8::MAX)
        .any(|&i| {
            let (word, mask) = TAILS[usize::from(i)];
            let w = LAST[usize::from(i)].as_bytes();
            tail & mask == word && (w.len() <= 8 || b.ends_with(w))
        })
}

/// Whether the line opens with a word that does not start a name ("From Jane Doe,
/// chief …", "With Jane Doe"): such lines are attributions or headings, not credits.
fn starts_with_function_word(v: &str) -> bool {
    const OTHERS: &[&str] = &[
        "from", "meet", "ask", "dear", "about", "why", "how", "what", "when", "where", "who",
    ];
    // The first word, up to a space or a comma (ASCII, so where the bytes say); one
    // longer than fifteen bytes is none of the words, even lower-cased (the characters
    // that lower-case to ASCII, like the Kelvin sign, take three bytes for one).
    let b = v.as_bytes();
    let end = b
        .iter()
        .take(16)
        .position(|&c| c == b' ' || c == b',')
        .unwrap_or(b.len());
    if end > 15 {
        return false;
    }
    let first = &v[..end];
    if first.is_ascii() {
        // No allocation for the common case; lower-casing ASCII stays ASCII. No word
        // is longer than five letters.
        if first.len() > 5 {
            return false;
        }
        let is = |w: &&str| first.eq_ignore_ascii_case(w);
        return FUNCTION_WORDS.iter().any(is) || OTHERS.iter().any(is);
    }
    let first = first.to_lowercase();
    FUNCTION_WORDS.contains(&first.as_str()) || OTHERS.contains(&first.as_str())
}

/// Words that carry no content; a tail after a credit that has more than two other
/// lower-case words is a sentence, not a credit.
const FUNCTION_WORDS: &[&str] = &[
    "a", "an", "and", "at", "by", "for", "from", "in", "of", "on", "the", "to", "with", "via",
];

/// Counts the lower-case words of `s` that are not function words, ignoring times
/// ("a.m.", "pm").
fn content_lowercase_words(s: &str) -> usize {
    s.split(|c: char| !c.is_alphanumeric() && c != '.')
        .map(|w| w.trim_matches('.'))
        .filter(|w| w.chars().next().is_some_and(char::is_lowercase))
        .filter(|w| !FUNCTION_WORDS.contains(w) && !matches!(*w, "a.m" | "p.m" | "am" | "pm"))
        .count()
}

/// Whether the line ends like a sentence (terminal punctuation, maybe a closing quote).
fn ends_like_sentence(view: &str) -> bool {
    // Bytewise: the characters trimmed and looked for are all ASCII.
    let b = view.as_bytes();
    let closing = b
        .iter()
        .rev()
        .take_while(|&&c| matches!(c, b'"' | b'\'' | b')'));
    let t = &b[..b.len() - closing.count()];
    matches!(t.last(), Some(b'.' | b'!' | b'?'))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The alternatives of `pattern` split at its top-level `|` (not inside a group).
    pub(crate) fn top_level_alternatives(pattern: &str) -> Vec<&str> {
        let mut depth = 0;
        let mut start = 0;
        let mut alts = Vec::new();
        for (i, c) in pattern.char_indices() {
            match c {
                '(' => depth += 1,
                ')' => depth -= 1,
                '|' if depth == 0 => {
                    alts.push(&pattern[start..i]);
                    start = i + 1;
                }
                _ => {}
            }
        }
        alts.push(&pattern[start..]);
        alts
    }
    use regex_automata::hybrid::dfa::DFA;
    use regex_automata::hybrid::LazyStateID;
    use regex_automata::util::start;
    use regex_automata::{Anchored as Anchor, MatchKind};
    use std::collections::HashSet;

    /// What a gate says about every haystack that starts with some bytes.
    #[derive(Debug)]
    pub(crate) enum Verdict {
        /// Every such haystack is let through.
        Pass,
        /// Every such haystack is turned away.
        Reject,
        /// Not decided yet; the key is all the gate still depends on.
        Open(Vec<u8>),
    }

    /// [`Openers::admit`] as a [`Verdict`] on the first bytes of a haystack.
    pub(crate) fn openers_verdict(openers: &Openers, s: &[u8]) -> Verdict {
        let Some(&first) = s.first() else {
            return Verdict::Open(Vec::new());
        };
        if !first.is_ascii() {
            if let Some(class) = openers.start_if {
                for n in 2..=4.min(s.len()) {
                    if let Ok(c) = std::str::from_utf8(&s[..n]) {
                        if c.chars().next().is_some_and(class) {
                            return Verdict::Pass;
                        }
                        break;
                    }
                }
                if s.len() < 4 && std::str::from_utf8(s).is_err_and(|e| e.error_len().is_none()) {
                    return Verdict::Open(s.to_vec());
                }
            }
        }
        let mut open = false;
        let all = openers.words.iter().chain(openers.exact);
        for p in all.map(|p| p.as_bytes()) {
            match opener_prefix(p, s) {
                Some(true) => return Verdict::Pass,
                Some(false) => {}
                None => open = true,
            }
        }
        if open {
            Verdict::Open(s.to_vec())
        } else {
            Verdict::Reject
        }
    }

    /// Whether `s` starts with the opener `p` in the sense of [`Openers::admit`]:
    /// `None` while `s` is too short to say.
    pub(crate) fn opener_prefix(p: &[u8], s: &[u8]) -> Option<bool> {
        for (j, &c) in p.iter().enumerate() {
            let &x = s.get(j)?;
            if x.is_ascii() || !c.is_ascii() {
                if x.to_ascii_lowercase() != c {
                    return Some(false);
                }
                continue;
            }
            // Long s or the Kelvin sign where the opener has "s" or "k".
            let folded = if c == b's' { LONG_S } else { KELVIN };
            if !(c == b's' || c == b'k') {
                return Some(false);
            }
            let have = &s[j..s.len().min(j + folded.len())];
            return if folded.starts_with(have) && have.len() < folded.len() {
                None
            } else {
                Some(have == folded)
            };
        }
        Some(true)
    }

    /// A case-sensitive "starts with one of `prefixes`" gate as a [`Verdict`].
    pub(crate) fn prefixes_verdict(prefixes: &[&str], s: &[u8]) -> Verdict {
        if prefixes.iter().any(|p| s.starts_with(p.as_bytes())) {
            Verdict::Pass
        } else if prefixes.iter().any(|p| p.as_bytes().starts_with(s)) {
            Verdict::Open(s.to_vec())
        } else {
            Verdict::Reject
        }
    }

    /// Whether `s` starts with a capital: `None` while its first character is cut off.
    fn upper_verdict(s: &[u8]) -> Option<bool> {
        let first = *s.first()?;
        if first.is_ascii() {
            return Some(first.is_ascii_uppercase());
        }
        for n in 2..=4.min(s.len()) {
            if let Ok(c) = std::str::from_utf8(&s[..n]) {
                return Some(c.chars().next().is_some_and(is_upper));
            }
        }
        // A character still being spelled out, or bytes that are not UTF-8.
        if s.len() < 4 && std::str::from_utf8(s).err()?.error_len().is_none() {
            return None;
        }
        Some(false)
    }

    /// [`starts_like_name`] as a [`Verdict`].
    pub(crate) fn name_verdict(s: &[u8]) -> Verdict {
        if s.is_empty() {
            return Verdict::Open(b"start".to_vec());
        }
        match upper_verdict(s) {
            Some(true) => {}
            Some(false) => return Verdict::Reject,
            None => return Verdict::Open(s.to_vec()),
        }
        let name_byte = |c: &u8| !c.is_ascii() || c.is_ascii_alphabetic() || b"'-.".contains(c);
        let Some(space) = s.iter().position(|&c| c == b' ') else {
            return if s.iter().all(name_byte) {
                Verdict::Open(b"first word".to_vec())
            } else {
                Verdict::Reject
            };
        };
        if !s[..space].iter().all(name_byte) {
            return Verdict::Reject;
        }
        let next = &s[space + 1..];
        match next.first() {
            None => Verdict::Open(b"space".to_vec()),
            Some(&c) if !c.is_ascii() => match upper_verdict(next) {
                Some(true) => Verdict::Pass,
                Some(false) => Verdict::Reject,
                None => Verdict::Open([b"second ", next].concat()),
            },
            Some(&c) if c.is_ascii_uppercase() => Verdict::Pass,
            Some(c) if c.is_ascii_lowercase() => match next.iter().position(|&c| c == b' ') {
                Some(end) if particles().iter().any(|p| p.as_bytes() == &next[..end]) => {
                    Verdict::Pass
                }
                Some(_) => Verdict::Reject,
                None if particles().iter().any(|p| p.as_bytes().starts_with(next)) => {
                    Verdict::Open([b"particle ", next].concat())
                }
                None => Verdict::Reject,
            },
            Some(_) => Verdict::Reject,
        }
    }

    /// [`Openers::admit`] is "starts with an opener ignoring ASCII case, or with a head
    /// that is not all ASCII", on openers short and long and lines cut anywhere.
    #[test]
    fn admit_is_starts_with_ignoring_case() {
        const WITH_ONE_BYTE: Openers = Openers::new(&[
            "a",
            "ab c",
            "share",
            "share this article",
            "e-mail",
            "(c)",
            "12345678",
            "123456789",
        ]);
        const LONGER: Openers =
            Openers::new(&["share", "show", "sk", "12345678", "copyright"]).exact(&["\u{a9}"]);
        const ANY: Openers = Openers::new(&["kelvin", "1"]).start_if(is_digit);
        for openers in [&WITH_ONE_BYTE, &LONGER, &ANY] {
            let reference = |v: &str| {
                let b = v.as_bytes();
                (!b.is_empty()
                    && !b[0].is_ascii()
                    && openers
                        .start_if
                        .is_some_and(|class| v.chars().next().is_some_and(class)))
                    || openers
                        .words
                        .iter()
                        .chain(openers.exact)
                        .any(|p| opener_prefix(p.as_bytes(), b) == Some(true))
            };
            let mut lines = vec![String::new()];
            for w in openers.words {
                for cut in 0..=w.len() + 1 {
                    let base = format!("{w}x yz");
                    let base = &base[..cut.min(base.len())];
                    lines.push(base.to_string());
                    lines.push(base.to_uppercase());
                    for at in 0..=base.len() {
                        for c in [
                            '\u{e9}', 'X', '\u{17F}', '\u{212A}', 'h', '\u{a9}', '\u{663}',
                        ] {
                            let mut v = base.to_string();
                            v.insert(at, c);
                            lines.push(v);
                        }
                    }
                }
            }
            for v in &lines {
                assert_eq!(openers.admit(v), reference(v), "{v:?}");
            }
        }
        let eight = u64::from_le_bytes(*b"AZaz@[\xc3\x89");
        assert_eq!(
            ascii_lowercase8(eight),
            u64::from_le_bytes(*b"azaz@[\xc3\x89")
        );
    }

    /// The words of [`PARTICLE`].
    fn particles() -> Vec<&'static str> {
        PARTICLE[3..PARTICLE.len() - 1].split('|').collect()
    }

    #[test]
    fn particles_are_the_pattern_words() {
        assert_eq!(particles().len(), 21);
        for p in particles() {
            assert!(is_particle(p.as_bytes()), "{p}");
        }
        assert!(!is_particle(b"dell") && !is_particle(b"the") && !is_particle(b""));
    }

    /// The verdict and the gate agree.
    #[test]
    fn name_verdict_is_starts_like_name() {
        for v in [
            "Jane Doe",
            "Jane de la Cruz",
            "Jane de",
            "Jane dex y",
            "The council met",
            "J.R. Smith",
            "O'Neil-Ray X",
            "\u{c9}mile Zola",
            "Jane \u{c9}mile",
            "Jane",
            "Jane 2",
            "Ja2ne Doe",
            "jane Doe",
            "Jane  Doe",
            "",
        ] {
            match name_verdict(v.as_bytes()) {
                Verdict::Pass => assert!(starts_like_name(v), "{v}"),
                Verdict::Reject => assert!(!starts_like_name(v), "{v}"),
                Verdict::Open(_) => {}
            }
        }
    }

    /// Checks that a gate is a necessary condition of a pattern anchored at the start:
    /// walks the pattern's automaton over every byte string the gate has not decided
    /// on, and fails if a match is reachable where the gate turns haystacks away.
    pub(crate) fn assert_gate_covers(pattern: &str, verdict: impl Fn(&[u8]) -> Verdict) {
        let dfa = DFA::builder()
            .configure(
                DFA::config()
                    .match_kind(MatchKind::All)
                    .cache_capacity(256 << 20),
            )
            .build(pattern)
            .expect("pattern builds");
        assert!(dfa.get_nfa().is_always_start_anchored(), "{pattern}");
        let mut cache = dfa.create_cache();
        let config = start::Config::new().anchored(Anchor::Yes);
        let q0 = dfa.start_state(&mut cache, &config).unwrap();
        let mut seen: HashSet<(LazyStateID, Vec<u8>)> = HashSet::new();
        let mut rejected: HashSet<LazyStateID> = HashSet::new();
        let mut stack = vec![(Vec::new(), q0)];
        while let Some((s, q)) = stack.pop() {
            if q.is_dead() {
                continue;
            }
            let key = match verdict(&s) {
                Verdict::Pass => continue,
                Verdict::Reject => {
                    // Nothing reachable from here may match.
                    let mut todo = vec![q];
                    while let Some(q) = todo.pop() {
                        if q.is_dead() || !rejected.insert(q) {
                            continue;
                        }
                        let eoi = dfa.next_eoi_state(&mut cache, q).unwrap();
                        assert!(
                            !q.is_match() && !eoi.is_match(),
                            "{pattern}: matches after {:?}, which its gate turns away",
                            String::from_utf8_lossy(&s)
                        );
                        for b in 0..=255 {
                            todo.push(dfa.next_state(&mut cache, q, b).unwrap());
                        }
                    }
                    continue;
                }
                Verdict::Open(key) => key,
            };
            if !seen.insert((q, key)) {
                continue;
            }
            let eoi = dfa.next_eoi_state(&mut cache, q).unwrap();
            assert!(
                !q.is_match() && !eoi.is_match(),
                "{pattern}: matches {:?}, which its gate does not let through",
                String::from_utf8_lossy(&s)
            );
            for b in 0..=255u8 {
                let next = dfa.next_state(&mut cache, q, b).unwrap();
                let mut t = s.clone();
                t.push(b);
                stack.push((t, next));
            }
        }
        assert_eq!(
            cache.clear_count(),
            0,
            "{pattern}: cache too small to check"
        );
    }

    /// Checks that `heads` says of many lines what each of `members` says itself: every
    /// opener cut short, extended and changed in case, every first three ASCII bytes, the
    /// folding characters in place of each "s" and "k", and every corpus line.
    pub(crate) fn assert_heads_agree(heads: &Heads, members: &[&Openers]) {
        let mut lines: Vec<String> = vec![String::new()];
        let tails = [
            '\u{e9}', 'X', '\u{17F}', '\u{212A}', 'q', '1', ' ', '\u{663}',
        ];
        for m in members {
            for w in m.words.iter().chain(m.exact) {
                for cut in 0..=w.len() {
                    let Some(base) = w.get(..cut) else {
                        continue;
                    };
                    lines.push(base.to_string());
                    lines.push(base.to_uppercase());
                    for c in tails {
                        lines.push(format!("{base}{c}tail"));
                        lines.push(format!("{c}{base}"));
                    }
                }
                for (i, c) in w.char_indices() {
                    let folded = match c {
                        's' => '\u{17F}',
                        'k' => '\u{212A}',
                        _ => continue,
                    };
                    lines.push(format!("{}{folded}{} and more", &w[..i], &w[i + 1..]));
                }
            }
        }
        for a in 0x20u8..0x7f {
            for b in [b' ', b'a', b'e', b'o', b's', b'-', b'1', b'.'] {
                for c in 0x20u8..0x7f {
                    lines.push(String::from_utf8(vec![a, b, c]).unwrap());
                }
            }
        }
        for (_, text) in texts_under(vec![corpus_input()]) {
            let doc = Doc::new(&text);
            lines.extend(doc.lines.iter().map(|l| l.view.to_string()));
        }
        for v in &lines {
            let got = heads.admitting(v);
            assert!(heads.test(v).yes == got && heads.test(v).compare == 0);
            for (k, m) in members.iter().enumerate() {
                assert_eq!(got & (1 << k) != 0, m.admit(v), "member {k} on {v:?}");
            }
            assert_eq!(got >> members.len(), 0, "{v:?}");
        }
    }

    /// Checks an [`Anchored`] pattern against its openers.
    pub(crate) fn assert_openers_cover(a: &Anchored) {
        assert_gate_covers((a.pattern)().as_str(), |s| openers_verdict(&a.openers, s));
    }

    /// The checker itself catches a missing opener, and the Unicode case folding of
    /// ASCII letters is what the gates assume.
    #[test]
    fn gate_checker_catches_a_missing_opener() {
        const BY: Openers = Openers::new(&["by", "written by"]);
        const SHORT: Openers = Openers::new(&["by"]);
        let pat = r"^(?i:by|written by|story by)\s";
        let missing = std::panic::catch_unwind(|| {
            assert_gate_covers(pat, |s| openers_verdict(&BY, s));
        });
        assert!(missing.is_err());
        assert_gate_covers(r"^(?i:by|written by)\s", |s| openers_verdict(&BY, s));
        assert!(std::panic::catch_unwind(|| {
            assert_gate_covers(r"^(?i:by|written by)\s", |s| openers_verdict(&SHORT, s));
        })
        .is_err());
        // Long s and the Kelvin sign are the only non-ASCII letters that fold to ASCII.
        let letter = regex::Regex::new(r"(?i)^[a-z]$").unwrap();
        for c in (0x80..=0x10FFFF).filter_map(char::from_u32) {
            if letter.is_match(c.encode_utf8(&mut [0; 4])) {
                assert!(matches!(c, '\u{17F}' | '\u{212A}'), "{c:?}");
            }
        }
        assert!(!BY.admit("\u{17F}tory") && BY.admit("By x") && !BY.admit("Be"));
        assert!(!BY.admit("b\u{17F}") && !BY.admit("\u{e9}by"));
        const S: Openers = Openers::new(&["story"]);
        assert!(S.admit("\u{17F}tory") && S.admit("STORY") && !S.admit("\u{e9}tory"));
    }

    /// Lines made to trip the gates: the rules' own examples, near misses, and the
    /// spellings an ASCII test could get wrong (case, long s, Kelvin sign, a non-ASCII
    /// start, punctuation before a label).
    const TRICKY: &[&str] = &[
        "Advertisement",
        "- ADVERTISEMENT -",
        "\u{2014} Advertisement \u{2014}",
        "___Sponsored content",
        "\u{17F}ponsored",
        "Story continues below advertisement",
        "(adsbygoogle = window.adsbygoogle || []).push({});",
        "Shares fell. (adsbygoogle = window.adsbygoogle || []).push({}); Analysts said.",
        "googletag.cmd.push(function() { googletag.display('div-gpt-ad-1'); });",
        ".ad-slot { display: none; } .ad-slot img { width: 100%; }",
        "if ( typeof AdController !== 'undefined' ) { AdController.load(); }",
        "var x = 1; var y = 2;",
        "By Jane Doe",
        "BY JANE DOE and JOHN ROE, Staff Writers",
        "\u{17F}tory by Jane Doe",
        "Written by Jane Doe on March 3, 2021",
        "Kyle Perisic Contributor",
        "Jane Doe, Senior Correspondent",
        "Jane Doe, Senior Corre\u{17F}pondent",
        "Jane Doe, \u{17F}taff",
        "\u{c9}milie Dupont, Staff Writer",
        "Jane Doe | Reuters",
        "Jane Doe, Associated Press",
        "Follow Kyle on Twitter @KylePerisic",
        "Follow @janedoe on X",
        "Send tips to kyle@example.org",
        "SEND TIPS TO kyle@example.org",
        "\u{17F}end tips to kyle@example.org",
        "Contact the author at https://example.org",
        "Translated by Hadas Cohen, the Example Post Staff",
        "(Reporting by Jane Doe; Editing by John Roe)",
        "Shares rose. (REPORTING by Jane Doe in Lagos; Editing by John Roe)",
        "Reporting by Jane Doe; Editing by John Roe",
        "The Associated Press contributed to this report.",
        "Jane Doe contributed reporting from Lagos.",
        "Copyright \u{a9} 2021 Example Media. All rights reserved.",
        "\u{a9} 2019 The Example Company",
        "(C) 2020 Example",
        "COPYRIGHT 2020 Example",
        "All rights reserved.",
        "ALL RIGHTS RE\u{17F}ERVED",
        "Example Media Group 2020, all rights reserved",
        "This material may not be published, broadcast, rewritten or redistributed.",
        "This material MAY NOT be published.",
        "This article is republished from The Conversation under a Creative Commons license.",
        "Originally published at Example Post.",
        "THIS ARTICLE ORIGINALLY APPEARED ON example.com.",
        "(photo credit: REUTERS/DADO RUVIC/ILLUSTRATION/FILE PHOTO)",
        "Biden speaks. (AP Photo/Evan Doe)",
        "The flooded riverbank on Sunday. (Photo: Jane Doe)",
        "Text (PHOTO: Jane Doe) more text",
        "(\u{17F}creen\u{17F}hot: Example)",
        "A sea otter in a kelp bed. Image: Jane Doe/Shutterstock",
        "FILE PHOTO: A sign outside the plant. REUTERS/Jane Doe/File Photo",
        "Image: Shutterstock.com",
        "PHOTO BY Jane Doe on Unsplash",
        "Credit: Jane Doe/Example Post",
        "Getty Images",
        "Jane Doe/Getty Images",
        "Jane Doe/Getty Images.",
        "AFP via Getty Images",
        "Jane Doe for AFP",
        "Jane Doe for\u{a0}AFP (File)",
        "Jane Doe / AFP via Getty Images.",
        "The river at dawn. Jane Doe via AFP.",
        "The river at dawn. AFP/Jane Doe",
        "REUTERS/DADO RUVIC",
        "Jane Doe for NPR",
        "Jane Doe for The Example Times",
        "toggle caption",
        "Jane Doe/NPR hide caption",
        "Enlarge this image",
        "IMAGE COPYRIGHT Getty",
        "Mark Zuckerberg CEO of Facebook",
        "Jane Doe, chief executive of Example Corp",
        "Jane Doe, \u{212A}ing of Example",
        "Related news:",
        "RELATED: Banks weigh data requests",
        "Read more: Banks weigh data requests",
        "PHOTOS: The storm in pictures",
        "Watch \u{bb} The storm",
        "Click here to read more",
        "said. (RELATED: Tech Giants Embrace Privacy Rules) More",
        "said. [Read more: Tech Giants] More",
        "Business",
        "WORLD NEWS",
        "Home > News > World",
        "Daily Example News Foundation logo",
        "Font Size:",
        "Share this article",
        "3 comments",
        "5 min read",
        "Register",
        "Loading\u{2026}",
        "Facebook Twitter Email",
        "Sign up for our newsletter",
        "We use cookies to improve your experience.",
        "Follow us on Facebook and Instagram",
        "1 of 6",
        "Slide \u{661} of \u{666}",
        "Published: March 3, 2021 10:15 AM ET",
        "Updated 2 hours ago",
        "\u{a0}By Jane Doe",
        "\u{200b} Advertisement",
        "By the end of the year, the bank expects to hire 200 people.",
        "Getty Images reported revenue of $900 million last year.",
    ];

    /// The project's own test documents, `corpus/input`.
    pub(crate) fn corpus_input() -> std::path::PathBuf {
        std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/input"))
    }

    /// Every file under `paths` (files or folders), read as UTF-8 with bad bytes
    /// replaced: the corpus, for tests that compare a fast form with its reference on
    /// every line of it.
    pub(crate) fn texts_under(
        mut paths: Vec<std::path::PathBuf>,
    ) -> Vec<(std::path::PathBuf, String)> {
        let mut texts = Vec::new();
        while let Some(path) = paths.pop() {
            if path.is_dir() {
                for entry in std::fs::read_dir(&path).unwrap() {
                    paths.push(entry.unwrap().path());
                }
                continue;
            }
            let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
            texts.push((path, text));
        }
        texts
    }

    /// Documents for [`gates_and_ascii_restrictions_change_nothing`]: every corpus input, each tricky line
    /// alone and in the middle of a story, and all of them together. More can be named
    /// in `DEBOILER_GATE_DOCS` (files, folders, or JSON Lines with a "text" field).
    fn gate_docs() -> Vec<String> {
        let mut paths = vec![corpus_input()];
        if let Ok(extra) = std::env::var("DEBOILER_GATE_DOCS") {
            paths.extend(extra.split(':').map(std::path::PathBuf::from));
        }
        let mut docs = Vec::new();
        for (path, text) in texts_under(paths) {
            if path.extension().is_some_and(|e| e == "jsonl") {
                for line in text.lines() {
                    let v: serde_json::Value = serde_json::from_str(line).unwrap();
                    docs.push(v["text"].as_str().unwrap_or_default().to_string());
                }
            } else {
                docs.push(text);
            }
        }
        for line in TRICKY {
            docs.push(line.to_string());
            let story = "The council met on Tuesday.";
            docs.push(format!("Headline\n\n{story}\n\n{line}\n\n{story}\n"));
            docs.push(format!("{story}\n{line}\n{line}\n{story}"));
        }
        docs.push(TRICKY.join("\n"));
        docs
    }

    /// Every rule proposes the same with its gates as without them, and the same with
    /// the ASCII restrictions of its patterns as with the full patterns.
    #[test]
    fn gates_and_ascii_restrictions_change_nothing() {
        let docs = gate_docs();
        let mut failures = Vec::new();
        let (mut fast, mut ungated, mut full) = (Vec::new(), Vec::new(), Vec::new());
        for text in &docs {
            let doc = Doc::new(text);
            for cat in Category::ALL {
                fast.clear();
                ungated.clear();
                full.clear();
                propose(&doc, cat, true, &mut fast);
                UNGATED.with(|u| u.set(true));
                propose(&doc, cat, true, &mut ungated);
                UNGATED.with(|u| u.set(false));
                pattern::FULL_ONLY.with(|f| f.set(true));
                propose(&doc, cat, true, &mut full);
                pattern::FULL_ONLY.with(|f| f.set(false));
                if fast != ungated {
                    failures.push(format!("{cat} gated: {fast:?} != {ungated:?} in {text:?}"));
                }
                if fast != full {
                    failures.push(format!("{cat} ASCII: {fast:?} != {full:?} in {text:?}"));
                }
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
        // The tricky lines do reach the rules.
        let all = find(&Doc::new(&TRICKY.join("\n\n")), CategorySet::all());
        assert!(all.len() > 60, "{}", all.len());
    }

    #[test]
    fn rfind_period_space_is_rfind() {
        for v in ["a. b. c", "a.b", ". ", "no period", "end.", "x. \u{e9}. y"] {
            assert_eq!(rfind_period_space(v), v.rfind(". "), "{v}");
        }
    }

    /// Lines for the tests of the word checks below: each word of `NEWS_ORG` and of
    /// the function words, with and without text around, cut short, and in other cases.
    fn word_lines() -> Vec<String> {
        let inner = &NEWS_ORG[3..NEWS_ORG.len() - 1];
        let last = inner.rsplit("(?:").next().unwrap().trim_end_matches(')');
        let mut words: Vec<String> = top_level_alternatives(inner)
            .into_iter()
            .chain(last.split('|'))
            .chain([
                "from", "meet", "ask", "dear", "about", "why", "where", "who",
            ])
            .chain(FUNCTION_WORDS.iter().copied())
            .map(String::from)
            .collect();
        words.extend(
            ["as\u{212A}", "AS\u{212A}", "\u{212A}", "\u{e9}", "Ab\u{e9}"].map(String::from),
        );
        let mut lines = vec![String::new(), "s".into(), "es".into(), "x".repeat(20)];
        for w in &words {
            for line in [
                w.clone(),
                w.to_uppercase(),
                w.to_lowercase(),
                format!("{w} x"),
                format!("{w},x"),
                format!("The {w}"),
                format!("Example{w}"),
                w.chars().skip(w.chars().count() / 2).collect(),
                format!("{w}{}", "y".repeat(12)),
            ] {
                lines.push(line);
            }
        }
        lines
    }

    /// `ends_like_news_org` lets through every line that ends with a news organisation
    /// or one of the words they end with, and turns away lines that end otherwise.
    #[test]
    fn ends_like_news_org_finds_its_words() {
        let inner = &NEWS_ORG[3..NEWS_ORG.len() - 1];
        let org = regex::Regex::new(&format!("{NEWS_ORG}$")).unwrap();
        let last = inner.rsplit("(?:").next().unwrap().trim_end_matches(')');
        for line in word_lines() {
            if org.is_match(&line) || last.split('|').any(|w| line.ends_with(w)) {
                assert!(ends_like_news_org(&line), "{line:?}");
            }
        }
        for line in [
            "",
            "s",
            "The plan",
            "Prices increases",
            "Time",
            "imes",
            "\u{e9}Post\u{e9}",
        ] {
            assert!(!ends_like_news_org(line), "{line:?}");
        }
    }

    /// `starts_with_function_word` answers what splitting off the first word does.
    #[test]
    fn starts_with_function_word_is_first_word_lowercased() {
        const OTHERS: &[&str] = &[
            "from", "meet", "ask", "dear", "about", "why", "how", "what", "when", "where", "who",
        ];
        for line in word_lines() {
            let first = line.split([' ', ',']).next().unwrap_or("").to_lowercase();
            let expected =
                FUNCTION_WORDS.contains(&first.as_str()) || OTHERS.contains(&first.as_str());
            assert_eq!(starts_with_function_word(&line), expected, "{line:?}");
        }
    }

    /// Every literal alternative of NEWS_ORG, and the optional forms, pass the gate.
    #[test]
    fn news_org_gate_covers_every_alternative() {
        let inner = &NEWS_ORG[3..NEWS_ORG.len() - 1];
        let alts = top_level_alternatives(inner);
        let org = regex::Regex::new(&format!("^{NEWS_ORG}$")).unwrap();
        let mut checked = 0;
        for alt in alts {
            if alt.contains(['(', '\\', '?']) {
                continue;
            }
            assert!(org.is_match(alt) && ends_like_news_org(alt), "{alt}");
            checked += 1;
        }
        assert!(checked > 30);
        for org_name in [
            "Bloomberg News",
            "PA Media",
            "PA Wire",
            "BBC News",
            "The Daily Example Newswire",
            "Example Foundation",
            "The Example Times",
        ] {
            assert!(org.is_match(org_name), "{org_name}");
            assert!(ends_like_news_org(org_name), "{org_name}");
        }
        let last = inner.rsplit("(?:").next().unwrap().trim_end_matches(')');
        for word in last.split('|') {
            assert!(ends_like_news_org(&format!("Example {word}")), "{word}");
        }
    }
}
