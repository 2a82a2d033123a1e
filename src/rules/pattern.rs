//! Rule patterns: compiled once, on first use, in two builds, and searched by each
//! thread with its own scratch space.
//!
//! A pattern is searched with [`regex_automata::meta::Regex`], built with the very
//! settings `regex::Regex::new` uses, so it finds exactly what `regex::Regex` would.
//! A pattern only asked whether it matches gets a lazy DFA instead, built from a
//! forward automaton alone: the answer is the same, and the build costs about half.
//! Its first build is the pattern itself. Its second is its *ASCII restriction*: the
//! same pattern with every class cut down to its ASCII members, which finds the same
//! matches, groups and all, in ASCII text, and which compiles several times faster than
//! the Unicode classes of a pattern like [`super::name`] (and searches faster too). Most
//! lines are ASCII, so most patterns never need their first build at all.

use regex_automata::hybrid::dfa::{self, DFA};
use regex_automata::meta;
use regex_automata::nfa::thompson::{self, WhichCaptures};
use regex_automata::util::syntax;
use regex_automata::{Input, MatchKind};
use regex_syntax::ast::{self, Ast, ClassSet, ClassSetItem};
use regex_syntax::hir::{self, Class, Hir, HirKind};
use std::borrow::Cow;
use std::cell::RefCell;
use std::ops::Range;
use std::sync::LazyLock;
use std::thread::LocalKey;

/// Compiles a rule pattern on first use, in its two builds, and gives each thread its
/// own clone of each.
///
/// A regex shared by threads hands the first thread that searches with it a fast,
/// lock-free scratch space and makes every other thread take a slower, locked path for
/// each search. The patterns are searched millions of times per corpus, so each thread
/// gets its own clone: the compiled program is shared, only the scratch space is per
/// thread.
macro_rules! pat {
    ($pat:expr) => {{
        use regex_automata::hybrid::dfa::{Cache, DFA};
        use regex_automata::meta::Regex;
        use std::cell::RefCell;
        use std::sync::LazyLock;
        use $crate::rules::pattern::{compile, compile_ascii, dfa, dfa_ascii, rule_syntax, Pat};
        static SOURCE: LazyLock<String> = LazyLock::new(|| rule_syntax(&$pat));
        static FULL: LazyLock<Regex> = LazyLock::new(|| compile(&SOURCE));
        static ASCII: LazyLock<Regex> = LazyLock::new(|| compile_ascii(&SOURCE));
        static FULL_DFA: LazyLock<DFA> = LazyLock::new(|| dfa(&SOURCE));
        static ASCII_DFA: LazyLock<DFA> = LazyLock::new(|| dfa_ascii(&SOURCE));
        thread_local! {
            static LOCAL: Regex = (*FULL).clone();
            static LOCAL_ASCII: Regex = (*ASCII).clone();
            static FULL_CACHE: RefCell<Cache> = RefCell::new(FULL_DFA.create_cache());
            static ASCII_CACHE: RefCell<Cache> = RefCell::new(ASCII_DFA.create_cache());
        }
        static PAT: Pat = Pat {
            source: &SOURCE,
            full: &LOCAL,
            ascii: &LOCAL_ASCII,
            full_dfa: (&FULL_DFA, &FULL_CACHE),
            ascii_dfa: (&ASCII_DFA, &ASCII_CACHE),
        };
        &PAT
    }};
}
pub(crate) use pat;

/// A rule pattern made by [`pat!`].
///
/// A build is only compiled when a line first gets past the gate in front of the
/// pattern, so a run that never meets, say, a contact line never pays for the contact
/// pattern, and a run of ASCII text never pays for the Unicode classes.
pub(crate) struct Pat {
    /// The pattern, as compiled (read by the tests that check the gates against it).
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) source: &'static std::sync::LazyLock<String>,
    /// This thread's clone of the pattern.
    pub(crate) full: &'static LocalKey<meta::Regex>,
    /// This thread's clone of the pattern's ASCII restriction.
    pub(crate) ascii: &'static LocalKey<meta::Regex>,
    /// The pattern as a lazy DFA, and this thread's cache for it.
    pub(crate) full_dfa: LazyDfa,
    /// The ASCII restriction as a lazy DFA, and this thread's cache for it.
    pub(crate) ascii_dfa: LazyDfa,
}

