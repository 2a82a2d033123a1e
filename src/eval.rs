//! Scoring against labelled gold data: how often the cleaner produces exactly the
//! expected text, and the precision and recall of its removals per category.
//!
//! A gold directory holds one `NAME.json` per case (other files, and JSON files that
//! are not shaped like a case, are skipped):
//!
//! ```json
//! {"input": "seeds/x.txt",
//!  "clean": "the exact text expected from `deboiler clean`\n",
//!  "removed": [{"category": "byline", "text": "Follow Kyle on Twitter @kyle", "accept": []}]}
//! ```
//!
//! `input` is resolved relative to the JSON file's own folder first, then to the gold
//! directory's parent. [`load`] (or [`load_cases`]) reads the cases, [`score`] runs a
//! cleaner over them, and [`EvalResult`] prints as a table or serializes to JSON.
//!
//! # How removals are scored
//!
//! Each gold removal is first placed on one occurrence of its text in the decoded
//! input: gold removals are taken in order, each on the first unused occurrence at or
//! after the end of the previous one (falling back to the first unused occurrence), so
//! a text that occurs twice is matched twice, once per gold entry.
//!
//! - A gold removal is *found* when a reported removal of its category, or of one of
//!   its `accept` categories, contains that occurrence. Recall of a category = found /
//!   gold removals of that category.
//! - A reported removal is *correct* when it contains the occurrence of at least one
//!   gold removal that accepts its category. Precision of a category = correct /
//!   reported removals of that category.
//!
//! # HTML cases
//!
//! A case whose input is an HTML page ([`GoldCase::is_html`]) is cleaned with
//! [`Cleaner::clean_html_bytes`], and its removals come in two kinds:
//!
//! - the extraction's DOM removals (`report.html.removed`), which have a text but no
//!   offsets. A DOM removal of an accepted category *covers* a gold removal when the
//!   gold text, whitespace collapsed and cut to its first 150 bytes, occurs in the
//!   removal's text (which the report cuts at 200 bytes). So label one gold removal per
//!   removed element, or per piece of it, in the words the page shows; a long element
//!   (a comment section) is matched by its start.
//! - the text rules' removals, whose spans index the *extracted* text
//!   ([`Cleaner::extract_html_bytes`]): gold removals are placed there as above.
//!
//! A gold removal is found when either kind covers it. Every DOM removal with text
//! counts as reported, so the gold lists the scripts, navigation, footers and other
//! pieces the extraction leaves out, each with its category; a DOM removal is correct
//! when it covers a gold removal.
//!
//! # External benchmarks
//!
//! [`mod@bench`] scores whole outputs against a benchmark's ground truth of article texts
//! (Scrapinghub's, WCXB's) with [`shingle`]'s metrics, as `deboiler eval --truth` does.

pub mod bench;
mod pycompat;
pub mod shingle;

use crate::decode::decode;
use crate::error::{io_message, Error};
use crate::{Category, Cleaner, Span};
use serde::{Deserialize, Serialize};
use std::fmt::{self, Write as _};
use std::fs;
use std::path::{Path, PathBuf};

/// One labelled removal of a gold case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoldRemoval {
    /// The category the removal belongs to.
    pub category: Category,
    /// The removed text, as it stands in the input.
    pub text: String,
    /// Other categories that also count as right for this removal.
    pub accept: Vec<Category>,
}

impl GoldRemoval {
    /// Whether a reported removal of category `c` counts for this one.
    pub fn accepts(&self, c: Category) -> bool {
        self.category == c || self.accept.contains(&c)
    }
}

/// One gold case: an input document and what cleaning it must give.
#[derive(Clone, Debug)]
pub struct GoldCase {
    /// The JSON file's path relative to the gold directory, without `.json`.
    pub name: String,
    /// The JSON file.
    pub json_path: PathBuf,
    /// The input document, resolved.
    pub input_path: PathBuf,
    /// The input document's bytes.
    pub input: Vec<u8>,
    /// The exact expected output of the default cleaner.
    pub clean: String,
    /// The labelled removals, in document order.
    pub removed: Vec<GoldRemoval>,
}

