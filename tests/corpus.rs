//! The corpus runner: every case under `corpus/` is cleaned and compared with its
//! expected text and labelled removals, and every failure is listed at once.
//!
//! - `DEBOILER_CASE=substring` runs only the cases whose name contains it.
//! - `DEBOILER_BLESS=1` rewrites the expected files (`NAME.clean.txt` and the `clean`
//!   and `removed` fields of `NAME.json`) from the current output, after a deliberate
//!   change. Review the diff before committing it.

use deboiler::eval::{self, GoldCase};
use deboiler::{Cleaner, Report};
use std::path::Path;

fn corpus_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus"))
}

fn selected_cases() -> Vec<GoldCase> {
    let filter = std::env::var("DEBOILER_CASE").unwrap_or_default();
    let cases = eval::load_cases(corpus_dir()).expect("corpus/ loads");
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
        "corpus/ has only {} cases",
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

/// Rewrites a case's expected files from the current output, keeping the `accept`
/// lists of removals whose text is unchanged.
fn bless(case: &GoldCase, cleaner: &Cleaner) {
    let out = cleaner.clean_bytes(&case.input);
    let removed: Vec<serde_json::Value> = out
        .report
        .removed
        .iter()
        .map(|r| {
            let accept: Vec<&str> = case
                .removed
                .iter()
                .find(|g| g.text == r.text)
                .map(|g| g.accept.iter().map(|c| c.name()).collect())
                .unwrap_or_default();
            serde_json::json!({"category": r.category, "text": r.text, "accept": accept})
        })
        .collect();
    let input_name = case.input_path.file_name().unwrap().to_string_lossy();
    let json = serde_json::json!({"input": input_name, "clean": out.text, "removed": removed});
    let pretty = serde_json::to_string_pretty(&json).unwrap() + "\n";
    std::fs::write(&case.json_path, pretty).unwrap();
    let clean_path = case.json_path.with_extension("clean.txt");
    std::fs::write(clean_path, &out.text).unwrap();
    let _: &Report = &out.report;
}
