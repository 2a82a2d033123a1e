//! Scoring against external article-extraction benchmarks: a ground truth of article
//! texts per page, and one output per page, either read from a folder or made here by
//! cleaning the page's input (`deboiler eval --truth T --pred DIR | --input DIR`).
//!
//! The figures are the ones the shared `score.py` prints, computed the same way to the
//! last printed digit: Scrapinghub's 4-gram shingle F1, precision and recall
//! ([`super::shingle`]), exact-match accuracy, WCXB's word F1, precision and recall,
//! WCXB's snippet rates, and the leak rate of injected scripts.
//!
//! # Truth
//!
//! [`Truth::load`] takes either
//! - a JSON file `{id: {"articleBody": text, ...}}` (Scrapinghub's `ground-truth.json`;
//!   a bare `{id: text}`, or `main_content` / `text` in place of `articleBody`, also
//!   work, and so does the `{"version": ..., "output": {...}}` wrapper), or
//! - a WCXB folder of `<id>.json` files (or the folder holding it as `ground-truth/`),
//!   each with the page's text in `ground_truth.main_content` and its snippets in
//!   `ground_truth.with` (article text that must be kept) and `ground_truth.without`
//!   (boilerplate that must go).
//!
//! # Outputs
//!
//! [`Predictions::load`] reads a folder of `<id>.txt` files (or a JSON file shaped like
//! the truth). [`Predictions::clean_dir`] instead cleans each input of a folder, in
//! parallel, turning each file into text with [`input_text`]. A truth page without an
//! output is scored as an empty output; an output without a truth page is ignored.
//!
//! # Example
//!
//! ```
//! use deboiler::eval::bench::{score, Options, Predictions, Truth, TruthKind, TruthPage};
//! let truth = Truth {
//!     kind: TruthKind::Json,
//!     path: "truth.json".into(),
//!     pages: vec![TruthPage {
//!         id: "a".into(),
//!         text: "The council voted on Tuesday to close the bridge.".into(),
//!         snippets: None,
//!     }],
//! };
//! let mut pred = Predictions::default();
//! pred.texts.insert("a".into(), "the council voted on Tuesday to close the bridge".into());
//! let result = score(&truth, &pred, None, &Options::default());
//! // "The" -> "the" changes the first of the 6 shingles; the word bags are equal.
//! assert!((result.shingle.precision - 5.0 / 6.0).abs() < 1e-12);
//! assert_eq!(result.summary().word_f1, 1.0);
//! ```

use super::pycompat::{self, Mt19937};
use super::shingle::{self, PageCounts, ShingleScore, Shingles, SHINGLE};
use crate::batch::Failure;
use crate::decode::Encoding;
use crate::error::{io_message, lowercase_first, Error};
use crate::Cleaner;
use rayon::prelude::*;
use serde::Serialize;
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Which kind of ground truth was read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TruthKind {
    /// One JSON file mapping ids to texts (Scrapinghub's `ground-truth.json`).
    Json,
    /// A WCXB folder of `<id>.json` files, with snippets.
    Wcxb,
}

/// A WCXB page's snippets: short texts that a good output contains (`with`) or must
/// not contain (`without`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Snippets {
    /// Pieces of the article.
    pub with: Vec<String>,
    /// Pieces of boilerplate.
    pub without: Vec<String>,
}

/// One page of the ground truth.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TruthPage {
    /// The page id: the JSON key, or the WCXB file name without `.json`.
    pub id: String,
    /// The article text.
    pub text: String,
    /// The WCXB snippets; `None` for a JSON truth.
    pub snippets: Option<Snippets>,
}

/// A ground truth: the article text of each page, sorted by id.
#[derive(Clone, Debug)]
pub struct Truth {
    /// Its kind.
    pub kind: TruthKind,
    /// The file or folder as given (a WCXB folder may be the one holding
    /// `ground-truth/`).
    pub path: PathBuf,
    /// The pages, sorted by id.
    pub pages: Vec<TruthPage>,
}

