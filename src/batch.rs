//! The corpus driver behind `deboiler clean` and `deboiler fix`: turns a list of inputs
//! (files, directories, standard input) into cleaned outputs and a JSON Lines report,
//! cleaning documents in parallel while writing everything in input order.
//!
//! The driver knows nothing about flags: the command line builds a [`Config`] and a
//! [`Cleaner`] and calls [`run`].
//!
//! # The pipeline
//!
//! ```text
//! reader thread --batches--> worker pool --cleaned batches--> writer (calling thread)
//! ```
//!
//! A reader fills bounded batches (about [`Config::batch_docs`] documents or
//! [`Config::batch_bytes`] bytes; JSON Lines are read in large blocks and split in
//! place, not copied line by line), the pool cleans several batches at once, and the
//! writer puts them back in input order. At most a fixed number of batches is in flight
//! ([`IN_FLIGHT`]), so memory does not grow with the corpus, and the bytes of every
//! output are the same whatever the thread count. With one thread the three stages run
//! one after another on the calling thread.
//!
//! # Outputs
//!
//! Everything goes to one stream (standard output, or [`Config::output`], compressed
//! by its extension), or with [`Config::output_dir`] to one file per input. Every file
//! the driver writes (outputs, report, stats) is written under a temporary name in its
//! directory (`.NAME.deboiler-tmp`) and renamed when complete, so a file under its final
//! name is always whole. That is what [`Config::resume`] relies on: an output that
//! exists is done and skipped; one that does not is (re)done.
//!
//! # Many machines
//!
//! [`Config::shard`] takes a deterministic share of the inputs: whole files, or for a
//! single input file a range of its lines, so that the shards' outputs, concatenated in
//! shard order, are the unsharded output (see [`Shard`]).
//!
//! # Failures
//!
//! A text input is decoded whatever its encoding (see [`crate::decode`]; [`Config::encoding`]
//! forces one); a JSON Lines input is UTF-8, as the format requires.
//!
//! A document that cannot be read (a missing file, a truncated compressed file, a
//! malformed JSON Lines record) is a [`Failure`]: it is handed to the caller's callback
//! with its path or `path:line`, skipped, and counted in the [`Summary`]; the run goes
//! on. Only problems that make the whole run pointless (a directory without an output
//! directory, an output that cannot be written, a closed standard output) stop it with
//! an [`Error`].
//!
//! ```
//! use deboiler::batch::{run, Config, Format};
//! use deboiler::Cleaner;
//!
//! let cfg = Config { format: Format::Jsonl, ..Config::default() }; // no inputs: stdin
//! let mut stdin: &[u8] = b"{\"id\":7,\"text\":\"Hello\\u00a0 world\",\"lang\":\"en\"}\n";
//! let mut out = Vec::new();
//! let summary = run(&cfg, &Cleaner::new(), &mut stdin, &mut out, &mut |f| panic!("{f}")).unwrap();
//! assert_eq!(String::from_utf8(out).unwrap(), "{\"id\":7,\"text\":\"Hello world\\n\",\"lang\":\"en\"}\n");
//! assert_eq!((summary.documents, summary.failed), (1, 0));
//! ```

use crate::decode::decode_with;
use crate::decode::Encoding;
use crate::error::{io_message, lowercase_first, Error};
use crate::repeated::{document_fingerprints, LineCounter, RepeatedLines, Threshold};
use crate::rules::repeated::RULE as REPEATED_RULE;
use crate::{jsonl, Category, Cleaner, NormCounts, Report, ReportLine};
use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::ffi::OsString;
use std::fmt;
use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, BufWriter, Cursor, Read, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How to read an input.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    /// JSON Lines when the file name ends in `.jsonl` or `.ndjson`, or when the first
    /// non-blank line parses as a JSON object; HTML for `.html`/`.htm`/`.xhtml` names
    /// and for pages that look like HTML; plain text otherwise.
    #[default]
    Auto,
    /// The whole input is one document.
    Text,
    /// One JSON object per line; the [`Config::field`] of each is cleaned in place.
    Jsonl,
    /// Each line (ended by `\n` or `\r\n`) is one text document, and gives exactly one
    /// output line, empty when everything was removed, so that line numbers stay
    /// aligned. A line break the cleaner leaves inside a line (from a lone `\r`)
    /// becomes a space. Report ids are `PATH:LINE`.
    Lines,
    /// The whole input is one HTML page: its main content is extracted (see
    /// [`crate::html`]) and cleaned as text. In `Auto`, inputs named `.html`, `.htm`
    /// or `.xhtml` and inputs that look like a page ([`crate::html::looks_like_html`])
    /// are read as HTML.
    Html,
}

/// How an output is compressed (and an input was, judged by its first bytes).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Compression {
    /// Not compressed.
    #[default]
    None,
    /// gzip (`.gz`), at flate2's default level (6).
    Gzip,
    /// Zstandard (`.zst`), at zstd's default level (3).
    Zstd,
}

impl Compression {
    /// The compression a file name asks for: `.gz` is gzip, `.zst` is zstd, anything
    /// else none.
    pub fn from_extension(path: &Path) -> Compression {
        match path.extension().and_then(|e| e.to_str()) {
            Some("gz") => Compression::Gzip,
            Some("zst") => Compression::Zstd,
            _ => Compression::None,
        }
    }

    /// The compression whose magic bytes start `head`.
    fn of(head: &[u8]) -> Compression {
        if head.starts_with(&[0x1f, 0x8b]) {
            Compression::Gzip
        } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
            Compression::Zstd
        } else {
            Compression::None
        }
    }

    /// The file name extension, with its dot.
    fn extension(self) -> &'static str {
        match self {
            Compression::None => "",
            Compression::Gzip => ".gz",
            Compression::Zstd => ".zst",
        }
    }
}

/// Shard `index` of `count` (`--shard I/N`, 1-based): a deterministic share of the
/// inputs, so that `count` runs, on as many machines, together clean each input once.
///
/// - Several inputs (after directories are expanded): each goes whole to one shard.
///   The list is cut into `count` contiguous runs of about equal total size (an input
///   goes to the shard its first byte falls in, counting each input's size plus one),
///   so the assignment depends only on the list and the file sizes, and with one output
///   stream the shards' outputs concatenated in shard order are the unsharded output.
/// - A single input file: shard `I` takes the lines whose first byte lies in
///   `[size*(I-1)/N, size*I/N)`, so again the outputs concatenate to the unsharded one,
///   and line numbers (in ids and failures) are those of the whole file. A compressed
///   file cannot be seeked: each shard decompresses it once to learn its size, then
///   reads up to the end of its range. A text file is one document: shard 1 takes it.
///
/// ```
/// use deboiler::batch::Shard;
/// let s: Shard = "2/8".parse().unwrap();
/// assert_eq!((s.index, s.count), (2, 8));
/// assert!("0/8".parse::<Shard>().is_err());
/// assert!("9/8".parse::<Shard>().is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    /// Which shard, from 1 to `count`.
    pub index: u64,
    /// How many shards there are, 1 or more.
    pub count: u64,
}

impl FromStr for Shard {
    type Err = String;

    /// Parses `I/N`; the message of an error says what is wrong and what to give.
    fn from_str(s: &str) -> Result<Shard, String> {
        let usage = "give I/N with 1 <= I <= N, e.g. --shard 2/8 for the second of eight";
        let Some((i, n)) = s.split_once('/') else {
            return Err(format!("expected I/N, not \"{s}\"; {usage}"));
        };
        let (Ok(index), Ok(count)) = (i.trim().parse::<u64>(), n.trim().parse::<u64>()) else {
            return Err(format!(
                "expected two whole numbers I/N, not \"{s}\"; {usage}"
            ));
        };
        if count == 0 {
            return Err(format!(
                "there must be at least one shard, not {count}; {usage}"
            ));
        }
        if index == 0 || index > count {
            return Err(format!("there is no shard {index} of {count}; {usage}"));
        }
        Ok(Shard { index, count })
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl Shard {
    /// `[total*(I-1)/N, total*I/N)`: this shard's part of `total` bytes.
    fn range(self, total: u64) -> Range<u64> {
        let at = |k: u64| (u128::from(total) * u128::from(k) / u128::from(self.count)) as u64;
        at(self.index - 1)..at(self.index)
    }
}

/// What a run has done so far, for a progress display on another thread. All counts
/// only grow; read them at any time.
#[derive(Debug, Default)]
pub struct Progress {
    documents: AtomicU64,
    bytes_read: AtomicU64,
    total_bytes: AtomicU64,
}

impl Progress {
    /// Documents cleaned and written.
    pub fn documents(&self) -> u64 {
        self.documents.load(Ordering::Relaxed)
    }

    /// Input bytes read, as stored (compressed bytes for a compressed input).
    pub fn bytes_read(&self) -> u64 {
        self.bytes_read.load(Ordering::Relaxed)
    }

    /// The bytes the run will read, when known (not for standard input); set when the
    /// run starts.
    pub fn total_bytes(&self) -> Option<u64> {
        match self.total_bytes.load(Ordering::Relaxed) {
            0 => None,
            n => Some(n),
        }
    }
}

/// What to clean and where to write it: plain data, built by the command line.
#[derive(Clone, Debug)]
pub struct Config {
    /// Files and directories to clean, in order; `-` is standard input. Empty means
    /// standard input.
    pub inputs: Vec<PathBuf>,
    /// Write what would go to standard output to this file instead, gzip or zstd
    /// compressed when its name ends in `.gz` or `.zst`.
    pub output: Option<PathBuf>,
    /// Write one output file per input under this directory (mirroring directory
    /// inputs) instead of concatenating everything to one stream. Required when an
    /// input is a directory.
    pub output_dir: Option<PathBuf>,
    /// How to compress the files under [`Config::output_dir`]; `None` keeps each input's
    /// own compression (`a.jsonl.zst` gives `a.jsonl.zst`, zstd compressed).
    pub compress: Option<Compression>,
    /// Write the JSON Lines report (one object per document) to this file, compressed
    /// by its extension like [`Config::output`].
    pub report: Option<PathBuf>,
    /// Write the run's [`Summary::stats`] to this file as JSON.
    pub stats: Option<PathBuf>,
    /// How to read inputs.
    pub format: Format,
    /// The JSON Lines field that holds the text to clean; every other field is copied
    /// byte for byte.
    pub field: String,
    /// Whether [`Config::field`] holds an HTML page, whose main content is extracted
    /// (see [`crate::html`]) before cleaning (`--html-field`).
    pub html_field: bool,
    /// Decode text inputs as this encoding instead of detecting it (see
    /// [`crate::decode::decode_with`]). JSON Lines inputs are always read as UTF-8, as
    /// the format requires, and this is not applied to them.
    pub encoding: Option<&'static Encoding>,
    /// Which files of directory inputs to read, matched against the path relative to
    /// the directory: a file is read when it matches one of the globs (or there are
    /// none) and no `!GLOB`. A glob without `/` matches at any depth (`*.jsonl`); one
    /// with `/` matches the whole relative path (`2024/*/*.gz`); `*` does not cross
    /// `/`, `**` does. A directory matching a `!GLOB` is not entered. Files named as
    /// inputs are always read.
    pub globs: Vec<String>,
    /// Clean only this shard of the inputs (see [`Shard`]).
    pub shard: Option<Shard>,
    /// Skip every output whose final file already exists (it was completed by an
    /// earlier run) and redo the others. Needs [`Config::output`] or
    /// [`Config::output_dir`]. The report then covers only the documents cleaned by
    /// this run.
    pub resume: bool,
    /// Worker threads; `None` means one per core. With one, reading, cleaning and
    /// writing take turns on the calling thread.
    pub threads: Option<usize>,
    /// Also remove the lines the inputs repeat in many documents, as
    /// `page_chrome/repeated-line` (`--repeated-lines`; see [`crate::repeated`]).
    ///
    /// A first pass reads every input, all of them even with [`Config::shard`] or
    /// [`Config::resume`], and counts line fingerprints; the second cleans as usual
    /// with the lines over the threshold removed. Counting all the inputs is what
    /// makes every shard decide alike: the shards' outputs together are the unsharded
    /// output. Standard input is copied to a temporary file first (in
    /// [`std::env::temp_dir`], removed at the end), as it cannot be read twice. Nothing
    /// is counted when the cleaner does not remove `page_chrome`.
    pub repeated_lines: Option<Threshold>,
    /// The most line fingerprints the counting pass of [`Config::repeated_lines`] keeps
    /// at once (see [`LineCounter::with_capacity`]; about 18 bytes each). Default
    /// [`LineCounter::DEFAULT_CAPACITY`], about 17 MB.
    pub repeated_capacity: usize,
    /// The most documents in one batch.
    pub batch_docs: usize,
    /// Roughly the most input bytes in one batch (a single larger document is still
    /// read whole). At most [`IN_FLIGHT`] batches are held at once.
    pub batch_bytes: usize,
    /// Counters to update as the run goes, for a progress display.
    pub progress: Option<Arc<Progress>>,
    /// Test hook (the command line sets it from `DEBOILER_ABORT_AFTER_OUTPUTS`): once
    /// this many output files are complete, abort the process in the middle of writing
    /// the next one, after some of its bytes reached its temporary file. Lets tests
    /// check that a killed run continued with [`Config::resume`] gives the same files.
    #[doc(hidden)]
    pub abort_after_outputs: Option<usize>,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            inputs: Vec::new(),
            output: None,
            output_dir: None,
            compress: None,
            report: None,
            stats: None,
            format: Format::Auto,
            field: "text".to_string(),
            html_field: false,
            encoding: None,
            globs: Vec::new(),
            shard: None,
            resume: false,
            threads: None,
            repeated_lines: None,
            repeated_capacity: LineCounter::DEFAULT_CAPACITY,
            batch_docs: 1000,
            batch_bytes: 4 << 20,
            progress: None,
            abort_after_outputs: None,
        }
    }
}

