//! End-to-end tests of the corpus engine behind `deboiler clean` and `fix`: ordered
//! output whatever the thread count, compressed outputs, `--glob`, `--format lines`,
//! `--shard`, `--resume` after a killed run, temporary output names, and the errors of
//! the new flags.
//!
//! Like tests/cli.rs these test the plumbing: the expected bytes come from a plain
//! unsharded, uninterrupted run (or from the library), whatever the rules remove.

mod common;
use common::{code, deboiler, gzip, stderr, stdout, tree, write, BIN};
use serde_json::Value;
use std::fs;
use std::io::Read;
use std::path::Path;
use std::process::Command;

/// Asserts that two directories hold the same files with the same bytes.
fn assert_same_tree(a: &Path, b: &Path) {
    let (ta, tb) = (tree(a), tree(b));
    assert_eq!(ta, tb, "{} vs {}", a.display(), b.display());
    for f in &ta {
        assert!(
            fs::read(a.join(f)).unwrap() == fs::read(b.join(f)).unwrap(),
            "{f} differs"
        );
    }
}

fn gunzip(path: &Path) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(fs::File::open(path).unwrap())
        .read_to_end(&mut out)
        .unwrap();
    out
}

fn unzstd(path: &Path) -> Vec<u8> {
    zstd::decode_all(fs::File::open(path).unwrap()).unwrap()
}

/// Junk-laden paragraphs to build documents from.
const PIECES: [&str; 10] = [
    "Business",
    "Follow Jane on Twitter @janedoe",
    "Font Size:",
    "Image: Shutterstock.com",
    "The bank said it would not share \u{201C}customer\u{201D} data.",
    "Caf\u{e9} owners  said the rules\u{a0}were unclear.",
    "Prices rose 3% in March, the agency said &amp; analysts agreed.",
    "Officials declined to comment. (RELATED: Banks And Privacy)",
    "All content created by the Daily Caller News Foundation is available without charge.",
    "",
];

/// Document `i`: a deterministic mix of junk and text.
fn doc(i: usize) -> String {
    let mut text = format!("Headline {i}\n\n");
    for k in 0..(3 + i % 7) {
        text.push_str(PIECES[(i * 7 + k * 3) % PIECES.len()]);
        text.push_str("\n\n");
    }
    text
}

/// `n` JSON Lines records with ids, every `bad`th one malformed, and a blank line now
/// and then.
fn jsonl(n: usize, start: usize, bad: usize) -> String {
    let mut out = String::new();
    for i in start..start + n {
        if i % bad == bad - 1 {
            out.push_str(&format!("{{\"id\":{i},\"text\": broken\n"));
        } else {
            let text = serde_json::to_string(&doc(i)).unwrap();
            out.push_str(&format!("{{\"id\":{i},\"text\":{text},\"n\":1.50}}\n"));
        }
        if i % 50 == 0 {
            out.push('\n');
        }
    }
    out
}

/// Runs deboiler and asserts the exit code; returns the output.
fn ok(dir: &Path, args: &[&str], want: i32) -> std::process::Output {
    let o = deboiler(dir, args, b"");
    assert_eq!(code(&o), want, "{args:?}: {}", stderr(&o));
    o
}

