//! `deboiler eval --truth`: scoring outputs against a benchmark's ground truth, on a
//! tiny hand-made benchmark whose figures are worked out by hand below.
//!
//! Five pages, the same texts as a Scrapinghub-style JSON truth and as a WCXB-style
//! folder:
//!
//! | page | truth (tokens, shingles) | output | shingles m / extra / missed |
//! |---|---|---|---|
//! | a | 9 tokens, 6 shingles | the truth in curly quotes + a "Share this..." line | 6 / 5 / 0 |
//! | b | 4 tokens, 1 shingle | missing | 0 / 0 / 1 |
//! | c | 8 tokens, 5 shingles | empty file | 0 / 0 / 5 |
//! | d | "Quiet day." | "Quiet   day!!" (same tokens) | 1 / 0 / 0 |
//! | e | 8 tokens, 5 shingles | the truth lower-cased ("police", 1st shingle differs) | 4 / 1 / 1 |
//!
//! Page precision is matched / (matched + extra) over pages with output: a 6/11,
//! d 1, e 4/5, mean 43/55. Page recall is matched / (matched + missed) over all five:
//! a 1, b 0, c 0, d 1, e 4/5, mean 14/25. F1 = 2PR/(P+R) = 1204/1845. Only d is
//! exact: accuracy 1/5.
//!
//! Word scores (lower-cased bags): a P 9/14, R 1, F1 18/23; b and c 0; d and e 1. Means:
//! F1 64/115, P 37/70, R 3/5.
//!
//! Leak: page a's injected "Share this article on Facebook" has 2 shingles, both in the
//! output ("Follow us" is under 4 tokens and does not count); page e's script has 4
//! shingles, none kept, and its "found the car near the" is in the truth so does not
//! count. Rate 2/6, per-page mean (1 + 0)/2, 1 page leaking of 2.

mod common;

use common::{code, deboiler, stderr, stdout, write};
use deboiler::eval::bench::{self, Options, Predictions, Truth, TruthKind};
use serde_json::{json, Value};
use std::path::Path;

const TRUTH: [(&str, &str); 5] = [
    ("a", "The mayor said the new bridge opens in May."),
    ("b", "Rain is expected tomorrow."),
    ("c", "Shops close early on Sunday, the council said."),
    ("d", "Quiet day."),
    ("e", "Police found the car near the old mill"),
];

const PRED: [(&str, &str); 5] = [
    (
        "a.txt",
        concat!(
            "The mayor said: \u{201c}the new bridge opens in May.\u{201d}\n\n",
            "Share this article on Facebook\n"
        ),
    ),
    ("c.txt", ""),
    ("d.txt", "Quiet   day!!\r\n"),
    ("e.txt", "police found the car near the old mill\n"),
    ("zz.txt", "A page the truth does not have."),
];

fn close(got: f64, want: f64) -> bool {
    (got - want).abs() < 1e-12
}

/// truth.json, wcxb/ground-truth/<id>.json, pred/ and injected.json under `d`.
fn bench_dir(d: &Path) {
    let mut truth = serde_json::Map::new();
    for (id, text) in TRUTH {
        // A bare string works as well as {"articleBody": ...}.
        let entry = if id == "d" {
            json!(text)
        } else {
            json!({"articleBody": text, "url": format!("https://example.com/{id}")})
        };
        truth.insert(id.to_string(), entry);
    }
    write(d, "truth.json", Value::Object(truth).to_string());

    let snippets = [
        (
            "a",
            json!(["bridge opens in May"]),
            json!(["Share this article"]),
        ),
        ("b", json!(["Rain is expected"]), json!([])),
        (
            "c",
            json!(["Shops close early", "the council said"]),
            json!(["Cookie settings"]),
        ),
        ("d", json!([]), json!([])),
        (
            "e",
            json!(["the old mill", "Police found"]),
            json!(["Advertisement", "OLD MILL"]),
        ),
    ];
    for ((id, text), (_, with, without)) in TRUTH.iter().zip(snippets) {
        let gt = json!({"title": "T", "main_content": text, "with": with, "without": without});
        let doc = json!({"schema_version": "2.0", "file_id": id, "ground_truth": gt});
        write(d, &format!("wcxb/ground-truth/{id}.json"), doc.to_string());
    }
    // Not a page: no ground_truth object. And not JSON at all, but not named .json.
    write(
        d,
        "wcxb/ground-truth/notes.json",
        "{\"comment\": \"skipped\"}",
    );
    write(d, "wcxb/ground-truth/README.md", "# about\n");

    for (name, text) in PRED {
        write(d, &format!("pred/{name}"), text);
    }
    write(d, "pred/notes.md", "not an output");
    let injected = json!({
        "a": ["Share this article on Facebook", "Follow us"],
        "e": ["googletag.cmd.push(function() { display('ad-1'); });", "found the car near the"],
        "zz": ["not in the truth"],
    });
    write(d, "injected.json", injected.to_string());
}

