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

mod ad_script;
mod byline;
mod license_footer;
mod page_chrome;
mod photo_credit;
mod related_stub;

use crate::segment::{Doc, Line};
use crate::{Category, CategorySet, Span};
use std::collections::BTreeMap;

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
    // Accepted proposals by start offset; they never overlap, so a new span can only
    // collide with its nearest neighbours on either side.
    let mut accepted: BTreeMap<usize, Proposal> = BTreeMap::new();
    let mut batch = Vec::new();
    for cat in cats.iter() {
        batch.clear();
        match cat {
            Category::AdScript => ad_script::propose(doc, &mut batch),
            Category::Byline => byline::propose(doc, &mut batch),
            Category::LicenseFooter => license_footer::propose(doc, &mut batch),
            Category::PhotoCredit => photo_credit::propose(doc, &mut batch),
            Category::RelatedStub => related_stub::propose(doc, &mut batch),
            Category::PageChrome => page_chrome::propose(doc, &mut batch),
        }
        for p in batch.drain(..) {
            let before = accepted.range(..=p.span.start).next_back();
            let after = accepted.range(p.span.start..).next();
            let clash = before
                .into_iter()
                .chain(after)
                .any(|(_, a)| a.span.overlaps(p.span));
            if !p.span.is_empty() && !clash {
                accepted.insert(p.span.start, p);
            }
        }
    }
    accepted.into_values().collect()
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

/// Compiles a pattern once, on first use, and gives each thread its own clone of it.
///
/// A `regex::Regex` shared by threads hands the first thread that searches with it a
/// fast, lock-free scratch space and makes every other thread take a slower, locked
/// path for each search. The patterns are searched millions of times per corpus, so
/// each thread gets its own clone: the compiled program is shared, only the scratch
/// space is per thread.
macro_rules! re {
    ($pat:expr) => {{
        static RE: std::sync::LazyLock<$crate::rules::Compiled> =
            std::sync::LazyLock::new(|| $crate::rules::Compiled::new(&$pat));
        thread_local! {
            static LOCAL: regex::Regex = regex::Regex::clone(&RE.regex);
        }
        static PAT: $crate::rules::Pat = $crate::rules::Pat {
            compiled: &RE,
            local: &LOCAL,
        };
        &PAT
    }};
}
pub(crate) use re;

/// A compiled rule pattern, and the bytes a match can start with when the pattern is
/// anchored at the start of the text.
pub(crate) struct Compiled {
    /// The pattern.
    pub(crate) regex: regex::Regex,
    /// For a pattern anchored with `^`: whether a match can start with each byte.
    first: Option<Box<[bool; 256]>>,
}

impl Compiled {
    /// Compiles a rule pattern (see [`rule_syntax`]).
    pub(crate) fn new(pattern: &str) -> Compiled {
        let pattern = rule_syntax(pattern);
        Compiled {
            regex: regex::Regex::new(&pattern).expect("valid rule pattern"),
            first: first_bytes(&pattern),
        }
    }

    /// Whether a match could start at the beginning of `haystack`: false only for an
    /// anchored pattern whose lazy DFA dies on the haystack's first byte. Most rules are
    /// anchored whole-line shapes, and most lines fail them on the first byte; this
    /// answers that without the cost of a search call.
    #[inline]
    fn may_match(&self, haystack: &str) -> bool {
        match (&self.first, haystack.as_bytes().first()) {
            (Some(first), Some(&b)) => first[usize::from(b)],
            _ => true,
        }
    }
}