#[test]
fn output_does_not_depend_on_threads() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // More records than one batch holds, and failures among them.
    write(d, "big.jsonl", jsonl(2500, 0, 97));
    write(
        d,
        "lines.txt",
        (0..3000).map(doc).collect::<Vec<_>>().join("\n"),
    );
    let mut runs = Vec::new();
    for t in ["1", "2", "4"] {
        let (out, report) = (format!("out{t}.jsonl"), format!("r{t}.jsonl"));
        let o = ok(
            d,
            &[
                "clean",
                "-j",
                t,
                "big.jsonl",
                "-o",
                &out,
                "--report",
                &report,
            ],
            1,
        );
        let lines = format!("lines{t}.txt");
        ok(
            d,
            &[
                "fix",
                "-q",
                "-j",
                t,
                "--format",
                "lines",
                "lines.txt",
                "-o",
                &lines,
            ],
            0,
        );
        runs.push((
            fs::read(d.join(&out)).unwrap(),
            fs::read(d.join(&report)).unwrap(),
            fs::read(d.join(&lines)).unwrap(),
            stderr(&o)
                .lines()
                .filter(|l| l.contains("big.jsonl:"))
                .count(),
        ));
    }
    // Gzip members are made on the workers, one per batch: the compressed bytes do
    // not depend on the thread count or on how the input arrives either.
    let mut gz = Vec::new();
    for t in ["1", "4"] {
        let (out, report) = (format!("out{t}.jsonl.gz"), format!("r{t}.jsonl.gz"));
        ok(
            d,
            &[
                "fix",
                "-q",
                "-j",
                t,
                "big.jsonl",
                "-o",
                &out,
                "--report",
                &report,
            ],
            1,
        );
        gz.push((
            fs::read(d.join(&out)).unwrap(),
            fs::read(d.join(&report)).unwrap(),
        ));
    }
    let piped = deboiler(
        d,
        &["fix", "-q", "-o", "piped.gz"],
        &fs::read(d.join("big.jsonl")).unwrap(),
    );
    assert_eq!(code(&piped), 1);
    assert!(
        gz[0] == gz[1],
        "gzip output differs between 1 and 4 threads"
    );
    assert!(
        fs::read(d.join("piped.gz")).unwrap() == gz[0].0,
        "stdin and file differ"
    );
    assert!(gunzip(&d.join("out1.jsonl.gz")) == ok(d, &["fix", "-q", "big.jsonl"], 1).stdout);

    assert!(runs[0] == runs[1], "1 and 2 threads differ");
    assert!(runs[0] == runs[2], "1 and 4 threads differ");
    assert_eq!(runs[0].3, 2500 / 97, "every malformed line is reported");
    // In input order: the ids of the report count up.
    let ids: Vec<u64> = String::from_utf8(runs[0].1.clone())
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .parse()
                .unwrap()
        })
        .collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "report out of order");
    assert_eq!(ids.len(), 2500 - 2500 / 97);
}

#[test]
fn compressed_outputs_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "a.jsonl", jsonl(300, 0, 1000));
    let plain = ok(d, &["clean", "-q", "a.jsonl", "--report", "r.jsonl"], 0).stdout;
    let report = fs::read(d.join("r.jsonl")).unwrap();
    ok(
        d,
        &[
            "clean",
            "-q",
            "a.jsonl",
            "-o",
            "a.out.gz",
            "--report",
            "r.jsonl.gz",
        ],
        0,
    );
    assert!(gunzip(&d.join("a.out.gz")) == plain);
    assert!(gunzip(&d.join("r.jsonl.gz")) == report);
    ok(
        d,
        &[
            "clean",
            "-q",
            "a.jsonl",
            "-o",
            "a.out.zst",
            "--report",
            "r.jsonl.zst",
        ],
        0,
    );
    assert!(unzstd(&d.join("a.out.zst")) == plain);
    assert!(unzstd(&d.join("r.jsonl.zst")) == report);
    // Compressed output is read back as input, by its bytes.
    let again = ok(d, &["fix", "-q", "a.out.zst"], 0).stdout;
    assert!(again == deboiler(d, &["fix", "-q", "-"], &plain).stdout);

    // --output-dir with --compress.
    write(d, "in/x.txt", doc(1));
    write(d, "in/y.jsonl.gz", gzip(jsonl(20, 0, 1000).as_bytes()));
    for (how, names) in [
        ("gz", ["x.txt.gz", "y.jsonl.gz"]),
        ("zst", ["x.txt.zst", "y.jsonl.zst"]),
    ] {
        let out = format!("out-{how}");
        ok(d, &["clean", "-q", "in", "-O", &out, "--compress", how], 0);
        assert_eq!(tree(&d.join(&out)), names);
        let read = |p: &str| {
            let path = d.join(&out).join(p);
            if how == "gz" {
                gunzip(&path)
            } else {
                unzstd(&path)
            }
        };
        let x = ok(d, &["clean", "-q", "in/x.txt"], 0).stdout;
        let y = ok(d, &["clean", "-q", "in/y.jsonl.gz"], 0).stdout;
        assert!(read(names[0]) == x);
        assert!(read(names[1]) == y);
    }
}

