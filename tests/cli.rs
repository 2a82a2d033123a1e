//! End-to-end tests of the `deboiler` binary: inputs and outputs, reports, JSON Lines,
//! thread-count independence, every kind of bad input, `fix`, `eval` and closed pipes.
//!
//! These test the plumbing, not the quality of the rules: expected texts come from the
//! library itself (`Cleaner::clean_text`), so they hold whatever the rules remove.

mod common;
use common::{code, deboiler, gzip, stderr, stdout, tree, write, BIN};
use deboiler::Cleaner;
use serde_json::Value;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A short article with junk of several categories around its text.
const ARTICLE: &str = "Business\n\nBanks Weigh Data Requests\n\n\
    Follow Jane on Twitter @janedoe\n\n\
    The bank said it would not share \u{201C}customer\u{201D} data.\u{a0}(RELATED: Banks And Privacy)\n\n\n\
    Font Size:\nIt   declined to comment further.  \n";

const OTHER: &str = "Image: Shutterstock.com\nSecond article, with &amp; an entity.\r\n";

fn clean(text: &str) -> String {
    Cleaner::new().clean_text(text).text
}

/// The report's lines, each parsed and checked for the documented shape.
fn report_lines(path: &Path) -> Vec<Value> {
    let text = fs::read_to_string(path).unwrap();
    text.lines()
        .map(|line| {
            assert!(line.starts_with("{\"id\":"), "id comes first: {line}");
            let v: Value = serde_json::from_str(line).expect("report line is JSON");
            assert!(v["id"].is_string(), "{line}");
            assert!(v["bytes_in"].is_u64() && v["bytes_out"].is_u64(), "{line}");
            assert!(
                v["removed"].is_array() && v["normalized"].is_object(),
                "{line}"
            );
            for r in v["removed"].as_array().unwrap() {
                let cat = r["category"].as_str().unwrap();
                assert!(deboiler::Category::from_name(cat).is_some(), "{cat}");
                assert!(r["rule"].as_str().unwrap().starts_with(cat), "{r}");
                assert!(r["start"].as_u64() <= r["end"].as_u64(), "{r}");
                assert!(r["text"].is_string(), "{r}");
            }
            v
        })
        .collect()
}

/// Checks that every removal of `report` is exactly `input[start..end]`.
fn assert_spans(input: &str, report: &Value) {
    for r in report["removed"].as_array().unwrap() {
        let (s, e) = (r["start"].as_u64().unwrap(), r["end"].as_u64().unwrap());
        assert_eq!(
            input.get(s as usize..e as usize),
            r["text"].as_str(),
            "removal {r} of {}",
            report["id"]
        );
    }
}

#[test]
fn file_to_stdout() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", ARTICLE);
    let o = deboiler(dir.path(), &["clean", "a.txt"], b"");
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(stdout(&o), clean(ARTICLE));
    assert!(
        stderr(&o).contains("1 document, 0 failed"),
        "{}",
        stderr(&o)
    );

    let o = deboiler(dir.path(), &["clean", "--quiet", "a.txt"], b"");
    assert_eq!(stdout(&o), clean(ARTICLE));
    assert_eq!(stderr(&o), "");
}

#[test]
fn stdin_to_stdout() {
    let dir = tempfile::tempdir().unwrap();
    for args in [&["clean"][..], &["clean", "-"]] {
        let o = deboiler(dir.path(), args, ARTICLE.as_bytes());
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        assert_eq!(stdout(&o), clean(ARTICLE));
    }
}

#[test]
fn several_files_concatenate_in_input_order() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", ARTICLE);
    write(dir.path(), "b.txt", OTHER);
    let o = deboiler(dir.path(), &["clean", "b.txt", "a.txt", "b.txt"], b"");
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(stdout(&o), clean(OTHER) + &clean(ARTICLE) + &clean(OTHER));
}