impl Truth {
    /// Reads a ground truth: a WCXB folder when `path` is a directory, else a JSON file
    /// (see the module docs). WCXB files without a `ground_truth` object are skipped,
    /// as `score.py` skips them.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] naming the file when `path` does not exist, a file is not
    /// JSON of the expected shape, or there is no page; [`Error::Io`] when a file cannot
    /// be read.
    pub fn load(path: &Path) -> Result<Truth, Error> {
        if path.is_dir() {
            return load_wcxb(path);
        }
        if !path.exists() {
            return Err(Error::Config(format!(
                "truth {} not found; give --truth the ground-truth JSON file or the WCXB \
                 ground-truth folder",
                path.display()
            )));
        }
        let value = read_json(path, "truth file")?;
        // One WCXB page given as the truth would otherwise be read as pages named
        // "url", "ground_truth", ...
        if value.get("ground_truth").is_some_and(Value::is_object) {
            return Err(Error::Config(format!(
                "{}: this is one WCXB page, not a ground truth; give --truth its folder",
                path.display()
            )));
        }
        let mut pages: Vec<TruthPage> = id_texts(path, value)?
            .into_iter()
            .map(|(id, text)| TruthPage {
                id,
                text,
                snippets: None,
            })
            .collect();
        if pages.is_empty() {
            return Err(Error::Config(format!(
                "{}: no pages in the ground truth; give a JSON object {{id: {{\"articleBody\": \
                 text}}}}",
                path.display()
            )));
        }
        pages.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(Truth {
            kind: TruthKind::Json,
            path: path.to_path_buf(),
            pages,
        })
    }

    /// Whether every page has snippets (a WCXB truth), so that snippet rates are
    /// reported.
    pub fn has_snippets(&self) -> bool {
        self.pages.iter().all(|p| p.snippets.is_some())
    }
}

fn load_wcxb(path: &Path) -> Result<Truth, Error> {
    let sub = path.join("ground-truth");
    let folder = if sub.is_dir() {
        sub
    } else {
        path.to_path_buf()
    };
    let mut files = Vec::new();
    for entry in read_dir(&folder, "truth folder")? {
        let name = entry.file_name();
        if let Some(id) = name.to_str().and_then(|n| n.strip_suffix(".json")) {
            files.push((id.to_string(), entry.path()));
        }
    }
    if files.is_empty() {
        return Err(Error::Config(format!(
            "no <id>.json files in {}; give --truth the WCXB ground-truth folder or a JSON file",
            folder.display()
        )));
    }
    files.sort();
    let mut pages = Vec::with_capacity(files.len());
    for (id, file) in files {
        let doc = read_json(&file, "truth file")?;
        let Some(gt) = doc.get("ground_truth").and_then(Value::as_object) else {
            continue;
        };
        let strings = |key: &str| -> Vec<String> {
            match gt.get(key) {
                Some(Value::Array(items)) => items
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect(),
                _ => Vec::new(),
            }
        };
        pages.push(TruthPage {
            id,
            text: gt.get("main_content").map(text_of).unwrap_or_default(),
            snippets: Some(Snippets {
                with: strings("with"),
                without: strings("without"),
            }),
        });
    }
    if pages.is_empty() {
        return Err(Error::Config(format!(
            "no file in {} has a \"ground_truth\" object; give --truth the WCXB ground-truth \
             folder",
            folder.display()
        )));
    }
    Ok(Truth {
        kind: TruthKind::Wcxb,
        path: path.to_path_buf(),
        pages,
    })
}

/// A directory's entries, with an error naming it.
fn read_dir(dir: &Path, what: &str) -> Result<Vec<fs::DirEntry>, Error> {
    let read = |e| {
        Error::io(
            &format!("cannot read {what}"),
            dir,
            e,
            "check its permissions",
        )
    };
    fs::read_dir(dir)
        .map_err(read)?
        .collect::<Result<Vec<_>, _>>()
        .map_err(read)
}

/// A whole JSON file, with errors naming it.
fn read_json(path: &Path, what: &str) -> Result<Value, Error> {
    let bytes = fs::read(path).map_err(|e| {
        Error::io(
            &format!("cannot read {what}"),
            path,
            e,
            "check the path and its permissions",
        )
    })?;
    serde_json::from_slice(&bytes).map_err(|e| {
        Error::Config(format!(
            "{}: not valid JSON ({}); check the file",
            path.display(),
            lowercase_first(&e.to_string())
        ))
    })
}