#[test]
fn globs_choose_files_of_directories() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for f in [
        "c/a.jsonl",
        "c/b.txt",
        "c/sub/c.jsonl",
        "c/drafts/d.jsonl",
        "c/sub/drafts/e.jsonl",
        "c/2024/f.txt",
    ] {
        let content = if f.ends_with(".jsonl") {
            jsonl(2, 0, 1000)
        } else {
            doc(3)
        };
        write(d, f, content);
    }
    write(d, "loose.txt", doc(4));
    ok(
        d,
        &[
            "clean",
            "-q",
            "c",
            "loose.txt",
            "-O",
            "o1",
            "--glob",
            "*.jsonl",
            "--glob",
            "2024/*",
            "--glob",
            "!drafts",
        ],
        0,
    );
    // Named files are always read; `!drafts` prunes the directories at any depth.
    assert_eq!(
        tree(&d.join("o1")),
        ["2024/f.txt", "a.jsonl", "loose.txt", "sub/c.jsonl"]
    );
    ok(
        d,
        &["clean", "-q", "c", "-O", "o2", "--glob", "!*.jsonl"],
        0,
    );
    assert_eq!(tree(&d.join("o2")), ["2024/f.txt", "b.txt"]);
    let o = ok(d, &["clean", "c", "-O", "o3", "--glob", "[a"], 2);
    assert!(
        stderr(&o).contains("invalid --glob \"[a\""),
        "{}",
        stderr(&o)
    );
}

#[test]
fn format_lines_keeps_lines_aligned() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let input = "Font Size:\r\nThe bank  said \u{201C}no\u{201D}.\n\nFollow Jane on Twitter @janedoe\nlast line";
    write(d, "t.txt", input);
    let o = ok(
        d,
        &["clean", "--format", "lines", "t.txt", "--report", "r.jsonl"],
        0,
    );
    // One output line per input line, empty where everything went.
    assert_eq!(stdout(&o), "\nThe bank said \"no\".\n\n\nlast line\n");
    let ids: Vec<String> = fs::read_to_string(d.join("r.jsonl"))
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(ids, ["t.txt:1", "t.txt:2", "t.txt:3", "t.txt:4", "t.txt:5"]);
}