fn no_bootstrap() -> Options {
    Options {
        bootstrap: 0,
        seed: 0,
    }
}

#[test]
fn json_truth_figures_match_the_hand_computed_ones() {
    let dir = tempfile::tempdir().unwrap();
    bench_dir(dir.path());
    let truth = Truth::load(&dir.path().join("truth.json")).unwrap();
    assert_eq!(truth.kind, TruthKind::Json);
    assert!(!truth.has_snippets());
    let ids: Vec<&str> = truth.pages.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["a", "b", "c", "d", "e"]);
    let pred = Predictions::load(&dir.path().join("pred")).unwrap();
    let injected = bench::load_injected(&dir.path().join("injected.json")).unwrap();
    let r = bench::score(&truth, &pred, Some(&injected), &no_bootstrap());

    assert!(
        close(r.shingle.precision, 43.0 / 55.0),
        "{}",
        r.shingle.precision
    );
    assert!(close(r.shingle.recall, 14.0 / 25.0), "{}", r.shingle.recall);
    assert!(close(r.shingle.f1, 1204.0 / 1845.0), "{}", r.shingle.f1);
    assert_eq!(r.accuracy, 0.2);
    assert!(close(r.word.0, 37.0 / 70.0));
    assert!(close(r.word.1, 0.6));
    assert!(close(r.word.2, 64.0 / 115.0));
    assert_eq!(r.missing, ["b"]);
    assert_eq!(r.unknown, ["zz"]);
    assert!(r.snippets.is_none() && r.spread.is_none());

    let p = |id: &str| r.pages.iter().find(|p| p.id == id).unwrap();
    // Curly quotes and the colon do not count; the appended line does.
    assert!(close(p("a").counts.precision().unwrap(), 6.0 / 11.0));
    assert_eq!(p("a").counts.recall(), Some(1.0));
    // Missing and empty outputs have no precision, and recall 0.
    assert_eq!(
        (p("b").counts.precision(), p("b").counts.recall()),
        (None, Some(0.0))
    );
    assert_eq!(
        (p("c").counts.precision(), p("c").counts.recall()),
        (None, Some(0.0))
    );
    // Punctuation and spacing differ, the tokens do not.
    assert!(p("d").exact);
    // Case counts for shingles, not for the word bags.
    assert!(!p("e").exact);
    assert!(close(p("e").counts.precision().unwrap(), 0.8));
    assert_eq!(p("e").word, (1.0, 1.0, 1.0));
    assert_eq!(
        (p("a").leak, p("e").leak, p("d").leak),
        (Some((2, 2)), Some((4, 0)), None)
    );

    let s = r.summary();
    assert_eq!(
        serde_json::to_value(&s).unwrap(),
        json!({"truth": "truth.json", "pred": "pred", "pages": 5, "missing": 1,
               "unknown_ids": 1, "empty_outputs": 2,
               "f1": 0.6526, "precision": 0.7818, "recall": 0.56, "accuracy": 0.2,
               "word_f1": 0.5565, "word_precision": 0.5286, "word_recall": 0.6,
               "injected_pages": 2, "injected_shingles": 6, "leak_rate": 0.3333,
               "leak_rate_macro": 0.5, "leak_pages": 1})
    );
    let text = r.to_string();
    assert!(
        text.contains("pages 5  empty outputs 2  missing 1\n"),
        "{text}"
    );
    assert!(
        text.contains("shingle F1 0.653  precision 0.782  recall 0.560  accuracy 0.200\n"),
        "{text}"
    );
    // 64/115 rounds to 0.5565, which is 0.55649999... in binary: printed 0.556, as
    // score.py prints the rounded figure.
    assert!(text.contains("word F1 0.556  P 0.529  R 0.600\n"), "{text}");
    assert!(
        text.contains("injected-script leak rate 0.333 (macro 0.500), pages leaking 1/2"),
        "{text}"
    );
}