/// The `(id, text)` pairs of a JSON object of pages (see the module docs).
fn id_texts(path: &Path, value: Value) -> Result<Vec<(String, String)>, Error> {
    let value = match value {
        Value::Object(mut map)
            if map.len() == 2 && map.contains_key("version") && map["output"].is_object() =>
        {
            map.remove("output").expect("checked above")
        }
        v => v,
    };
    let Value::Object(map) = value else {
        return Err(Error::Config(format!(
            "{}: expected a JSON object {{id: {{\"articleBody\": text}}}} or {{id: text}}",
            path.display()
        )));
    };
    Ok(map.into_iter().map(|(id, v)| (id, text_of(&v))).collect())
}

/// The text of one page entry: a string; an object's `articleBody`, `main_content`
/// or `text` (the first present), or its `ground_truth.main_content`; null is empty,
/// any other value its JSON text.
fn text_of(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Object(map) => {
            for key in ["articleBody", "main_content", "text"] {
                if let Some(v) = map.get(key) {
                    return match v {
                        Value::Null | Value::Bool(false) => String::new(),
                        v => text_of(v),
                    };
                }
            }
            match map.get("ground_truth") {
                Some(gt @ Value::Object(_)) => {
                    gt.get("main_content").map(text_of).unwrap_or_default()
                }
                _ => String::new(),
            }
        }
        other => other.to_string(),
    }
}