/// For a pattern anchored at the start of the text, whether a match can begin with each
/// byte: the transitions out of its lazy DFA's anchored start state that do not lead to
/// the dead state. `None` for an unanchored pattern, or one the DFA cannot build.
fn first_bytes(pattern: &str) -> Option<Box<[bool; 256]>> {
    use regex_automata::hybrid::dfa::DFA;
    use regex_automata::util::start;
    use regex_automata::Anchored;
    let dfa = DFA::new(pattern).ok()?;
    if !dfa.get_nfa().is_always_start_anchored() {
        return None;
    }
    let mut cache = dfa.create_cache();
    let config = start::Config::new().anchored(Anchored::Yes);
    let start = dfa.start_state(&mut cache, &config).ok()?;
    let mut first = Box::new([true; 256]);
    for b in 0..=255u8 {
        // A cache error or a quit state keeps the byte: the gate must never reject a
        // haystack the pattern could match.
        if let Ok(next) = dfa.next_state(&mut cache, start, b) {
            first[usize::from(b)] = !next.is_dead();
        }
    }
    Some(first)
}

/// A rule pattern made by [`re!`]: searches use the calling thread's clone of it.
pub(crate) struct Pat {
    /// The shared pattern and its first-byte gate.
    pub(crate) compiled: &'static std::sync::LazyLock<Compiled>,
    /// This thread's clone of the pattern.
    pub(crate) local: &'static std::thread::LocalKey<regex::Regex>,
}

impl Pat {
    /// Runs `f` with this thread's clone of the pattern.
    pub(crate) fn with<R>(&self, f: impl FnOnce(&regex::Regex) -> R) -> R {
        self.local.with(f)
    }

    /// [`regex::Regex::is_match`].
    pub(crate) fn is_match(&self, haystack: &str) -> bool {
        self.compiled.may_match(haystack) && self.with(|re| re.is_match(haystack))
    }

    /// [`regex::Regex::find`].
    pub(crate) fn find<'h>(&self, haystack: &'h str) -> Option<regex::Match<'h>> {
        if !self.compiled.may_match(haystack) {
            return None;
        }
        self.with(|re| re.find(haystack))
    }

    /// [`regex::Regex::find_at`].
    pub(crate) fn find_at<'h>(&self, haystack: &'h str, start: usize) -> Option<regex::Match<'h>> {
        self.with(|re| re.find_at(haystack, start))
    }

    /// [`regex::Regex::captures`].
    pub(crate) fn captures<'h>(&self, haystack: &'h str) -> Option<regex::Captures<'h>> {
        if !self.compiled.may_match(haystack) {
            return None;
        }
        self.with(|re| re.captures(haystack))
    }

    /// [`regex::Regex::replace`] with a literal replacement.
    pub(crate) fn replace<'h>(&self, haystack: &'h str, rep: &str) -> std::borrow::Cow<'h, str> {
        self.with(|re| re.replace(haystack, regex::NoExpand(rep)))
    }
}

/// Whether `v` starts with one of `prefixes` (lower-case ASCII, each starting with a
/// letter) ignoring ASCII case: a cheap necessary condition for a case-insensitive
/// pattern anchored at the start of the line with one of these literals, checked before
/// running the pattern.
///
/// Unicode case folding also matches "\u{17F}" (long s) to "s" and "\u{212A}" (Kelvin
/// sign) to "k", so a start that is not ASCII always passes.
pub(crate) fn starts_ci(v: &str, prefixes: &[&str]) -> bool {
    let b = v.as_bytes();
    let Some(&first) = b.first() else {
        return false;
    };
    if !first.is_ascii() {
        return true;
    }
    let first = first.to_ascii_lowercase();
    prefixes.iter().any(|p| {
        let p = p.as_bytes();
        let head = &b[..p.len().min(b.len())];
        p[0] == first && (head.eq_ignore_ascii_case(p) || !head.is_ascii())
    })
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

/// An Aho-Corasick searcher over these words, built once on first use.
macro_rules! needles {
    ($($word:expr),+ $(,)?) => {{
        static AC: std::sync::LazyLock<aho_corasick::AhoCorasick> =
            std::sync::LazyLock::new(|| {
                aho_corasick::AhoCorasick::new([$($word),+]).expect("valid needles")
            });
        &*AC
    }};
}
pub(crate) use needles;

/// Compiles a rule pattern as [`re!`] does, for tests.
#[cfg(test)]
pub(crate) fn compile(pattern: &str) -> regex::Regex {
    regex::Regex::new(&rule_syntax(pattern)).expect("valid rule pattern")
}

/// A rule pattern as it is compiled. Word boundaries are made ASCII-only: a Unicode
/// `\b` makes the fast lazy DFA give up on any non-ASCII text and fall back to a much
/// slower engine, and every boundary in these patterns sits next to an ASCII keyword
/// anyway.
fn rule_syntax(pattern: &str) -> String {
    pattern.replace(r"\b", r"(?-u:\b)")
}

/// One word of a personal name: "Jane", "O'Neil", "Jean-Luc", "DOE", "J." or "J.R.".
const NAME_WORD: &str = r"(?:\p{Lu}[\p{Ll}\p{Lu}\p{M}'\-]*\.?|(?:\p{Lu}\.){1,3})";
/// Lower-case particles inside names ("Ursula von der Leyen", "Luiz da Silva").
const PARTICLE: &str =
    r"(?:de|da|del|della|di|van|von|der|den|la|le|du|dos|das|bin|ibn|al|el|ter|ten|y)";

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
    let Some(&last) = v.as_bytes().last() else {
        return false;
    };
    LAST.iter()
        .any(|w| w.as_bytes()[w.len() - 1] == last && v.ends_with(w))
}