/// Shards' outputs, in shard order, make the unsharded output: for several files
/// (whole files to each shard) and for one file (line ranges), JSON Lines, lines,
/// compressed or not. (`fix`, which starts faster than `clean`: the plumbing is the
/// same.)
#[test]
fn shards_together_equal_the_unsharded_run() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for i in 0..7 {
        write(
            d,
            &format!("c/f{i}.jsonl"),
            jsonl(10 + i * 13, i * 1000, 29),
        );
    }
    write(d, "c/empty.jsonl", "");
    write(d, "one.jsonl", jsonl(400, 0, 37));
    write(d, "one.jsonl.gz", gzip(jsonl(400, 0, 37).as_bytes()));
    write(
        d,
        "lines.txt",
        (0..500).map(doc).collect::<Vec<_>>().join("\n"),
    );

    // A directory into an output directory: each file in exactly one shard.
    ok(d, &["fix", "-q", "c", "-O", "whole"], 1);
    for n in ["3", "9"] {
        let out = format!("sharded{n}");
        let mut total_files = 0;
        for i in 1..=n.parse::<usize>().unwrap() {
            let shard = format!("{i}/{n}");
            let o = deboiler(d, &["fix", "-q", "c", "-O", &out, "--shard", &shard], b"");
            assert!(code(&o) <= 1, "{}", stderr(&o));
            total_files = tree(&d.join(&out)).len();
        }
        assert_eq!(total_files, 8);
        assert_same_tree(&d.join("whole"), &d.join(&out));
    }

    // Several files into one stream, and one file by line ranges: concatenated
    // outputs, reports and failures equal the unsharded ones.
    let cases: [&[&str]; 4] = [
        &[
            "c/f0.jsonl",
            "c/f1.jsonl",
            "c/f2.jsonl",
            "c/f3.jsonl",
            "c/empty.jsonl",
        ],
        &["one.jsonl"],
        &["one.jsonl.gz"],
        &["--format", "lines", "lines.txt"],
    ];
    for case in cases {
        let mut args = vec!["fix", "--report", "r.jsonl"];
        args.extend_from_slice(case);
        let whole = deboiler(d, &args, b"");
        let whole_report = fs::read(d.join("r.jsonl")).unwrap();
        let failures = |o: &std::process::Output| -> Vec<String> {
            stderr(o)
                .lines()
                .filter(|l| l.contains("malformed"))
                .map(String::from)
                .collect()
        };
        for n in [2, 3, 5] {
            let (mut out, mut report, mut failed) = (Vec::<u8>::new(), Vec::new(), Vec::new());
            for i in 1..=n {
                let shard = format!("{i}/{n}");
                let mut a = args.clone();
                a.extend(["--shard", &shard]);
                let o = deboiler(d, &a, b"");
                assert!(code(&o) <= 1, "{}", stderr(&o));
                out.extend_from_slice(&o.stdout);
                report.extend(fs::read(d.join("r.jsonl")).unwrap());
                failed.extend(failures(&o));
            }
            assert!(
                out == whole.stdout,
                "{case:?} in {n} shards: output differs"
            );
            assert!(
                report == whole_report,
                "{case:?} in {n} shards: report differs"
            );
            assert_eq!(failed, failures(&whole), "{case:?} in {n} shards");
        }
    }

    // A single file into an output directory: one file per shard, named by shard.
    for i in 1..=3 {
        let shard = format!("{i}/3");
        ok(
            d,
            &[
                "fix",
                "-q",
                "one.jsonl.gz",
                "-O",
                "parts",
                "--shard",
                &shard,
            ],
            1,
        );
    }
    assert_eq!(
        tree(&d.join("parts")),
        [
            "one.shard-1-of-3.jsonl.gz",
            "one.shard-2-of-3.jsonl.gz",
            "one.shard-3-of-3.jsonl.gz"
        ]
    );
    let joined: Vec<u8> = (1..=3)
        .flat_map(|i| gunzip(&d.join(format!("parts/one.shard-{i}-of-3.jsonl.gz"))))
        .collect();
    assert!(joined == ok(d, &["fix", "-q", "one.jsonl"], 1).stdout);

    // A single text file is one document: the first shard has it.
    write(d, "doc.txt", doc(5));
    let first = ok(d, &["fix", "-q", "doc.txt", "--shard", "1/2"], 0).stdout;
    let second = ok(d, &["fix", "-q", "doc.txt", "--shard", "2/2"], 0).stdout;
    assert!(first == ok(d, &["fix", "-q", "doc.txt"], 0).stdout && second.is_empty());
    // An empty compressed output is still a valid compressed file.
    ok(
        d,
        &["fix", "-q", "doc.txt", "--shard", "2/2", "-o", "none.gz"],
        0,
    );
    ok(
        d,
        &["fix", "-q", "doc.txt", "--shard", "2/2", "-o", "none.zst"],
        0,
    );
    assert!(gunzip(&d.join("none.gz")).is_empty());
    assert!(unzstd(&d.join("none.zst")).is_empty());
}

/// Runs with the test hook that aborts the process partway through an output.
fn killed(dir: &Path, args: &[&str], after: usize) {
    let o = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env("DEBOILER_ABORT_AFTER_OUTPUTS", after.to_string())
        .output()
        .unwrap();
    assert!(o.status.code().is_none(), "killed by a signal: {o:?}");
}