/// A lazy DFA, built on first use, and each thread's cache for it.
pub(crate) type LazyDfa = (
    &'static LazyLock<DFA>,
    &'static LocalKey<RefCell<dfa::Cache>>,
);

impl Pat {
    /// Runs `f` with the build that gives the right results on `haystack` most
    /// cheaply: the ASCII restriction for ASCII text.
    fn with<R>(&self, haystack: &str, f: impl FnOnce(&meta::Regex) -> R) -> R {
        if haystack.is_ascii() && !full_only() {
            self.ascii.with(f)
        } else {
            self.full.with(f)
        }
    }

    /// Whether the pattern matches anywhere in `haystack`.
    pub(crate) fn is_match(&self, haystack: &str) -> bool {
        let (dfa, cache) = if haystack.is_ascii() && !full_only() {
            self.ascii_dfa
        } else {
            self.full_dfa
        };
        let input = Input::new(haystack).earliest(true);
        cache.with(|cache| {
            dfa.try_search_fwd(&mut cache.borrow_mut(), &input)
                .expect("a lazy DFA without quit bytes that never gives up")
                .is_some()
        })
    }

    /// The first match (leftmost-first) in `haystack`.
    pub(crate) fn find<'h>(&self, haystack: &'h str) -> Option<Found<'h>> {
        self.find_at(haystack, 0)
    }

    /// The first match in `haystack` that starts at `start` or later, with the text
    /// before `start` still seen by look-arounds (`regex::Regex::find_at`).
    pub(crate) fn find_at<'h>(&self, haystack: &'h str, start: usize) -> Option<Found<'h>> {
        if start == 0 && !self.is_match(haystack) {
            return None;
        }
        let input = Input::new(haystack).span(start..haystack.len());
        self.with(haystack, |re| re.search(&input))
            .map(|m| Found::new(haystack, m.range()))
    }

    /// The match that starts at `start`, if there is one, with the text before `start`
    /// still seen by look-arounds: the one `find_at` would give if it started there.
    pub(crate) fn find_anchored_at<'h>(
        &self,
        haystack: &'h str,
        start: usize,
    ) -> Option<Found<'h>> {
        let input = Input::new(haystack)
            .span(start..haystack.len())
            .anchored(regex_automata::Anchored::Yes);
        self.with(haystack, |re| re.search(&input))
            .map(|m| Found::new(haystack, m.range()))
    }

    /// Every match, left to right, not overlapping (`regex::Regex::find_iter`).
    pub(crate) fn find_all<'h>(&self, haystack: &'h str) -> Vec<Found<'h>> {
        self.with(haystack, |re| {
            re.find_iter(haystack)
                .map(|m| Found::new(haystack, m.range()))
                .collect()
        })
    }

    /// The first match and its groups (`regex::Regex::captures`).
    pub(crate) fn captures<'h>(&self, haystack: &'h str) -> Option<Groups<'h>> {
        if !self.is_match(haystack) {
            return None;
        }
        self.with(haystack, |re| {
            let mut caps = re.create_captures();
            re.captures(haystack, &mut caps);
            caps.is_match().then_some(Groups { haystack, caps })
        })
    }

    /// `haystack` with its first match replaced by `rep`, taken literally.
    pub(crate) fn replace<'h>(&self, haystack: &'h str, rep: &str) -> Cow<'h, str> {
        match self.find(haystack) {
            None => Cow::Borrowed(haystack),
            Some(m) => Cow::Owned([&haystack[..m.start()], rep, &haystack[m.end()..]].concat()),
        }
    }

    /// How many matches `haystack` has, counting no further than `max`.
    pub(crate) fn count(&self, haystack: &str, max: usize) -> usize {
        self.with(haystack, |re| re.find_iter(haystack).take(max).count())
    }

    /// The pattern, as compiled.
    #[cfg(test)]
    pub(crate) fn as_str(&self) -> &str {
        self.source
    }
}

