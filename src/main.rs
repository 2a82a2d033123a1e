//! The `deboiler` command: parse flags ([`cli`]), run the library, map the outcome to
//! an exit code (0 ok, 1 some documents failed, 2 usage or configuration error).

mod cli;

use clap::Parser;
use cli::{Cli, Command};
use deboiler::batch::{self, Config, Failure};
use deboiler::error::Error;
use deboiler::{eval, Cleaner};
use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    // clap prints its own usage errors and exits with status 2.
    let cli = Cli::parse();
    match cli.command {
        Command::Clean(args) => clean(&args.io.config(), &args.cleaner(), &args.io),
        Command::Fix(args) => clean(&args.io.config(), &args.cleaner(), &args.io),
        Command::Eval(args) => evaluate(&args),
    }
}

/// `clean` and `fix`: run the batch driver over standard input and output.
fn clean(cfg: &Config, cleaner: &Cleaner, args: &cli::IoArgs) -> ExitCode {
    let mut stdin = io::stdin().lock();
    let mut stdout = BufWriter::with_capacity(1 << 16, io::stdout().lock());
    let mut on_failure = |f: &Failure| message(&f.to_string());
    match batch::run(cfg, cleaner, &mut stdin, &mut stdout, &mut on_failure) {
        Ok(summary) => {
            if !args.quiet {
                message(&summary.to_string());
            }
            if let Some(path) = &args.stats {
                let json = serde_json::to_string_pretty(&summary.stats()).unwrap_or_default();
                if let Err(e) = std::fs::write(path, json + "\n") {
                    return fail(&Error::io(
                        "cannot write the stats to",
                        path,
                        e,
                        "check the path and free space",
                    ));
                }
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

/// `eval`: score the default cleaner and print a table or JSON.
fn evaluate(args: &cli::EvalArgs) -> ExitCode {
    let result = match eval::run(&args.gold, &Cleaner::new()) {
        Ok(r) => r,
        Err(e) => return fail(&e),
    };
    let text = if args.json {
        match serde_json::to_string_pretty(&result) {
            Ok(s) => s + "\n",
            Err(e) => {
                return fail(&Error::Config(format!(
                    "cannot write the result as JSON: {e}"
                )))
            }
        }
    } else {
        result.to_string()
    };
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
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