#[test]
fn directory_with_output_mirrors_the_tree() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "corpus/x.md", ARTICLE);
    write(d, "corpus/sub/y.txt", OTHER);
    write(d, "corpus/sub/deeper/z", "no extension\n");
    write(d, "corpus/data.jsonl", "{\"text\":\"one\"}\n");
    write(d, "corpus/sub/rec.ndjson", "{\"text\":\"two\"}\n");
    let o = deboiler(d, &["clean", "corpus", "-O", "out"], b"");
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(stdout(&o), "");
    assert_eq!(
        tree(&d.join("out")),
        [
            "data.jsonl",
            "sub/deeper/z.txt",
            "sub/rec.jsonl",
            "sub/y.txt",
            "x.txt"
        ]
    );
    let read = |p: &str| fs::read_to_string(d.join("out").join(p)).unwrap();
    assert_eq!(read("x.txt"), clean(ARTICLE));
    assert_eq!(read("sub/y.txt"), clean(OTHER));
    assert_eq!(read("data.jsonl"), "{\"text\":\"one\\n\"}\n");

    // File inputs with --output-dir go into the directory by file name.
    let o = deboiler(
        d,
        &["clean", "corpus/sub/y.txt", "--output-dir", "flat"],
        b"",
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(tree(&d.join("flat")), ["y.txt"]);

    // Two inputs that would write the same output are refused before anything runs.
    write(d, "other/y.md", OTHER);
    let o = deboiler(
        d,
        &["clean", "corpus/sub/y.txt", "other/y.md", "-O", "clash"],
        b"",
    );
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("would both be written to"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn report_has_one_object_per_document_with_exact_spans() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let docs = [("a.txt", ARTICLE), ("b.txt", OTHER), ("c.txt", "")];
    for (name, text) in docs {
        write(d, name, text);
    }
    let o = deboiler(
        d,
        &["clean", "a.txt", "b.txt", "c.txt", "--report", "r.jsonl"],
        b"",
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let lines = report_lines(&d.join("r.jsonl"));
    assert_eq!(lines.len(), docs.len());
    for ((name, text), report) in docs.iter().zip(&lines) {
        assert_eq!(report["id"], *name);
        assert_eq!(report["bytes_in"], text.len());
        assert_eq!(report["bytes_out"], clean(text).len());
        assert_spans(text, report);
    }

    // Standard input is `-`.
    let o = deboiler(d, &["clean", "--report", "s.jsonl"], ARTICLE.as_bytes());
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let lines = report_lines(&d.join("s.jsonl"));
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["id"], "-");
    assert_spans(ARTICLE, &lines[0]);
}

#[test]
fn jsonl_keeps_other_fields_their_order_and_the_record_id() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let text = serde_json::to_string(ARTICLE).unwrap();
    let input = format!(
        "{{\"url\":\"https://x.test/a\",\"id\":\"doc-1\",\"text\":{text},\"meta\":{{\"score\":1.50,\"tags\":[\"a\", \"b\"]}}}}\n\
         \n\
         {{\"lang\":\"en\",\"text\":\"No  id here\"}}\n\
         {{\"text\":\"Numeric id\",\"id\":17}}\n"
    );
    write(d, "data.jsonl", &input);
    let o = deboiler(d, &["clean", "data.jsonl", "--report", "r.jsonl"], b"");
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    let cleaned = serde_json::to_string(&clean(ARTICLE)).unwrap();
    assert_eq!(
        lines[0],
        format!(
            "{{\"url\":\"https://x.test/a\",\"id\":\"doc-1\",\"text\":{cleaned},\"meta\":{{\"score\":1.50,\"tags\":[\"a\", \"b\"]}}}}"
        )
    );
    assert_eq!(lines[1], "{\"lang\":\"en\",\"text\":\"No id here\\n\"}");
    assert_eq!(lines[2], "{\"text\":\"Numeric id\\n\",\"id\":17}");

    let reports = report_lines(&d.join("r.jsonl"));
    let ids: Vec<&str> = reports.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["doc-1", "data.jsonl:3", "17"]);
    assert_spans(ARTICLE, &reports[0]);

    // Auto-detected from content on stdin; --field chooses the field.
    let o = deboiler(
        d,
        &["clean", "--field", "body"],
        b"{\"body\":\"A\\u00a0 b\",\"text\":\"left  alone\"}\n",
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "{\"body\":\"A b\\n\",\"text\":\"left  alone\"}\n"
    );

    // --format text reads the same bytes as one text document.
    let o = deboiler(d, &["clean", "--format", "text"], b"{\"text\":\"x\"}\n");
    assert_eq!(stdout(&o), "{\"text\":\"x\"}\n");
}