/// Text as Python's text-mode `open` reads it: `\r\n` and lone `\r` become `\n`
/// (only the snippet rates can see the difference).
fn universal_newlines(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// The outputs to score, by page id.
#[derive(Clone, Debug, Default)]
pub struct Predictions {
    /// The folder or file they came from.
    pub path: PathBuf,
    /// Whether they were made by cleaning inputs ([`Predictions::clean_dir`]).
    pub cleaned: bool,
    /// The output text of each page.
    pub texts: HashMap<String, String>,
    /// Files that could not be read, in name order; their pages count as missing.
    pub failures: Vec<Failure>,
}

impl Predictions {
    /// Reads outputs: every `<id>.txt` file of a folder (not recursive; UTF-8, with
    /// bad bytes replaced), or a JSON file shaped like a JSON truth. A file that cannot
    /// be read is recorded in [`Predictions::failures`] and the others are read.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] naming the path when it does not exist or the JSON file is
    /// not an object of texts; [`Error::Io`] when it cannot be read.
    pub fn load(path: &Path) -> Result<Predictions, Error> {
        let mut out = Predictions {
            path: path.to_path_buf(),
            ..Predictions::default()
        };
        if path.is_dir() {
            let files = listed(path, |name| name.strip_suffix(".txt"), "prediction folder")?;
            for (id, file) in files {
                match fs::read(&file) {
                    Ok(bytes) => {
                        let text = String::from_utf8_lossy(&bytes).into_owned();
                        out.texts.insert(id, universal_newlines(text));
                    }
                    Err(e) => out.failures.push(read_failure(&file, &e)),
                }
            }
            return Ok(out);
        }
        if !path.exists() {
            return Err(Error::Config(format!(
                "prediction folder {} not found; give --pred a folder of <id>.txt outputs",
                path.display()
            )));
        }
        let value = read_json(path, "prediction file")?;
        out.texts = id_texts(path, value)?.into_iter().collect();
        Ok(out)
    }

    /// Cleans every input of `dir` (each `<id>.txt`, see [`input_id`]) with `cleaner`,
    /// in parallel on the current rayon pool, and keeps the outputs. An input that
    /// cannot be read is recorded in [`Predictions::failures`]; the others are cleaned.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when `dir` is not a directory; [`Error::Io`] when it cannot be
    /// listed.
    pub fn clean_dir(
        dir: &Path,
        cleaner: &Cleaner,
        opts: &InputOptions,
    ) -> Result<Predictions, Error> {
        if !dir.is_dir() {
            return Err(Error::Config(format!(
                "input folder {} not found; give --input a folder of <id>.txt pages",
                dir.display()
            )));
        }
        let files = listed(dir, input_id, "input folder")?;
        let outputs: Vec<(String, Result<String, Failure>)> = files
            .into_par_iter()
            .map(|(id, file)| {
                let text = crate::batch::read_decompressed(&file)
                    .map(|bytes| universal_newlines(input_text(bytes, cleaner, opts)))
                    .map_err(|e| read_failure(&file, &e));
                (id, text)
            })
            .collect();
        let mut out = Predictions {
            path: dir.to_path_buf(),
            cleaned: true,
            ..Predictions::default()
        };
        for (id, text) in outputs {
            match text {
                Ok(text) => {
                    out.texts.insert(id, text);
                }
                Err(f) => out.failures.push(f),
            }
        }
        Ok(out)
    }
}

/// The `(id, path)` of each entry of `dir` that `id_of` gives an id to, sorted by name.
/// Like `score.py`, this looks at names only; an entry that is not a readable file then
/// fails to read.
fn listed(
    dir: &Path,
    id_of: impl Fn(&str) -> Option<&str>,
    what: &str,
) -> Result<Vec<(String, PathBuf)>, Error> {
    let mut files: Vec<(String, PathBuf)> = read_dir(dir, what)?
        .into_iter()
        .filter_map(|entry| {
            let name = entry.file_name();
            let id = id_of(name.to_str()?)?.to_string();
            Some((id, entry.path()))
        })
        .collect();
    files.sort();
    Ok(files)
}

fn read_failure(path: &Path, e: &io::Error) -> Failure {
    Failure {
        location: path.display().to_string(),
        message: format!("cannot read: {}; scored as missing", io_message(e)),
    }
}

/// How `--input` files are read.
#[derive(Clone, Copy, Debug, Default)]
pub struct InputOptions {
    /// Read inputs in this encoding instead of detecting it (`--encoding`).
    pub encoding: Option<&'static Encoding>,
}

/// The page id of an `--input` file name: `<id>.txt`, `<id>.html` and `<id>.htm`, each
/// also with `.gz` or `.zst` after it, give `<id>`; other names are not inputs.
///
/// ```
/// use deboiler::eval::bench::input_id;
/// assert_eq!(input_id("0042.txt"), Some("0042"));
/// assert_eq!(input_id("0042.html.gz"), Some("0042"));
/// assert_eq!(input_id("0042.json"), None);
/// ```
pub fn input_id(file_name: &str) -> Option<&str> {
    let name = file_name
        .strip_suffix(".gz")
        .or_else(|| file_name.strip_suffix(".zst"))
        .unwrap_or(file_name);
    [".txt", ".html", ".htm"]
        .into_iter()
        .find_map(|ext| name.strip_suffix(ext))
}

/// Turns one `--input` file into the text that is scored: decoded and cleaned exactly
/// as `deboiler clean` cleans a text file, so the score of `--input DIR` equals the
/// score of `--pred` on `deboiler clean -O` outputs. This is the one place an input
/// becomes text: a page that looks like HTML ([`crate::html::looks_like_html`]) has
/// its main content extracted first, as `clean` does in `--format auto`.
///
/// ```
/// use deboiler::eval::bench::{input_text, InputOptions};
/// use deboiler::Cleaner;
/// let page = b"Follow Jane on Twitter @janedoe\n\nThe bank said no.\n".to_vec();
/// let text = input_text(page, &Cleaner::new(), &InputOptions::default());
/// assert_eq!(text, "The bank said no.\n");
/// ```
pub fn input_text(bytes: Vec<u8>, cleaner: &Cleaner, opts: &InputOptions) -> String {
    if crate::html::looks_like_html(&bytes) {
        return cleaner.clean_html_bytes(&bytes, opts.encoding).text;
    }
    cleaner.clean_owned_bytes(bytes, opts.encoding).text
}

/// Injected strings by page id (`injected.json`): text known not to belong to the page,
/// whose survival in the output is the leak rate.
pub type Injected = HashMap<String, Vec<String>>;

/// Reads `{id: [injected string, ...]}`.
///
/// # Errors
///
/// [`Error::Config`] naming the file when it is not JSON of that shape; [`Error::Io`]
/// when it cannot be read.
pub fn load_injected(path: &Path) -> Result<Injected, Error> {
    let value = read_json(path, "injected file")?;
    serde_json::from_value(value).map_err(|e| {
        Error::Config(format!(
            "{}: expected {{id: [injected string, ...]}} ({})",
            path.display(),
            lowercase_first(&e.to_string())
        ))
    })
}

/// How to score.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// Bootstrap resamples of the pages for the standard deviations (0: none).
    pub bootstrap: usize,
    /// The seed of the resampling. The generator is Python's Mersenne Twister, so
    /// `score.py --seed` with the same seed draws the same resamples.
    pub seed: u64,
}