#[test]
fn a_killed_run_resumed_equals_an_uninterrupted_one() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for i in 0..6 {
        let records = jsonl(40 + 30 * i, i * 1000, 1000);
        if i == 3 {
            write(d, &format!("c/f{i}.jsonl.gz"), gzip(records.as_bytes()));
        } else {
            write(d, &format!("c/sub{}/f{i}.jsonl", i % 2), records);
        }
    }
    write(d, "c/t.txt", doc(9));
    ok(
        d,
        &["clean", "-q", "c", "-O", "whole", "--report", "whole.jsonl"],
        0,
    );
    assert_eq!(tree(&d.join("whole")).len(), 7);

    // Killed while writing the third output: two are complete, the third is only a
    // temporary file, the others do not exist.
    killed(d, &["clean", "-q", "c", "-O", "out"], 2);
    let left = tree(&d.join("out"));
    assert_eq!(left.len(), 3, "{left:?}");
    let tmp: Vec<&String> = left
        .iter()
        .filter(|f| f.ends_with(".deboiler-tmp"))
        .collect();
    assert_eq!(tmp.len(), 1, "{left:?}");
    assert!(fs::metadata(d.join("out").join(tmp[0])).unwrap().len() > 0);

    let o = ok(
        d,
        &[
            "clean",
            "c",
            "-O",
            "out",
            "--resume",
            "--report",
            "resumed.jsonl",
        ],
        0,
    );
    assert!(stderr(&o).contains("2 outputs skipped"), "{}", stderr(&o));
    assert_same_tree(&d.join("whole"), &d.join("out"));
    // The report covers what this run cleaned: the whole report minus the skipped
    // outputs' documents.
    let whole = fs::read_to_string(d.join("whole.jsonl")).unwrap();
    let resumed = fs::read_to_string(d.join("resumed.jsonl")).unwrap();
    assert!(!resumed.is_empty() && whole.ends_with(&resumed));
    // Resuming a finished run does nothing.
    let o = ok(d, &["clean", "c", "-O", "out", "--resume"], 0);
    assert!(stderr(&o).contains("0 documents"), "{}", stderr(&o));
    assert!(stderr(&o).contains("7 outputs skipped"), "{}", stderr(&o));

    // One output file, compressed: killed partway, then resumed.
    write(d, "one.jsonl", jsonl(3000, 0, 10_000));
    let whole = ok(d, &["clean", "-q", "one.jsonl"], 0).stdout;
    killed(d, &["clean", "-q", "one.jsonl", "-o", "one.out.gz"], 0);
    assert!(!d.join("one.out.gz").exists());
    assert!(d.join(".one.out.gz.deboiler-tmp").exists());
    ok(
        d,
        &["clean", "-q", "one.jsonl", "-o", "one.out.gz", "--resume"],
        0,
    );
    assert!(gunzip(&d.join("one.out.gz")) == whole);
    assert!(!d.join(".one.out.gz.deboiler-tmp").exists());
    let o = ok(
        d,
        &["clean", "one.jsonl", "-o", "one.out.gz", "--resume"],
        0,
    );
    assert!(stderr(&o).contains("1 output skipped"), "{}", stderr(&o));
}

#[test]
fn truncated_gzip_and_malformed_line_are_reported_and_the_rest_cleaned() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let records = jsonl(2000, 0, 10_000);
    let whole = gzip(records.as_bytes());
    write(d, "c/cut.jsonl.gz", &whole[..whole.len() / 2]);
    write(
        d,
        "c/bad.jsonl",
        "{\"id\":1,\"text\":\"first\"}\n{\"id\":2,\"text\": broken\n{\"id\":3,\"text\":\"third\"}\n",
    );
    write(d, "c/ok.txt", "Fine  text.\n");
    let o = ok(d, &["clean", "c", "-O", "out", "--stats", "s.json"], 1);
    let err = stderr(&o);
    assert!(err.contains("c/bad.jsonl:2: malformed JSON"), "{err}");
    let cut_line = err
        .lines()
        .find(|l| l.contains("cut.jsonl.gz:"))
        .expect("the truncated file is reported");
    assert!(cut_line.contains("cannot read"), "{cut_line}");
    // The documents before the cut are cleaned, and every output is complete.
    assert_eq!(
        tree(&d.join("out")),
        ["bad.jsonl", "cut.jsonl.gz", "ok.txt"]
    );
    let cut = String::from_utf8(gunzip(&d.join("out/cut.jsonl.gz"))).unwrap();
    assert!(cut.lines().count() > 100, "{cut}");
    assert_eq!(
        fs::read_to_string(d.join("out/bad.jsonl")).unwrap(),
        "{\"id\":1,\"text\":\"first\\n\"}\n{\"id\":3,\"text\":\"third\\n\"}\n"
    );
    assert_eq!(
        fs::read_to_string(d.join("out/ok.txt")).unwrap(),
        "Fine text.\n"
    );
    let stats: Value =
        serde_json::from_str(&fs::read_to_string(d.join("s.json")).unwrap()).unwrap();
    assert_eq!(stats["failed"], 2, "{stats}");
    assert_eq!(stats["skipped"], 0, "{stats}");
}