/// The most batches read but not yet written at any time (besides the one being
/// filled): enough for the pool to clean one batch while it finishes another and the
/// writer writes a third, few enough to bound memory whatever the corpus size.
pub const IN_FLIGHT: usize = 4;

/// A document or input that could not be cleaned; the run skipped it and went on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// The input path (`-` for standard input), with `:LINE` for a line of a JSON Lines
    /// or `--format lines` input.
    pub location: String,
    /// What went wrong and what to do, lowercase.
    pub message: String,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

/// Totals of a run, for the one-line summary.
#[derive(Clone, Debug, Default)]
pub struct Summary {
    /// Documents cleaned and written.
    pub documents: usize,
    /// Inputs and records that failed and were skipped.
    pub failed: usize,
    /// Outputs skipped because an earlier run completed them ([`Config::resume`]).
    pub skipped: usize,
    /// Bytes of decoded text cleaned.
    pub bytes_in: u64,
    /// Bytes of clean text written.
    pub bytes_out: u64,
    /// Removals per category (categories without removals are absent).
    pub removed: BTreeMap<Category, usize>,
    /// Normalization counts, summed over documents.
    pub normalized: NormCounts,
    /// Undecodable bytes replaced by U+FFFD while decoding, summed over documents.
    pub invalid_bytes: usize,
    /// Lone surrogates in JSON Lines fields replaced by U+FFFD, summed over documents.
    pub lone_surrogates: usize,
    /// Lines removed as `page_chrome/repeated-line` (also counted in `removed`).
    pub repeated_removed: usize,
    /// What the counting pass of [`Config::repeated_lines`] found, when it ran.
    pub repeated: Option<RepeatedStats>,
    /// Wall-clock time of the run.
    pub elapsed: Duration,
}

/// What the counting pass of [`Config::repeated_lines`] found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RepeatedStats {
    /// Documents counted: every input's, not only this shard's.
    pub documents: u64,
    /// The number of documents a line had to occur in.
    pub threshold: u64,
    /// Distinct lines (fingerprints) over the threshold.
    pub lines: usize,
    /// How far below the truth a count may have been (see
    /// [`LineCounter::error_bound`]); 0 when every count is exact.
    pub error_bound: u64,
}

impl RepeatedStats {
    fn of(lines: &RepeatedLines) -> RepeatedStats {
        RepeatedStats {
            documents: lines.documents(),
            threshold: lines.threshold(),
            lines: lines.len(),
            error_bound: lines.error_bound(),
        }
    }
}

impl Summary {
    fn add(&mut self, report: &Report) {
        self.documents += 1;
        // An HTML page counts its whole size in, and what its extraction left out.
        let page = report.html.as_ref();
        self.bytes_in += page.map_or(report.bytes_in, |h| h.bytes) as u64;
        self.bytes_out += report.bytes_out as u64;
        for r in &report.removed {
            *self.removed.entry(r.category).or_default() += 1;
            if r.rule == REPEATED_RULE {
                self.repeated_removed += 1;
            }
        }
        for r in page.iter().flat_map(|h| &h.removed) {
            *self.removed.entry(r.category).or_default() += 1;
        }
        self.normalized.add(&report.normalized);
        self.invalid_bytes += report.invalid_bytes;
        self.lone_surrogates += report.lone_surrogates;
    }

    /// Adds the counts of `o` (a part of the run) to these.
    fn merge(&mut self, o: &Summary) {
        self.documents += o.documents;
        self.failed += o.failed;
        self.skipped += o.skipped;
        self.bytes_in += o.bytes_in;
        self.bytes_out += o.bytes_out;
        for (cat, n) in &o.removed {
            *self.removed.entry(*cat).or_default() += n;
        }
        self.normalized.add(&o.normalized);
        self.invalid_bytes += o.invalid_bytes;
        self.lone_surrogates += o.lone_surrogates;
        self.repeated_removed += o.repeated_removed;
    }
}

impl Summary {
    /// The summary as one JSON object (what `--stats FILE` writes):
    ///
    /// ```json
    /// {"documents": 3, "failed": 1, "skipped": 0, "bytes_in": 5120, "bytes_out": 4800,
    ///  "removed": {"byline": 2}, "normalized": {"quotes": 4, ...},
    ///  "invalid_bytes": 0, "lone_surrogates": 0, "seconds": 0.01, "mb_per_s": 0.51}
    /// ```
    ///
    /// `mb_per_s` is input megabytes (10^6 bytes) per second of wall time. With
    /// [`Config::repeated_lines`] there is also `"repeated_lines": {"documents_counted",
    /// "threshold", "lines_over_threshold", "count_error_bound", "removed"}`: the
    /// documents of the counting pass (all inputs), the number of documents a line had
    /// to occur in, how many distinct lines did, how far a count may be below the
    /// truth (0: exact), and the lines this run removed as `page_chrome/repeated-line`.
    pub fn stats(&self) -> serde_json::Value {
        let seconds = self.elapsed.as_secs_f64();
        let removed: BTreeMap<&str, usize> =
            self.removed.iter().map(|(c, n)| (c.name(), *n)).collect();
        let mut stats = serde_json::json!({
            "documents": self.documents,
            "failed": self.failed,
            "skipped": self.skipped,
            "bytes_in": self.bytes_in,
            "bytes_out": self.bytes_out,
            "removed": removed,
            "normalized": self.normalized,
            "invalid_bytes": self.invalid_bytes,
            "lone_surrogates": self.lone_surrogates,
            "seconds": seconds,
            "mb_per_s": if seconds > 0.0 { self.bytes_in as f64 / 1e6 / seconds } else { 0.0 },
        });
        if let Some(r) = &self.repeated {
            stats["repeated_lines"] = serde_json::json!({
                "documents_counted": r.documents,
                "threshold": r.threshold,
                "lines_over_threshold": r.lines,
                "count_error_bound": r.error_bound,
                "removed": self.repeated_removed,
            });
        }
        stats
    }
}

impl fmt::Display for Summary {
    /// `3 documents, 1 failed, 5120 -> 4800 bytes, removed: byline 2, page_chrome 1,
    /// repaired: mojibake 4, entities 1, 0.01 s`, with `2 outputs skipped (already
    /// done)` after the failures when a resumed run skipped some.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plural = if self.documents == 1 { "" } else { "s" };
        write!(
            f,
            "{} document{plural}, {} failed, ",
            self.documents, self.failed
        )?;
        if self.skipped > 0 {
            let plural = if self.skipped == 1 { "" } else { "s" };
            write!(
                f,
                "{} output{plural} skipped (already done), ",
                self.skipped
            )?;
        }
        write!(
            f,
            "{} -> {} bytes, removed: ",
            self.bytes_in, self.bytes_out
        )?;
        if self.removed.is_empty() {
            f.write_str("none")?;
        }
        for (i, (cat, n)) in self.removed.iter().enumerate() {
            let sep = if i == 0 { "" } else { ", " };
            write!(f, "{sep}{cat} {n}")?;
        }
        let n = &self.normalized;
        let repaired = [
            ("mojibake", n.mojibake),
            ("c1_punctuation", n.c1_punctuation),
            ("entities", n.entities),
            ("ligatures", n.ligatures),
            ("fullwidth", n.fullwidth),
            ("terminal_escapes", n.terminal_escapes),
        ];
        for (i, (name, count)) in repaired.iter().filter(|(_, c)| *c > 0).enumerate() {
            let sep = if i == 0 { ", repaired: " } else { ", " };
            write!(f, "{sep}{name} {count}")?;
        }
        if self.invalid_bytes > 0 {
            write!(f, ", {} undecodable bytes replaced", self.invalid_bytes)?;
        }
        if self.lone_surrogates > 0 {
            write!(f, ", {} lone surrogates replaced", self.lone_surrogates)?;
        }
        if let Some(r) = &self.repeated {
            write!(
                f,
                ", repeated lines: {} distinct in {}+ of {} documents, {} removed",
                r.lines, r.threshold, r.documents, self.repeated_removed
            )?;
            if r.error_bound > 0 {
                write!(f, " (counts up to {} low)", r.error_bound)?;
            }
        }
        write!(f, ", {:.2} s", self.elapsed.as_secs_f64())
    }
}