impl GoldCase {
    /// Whether the input is an HTML page: named `.html`, `.htm` or `.xhtml` (in any
    /// case), or looking like one ([`crate::html::looks_like_html`]), as `deboiler clean`
    /// judges its inputs.
    ///
    /// ```
    /// use deboiler::eval::GoldCase;
    /// let case = GoldCase {
    ///     name: "page".into(),
    ///     json_path: "page.json".into(),
    ///     input_path: "page.HTM".into(),
    ///     input: b"<p>A fragment</p>".to_vec(),
    ///     clean: "A fragment\n".into(),
    ///     removed: vec![],
    /// };
    /// assert!(case.is_html());
    /// ```
    pub fn is_html(&self) -> bool {
        crate::batch::is_html_name(&self.input_path) || crate::html::looks_like_html(&self.input)
    }

    /// Cleans the input as `deboiler clean` does by default: an HTML page with
    /// [`Cleaner::clean_html_bytes`], anything else as decoded text.
    pub fn clean(&self, cleaner: &Cleaner) -> crate::Cleaned {
        if self.is_html() {
            cleaner.clean_html_bytes(&self.input, None)
        } else {
            cleaner.clean_text(&decode(&self.input).text)
        }
    }
}

/// The cases of a gold directory, and the JSON files that were not cases.
#[derive(Clone, Debug)]
pub struct GoldSet {
    /// The gold directory as given.
    pub dir: PathBuf,
    /// The cases, sorted by path.
    pub cases: Vec<GoldCase>,
    /// JSON files that are not shaped like a case (reports, notes), sorted.
    pub skipped: Vec<PathBuf>,
}

/// Reads every case under `dir`, recursively; see the module docs for the format.
///
/// # Errors
///
/// [`Error::Config`] when `dir` is not a directory, holds no case, or a case is
/// malformed (unknown category, input not found); [`Error::Io`] when a file cannot be
/// read.
pub fn load(dir: &Path) -> Result<GoldSet, Error> {
    if !dir.is_dir() {
        return Err(Error::Config(format!(
            "gold directory {} not found; give --gold DIR with the NAME.json cases",
            dir.display()
        )));
    }
    let parent = dir
        .canonicalize()
        .ok()
        .and_then(|d| d.parent().map(Path::to_path_buf));
    let mut set = GoldSet {
        dir: dir.to_path_buf(),
        cases: Vec::new(),
        skipped: Vec::new(),
    };
    for entry in walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
    {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(dir).to_path_buf();
            match e.into_io_error() {
                Some(io) => Error::io("cannot read", &path, io, "check its permissions"),
                None => Error::Config(format!(
                    "{}: symbolic link loop; remove the link or the loop",
                    path.display()
                )),
            }
        })?;
        let path = entry.path();
        if !entry.file_type().is_file() || path.extension() != Some("json".as_ref()) {
            continue;
        }
        match load_case(dir, parent.as_deref(), path)? {
            Some(case) => set.cases.push(case),
            None => set.skipped.push(path.to_path_buf()),
        }
    }
    if set.cases.is_empty() {
        return Err(Error::Config(format!(
            "no gold cases under {}; a case is a NAME.json with \"input\", \"clean\" and \
             \"removed\", check the path",
            dir.display()
        )));
    }
    Ok(set)
}

/// Reads every case under `dir`: [`load`] without the list of skipped files.
///
/// # Errors
///
/// As for [`load`].
pub fn load_cases(dir: &Path) -> Result<Vec<GoldCase>, Error> {
    Ok(load(dir)?.cases)
}

#[derive(Deserialize)]
struct GoldFile {
    input: String,
    clean: String,
    removed: Vec<GoldFileRemoval>,
}

#[derive(Deserialize)]
struct GoldFileRemoval {
    category: String,
    text: String,
    #[serde(default)]
    accept: Vec<String>,
}