impl Default for Options {
    /// 1000 resamples from seed 0, as `score.py`.
    fn default() -> Options {
        Options {
            bootstrap: 1000,
            seed: 0,
        }
    }
}

/// The figures of one page.
#[derive(Clone, Debug, PartialEq)]
pub struct PageScore {
    /// The page id.
    pub id: String,
    /// The shingle counts.
    pub counts: PageCounts,
    /// Whether the output's tokens equal the truth's.
    pub exact: bool,
    /// WCXB word precision, recall and F1.
    pub word: (f64, f64, f64),
    /// Tokens in the output.
    pub pred_tokens: usize,
    /// Tokens in the truth.
    pub truth_tokens: usize,
    /// Share of the WCXB `with` snippets found in the output (1 when there are none).
    pub with_rate: Option<f64>,
    /// Share of the WCXB `without` snippets found in the output (1 when there are none).
    pub without_rate: Option<f64>,
    /// Injected shingles (not also in the truth) and how many survived, when the page
    /// has any.
    pub leak: Option<(u64, u64)>,
}

/// Bootstrap standard deviations, rounded to 4 decimals. A figure is NaN (`null` in
/// JSON, `nan` in the table, as `score.py` has it) when some resample has no page it
/// is defined on, e.g. no page with an output for the precision.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Spread {
    /// Of the shingle F1.
    pub f1_std: f64,
    /// Of the shingle precision.
    pub precision_std: f64,
    /// Of the shingle recall.
    pub recall_std: f64,
    /// Of the exact-match accuracy.
    pub accuracy_std: f64,
}

/// Mean WCXB snippet rates.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct SnippetRates {
    /// Mean share of article snippets kept (higher is better).
    pub with_rate: f64,
    /// Mean share of boilerplate snippets kept (lower is better).
    pub without_rate: f64,
}

/// The leak of injected strings.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct LeakSummary {
    /// Pages with injected shingles.
    pub injected_pages: usize,
    /// Injected shingles, over all pages.
    pub injected_shingles: u64,
    /// Share of them still in the outputs; `None` when there are none.
    pub leak_rate: Option<f64>,
    /// The mean of the per-page shares.
    pub leak_rate_macro: Option<f64>,
    /// Pages where some injected shingle survived.
    pub leak_pages: usize,
}

/// The result of [`score`].
#[derive(Clone, Debug)]
pub struct BenchResult {
    /// The truth's file or folder name.
    pub truth_name: String,
    /// The outputs' folder or file name.
    pub pred_name: String,
    /// Whether the outputs were made by cleaning inputs.
    pub cleaned: bool,
    /// Every truth page, in id order.
    pub pages: Vec<PageScore>,
    /// Truth pages without an output (scored as empty), in id order.
    pub missing: Vec<String>,
    /// Output ids that are not in the truth (ignored), sorted.
    pub unknown: Vec<String>,
    /// Output files that could not be read.
    pub failed: usize,
    /// The macro-averaged shingle scores.
    pub shingle: ShingleScore,
    /// Share of pages whose tokens equal the truth's.
    pub accuracy: f64,
    /// Mean WCXB word precision, recall and F1.
    pub word: (f64, f64, f64),
    /// Standard deviations, when bootstrapped, rounded to 4 decimals as `score.py`
    /// rounds them.
    pub spread: Option<Spread>,
    /// Mean snippet rates, for a WCXB truth.
    pub snippets: Option<SnippetRates>,
    /// The leak rate, when injected strings were given.
    pub leak: Option<LeakSummary>,
}