#[cfg(test)]
thread_local! {
    /// Set by tests to search with the full pattern only.
    pub(crate) static FULL_ONLY: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether tests asked for the full patterns only.
#[inline(always)]
fn full_only() -> bool {
    #[cfg(test)]
    if FULL_ONLY.with(std::cell::Cell::get) {
        return true;
    }
    false
}

/// A match: a range of a haystack.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Found<'h> {
    haystack: &'h str,
    start: usize,
    end: usize,
}

impl<'h> Found<'h> {
    fn new(haystack: &'h str, range: Range<usize>) -> Found<'h> {
        Found {
            haystack,
            start: range.start,
            end: range.end,
        }
    }

    /// Where the match starts.
    pub(crate) fn start(&self) -> usize {
        self.start
    }

    /// Where the match ends.
    pub(crate) fn end(&self) -> usize {
        self.end
    }

    /// The match's length in bytes.
    pub(crate) fn len(&self) -> usize {
        self.end - self.start
    }

    /// The matched text.
    pub(crate) fn as_str(&self) -> &'h str {
        &self.haystack[self.start..self.end]
    }
}

/// A match and its groups.
pub(crate) struct Groups<'h> {
    haystack: &'h str,
    caps: regex_automata::util::captures::Captures,
}

impl<'h> Groups<'h> {
    /// Group `i` (0 is the whole match), if it took part in the match.
    pub(crate) fn get(&self, i: usize) -> Option<Found<'h>> {
        let span = self.caps.get_group(i)?;
        Some(Found::new(self.haystack, span.range()))
    }

    /// The group named `name`, if it took part in the match.
    pub(crate) fn name(&self, name: &str) -> Option<Found<'h>> {
        let span = self.caps.get_group_by_name(name)?;
        Some(Found::new(self.haystack, span.range()))
    }
}

impl<'h> std::ops::Index<usize> for Groups<'h> {
    type Output = str;

    /// The text of group `i`; panics when it did not take part, like `regex`'s.
    fn index(&self, i: usize) -> &str {
        self.get(i)
            .map(|m| m.as_str())
            .unwrap_or_else(|| panic!("no group at index '{i}'"))
    }
}

/// The settings `regex::Regex::new` builds with.
fn config() -> meta::Config {
    meta::Config::new()
        .nfa_size_limit(Some(10 * (1 << 20)))
        .hybrid_cache_capacity(2 * (1 << 20))
        .match_kind(MatchKind::LeftmostFirst)
        .utf8_empty(true)
}

/// Compiles a rule pattern (after [`rule_syntax`]) as `regex::Regex::new` would.
pub(crate) fn compile(pattern: &str) -> meta::Regex {
    meta::Builder::new()
        .configure(config())
        .syntax(syntax::Config::new().utf8(true))
        .build(pattern)
        .expect("valid rule pattern")
}

/// Compiles the ASCII restriction of a rule pattern (after [`rule_syntax`]; see
/// [`ascii_restriction`]).
pub(crate) fn compile_ascii(pattern: &str) -> meta::Regex {
    meta::Builder::new()
        .configure(config())
        .build_from_hir(&ascii_restriction(pattern))
        .expect("valid ASCII restriction")
}

/// The lazy DFA of a rule pattern (after [`rule_syntax`]), from a forward automaton
/// without groups: what [`Pat::is_match`] searches with.
pub(crate) fn dfa(pattern: &str) -> DFA {
    let nfa = thompson::Compiler::new()
        .configure(thompson_config())
        .syntax(syntax::Config::new().utf8(true))
        .build(pattern)
        .expect("valid rule pattern");
    dfa_from(nfa)
}

/// [`dfa()`] of the ASCII restriction.
pub(crate) fn dfa_ascii(pattern: &str) -> DFA {
    let nfa = thompson::Compiler::new()
        .configure(thompson_config())
        .build_from_hir(&ascii_restriction(pattern))
        .expect("valid ASCII restriction");
    dfa_from(nfa)
}

