//! The command-line flags (binary only): clap definitions, and their conversion into
//! the plain [`deboiler::batch::Config`] and [`deboiler::Cleaner`] the library runs.
//!
//! Nothing here does work: `main.rs` parses, converts, calls the library and maps the
//! outcome to an exit code.

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{ArgAction, ArgGroup, Args, Parser, Subcommand, ValueEnum};
use deboiler::batch::{Compression, Config, Format, Shard};
use deboiler::decode::Encoding;
use deboiler::repeated::Threshold;
use deboiler::{Category, CategorySet, Cleaner, NormOptions};
use std::path::PathBuf;

const EXIT_STATUS: &str = "\
Exit status:
  0  every input and document was cleaned (or, with --resume, skipped as done)
  1  some inputs or documents failed; each is reported on stderr with its path (and
     line), the others were cleaned and their outputs completed
  2  usage or configuration error (bad flags, a directory without --output-dir, a bad
     --shard or --glob, --resume without an output, a bad gold directory), or an
     output could not be written (no file is left under its final name)

A closed standard output (`deboiler clean x | head`) ends the run quietly.";

const CLEAN_EXAMPLES: &str = "\
Examples:
  deboiler clean article.txt > article.clean.txt
  curl -s https://example.com/a.txt | deboiler clean
  deboiler clean corpus/ -O clean/ --report removals.jsonl
  deboiler clean crawl.jsonl --field body -o crawl.clean.jsonl.zst
  deboiler clean dump/ -O clean/ --glob '*.jsonl.gz' --glob '!tmp' --compress zst
  deboiler clean --format lines titles.txt > titles.clean.txt
  deboiler clean --keep byline,photo_credit article.txt
  deboiler clean --only ad_script --no-normalize quotes article.txt
  deboiler clean --encoding windows-1251 old-site/ -O clean/
  deboiler clean --repeated-lines=20 site-crawl.jsonl.gz -o clean.jsonl.gz

Many machines: machine I of N runs the same command with --shard I/N and its own
  output (-o part-I.jsonl.gz, or a shared -O DIR). Several inputs are shared out whole
  (contiguous runs of about equal size); a single input file is split by line ranges.
  Either way the N outputs concatenated in shard order equal the unsharded output.
  Add --resume to continue a killed run: outputs that exist are complete (each is
  written under a temporary name and renamed at the end) and are skipped; the rest
  are redone, giving the same bytes as an uninterrupted run.
    deboiler clean big.jsonl --shard 3/8 -o big.part3.jsonl.zst --resume

Progress: a progress bar (documents, MB read, MB/s, ETA) is drawn on stderr when it
  is a terminal, unless --quiet or the clean text itself goes to a terminal.