/// Reads one JSON file: `None` when it is not shaped like a case.
fn load_case(dir: &Path, parent: Option<&Path>, path: &Path) -> Result<Option<GoldCase>, Error> {
    let bytes =
        fs::read(path).map_err(|e| Error::io("cannot read", path, e, "check its permissions"))?;
    // Only a JSON object with all three keys is a case; anything else is someone
    // else's file (a report, a note) and is skipped rather than failing the run.
    let Ok(serde_json::Value::Object(map)) = serde_json::from_slice(&bytes) else {
        return Ok(None);
    };
    if !["input", "clean", "removed"]
        .iter()
        .all(|k| map.contains_key(*k))
    {
        return Ok(None);
    }
    let bad = |msg: String| {
        Error::Config(format!(
            "{}: not a valid gold case: {msg}; fix the file or move it out of the gold directory",
            path.display()
        ))
    };
    let file: GoldFile = serde_json::from_value(serde_json::Value::Object(map))
        .map_err(|e| bad(crate::error::lowercase_first(&e.to_string())))?;
    let category = |name: &str| {
        Category::from_name(name).ok_or_else(|| {
            let names: Vec<&str> = Category::ALL.iter().map(|c| c.name()).collect();
            bad(format!(
                "unknown category \"{name}\" (known: {})",
                names.join(", ")
            ))
        })
    };
    let mut removed = Vec::with_capacity(file.removed.len());
    for r in &file.removed {
        removed.push(GoldRemoval {
            category: category(&r.category)?,
            text: r.text.clone(),
            accept: r
                .accept
                .iter()
                .map(|a| category(a))
                .collect::<Result<_, _>>()?,
        });
    }

    let folder = path.parent().unwrap_or(Path::new("."));
    let rel = Path::new(&file.input);
    let candidates: Vec<PathBuf> = if rel.is_absolute() {
        vec![rel.to_path_buf()]
    } else {
        std::iter::once(folder.join(rel))
            .chain(parent.map(|p| p.join(rel)))
            .collect()
    };
    let Some(input_path) = candidates.iter().find(|p| p.is_file()).cloned() else {
        let tried: Vec<String> = candidates.iter().map(|p| p.display().to_string()).collect();
        return Err(bad(format!(
            "input \"{}\" not found (tried {})",
            file.input,
            tried.join(" and ")
        )));
    };
    let input = fs::read(&input_path).map_err(|e| {
        bad(format!(
            "cannot read input {}: {}",
            input_path.display(),
            io_message(&e)
        ))
    })?;
    let name = path.strip_prefix(dir).unwrap_or(path).with_extension("");
    let name = name
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/");
    Ok(Some(GoldCase {
        name,
        json_path: path.to_path_buf(),
        input_path,
        input,
        clean: file.clean,
        removed,
    }))
}

/// Counts and ratios for one category, or for all of them.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Score {
    /// The category's name, or `overall`.
    pub category: String,
    /// Gold removals of this category.
    pub gold: usize,
    /// Gold removals found.
    pub found: usize,
    /// Removals the cleaner reported in this category.
    pub reported: usize,
    /// Reported removals that cover a gold removal accepting this category.
    pub correct: usize,
    /// `correct / reported`; `None` when nothing was reported.
    pub precision: Option<f64>,
    /// `found / gold`; `None` when there is no gold removal.
    pub recall: Option<f64>,
}

impl Score {
    fn new(category: &str) -> Score {
        Score {
            category: category.to_string(),
            ..Score::default()
        }
    }

    fn add(&mut self, o: &Score) {
        self.gold += o.gold;
        self.found += o.found;
        self.reported += o.reported;
        self.correct += o.correct;
    }

    fn finish(&mut self) {
        let ratio = |a: usize, b: usize| (b > 0).then(|| a as f64 / b as f64);
        self.precision = ratio(self.correct, self.reported);
        self.recall = ratio(self.found, self.gold);
    }
}

/// A gold removal the cleaner did not find.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Missed {
    /// Its category.
    pub category: Category,
    /// Its text.
    pub text: String,
    /// Whether the text occurs in the input at all (if not, the gold file is wrong).
    pub in_input: bool,
}