/// The automaton settings of [`dfa()`]: no groups, the size limit `regex::Regex` has.
fn thompson_config() -> thompson::Config {
    thompson::Config::new()
        .which_captures(WhichCaptures::None)
        .nfa_size_limit(Some(10 * (1 << 20)))
}

/// A lazy DFA with the cache `regex::Regex` gives its own, which never gives up: it
/// only could on a Unicode word boundary, and the patterns have none.
fn dfa_from(nfa: thompson::NFA) -> DFA {
    DFA::builder()
        .configure(DFA::config().cache_capacity(2 * (1 << 20)))
        .build_from_nfa(nfa)
        .expect("a lazy DFA of a rule pattern")
}

/// A rule pattern as it is compiled. Word boundaries are made ASCII-only: a Unicode
/// `\b` makes the fast lazy DFA give up on any non-ASCII text and fall back to a much
/// slower engine, and every boundary in these patterns sits next to an ASCII keyword
/// anyway.
pub(crate) fn rule_syntax(pattern: &str) -> String {
    pattern.replace(r"\b", r"(?-u:\b)")
}

/// The pattern restricted to ASCII text.
///
/// It is translated without Unicode: `\w`, `\d`, `\s`, `.`, negated classes and case
/// folding then cover ASCII (and bytes), Unicode classes are replaced by their ASCII
/// members beforehand, and characters that are not ASCII become bytes that never occur
/// in text. [`ascii_only`] then cuts what still reaches past ASCII. The structure is
/// kept, alternatives in the same order and the same groups, so on ASCII text it finds
/// exactly what the pattern finds: whatever was dropped could only match other text.
/// Translating the Unicode classes themselves is most of the cost of compiling the
/// pattern, and this skips it.
fn ascii_restriction(pattern: &str) -> Hir {
    let mut ast = ast::parse::Parser::new()
        .parse(pattern)
        .expect("valid rule pattern");
    ascii_ast(&mut ast, pattern);
    let hir = hir::translate::TranslatorBuilder::new()
        .unicode(false)
        .utf8(false)
        .build()
        .translate(pattern, &ast)
        .expect("valid ASCII restriction");
    ascii_only(&hir)
}

/// Rewrites what a translation without Unicode rejects: Unicode classes become
/// bracketed classes of their ASCII members, characters that are not ASCII in a
/// bracketed class become the byte `\xFF` (which no text has).
fn ascii_ast(ast: &mut Ast, pattern: &str) {
    match ast {
        Ast::ClassUnicode(class) => {
            let items = ascii_members(class, pattern);
            *ast = Ast::class_bracketed(ast::ClassBracketed {
                span: class.span,
                negated: false,
                kind: ClassSet::Item(items),
            });
        }
        Ast::ClassBracketed(class) => ascii_set(&mut class.kind, pattern),
        Ast::Repetition(rep) => ascii_ast(&mut rep.ast, pattern),
        Ast::Group(group) => ascii_ast(&mut group.ast, pattern),
        Ast::Alternation(alt) => alt.asts.iter_mut().for_each(|a| ascii_ast(a, pattern)),
        Ast::Concat(cat) => cat.asts.iter_mut().for_each(|a| ascii_ast(a, pattern)),
        Ast::Empty(_)
        | Ast::Flags(_)
        | Ast::Literal(_)
        | Ast::Dot(_)
        | Ast::Assertion(_)
        | Ast::ClassPerl(_) => {}
    }
}

/// [`ascii_ast`] for the inside of a bracketed class.
fn ascii_set(set: &mut ClassSet, pattern: &str) {
    match set {
        ClassSet::Item(item) => ascii_item(item, pattern),
        ClassSet::BinaryOp(op) => {
            ascii_set(&mut op.lhs, pattern);
            ascii_set(&mut op.rhs, pattern);
        }
    }
}

