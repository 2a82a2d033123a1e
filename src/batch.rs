//! The corpus driver behind `deboiler clean` and `deboiler fix`: turns a list of inputs
//! (files, directories, standard input) into cleaned outputs and a JSON Lines report,
//! cleaning documents in parallel while writing everything in input order.
//!
//! The driver knows nothing about flags: the command line builds a [`Config`] and a
//! [`Cleaner`] and calls [`run`]. It works in bounded batches (at most
//! [`Config::batch_docs`] documents or [`Config::batch_bytes`] bytes are held at once):
//! a batch is read in order, cleaned on a local thread pool, then written in order, so
//! the bytes of every output are the same whatever the thread count.
//!
//! A text input is decoded whatever its encoding (see [`crate::decode`]; [`Config::encoding`]
//! forces one); a JSON Lines input is UTF-8, as the format requires.
//!
//! A document that cannot be read (a missing file, a malformed JSON Lines record) is a
//! [`Failure`]: it is handed to the caller's callback with its path or `path:line`,
//! skipped, and counted in the [`Summary`]; the run goes on. Only problems that make
//! the whole run pointless (a directory without an output directory, an output that
//! cannot be written, a closed standard output) stop it with an [`Error`].
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

use crate::decode::Encoding;
use crate::error::{io_message, lowercase_first, Error};
use crate::{jsonl, Category, Cleaner, NormCounts, Report, ReportLine};
use flate2::read::MultiGzDecoder;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, BufWriter, Cursor, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How to read an input.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    /// JSON Lines when the file name ends in `.jsonl` or `.ndjson`, or when the first
    /// non-blank line parses as a JSON object; plain text otherwise.
    #[default]
    Auto,
    /// The whole input is one document.
    Text,
    /// One JSON object per line; the [`Config::field`] of each is cleaned in place.
    Jsonl,
}

/// What to clean and where to write it: plain data, built by the command line.
#[derive(Clone, Debug)]
pub struct Config {
    /// Files and directories to clean, in order; `-` is standard input. Empty means
    /// standard input.
    pub inputs: Vec<PathBuf>,
    /// Write one output file per input under this directory (mirroring directory
    /// inputs) instead of concatenating everything to standard output. Required when an
    /// input is a directory.
    pub output_dir: Option<PathBuf>,
    /// Write the JSON Lines report (one object per document) to this file.
    pub report: Option<PathBuf>,
    /// How to read inputs.
    pub format: Format,
    /// The JSON Lines field that holds the text to clean; every other field is copied
    /// byte for byte.
    pub field: String,
    /// Decode text inputs as this encoding instead of detecting it (see
    /// [`crate::decode::decode_with`]). JSON Lines inputs are always read as UTF-8, as
    /// the format requires, and this is not applied to them.
    pub encoding: Option<&'static Encoding>,
    /// Worker threads; `None` means one per core.
    pub threads: Option<usize>,
    /// Most documents held in memory at once.
    pub batch_docs: usize,
    /// Roughly the most input bytes held in memory at once (a single larger document is
    /// still read whole).
    pub batch_bytes: usize,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            inputs: Vec::new(),
            output_dir: None,
            report: None,
            format: Format::Auto,
            field: "text".to_string(),
            encoding: None,
            threads: None,
            batch_docs: 1000,
            batch_bytes: 64 << 20,
        }
    }
}

/// A document or input that could not be cleaned; the run skipped it and went on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// The input path (`-` for standard input), with `:LINE` for a JSON Lines record.
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
    /// Wall-clock time of the run.
    pub elapsed: Duration,
}

impl Summary {
    fn add(&mut self, report: &Report) {
        self.documents += 1;
        self.bytes_in += report.bytes_in as u64;
        self.bytes_out += report.bytes_out as u64;
        for r in &report.removed {
            *self.removed.entry(r.category).or_default() += 1;
        }
        self.normalized.add(&report.normalized);
        self.invalid_bytes += report.invalid_bytes;
        self.lone_surrogates += report.lone_surrogates;
    }
}