/// A deterministic corpus of `n` documents with junk, Unicode and odd whitespace.
fn generated_docs(n: usize) -> Vec<String> {
    let pieces = [
        "Business",
        "Follow Jane on Twitter @janedoe",
        "Font Size:",
        "Image: Shutterstock.com",
        "Related news:",
        "All content created by the Daily Caller News Foundation is available without charge.",
        "The bank said it would not share \u{201C}customer\u{201D} data.",
        "Caf\u{65}\u{301} owners  said the rules\u{a0}were unclear.",
        "Prices rose 3% in March, the agency said &amp; analysts agreed.",
        "",
        "   ",
        "Officials declined to comment. (RELATED: Banks And Privacy)",
    ];
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..n)
        .map(|i| {
            let mut doc = format!("Headline number {i}\n\n");
            for _ in 0..(5 + i % 17) {
                seed = seed
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                doc.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
                doc.push_str(if seed & 1 == 0 { "\n" } else { "\n\n" });
            }
            // Some documents are much longer than others, to unbalance the threads.
            if i % 10 == 3 {
                doc.push_str(&"A long paragraph of article text. ".repeat(20_000));
            }
            doc
        })
        .collect()
}

#[test]
fn thread_count_does_not_change_any_byte() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let docs = generated_docs(50);
    let mut names = Vec::new();
    for (i, doc) in docs.iter().enumerate() {
        let name = format!("corpus/{}/doc{i:02}.txt", i % 4);
        write(d, &name, doc);
        names.push(name);
    }
    let run = |threads: &str| {
        let mut args = vec!["clean", "--threads", threads, "--report"];
        let report = format!("report{threads}.jsonl");
        args.push(&report);
        args.extend(names.iter().map(String::as_str));
        let o = deboiler(d, &args, b"");
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        (o.stdout, fs::read(d.join(&report)).unwrap())
    };
    let (out1, report1) = run("1");
    let (out4, report4) = run("4");
    assert!(out1 == out4, "stdout differs between 1 and 4 threads");
    assert!(report1 == report4, "report differs between 1 and 4 threads");
    let expected: String = docs.iter().map(|t| clean(t)).collect();
    assert!(String::from_utf8(out1).unwrap() == expected);
    let reports = report_lines(&d.join("report1.jsonl"));
    assert_eq!(reports.len(), 50);
    for (doc, report) in docs.iter().zip(&reports) {
        assert_spans(doc, report);
    }

    // The same with a directory and an output tree.
    for t in ["1", "4"] {
        let out = format!("out{t}");
        let o = deboiler(d, &["clean", "corpus", "-O", &out, "-j", t], b"");
        assert_eq!(code(&o), 0, "{}", stderr(&o));
    }
    let (t1, t4) = (tree(&d.join("out1")), tree(&d.join("out4")));
    assert_eq!(t1.len(), 50);
    assert_eq!(t1, t4);
    for f in &t1 {
        assert!(
            fs::read(d.join("out1").join(f)).unwrap() == fs::read(d.join("out4").join(f)).unwrap(),
            "{f} differs between 1 and 4 threads"
        );
    }
}

#[test]
fn missing_file_is_reported_and_the_others_cleaned() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", ARTICLE);
    write(dir.path(), "b.txt", OTHER);
    let o = deboiler(dir.path(), &["clean", "a.txt", "missing.txt", "b.txt"], b"");
    assert_eq!(code(&o), 1);
    let err = stderr(&o);
    assert!(
        err.contains("missing.txt: cannot read: no such file or directory; check the path"),
        "{err}"
    );
    assert!(err.contains("2 documents, 1 failed"), "{err}");
    assert_eq!(stdout(&o), clean(ARTICLE) + &clean(OTHER));
}

#[test]
fn directory_without_output_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "corpus/a.txt", ARTICLE);
    let o = deboiler(dir.path(), &["clean", "corpus"], b"");
    assert_eq!(code(&o), 2);
    assert_eq!(stdout(&o), "");
    let err = stderr(&o);
    assert!(err.contains("corpus is a directory"), "{err}");
    assert!(err.contains("--output-dir DIR"), "{err}");
}

#[test]
fn usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        &["clean", "--no-normalize", "bogus"][..],
        &["clean", "--only", "bylines"],
        &["clean", "--only", "byline", "--keep", "ad_script"],
        &["clean", "--threads", "0"],
        &["clean", "--format", "xml"],
        &["clean", "-O", "out"], // standard input into an output directory
        &["frobnicate"],
    ] {
        let o = deboiler(dir.path(), args, b"text\n");
        assert_eq!(code(&o), 2, "{args:?}: {}", stderr(&o));
        assert!(!stderr(&o).is_empty(), "{args:?}");
        assert_eq!(stdout(&o), "", "{args:?}");
    }
    let o = deboiler(dir.path(), &["clean", "--no-normalize", "bogus"], b"");
    assert!(
        stderr(&o).contains("blank_lines"),
        "lists the names: {}",
        stderr(&o)
    );
}

