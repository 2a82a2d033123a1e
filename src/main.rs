//! The `deboiler` command: parse flags ([`cli`]), run the library, map the outcome to
//! an exit code (0 ok, 1 some documents failed, 2 usage or configuration error).

mod cli;

use clap::Parser;
use cli::{Cli, Command};
use deboiler::batch::{self, Config, Failure, Progress};
use deboiler::error::Error;
use deboiler::eval::{self, bench};
use deboiler::Cleaner;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::{self, BufWriter, IsTerminal, Write};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// mimalloc instead of the system allocator: the cleaner makes many small, short-lived
/// allocations per document, and glibc's malloc cost about a sixth of `clean`'s
/// instructions and contended between worker threads.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // clap prints its own usage errors and exits with status 2.
    let cli = Cli::parse();
    match cli.command {
        Command::Clean(args) => clean(&args.config(), &args.cleaner(), &args.io),
        Command::Fix(args) => clean(&args.io.config(), &args.cleaner(), &args.io),
        Command::Eval(args) => evaluate(&args),
    }
}

/// `clean` and `fix`: run the batch driver over standard input and output, with a
/// progress bar on stderr when it is a terminal (and the clean text is not being
/// printed to a terminal).
fn clean(cfg: &Config, cleaner: &Cleaner, args: &cli::IoArgs) -> ExitCode {
    let mut cfg = cfg.clone();
    // Test hook, not a user option: see `Config::abort_after_outputs`.
    cfg.abort_after_outputs = std::env::var("DEBOILER_ABORT_AFTER_OUTPUTS")
        .ok()
        .and_then(|n| n.parse().ok());
    // Not over text being printed to the same terminal.
    let to_terminal =
        cfg.output.is_none() && cfg.output_dir.is_none() && io::stdout().is_terminal();
    let bar = (!args.quiet && io::stderr().is_terminal() && !to_terminal).then(|| {
        let progress = Arc::new(Progress::default());
        cfg.progress = Some(Arc::clone(&progress));
        (progress, ProgressBar::new(0))
    });
    // The reader thread takes standard input, so it is not locked here.
    let mut stdin = io::stdin();
    let mut stdout = BufWriter::with_capacity(1 << 16, io::stdout().lock());
    let mut on_failure = |f: &Failure| match &bar {
        Some((_, b)) => b.suspend(|| message(&f.to_string())),
        None => message(&f.to_string()),
    };
    let done = AtomicBool::new(false);
    let result = std::thread::scope(|s| {
        if let Some((progress, b)) = &bar {
            s.spawn(|| draw_progress(progress, b, &done));
        }
        let result = batch::run(&cfg, cleaner, &mut stdin, &mut stdout, &mut on_failure);
        done.store(true, Ordering::Relaxed);
        result
    });
    if let Some((_, b)) = &bar {
        b.finish_and_clear();
    }
    match result {
        Ok(summary) => {
            if !args.quiet {
                message(&summary.to_string());
            }
            if summary.failed > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(e) => fail(&e),
    }
}

/// Redraws the bar from the run's counters until `done`: documents, MB read, MB/s,
/// and with a known input size a bar and the time left.
fn draw_progress(progress: &Progress, bar: &ProgressBar, done: &AtomicBool) {
    let mut sized = None;
    while !done.load(Ordering::Relaxed) {
        let total = progress.total_bytes();
        if sized != Some(total.is_some()) {
            sized = Some(total.is_some());
            let template = if total.is_some() {
                "{spinner} {msg} [{bar:30}] {decimal_bytes}/{decimal_total_bytes}, \
                 {decimal_bytes_per_sec}, ETA {eta}"
            } else {
                "{spinner} {msg}, {decimal_bytes} read, {decimal_bytes_per_sec}, {elapsed}"
            };
            let style = ProgressStyle::with_template(template)
                .expect("the template is valid")
                .progress_chars("=> ");
            bar.set_style(style);
            bar.set_length(total.unwrap_or(0));
        }
        bar.set_position(progress.bytes_read());
        bar.set_message(format!("{} documents", progress.documents()));
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// `eval`: `--gold` scores the default cleaner on gold cases; `--truth` scores outputs
/// against a benchmark's ground truth.
fn evaluate(args: &cli::EvalArgs) -> ExitCode {
    let Some(gold) = &args.gold else {
        return evaluate_bench(args);
    };
    let result = match eval::run(gold, &Cleaner::new()) {
        Ok(r) => r,
        Err(e) => return fail(&e),
    };
    let text = if args.json {
        match serde_json::to_string_pretty(&result) {
            Ok(s) => s + "\n",
            Err(e) => return fail(&json_error(&e)),
        }
    } else {
        result.to_string()
    };
    print(&text, ExitCode::SUCCESS)
}

/// `eval --truth`: read or make the outputs, score them, warn about pages without an
/// output, print the figures (and write --per-page). Exit status 1 when some output
/// file could not be read (it was scored as missing).
fn evaluate_bench(args: &cli::EvalArgs) -> ExitCode {
    let truth = args
        .truth
        .as_deref()
        .expect("clap requires --gold or --truth");
    let pool = match rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.unwrap_or(0))
        .build()
    {
        Ok(p) => p,
        Err(e) => return fail(&Error::Config(format!("cannot start worker threads: {e}"))),
    };
    let run = || -> Result<bench::BenchResult, Error> {
        let truth = bench::Truth::load(truth)?;
        let injected = args
            .injected
            .as_deref()
            .map(bench::load_injected)
            .transpose()?;
        let pred = match (&args.pred, &args.input) {
            (Some(dir), _) => bench::Predictions::load(dir)?,
            (None, Some(dir)) => {
                let opts = bench::InputOptions {
                    encoding: args.encoding,
                };
                bench::Predictions::clean_dir(dir, &args.cleaner(), &opts)?
            }
            (None, None) => unreachable!("clap requires --pred or --input with --truth"),
        };
        for f in &pred.failures {
            message(&f.to_string());
        }
        let opts = bench::Options {
            bootstrap: args.bootstrap,
            seed: args.seed,
        };
        Ok(bench::score(&truth, &pred, injected.as_ref(), &opts))
    };
    let result = match pool.install(run) {
        Ok(r) => r,
        Err(e) => return fail(&e),
    };
    let sample = |ids: &[String]| ids.iter().take(3).cloned().collect::<Vec<_>>().join(", ");
    if !result.missing.is_empty() {
        message(&format!(
            "warning: {} truth pages have no output (scored as empty), e.g. {}",
            result.missing.len(),
            sample(&result.missing)
        ));
    }
    if !result.unknown.is_empty() {
        message(&format!(
            "warning: {} outputs are not in the truth (ignored), e.g. {}",
            result.unknown.len(),
            sample(&result.unknown)
        ));
    }
    if let Some(path) = &args.per_page {
        let written = std::fs::File::create(path).and_then(|file| {
            let mut w = BufWriter::new(file);
            result.write_csv(&mut w)?;
            w.flush()
        });
        if let Err(e) = written {
            return fail(&Error::io(
                "cannot write per-page file",
                path,
                e,
                "check that its folder exists and is writable",
            ));
        }
    }
    let text = if args.json {
        match serde_json::to_string(&result.summary()) {
            Ok(s) => s + "\n",
            Err(e) => return fail(&json_error(&e)),
        }
    } else {
        result.to_string()
    };
    let code = if result.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    };
    print(&text, code)
}

fn json_error(e: &serde_json::Error) -> Error {
    Error::Config(format!("cannot write the result as JSON: {e}"))
}

/// Prints `text` on standard output and exits with `code`; a closed pipe is not an
/// error.
fn print(text: &str, code: ExitCode) -> ExitCode {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => code,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => code,
        Err(e) => fail(&Error::Io {
            action: "cannot write to standard output".to_string(),
            source: e,
            hint: "check free space and permissions",
        }),
    }
}

/// Reports a run-stopping error; a closed standard output is not one.
fn fail(e: &Error) -> ExitCode {
    if e.is_broken_pipe() {
        return ExitCode::SUCCESS;
    }
    message(&e.to_string());
    ExitCode::from(2)
}

/// One line on stderr. Never panics: if stderr is gone there is nobody to tell.
fn message(text: &str) {
    let _ = writeln!(io::stderr().lock(), "deboiler: {text}");
}
