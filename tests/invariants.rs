//! Properties that hold for every document, checked on every corpus input plus a few
//! hand-made edge cases:
//!
//! - every removal slices the input to its text (`&input[start..end] == text`);
//! - removals are sorted and never overlap;
//! - every repair slices the input to its text, and damaging a mojibake repair's fixed
//!   text again with its encodings gives that text back;
//! - cleaning is idempotent, and so is fixing;
//! - the report is a replayable plan: parsed back from JSON and replayed, it gives
//!   the same output;
//! - the CLI gives byte-identical output and reports with 1 and 4 threads.

use deboiler::{eval, replay, Cleaner, NormOptions, Report};
use std::path::Path;
use std::process::Command;

fn corpus_inputs() -> Vec<(String, String)> {
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/gold"));
    let mut docs: Vec<(String, String)> = eval::load_cases(dir)
        .expect("corpus/gold loads")
        .into_iter()
        .map(|c| (c.name, deboiler::decode::decode(&c.input).text.into_owned()))
        .collect();
    for (name, text) in [
        ("empty", ""),
        ("only-junk", "Advertisement\n\nFont Size:\n"),
        ("crlf-inline", "Said so.\u{a0}(RELATED: X Y)\r\nNext.\r\n"),
        ("entities", "AT&amp;T &amp;amp; it&#8217;s\u{200b}\n"),
        ("no-final-newline", "By Jane Doe\nText here."),
        ("blank-only", "\n\n \t\n"),
    ] {
        docs.push((name.to_string(), text.to_string()));
    }
    docs
}

#[test]
fn removals_slice_the_input_and_do_not_overlap() {
    let cleaner = Cleaner::new();
    let mut removals = 0;
    for (name, text) in corpus_inputs() {
        let out = cleaner.clean_text(&text);
        let mut prev_end = 0;
        for r in &out.report.removed {
            assert_eq!(&text[r.span.range()], r.text, "{name}: span {:?}", r.span);
            assert!(
                r.span.start >= prev_end,
                "{name}: overlapping or unsorted at {:?}",
                r.span
            );
            assert!(!r.span.is_empty(), "{name}: empty removal");
            assert!(
                r.rule.starts_with(r.category.name()),
                "{name}: rule {}",
                r.rule
            );
            prev_end = r.span.end;
            removals += 1;
        }
        assert_eq!(out.report.bytes_in, text.len());
        assert_eq!(out.report.bytes_out, out.text.len());
    }
    assert!(
        removals > 100,
        "the corpus should exercise many removals, saw {removals}"
    );
}

/// `text` as UTF-8 read with `enc`: mojibake made on purpose.
fn damage(text: &str, enc: &'static encoding_rs::Encoding) -> String {
    enc.decode_without_bom_handling(text.as_bytes())
        .0
        .into_owned()
}

#[test]
fn repairs_slice_the_input_and_name_the_damage() {
    let w1252 = encoding_rs::WINDOWS_1252;
    let w1251 = encoding_rs::WINDOWS_1251;
    let input = format!(
        "By Jane Doe, Staff Writer\n\nThe {} said its caf\u{e9} would stay open.\n\
         Font Size:\nCritics of the &amp;#8217;plan&#8217; met in {}.\n\
         Shoppers said the {} and \u{fb01}ne.\n",
        damage("customers\u{2019} favourite", w1252),
        damage("Москве", w1251),
        damage("price was 12\u{a0}€, a ﬁnal offer", w1252),
    );
    let out = Cleaner::new().clean_text(&input);
    assert_eq!(out.report.removed.len(), 2, "{:#?}", out.report.removed);
    let kinds: Vec<&str> = out.report.repairs.iter().map(|r| r.kind.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "entities",
            "entities",
            "entities",
            "mojibake",
            "mojibake",
            "mojibake",
            "mojibake",
            "ligatures",
            "ligatures"
        ],
        "{:#?}",
        out.report.repairs
    );
    for r in &out.report.repairs {
        assert_eq!(&input[r.span.range()], r.text, "{r:?}");
        assert!(
            out.report.removed.iter().all(|m| !m.span.overlaps(r.span)),
            "{r:?} overlaps a removal"
        );
        if r.kind == "mojibake" {
            let mut again = r.fixed.clone();
            for name in r.encodings.iter().rev() {
                let enc = encoding_rs::Encoding::for_label(name.as_bytes()).expect("a WHATWG name");
                again = damage(&again, enc);
            }
            assert_eq!(again, r.text, "{r:?}");
        }
    }
    assert!(out.text.contains("customers' favourite"), "{}", out.text);
    assert!(
        out.text.contains("price was 12 €, a final offer"),
        "{}",
        out.text
    );
    assert!(out.text.ends_with(" and fine.\n"), "{}", out.text);
    assert!(out.text.contains("met in Москве."), "{}", out.text);
}