#[test]
fn help_shows_examples_and_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let o = deboiler(dir.path(), &["clean", "--help"], b"");
    assert_eq!(code(&o), 0);
    let help = stdout(&o);
    for needle in [
        "Examples:",
        "Exit status:",
        "--no-normalize",
        "--only",
        "--report",
    ] {
        assert!(help.contains(needle), "{needle} missing from:\n{help}");
    }
}

#[test]
fn invalid_utf8_is_cleaned_lossily() {
    let dir = tempfile::tempdir().unwrap();
    // UTF-8 text with two stray bytes: read as UTF-8, the bytes replaced and counted.
    write(
        dir.path(),
        "bad.txt",
        b"Caf\xC3\xA9 cr\xC3\xA8me  br\xC3\xBBl\xC3\xA9e\n\xFF\xFEend\n",
    );
    // Latin-1 text is not broken UTF-8: its encoding is detected.
    write(
        dir.path(),
        "latin1.txt",
        b"Le caf\xE9 co\xFBte  plus cher \xE0 la gare qu'au march\xE9.\n",
    );
    let o = deboiler(
        dir.path(),
        &["clean", "bad.txt", "latin1.txt", "--report", "r.jsonl"],
        b"",
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "Caf\u{e9} cr\u{e8}me br\u{fb}l\u{e9}e\n\u{FFFD}\u{FFFD}end\n\
         Le caf\u{e9} co\u{fb}te plus cher \u{e0} la gare qu'au march\u{e9}.\n"
    );
    let r = report_lines(&dir.path().join("r.jsonl"));
    assert_eq!(r[0]["invalid_bytes"], 2);
    assert_eq!(r[0]["encoding"], "UTF-8");
    assert_eq!(r[1]["encoding"], "windows-1252");
    assert_eq!(r[1]["encoding_source"], "detected");
    assert!(r[1].get("invalid_bytes").is_none());
}

#[test]
fn empty_file_gives_empty_output() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "empty.txt", "");
    let o = deboiler(d, &["clean", "empty.txt"], b"");
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(stdout(&o), "");
    let o = deboiler(d, &["clean", "empty.txt", "-O", "out"], b"");
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(fs::read(d.join("out/empty.txt")).unwrap(), b"");
    let o = deboiler(d, &["clean"], b"");
    assert_eq!((code(&o), stdout(&o)), (0, String::new()));
}

#[test]
fn fifty_megabyte_single_line() {
    let dir = tempfile::tempdir().unwrap();
    // ASCII words, single spaces, no trailing space: the fast paths of every stage.
    let words = "alpha beta gamma delta epsilon zeta eta theta ";
    let mut text = words.repeat(50 * 1024 * 1024 / words.len());
    text.pop();
    text.push('.');
    write(dir.path(), "big.txt", &text);
    drop(text);
    let o = deboiler(dir.path(), &["clean", "big.txt"], b"");
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(!stderr(&o).contains("panicked"));
    let len = fs::metadata(dir.path().join("big.txt")).unwrap().len() as usize;
    assert_eq!(o.stdout.len(), len + 1, "the line plus its newline");
    assert!(o.stdout.starts_with(b"alpha beta") && o.stdout.ends_with(b"theta.\n"));
}

#[test]
fn malformed_jsonl_line_is_reported_and_skipped() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "data.jsonl",
        "{\"id\":1,\"text\":\"first\"}\n{\"id\":2,\"text\": broken\n\n{\"id\":3,\"text\":\"third\"}\n[\"not an object\"]\n",
    );
    let o = deboiler(
        dir.path(),
        &["clean", "data.jsonl", "--report", "r.jsonl"],
        b"",
    );
    assert_eq!(code(&o), 1);
    let err = stderr(&o);
    assert!(err.contains("data.jsonl:2: malformed JSON"), "{err}");
    assert!(err.contains("data.jsonl:5: not a JSON object"), "{err}");
    assert!(err.contains("2 documents, 2 failed"), "{err}");
    assert_eq!(
        stdout(&o),
        "{\"id\":1,\"text\":\"first\\n\"}\n{\"id\":3,\"text\":\"third\\n\"}\n"
    );
    assert_eq!(report_lines(&dir.path().join("r.jsonl")).len(), 2);
}