Reports: --report FILE writes one JSON object per document:
  {\"id\":\"a.txt\",\"bytes_in\":120,\"bytes_out\":80,\"removed\":[{\"category\":\"byline\",
   \"rule\":\"byline/follow-on-social\",\"start\":90,\"end\":120,\"text\":\"...\"}],
   \"normalized\":{\"quotes\":2,...}}
  start/end are byte offsets into the decoded input, before normalization. The id is
  the input path, `-` for standard input, or for JSON Lines the record's \"id\" field
  (else PATH:LINE). Text inputs also get \"encoding\" (e.g. \"windows-1252\") and
  \"encoding_source\" (bom, declared, utf-8, detected or forced), and where bytes could
  not be decoded, \"decode_errors\":[{\"input_offset\",\"input_len\",\"start\",\"end\"}].

Encodings: a text input is read by its byte order mark, else a <meta charset> or XML
  encoding declaration in its first 1024 bytes, else as UTF-8, else as the legacy
  encoding detected from its bytes. --encoding LABEL overrides all of that.";

const FIX_EXAMPLES: &str = "\
Examples:
  deboiler fix scraped.txt > fixed.txt
  deboiler fix corpus/ -O fixed/
  deboiler fix crawl.jsonl.gz -o fixed.jsonl.gz
  deboiler fix --no-normalize nfc < in.txt > out.txt";

const EVAL_EXAMPLES: &str = "\
Examples:
  deboiler eval --gold ../shared/gold
  deboiler eval --gold corpus/gold --json | jq .overall
  deboiler eval --truth ground-truth.json --pred outputs/
  deboiler eval --truth wcxb/ground-truth --input pages/ --keep byline --per-page p.csv
  deboiler eval --truth ground-truth.json --input injected/ --injected injected.json

A gold case is NAME.json with \"input\" (a path, relative to the JSON file's folder or
to the gold directory's parent), \"clean\" (the exact expected output) and \"removed\"
([{\"category\", \"text\", \"accept\"}]). Other JSON files are skipped.

With --truth, the figures are those of the article-extraction benchmarks, computed as
Scrapinghub's evaluate.py (and the shared score.py) compute them: tokens are runs of
letters, digits and _ (punctuation and spacing ignored); each page's 4-token shingles
are matched as multisets; precision is averaged over pages with an output, recall over
pages with a truth, F1 = 2PR/(P+R) of the two means; accuracy is the share of pages
whose tokens equal the truth's. A truth page without an output is scored as empty.
Also printed: WCXB's word F1/P/R, its with/without snippet rates (WCXB truth), the
leak rate of --injected strings, and bootstrap standard deviations (±).

Exit status: 0 when the cases or pages were scored (whatever the score); 1 when some
output or input file could not be read (reported, scored as missing); 2 for bad flags,
a bad gold directory, or a truth, prediction or injected file that cannot be used.";

/// Remove scraper junk from news text, and report every removal.
///
/// deboiler takes out what scrapers leave in article text (leaked ad scripts, bylines,
/// copyright footers, photo credits, "Related" teasers, page chrome), normalizes what is
/// left, and reports every removal with its category, rule and byte offsets.
#[derive(Debug, Parser)]
#[command(name = "deboiler", version, after_help = EXIT_STATUS)]
#[command(arg_required_else_help = true, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Remove scraper junk from documents and normalize what is left.
    ///
    /// Reads files, directories (recursively, with --output-dir) or standard input, gzip
    /// and zstd compressed or not (recognised by their first bytes), and writes the
    /// clean text: to standard output (or --output FILE) in input order, or with
    /// --output-dir one file per input, named like the input with the extension
    /// (before any .gz or .zst) replaced by .txt (.jsonl for JSON Lines) and compressed
    /// like the input. A file that cannot be read, a truncated compressed file or a
    /// malformed JSON Lines record is reported on stderr and skipped; the other
    /// documents are still cleaned.
    #[command(after_help = EXIT_STATUS, after_long_help = format!("{CLEAN_EXAMPLES}\n\n{EXIT_STATUS}"))]
    Clean(CleanArgs),
    /// Fix characters only (mojibake, entities, ligatures, full-width forms, line
    /// endings, controls, quotes, NFC; ftfy's defaults); remove nothing and keep the
    /// whitespace as it is.
    ///
    /// Takes the same inputs and writes the same outputs and reports as `clean`.
    #[command(after_help = EXIT_STATUS, after_long_help = format!("{FIX_EXAMPLES}\n\n{EXIT_STATUS}"))]
    Fix(FixArgs),
    /// Score the default cleaner against gold cases, or outputs against a benchmark.
    ///
    /// With --gold: prints how many cases come out exactly as expected, the precision
    /// and recall of the removals per category, and a short diff for each case that
    /// differs.
    ///
    /// With --truth: scores a folder of outputs (--pred), or cleans a folder of pages
    /// and scores that (--input), against a Scrapinghub or WCXB ground truth: shingle
    /// F1, precision, recall and exact-match accuracy as the benchmark's own scorer
    /// computes them, WCXB's word scores and snippet rates, and the leak rate of
    /// --injected strings.
    #[command(after_long_help = EVAL_EXAMPLES)]
    Eval(EvalArgs),
}

/// How to read inputs (`--format`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// JSON Lines for .jsonl/.ndjson files or when the first non-blank line is a JSON
    /// object; text otherwise.
    Auto,
    /// Each input is one document.
    Text,
    /// One JSON object per line; --field is cleaned in place, other fields are kept.
    Jsonl,
    /// Each line is one text document and gives one output line (empty when
    /// everything was removed), so line numbers stay aligned.
    Lines,
    /// Each input is one HTML page; its main content is extracted, then cleaned.
    Html,
}

/// How to compress --output-dir files (`--compress`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CompressArg {
    /// gzip, adding .gz.
    Gz,
    /// Zstandard, adding .zst.
    Zst,
    /// Not compressed.
    None,
}

/// Inputs, outputs and normalization: shared by `clean` and `fix`.
#[derive(Debug, Args)]
pub struct IoArgs {
    /// Files or directories to read; `-` or no INPUT reads standard input.
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,

    /// How to read inputs.
    #[arg(
        long,
        help_heading = "Input",
        value_enum,
        value_name = "FORMAT",
        default_value_t = FormatArg::Auto,
    )]
    pub format: FormatArg,

    /// The JSON Lines field holding the text to clean; all other fields are copied
    /// unchanged, in order.
    #[arg(
        long,
        help_heading = "Input",
        value_name = "NAME",
        default_value = "text"
    )]
    pub field: String,

    /// JSON Lines: the field holds an HTML page; its main content is extracted (as for
    /// --format html) and cleaned, and written in its place.
    #[arg(long, help_heading = "Input")]
    pub html_field: bool,

    /// Read text inputs in this encoding instead of detecting it: a WHATWG label such
    /// as utf-8, windows-1252, iso-8859-2, shift_jis, gbk, koi8-r or utf-16le. A byte
    /// order mark of the same encoding is still dropped. JSON Lines inputs are always
    /// read as UTF-8 and are not affected.
    #[arg(
        long,
        help_heading = "Input",
        value_name = "LABEL",
        value_parser = parse_encoding,
    )]
    pub encoding: Option<&'static Encoding>,

    /// Which files to read from directory inputs (repeatable): a file is read when it
    /// matches a GLOB (or none is given) and no !GLOB. Matched against the path
    /// relative to the directory; a GLOB without / matches at any depth ('*.jsonl.gz'),
    /// one with / the whole path ('2024/**/*.txt'); a directory matching a !GLOB is not
    /// entered ('!drafts'). Files named on the command line are always read.
    #[arg(
        long = "glob",
        help_heading = "Input",
        value_name = "GLOB",
        action = ArgAction::Append,
        allow_hyphen_values = true,
    )]
    pub globs: Vec<String>,

    /// Write everything that would go to standard output to FILE instead: gzip or
    /// zstd compressed when FILE ends in .gz or .zst. It is written under a temporary
    /// name and renamed when complete.
    #[arg(
        short,
        long,
        help_heading = "Output",
        value_name = "FILE",
        conflicts_with = "output_dir"
    )]
    pub output: Option<PathBuf>,

    /// Write one output file per input into DIR instead of standard output. Directory
    /// inputs are mirrored under DIR; file inputs go to DIR by file name. Required for
    /// directory inputs. Each file is written under a temporary name and renamed when
    /// complete.
    #[arg(short = 'O', long, help_heading = "Output", value_name = "DIR")]
    pub output_dir: Option<PathBuf>,

    /// Compress the --output-dir files with this [default: as their input was]
    #[arg(
        long,
        help_heading = "Output",
        value_enum,
        value_name = "HOW",
        requires = "output_dir"
    )]
    pub compress: Option<CompressArg>,

    /// Write the JSON Lines report, one object per document, to FILE (gzip or zstd
    /// compressed when it ends in .gz or .zst).
    #[arg(long, help_heading = "Output", value_name = "FILE")]
    pub report: Option<PathBuf>,

    /// Write the run's summary (documents, failures, skipped outputs, bytes, removals
    /// per category, repairs, seconds, MB/s) to FILE as one JSON object.
    #[arg(long, help_heading = "Output", value_name = "FILE")]
    pub stats: Option<PathBuf>,

    /// Normalization steps turned off.
    #[command(flatten)]
    pub norm: NormArgs,

    /// Worker threads [default: one per core]. Output does not depend on it. With 1,
    /// reading, cleaning and writing take turns on one thread; with more, they overlap.
    #[arg(
        short = 'j',
        long,
        help_heading = "Running",
        value_name = "N",
        value_parser = parse_threads,
    )]
    pub threads: Option<usize>,

    /// Clean only shard I of N (1-based), for running on N machines: several inputs
    /// are shared out whole, a single input file by line ranges; the N outputs
    /// concatenated in shard order equal the unsharded output. With --output-dir and a
    /// single file, the output is named NAME.shard-I-of-N.EXT.
    #[arg(long, help_heading = "Running", value_name = "I/N", value_parser = parse_shard)]
    pub shard: Option<Shard>,

    /// Continue an interrupted run: skip every output that already exists under its
    /// final name (it is complete) and redo the others. Needs --output or
    /// --output-dir. The --report and --stats then cover only what this run cleaned.
    #[arg(long, help_heading = "Running")]
    pub resume: bool,

    /// No progress bar and no summary line on stderr (failures are still reported).
    #[arg(short, long, help_heading = "Running")]
    pub quiet: bool,
}