/// A reported removal that covers no gold removal of its category.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Extra {
    /// Its category.
    pub category: Category,
    /// The rule that fired.
    pub rule: String,
    /// The removed text.
    pub text: String,
}

/// How one case went.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CaseResult {
    /// The case's name.
    pub name: String,
    /// Whether the output equals the expected clean text exactly.
    pub exact: bool,
    /// Gold removals.
    pub gold: usize,
    /// Gold removals found.
    pub found: usize,
    /// Removals reported.
    pub reported: usize,
    /// Reported removals that cover a gold removal.
    pub correct: usize,
    /// Gold removals not found.
    pub missed: Vec<Missed>,
    /// Reported removals that cover no gold removal.
    pub extra: Vec<Extra>,
    /// A short line diff when not exact: `@@ line N @@`, then `-expected` and `+got`
    /// lines.
    pub diff: Vec<String>,
}

/// The result of [`score`]: per case, per category and overall.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EvalResult {
    /// Number of cases.
    pub cases: usize,
    /// Cases whose output matched exactly.
    pub exact: usize,
    /// One row per category, in [`Category::ALL`] order.
    pub categories: Vec<Score>,
    /// All categories together.
    pub overall: Score,
    /// Each case.
    pub results: Vec<CaseResult>,
    /// JSON files under the gold directory that were not cases.
    pub skipped: Vec<String>,
}

/// Cleans every case with `cleaner` and scores the outputs and the removals.
///
/// ```
/// use deboiler::eval::{score, GoldCase, GoldRemoval};
/// use deboiler::{Category, Cleaner};
/// let case = GoldCase {
///     name: "tiny".into(),
///     json_path: "tiny.json".into(),
///     input_path: "tiny.txt".into(),
///     input: b"Body text.\n".to_vec(),
///     clean: "Body text.\n".into(),
///     removed: vec![],
/// };
/// let result = score(&[case], &Cleaner::new());
/// assert_eq!((result.cases, result.exact), (1, 1));
/// ```
pub fn score(cases: &[GoldCase], cleaner: &Cleaner) -> EvalResult {
    let mut per_cat: Vec<Score> = Category::ALL.iter().map(|c| Score::new(c.name())).collect();
    let mut results = Vec::with_capacity(cases.len());
    for case in cases {
        let m = if case.is_html() {
            match_html(case, cleaner)
        } else {
            match_text(case, cleaner)
        };
        let mut res = CaseResult {
            name: case.name.clone(),
            exact: m.text == case.clean,
            gold: case.removed.len(),
            found: 0,
            reported: m.reported.len(),
            correct: 0,
            missed: Vec::new(),
            extra: Vec::new(),
            diff: Vec::new(),
        };
        for (i, g) in case.removed.iter().enumerate() {
            let s = &mut per_cat[index(g.category)];
            s.gold += 1;
            if m.found[i] {
                s.found += 1;
                res.found += 1;
            } else {
                res.missed.push(Missed {
                    category: g.category,
                    text: g.text.clone(),
                    in_input: m.in_input[i],
                });
            }
        }
        for r in m.reported {
            let s = &mut per_cat[index(r.category)];
            s.reported += 1;
            if r.correct {
                s.correct += 1;
                res.correct += 1;
            } else {
                res.extra.push(Extra {
                    category: r.category,
                    rule: r.rule,
                    text: r.text,
                });
            }
        }
        if !res.exact {
            res.diff = line_diff(&case.clean, &m.text, 8);
        }
        results.push(res);
    }
    let mut overall = Score::new("overall");
    for s in &mut per_cat {
        s.finish();
        overall.add(s);
    }
    overall.finish();
    EvalResult {
        cases: results.len(),
        exact: results.iter().filter(|r| r.exact).count(),
        categories: per_cat,
        overall,
        results,
        skipped: Vec::new(),
    }
}