impl Summary {
    /// The summary as one JSON object (what `--stats FILE` writes):
    ///
    /// ```json
    /// {"documents": 3, "failed": 1, "bytes_in": 5120, "bytes_out": 4800,
    ///  "removed": {"byline": 2}, "normalized": {"quotes": 4, ...},
    ///  "invalid_bytes": 0, "lone_surrogates": 0, "seconds": 0.01, "mb_per_s": 0.51}
    /// ```
    ///
    /// `mb_per_s` is input megabytes (10^6 bytes) per second of wall time.
    pub fn stats(&self) -> serde_json::Value {
        let seconds = self.elapsed.as_secs_f64();
        let removed: BTreeMap<&str, usize> =
            self.removed.iter().map(|(c, n)| (c.name(), *n)).collect();
        serde_json::json!({
            "documents": self.documents,
            "failed": self.failed,
            "bytes_in": self.bytes_in,
            "bytes_out": self.bytes_out,
            "removed": removed,
            "normalized": self.normalized,
            "invalid_bytes": self.invalid_bytes,
            "lone_surrogates": self.lone_surrogates,
            "seconds": seconds,
            "mb_per_s": if seconds > 0.0 { self.bytes_in as f64 / 1e6 / seconds } else { 0.0 },
        })
    }
}

impl fmt::Display for Summary {
    /// `3 documents, 1 failed, 5120 -> 4800 bytes, removed: byline 2, page_chrome 1,
    /// repaired: mojibake 4, entities 1, 0.01 s`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plural = if self.documents == 1 { "" } else { "s" };
        write!(
            f,
            "{} document{plural}, {} failed, {} -> {} bytes, removed: ",
            self.documents, self.failed, self.bytes_in, self.bytes_out
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
        write!(f, ", {:.2} s", self.elapsed.as_secs_f64())
    }
}

/// Cleans every input of `cfg` with `cleaner`.
///
/// Standard input (`-`, or no inputs at all) is read from `stdin`; without
/// [`Config::output_dir`] every output is written to `stdout` in input order. Each
/// failure is passed to `on_failure` as it is met, in input order, and counted.
///
/// # Errors
///
/// [`Error::Config`] for inputs that cannot work together (a directory without an output
/// directory, standard input with one, two inputs that would write the same output
/// file, an output that would overwrite its input), found before anything is written; [`Error::Io`] when an output cannot be written;
/// [`Error::BrokenPipe`] when `stdout` was closed by its reader.
pub fn run(
    cfg: &Config,
    cleaner: &Cleaner,
    stdin: &mut dyn Read,
    stdout: &mut dyn Write,
    on_failure: &mut dyn FnMut(&Failure),
) -> Result<Summary, Error> {
    let start = Instant::now();
    let inputs = plan(cfg)?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(cfg.threads.unwrap_or(0))
        .build()
        .map_err(|e| {
            Error::Config(format!(
                "cannot start worker threads: {}; try a smaller --threads",
                lowercase_first(&e.to_string())
            ))
        })?;
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
    let report = match &cfg.report {
        None => None,
        Some(path) => Some((
            path.as_path(),
            BufWriter::new(File::create(path).map_err(|e| {
                Error::io(
                    "cannot create report file",
                    path,
                    e,
                    "check that its directory exists and is writable",
                )
            })?),
        )),
    };
    let mut driver = Driver {
        cfg,
        cleaner,
        pool,
        inputs: &inputs,
        pending: Vec::new(),
        pending_bytes: 0,
        stdout,
        report,
        sink: Sink::None,
        written: HashSet::new(),
        summary: Summary::default(),
        on_failure,
    };
    for i in 0..inputs.len() {
        driver.read_input(i, stdin)?;
    }
    driver.finish()?;
    let mut summary = driver.summary;
    summary.elapsed = start.elapsed();
    Ok(summary)
}

/// Where an input comes from.
#[derive(Debug)]
enum Source {
    Stdin,
    File(PathBuf),
    /// The input could not even be listed (an unreadable directory entry).
    Failed(Failure),
}

/// One input document stream, after directories are expanded.
#[derive(Debug)]
struct Input {
    source: Source,
    /// The path as given or walked, or `-`: the id of its documents and the location
    /// of its failures.
    name: String,
    /// The output path under the output directory, before its extension is chosen.
    out: Option<PathBuf>,
    /// The format from the flag and the file name alone (`Auto` means: sniff).
    format: Format,
}