/// The figures as `score.py`'s one-line JSON gives them, rounded to 4 decimals (as
/// Python's `round`). NaN, for a mean over no page, is written as `null`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Summary {
    /// The truth's file or folder name.
    pub truth: String,
    /// The prediction folder's name (with `--pred`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pred: Option<String>,
    /// The input folder's name (with `--input`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub input: Option<String>,
    /// Truth pages.
    pub pages: usize,
    /// Truth pages without an output.
    pub missing: usize,
    /// Output ids not in the truth.
    pub unknown_ids: usize,
    /// Pages whose output has no token (missing ones included).
    pub empty_outputs: usize,
    /// Output files that could not be read (only when some could not).
    #[serde(skip_serializing_if = "is_zero")]
    pub failed: usize,
    /// Shingle F1.
    pub f1: f64,
    /// Shingle precision.
    pub precision: f64,
    /// Shingle recall.
    pub recall: f64,
    /// Exact-match accuracy.
    pub accuracy: f64,
    /// Bootstrap standard deviations.
    #[serde(flatten)]
    pub spread: Option<Spread>,
    /// WCXB word F1.
    pub word_f1: f64,
    /// WCXB word precision.
    pub word_precision: f64,
    /// WCXB word recall.
    pub word_recall: f64,
    /// WCXB snippet rates.
    #[serde(flatten)]
    pub snippets: Option<SnippetRates>,
    /// Injected-string leak.
    #[serde(flatten)]
    pub leak: Option<LeakSummary>,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// Scores `pred` against `truth` (and the leak of `injected`), page by page in
/// parallel, then averages as `score.py` does.
pub fn score(
    truth: &Truth,
    pred: &Predictions,
    injected: Option<&Injected>,
    opts: &Options,
) -> BenchResult {
    let pages: Vec<PageScore> = truth
        .pages
        .par_iter()
        .map(|page| {
            let text = pred.texts.get(&page.id).map_or("", String::as_str);
            let inj = injected.and_then(|m| m.get(&page.id)).map(Vec::as_slice);
            score_page(page, text, inj)
        })
        .collect();
    let ids: HashSet<&str> = truth.pages.iter().map(|p| p.id.as_str()).collect();
    let missing = truth
        .pages
        .iter()
        .filter(|p| !pred.texts.contains_key(&p.id))
        .map(|p| p.id.clone())
        .collect();
    let mut unknown: Vec<String> = pred
        .texts
        .keys()
        .filter(|id| !ids.contains(id.as_str()))
        .cloned()
        .collect();
    unknown.sort();

    let counts: Vec<PageCounts> = pages.iter().map(|p| p.counts).collect();
    let exact: Vec<f64> = pages.iter().map(|p| f64::from(u8::from(p.exact))).collect();
    let column =
        |f: fn(&PageScore) -> f64| pycompat::mean(&pages.iter().map(f).collect::<Vec<_>>());
    let snippets = truth.has_snippets().then(|| SnippetRates {
        with_rate: column(|p| p.with_rate.unwrap_or(1.0)),
        without_rate: column(|p| p.without_rate.unwrap_or(1.0)),
    });
    let leak = injected.map(|_| {
        let rates: Vec<f64> = pages
            .iter()
            .filter_map(|p| p.leak)
            .map(|(total, kept)| kept as f64 / total as f64)
            .collect();
        let total: u64 = pages.iter().filter_map(|p| p.leak).map(|l| l.0).sum();
        let kept: u64 = pages.iter().filter_map(|p| p.leak).map(|l| l.1).sum();
        LeakSummary {
            injected_pages: rates.len(),
            injected_shingles: total,
            leak_rate: (total > 0).then(|| kept as f64 / total as f64),
            leak_rate_macro: (!rates.is_empty()).then(|| pycompat::mean(&rates)),
            leak_pages: pages
                .iter()
                .filter(|p| p.leak.is_some_and(|l| l.1 > 0))
                .count(),
        }
    });
    BenchResult {
        truth_name: base_name(&truth.path),
        pred_name: base_name(&pred.path),
        cleaned: pred.cleaned,
        shingle: ShingleScore::of(&counts),
        accuracy: pycompat::mean(&exact),
        word: (
            column(|p| p.word.0),
            column(|p| p.word.1),
            column(|p| p.word.2),
        ),
        spread: (opts.bootstrap > 0 && !pages.is_empty()).then(|| bootstrap(&counts, &exact, opts)),
        snippets,
        leak,
        missing,
        unknown,
        failed: pred.failures.len(),
        pages,
    }
}