/// What cleaning one case gave, matched against its gold removals.
struct Matched {
    /// The cleaned text.
    text: String,
    /// Per gold removal: whether a reported removal covers it.
    found: Vec<bool>,
    /// Per gold removal: whether its text occurs in the input at all.
    in_input: Vec<bool>,
    /// The reported removals, in report order.
    reported: Vec<Reported>,
}

/// One reported removal and whether it covers a gold removal that accepts its category.
struct Reported {
    category: Category,
    rule: String,
    text: String,
    correct: bool,
}

/// Scores a text case: gold removals placed in the decoded input, covered by the
/// spans of the reported removals (see the module docs).
fn match_text(case: &GoldCase, cleaner: &Cleaner) -> Matched {
    let source = decode(&case.input).text;
    let out = cleaner.clean_text(&source);
    let places = place(&source, &case.removed);
    let covers = |r: &crate::Removal, i: usize| {
        places[i].is_some_and(|p| r.span.contains(p)) && case.removed[i].accepts(r.category)
    };
    let gold = 0..case.removed.len();
    Matched {
        found: gold
            .clone()
            .map(|i| out.report.removed.iter().any(|r| covers(r, i)))
            .collect(),
        in_input: places.iter().map(Option::is_some).collect(),
        reported: out
            .report
            .removed
            .iter()
            .map(|r| Reported {
                category: r.category,
                rule: r.rule.to_string(),
                text: r.text.clone(),
                correct: gold.clone().any(|i| covers(r, i)),
            })
            .collect(),
        text: out.text,
    }
}

/// Longest prefix of a gold text looked for in a DOM removal's text, which the report
/// cuts at 200 bytes.
const DOM_NEEDLE: usize = 150;

/// Scores an HTML case (see the module docs): gold removals are covered by the
/// extraction's DOM removals, by text, and by the text rules' removals, by span in
/// the extracted text.
fn match_html(case: &GoldCase, cleaner: &Cleaner) -> Matched {
    let out = cleaner.clean_html_bytes(&case.input, None);
    let extracted = cleaner.extract_html_bytes(&case.input, None);
    let places = place(&extracted, &case.removed);
    let needles: Vec<String> = case.removed.iter().map(|g| dom_needle(&g.text)).collect();
    let dom: &[crate::html::DomRemoval] = out.report.html.as_ref().map_or(&[], |h| &h.removed);
    let dom_covers = |d: &crate::html::DomRemoval, i: usize| {
        !needles[i].is_empty()
            && d.text.contains(needles[i].as_str())
            && case.removed[i].accepts(d.category)
    };
    let text_covers = |r: &crate::Removal, i: usize| {
        places[i].is_some_and(|p| r.span.contains(p)) && case.removed[i].accepts(r.category)
    };
    let gold = 0..case.removed.len();
    let found = gold
        .clone()
        .map(|i| {
            dom.iter().any(|d| dom_covers(d, i))
                || out.report.removed.iter().any(|r| text_covers(r, i))
        })
        .collect();

    // Whether the text is on the page at all: in the extracted text, in what the
    // extraction left out, or in the page's whole text (nothing taken out).
    let page = decode(&case.input).text;
    let whole = crate::html::extract(
        &page,
        &crate::html::Options {
            categories: crate::CategorySet::none(),
            headline: false,
            details: false,
        },
    )
    .text;
    let whole = collapse(&whole);
    let in_input = gold
        .clone()
        .map(|i| {
            places[i].is_some()
                || (!needles[i].is_empty()
                    && (whole.contains(needles[i].as_str())
                        || dom.iter().any(|d| d.text.contains(needles[i].as_str()))))
        })
        .collect();

    let mut reported: Vec<Reported> = dom
        .iter()
        .filter(|d| !d.text.is_empty())
        .map(|d| Reported {
            category: d.category,
            rule: d.rule.clone(),
            text: d.text.clone(),
            correct: gold.clone().any(|i| dom_covers(d, i)),
        })
        .collect();
    reported.extend(out.report.removed.iter().map(|r| Reported {
        category: r.category,
        rule: r.rule.to_string(),
        text: r.text.clone(),
        correct: gold.clone().any(|i| text_covers(r, i)),
    }));
    Matched {
        text: out.text,
        found,
        in_input,
        reported,
    }
}