/// Cleans every input of `cfg` with `cleaner`.
///
/// Standard input (`-`, or no inputs at all) is read from `stdin`; without
/// [`Config::output_dir`] or [`Config::output`] every output is written to `stdout` in
/// input order. Each failure is passed to `on_failure` as it is met, in input order,
/// and counted. With [`Config::stats`], the summary is written there at the end.
///
/// # Errors
///
/// [`Error::Config`] for inputs and outputs that cannot work together (a directory
/// without an output directory, standard input with one or with a shard, two inputs
/// that would write the same output file, an output that would overwrite its input,
/// `resume` without an output file, an output file that is a directory, a bad glob),
/// found before anything is read; [`Error::Io`] when an output cannot be written (the
/// output being written is then removed: no file is left under its final name unless
/// it is complete); [`Error::BrokenPipe`] when `stdout` was closed by its reader.
pub fn run(
    cfg: &Config,
    cleaner: &Cleaner,
    stdin: &mut (dyn Read + Send),
    stdout: &mut dyn Write,
    on_failure: &mut dyn FnMut(&Failure),
) -> Result<Summary, Error> {
    let start = Instant::now();
    let threshold = cfg
        .repeated_lines
        .filter(|_| cleaner.categories().contains(Category::PageChrome));
    let expanded = expand(cfg)?;
    // The counting pass reads every input, whatever this run's share of them.
    let mut all = match threshold {
        Some(_) => expanded.clone(),
        None => Vec::new(),
    };
    let mut inputs = select(cfg, expanded)?;
    let threads = match cfg.threads {
        Some(n) => n,
        None => std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    if let Some(dir) = &cfg.output_dir {
        fs::create_dir_all(dir).map_err(|e| {
            Error::io(
                "cannot create output directory",
                dir,
                e,
                "check the path and its permissions",
            )
        })?;
    }
    let mut skipped = 0;
    let main = match &cfg.output {
        None => Main::Stdout(stdout),
        Some(path) if cfg.resume && path.is_file() => {
            // Done by an earlier run: nothing to read.
            inputs.clear();
            skipped = 1;
            remove_stale(path);
            Main::Done
        }
        Some(path) => Main::File(OutFile::create(
            path,
            Compression::from_extension(path),
            "output file",
        )?),
    };
    let report = match &cfg.report {
        None => None,
        Some(path) => Some(OutFile::create(
            path,
            Compression::from_extension(path),
            "report file",
        )?),
    };
    let pool = if threads <= 1 {
        None
    } else {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .thread_name(|i| format!("deboiler-clean-{i}"))
            .build()
            .map_err(|e| {
                Error::Config(format!(
                    "cannot start worker threads: {}; try a smaller --threads",
                    lowercase_first(&e.to_string())
                ))
            })?;
        Some(pool)
    };
    // Nothing to clean, nothing to count.
    let threshold = threshold.filter(|_| !inputs.is_empty());
    if threshold.is_none() {
        all.clear();
    }
    // Removed when the run ends, however it ends.
    let mut _spool = None;
    if threshold.is_some() && all.iter().any(|i| matches!(i.source, Source::Stdin)) {
        let spool = Spool::new(stdin)?;
        for input in all.iter_mut().chain(inputs.iter_mut()) {
            if matches!(input.source, Source::Stdin) {
                input.source = Source::File(spool.path.clone());
            }
        }
        _spool = Some(spool);
    }
    if let Some(p) = &cfg.progress {
        let total = match threshold {
            Some(_) => total_bytes(&all)
                .zip(total_bytes(&inputs))
                .map(|(a, b)| a + b),
            None => total_bytes(&inputs),
        };
        p.total_bytes.store(total.unwrap_or(0), Ordering::Relaxed);
    }
    let mut found = None;
    let repeating;
    let cleaner = match threshold {
        None => cleaner,
        Some(threshold) => {
            let counter = count_lines(cfg, cleaner, &all, stdin, pool.as_ref(), threads)?;
            let lines = Arc::new(counter.repeated(&threshold));
            found = Some(RepeatedStats::of(&lines));
            repeating = cleaner.with_repeated_lines(lines);
            &repeating
        }
    };
    let mut writer = Writer {
        main,
        sink: Sink::Main,
        report,
        summary: Summary {
            skipped,
            repeated: found,
            ..Summary::default()
        },
        on_failure,
        outputs_done: 0,
        abort_after: cfg.abort_after_outputs,
        progress: cfg.progress.as_deref(),
    };
    let ctx = Ctx {
        cfg,
        cleaner,
        inputs: &inputs,
        want_report: cfg.report.is_some(),
        gzip_report: cfg
            .report
            .as_deref()
            .is_some_and(|p| Compression::from_extension(p) == Compression::Gzip),
        chunks: threads * 4,
        // Enough for the pieces of every batch in flight.
        buffers: Buffers::new(2 * threads * 4 * (IN_FLIGHT + 1)),
    };
    let work = |batch: Batch, parallel: bool| clean_batch(batch, &ctx, parallel);
    let mut sink = |segments: Vec<Segment>| writer.write(segments, &ctx.buffers);
    pipeline(
        Reader::new(cfg, &inputs),
        stdin,
        pool.as_ref(),
        &work,
        &mut sink,
    )?;
    let mut summary = writer.finish()?;
    summary.elapsed = start.elapsed();
    if let Some(path) = &cfg.stats {
        let json = serde_json::to_string_pretty(&summary.stats()).expect("stats serialize");
        let mut file = OutFile::create(path, Compression::None, "stats file")?;
        file.write_all(json.as_bytes())?;
        file.write_all(b"\n")?;
        file.commit()?;
    }
    Ok(summary)
}

/// Runs one pass over the inputs of `reader`: `work` turns each batch into a result
/// (splitting it over the pool when told it runs there) and gives back the batch's
/// buffer; `sink` takes the results in input order, on this thread.
///
/// Without a pool, reading, working and the sink take turns on this thread. With one,
/// the reader runs on its own thread and hands each batch to the pool as soon as it is
/// full; the pool works on up to [`IN_FLIGHT`] batches at once; this thread puts the
/// results back in order. A batch's slot is given back to the reader when its result
/// went to the sink. An error from the sink stops the pass.
fn pipeline<T: Send>(
    mut reader: Reader<'_>,
    stdin: &mut (dyn Read + Send),
    pool: Option<&rayon::ThreadPool>,
    work: &(dyn Fn(Batch, bool) -> (T, Vec<u8>) + Sync),
    sink: &mut dyn FnMut(T) -> Result<(), Error>,
) -> Result<(), Error> {
    let Some(pool) = pool else {
        let mut failed = None;
        let mut emit = |batch: Batch| {
            let (result, buf) = work(batch, false);
            match sink(result) {
                Ok(()) => Some(buf),
                Err(e) => {
                    failed = Some(e);
                    None
                }
            }
        };
        reader.run(stdin, &mut emit);
        return failed.map_or(Ok(()), Err);
    };
    // A slot is a batch buffer: the reader takes one to fill, the sink gives it
    // back once the batch's result is taken.
    let (slot_tx, slot_rx) = mpsc::sync_channel::<Vec<u8>>(IN_FLIGHT);
    for _ in 0..IN_FLIGHT {
        slot_tx.send(Vec::new()).expect("the channel has room");
    }
    let (done_tx, done_rx) = mpsc::channel::<(u64, T, Vec<u8>)>();
    let stop = AtomicBool::new(false);
    std::thread::scope(|s| {
        let stop = &stop;
        let reader_thread = std::thread::Builder::new().name("deboiler-read".to_string());
        let spawned = reader_thread.spawn_scoped(s, move || {
            pool.in_place_scope(|scope| {
                let mut emit = |batch: Batch| {
                    if stop.load(Ordering::Relaxed) {
                        return None;
                    }
                    let buf = slot_rx.recv().ok()?;
                    let done_tx = done_tx.clone();
                    scope.spawn(move |_| {
                        let seq = batch.seq;
                        let (result, buf) = work(batch, true);
                        // The sink is gone only after an error; the pass is over.
                        let _ = done_tx.send((seq, result, buf));
                    });
                    Some(buf)
                };
                reader.run(stdin, &mut emit);
            });
            // `done_tx` is dropped here, after every batch was sent: the loop
            // below ends.
        });
        if let Err(e) = spawned {
            return Err(Error::Config(format!(
                "cannot start the reader thread: {}; try --threads 1",
                io_message(&e)
            )));
        }
        let mut waiting = BTreeMap::new();
        let mut next = 0;
        for (seq, result, buf) in &done_rx {
            waiting.insert(seq, (result, buf));
            while let Some((result, buf)) = waiting.remove(&next) {
                if let Err(e) = sink(result) {
                    // Stop the reader: no more slots, and it checks the flag.
                    stop.store(true, Ordering::Relaxed);
                    drop(slot_tx);
                    drop(done_rx);
                    return Err(e);
                }
                next += 1;
                let _ = slot_tx.send(buf);
            }
        }
        Ok(())
    })
}

/// The counting pass of [`Config::repeated_lines`]: fingerprints the documents of
/// `inputs` on the pool, and counts them in input order (see [`crate::repeated`] for
/// why the order is fixed). Inputs and records that cannot be read are skipped
/// silently: the cleaning pass reports those of its share.
fn count_lines(
    cfg: &Config,
    cleaner: &Cleaner,
    inputs: &[Input],
    stdin: &mut (dyn Read + Send),
    pool: Option<&rayon::ThreadPool>,
    threads: usize,
) -> Result<LineCounter, Error> {
    let mut counter = LineCounter::with_capacity(cfg.repeated_capacity);
    let chunks = threads * 4;
    let work = |batch: Batch, parallel: bool| count_batch(batch, cfg, cleaner, parallel, chunks);
    let mut sink = |counted: Counted| {
        let mut from = 0;
        for &end in &counted.ends {
            counter.add_fingerprints(&counted.fingerprints[from..end]);
            from = end;
        }
        Ok(())
    };
    let mut reader = Reader::new(cfg, inputs);
    reader.counting = true;
    pipeline(reader, stdin, pool, &work, &mut sink)?;
    Ok(counter)
}

/// The fingerprints of a run of documents: document `i` has
/// `fingerprints[ends[i - 1]..ends[i]]`.
#[derive(Default)]
struct Counted {
    fingerprints: Vec<u64>,
    ends: Vec<usize>,
}

impl Counted {
    fn add(&mut self, text: &str) {
        document_fingerprints(text, &mut self.fingerprints);
        self.ends.push(self.fingerprints.len());
    }

    fn append(&mut self, other: Counted) {
        let base = self.fingerprints.len();
        self.fingerprints.extend_from_slice(&other.fingerprints);
        self.ends.extend(other.ends.iter().map(|e| e + base));
    }
}

/// Fingerprints the documents of a batch, on the pool in pieces when `parallel`, each
/// read exactly as [`clean_items`] reads it for cleaning. Gives back the buffer.
fn count_batch(
    batch: Batch,
    cfg: &Config,
    cleaner: &Cleaner,
    parallel: bool,
    chunks: usize,
) -> (Counted, Vec<u8>) {
    let Batch { buf, items, .. } = batch;
    let count = |items: Vec<Item>| {
        let mut counted = Counted::default();
        for item in items {
            match item {
                Item::Text {
                    bytes, html: true, ..
                } => counted.add(&cleaner.extract_html_bytes(&bytes, cfg.encoding)),
                Item::Text { bytes, .. } => counted.add(&decode_with(&bytes, cfg.encoding).text),
                Item::Record { range, .. } => {
                    // A record that would fail is not a document: `None`, not counted.
                    let _ = jsonl::with_field(&buf[range], &cfg.field, |t| {
                        if cfg.html_field {
                            counted.add(&cleaner.extract_html(t));
                        } else {
                            counted.add(t);
                        }
                    });
                }
                Item::Line { range, .. } => {
                    counted.add(&decode_with(&buf[range], cfg.encoding).text);
                }
                Item::Begin { .. } | Item::Fail(_) => {}
            }
        }
        counted
    };
    let counted = if !parallel || items.len() < 2 {
        count(items)
    } else {
        let pieces = split_items(items, chunks);
        let parts: Vec<Counted> = pieces.into_par_iter().map(count).collect();
        let mut all = Counted::default();
        for part in parts {
            all.append(part);
        }
        all
    };
    (counted, buf)
}

/// Standard input copied to a temporary file for [`Config::repeated_lines`], which
/// reads its inputs twice; the file is removed when this is dropped.
struct Spool {
    path: PathBuf,
}

impl Spool {
    /// Copies `stdin`, as it comes (compressed or not), to a new file in the system's
    /// temporary directory.
    fn new(stdin: &mut dyn Read) -> Result<Spool, Error> {
        let dir = std::env::temp_dir();
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        const HINT: &str = "free some space there, or set TMPDIR to a directory with room \
                            for a copy of standard input, or give the input as a file";
        let mut attempt = 0u32;
        let (path, file) = loop {
            let name = format!(".deboiler-stdin-{}-{stamp}-{attempt}", std::process::id());
            let path = dir.join(name);
            match fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(f) => break (path, f),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists && attempt < 100 => {
                    attempt += 1;
                }
                Err(e) => {
                    return Err(Error::io(
                        "cannot create a temporary copy of standard input in",
                        &dir,
                        e,
                        HINT,
                    ))
                }
            }
        };
        let spool = Spool { path };
        let mut w = BufWriter::with_capacity(BLOCK, file);
        let mut buf = vec![0u8; BLOCK];
        loop {
            let n = match stdin.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    return Err(Error::io(
                        "cannot read",
                        Path::new("standard input"),
                        e,
                        "check the program writing to it",
                    ))
                }
            };
            w.write_all(&buf[..n])
                .map_err(|e| Error::io("cannot write", &spool.path, e, HINT))?;
        }
        w.flush()
            .map_err(|e| Error::io("cannot write", &spool.path, e, HINT))?;
        Ok(spool)
    }
}

impl Drop for Spool {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
    }
}

/// The total size of the inputs as stored, for progress; `None` with standard input.
fn total_bytes(inputs: &[Input]) -> Option<u64> {
    let mut total = 0;
    for input in inputs {
        match &input.source {
            Source::Stdin => return None,
            Source::File(path) => {
                let size = fs::metadata(path).map_or(0, |m| m.len());
                total += match input.part {
                    Some(shard) => shard.range(size).end,
                    None => size,
                };
            }
            Source::Failed(_) => {}
        }
    }
    Some(total)
}

/// Where an input comes from.
#[derive(Clone, Debug)]
enum Source {
    Stdin,
    File(PathBuf),
    /// The input could not even be listed (an unreadable directory entry).
    Failed(Failure),
}

/// One input document stream, after directories are expanded.
#[derive(Clone, Debug)]
struct Input {
    source: Source,
    /// The path as given or walked, or `-`: the id of its documents and the location
    /// of its failures.
    name: String,
    /// The output path under the output directory, before its extension is chosen.
    out: Option<PathBuf>,
    /// The format from the flag and the file name alone (`Auto` means: sniff).
    format: Format,
    /// Only the lines of this shard of the file's bytes are read (`--shard` with a
    /// single input file).
    part: Option<Shard>,
}