#[test]
fn special_files_are_written_in_place() {
    // Renaming a temporary file over a device or a link would replace it.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "a.txt", doc(2));
    write(d, "target.txt", "old");
    #[cfg(unix)]
    std::os::unix::fs::symlink("target.txt", d.join("link.txt")).unwrap();
    #[cfg(unix)]
    {
        ok(d, &["clean", "-q", "a.txt", "-o", "link.txt"], 0);
        assert!(fs::symlink_metadata(d.join("link.txt"))
            .unwrap()
            .file_type()
            .is_symlink());
        assert!(
            fs::read(d.join("target.txt")).unwrap() == ok(d, &["clean", "-q", "a.txt"], 0).stdout
        );
    }
    ok(
        d,
        &[
            "clean",
            "-q",
            "a.txt",
            "-o",
            "/dev/null",
            "--report",
            "/dev/null",
        ],
        0,
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        assert!(fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device());
    }
}

#[test]
fn errors_of_the_new_flags_exit_2_and_leave_no_output() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "a.txt", doc(1));
    fs::create_dir_all(d.join("existing")).unwrap();
    let cases: [(&[&str], &str); 11] = [
        (
            &["clean", "a.txt", "--shard", "0/4"],
            "there is no shard 0 of 4",
        ),
        (
            &["clean", "a.txt", "--shard", "5/4"],
            "there is no shard 5 of 4",
        ),
        (&["clean", "a.txt", "--shard", "1/0"], "at least one shard"),
        (&["clean", "a.txt", "--shard", "half"], "expected I/N"),
        (
            &["clean", "--shard", "1/2"],
            "standard input cannot be sharded",
        ),
        (
            &["clean", "a.txt", "--resume"],
            "--resume needs --output FILE or --output-dir",
        ),
        (
            &["clean", "a.txt", "-o", "existing"],
            "give --output-dir existing",
        ),
        (&["clean", "a.txt", "--compress", "gz"], "--output-dir"),
        (
            &["clean", "a.txt", "-o", "x.txt", "-O", "out"],
            "cannot be used with",
        ),
        (
            &["clean", "a.txt", "-o", "a.txt/x.txt"],
            "cannot create output file a.txt/x.txt",
        ),
        (
            &["clean", "a.txt", "-o", "a.txt"],
            "is an input and an output",
        ),
    ];
    for (args, needle) in cases {
        let o = deboiler(d, args, b"");
        assert_eq!(code(&o), 2, "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(needle), "{args:?}: {}", stderr(&o));
        assert_eq!(stdout(&o), "", "{args:?}");
    }
    // An output that fails after another was created leaves neither behind.
    let o = deboiler(
        d,
        &[
            "clean",
            "a.txt",
            "-o",
            "out.txt",
            "--report",
            "no/such/dir/r.jsonl",
        ],
        b"",
    );
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("cannot create report file"),
        "{}",
        stderr(&o)
    );
    assert_eq!(tree(d), ["a.txt"], "no output, no temporary file");
    assert_eq!(fs::read_to_string(d.join("a.txt")).unwrap(), doc(1));
}

#[test]
fn help_documents_the_new_flags() {
    let dir = tempfile::tempdir().unwrap();
    let o = ok(dir.path(), &["clean", "--help"], 0);
    let help = stdout(&o);
    for needle in [
        "--output <FILE>",
        "--output-dir <DIR>",
        "--compress <HOW>",
        "--glob <GLOB>",
        "--format <FORMAT>",
        "lines",
        "--shard <I/N>",
        "--resume",
        "--quiet",
        "progress bar",
        "Exit status:",
    ] {
        assert!(help.contains(needle), "{needle} missing from:\n{help}");
    }
}