/// `--no-normalize`: shared by `clean`, `fix` and `eval --input`.
#[derive(Debug, Args)]
pub struct NormArgs {
    /// Turn off one normalization step (repeatable).
    #[arg(
        long = "no-normalize",
        help_heading = "Cleaning",
        value_name = "NAME",
        action = ArgAction::Append,
        value_parser = PossibleValuesParser::new(NormOptions::NAMES),
    )]
    pub no_normalize: Vec<String>,
}

/// `deboiler clean`.
#[derive(Debug, Args)]
pub struct CleanArgs {
    /// Inputs, outputs and normalization.
    #[command(flatten)]
    pub io: IoArgs,

    /// The categories to remove.
    #[command(flatten)]
    pub categories: CategoryArgs,

    /// Also remove lines that recur in many documents of the inputs (a site's menu,
    /// footer, legal lines) as page_chrome/repeated-line: those in at least MIN_DOCS
    /// documents [default: 10] and in at least --repeated-share of them. A document
    /// whose repeated lines make up over 80% of its text is a copy and keeps them.
    /// The inputs are read twice, standard input via a temporary file; with --shard
    /// every shard counts all the inputs, so the shards agree with an unsharded run.
    #[arg(
        long,
        help_heading = "Cleaning",
        value_name = "MIN_DOCS",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "10",
        value_parser = parse_min_docs,
    )]
    pub repeated_lines: Option<u64>,

    /// With --repeated-lines: the share of the documents a line must also occur in,
    /// so that the bar rises with the corpus [default: 0.0001, 100 in a million].
    #[arg(
        long,
        help_heading = "Cleaning",
        value_name = "SHARE",
        requires = "repeated_lines",
        value_parser = parse_share,
    )]
    pub repeated_share: Option<f64>,
}