/// Checks the flags against each other and expands directories: every input of the
/// run, before [`select`] takes this run's shard.
fn expand(cfg: &Config) -> Result<Vec<Input>, Error> {
    check_outputs_config(cfg)?;
    let globs = Globs::new(&cfg.globs)?;
    let default_stdin = [PathBuf::from("-")];
    let args: &[PathBuf] = if cfg.inputs.is_empty() {
        &default_stdin
    } else {
        &cfg.inputs
    };
    let out_dir = cfg.output_dir.as_deref();
    let mut inputs = Vec::new();
    let mut stdin_seen = false;
    for arg in args {
        if arg.as_os_str() == "-" {
            if out_dir.is_some() {
                return Err(Error::Config(
                    "standard input (-) cannot be written into an output directory; \
                     give input files, or drop --output-dir and write to standard output \
                     or --output FILE"
                        .to_string(),
                ));
            }
            if stdin_seen {
                return Err(Error::Config(
                    "standard input (-) is given more than once; give it once".to_string(),
                ));
            }
            stdin_seen = true;
            inputs.push(Input {
                source: Source::Stdin,
                name: "-".to_string(),
                out: None,
                format: cfg.format,
                part: None,
            });
            continue;
        }
        if !arg.is_dir() {
            // A missing or unreadable file stays an input: reading it fails in order,
            // is reported, and the other inputs are still cleaned.
            let out = out_dir.map(|d| match arg.file_name() {
                Some(name) => d.join(name),
                None => d.join(arg),
            });
            inputs.push(Input {
                source: Source::File(arg.clone()),
                name: arg.display().to_string(),
                out,
                format: format_from_name(cfg.format, arg),
                part: None,
            });
            continue;
        }
        let Some(out_dir) = out_dir else {
            return Err(Error::Config(format!(
                "{} is a directory; give --output-dir DIR to write one cleaned file per \
                 input (the tree is mirrored there)",
                arg.display()
            )));
        };
        let walk = walkdir::WalkDir::new(arg)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                !(e.depth() > 0
                    && e.file_type().is_dir()
                    && globs.excludes(e.path().strip_prefix(arg).unwrap_or(e.path())))
            });
        for entry in walk {
            match entry {
                Ok(e) if e.file_type().is_file() => {
                    let path = e.into_path();
                    let rel = path.strip_prefix(arg).unwrap_or(&path).to_path_buf();
                    if !globs.wants(&rel) {
                        continue;
                    }
                    inputs.push(Input {
                        name: path.display().to_string(),
                        out: Some(out_dir.join(rel)),
                        format: format_from_name(cfg.format, &path),
                        source: Source::File(path),
                        part: None,
                    });
                }
                Ok(_) => {}
                Err(e) => {
                    let location = e.path().unwrap_or(arg).display().to_string();
                    let message = match e.io_error() {
                        Some(io) => format!(
                            "cannot read directory: {}; check its permissions",
                            io_message(io)
                        ),
                        None => "symbolic link loop; remove the link or the loop".to_string(),
                    };
                    inputs.push(Input {
                        name: location.clone(),
                        source: Source::Failed(Failure { location, message }),
                        out: None,
                        format: cfg.format,
                        part: None,
                    });
                }
            }
        }
    }
    Ok(inputs)
}

/// Takes this run's shard of the [`expand`]ed inputs, and predicts output paths so
/// that two inputs never silently write the same file.
fn select(cfg: &Config, mut inputs: Vec<Input>) -> Result<Vec<Input>, Error> {
    if let Some(shard) = cfg.shard {
        inputs = take_shard(inputs, shard)?;
    }
    check_outputs(cfg, &inputs)?;
    Ok(inputs)
}

/// Refuses output flags that cannot work together.
fn check_outputs_config(cfg: &Config) -> Result<(), Error> {
    if cfg.output.is_some() && cfg.output_dir.is_some() {
        return Err(Error::Config(
            "give either --output FILE (one stream) or --output-dir DIR (one file per \
             input), not both"
                .to_string(),
        ));
    }
    if let Some(path) = &cfg.output {
        if path.is_dir() {
            return Err(Error::Config(format!(
                "--output {} is a directory; --output names one file for everything; \
                 to write one file per input into a directory, give --output-dir {}",
                path.display(),
                path.display()
            )));
        }
    }
    if cfg.compress.is_some() && cfg.output_dir.is_none() {
        return Err(Error::Config(
            "--compress applies to --output-dir; the compression of --output FILE \
             follows its extension (.gz, .zst)"
                .to_string(),
        ));
    }
    if cfg.resume && cfg.output.is_none() && cfg.output_dir.is_none() {
        return Err(Error::Config(
            "--resume needs --output FILE or --output-dir DIR: what was written to \
             standard output cannot be checked"
                .to_string(),
        ));
    }
    Ok(())
}

/// The inputs of shard `shard` (see [`Shard`]).
fn take_shard(mut inputs: Vec<Input>, shard: Shard) -> Result<Vec<Input>, Error> {
    if inputs.iter().any(|i| matches!(i.source, Source::Stdin)) {
        return Err(Error::Config(
            "standard input cannot be sharded; give files (or a directory) with --shard"
                .to_string(),
        ));
    }
    if let [input] = &mut inputs[..] {
        if matches!(input.source, Source::File(_)) {
            if shard.count > 1 {
                input.part = Some(shard);
            }
            return Ok(inputs);
        }
    }
    // Contiguous runs of about equal size; +1 so that empty files count too.
    let weights: Vec<u64> = inputs
        .iter()
        .map(|i| match &i.source {
            Source::File(path) => fs::metadata(path).map_or(0, |m| m.len()) + 1,
            _ => 1,
        })
        .collect();
    let total: u64 = weights.iter().sum();
    let mut start = 0u64;
    let mut mine = Vec::new();
    for (input, w) in inputs.into_iter().zip(weights) {
        let owner = u128::from(start) * u128::from(shard.count) / u128::from(total.max(1));
        if owner == u128::from(shard.index - 1) {
            mine.push(input);
        }
        start += w;
    }
    Ok(mine)
}

/// The `--glob` patterns of directory walks.
struct Globs {
    include: Option<GlobSet>,
    exclude: Option<GlobSet>,
}

impl Globs {
    fn new(patterns: &[String]) -> Result<Globs, Error> {
        let (mut include, mut exclude) = (GlobSetBuilder::new(), GlobSetBuilder::new());
        let (mut any_include, mut any_exclude) = (false, false);
        for given in patterns {
            let (set, pattern) = match given.strip_prefix('!') {
                Some(p) => {
                    any_exclude = true;
                    (&mut exclude, p)
                }
                None => {
                    any_include = true;
                    (&mut include, given.as_str())
                }
            };
            let full = match pattern.strip_prefix('/') {
                Some(anchored) => anchored.to_string(),
                None if pattern.contains('/') => pattern.to_string(),
                None => format!("**/{pattern}"),
            };
            let glob = GlobBuilder::new(&full)
                .literal_separator(true)
                .build()
                .map_err(|e| {
                    Error::Config(format!(
                        "invalid --glob \"{given}\": {}; write e.g. \"*.jsonl\", \
                         \"news/**/*.gz\" or \"!drafts\"",
                        e.kind()
                    ))
                })?;
            set.add(glob);
        }
        let build = |b: GlobSetBuilder, any: bool| -> Result<Option<GlobSet>, Error> {
            if !any {
                return Ok(None);
            }
            b.build()
                .map(Some)
                .map_err(|e| Error::Config(format!("invalid --glob: {}", e.kind())))
        };
        Ok(Globs {
            include: build(include, any_include)?,
            exclude: build(exclude, any_exclude)?,
        })
    }

    /// Whether a walked file, at `rel` under its directory input, is read.
    fn wants(&self, rel: &Path) -> bool {
        self.include.as_ref().is_none_or(|s| s.is_match(rel)) && !self.excludes(rel)
    }

    /// Whether `rel` matches a `!GLOB`.
    fn excludes(&self, rel: &Path) -> bool {
        self.exclude.as_ref().is_some_and(|s| s.is_match(rel))
    }
}

/// `path` without a compression extension (`a.jsonl.gz` is `a.jsonl`), for judging
/// its format and naming its output.
fn without_compression_ext(path: &Path) -> PathBuf {
    match path.extension().and_then(|e| e.to_str()) {
        Some("gz" | "zst") => path.with_extension(""),
        _ => path.to_path_buf(),
    }
}

/// The format an input will be read in when the flag says `auto`, judging by its name.
fn format_from_name(flag: Format, path: &Path) -> Format {
    match flag {
        Format::Auto if is_jsonl_name(path) => Format::Jsonl,
        Format::Auto if is_html_name(path) => Format::Html,
        f => f,
    }
}

/// Whether `path` names an HTML page: `.html`, `.htm` or `.xhtml` in any case, before
/// a compression extension.
pub(crate) fn is_html_name(path: &Path) -> bool {
    has_extension(path, &["html", "htm", "xhtml"])
}

fn is_jsonl_name(path: &Path) -> bool {
    has_extension(path, &["jsonl", "ndjson"])
}

/// Whether `path`, without a compression extension, ends in one of `exts` (in any case:
/// `PAGE.HTML` is a page too).
fn has_extension(path: &Path, exts: &[&str]) -> bool {
    without_compression_ext(path)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| exts.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

/// The output file of an input read as `format`: its extension becomes `.jsonl` for
/// JSON Lines and `.txt` for text, with `.shard-I-of-N` before it for a part of a file,
/// and the compression's extension after it.
fn output_path(
    out: &Path,
    format: Format,
    compression: Compression,
    part: Option<Shard>,
) -> PathBuf {
    let ext = if format == Format::Jsonl {
        "jsonl"
    } else {
        "txt"
    };
    let ext = match part {
        Some(s) => format!("shard-{}-of-{}.{ext}", s.index, s.count),
        None => ext.to_string(),
    };
    let mut name: OsString = without_compression_ext(out).with_extension(ext).into();
    name.push(compression.extension());
    name.into()
}

/// Refuses inputs that would write the same output file, or overwrite themselves.
fn check_outputs(cfg: &Config, inputs: &[Input]) -> Result<(), Error> {
    let same_file = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    for main in [&cfg.output, &cfg.report, &cfg.stats].into_iter().flatten() {
        for input in inputs {
            if let Source::File(path) = &input.source {
                if main.exists() && same_file(main, path) {
                    return Err(Error::Config(format!(
                        "{} is an input and an output; choose another output file",
                        main.display()
                    )));
                }
            }
        }
    }
    let mut seen: HashMap<PathBuf, &str> = HashMap::new();
    for input in inputs {
        let (Some(out), Source::File(path)) = (&input.out, &input.source) else {
            continue;
        };
        let compression = cfg
            .compress
            .unwrap_or_else(|| Compression::from_extension(path));
        let out = output_path(out, input.format, compression, input.part);
        if let Some(other) = seen.insert(out.clone(), &input.name) {
            return Err(Error::Config(format!(
                "{other} and {} would both be written to {}; clean them in separate runs \
                 or into different --output-dir directories",
                input.name,
                out.display()
            )));
        }
        if out.exists() && same_file(&out, path) {
            return Err(Error::Config(format!(
                "cleaning {} into {} would overwrite the input; choose another \
                 --output-dir directory",
                input.name,
                out.display()
            )));
        }
    }
    Ok(())
}

/// Where the documents of an input go, decided by the reader when the input begins.
#[derive(Debug)]
enum Dest {
    /// The one output stream (standard output or `--output FILE`).
    Main,
    /// Its own file under the output directory.
    File {
        path: PathBuf,
        compression: Compression,
    },
    /// Another input already wrote that file; the input is not read.
    Clash,
    /// `--resume`: the file exists, an earlier run completed it; the input is not read.
    Done(PathBuf),
}

/// A unit of work, in input order.
enum Item {
    /// An input starts (closes the previous input's output, opens its own).
    Begin { dest: Dest },
    /// A whole text document, or an HTML page when `html`.
    Text {
        input: usize,
        bytes: Vec<u8>,
        html: bool,
    },
    /// One non-blank JSON Lines record, at `range` of the batch's buffer (`line`
    /// counts from 1).
    Record {
        input: usize,
        line: usize,
        range: Range<usize>,
    },
    /// One line of a `--format lines` input, at `range` of the batch's buffer.
    Line {
        input: usize,
        line: usize,
        range: Range<usize>,
    },
    /// Something that already failed while reading.
    Fail(Failure),
}

/// Items in input order, and the bytes their lines point into (one buffer per batch
/// instead of one allocation per line).
struct Batch {
    seq: u64,
    /// The lines read, in `buf[..filled]`. The bytes after them are room for the next
    /// read: a buffer is reused with its length kept, so that reading into it needs no
    /// zeroing (see [`Reader::read_lines`]).
    buf: Vec<u8>,
    filled: usize,
    items: Vec<Item>,
    /// Bytes of the whole text documents among the items.
    text_bytes: usize,
    /// Whether the output the batch's first documents go to is gzip (it was begun
    /// in an earlier batch).
    gzip: bool,
}

impl Batch {
    fn new(seq: u64, gzip: bool) -> Batch {
        Batch {
            seq,
            buf: Vec::new(),
            filled: 0,
            items: Vec::new(),
            text_bytes: 0,
            gzip,
        }
    }
}

/// The batch was not taken: the writer stopped, the run is over.
struct Stop;

/// How the reader reads lines.
#[derive(Clone, Copy, PartialEq, Eq)]
enum LineKind {
    /// JSON Lines: blank lines are skipped, a BOM before the first is dropped.
    Record,
    /// `--format lines`: every line is a document; `\r\n` endings are taken off.
    Line,
}

/// Takes a full batch and gives back an emptied buffer of an earlier one to fill next
/// (so batch buffers are reused, not allocated and faulted in again), or `None`: the
/// writer stopped, the run is over.
type Emit<'e> = dyn FnMut(Batch) -> Option<Vec<u8>> + 'e;

/// Reads inputs in order into batches, and hands each full batch to `emit`.
struct Reader<'a> {
    cfg: &'a Config,
    inputs: &'a [Input],
    batch: Batch,
    /// Output files claimed so far: an input whose format or compression is only
    /// known after opening it cannot clobber another's output.
    claimed: HashSet<PathBuf>,
    /// Whether the current input's output is gzip.
    gzip: bool,
    /// The buffer the next batch is read into: a full batch's unfinished line is
    /// copied to its start before the batch is handed over, and the buffer handed back
    /// becomes the next spare.
    spare: Vec<u8>,
    /// Reading for the counting pass of [`Config::repeated_lines`]: every input is
    /// read, and nothing is claimed or skipped as done.
    counting: bool,
}