#[test]
fn fix_on_stdin_fixes_characters_and_removes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let input = "\u{201C}Hi\u{201D}  &amp;  there\r\n\n\n\nFont Size:\nCafe\u{301}\u{200B}!";
    let o = deboiler(
        dir.path(),
        &["fix", "--report", "r.jsonl"],
        input.as_bytes(),
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(stdout(&o), Cleaner::fixer().clean_text(input).text);
    assert_eq!(stdout(&o), "\"Hi\"  &  there\n\n\n\nFont Size:\nCaf\u{e9}!");
    let r = report_lines(&dir.path().join("r.jsonl"));
    assert_eq!(r[0]["removed"], serde_json::json!([]));

    let o = deboiler(
        dir.path(),
        &["fix", "--no-normalize", "quotes"],
        input.as_bytes(),
    );
    assert!(stdout(&o).starts_with("\u{201C}Hi\u{201D}  &  there\n"));
}

/// A small gold directory: two cases that need no removal, one whose expected text is
/// wrong, and a file that is not a case.
fn gold_dir(d: &Path) -> PathBuf {
    let plain = "A plain headline\n\nThe first paragraph of the story.\n";
    write(d, "seeds/plain.txt", plain);
    write(d, "gold/local.txt", "Only one line of text.\n");
    let case = |input: &str, clean: &str| {
        serde_json::json!({"input": input, "clean": clean, "removed": []}).to_string()
    };
    // Resolved against the gold directory's parent, as the shared gold does.
    write(d, "gold/plain.json", case("seeds/plain.txt", plain));
    // Resolved against the JSON file's own folder.
    write(
        d,
        "gold/sub/local.json",
        case("../local.txt", "Only one line of text.\n"),
    );
    write(
        d,
        "gold/wrong.json",
        case("seeds/plain.txt", "Something else entirely\n"),
    );
    write(d, "gold/notes.json", "{\"comment\": \"not a case\"}");
    d.join("gold")
}