#[test]
fn wcxb_folder_gives_the_same_figures_and_snippet_rates() {
    let dir = tempfile::tempdir().unwrap();
    bench_dir(dir.path());
    let pred = Predictions::load(&dir.path().join("pred")).unwrap();
    let json = Truth::load(&dir.path().join("truth.json")).unwrap();
    let want = bench::score(&json, &pred, None, &no_bootstrap());
    // The ground-truth folder itself, or the folder holding it.
    for path in ["wcxb/ground-truth", "wcxb"] {
        let truth = Truth::load(&dir.path().join(path)).unwrap();
        assert_eq!(truth.kind, TruthKind::Wcxb);
        assert_eq!(truth.pages.len(), 5, "notes.json is skipped");
        assert!(truth.has_snippets());
        let r = bench::score(&truth, &pred, None, &no_bootstrap());
        assert_eq!(r.shingle, want.shingle);
        assert_eq!((r.accuracy, r.word), (want.accuracy, want.word));
        // with: a 1, b 0, c 0, d 1 (none), e 1. without: a 1, b 1 (none), c 0, d 1,
        // e 1/2 ("OLD MILL" is found case-insensitively, "Advertisement" is not).
        let sn = r.snippets.unwrap();
        assert!(
            close(sn.with_rate, 0.6) && close(sn.without_rate, 0.7),
            "{sn:?}"
        );
        let s = serde_json::to_value(r.summary()).unwrap();
        assert_eq!(s["truth"], path.rsplit('/').next().unwrap());
        assert_eq!(
            (s["with_rate"].as_f64(), s["without_rate"].as_f64()),
            (Some(0.6), Some(0.7))
        );
        assert!(r
            .to_string()
            .contains("word F1 0.556  P 0.529  R 0.600  with 0.600  without 0.700\n"));
    }
}

#[test]
fn cli_prints_json_and_per_page_csv() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    bench_dir(d);
    let args = [
        "eval",
        "--truth",
        "truth.json",
        "--pred",
        "pred",
        "--injected",
        "injected.json",
        "--per-page",
        "pages.csv",
        "--json",
    ];
    let o = deboiler(d, &args, b"");
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(stdout(&o).lines().count(), 1);
    assert_eq!(
        (v["f1"].as_f64(), v["recall"].as_f64()),
        (Some(0.6526), Some(0.56))
    );
    assert_eq!(v["leak_rate"].as_f64(), Some(0.3333));
    // The default 1000 bootstrap resamples give standard deviations. Some resample
    // has none of the 3 pages with output, so its precision, and the deviation of
    // precision, are undefined (NaN in score.py, null here).
    for key in ["f1_std", "recall_std", "accuracy_std"] {
        assert!(v[key].as_f64().is_some_and(|x| x > 0.0), "{key}: {v}");
    }
    assert!(v["precision_std"].is_null(), "{v}");
    let err = stderr(&o);
    assert!(
        err.contains("1 truth pages have no output (scored as empty), e.g. b"),
        "{err}"
    );
    assert!(
        err.contains("1 outputs are not in the truth (ignored), e.g. zz"),
        "{err}"
    );

    let csv = std::fs::read_to_string(d.join("pages.csv")).unwrap();
    let rows: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(
        rows[0],
        "id,precision,recall,exact,word_f1,pred_tokens,truth_tokens,leak"
    );
    assert!(rows[1].starts_with("a,0.54545454545454"), "{}", rows[1]);
    assert!(
        rows[1].ends_with(",1.0,0,0.782608695652174,14,9,1.0"),
        "{}",
        rows[1]
    );
    assert_eq!(rows[2], "b,,0.0,0,0.0,0,4,");
    assert_eq!(rows[3], "c,,0.0,0,0.0,0,8,");
    assert_eq!(rows[4], "d,1.0,1.0,1,1.0,2,2,");
    assert!(
        rows[5].starts_with("e,0.8") && rows[5].ends_with(",0,1.0,8,8,0.0"),
        "{}",
        rows[5]
    );
    assert_eq!(rows[6], "");
    assert_eq!(rows.len(), 7);

    // Outputs as one JSON file {id: {"articleBody": text}} score the same.
    let mut outputs = serde_json::Map::new();
    for (name, text) in PRED {
        let id = name.strip_suffix(".txt").unwrap();
        outputs.insert(id.to_string(), json!({ "articleBody": text }));
    }
    write(d, "pred.json", Value::Object(outputs).to_string());
    let mut args_json = args;
    args_json[4] = "pred.json";
    let o3 = deboiler(d, &args_json, b"");
    assert_eq!(code(&o3), 0, "{}", stderr(&o3));
    let mut v3: Value = serde_json::from_str(&stdout(&o3)).unwrap();
    assert_eq!(v3["pred"], "pred.json");
    v3["pred"] = json!("pred");
    assert_eq!(v3, v);

    // The same seed gives the same deviations; the table has them after ±.
    let o2 = deboiler(d, &args, b"");
    assert_eq!(stdout(&o2), stdout(&o));
    let o = deboiler(
        d,
        &[
            "eval",
            "--truth",
            "wcxb",
            "--pred",
            "pred",
            "--bootstrap",
            "0",
        ],
        b"",
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let table = stdout(&o);
    assert!(!table.contains('±'), "{table}");
    assert!(table.contains("with 0.600  without 0.700"), "{table}");
}

