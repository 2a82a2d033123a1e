//! The corpus runner: every case under `corpus/gold/` is cleaned and compared with its
//! expected text and labelled removals, and every failure is listed at once. The
//! documents themselves are in `corpus/input/`.
//!
//! - `DEBOILER_CASE=substring` runs only the cases whose name contains it.
//! - `DEBOILER_BLESS=1` rewrites the expected files (`NAME.clean.txt` and the `clean`
//!   and `removed` fields of `NAME.json`) from the current output, after a deliberate
//!   change. Review the diff before committing it.
//!
//! Cases in [`KNOWN_FAILURES`] are expected to fail: their expected files say what is
//! right, and the cleaner does not do it yet. The runner fails when one of them passes,
//! so that it is taken off the list.

use deboiler::eval::{self, GoldCase};
use deboiler::Cleaner;
use serde::Serialize;
use std::path::Path;

/// Cases whose expected output or removals the cleaner does not give yet, with why.
const KNOWN_FAILURES: &[(&str, &str)] = &[];

fn corpus_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/gold"))
}

fn selected_cases() -> Vec<GoldCase> {
    let filter = std::env::var("DEBOILER_CASE").unwrap_or_default();
    let cases = eval::load_cases(corpus_dir()).expect("corpus/gold loads");
    cases
        .into_iter()
        .filter(|c| c.name.contains(&filter))
        .collect()
}

#[test]
fn corpus_cases_pass() {
    let cases = selected_cases();
    let filtered = std::env::var("DEBOILER_CASE").is_ok();
    assert!(
        filtered || cases.len() >= 60,
        "corpus/gold has only {} cases",
        cases.len()
    );
    let cleaner = Cleaner::new();

    if std::env::var("DEBOILER_BLESS").is_ok_and(|v| v == "1") {
        for case in &cases {
            bless(case, &cleaner);
        }
        return;
    }

    let result = eval::score(&cases, &cleaner);
    let mut failures = Vec::new();
    for r in &result.results {
        let known = KNOWN_FAILURES.iter().any(|(name, _)| *name == r.name);
        if r.exact && r.missed.is_empty() && r.extra.is_empty() {
            if known {
                failures.push(format!(
                    "--- {}\n  passes now: take it off KNOWN_FAILURES in tests/corpus.rs",
                    r.name
                ));
            }
            continue;
        }
        if known {
            continue;
        }
        let mut msg = format!("--- {}", r.name);
        if !r.exact {
            msg.push_str("\n  output differs:");
            for line in &r.diff {
                msg.push_str(&format!("\n    {line}"));
            }
        }
        for m in &r.missed {
            msg.push_str(&format!("\n  missed {}: {:?}", m.category, m.text));
        }
        for e in &r.extra {
            msg.push_str(&format!(
                "\n  extra {} ({}): {:?}",
                e.category, e.rule, e.text
            ));
        }
        failures.push(msg);
    }
    assert!(
        failures.is_empty(),
        "{} of {} corpus cases failed (filter with DEBOILER_CASE=name, rewrite with DEBOILER_BLESS=1):\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// A case file as the corpus writes it, fields in the order people read them.
#[derive(Serialize)]
struct CaseFile<'a> {
    input: &'a serde_json::Value,
    clean: &'a str,
    removed: Vec<CaseRemoval<'a>>,
}

#[derive(Serialize)]
struct CaseRemoval<'a> {
    category: &'a str,
    text: &'a str,
    accept: Vec<&'a str>,
}

/// Rewrites a case's expected files from the current output, keeping its `input` and
/// the `accept` lists of removals whose text is unchanged. For an HTML page the
/// removals are the extraction's (one per element, as the report writes its text)
/// followed by the text rules'.
fn bless(case: &GoldCase, cleaner: &Cleaner) {
    let out = case.clean(cleaner);
    let old: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&case.json_path).unwrap()).unwrap();
    let dom = out.report.html.iter().flat_map(|h| &h.removed);
    let removed = dom
        .map(|d| (d.category, d.text.as_str()))
        .chain(
            out.report
                .removed
                .iter()
                .map(|r| (r.category, r.text.as_str())),
        )
        .map(|(category, text)| CaseRemoval {
            category: category.name(),
            text,
            accept: case
                .removed
                .iter()
                .find(|g| g.text == text)
                .map(|g| g.accept.iter().map(|c| c.name()).collect())
                .unwrap_or_default(),
        })
        .collect();
    let file = CaseFile {
        input: &old["input"],
        clean: &out.text,
        removed,
    };
    let pretty = serde_json::to_string_pretty(&file).unwrap() + "\n";
    std::fs::write(&case.json_path, pretty).unwrap();
    std::fs::write(case.json_path.with_extension("clean.txt"), &out.text).unwrap();
}