/// Scores one page; `injected` is the page's list of injected strings, if any.
fn score_page(page: &TruthPage, pred: &str, injected: Option<&[String]>) -> PageScore {
    let (t_tok, p_tok) = (shingle::tokens(&page.text), shingle::tokens(pred));
    let (t_sh, p_sh) = (shingle::shingles(&t_tok), shingle::shingles(&p_tok));
    let rate = |snippets: &[String]| {
        if snippets.is_empty() {
            return 1.0;
        }
        let low = pred.to_lowercase();
        let found = snippets
            .iter()
            .filter(|s| low.contains(&s.to_lowercase()))
            .count();
        found as f64 / snippets.len() as f64
    };
    PageScore {
        id: page.id.clone(),
        counts: PageCounts::new(&t_sh, &p_sh),
        exact: t_tok == p_tok,
        word: shingle::word_prf(pred, &page.text),
        pred_tokens: p_tok.len(),
        truth_tokens: t_tok.len(),
        with_rate: page.snippets.as_ref().map(|s| rate(&s.with)),
        without_rate: page.snippets.as_ref().map(|s| rate(&s.without)),
        leak: injected
            .filter(|list| !list.is_empty())
            .and_then(|list| leak(list, &t_sh, &p_sh)),
    }
}

/// `(injected shingles, survivors)` of a page: the shingles of each injected string of
/// at least [`SHINGLE`] tokens, less those the truth also has; `None` when none is left.
fn leak(injected: &[String], truth: &Shingles<'_>, pred: &Shingles<'_>) -> Option<(u64, u64)> {
    let toks: Vec<Vec<&str>> = injected
        .iter()
        .map(|s| shingle::tokens(s))
        .filter(|t| t.len() >= SHINGLE)
        .collect();
    let mut inj = Shingles::default();
    for t in &toks {
        for (k, n) in shingle::shingles(t) {
            *inj.entry(k).or_insert(0) += n;
        }
    }
    inj.retain(|k, _| !truth.contains_key(k));
    let total: u64 = inj.values().map(|&n| u64::from(n)).sum();
    let kept: u64 = inj
        .iter()
        .map(|(k, &n)| u64::from(n.min(pred.get(k).copied().unwrap_or(0))))
        .sum();
    (total > 0).then_some((total, kept))
}

/// Standard deviations of the figures over `opts.bootstrap` resamples of the pages,
/// drawn with Python's generator exactly as `score.py` draws them.
fn bootstrap(counts: &[PageCounts], exact: &[f64], opts: &Options) -> Spread {
    let mut rng = Mt19937::new(opts.seed);
    let n = counts.len();
    let (mut p, mut r, mut f, mut a) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut idx = vec![0usize; n];
    let mut sample = Vec::with_capacity(n);
    for _ in 0..opts.bootstrap {
        for i in &mut idx {
            *i = rng.below(n);
        }
        let s = ShingleScore::of(idx.iter().map(|&i| &counts[i]));
        p.push(s.precision);
        r.push(s.recall);
        f.push(s.f1);
        sample.clear();
        sample.extend(idx.iter().map(|&i| exact[i]));
        a.push(pycompat::mean(&sample));
    }
    let sd = |v: &[f64]| pycompat::round(pycompat::std(v), 4);
    Spread {
        f1_std: sd(&f),
        precision_std: sd(&p),
        recall_std: sd(&r),
        accuracy_std: sd(&a),
    }
}

/// The last component of a path (`score.py`'s `basename(normpath(p))`).
fn base_name(path: &Path) -> String {
    match path.file_name() {
        Some(name) => name.to_string_lossy().into_owned(),
        None => path.display().to_string(),
    }
}

impl BenchResult {
    /// The figures rounded as `score.py`'s JSON line has them.
    pub fn summary(&self) -> Summary {
        let r = |x: f64| pycompat::round(x, 4);
        let name = Some(self.pred_name.clone());
        Summary {
            truth: self.truth_name.clone(),
            pred: if self.cleaned { None } else { name.clone() },
            input: if self.cleaned { name } else { None },
            pages: self.pages.len(),
            missing: self.missing.len(),
            unknown_ids: self.unknown.len(),
            empty_outputs: self.pages.iter().filter(|p| p.pred_tokens == 0).count(),
            failed: self.failed,
            f1: r(self.shingle.f1),
            precision: r(self.shingle.precision),
            recall: r(self.shingle.recall),
            accuracy: r(self.accuracy),
            spread: self.spread,
            word_f1: r(self.word.2),
            word_precision: r(self.word.0),
            word_recall: r(self.word.1),
            snippets: self.snippets.map(|s| SnippetRates {
                with_rate: r(s.with_rate),
                without_rate: r(s.without_rate),
            }),
            leak: self.leak.map(|l| LeakSummary {
                leak_rate: l.leak_rate.map(r),
                leak_rate_macro: l.leak_rate_macro.map(r),
                ..l
            }),
        }
    }