/// Read block size: the most bytes taken from an input at once.
///
/// 64 KiB: a batch ends after a line inside the last block read, and the rest of that
/// block is copied to the next batch; smaller blocks copy less.
const BLOCK: usize = 1 << 16;

impl<'a> Reader<'a> {
    fn new(cfg: &'a Config, inputs: &'a [Input]) -> Reader<'a> {
        Reader {
            cfg,
            inputs,
            batch: Batch::new(0, false),
            claimed: HashSet::new(),
            gzip: false,
            spare: Vec::new(),
            counting: false,
        }
    }

    /// Reads every input, then hands over the last batch.
    fn run(&mut self, stdin: &mut (dyn Read + Send), emit: &mut Emit<'_>) {
        for i in 0..self.inputs.len() {
            if self.read_input(i, stdin, emit).is_err() {
                return;
            }
        }
        let _ = self.emit(emit);
    }

    fn is_full(&self) -> bool {
        self.is_full_at(self.batch.filled)
    }

    /// Whether the batch is full when its complete lines end at `lines_end` of the
    /// buffer.
    fn is_full_at(&self, lines_end: usize) -> bool {
        self.batch.items.len() >= self.cfg.batch_docs.max(1)
            || lines_end + self.batch.text_bytes >= self.cfg.batch_bytes
    }

    /// Hands over the batch (if it holds anything) and starts the next.
    fn emit(&mut self, emit: &mut Emit<'_>) -> Result<(), Stop> {
        self.emit_keeping(0, emit)
    }

    /// [`Reader::emit`], with the batch's last `keep` bytes (an unfinished line) moved
    /// to the start of the next batch.
    fn emit_keeping(&mut self, keep: usize, emit: &mut Emit<'_>) -> Result<(), Stop> {
        let from = self.batch.filled - keep;
        if self.batch.items.is_empty() {
            // Only skipped blank lines: nothing to hand over, the batch starts again.
            self.batch.buf.copy_within(from..from + keep, 0);
            self.batch.filled = keep;
            return Ok(());
        }
        let mut next = Batch::new(self.batch.seq + 1, self.gzip);
        next.buf = std::mem::take(&mut self.spare);
        if next.buf.len() < keep {
            next.buf.resize(keep, 0);
        }
        next.buf[..keep].copy_from_slice(&self.batch.buf[from..from + keep]);
        next.filled = keep;
        // The handed-back buffer keeps its length: its bytes are room to read into.
        self.spare = emit(std::mem::replace(&mut self.batch, next)).ok_or(Stop)?;
        Ok(())
    }

    fn push(&mut self, item: Item, emit: &mut Emit<'_>) -> Result<(), Stop> {
        if let Item::Text { bytes, .. } = &item {
            self.batch.text_bytes += bytes.len();
        }
        self.batch.items.push(item);
        if self.is_full() {
            self.emit(emit)?;
        }
        Ok(())
    }

    fn read_input(
        &mut self,
        i: usize,
        stdin: &mut (dyn Read + Send),
        emit: &mut Emit<'_>,
    ) -> Result<(), Stop> {
        let input = &self.inputs[i];
        let progress = self.cfg.progress.as_deref();
        match &input.source {
            Source::Failed(f) => self.push(Item::Fail(f.clone()), emit),
            Source::Stdin => {
                let r = BufReader::with_capacity(
                    BLOCK,
                    Counting {
                        inner: stdin,
                        progress,
                    },
                );
                self.read_stream(i, Box::new(r), 0, emit)
            }
            Source::File(path) => {
                if let Some(part) = input.part {
                    return self.read_part(i, path, part, emit);
                }
                match File::open(path) {
                    Ok(f) => {
                        // A text file is read whole: reserve its size once instead of
                        // growing the buffer (and faulting in new pages) step by step.
                        let size = f.metadata().map_or(0, |m| m.len());
                        let r = BufReader::with_capacity(BLOCK, Counting { inner: f, progress });
                        let size = usize::try_from(size).unwrap_or(0);
                        self.read_stream(i, Box::new(r), size, emit)
                    }
                    Err(e) => self.push(Item::Fail(read_failure(&input.name, &e)), emit),
                }
            }
        }
    }

    /// Reads input `i` from `r`, decompressing it first when it starts with the magic
    /// bytes of gzip or zstd (whatever its name says). `size` is the size on disk, a
    /// hint for uncompressed input.
    fn read_stream(
        &mut self,
        i: usize,
        r: Box<dyn BufRead + '_>,
        size: usize,
        emit: &mut Emit<'_>,
    ) -> Result<(), Stop> {
        let name = &self.inputs[i].name;
        let (compression, mut r) = match decompress(r) {
            Ok(found) => found,
            Err(e) => return self.push(Item::Fail(read_failure(name, &e)), emit),
        };
        let (prefix, format) = match self.inputs[i].format {
            Format::Auto => match sniff(&mut r) {
                Ok(found) => found,
                Err(e) => return self.push(Item::Fail(read_failure(name, &e)), emit),
            },
            f => (Vec::new(), f),
        };
        if !self.begin(i, format, compression, emit)? {
            return Ok(());
        }
        let kind = match format {
            Format::Jsonl => LineKind::Record,
            Format::Lines => LineKind::Line,
            Format::Auto | Format::Text | Format::Html => {
                let html = format == Format::Html;
                let mut bytes = prefix;
                let size = if compression == Compression::None {
                    size
                } else {
                    0
                };
                bytes.reserve(size.saturating_sub(bytes.len()) + 1);
                let read = r.read_to_end(&mut bytes).map(|_| bytes);
                return self.push_whole(i, read, html, emit);
            }
        };
        let mut r = Cursor::new(prefix).chain(r);
        self.read_lines(i, &mut r, kind, 1, 0, None, emit)
    }

    /// Queues input `i` read whole (a text document or an HTML page when `html`), or
    /// its read failure.
    fn push_whole(
        &mut self,
        i: usize,
        read: io::Result<Vec<u8>>,
        html: bool,
        emit: &mut Emit<'_>,
    ) -> Result<(), Stop> {
        let item = match read {
            Ok(bytes) => Item::Text {
                input: i,
                bytes,
                html,
            },
            Err(e) => Item::Fail(read_failure(&self.inputs[i].name, &e)),
        };
        self.push(item, emit)
    }

    /// Reads this shard's lines of a single input file (see [`Shard`]).
    fn read_part(
        &mut self,
        i: usize,
        path: &Path,
        shard: Shard,
        emit: &mut Emit<'_>,
    ) -> Result<(), Stop> {
        let name = &self.inputs[i].name;
        let open = || -> io::Result<(Compression, Box<dyn BufRead>, u64)> {
            let f = File::open(path)?;
            let size = f.metadata()?.len();
            decompress(Box::new(BufReader::with_capacity(BLOCK, f))).map(|(c, r)| (c, r, size))
        };
        // First look: compression, format and (decompressed) size.
        let first = open().and_then(|(compression, mut r, size)| {
            let format = match self.inputs[i].format {
                Format::Auto => sniff(&mut r)?.1,
                f => f,
            };
            let size = match compression {
                Compression::None => size,
                _ => io::copy(&mut r, &mut io::sink())?,
            };
            Ok((compression, format, size))
        });
        let (compression, format, size) = match first {
            Ok(found) => found,
            Err(e) => return self.push(Item::Fail(read_failure(name, &e)), emit),
        };
        if !self.begin(i, format, compression, emit)? {
            return Ok(());
        }
        let kind = match format {
            Format::Jsonl => LineKind::Record,
            Format::Lines => LineKind::Line,
            // One document: the first shard takes it.
            Format::Auto | Format::Text | Format::Html if shard.index > 1 => return Ok(()),
            Format::Auto | Format::Text | Format::Html => {
                let html = format == Format::Html;
                let mut bytes = Vec::new();
                let read = open().and_then(|(_, mut r, _)| r.read_to_end(&mut bytes));
                return self.push_whole(i, read.map(|_| bytes), html, emit);
            }
        };
        let range = shard.range(size);
        let progress = self.cfg.progress.as_deref();
        let reopened = File::open(path).and_then(|f| {
            let r = BufReader::with_capacity(BLOCK, Counting { inner: f, progress });
            let (_, mut r) = decompress(Box::new(r))?;
            let (line, pos) = skip_to(&mut r, range.start)?;
            Ok((r, line, pos))
        });
        match reopened {
            Ok((mut r, line, pos)) => {
                self.read_lines(i, &mut r, kind, line, pos, Some(range.end), emit)
            }
            Err(e) => self.push(Item::Fail(read_failure(name, &e)), emit),
        }
    }

    /// Decides where input `i` goes, now that its format and compression are known,
    /// and tells the writer. Returns whether to read it.
    fn begin(
        &mut self,
        i: usize,
        format: Format,
        compression: Compression,
        emit: &mut Emit<'_>,
    ) -> Result<bool, Stop> {
        if self.counting {
            return Ok(true);
        }
        let input = &self.inputs[i];
        let Some(out) = &input.out else {
            self.gzip = main_is_gzip(self.cfg);
            self.push(Item::Begin { dest: Dest::Main }, emit)?;
            return Ok(true);
        };
        let compression = self.cfg.compress.unwrap_or(compression);
        let path = output_path(out, format, compression, input.part);
        let (dest, read) = if !self.claimed.insert(path.clone()) {
            (Dest::Clash, false)
        } else if self.cfg.resume && path.is_file() {
            (Dest::Done(path.clone()), false)
        } else {
            (
                Dest::File {
                    path: path.clone(),
                    compression,
                },
                true,
            )
        };
        let clash = matches!(dest, Dest::Clash);
        self.gzip = compression == Compression::Gzip;
        self.push(Item::Begin { dest }, emit)?;
        if clash {
            let what = match format {
                Format::Jsonl => "JSON Lines",
                Format::Lines => "lines",
                Format::Html => "HTML",
                Format::Auto | Format::Text => "text",
            };
            let message = format!(
                "read as {what} its output would be {}, which another input already \
                 wrote; rename one of them or give --format",
                path.display()
            );
            self.push(
                Item::Fail(Failure {
                    location: input.name.clone(),
                    message,
                }),
                emit,
            )?;
        }
        Ok(read)
    }

    /// Splits `r` into lines, straight into the batch buffer: line `line` (counting
    /// from 1) starts at offset `pos` of the stream; a line starting at or after `end`
    /// is not read.
    ///
    /// The input is read straight into the batch buffer, [`BLOCK`] bytes at a time:
    /// a `BufReader` hands a read that large to the reader beneath it, so the bytes are
    /// copied once, not once into its buffer and again into the batch.
    #[allow(clippy::too_many_arguments)]
    fn read_lines(
        &mut self,
        i: usize,
        r: &mut dyn BufRead,
        kind: LineKind,
        mut line: usize,
        mut pos: u64,
        end: Option<u64>,
        emit: &mut Emit<'_>,
    ) -> Result<(), Stop> {
        // `start` is where the unfinished line begins in the buffer (the complete
        // lines end there), `scan` how far it has been searched for its newline.
        let mut start = self.batch.filled;
        let mut scan = start;
        loop {
            let filled = self.batch.filled;
            if self.batch.buf.len() < filled + BLOCK {
                // Zeroed once: a buffer is reused with its length.
                self.batch.buf.resize(filled + BLOCK, 0);
            }
            let n = match r.read(&mut self.batch.buf[filled..filled + BLOCK]) {
                Ok(n) => n,
                Err(e) => {
                    self.batch.filled = start;
                    let location = format!("{}:{line}", self.inputs[i].name);
                    return self.push(Item::Fail(read_failure(&location, &e)), emit);
                }
            };
            if n == 0 {
                // The last line, without a newline.
                if start < filled && end.is_none_or(|e| pos < e) {
                    self.add_line(i, kind, line, start..filled);
                } else {
                    self.batch.filled = start;
                }
                return Ok(());
            }
            self.batch.filled += n;
            while let Some(k) = memchr::memchr(b'\n', &self.batch.buf[scan..self.batch.filled]) {
                if end.is_some_and(|e| pos >= e) {
                    self.batch.filled = start;
                    return Ok(());
                }
                let newline = scan + k;
                self.add_line(i, kind, line, start..newline);
                pos += (newline + 1 - start) as u64;
                line += 1;
                start = newline + 1;
                scan = start;
                // Batches end after a line, never at a read block's edge, so that
                // they (and the gzip members made of them) are the same however the
                // input arrives.
                if self.is_full_at(start) {
                    self.emit_keeping(self.batch.filled - start, emit)?;
                    (start, scan) = (0, 0);
                }
            }
            if end.is_some_and(|e| pos >= e) {
                self.batch.filled = start;
                return Ok(());
            }
            scan = self.batch.filled;
        }
    }

    /// Adds line `line` at `range` of the buffer (without its newline) to the batch.
    fn add_line(&mut self, i: usize, kind: LineKind, line: usize, mut range: Range<usize>) {
        let bytes = &self.batch.buf[range.clone()];
        let item = match kind {
            LineKind::Record => {
                if line == 1 && bytes.starts_with(BOM) {
                    range.start += BOM.len();
                }
                if self.batch.buf[range.clone()]
                    .iter()
                    .all(u8::is_ascii_whitespace)
                {
                    return;
                }
                Item::Record {
                    input: i,
                    line,
                    range,
                }
            }
            LineKind::Line => {
                if bytes.last() == Some(&b'\r') {
                    range.end -= 1;
                }
                Item::Line {
                    input: i,
                    line,
                    range,
                }
            }
        };
        self.batch.items.push(item);
    }
}