/// Whitespace runs as one space, no space at either end: how DOM removal texts are
/// written.
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What is looked for in a DOM removal's text for a gold text: the text collapsed,
/// cut to its first [`DOM_NEEDLE`] bytes (at a character boundary).
fn dom_needle(text: &str) -> String {
    let mut s = collapse(text);
    if s.len() > DOM_NEEDLE {
        let mut at = DOM_NEEDLE;
        while !s.is_char_boundary(at) {
            at -= 1;
        }
        s.truncate(at);
    }
    s
}

/// Loads the cases under `dir` and scores them: [`load`] then [`score`], with the
/// skipped files recorded in the result.
///
/// # Errors
///
/// As for [`load`].
pub fn run(dir: &Path, cleaner: &Cleaner) -> Result<EvalResult, Error> {
    let set = load(dir)?;
    let mut result = score(&set.cases, cleaner);
    result.skipped = set
        .skipped
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    Ok(result)
}

/// The position of `c` in [`Category::ALL`].
fn index(c: Category) -> usize {
    Category::ALL.iter().position(|&x| x == c).unwrap_or(0)
}

/// Places each gold removal on one occurrence of its text (see the module docs).
fn place(source: &str, gold: &[GoldRemoval]) -> Vec<Option<Span>> {
    let mut used: Vec<Span> = Vec::new();
    let mut cursor = 0;
    let mut places = Vec::with_capacity(gold.len());
    for g in gold {
        if g.text.is_empty() {
            places.push(None);
            continue;
        }
        let occurrences: Vec<Span> = source
            .match_indices(g.text.as_str())
            .map(|(at, t)| Span::new(at, at + t.len()))
            .filter(|s| !used.contains(s))
            .collect();
        let pick = occurrences
            .iter()
            .find(|s| s.start >= cursor)
            .or(occurrences.first())
            .copied();
        if let Some(s) = pick {
            used.push(s);
            cursor = cursor.max(s.end);
        }
        places.push(pick);
    }
    places
}

/// A short diff of two texts by lines: at most `max` changed lines, each `-expected` or
/// `+got`, after a `@@ line N @@` header giving the first differing line (1-based).
pub fn line_diff(expected: &str, got: &str, max: usize) -> Vec<String> {
    let a: Vec<&str> = expected.lines().collect();
    let b: Vec<&str> = got.lines().collect();
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (a_mid, b_mid) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    if a_mid.is_empty() && b_mid.is_empty() {
        return vec!["texts differ only in line endings or the final newline".to_string()];
    }
    let mut changed = Vec::new();
    for (sign, line) in diff_middle(a_mid, b_mid) {
        changed.push(format!("{sign}{}", show_line(line)));
    }
    let mut out = vec![format!("@@ line {} @@", prefix + 1)];
    let more = changed.len().saturating_sub(max);
    out.extend(changed.into_iter().take(max));
    if more > 0 {
        out.push(format!("... {more} more changed lines"));
    }
    out
}

/// The changed lines between two line lists that differ at both ends: an LCS diff when
/// small, otherwise everything removed then everything added.
fn diff_middle<'a>(a: &[&'a str], b: &[&'a str]) -> Vec<(char, &'a str)> {
    if a.len().saturating_mul(b.len()) > 1_000_000 {
        let minus = a.iter().map(|l| ('-', *l));
        return minus.chain(b.iter().map(|l| ('+', *l))).collect();
    }
    // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..].
    let mut lcs = vec![vec![0u32; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            i += 1;
            j += 1;
        } else if j == b.len() || (i < a.len() && lcs[i + 1][j] >= lcs[i][j + 1]) {
            out.push(('-', a[i]));
            i += 1;
        } else {
            out.push(('+', b[j]));
            j += 1;
        }
    }
    out
}