#[test]
fn perfect_outputs_have_no_spread() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    bench_dir(d);
    for (id, text) in TRUTH {
        write(d, &format!("same/{id}.txt"), text);
    }
    let o = deboiler(
        d,
        &[
            "eval",
            "--truth",
            "truth.json",
            "--pred",
            "same",
            "--json",
            "--seed",
            "7",
        ],
        b"",
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    for key in ["f1", "precision", "recall", "accuracy", "word_f1"] {
        assert_eq!(v[key].as_f64(), Some(1.0), "{key}");
    }
    for key in ["f1_std", "precision_std", "recall_std", "accuracy_std"] {
        assert_eq!(v[key].as_f64(), Some(0.0), "{key}");
    }
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
}

#[test]
fn input_pages_are_cleaned_like_clean_does() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let truth = json!({
        "bank": {"articleBody":
            "Banks Weigh Data Requests\n\nThe bank said it would not share customer data."},
        "rain": {"articleBody": "Rain is expected tomorrow across the north."},
    });
    write(d, "truth.json", truth.to_string());
    write(
        d,
        "pages/bank.txt",
        "Business\n\nBanks Weigh Data Requests\n\nFollow Jane on Twitter @janedoe\n\n\
         The bank said it would not share customer data.\n",
    );
    write(
        d,
        "pages/rain.txt",
        "Rain is expected tomorrow across the north.\n",
    );
    write(d, "pages/skip.md", "not a page");

    let o = deboiler(
        d,
        &[
            "eval",
            "--truth",
            "truth.json",
            "--input",
            "pages",
            "--json",
            "-j",
            "2",
        ],
        b"",
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!((v["input"].as_str(), v.get("pred")), (Some("pages"), None));
    assert_eq!(
        (v["accuracy"].as_f64(), v["f1"].as_f64()),
        (Some(1.0), Some(1.0))
    );

    // The same figures as scoring what `deboiler clean` writes.
    let c = deboiler(
        d,
        &[
            "clean",
            "-q",
            "-O",
            "cleaned",
            "pages/bank.txt",
            "pages/rain.txt",
        ],
        b"",
    );
    assert_eq!(code(&c), 0, "{}", stderr(&c));
    let p = deboiler(
        d,
        &[
            "eval",
            "--truth",
            "truth.json",
            "--pred",
            "cleaned",
            "--json",
        ],
        b"",
    );
    let mut w: Value = serde_json::from_str(&stdout(&p)).unwrap();
    w.as_object_mut().unwrap().remove("pred");
    let mut v = v;
    v.as_object_mut().unwrap().remove("input");
    assert_eq!(v, w);

    // The cleaning flags are clean's: keeping bylines keeps the Follow line.
    let o = deboiler(
        d,
        &[
            "eval",
            "--truth",
            "truth.json",
            "--input",
            "pages",
            "--json",
            "--keep",
            "byline",
        ],
        b"",
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["accuracy"].as_f64(), Some(0.5));
    assert!(v["precision"].as_f64().unwrap() < 1.0);
}