#[test]
fn eval_scores_a_gold_directory() {
    let dir = tempfile::tempdir().unwrap();
    let gold = gold_dir(dir.path());
    let gold = gold.to_str().unwrap();

    let o = deboiler(dir.path(), &["eval", "--gold", gold], b"");
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let table = stdout(&o);
    assert!(table.contains("3 cases, 2 exact, 1 differ"), "{table}");
    assert!(table.contains("skipped 1 JSON file"), "{table}");
    assert!(table.contains("sub/local"), "{table}");
    assert!(table.contains("-Something else entirely"), "{table}");
    assert!(table.contains("+A plain headline"), "{table}");
    assert!(table.contains("overall"), "{table}");

    let o = deboiler(dir.path(), &["eval", "--gold", gold, "--json"], b"");
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).expect("--json prints JSON");
    assert_eq!(v["cases"], 3);
    assert_eq!(v["exact"], 2);
    assert_eq!(v["categories"].as_array().unwrap().len(), 6);
    assert_eq!(v["overall"]["gold"], 0);
    let names: Vec<&str> = v["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["plain", "sub/local", "wrong"]);

    // The library loader sees the same cases.
    let cases = deboiler::eval::load_cases(Path::new(gold)).unwrap();
    assert_eq!(cases.len(), 3);
    assert_eq!(cases[1].input, b"Only one line of text.\n");

    let o = deboiler(dir.path(), &["eval", "--gold", "nowhere"], b"");
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("gold directory nowhere not found"),
        "{}",
        stderr(&o)
    );
    let o = deboiler(dir.path(), &["eval", "--gold", "seeds"], b"");
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("no gold cases under seeds"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn closed_stdout_ends_quietly() {
    let dir = tempfile::tempdir().unwrap();
    // Far more than a pipe buffer of output, in few lines so that it cleans quickly.
    let line = "Some article text that goes on for a while. ".repeat(100) + "\n\n";
    write(dir.path(), "big.txt", line.repeat(300));
    let mut child = Command::new(BIN)
        .args(["clean", "big.txt", "big.txt", "big.txt"])
        .current_dir(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = child.stdout.take().unwrap();
    let mut first = [0u8; 16];
    out.read_exact(&mut first).unwrap();
    drop(out); // like `| head -c 16`
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    let status = child.wait().unwrap();
    assert_eq!(&first, b"Some article tex");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(err, "", "a closed pipe is not an error");
    assert_eq!(status.code(), Some(0));
}

#[test]
fn gzip_and_zstd_inputs_are_read_by_their_magic_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let record = format!(
        "{{\"id\":\"r1\",\"text\":{}}}\n",
        serde_json::to_string(ARTICLE).unwrap()
    );
    write(d, "a.txt.gz", gzip(ARTICLE.as_bytes()));
    write(
        d,
        "b.jsonl.zst",
        zstd::encode_all(record.as_bytes(), 3).unwrap(),
    );
    // The name says nothing: the bytes do.
    write(d, "c.data", gzip(ARTICLE.as_bytes()));
    let o = deboiler(d, &["clean", "a.txt.gz", "b.jsonl.zst", "c.data"], b"");
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let cleaned = clean(ARTICLE);
    let json = serde_json::to_string(&cleaned).unwrap();
    assert_eq!(
        stdout(&o),
        format!("{cleaned}{{\"id\":\"r1\",\"text\":{json}}}\n{cleaned}")
    );
    // Output files keep their input's compression (found by the bytes), unless
    // --compress says otherwise.
    let o = deboiler(
        d,
        &["clean", "a.txt.gz", "b.jsonl.zst", "c.data", "-O", "out"],
        b"",
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(
        tree(&d.join("out")),
        ["a.txt.gz", "b.jsonl.zst", "c.txt.gz"]
    );
    let gunzip = |p: &str| {
        let mut s = String::new();
        flate2::read::MultiGzDecoder::new(fs::File::open(d.join(p)).unwrap())
            .read_to_string(&mut s)
            .unwrap();
        s
    };
    assert_eq!(gunzip("out/a.txt.gz"), cleaned);
    assert_eq!(gunzip("out/c.txt.gz"), cleaned);
    let unzstd = zstd::decode_all(fs::File::open(d.join("out/b.jsonl.zst")).unwrap()).unwrap();
    assert_eq!(
        unzstd,
        format!("{{\"id\":\"r1\",\"text\":{json}}}\n").as_bytes()
    );
    let o = deboiler(
        d,
        &[
            "clean",
            "a.txt.gz",
            "b.jsonl.zst",
            "-O",
            "plain",
            "--compress",
            "none",
        ],
        b"",
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(tree(&d.join("plain")), ["a.txt", "b.jsonl"]);
    assert_eq!(fs::read_to_string(d.join("plain/a.txt")).unwrap(), cleaned);
    // Standard input too.
    let o = deboiler(d, &["fix", "-"], &gzip(b"caf\xc3\x83\xc2\xa9\n"));
    assert_eq!(stdout(&o), "caf\u{e9}\n");
}

#[test]
fn a_truncated_gzip_is_reported_and_the_rest_is_cleaned() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let lines: String = (0..2000)
        .map(|i| format!("{{\"id\":{i},\"text\":\"Line {i} of the  story.\"}}\n"))
        .collect();
    let whole = gzip(lines.as_bytes());
    write(d, "cut.jsonl.gz", &whole[..whole.len() / 2]);
    write(d, "ok.txt", "Fine  text.\n");
    let o = deboiler(d, &["clean", "cut.jsonl.gz", "ok.txt"], b"");
    assert_eq!(code(&o), 1, "a failure is in the exit code");
    let err = stderr(&o);
    assert!(err.contains("cut.jsonl.gz:"), "{err}");
    let out = stdout(&o);
    assert!(
        out.starts_with("{\"id\":0,\"text\":\"Line 0 of the story.\\n\"}\n"),
        "{out}"
    );
    assert!(out.ends_with("Fine text.\n"), "{out}");
}

#[test]
fn stats_file_holds_the_summary_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "a.txt", ARTICLE);
    write(d, "bad.jsonl", "{\"text\":\"ok\"}\nnot json\n");
    let o = deboiler(
        d,
        &["clean", "-q", "a.txt", "bad.jsonl", "--stats", "s.json"],
        b"",
    );
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert_eq!(stderr(&o).lines().count(), 1, "quiet: only the failure");
    let stats: Value =
        serde_json::from_str(&fs::read_to_string(d.join("s.json")).unwrap()).unwrap();
    assert_eq!(stats["documents"], 2, "{stats}");
    assert_eq!(stats["failed"], 1, "{stats}");
    assert_eq!(stats["bytes_in"], ARTICLE.len() + 2, "{stats}");
    assert_eq!(stats["removed"]["page_chrome"], 2, "{stats}");
    assert_eq!(stats["removed"]["byline"], 1, "{stats}");
    assert_eq!(stats["normalized"]["quotes"], 2, "{stats}");
    assert!(stats["seconds"].as_f64().unwrap() >= 0.0, "{stats}");
    assert!(stats.get("mb_per_s").is_some(), "{stats}");
}
