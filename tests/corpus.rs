//! The corpus runner: every case under `corpus/gold/` is cleaned and compared with its
//! expected text and labelled removals, and every failure is listed at once. The
//! documents themselves are in `corpus/input/`.
//!
//! - `DEBOILER_CASE=substring` runs only the cases whose name contains it.
//! - `DEBOILER_BLESS=1` rewrites the expected files (`NAME.clean.txt` and the `clean`
//!   and `removed` fields of `NAME.json`) from the current output, after a deliberate
//!   change. Review the diff before committing it.

use deboiler::eval::{self, GoldCase};
use deboiler::Cleaner;
use serde::Serialize;
use std::path::Path;

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
        if r.exact && r.missed.is_empty() && r.extra.is_empty() {
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
/// the `accept` lists of removals whose text is unchanged.
fn bless(case: &GoldCase, cleaner: &Cleaner) {
    let out = cleaner.clean_bytes(&case.input);
    let old: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&case.json_path).unwrap()).unwrap();
    let removed = out
        .report
        .removed
        .iter()
        .map(|r| CaseRemoval {
            category: r.category.name(),
            text: &r.text,
            accept: case
                .removed
                .iter()
                .find(|g| g.text == r.text)
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