/// A line for display: shortened to 100 characters, with invisible and unusual spaces
/// spelled out (`\u{a0}`) so that a difference in them can be seen.
fn show_line(line: &str) -> String {
    const MAX: usize = 100;
    let mut out = String::new();
    for (n, c) in line.chars().enumerate() {
        if n == MAX {
            out.push_str(" ...");
            break;
        }
        if c == '\t' || (c.is_whitespace() && c != ' ') || c.is_control() || is_invisible(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    out
}

fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{2060}' | '\u{feff}'
    )
}

/// `0.750`, or `-` when undefined.
fn ratio(r: Option<f64>) -> String {
    r.map_or_else(|| "-".to_string(), |v| format!("{v:.3}"))
}

/// A text shortened to `max` characters for a table cell, on one line.
fn short(text: &str, max: usize) -> String {
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= max {
        return one_line;
    }
    let cut: String = one_line.chars().take(max).collect();
    format!("{cut}...")
}

impl fmt::Display for EvalResult {
    /// The readable report of `deboiler eval`: counts, a table per case, a table per
    /// category, then the differences of the cases that did not match.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = |n: usize| if n == 1 { "" } else { "s" };
        writeln!(
            f,
            "{} case{}, {} exact, {} differ",
            self.cases,
            s(self.cases),
            self.exact,
            self.cases - self.exact
        )?;
        if !self.skipped.is_empty() {
            let n = self.skipped.len();
            writeln!(f, "skipped {n} JSON file{} that are not gold cases", s(n))?;
        }
        let w = self
            .results
            .iter()
            .map(|r| r.name.chars().count())
            .chain([8])
            .max()
            .unwrap_or(8);
        writeln!(f)?;
        writeln!(f, "{:<w$}  exact  gold  found  reported  correct", "case")?;
        for r in &self.results {
            writeln!(
                f,
                "{:<w$}  {:<5}  {:>4}  {:>5}  {:>8}  {:>7}",
                r.name,
                if r.exact { "yes" } else { "no" },
                r.gold,
                r.found,
                r.reported,
                r.correct
            )?;
        }
        writeln!(f)?;
        writeln!(
            f,
            "{:<14}  gold  found  recall  reported  correct  precision",
            "category"
        )?;
        for s in self.categories.iter().chain([&self.overall]) {
            writeln!(
                f,
                "{:<14}  {:>4}  {:>5}  {:>6}  {:>8}  {:>7}  {:>9}",
                s.category,
                s.gold,
                s.found,
                ratio(s.recall),
                s.reported,
                s.correct,
                ratio(s.precision)
            )?;
        }
        for r in &self.results {
            if r.exact && r.missed.is_empty() && r.extra.is_empty() {
                continue;
            }
            writeln!(f)?;
            writeln!(f, "{}:", r.name)?;
            for line in &r.diff {
                writeln!(f, "  {line}")?;
            }
            for m in &r.missed {
                let note = if m.in_input {
                    ""
                } else {
                    " (not in the input!)"
                };
                writeln!(f, "  missed {}: {}{note}", m.category, short(&m.text, 70))?;
            }
            for x in &r.extra {
                writeln!(
                    f,
                    "  extra  {} ({}): {}",
                    x.category,
                    x.rule,
                    short(&x.text, 60)
                )?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(category: Category, text: &str) -> GoldRemoval {
        GoldRemoval {
            category,
            text: text.to_string(),
            accept: Vec::new(),
        }
    }

    #[test]
    fn repeated_texts_take_successive_occurrences() {
        let src = "Logo (photo: X)\nLogo\n(photo: X)\nbody\n";
        let gold = [
            g(Category::PhotoCredit, "Logo (photo: X)"),
            g(Category::PhotoCredit, "Logo"),
            g(Category::PhotoCredit, "(photo: X)"),
        ];
        let p = place(src, &gold);
        assert_eq!(p[0], Some(Span::new(0, 15)));
        assert_eq!(p[1], Some(Span::new(16, 20)));
        assert_eq!(p[2], Some(Span::new(21, 31)));
    }

    #[test]
    fn gold_out_of_order_falls_back_to_an_unused_occurrence() {
        let src = "a b a";
        let p = place(src, &[g(Category::Byline, "b"), g(Category::Byline, "a")]);
        assert_eq!(p, [Some(Span::new(2, 3)), Some(Span::new(4, 5))]);
        let p = place(
            src,
            &[
                g(Category::Byline, "b"),
                g(Category::Byline, "a"),
                g(Category::Byline, "a"),
            ],
        );
        assert_eq!(p[2], Some(Span::new(0, 1)));
        assert_eq!(place(src, &[g(Category::Byline, "zz")]), [None]);
    }

    fn html_case(page: &str, clean: &str, removed: Vec<GoldRemoval>) -> GoldCase {
        GoldCase {
            name: "page".into(),
            json_path: "page.json".into(),
            input_path: "page.html".into(),
            input: page.as_bytes().to_vec(),
            clean: clean.into(),
            removed,
        }
    }

    #[test]
    fn html_cases_match_dom_removals_by_text_and_text_removals_by_span() {
        let long = "Reader comment number one. ".repeat(10);
        let page = format!(
            "<html><body><nav><a href=\"/\">Home</a> <a href=\"/news\">News</a></nav>\
             <article><h1>Dam inspection finds no cracks</h1>\
             <p>Engineers finished the yearly inspection of the Hollow Creek dam on Friday \
             and found no new cracks in its concrete face, the water board said.</p>\
             <p>Follow Ana Ruiz on Twitter @anaruiz</p>\
             <p>The reservoir will be refilled over the coming weeks as the spring rain \
             arrives, and the footpath across the crest reopens on Monday.</p></article>\
             <div class=\"comments\"><p>{long}</p></div>\
             <footer>Contact us</footer></body></html>"
        );
        let clean = "Dam inspection finds no cracks\n\nEngineers finished the yearly inspection \
                     of the Hollow Creek dam on Friday and found no new cracks in its concrete \
                     face, the water board said.\n\nThe reservoir will be refilled over the \
                     coming weeks as the spring rain arrives, and the footpath across the crest \
                     reopens on Monday.\n";
        let gold = vec![
            g(Category::PageChrome, "Home\n  News"),
            g(Category::Byline, "Follow Ana Ruiz on Twitter @anaruiz"),
            g(Category::PageChrome, &long),
            g(Category::Byline, "Contact us"),
        ];
        let case = html_case(&page, clean, gold);
        assert!(case.is_html());
        let r = &score(&[case], &Cleaner::new()).results[0];
        assert!(r.exact, "{:?}", r.diff);
        // The footer is a DOM removal of another category: missed, and reported extra.
        assert_eq!((r.gold, r.found, r.reported, r.correct), (4, 3, 4, 3));
        assert_eq!(r.missed[0].text, "Contact us");
        assert!(r.missed[0].in_input);
        assert_eq!(r.extra[0].rule, "page_chrome/html-header-footer");
    }

    #[test]
    fn html_gold_not_on_the_page_is_flagged() {
        let page = "<html><body><p>Short text.</p></body></html>";
        let case = html_case(page, "", vec![g(Category::Byline, "By Nobody")]);
        let r = &score(&[case], &Cleaner::new()).results[0];
        assert!(!r.missed[0].in_input);
    }

    #[test]
    fn diff_shows_changed_lines_only() {
        let d = line_diff("a\nb\nc\nd\n", "a\nB\nc\nd\nE\n", 8);
        assert_eq!(d, ["@@ line 2 @@", "-b", "+B", "+E"]);
        let d = line_diff("a\n", "a", 8);
        assert_eq!(d.len(), 1);
        assert!(d[0].contains("final newline"));
        let d = line_diff("x\u{a0}y\n", "x y\n", 8);
        assert_eq!(d, ["@@ line 1 @@", "-x\\u{a0}y", "+x y"]);
        let many: String = (0..20).map(|i| format!("{i}\n")).collect();
        let d = line_diff(&many, "", 4);
        assert_eq!(d.len(), 6);
        assert_eq!(d[5], "... 16 more changed lines");
    }
}