/// Whether the line opens with a word that does not start a name ("From Jane Doe,
/// chief …", "With Jane Doe"): such lines are attributions or headings, not credits.
fn starts_with_function_word(v: &str) -> bool {
    const OTHERS: &[&str] = &[
        "from", "meet", "ask", "dear", "about", "why", "how", "what", "when", "where", "who",
    ];
    let first = v.split([' ', ',']).next().unwrap_or("");
    if first.is_ascii() {
        // No allocation for the common case; lower-casing ASCII stays ASCII.
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
    let t = view.trim_end_matches(['"', '\'', ')']);
    t.ends_with(['.', '!', '?'])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The gates pass whatever the patterns they guard could match.
    #[test]
    fn gates_are_necessary_conditions() {
        let by = compile(r"^(?i:by|written by)\s");
        for v in ["By Jane", "WRITTEN BY Jane", "\u{17F}tory by Jane", "bY x"] {
            assert!(starts_ci(v, &["by", "written by", "story by"]), "{v}");
        }
        assert!(by.is_match("WRITTEN BY Jane"));
        assert!(compile(r"^(?i:story by)").is_match("\u{17F}tory by Jane"));
        for v in ["The end", "", "Bye", "Written"] {
            assert!(!starts_ci(v, &["by ", "written by"]), "{v}");
        }
        for v in ["a. b. c", "a.b", ". ", "no period", "end.", "x. \u{e9}. y"] {
            assert_eq!(rfind_period_space(v), v.rfind(". "), "{v}");
        }
    }

    /// The first-byte gate of an anchored pattern rejects only what it cannot match.
    #[test]
    fn first_byte_gate() {
        let c = Compiled::new(r"^(?i:by|story)\b");
        assert!(c.first.is_some());
        for v in ["By x", "by", "STORY", "\u{17F}tory", "Bx"] {
            assert!(c.may_match(v), "{v}");
        }
        for v in ["The", "(by)", "\u{e9}", " by"] {
            assert!(!c.may_match(v) && !c.regex.is_match(v), "{v}");
        }
        assert!(c.may_match(""));
        assert!(Compiled::new(r"(?i)all rights").first.is_none());
        assert!(Compiled::new(r"(?:^|\. )x").first.is_none());
    }

    /// Every literal alternative of NEWS_ORG, and the optional forms, pass the gate.
    #[test]
    fn news_org_gate_covers_every_alternative() {
        let inner = &NEWS_ORG[3..NEWS_ORG.len() - 1];
        let mut depth = 0;
        let mut start = 0;
        let mut alts = Vec::new();
        for (i, c) in inner.char_indices() {
            match c {
                '(' => depth += 1,
                ')' => depth -= 1,
                '|' if depth == 0 => {
                    alts.push(&inner[start..i]);
                    start = i + 1;
                }
                _ => {}
            }
        }
        alts.push(&inner[start..]);
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