#[test]
fn cleaning_and_fixing_are_idempotent() {
    let cleaner = Cleaner::new();
    let fixer = Cleaner::fixer();
    for (name, text) in corpus_inputs() {
        let once = cleaner.clean_text(&text).text;
        let twice = cleaner.clean_text(&once);
        assert_eq!(twice.text, once, "{name}: clean is not idempotent");
        assert!(
            twice.report.removed.is_empty(),
            "{name}: second pass removed {:?}",
            twice.report.removed
        );
        let fixed = fixer.clean_text(&text).text;
        assert_eq!(
            fixer.clean_text(&fixed).text,
            fixed,
            "{name}: fix is not idempotent"
        );
    }
}

#[test]
fn report_replays_to_the_output() {
    for opts in [
        NormOptions::clean(),
        NormOptions::fix(),
        NormOptions::none(),
    ] {
        let cleaner = Cleaner::builder().normalize(opts).build();
        for (name, text) in corpus_inputs() {
            let out = cleaner.clean_text(&text);
            let json = serde_json::to_string(&out.report).unwrap();
            let parsed: Report = serde_json::from_str(&json).unwrap();
            assert_eq!(
                parsed, out.report,
                "{name}: report does not round-trip through JSON"
            );
            let (replayed, counts) = replay(&text, &parsed.removed, &opts);
            assert_eq!(replayed, out.text, "{name}: replay differs ({opts:?})");
            assert_eq!(
                counts, out.report.normalized,
                "{name}: replay counts differ"
            );
        }
    }
}

#[test]
fn cli_output_does_not_depend_on_thread_count() {
    let corpus = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/input"));
    let tmp = tempfile::tempdir().unwrap();
    let run = |threads: &str| {
        let out_dir = tmp.path().join(format!("out{threads}"));
        let report = tmp.path().join(format!("report{threads}.jsonl"));
        let status = Command::new(env!("CARGO_BIN_EXE_deboiler"))
            .args([
                "clean",
                "--format",
                "text",
                "--quiet",
                "--threads",
                threads,
                "-O",
            ])
            .arg(&out_dir)
            .arg("--report")
            .arg(&report)
            .arg(corpus)
            .status()
            .unwrap();
        assert!(
            status.success(),
            "deboiler clean failed with {threads} threads"
        );
        let mut files: Vec<(String, Vec<u8>)> = walk(&out_dir)
            .into_iter()
            .map(|p| {
                (
                    p.strip_prefix(&out_dir).unwrap().display().to_string(),
                    std::fs::read(&p).unwrap(),
                )
            })
            .collect();
        files.sort();
        (files, std::fs::read(&report).unwrap())
    };
    let (files1, report1) = run("1");
    let (files4, report4) = run("4");
    assert!(
        files1.len() >= 100,
        "expected the corpus outputs, got {}",
        files1.len()
    );
    assert_eq!(files1, files4, "outputs differ between 1 and 4 threads");
    assert_eq!(report1, report4, "reports differ between 1 and 4 threads");
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}