/// `--only` and `--keep`: shared by `clean` and `eval --input`.
#[derive(Debug, Args)]
pub struct CategoryArgs {
    /// Remove only these categories (comma-separated or repeated).
    #[arg(
        long,
        help_heading = "Cleaning",
        value_name = "CATEGORY",
        value_delimiter = ',',
        action = ArgAction::Append,
        value_parser = category_parser(),
        conflicts_with = "keep",
    )]
    pub only: Vec<Category>,

    /// Keep these categories: remove every other (comma-separated or repeated).
    #[arg(
        long,
        help_heading = "Cleaning",
        value_name = "CATEGORY",
        value_delimiter = ',',
        action = ArgAction::Append,
        value_parser = category_parser(),
    )]
    pub keep: Vec<Category>,

    /// HTML input: do not put the page's headline first when it is outside the
    /// main content.
    #[arg(long, help_heading = "Cleaning")]
    pub no_headline: bool,
}

/// `deboiler fix`.
#[derive(Debug, Args)]
pub struct FixArgs {
    /// Inputs, outputs and normalization.
    #[command(flatten)]
    pub io: IoArgs,
}

/// `deboiler eval`: `--gold DIR`, or `--truth T` with `--pred DIR` or `--input DIR`.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("outputs").args(["pred", "input"])))]
#[command(group(
    ArgGroup::new("cleaning")
        .args(["only", "keep", "no_headline", "no_normalize", "encoding", "threads"])
        .multiple(true)
        // Not `requires("input")`: clap lets a required arg be absent when it
        // conflicts with a present one, as --input does with --pred.
        .conflicts_with_all(["pred", "gold"])
))]
pub struct EvalArgs {
    /// The gold directory: NAME.json cases, searched recursively.
    #[arg(
        long,
        value_name = "DIR",
        required_unless_present = "truth",
        conflicts_with = "truth"
    )]
    pub gold: Option<PathBuf>,

    /// A benchmark's ground truth: a JSON file {id: {"articleBody": text}} (Scrapinghub)
    /// or a WCXB folder of <id>.json files (or the folder holding its ground-truth/).
    #[arg(
        long,
        help_heading = "Benchmark",
        value_name = "TRUTH",
        requires = "outputs"
    )]
    pub truth: Option<PathBuf>,

    /// Score these outputs: a folder of <id>.txt files (or a JSON file {id: text}).
    #[arg(
        long,
        help_heading = "Benchmark",
        value_name = "DIR",
        requires = "truth"
    )]
    pub pred: Option<PathBuf>,

    /// Clean each <id>.txt page of DIR as `deboiler clean` would (with the cleaning
    /// flags below), then score the outputs.
    #[arg(
        long,
        help_heading = "Benchmark",
        value_name = "DIR",
        requires = "truth"
    )]
    pub input: Option<PathBuf>,

    /// Also report how much of these injected strings survives: {id: [string, ...]}.
    #[arg(
        long,
        help_heading = "Benchmark",
        value_name = "FILE",
        requires = "truth"
    )]
    pub injected: Option<PathBuf>,

    /// Write per-page figures to this CSV file (score.py's columns).
    #[arg(
        long = "per-page",
        help_heading = "Benchmark",
        value_name = "FILE",
        requires = "truth"
    )]
    pub per_page: Option<PathBuf>,

    /// Bootstrap resamples for the standard deviations (0: none).
    #[arg(
        long,
        help_heading = "Benchmark",
        value_name = "N",
        default_value_t = 1000
    )]
    pub bootstrap: usize,

    /// Seed of the bootstrap (Python's Mersenne Twister: the same seed draws the same
    /// resamples as score.py's).
    #[arg(
        long,
        help_heading = "Benchmark",
        value_name = "S",
        default_value_t = 0
    )]
    pub seed: u64,

    /// Print the result as JSON instead of a table (one line for --truth).
    #[arg(long)]
    pub json: bool,

    /// The categories to remove (--input).
    #[command(flatten)]
    pub categories: CategoryArgs,

    /// Normalization steps turned off (--input).
    #[command(flatten)]
    pub norm: NormArgs,

    /// Read --input pages in this encoding instead of detecting it (a WHATWG label).
    #[arg(
        long,
        help_heading = "Cleaning",
        value_name = "LABEL",
        value_parser = parse_encoding,
    )]
    pub encoding: Option<&'static Encoding>,

    /// Worker threads for --input [default: one per core]. Scores do not depend on it.
    #[arg(
        short = 'j',
        long,
        help_heading = "Cleaning",
        value_name = "N",
        value_parser = parse_threads,
    )]
    pub threads: Option<usize>,
}