/// Counts the bytes read from an input, for progress.
struct Counting<'p, R> {
    inner: R,
    progress: Option<&'p Progress>,
}

impl<R: Read> Read for Counting<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Some(p) = self.progress {
            p.bytes_read.fetch_add(n as u64, Ordering::Relaxed);
        }
        Ok(n)
    }
}

/// The whole content of file `path`, decompressed when it starts with the magic bytes
/// of gzip or zstd.
pub(crate) fn read_decompressed(path: &Path) -> io::Result<Vec<u8>> {
    let f = File::open(path)?;
    let (_, mut r) = decompress(Box::new(BufReader::with_capacity(BLOCK, f)))?;
    let mut bytes = Vec::new();
    r.read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// The stream decompressed when it starts with the magic bytes of gzip or zstd.
fn decompress<'r>(
    mut r: Box<dyn BufRead + 'r>,
) -> io::Result<(Compression, Box<dyn BufRead + 'r>)> {
    let compression = Compression::of(r.fill_buf()?);
    let r: Box<dyn BufRead + 'r> = match compression {
        Compression::None => r,
        Compression::Gzip => Box::new(BufReader::with_capacity(
            BLOCK,
            flate2::bufread::MultiGzDecoder::new(r),
        )),
        Compression::Zstd => Box::new(BufReader::with_capacity(
            BLOCK,
            zstd::stream::read::Decoder::with_buffer(r)?,
        )),
    };
    Ok((compression, r))
}

/// Consumes the bytes before offset `start`, then the rest of the line `start` falls
/// inside of (that line belongs to the shard before). Returns the number of the next
/// line (from 1) and its offset.
fn skip_to(r: &mut dyn BufRead, start: u64) -> io::Result<(usize, u64)> {
    let (mut pos, mut newlines, mut last) = (0u64, 0usize, b'\n');
    while pos < start {
        let buf = r.fill_buf()?;
        if buf.is_empty() {
            return Ok((newlines + 1, pos));
        }
        let n = buf
            .len()
            .min(usize::try_from(start - pos).unwrap_or(usize::MAX));
        newlines += memchr::memchr_iter(b'\n', &buf[..n]).count();
        last = buf[n - 1];
        r.consume(n);
        pos += n as u64;
    }
    while last != b'\n' {
        let buf = r.fill_buf()?;
        if buf.is_empty() {
            break;
        }
        let (n, found) = match memchr::memchr(b'\n', buf) {
            Some(k) => (k + 1, true),
            None => (buf.len(), false),
        };
        r.consume(n);
        pos += n as u64;
        if found {
            newlines += 1;
            last = b'\n';
        }
    }
    Ok((newlines + 1, pos))
}

/// What the workers need to clean a batch.
struct Ctx<'a> {
    cfg: &'a Config,
    cleaner: &'a Cleaner,
    inputs: &'a [Input],
    want_report: bool,
    /// Whether the report is gzip: its lines are then compressed on the pool.
    gzip_report: bool,
    /// How many pieces a batch is cut into for the pool.
    chunks: usize,
    /// Output buffers to reuse.
    buffers: Buffers,
}

/// What the workers made of a run of items, in order.
enum Segment {
    Begin(Dest),
    Data(Box<Data>),
    Fail(Failure),
}

/// Cleaned documents of one input, back to back.
#[derive(Default)]
struct Data {
    out: Vec<u8>,
    /// Their report lines (empty without a report).
    report: Vec<u8>,
    /// Their counts.
    summary: Summary,
}

impl Data {
    /// Room for about `input` bytes of documents (clean text is rarely longer), so
    /// the buffers are not grown and copied document by document.
    fn with_capacity(input: usize, want_report: bool, buffers: &Buffers) -> Data {
        Data {
            out: buffers.take(input + input / 16),
            report: if want_report {
                buffers.take(input)
            } else {
                Vec::new()
            },
            summary: Summary::default(),
        }
    }
}

/// Output buffers the writer has emptied, for the workers to fill again. Without
/// them every buffer would be freed by another thread than the one that allocated
/// it, which costs the allocator (measured: with 2 threads, `fix` spent a fifth more
/// time than with 1, mostly in malloc, free and page faults).
struct Buffers {
    free: Mutex<Vec<Vec<u8>>>,
    /// The most buffers kept.
    most: usize,
}

impl Buffers {
    fn new(most: usize) -> Buffers {
        Buffers {
            free: Mutex::new(Vec::with_capacity(most)),
            most,
        }
    }

    /// An empty buffer with room for `capacity` bytes.
    fn take(&self, capacity: usize) -> Vec<u8> {
        let reused = self.free.lock().ok().and_then(|mut free| free.pop());
        let mut buf = reused.unwrap_or_default();
        buf.reserve(capacity);
        buf
    }

    /// Keeps `buf` for [`Buffers::take`], unless enough are kept.
    fn give(&self, mut buf: Vec<u8>) {
        if buf.capacity() == 0 {
            return;
        }
        buf.clear();
        if let Ok(mut free) = self.free.lock() {
            if free.len() < self.most {
                free.push(buf);
            }
        }
    }
}

impl Data {
    /// Adds one cleaned document. The report line is serialized here, on the worker,
    /// so the ordered writer only copies bytes.
    fn add(&mut self, id: &str, out: &[u8], report: &Report, want_report: bool) {
        self.out.extend_from_slice(out);
        self.add_report(id, report, want_report);
    }

    /// Counts one cleaned document whose output is already in `self.out`, and writes
    /// its report line.
    fn add_report(&mut self, id: &str, report: &Report, want_report: bool) {
        if want_report {
            let line = ReportLine { id, report };
            line.write_json(&mut self.report);
            self.report.push(b'\n');
        }
        self.summary.add(report);
    }
}

/// Cleans a batch, on the pool when `parallel`: cut into pieces that the pool's threads
/// take in turn, put back together in order, and gzipped where an output is gzip.
/// Gives back the batch's buffer for reuse.
fn clean_batch(batch: Batch, ctx: &Ctx<'_>, parallel: bool) -> (Vec<Segment>, Vec<u8>) {
    let Batch {
        buf, items, gzip, ..
    } = batch;
    let segments = if !parallel || items.len() < 2 {
        clean_items(items, &buf, ctx)
    } else {
        let pieces = split_items(items, ctx.chunks);
        let cleaned: Vec<Vec<Segment>> = pieces
            .into_par_iter()
            .map(|piece| clean_items(piece, &buf, ctx))
            .collect();
        cleaned.into_iter().flatten().collect()
    };
    (gzip_runs(segments, gzip, ctx), buf)
}

/// Compresses, for each output that is gzip, the batch's documents for it into one
/// gzip member (and likewise the report lines when the report is gzip). A gzip file
/// may hold any number of members back to back (`gzip -d`, `zcat` and every library
/// read them as one stream), so compressing here lets the pool's threads share the
/// work that one writer thread could not keep up with. Members follow batches, which
/// end at the same documents whatever the thread count, so the compressed bytes do
/// not depend on it either. `gzip` says whether the output current at the start of
/// the batch is gzip.
fn gzip_runs(segments: Vec<Segment>, mut gzip: bool, ctx: &Ctx<'_>) -> Vec<Segment> {
    if !gzip && !ctx.gzip_report && !segments.iter().any(|s| matches!(s, Segment::Begin(_))) {
        return segments;
    }
    let mut out = Vec::with_capacity(segments.len());
    // The data of the current output, in order.
    let mut run: Vec<Box<Data>> = Vec::new();
    let end_run = |run: &mut Vec<Box<Data>>, out: &mut Vec<Segment>, gzip: bool| {
        if run.is_empty() {
            return;
        }
        if !gzip && !ctx.gzip_report {
            out.extend(run.drain(..).map(Segment::Data));
            return;
        }
        let mut one = Data::default();
        let (mut outs, mut reports) = (Vec::new(), Vec::new());
        for d in run.iter() {
            outs.push(&d.out[..]);
            reports.push(&d.report[..]);
            one.summary.merge(&d.summary);
        }
        one.out = if gzip {
            gzip_member(&outs)
        } else {
            outs.concat()
        };
        one.report = if ctx.gzip_report {
            gzip_member(&reports)
        } else {
            reports.concat()
        };
        for d in run.drain(..) {
            ctx.buffers.give(d.out);
            ctx.buffers.give(d.report);
        }
        out.push(Segment::Data(Box::new(one)));
    };
    for segment in segments {
        match segment {
            Segment::Data(d) => run.push(d),
            // Into a gzip member, a failure is reported before the documents around
            // it are written: the order of failures, and every output byte, stay the
            // same.
            Segment::Fail(f) => {
                if !gzip && !ctx.gzip_report {
                    end_run(&mut run, &mut out, gzip);
                }
                out.push(Segment::Fail(f));
            }
            Segment::Begin(dest) => {
                end_run(&mut run, &mut out, gzip);
                gzip = match &dest {
                    Dest::Main => main_is_gzip(ctx.cfg),
                    Dest::File { compression, .. } => *compression == Compression::Gzip,
                    Dest::Clash | Dest::Done(_) => false,
                };
                out.push(Segment::Begin(dest));
            }
        }
    }
    end_run(&mut run, &mut out, gzip);
    out
}

/// Whether the one output stream is a gzip file.
fn main_is_gzip(cfg: &Config) -> bool {
    cfg.output
        .as_deref()
        .is_some_and(|p| Compression::from_extension(p) == Compression::Gzip)
}