/// Expands directories, checks the inputs against the output directory, and predicts
/// output paths so that two inputs never silently write the same file.
fn plan(cfg: &Config) -> Result<Vec<Input>, Error> {
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
                     give input files, or drop --output and redirect standard output"
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
            });
            continue;
        }
        let Some(out_dir) = out_dir else {
            return Err(Error::Config(format!(
                "{} is a directory; give --output DIR to write one cleaned file per input \
                 (the tree is mirrored there)",
                arg.display()
            )));
        };
        let walk = walkdir::WalkDir::new(arg)
            .follow_links(true)
            .sort_by_file_name();
        for entry in walk {
            match entry {
                Ok(e) if e.file_type().is_file() => {
                    let path = e.into_path();
                    let rel = path.strip_prefix(arg).unwrap_or(&path).to_path_buf();
                    inputs.push(Input {
                        name: path.display().to_string(),
                        out: Some(out_dir.join(rel)),
                        format: format_from_name(cfg.format, &path),
                        source: Source::File(path),
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
                    });
                }
            }
        }
    }
    check_outputs(&inputs)?;
    Ok(inputs)
}

/// How an input stream is compressed, judged by its first bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Compression {
    None,
    Gzip,
    Zstd,
}

impl Compression {
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
        f => f,
    }
}

fn is_jsonl_name(path: &Path) -> bool {
    matches!(
        without_compression_ext(path)
            .extension()
            .and_then(|e| e.to_str()),
        Some("jsonl" | "ndjson")
    )
}

/// The output file of an input read as `format`: its extension becomes `.jsonl` for
/// JSON Lines and `.txt` for text.
fn output_path(out: &Path, format: Format) -> PathBuf {
    let ext = if format == Format::Jsonl {
        "jsonl"
    } else {
        "txt"
    };
    without_compression_ext(out).with_extension(ext)
}

/// Refuses inputs that would write the same output file, or overwrite themselves.
fn check_outputs(inputs: &[Input]) -> Result<(), Error> {
    let mut seen: HashMap<PathBuf, &str> = HashMap::new();
    for input in inputs {
        let (Some(out), Source::File(path)) = (&input.out, &input.source) else {
            continue;
        };
        let out = output_path(out, input.format);
        if let Some(other) = seen.insert(out.clone(), &input.name) {
            return Err(Error::Config(format!(
                "{other} and {} would both be written to {}; clean them in separate runs \
                 or into different --output directories",
                input.name,
                out.display()
            )));
        }
        if out.exists() {
            if let (Ok(a), Ok(b)) = (out.canonicalize(), path.canonicalize()) {
                if a == b {
                    return Err(Error::Config(format!(
                        "cleaning {} into {} would overwrite the input; choose another \
                         --output directory",
                        input.name,
                        out.display()
                    )));
                }
            }
        }
    }
    Ok(())
}

/// A unit of work, in input order.
enum Item {
    /// An input starts and will be read as `format` (opens its output file).
    Begin { input: usize, format: Format },
    /// A whole text document.
    Text { input: usize, bytes: Vec<u8> },
    /// One non-blank line of a JSON Lines input (`line` counts from 1).
    Line {
        input: usize,
        line: usize,
        bytes: Vec<u8>,
    },
    /// Something that already failed while reading.
    Fail(Failure),
}

impl Item {
    fn size(&self) -> usize {
        match self {
            Item::Text { bytes, .. } | Item::Line { bytes, .. } => bytes.len(),
            _ => 0,
        }
    }
}

/// What a worker made of an [`Item`].
enum Outcome {
    Begin {
        input: usize,
        format: Format,
    },
    Doc {
        out: Vec<u8>,
        report: Box<Report>,
        /// The report's JSON line, serialized by the worker (empty without --report).
        report_line: Vec<u8>,
    },
    Fail(Failure),
}

/// The output file the current input writes to.
enum Sink {
    /// No output directory, or no input begun yet: write to standard output.
    None,
    File {
        path: PathBuf,
        writer: BufWriter<File>,
    },
    /// The input's output file is taken: drop its documents.
    Skip,
}

/// The state of one run: the batch being filled, and the writers.
struct Driver<'a> {
    cfg: &'a Config,
    cleaner: &'a Cleaner,
    pool: rayon::ThreadPool,
    inputs: &'a [Input],
    pending: Vec<Item>,
    pending_bytes: usize,
    stdout: &'a mut dyn Write,
    report: Option<(&'a Path, BufWriter<File>)>,
    sink: Sink,
    /// Output files written so far, so that an input whose format was only known after
    /// sniffing cannot clobber another's output.
    written: HashSet<PathBuf>,
    summary: Summary,
    on_failure: &'a mut dyn FnMut(&Failure),
}