fn category_parser() -> impl TypedValueParser<Value = Category> {
    PossibleValuesParser::new(Category::ALL.map(Category::name))
        .try_map(|name| Category::from_name(&name).ok_or("unknown category"))
}

/// An encoding by its WHATWG label (`latin1`, `cp1251`, `sjis`, …). The "replacement"
/// labels (`iso-2022-kr`, …) are refused: they name no encoding that can be decoded.
fn parse_encoding(label: &str) -> Result<&'static Encoding, String> {
    Encoding::for_label_no_replacement(label.as_bytes()).ok_or_else(|| {
        format!(
            "unknown encoding label \"{label}\"; give a WHATWG label such as utf-8, \
             windows-1252, iso-8859-2, shift_jis, gbk, koi8-r or utf-16le"
        )
    })
}

fn parse_shard(s: &str) -> Result<Shard, String> {
    s.parse()
}

fn parse_min_docs(s: &str) -> Result<u64, String> {
    match s.parse::<u64>() {
        Ok(n) if n >= 2 => Ok(n),
        _ => Err(
            "expected a number of documents, 2 or more (a line in one document is \
                  not repeated)"
                .to_string(),
        ),
    }
}

fn parse_share(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(x) if (0.0..=1.0).contains(&x) => Ok(x),
        _ => Err("expected a share of the documents from 0 to 1, e.g. 0.001".to_string()),
    }
}