#[test]
fn unreadable_outputs_are_reported_and_scored_as_missing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    bench_dir(d);
    // A directory named like an output cannot be read as one.
    std::fs::create_dir(d.join("pred/b.txt")).unwrap();
    let o = deboiler(
        d,
        &["eval", "--truth", "truth.json", "--pred", "pred", "--json"],
        b"",
    );
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("b.txt: cannot read:"), "{err}");
    assert!(err.contains("scored as missing"), "{err}");
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(
        (v["failed"].as_u64(), v["missing"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(v["f1"].as_f64(), Some(0.6526));
}

#[test]
fn errors_name_the_file_and_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    bench_dir(d);
    write(d, "bad.json", "{\"a\": {\"articleBody\": \"unterminated}");
    write(d, "list.json", "[\"a\", \"b\"]");
    write(d, "wcxb/ground-truth/broken.json", "{");
    std::fs::create_dir(d.join("empty")).unwrap();
    let cases: [(&[&str], &str); 8] = [
        (
            &["--truth", "nowhere.json", "--pred", "pred"],
            "truth nowhere.json not found",
        ),
        (
            &["--truth", "bad.json", "--pred", "pred"],
            "bad.json: not valid JSON (EOF while parsing",
        ),
        (
            &["--truth", "list.json", "--pred", "pred"],
            "list.json: expected a JSON object",
        ),
        (
            &["--truth", "wcxb", "--pred", "pred"],
            "broken.json: not valid JSON",
        ),
        (
            &["--truth", "empty", "--pred", "pred"],
            "no <id>.json files in empty",
        ),
        (
            &["--truth", "truth.json", "--pred", "nopred"],
            "prediction folder nopred not found",
        ),
        (
            &["--truth", "truth.json", "--input", "nopages"],
            "input folder nopages not found",
        ),
        (
            &[
                "--truth",
                "truth.json",
                "--pred",
                "pred",
                "--injected",
                "list.json",
            ],
            "list.json: expected {id: [injected string, ...]}",
        ),
    ];
    for (args, want) in cases {
        let args: Vec<&str> = std::iter::once("eval")
            .chain(args.iter().copied())
            .collect();
        let o = deboiler(d, &args, b"");
        assert_eq!(code(&o), 2, "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(want), "{args:?}: {}", stderr(&o));
    }
    // One WCXB page is not a truth.
    std::fs::remove_file(d.join("wcxb/ground-truth/broken.json")).unwrap();
    let o = deboiler(
        d,
        &[
            "eval",
            "--truth",
            "wcxb/ground-truth/a.json",
            "--pred",
            "pred",
        ],
        b"",
    );
    assert!(
        stderr(&o).contains("this is one WCXB page"),
        "{}",
        stderr(&o)
    );

    // Usage errors: clap says which flag is missing or does not fit.
    for bad in [
        &["eval", "--truth", "truth.json"][..],
        &["eval", "--pred", "pred"],
        &[
            "eval",
            "--truth",
            "truth.json",
            "--pred",
            "pred",
            "--input",
            "pred",
        ],
        &[
            "eval",
            "--gold",
            "g",
            "--truth",
            "truth.json",
            "--pred",
            "pred",
        ],
        &[
            "eval",
            "--truth",
            "truth.json",
            "--pred",
            "pred",
            "--keep",
            "byline",
        ],
        &["eval", "--gold", "g", "--no-normalize", "quotes"],
        &["eval"],
    ] {
        let o = deboiler(d, bad, b"");
        assert_eq!(code(&o), 2, "{bad:?}");
    }
}