impl Driver<'_> {
    /// Reads one input into the batch (flushing full batches as it goes).
    fn read_input(&mut self, i: usize, stdin: &mut dyn Read) -> Result<(), Error> {
        let inputs = self.inputs;
        let input = &inputs[i];
        match &input.source {
            Source::Failed(f) => self.push(Item::Fail(f.clone())),
            Source::Stdin => {
                let r = BufReader::with_capacity(1 << 16, stdin);
                self.read_maybe_compressed(i, r, 0)
            }
            Source::File(path) => match File::open(path) {
                Ok(f) => {
                    // A text file is read whole: reserve its size once instead of
                    // growing the buffer (and faulting in new pages) step by step.
                    let size = f.metadata().map_or(0, |m| m.len());
                    let r = BufReader::with_capacity(1 << 16, f);
                    self.read_maybe_compressed(i, r, usize::try_from(size).unwrap_or(0))
                }
                Err(e) => self.push(Item::Fail(read_failure(&input.name, &e))),
            },
        }
    }

    /// Reads input `i` from `r`, decompressing it first when it starts with the magic
    /// bytes of gzip or zstd (whatever its name says). `size` is the size on disk, a
    /// hint for uncompressed input.
    fn read_maybe_compressed<R: BufRead>(
        &mut self,
        i: usize,
        mut r: R,
        size: usize,
    ) -> Result<(), Error> {
        let name = &self.inputs[i].name;
        let magic = match r.fill_buf() {
            Ok(buf) => Compression::of(buf),
            Err(e) => return self.push(Item::Fail(read_failure(name, &e))),
        };
        match magic {
            Compression::None => self.read_stream(i, &mut r, size),
            Compression::Gzip => {
                let mut r = BufReader::with_capacity(1 << 16, MultiGzDecoder::new(r));
                self.read_stream(i, &mut r, 0)
            }
            Compression::Zstd => match zstd::stream::read::Decoder::with_buffer(r) {
                Ok(d) => {
                    let mut r = BufReader::with_capacity(1 << 16, d);
                    self.read_stream(i, &mut r, 0)
                }
                Err(e) => self.push(Item::Fail(read_failure(name, &e))),
            },
        }
    }

    fn read_stream(&mut self, i: usize, r: &mut dyn BufRead, size: usize) -> Result<(), Error> {
        let inputs = self.inputs;
        let name = &inputs[i].name;
        let (prefix, format) = match inputs[i].format {
            Format::Auto => match sniff(r) {
                Ok(found) => found,
                Err(e) => return self.push(Item::Fail(read_failure(name, &e))),
            },
            f => (Vec::new(), f),
        };
        if format != Format::Jsonl {
            let mut bytes = prefix;
            bytes.reserve(size.saturating_sub(bytes.len()) + 1);
            return match r.read_to_end(&mut bytes) {
                Ok(_) => {
                    self.push(Item::Begin {
                        input: i,
                        format: Format::Text,
                    })?;
                    self.push(Item::Text { input: i, bytes })
                }
                Err(e) => self.push(Item::Fail(read_failure(name, &e))),
            };
        }
        self.push(Item::Begin {
            input: i,
            format: Format::Jsonl,
        })?;
        let mut r = Cursor::new(prefix).chain(r);
        let mut line = 0;
        loop {
            let mut bytes = Vec::new();
            match r.read_until(b'\n', &mut bytes) {
                Ok(0) => return Ok(()),
                Ok(_) => {
                    line += 1;
                    if line == 1 && bytes.starts_with(BOM) {
                        bytes.drain(..BOM.len());
                    }
                    if bytes.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    if bytes.last() == Some(&b'\n') {
                        bytes.pop();
                    }
                    self.push(Item::Line {
                        input: i,
                        line,
                        bytes,
                    })?;
                }
                Err(e) => {
                    let location = format!("{name}:{}", line + 1);
                    return self.push(Item::Fail(read_failure(&location, &e)));
                }
            }
        }
    }

    fn push(&mut self, item: Item) -> Result<(), Error> {
        self.pending_bytes += item.size();
        self.pending.push(item);
        if self.pending.len() >= self.cfg.batch_docs.max(1)
            || self.pending_bytes >= self.cfg.batch_bytes
        {
            self.flush()?;
        }
        Ok(())
    }

    /// Cleans the pending batch in parallel and writes the results in order.
    fn flush(&mut self) -> Result<(), Error> {
        let items = std::mem::take(&mut self.pending);
        self.pending_bytes = 0;
        let (cleaner, inputs, cfg) = (self.cleaner, self.inputs, self.cfg);
        let want_report = self.report.is_some();
        let outcomes: Vec<Outcome> = self.pool.install(|| {
            items
                .into_par_iter()
                .map(|item| process(item, cleaner, inputs, cfg, want_report))
                .collect()
        });
        for outcome in outcomes {
            self.write(outcome)?;
        }
        Ok(())
    }

    fn write(&mut self, outcome: Outcome) -> Result<(), Error> {
        match outcome {
            Outcome::Fail(f) => {
                self.summary.failed += 1;
                (self.on_failure)(&f);
            }
            Outcome::Begin { input, format } => self.begin(input, format)?,
            Outcome::Doc {
                out,
                report,
                report_line,
            } => {
                match &mut self.sink {
                    Sink::Skip => return Ok(()),
                    Sink::None => self.stdout.write_all(&out).map_err(stdout_error)?,
                    Sink::File { path, writer } => writer
                        .write_all(&out)
                        .map_err(|e| Error::io("cannot write", path, e, WRITE_HINT))?,
                }
                if let Some((path, w)) = &mut self.report {
                    w.write_all(&report_line)
                        .map_err(|e| Error::io("cannot write report file", path, e, WRITE_HINT))?;
                }
                self.summary.add(&report);
            }
        }
        Ok(())
    }

    /// Opens the output file of an input, when there is an output directory.
    fn begin(&mut self, i: usize, format: Format) -> Result<(), Error> {
        self.close_sink()?;
        let inputs = self.inputs;
        let input = &inputs[i];
        let Some(out) = &input.out else {
            return Ok(());
        };
        let path = output_path(out, format);
        if !self.written.insert(path.clone()) {
            self.sink = Sink::Skip;
            self.summary.failed += 1;
            (self.on_failure)(&Failure {
                location: input.name.clone(),
                message: format!(
                    "read as {} its output would be {}, which another input already wrote; \
                     rename one of them or give --format",
                    if format == Format::Jsonl {
                        "JSON Lines"
                    } else {
                        "text"
                    },
                    path.display()
                ),
            });
            return Ok(());
        }
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
        let file = File::create(&path).map_err(|e| {
            Error::io(
                "cannot create output file",
                &path,
                e,
                "check the output directory's permissions",
            )
        })?;
        self.sink = Sink::File {
            path,
            writer: BufWriter::new(file),
        };
        Ok(())
    }

    fn close_sink(&mut self) -> Result<(), Error> {
        if let Sink::File { path, mut writer } = std::mem::replace(&mut self.sink, Sink::None) {
            writer
                .flush()
                .map_err(|e| Error::io("cannot write", &path, e, WRITE_HINT))?;
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<(), Error> {
        self.flush()?;
        self.close_sink()?;
        if let Some((path, w)) = &mut self.report {
            w.flush()
                .map_err(|e| Error::io("cannot write report file", path, e, WRITE_HINT))?;
        }
        self.stdout.flush().map_err(stdout_error)
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

/// Reads the start of a stream to decide between text and JSON Lines: JSON Lines when
/// the first non-blank line parses as a JSON object. Returns the bytes consumed, which
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

/// Cleans one item; runs on the worker threads. The report line is serialized here
/// too, so the ordered writer only copies bytes.
fn process(
    item: Item,
    cleaner: &Cleaner,
    inputs: &[Input],
    cfg: &Config,
    want_report: bool,
) -> Outcome {
    let doc = |id: &str, out: Vec<u8>, report: Report| {
        let mut report_line = Vec::new();
        if want_report {
            let line = ReportLine {
                id,
                report: &report,
            };
            line.write_json(&mut report_line);
            report_line.push(b'\n');
        }
        Outcome::Doc {
            out,
            report: Box::new(report),
            report_line,
        }
    };
    match item {
        Item::Begin { input, format } => Outcome::Begin { input, format },
        Item::Fail(f) => Outcome::Fail(f),
        Item::Text { input, bytes } => {
            let cleaned = cleaner.clean_owned_bytes(bytes, cfg.encoding);
            doc(
                &inputs[input].name,
                cleaned.text.into_bytes(),
                cleaned.report,
            )
        }
        Item::Line { input, line, bytes } => {
            let location = || format!("{}:{line}", inputs[input].name);
            match jsonl::clean_record(&bytes, cleaner, &cfg.field) {
                Ok((id, out, report)) => doc(&id.unwrap_or_else(location), out, report),
                Err(message) => Outcome::Fail(Failure {
                    location: location(),
                    message,
                }),
            }
        }
    }
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
}