fn parse_threads(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err("expected a number of threads, 1 or more".to_string()),
    }
}

impl IoArgs {
    /// The driver configuration these flags describe.
    pub fn config(&self) -> Config {
        Config {
            inputs: self.inputs.clone(),
            output: self.output.clone(),
            output_dir: self.output_dir.clone(),
            compress: self.compress.map(|c| match c {
                CompressArg::Gz => Compression::Gzip,
                CompressArg::Zst => Compression::Zstd,
                CompressArg::None => Compression::None,
            }),
            report: self.report.clone(),
            stats: self.stats.clone(),
            format: match self.format {
                FormatArg::Auto => Format::Auto,
                FormatArg::Text => Format::Text,
                FormatArg::Html => Format::Html,
                FormatArg::Jsonl => Format::Jsonl,
                FormatArg::Lines => Format::Lines,
            },
            field: self.field.clone(),
            html_field: self.html_field,
            encoding: self.encoding,
            globs: self.globs.clone(),
            shard: self.shard,
            resume: self.resume,
            threads: self.threads,
            ..Config::default()
        }
    }
}

impl NormArgs {
    /// `base` with the steps named by `--no-normalize` turned off.
    fn apply(&self, mut base: NormOptions) -> NormOptions {
        for name in &self.no_normalize {
            // Names were validated by clap against the same list.
            base.set(name, false);
        }
        base
    }
}

impl CategoryArgs {
    /// The `clean` cleaner with these categories and `norm`'s steps.
    fn cleaner(&self, norm: &NormArgs) -> Cleaner {
        let mut cats = if self.only.is_empty() {
            CategorySet::all()
        } else {
            self.only.iter().copied().collect()
        };
        for &c in &self.keep {
            cats = cats.without(c);
        }
        Cleaner::builder()
            .categories(cats)
            .normalize(norm.apply(NormOptions::clean()))
            .headline(!self.no_headline)
            .build()
    }
}

impl CleanArgs {
    /// The driver configuration these flags describe.
    pub fn config(&self) -> Config {
        let default = Threshold::default();
        Config {
            repeated_lines: self.repeated_lines.map(|min_docs| Threshold {
                min_docs,
                min_share: self.repeated_share.unwrap_or(default.min_share),
                ..default
            }),
            ..self.io.config()
        }
    }

    /// The cleaner these flags describe.
    pub fn cleaner(&self) -> Cleaner {
        self.categories.cleaner(&self.io.norm)
    }
}

impl EvalArgs {
    /// The cleaner for `--input`: the one `clean` builds from the same flags.
    pub fn cleaner(&self) -> Cleaner {
        self.categories.cleaner(&self.norm)
    }
}