/// [`ascii_ast`] for one item of a bracketed class.
fn ascii_item(item: &mut ClassSetItem, pattern: &str) {
    match item {
        ClassSetItem::Unicode(class) => *item = ascii_members(class, pattern),
        ClassSetItem::Literal(lit) if !lit.c.is_ascii() => *lit = never(lit.span),
        ClassSetItem::Range(range) if !range.end.c.is_ascii() => {
            if range.start.c.is_ascii() {
                range.end.c = '\x7f';
            } else {
                *item = ClassSetItem::Literal(never(range.span));
            }
        }
        ClassSetItem::Bracketed(class) => ascii_set(&mut class.kind, pattern),
        ClassSetItem::Union(union) => union.items.iter_mut().for_each(|i| ascii_item(i, pattern)),
        _ => {}
    }
}

/// The byte `\xFF`, which no UTF-8 text has: what a character that is not ASCII in a
/// class becomes.
fn never(span: ast::Span) -> ast::Literal {
    ast::Literal {
        span,
        kind: ast::LiteralKind::HexFixed(ast::HexLiteralKind::X),
        c: '\u{ff}',
    }
}

/// The ASCII members of a Unicode class, as bracketed-class items.
///
/// Only the classes the rules use are known, and only un-negated: for them, case
/// folding commutes with the cut to ASCII (the case-folded class's ASCII members are
/// those of the case-folded ASCII members), so the translation's own case folding
/// gives the right class under `(?i)` too.
fn ascii_members(class: &ast::ClassUnicode, pattern: &str) -> ClassSetItem {
    let text = &pattern[class.span.start.offset..class.span.end.offset];
    let ranges: &[(char, char)] = match text {
        r"\p{Lu}" => &[('A', 'Z')],
        r"\p{Ll}" => &[('a', 'z')],
        r"\p{L}" => &[('A', 'Z'), ('a', 'z')],
        r"\p{M}" => &[],
        _ => panic!("the ASCII restriction does not know the class {text}"),
    };
    let lit = |c: char| ast::Literal {
        span: class.span,
        kind: ast::LiteralKind::Verbatim,
        c,
    };
    let mut items: Vec<ClassSetItem> = ranges
        .iter()
        .map(|&(start, end)| {
            ClassSetItem::Range(ast::ClassSetRange {
                span: class.span,
                start: lit(start),
                end: lit(end),
            })
        })
        .collect();
    if items.is_empty() {
        items.push(ClassSetItem::Literal(never(class.span)));
    }
    ClassSetItem::Union(ast::ClassSetUnion {
        span: class.span,
        items,
    })
}

/// The HIR cut down to ASCII: every class to its ASCII members, and every literal with
/// a byte that is not ASCII made one that never matches. The structure is kept.
fn ascii_only(hir: &Hir) -> Hir {
    match hir.kind() {
        HirKind::Empty => Hir::empty(),
        HirKind::Literal(hir::Literal(bytes)) if bytes.is_ascii() => Hir::literal(bytes.clone()),
        HirKind::Literal(_) => Hir::fail(),
        HirKind::Class(Class::Unicode(class)) => {
            let mut class = class.clone();
            class.intersect(&hir::ClassUnicode::new([hir::ClassUnicodeRange::new(
                '\0', '\x7f',
            )]));
            Hir::class(Class::Unicode(class))
        }
        HirKind::Class(Class::Bytes(class)) => {
            let mut class = class.clone();
            class.intersect(&hir::ClassBytes::new([hir::ClassBytesRange::new(0, 0x7f)]));
            Hir::class(Class::Bytes(class))
        }
        HirKind::Look(look) => Hir::look(*look),
        HirKind::Repetition(rep) => Hir::repetition(hir::Repetition {
            min: rep.min,
            max: rep.max,
            greedy: rep.greedy,
            sub: Box::new(ascii_only(&rep.sub)),
        }),
        HirKind::Capture(cap) => Hir::capture(hir::Capture {
            index: cap.index,
            name: cap.name.clone(),
            sub: Box::new(ascii_only(&cap.sub)),
        }),
        HirKind::Concat(subs) => Hir::concat(subs.iter().map(ascii_only).collect()),
        HirKind::Alternation(subs) => Hir::alternation(subs.iter().map(ascii_only).collect()),
    }
}