/// `pieces`, one after another, as one gzip member (nothing for no bytes). The pieces
/// are joined first: how the input is fed to the compressor can change the bytes it
/// writes, and the pieces follow the thread count.
fn gzip_member(pieces: &[&[u8]]) -> Vec<u8> {
    let whole = pieces.concat();
    if whole.is_empty() {
        return whole;
    }
    let mut gz = flate2::write::GzEncoder::new(
        Vec::with_capacity(whole.len() / 3 + 64),
        flate2::Compression::default(),
    );
    gz.write_all(&whole).expect("writing to memory");
    gz.finish().expect("writing to memory")
}

/// Cleans items one after another; `buf` is the batch buffer their lines point into.
fn clean_items(items: Vec<Item>, buf: &[u8], ctx: &Ctx<'_>) -> Vec<Segment> {
    let (cfg, cleaner, inputs, want_report) = (ctx.cfg, ctx.cleaner, ctx.inputs, ctx.want_report);
    // Input bytes, as a guess of the output's size: an HTML page's text is a small
    // part of its markup (an eighth is generous), and the buffers reserved from this
    // guess are kept for reuse.
    let size = |item: &Item| match item {
        Item::Text {
            bytes, html: true, ..
        } => bytes.len() / 8,
        Item::Text { bytes, .. } => bytes.len(),
        Item::Record { range, .. } | Item::Line { range, .. } => range.len(),
        Item::Begin { .. } | Item::Fail(_) => 0,
    };
    // Input bytes of the items not cleaned yet.
    let mut left: usize = items.iter().map(size).sum();
    let mut segments = Vec::new();
    let buffers = &ctx.buffers;
    let mut data = Data::with_capacity(left, want_report, buffers);
    let html = cfg.html_field.then_some(want_report);
    let mut records = jsonl::Records::new(cleaner, &cfg.field, html, want_report);
    let cut = |data: &mut Data, segments: &mut Vec<Segment>, left: usize| {
        if data.summary.documents > 0 {
            let next = Data::with_capacity(left, want_report, buffers);
            segments.push(Segment::Data(Box::new(std::mem::replace(data, next))));
        }
    };
    for item in items {
        left -= size(&item);
        match item {
            Item::Begin { dest } => {
                cut(&mut data, &mut segments, left);
                segments.push(Segment::Begin(dest));
            }
            Item::Fail(f) => {
                cut(&mut data, &mut segments, left);
                segments.push(Segment::Fail(f));
            }
            Item::Text { input, bytes, html } => {
                let cleaned = if html {
                    cleaner.clean_html_bytes_as(&bytes, cfg.encoding, want_report)
                } else {
                    cleaner.clean_owned_bytes(bytes, cfg.encoding)
                };
                let id = &inputs[input].name;
                data.add(id, cleaned.text.as_bytes(), &cleaned.report, want_report);
            }
            Item::Record { input, line, range } => {
                let location = || format!("{}:{line}", inputs[input].name);
                // The output line goes straight to the data (and only a report needs
                // the id).
                match records.clean(&buf[range], &mut data.out) {
                    Ok((id, report)) => {
                        let id = match id {
                            Some(id) => id,
                            None if want_report => location(),
                            None => String::new(),
                        };
                        data.add_report(&id, &report, want_report);
                    }
                    Err(message) => {
                        cut(&mut data, &mut segments, left);
                        segments.push(Segment::Fail(Failure {
                            location: location(),
                            message,
                        }));
                    }
                }
            }
            Item::Line { input, line, range } => {
                let cleaned = cleaner.clean_bytes_as(&buf[range], cfg.encoding);
                let text = cleaned.text.trim_end_matches('\n');
                let mut out = Vec::with_capacity(text.len() + 1);
                out.extend_from_slice(text.as_bytes());
                for b in &mut out {
                    if *b == b'\n' {
                        *b = b' ';
                    }
                }
                out.push(b'\n');
                let id = format!("{}:{line}", inputs[input].name);
                data.add(&id, &out, &cleaned.report, want_report);
            }
        }
    }
    cut(&mut data, &mut segments, left);
    buffers.give(data.out);
    buffers.give(data.report);
    segments
}

/// A file written under a temporary name in its directory and renamed when complete;
/// dropped before [`OutFile::commit`], it removes the temporary file.
///
/// A path that exists and is not a regular file (`/dev/null`, a named pipe, a
/// symbolic link such as `/dev/stdout`) is written in place: renaming over it would
/// replace the device, pipe or link with a plain file.
struct OutFile {
    path: PathBuf,
    /// The temporary file; `None` when writing in place.
    tmp: Option<PathBuf>,
    what: &'static str,
    w: Option<Encoder>,
}

/// The writer of an [`OutFile`], compressing or not.
enum Encoder {
    Plain(BufWriter<File>),
    /// Gzip members compressed on the pool (see [`gzip_runs`]), written as they come;
    /// `empty` until one was.
    Gzip {
        w: BufWriter<File>,
        empty: bool,
    },
    Zstd(zstd::stream::write::Encoder<'static, BufWriter<File>>),
}

impl Encoder {
    fn write_all(&mut self, bytes: &[u8]) -> io::Result<()> {
        match self {
            Encoder::Plain(w) => w.write_all(bytes),
            Encoder::Gzip { w, empty } => {
                *empty &= bytes.is_empty();
                w.write_all(bytes)
            }
            Encoder::Zstd(w) => w.write_all(bytes),
        }
    }

    /// Pushes what is buffered into the file (zstd ends its current block).
    fn flush(&mut self) -> io::Result<()> {
        match self {
            Encoder::Plain(w) | Encoder::Gzip { w, .. } => w.flush(),
            Encoder::Zstd(w) => w.flush(),
        }
    }

    /// Ends the compressed stream and flushes. An empty gzip file gets one empty
    /// member, so that it is still valid gzip.
    fn finish(self) -> io::Result<()> {
        let mut w = match self {
            Encoder::Plain(w) => w,
            Encoder::Gzip { mut w, empty } => {
                if empty {
                    let member = flate2::write::GzEncoder::new(Vec::new(), Default::default());
                    w.write_all(&member.finish()?)?;
                }
                w
            }
            Encoder::Zstd(w) => w.finish()?,
        };
        w.flush()
    }
}

/// The temporary name of output `path`: `.NAME.deboiler-tmp` beside it.
fn tmp_path(path: &Path) -> PathBuf {
    let mut name = OsString::from(".");
    name.push(path.file_name().unwrap_or(path.as_os_str()));
    name.push(".deboiler-tmp");
    path.with_file_name(name)
}

/// Removes the temporary file a killed run may have left for `path`.
fn remove_stale(path: &Path) {
    let _ = fs::remove_file(tmp_path(path));
}

impl OutFile {
    /// Creates the temporary file of `path`; `what` names it in errors.
    fn create(path: &Path, compression: Compression, what: &'static str) -> Result<OutFile, Error> {
        let special = fs::symlink_metadata(path).is_ok_and(|m| !m.file_type().is_file());
        let tmp = (!special).then(|| tmp_path(path));
        let file = File::create(tmp.as_deref().unwrap_or(path)).map_err(|e| {
            Error::io(
                &format!("cannot create {what}"),
                path,
                e,
                "check that its directory exists and is writable",
            )
        })?;
        let w = BufWriter::with_capacity(1 << 16, file);
        let w = match compression {
            Compression::None => Encoder::Plain(w),
            Compression::Gzip => Encoder::Gzip { w, empty: true },
            Compression::Zstd => match zstd::stream::write::Encoder::new(w, 0) {
                Ok(z) => Encoder::Zstd(z),
                Err(e) => {
                    if let Some(tmp) = &tmp {
                        let _ = fs::remove_file(tmp);
                    }
                    return Err(Error::io(
                        &format!("cannot start compressing {what}"),
                        path,
                        e,
                        "check free memory",
                    ));
                }
            },
        };
        Ok(OutFile {
            path: path.to_path_buf(),
            tmp,
            what,
            w: Some(w),
        })
    }

    fn error(&self, e: io::Error) -> Error {
        Error::io(
            &format!("cannot write {}", self.what),
            &self.path,
            e,
            WRITE_HINT,
        )
    }

    fn write_all(&mut self, bytes: &[u8]) -> Result<(), Error> {
        let w = self.w.as_mut().expect("not committed");
        w.write_all(bytes).map_err(|e| self.error(e))
    }

    /// Pushes what was written so far into the temporary file.
    fn flush(&mut self) -> Result<(), Error> {
        let w = self.w.as_mut().expect("not committed");
        w.flush().map_err(|e| self.error(e))
    }

    /// Finishes the file and gives it its final name.
    fn commit(mut self) -> Result<(), Error> {
        let w = self.w.take().expect("committed once");
        w.finish().map_err(|e| self.error(e))?;
        match &self.tmp {
            Some(tmp) => fs::rename(tmp, &self.path).map_err(|e| self.error(e)),
            None => Ok(()),
        }
    }
}

impl Drop for OutFile {
    fn drop(&mut self) {
        if let (Some(_), Some(tmp)) = (self.w.take(), &self.tmp) {
            let _ = fs::remove_file(tmp);
        }
    }
}

/// The one output stream.
enum Main<'a> {
    Stdout(&'a mut dyn Write),
    File(OutFile),
    /// `--resume` and the output file exists: nothing is written.
    Done,
}

/// Where the writer puts the current input's documents.
enum Sink {
    /// The one output stream.
    Main,
    /// The input's own file.
    File(OutFile),
    /// Nowhere: the input is not read.
    Nowhere,
}

/// Writes cleaned batches in order, and counts.
struct Writer<'a> {
    main: Main<'a>,
    sink: Sink,
    report: Option<OutFile>,
    summary: Summary,
    on_failure: &'a mut dyn FnMut(&Failure),
    /// Output files completed so far (for the abort test hook).
    outputs_done: usize,
    abort_after: Option<usize>,
    progress: Option<&'a Progress>,
}

impl Writer<'_> {
    /// Writes `segments`, giving their emptied buffers to `buffers`.
    fn write(&mut self, segments: Vec<Segment>, buffers: &Buffers) -> Result<(), Error> {
        for segment in segments {
            match segment {
                Segment::Fail(f) => {
                    self.summary.failed += 1;
                    (self.on_failure)(&f);
                }
                Segment::Begin(dest) => self.begin(dest)?,
                Segment::Data(data) => {
                    self.data(&data)?;
                    buffers.give(data.out);
                    buffers.give(data.report);
                }
            }
        }
        Ok(())
    }

    fn data(&mut self, data: &Data) -> Result<(), Error> {
        let file = match (&mut self.sink, &mut self.main) {
            (Sink::Nowhere, _) | (Sink::Main, Main::Done) => return Ok(()),
            (Sink::Main, Main::Stdout(w)) => {
                w.write_all(&data.out).map_err(stdout_error)?;
                None
            }
            (Sink::Main, Main::File(f)) | (Sink::File(f), _) => {
                f.write_all(&data.out)?;
                Some(f)
            }
        };
        if let Some(f) = file {
            if self.abort_after == Some(self.outputs_done) {
                // The test hook: part of this output is in its temporary file.
                f.flush()?;
                std::process::abort();
            }
        }
        if let Some(r) = &mut self.report {
            r.write_all(&data.report)?;
        }
        self.summary.merge(&data.summary);
        if let Some(p) = self.progress {
            p.documents
                .fetch_add(data.summary.documents as u64, Ordering::Relaxed);
        }
        Ok(())
    }

    /// Completes the previous input's file and opens the next one's.
    fn begin(&mut self, dest: Dest) -> Result<(), Error> {
        self.close_sink()?;
        self.sink = match dest {
            Dest::Main => Sink::Main,
            Dest::Clash => Sink::Nowhere,
            Dest::Done(path) => {
                self.summary.skipped += 1;
                remove_stale(&path);
                Sink::Nowhere
            }
            Dest::File { path, compression } => {
                if let Some(parent) = path.parent() {
                    fs::create_dir_all(parent).map_err(|e| {
                        Error::io(
                            "cannot create output directory",
                            parent,
                            e,
                            "check the path and its permissions",
                        )
                    })?;
                }
                Sink::File(OutFile::create(&path, compression, "output file")?)
            }
        };
        Ok(())
    }

    fn close_sink(&mut self) -> Result<(), Error> {
        if let Sink::File(f) = std::mem::replace(&mut self.sink, Sink::Nowhere) {
            f.commit()?;
            self.outputs_done += 1;
        }
        Ok(())
    }

    /// Completes every output; returns the counts.
    fn finish(mut self) -> Result<Summary, Error> {
        self.close_sink()?;
        let Writer {
            main,
            report,
            summary,
            ..
        } = self;
        match main {
            Main::Stdout(w) => w.flush().map_err(stdout_error)?,
            Main::File(f) => f.commit()?,
            Main::Done => {}
        }
        if let Some(r) = report {
            r.commit()?;
        }
        Ok(summary)
    }
}