impl FixArgs {
    /// The character-fixing cleaner these flags describe.
    pub fn cleaner(&self) -> Cleaner {
        if self.io.norm.no_normalize.is_empty() {
            return Cleaner::fixer();
        }
        Cleaner::builder()
            .categories(CategorySet::none())
            .normalize(self.io.norm.apply(NormOptions::fix()))
            .build()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn flags_are_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn categories_and_steps() {
        let cli = Cli::parse_from([
            "deboiler",
            "clean",
            "--keep",
            "byline,photo_credit",
            "--keep=ad_script",
            "--no-normalize",
            "quotes",
            "a.txt",
        ]);
        let Command::Clean(args) = cli.command else {
            panic!("not clean")
        };
        let c = args.cleaner();
        assert!(!c.categories().contains(Category::Byline));
        assert!(!c.categories().contains(Category::AdScript));
        assert!(c.categories().contains(Category::PageChrome));
        assert!(!c.norm_options().quotes);
        assert_eq!(args.io.inputs, [PathBuf::from("a.txt")]);

        assert!(Cli::try_parse_from(["deboiler", "clean", "--only", "bylines"]).is_err());
        assert!(Cli::try_parse_from(["deboiler", "clean", "--no-normalize", "quote"]).is_err());
        assert!(Cli::try_parse_from(["deboiler", "clean", "--threads", "0"]).is_err());
    }

    #[test]
    fn corpus_flags_become_the_config() {
        let cli = Cli::parse_from([
            "deboiler",
            "fix",
            "in/",
            "-O",
            "out",
            "--compress",
            "zst",
            "--glob",
            "*.gz",
            "--glob",
            "!tmp",
            "--shard",
            "2/5",
            "--resume",
            "--format",
            "lines",
        ]);
        let Command::Fix(args) = cli.command else {
            panic!("not fix")
        };
        let cfg = args.io.config();
        assert_eq!(cfg.output_dir, Some(PathBuf::from("out")));
        assert_eq!(cfg.compress, Some(Compression::Zstd));
        assert_eq!(cfg.globs, ["*.gz", "!tmp"]);
        assert_eq!(cfg.shard, Some(Shard { index: 2, count: 5 }));
        assert!(cfg.resume);
        assert_eq!(cfg.format, Format::Lines);

        let cfg = Cli::parse_from(["deboiler", "clean", "a", "-o", "x.gz"]).command;
        let Command::Clean(args) = cfg else {
            panic!("not clean")
        };
        assert_eq!(args.io.config().output, Some(PathBuf::from("x.gz")));

        for bad in [
            &["clean", "-o", "a", "-O", "b"][..],
            &["clean", "--compress", "gz"],
            &["clean", "--shard", "3/2"],
            &["clean", "--compress", "bz2", "-O", "b"],
        ] {
            let args = std::iter::once("deboiler").chain(bad.iter().copied());
            assert!(Cli::try_parse_from(args).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn repeated_lines_flags_become_the_threshold() {
        let clean = |args: &[&str]| {
            let all = ["deboiler", "clean"].iter().chain(args).copied();
            match Cli::parse_from(all).command {
                Command::Clean(a) => a,
                _ => panic!("not clean"),
            }
        };
        let a = clean(&["--repeated-lines", "a.txt"]);
        assert_eq!(a.config().repeated_lines, Some(Threshold::default()));
        assert_eq!(a.io.inputs, [PathBuf::from("a.txt")]);
        let a = clean(&["--repeated-lines=25", "--repeated-share", "0.01"]);
        let t = a.config().repeated_lines.unwrap();
        assert_eq!((t.min_docs, t.min_share), (25, 0.01));
        assert_eq!(t.max_doc_share, Threshold::default().max_doc_share);
        assert_eq!(clean(&["a.txt"]).config().repeated_lines, None);
    }

    #[test]
    fn encoding_labels() {
        let cli = Cli::parse_from(["deboiler", "fix", "--encoding", "CP1251", "a.txt"]);
        let Command::Fix(args) = cli.command else {
            panic!("not fix")
        };
        assert_eq!(args.io.config().encoding, Some(encoding_rs::WINDOWS_1251));
        let Command::Clean(args) =
            Cli::parse_from(["deboiler", "clean", "--encoding", " latin1 "]).command
        else {
            panic!("not clean")
        };
        assert_eq!(args.io.encoding, Some(encoding_rs::WINDOWS_1252));
        for bad in ["latin-9x", "iso-2022-kr", ""] {
            let err = Cli::try_parse_from(["deboiler", "clean", "--encoding", bad]).unwrap_err();
            assert!(err.to_string().contains("unknown encoding label"), "{err}");
        }
    }
}