    /// Writes one CSV row per page, with the columns and number formats of
    /// `score.py --per-page`: `id, precision, recall, exact, word_f1, pred_tokens,
    /// truth_tokens`, then `with_rate, without_rate` for a WCXB truth and `leak` with
    /// injected strings. Undefined values are empty; lines end in CRLF.
    ///
    /// # Errors
    ///
    /// Any error of `w`.
    pub fn write_csv(&self, w: &mut dyn Write) -> io::Result<()> {
        let snippets = self.snippets.is_some();
        let leak = self.pages.iter().any(|p| p.leak.is_some());
        let mut header = vec![
            "id",
            "precision",
            "recall",
            "exact",
            "word_f1",
            "pred_tokens",
            "truth_tokens",
        ];
        if snippets {
            header.extend(["with_rate", "without_rate"]);
        }
        if leak {
            header.push("leak");
        }
        write!(w, "{}\r\n", header.join(","))?;
        let float = |x: Option<f64>| x.map(pycompat::repr).unwrap_or_default();
        for p in &self.pages {
            let mut row = vec![
                csv_field(&p.id),
                float(p.counts.precision()),
                float(p.counts.recall()),
                u8::from(p.exact).to_string(),
                pycompat::repr(p.word.2),
                p.pred_tokens.to_string(),
                p.truth_tokens.to_string(),
            ];
            if snippets {
                row.push(float(p.with_rate));
                row.push(float(p.without_rate));
            }
            if leak {
                row.push(float(
                    p.leak.map(|(total, kept)| kept as f64 / total as f64),
                ));
            }
            write!(w, "{}\r\n", row.join(","))?;
        }
        Ok(())
    }
}

/// A CSV field, quoted (with doubled quotes) only when it must be, as Python's `csv`.
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// `0.123`, or `nan` as Python prints it.
fn fixed3(x: f64) -> String {
    if x.is_nan() {
        "nan".to_string()
    } else {
        format!("{x:.3}")
    }
}

impl fmt::Display for BenchResult {
    /// The readable summary, line for line as `score.py` prints it: the shingle F1,
    /// precision and recall unrounded, the other figures from the rounded
    /// [`Summary`], all to 3 decimals.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.summary();
        writeln!(
            f,
            "pages {}  empty outputs {}  missing {}",
            s.pages, s.empty_outputs, s.missing
        )?;
        let pm = |std: fn(&Spread) -> f64| {
            s.spread
                .as_ref()
                .map(|spread| format!(" ± {}", fixed3(std(spread))))
                .unwrap_or_default()
        };
        writeln!(
            f,
            "shingle F1 {}{}  precision {}{}  recall {}{}  accuracy {}",
            fixed3(self.shingle.f1),
            pm(|sp| sp.f1_std),
            fixed3(self.shingle.precision),
            pm(|sp| sp.precision_std),
            fixed3(self.shingle.recall),
            pm(|sp| sp.recall_std),
            fixed3(s.accuracy),
        )?;
        write!(
            f,
            "word F1 {}  P {}  R {}",
            fixed3(s.word_f1),
            fixed3(s.word_precision),
            fixed3(s.word_recall)
        )?;
        if let Some(sn) = s.snippets {
            write!(
                f,
                "  with {}  without {}",
                fixed3(sn.with_rate),
                fixed3(sn.without_rate)
            )?;
        }
        writeln!(f)?;
        if let Some(l) = s.leak {
            if let (Some(rate), Some(mac)) = (l.leak_rate, l.leak_rate_macro) {
                writeln!(
                    f,
                    "injected-script leak rate {} (macro {}), pages leaking {}/{}",
                    fixed3(rate),
                    fixed3(mac),
                    l.leak_pages,
                    l.injected_pages
                )?;
            }
        }
        if self.failed > 0 {
            writeln!(
                f,
                "{} output file{} could not be read (scored as missing)",
                self.failed,
                if self.failed == 1 { "" } else { "s" }
            )?;
        }
        Ok(())
    }
}