const BOM: &[u8] = b"\xEF\xBB\xBF";
const WRITE_HINT: &str = "check free space and permissions";

fn stdout_error(e: io::Error) -> Error {
    Error::io(
        "cannot write to",
        Path::new("standard output"),
        e,
        WRITE_HINT,
    )
}

fn read_failure(location: &str, e: &io::Error) -> Failure {
    let hint = match e.kind() {
        io::ErrorKind::NotFound => "check the path",
        io::ErrorKind::PermissionDenied => "check its permissions",
        _ => "check the file",
    };
    Failure {
        location: location.to_string(),
        message: format!("cannot read: {}; {hint}", io_message(e)),
    }
}

/// Reads the start of a stream to decide between text, HTML and JSON Lines: JSON Lines
/// when the first non-blank line parses as a JSON object, HTML when the start looks
/// like a page ([`crate::html::looks_like_html`]). Returns the bytes consumed, which
/// belong in front of whatever is still unread.
fn sniff(r: &mut dyn BufRead) -> io::Result<(Vec<u8>, Format)> {
    let mut prefix = Vec::new();
    loop {
        let buf = r.fill_buf()?;
        if buf.is_empty() {
            return Ok((prefix, Format::Text));
        }
        // Skip whitespace and a leading BOM without deciding anything.
        let skip = if prefix.is_empty() && buf.starts_with(BOM) {
            BOM.len()
        } else {
            0
        };
        let Some(i) = buf[skip..].iter().position(|b| !b.is_ascii_whitespace()) else {
            let n = buf.len();
            prefix.extend_from_slice(buf);
            r.consume(n);
            continue;
        };
        if buf[skip + i] == b'<' && crate::html::looks_like_html(&buf[skip..]) {
            return Ok((prefix, Format::Html));
        }
        if buf[skip + i] != b'{' {
            return Ok((prefix, Format::Text));
        }
        // Keep what comes before the brace (blank lines, a BOM), then take its line.
        prefix.extend_from_slice(&buf[..skip + i]);
        r.consume(skip + i);
        let line_start = prefix.len();
        r.read_until(b'\n', &mut prefix)?;
        let format = if jsonl::is_record(&prefix[line_start..]) {
            Format::Jsonl
        } else {
            Format::Text
        };
        return Ok((prefix, format));
    }
}

/// `items` cut into at most `chunks` runs of about equal length, in order, for the pool.
fn split_items(items: Vec<Item>, chunks: usize) -> Vec<Vec<Item>> {
    let per = items.len().div_ceil(chunks.max(1)).max(1);
    let mut pieces = Vec::with_capacity(chunks);
    let mut items = items.into_iter();
    loop {
        let piece: Vec<Item> = items.by_ref().take(per).collect();
        if piece.is_empty() {
            break;
        }
        pieces.push(piece);
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::CategorySet;

    /// Normalization only: these tests are about the plumbing, not the rules.
    fn cleaner() -> Cleaner {
        Cleaner::builder().categories(CategorySet::none()).build()
    }

    fn run_stdin(cfg: &Config, input: &str) -> (String, Vec<Failure>, Summary) {
        let mut out = Vec::new();
        let mut fails = Vec::new();
        let summary = run(cfg, &cleaner(), &mut input.as_bytes(), &mut out, &mut |f| {
            fails.push(f.clone())
        })
        .unwrap();
        (String::from_utf8(out).unwrap(), fails, summary)
    }

    #[test]
    fn sniffs_json_lines_on_stdin() {
        let cfg = Config::default();
        let (out, fails, s) = run_stdin(
            &cfg,
            "\u{feff}\n{\"text\":\"a  b\",\"n\":1.50}\n\n{\"text\":\"c\"}\nnot json\n",
        );
        assert_eq!(
            out,
            "{\"text\":\"a b\\n\",\"n\":1.50}\n{\"text\":\"c\\n\"}\n"
        );
        assert_eq!(fails.len(), 1);
        assert_eq!(fails[0].location, "-:5");
        assert!(
            fails[0].message.starts_with("malformed JSON"),
            "{}",
            fails[0]
        );
        assert_eq!((s.documents, s.failed), (2, 1));
    }

    #[test]
    fn text_that_starts_with_a_brace_is_text() {
        let (out, fails, _) = run_stdin(&Config::default(), "{not json}\nsecond  line\n");
        assert_eq!(out, "{not json}\nsecond line\n");
        assert!(fails.is_empty());
    }

    #[test]
    fn record_errors_name_the_field() {
        let cfg = Config {
            format: Format::Jsonl,
            field: "body".to_string(),
            ..Config::default()
        };
        let (out, fails, _) = run_stdin(&cfg, "{\"text\":\"x\"}\n{\"body\":3}\n[1]\n");
        assert_eq!(out, "");
        let msgs: Vec<String> = fails.iter().map(|f| f.to_string()).collect();
        assert!(
            msgs[0].starts_with("-:1: record has no \"body\" field"),
            "{msgs:?}"
        );
        assert!(
            msgs[1].starts_with("-:2: field \"body\" is not a string"),
            "{msgs:?}"
        );
        assert!(msgs[2].starts_with("-:3: not a JSON object"), "{msgs:?}");
    }

    #[test]
    fn small_batches_give_the_same_bytes() {
        let input: String = (0..50)
            .map(|i| format!("{{\"id\":{i},\"text\":\"doc  {i}\"}}\n"))
            .collect();
        let big = run_stdin(&Config::default(), &input).0;
        let cfg = Config {
            batch_docs: 3,
            threads: Some(2),
            ..Config::default()
        };
        assert_eq!(run_stdin(&cfg, &input).0, big);
    }

    /// Gives its bytes a few at a time, as a pipe may.
    struct Trickle<'a>(&'a [u8], usize);

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            self.1 = self.1 % 7 + 1;
            let n = self.1.min(buf.len()).min(self.0.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    #[test]
    fn lines_arriving_in_pieces_give_the_same_bytes() {
        let input: String = (0..60)
            .map(|i| format!("{{\"id\":{i},\"text\":\"doc  {i} {}\"}}\n", "x".repeat(i)))
            .collect();
        let cfg = Config {
            format: Format::Jsonl,
            batch_bytes: 100,
            ..Config::default()
        };
        let whole = run_stdin(&cfg, &input).0;
        for threads in [1, 2] {
            let cfg = Config {
                threads: Some(threads),
                ..cfg.clone()
            };
            let mut out = Vec::new();
            let mut stdin = Trickle(input.as_bytes(), 0);
            run(&cfg, &cleaner(), &mut stdin, &mut out, &mut |f| {
                panic!("{f}")
            })
            .unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), whole);
        }
    }

    #[test]
    fn a_batch_of_blank_lines_is_skipped_whole() {
        let input = format!(
            "{}{{\"text\":\"a\"}}\n\n{{\"text\":\"b\"}}\nbad\n",
            "  \n".repeat(100)
        );
        let cfg = Config {
            batch_bytes: 16,
            ..Config::default()
        };
        for threads in [1, 2] {
            let cfg = Config {
                threads: Some(threads),
                ..cfg.clone()
            };
            let (out, fails, s) = run_stdin(&cfg, &input);
            assert_eq!(out, "{\"text\":\"a\\n\"}\n{\"text\":\"b\\n\"}\n");
            assert_eq!(fails[0].location, "-:104");
            assert_eq!(s.documents, 2);
        }
    }

    #[test]
    fn lines_format_gives_one_line_per_line() {
        let cfg = Config {
            format: Format::Lines,
            report: None,
            ..Config::default()
        };
        let (out, fails, s) = run_stdin(&cfg, "a  b\r\n\n\u{a0}\nlone\rcr\nlast");
        assert_eq!(out, "a b\n\n\nlone cr\nlast\n");
        assert!(fails.is_empty());
        assert_eq!(s.documents, 5);
    }

    #[test]
    fn shards_parse_and_cover_every_byte_once() {
        for bad in ["", "3", "0/4", "5/4", "1/0", "a/b", "1/2/3", "-1/4"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
        let s: Shard = " 2/3".parse().unwrap();
        assert_eq!(s.to_string(), "2/3");
        for total in [0, 1, 7, 100, u64::MAX] {
            let mut at = 0;
            for index in 1..=3 {
                let r = Shard { index, count: 3 }.range(total);
                assert_eq!(r.start, at);
                at = r.end;
            }
            assert_eq!(at, total);
        }
    }

    #[test]
    fn skip_to_lands_on_the_next_line_start() {
        let text = b"ab\ncd\n\nef";
        for (start, want) in [
            (0, (1, 0)),
            (1, (2, 3)),
            (3, (2, 3)),
            (4, (3, 6)),
            (6, (3, 6)),
            (7, (4, 7)),
            (8, (4, 9)),
            (9, (4, 9)),
            (99, (4, 9)),
        ] {
            let mut r: &[u8] = text;
            assert_eq!(skip_to(&mut r, start).unwrap(), want, "start {start}");
            assert_eq!(r, &text[want.1 as usize..], "start {start}");
        }
    }

    #[test]
    fn output_names() {
        let p = Path::new("out/a.jsonl.gz");
        assert_eq!(
            output_path(p, Format::Jsonl, Compression::Zstd, None),
            Path::new("out/a.jsonl.zst")
        );
        assert_eq!(
            output_path(
                Path::new("out/a.html"),
                Format::Lines,
                Compression::None,
                Some(Shard { index: 2, count: 4 })
            ),
            Path::new("out/a.shard-2-of-4.txt")
        );
        assert_eq!(
            tmp_path(Path::new("d/x.gz")),
            Path::new("d/.x.gz.deboiler-tmp")
        );
    }

    #[test]
    fn globs_match_relative_paths() {
        let g = Globs::new(&["*.jsonl".into(), "2024/**".into(), "!drafts".into()]).unwrap();
        assert!(g.wants(Path::new("a.jsonl")));
        assert!(g.wants(Path::new("x/y/a.jsonl")));
        assert!(g.wants(Path::new("2024/05/a.txt")));
        assert!(!g.wants(Path::new("a.txt")));
        assert!(!g.wants(Path::new("1999/2024/a.txt")));
        assert!(g.excludes(Path::new("x/drafts")));
        let none = Globs::new(&["!*.tmp".into()]).unwrap();
        assert!(none.wants(Path::new("a/b.txt")));
        assert!(!none.wants(Path::new("a/b.tmp")));
        assert!(Globs::new(&["[a".into()]).is_err());
    }

    #[test]
    fn progress_counts_documents_and_bytes() {
        let progress = Arc::new(Progress::default());
        let cfg = Config {
            progress: Some(Arc::clone(&progress)),
            threads: Some(2),
            batch_docs: 2,
            ..Config::default()
        };
        let input = "{\"text\":\"a\"}\n{\"text\":\"b\"}\n{\"text\":\"c\"}\n";
        run_stdin(&cfg, input);
        assert_eq!(progress.documents(), 3);
        assert_eq!(progress.bytes_read(), input.len() as u64);
        assert_eq!(
            progress.total_bytes(),
            None,
            "standard input has no known size"
        );
    }

    #[test]
    fn summary_line() {
        let mut s = Summary {
            documents: 2,
            failed: 1,
            bytes_in: 10,
            bytes_out: 8,
            ..Summary::default()
        };
        s.removed.insert(Category::Byline, 3);
        s.removed.insert(Category::AdScript, 1);
        assert_eq!(
            s.to_string(),
            "2 documents, 1 failed, 10 -> 8 bytes, removed: ad_script 1, byline 3, 0.00 s"
        );
    }

    #[test]
    fn names_decide_the_format_in_any_case() {
        let auto = |name: &str| format_from_name(Format::Auto, Path::new(name));
        assert_eq!(auto("a/PAGE.HTML"), Format::Html);
        assert_eq!(auto("page.htm.gz"), Format::Html);
        assert_eq!(auto("dump.JSONL.zst"), Format::Jsonl);
        assert_eq!(auto("notes.txt"), Format::Auto);
        assert_eq!(
            format_from_name(Format::Text, Path::new("a.html")),
            Format::Text
        );
    }
}
