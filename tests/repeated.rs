//! `deboiler clean --repeated-lines`: lines a corpus repeats in many documents go, as
//! `page_chrome/repeated-line`; the rest of the corpus is untouched; the result does not
//! depend on the thread count, the batch size or the sharding; standard input works;
//! a corpus of copies keeps its text.
//!
//! The corpus is a small synthetic site: twelve pages that share a menu and a footer
//! around their own headline and story.

mod common;
use common::{code, deboiler, stderr, stdout, tree, write};
use deboiler::batch::{run, Config, Format, Shard};
use deboiler::repeated::Threshold;
use deboiler::{Category, CategorySet, Cleaner};
use serde_json::Value;
use std::fs;

const MENU: [&str; 5] = ["Home", "World", "Business", "Culture", "Contact"];
const FOOTER: [&str; 2] = [
    "About us | Careers | Advertise with us",
    "The Riverside Gazette is published by Example Media Group in Port Elm.",
];
const TOPICS: [&str; 12] = [
    "harbour",
    "library",
    "bridge",
    "orchard",
    "railway",
    "market",
    "stadium",
    "clinic",
    "museum",
    "school",
    "ferry",
    "reservoir",
];
/// In three pages only: below the default threshold of ten, so it stays.
const SHARED_SENTENCE: &str = "The council will meet again next month to review the budget.";

/// Page `i` of the site.
fn page(i: usize) -> String {
    let t = TOPICS[i % TOPICS.len()];
    let mut text = MENU.join("\n");
    text.push_str(&format!(
        "\n\nResidents split over {t} plan\n\n\
         Plans to rebuild the {t} drew {n} objections before Tuesday's vote, officials said.\n\n\
         Supporters of the {t} project say it will bring {m} jobs to the town within two years.\n\n",
        n = 10 + i,
        m = 40 + 3 * i,
    ));
    if i % 4 == 0 {
        text.push_str(SHARED_SENTENCE);
        text.push_str("\n\n");
    }
    text.push_str(&FOOTER.join("\n"));
    text.push('\n');
    text
}

/// The site as JSON Lines, ids 0..n.
fn site_jsonl(n: usize) -> String {
    (0..n)
        .map(|i| {
            let text = serde_json::to_string(&page(i)).unwrap();
            format!("{{\"id\":{i},\"text\":{text}}}\n")
        })
        .collect()
}

/// Runs the library's batch driver on `input` as standard input.
fn run_lib(cfg: &Config, cleaner: &Cleaner, input: &str) -> (String, deboiler::batch::Summary) {
    let mut out = Vec::new();
    let summary = run(cfg, cleaner, &mut input.as_bytes(), &mut out, &mut |f| {
        panic!("{f}")
    })
    .unwrap();
    (String::from_utf8(out).unwrap(), summary)
}

fn repeated() -> Config {
    Config {
        repeated_lines: Some(Threshold::default()),
        ..Config::default()
    }
}

fn texts(jsonl: &str) -> Vec<String> {
    jsonl
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            v["text"].as_str().unwrap().to_string()
        })
        .collect()
}

#[test]
fn shared_lines_go_and_the_pages_own_text_stays() {
    let input = site_jsonl(12);
    let (out, summary) = run_lib(&repeated(), &Cleaner::new(), &input);
    for (i, text) in texts(&out).iter().enumerate() {
        for line in MENU.iter().chain(&FOOTER) {
            assert!(
                !text.lines().any(|l| l == *line),
                "{line:?} kept in page {i}"
            );
        }
        let t = TOPICS[i];
        assert!(
            text.starts_with(&format!("Residents split over {t} plan\n\n")),
            "{text}"
        );
        assert!(text.contains(&format!("{} objections", 10 + i)), "{text}");
        assert!(text.contains(&format!("{} jobs", 40 + 3 * i)), "{text}");
        assert_eq!(text.contains(SHARED_SENTENCE), i % 4 == 0, "{text}");
    }
    let r = summary.repeated.expect("the counting pass ran");
    assert_eq!(
        (r.documents, r.threshold, r.lines, r.error_bound),
        (12, 10, 7, 0)
    );
    assert_eq!(summary.repeated_removed, 12 * 7);
}

#[test]
fn every_removal_is_reported_with_its_offsets() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for i in 0..12 {
        write(d, &format!("site/page{i:02}.txt"), page(i));
    }
    let o = deboiler(
        d,
        &[
            "clean",
            "site",
            "-O",
            "out",
            "--repeated-lines",
            "--report",
            "r.jsonl",
            "--stats",
            "s.json",
        ],
        b"",
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("repeated lines: 7 distinct in 10+ of 12 documents, 84 removed"),
        "{}",
        stderr(&o)
    );
    let report = fs::read_to_string(d.join("r.jsonl")).unwrap();
    let mut seen = 0;
    for line in report.lines() {
        let r: Value = serde_json::from_str(line).unwrap();
        let input = fs::read_to_string(d.join(r["id"].as_str().unwrap())).unwrap();
        for x in r["removed"].as_array().unwrap() {
            let (s, e) = (x["start"].as_u64().unwrap(), x["end"].as_u64().unwrap());
            assert_eq!(&input[s as usize..e as usize], x["text"].as_str().unwrap());
            if x["rule"] == "page_chrome/repeated-line" {
                assert_eq!(x["category"], "page_chrome");
                assert!(MENU.iter().chain(&FOOTER).any(|l| *l == x["text"]), "{x}");
                seen += 1;
            }
        }
    }
    assert_eq!(seen, 84);
    let stats: Value = serde_json::from_slice(&fs::read(d.join("s.json")).unwrap()).unwrap();
    let r = &stats["repeated_lines"];
    assert_eq!(r["documents_counted"], 12);
    assert_eq!(r["threshold"], 10);
    assert_eq!(r["lines_over_threshold"], 7);
    assert_eq!(r["count_error_bound"], 0);
    assert_eq!(r["removed"], 84);
}

#[test]
fn output_does_not_depend_on_threads_or_batches() {
    // Many pages, small batches, and a table so small it has to prune.
    let input = site_jsonl(300);
    let base = Config {
        repeated_capacity: 40,
        ..repeated()
    };
    let (want, summary) = run_lib(&base, &Cleaner::new(), &input);
    let r = summary.repeated.unwrap();
    assert!(r.error_bound > 0, "the table must prune");
    assert_eq!(
        r.lines, 8,
        "the shared lines (and sentence) survive the prunes"
    );
    for threads in [1, 2, 4] {
        for batch_docs in [1, 7, 1000] {
            let cfg = Config {
                threads: Some(threads),
                batch_docs,
                ..base.clone()
            };
            let (out, s) = run_lib(&cfg, &Cleaner::new(), &input);
            assert!(out == want, "threads {threads}, batches of {batch_docs}");
            assert_eq!(s.repeated, Some(r.clone()));
        }
    }
}

#[test]
fn shards_together_equal_the_unsharded_run() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "site.jsonl", site_jsonl(40));
    for i in 0..12 {
        write(d, &format!("pages/p{i:02}.txt"), page(i));
    }
    let whole = deboiler(d, &["clean", "-q", "--repeated-lines", "site.jsonl"], b"");
    assert_eq!(code(&whole), 0, "{}", stderr(&whole));
    let whole = stdout(&whole);
    // One file split by line ranges: each shard counts the whole file.
    let mut parts = String::new();
    for i in 1..=3 {
        let shard = format!("{i}/3");
        let o = deboiler(
            d,
            &[
                "clean",
                "-q",
                "--repeated-lines",
                "site.jsonl",
                "--shard",
                &shard,
            ],
            b"",
        );
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        parts.push_str(&stdout(&o));
    }
    assert_eq!(parts, whole);
    assert_ne!(
        whole,
        stdout(&deboiler(d, &["clean", "-q", "site.jsonl"], b""))
    );
    // Whole files shared out: each shard counts every file.
    let o = deboiler(
        d,
        &["clean", "-q", "--repeated-lines", "pages", "-O", "all"],
        b"",
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    for i in 1..=4 {
        let shard = format!("{i}/4");
        let args = [
            "clean",
            "-q",
            "--repeated-lines",
            "pages",
            "-O",
            "sharded",
            "--shard",
            &shard,
        ];
        let o = deboiler(d, &args, b"");
        assert_eq!(code(&o), 0, "{}", stderr(&o));
    }
    assert_eq!(tree(&d.join("all")), tree(&d.join("sharded")));
    for f in tree(&d.join("all")) {
        let a = fs::read_to_string(d.join("all").join(&f)).unwrap();
        assert_eq!(a, fs::read_to_string(d.join("sharded").join(&f)).unwrap());
        assert!(!a.contains("Advertise with us"), "{f}: {a}");
    }
}

#[test]
fn standard_input_is_read_twice_through_a_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let tmp = d.join("tmp");
    fs::create_dir(&tmp).unwrap();
    let input = site_jsonl(12);
    write(d, "site.jsonl", &input);
    let from_file = stdout(&deboiler(
        d,
        &["clean", "--repeated-lines", "site.jsonl"],
        b"",
    ));
    let o = std::process::Command::new(common::BIN)
        .args(["clean", "--repeated-lines", "-q"])
        .env("TMPDIR", &tmp)
        .current_dir(d)
        .stdin(fs::File::open(d.join("site.jsonl")).unwrap())
        .output()
        .unwrap();
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(stdout(&o), from_file);
    assert!(!from_file.contains("Advertise"), "{from_file}");
    assert_eq!(
        fs::read_dir(&tmp).unwrap().count(),
        0,
        "the copy is removed"
    );
    // Gzip on standard input too.
    let gz = common::gzip(input.as_bytes());
    let o = deboiler(d, &["clean", "--repeated-lines", "-q", "-"], &gz);
    assert_eq!(stdout(&o), from_file);
}

#[test]
fn without_the_flag_or_without_page_chrome_nothing_changes() {
    let input = site_jsonl(12);
    let plain = run_lib(&Config::default(), &Cleaner::new(), &input);
    assert!(plain.0.contains("Advertise with us"));
    assert!(plain.1.repeated.is_none());
    assert_eq!(plain.1.stats().get("repeated_lines"), None);
    let no_chrome = Cleaner::builder()
        .categories(CategorySet::all().without(Category::PageChrome))
        .build();
    let (out, s) = run_lib(&repeated(), &no_chrome, &input);
    assert_eq!(out, run_lib(&Config::default(), &no_chrome, &input).0);
    assert!(s.repeated.is_none(), "nothing counted");
    // The command line's --keep page_chrome likewise.
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "site.jsonl", &input);
    let args = ["clean", "-q", "--keep", "page_chrome", "site.jsonl"];
    let want = stdout(&deboiler(dir.path(), &args, b""));
    let mut with = args.to_vec();
    with.push("--repeated-lines");
    assert_eq!(stdout(&deboiler(dir.path(), &with, b"")), want);
}

#[test]
fn a_tiny_batch_keeps_what_it_repeats() {
    // A sentence in two of three documents is no evidence of furniture.
    let docs = [
        "Flood warning issued\n\nThe river rose overnight.\n\nStay away from the banks.\n",
        "Roads closed in the valley\n\nStay away from the banks.\n\nBuses are diverted.\n",
        "Schools open late\n\nPupils start at ten.\n",
    ];
    let input: String = docs
        .iter()
        .map(|t| format!("{{\"text\":{}}}\n", serde_json::to_string(t).unwrap()))
        .collect();
    let (out, s) = run_lib(&repeated(), &Cleaner::new(), &input);
    assert_eq!(out, run_lib(&Config::default(), &Cleaner::new(), &input).0);
    assert_eq!(s.repeated.unwrap().lines, 0);
    // Unless asked to: in two documents or more.
    let two = Config {
        repeated_lines: Some(Threshold {
            min_docs: 2,
            ..Threshold::default()
        }),
        ..Config::default()
    };
    let (out, _) = run_lib(&two, &Cleaner::new(), &input);
    assert!(!out.contains("Stay away"), "{out}");
}

#[test]
fn copies_keep_their_lines() {
    // The same story in fifteen documents, a few with a short line of their own:
    // every line is repeated, so each document is a copy, not a page with furniture.
    let story = "Storm hits the coast\n\nWinds of 120 km/h tore roofs off in three towns.\n\n\
                 Power was cut to 40,000 homes, the utility said.\n";
    let input: String = (0..15)
        .map(|i| {
            let text = if i % 5 == 0 {
                format!("Updated {i}\n\n{story}")
            } else {
                story.to_string()
            };
            format!("{{\"text\":{}}}\n", serde_json::to_string(&text).unwrap())
        })
        .collect();
    let (out, s) = run_lib(&repeated(), &Cleaner::new(), &input);
    assert_eq!(out, run_lib(&Config::default(), &Cleaner::new(), &input).0);
    assert_eq!(s.repeated.unwrap().lines, 3);
    assert_eq!(s.repeated_removed, 0);
}

#[test]
fn lines_format_keeps_its_lines_and_an_empty_shard_counts_nothing() {
    // --format lines: each line is a one-line document, a copy when repeated.
    let input = "Home\nA first title\nHome\n".repeat(6);
    let cfg = Config {
        format: Format::Lines,
        ..repeated()
    };
    let (out, s) = run_lib(&cfg, &Cleaner::new(), &input);
    assert_eq!(out, input);
    assert_eq!(s.repeated.unwrap().lines, 1);
    // A shard of nothing counts nothing.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "a.txt", page(0));
    write(d, "b.txt", page(1));
    let cfg = Config {
        inputs: vec![d.join("a.txt"), d.join("b.txt")],
        shard: Some(Shard { index: 3, count: 3 }),
        ..repeated()
    };
    let (out, s) = run_lib(&cfg, &Cleaner::new(), "");
    assert_eq!(out, "");
    assert!(s.repeated.is_none());
}

#[test]
fn bad_flags_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        &["clean", "--repeated-lines=1", "a"][..],
        &["clean", "--repeated-lines=x", "a"],
        &["clean", "--repeated-share", "0.1", "a"],
        &["clean", "--repeated-lines", "--repeated-share", "2", "a"],
        &["fix", "--repeated-lines", "a"],
    ] {
        let o = deboiler(dir.path(), args, b"");
        assert_eq!(code(&o), 2, "{args:?}: {}", stderr(&o));
    }
    // The flag takes its value after `=` only: a following input stays an input.
    write(dir.path(), "a.txt", page(1));
    let o = deboiler(dir.path(), &["clean", "--repeated-lines", "a.txt"], b"");
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stdout(&o).contains("Residents split"), "{}", stdout(&o));
    let o = deboiler(dir.path(), &["clean", "--repeated-lines=12", "a.txt"], b"");
    assert_eq!(code(&o), 0, "{}", stderr(&o));
}

#[test]
fn the_rule_only_adds_to_the_other_rules() {
    // "Share this article" on every page stays page_chrome/control; the rule takes
    // whole lines only, never a repeated phrase inside a longer line.
    let footer = "Riverside Gazette, the town paper";
    let lines = {
        let mut c = deboiler::repeated::LineCounter::new();
        for i in 0..10 {
            c.add_document(&format!(
                "Share this article\n\nStory {i} about the harbour.\n\n{footer}\n"
            ));
        }
        c.repeated(&Threshold::default())
    };
    assert_eq!(lines.len(), 2);
    let cleaner = Cleaner::new().with_repeated_lines(std::sync::Arc::new(lines));
    let input = format!(
        "Share this article\n\nStory 3 about the harbour.\n\n\
         Letters to {footer} are welcome.\n\n{footer}\n"
    );
    let out = cleaner.clean_text(&input);
    let rules: Vec<&str> = out.report.removed.iter().map(|r| &*r.rule).collect();
    assert_eq!(rules, ["page_chrome/control", "page_chrome/repeated-line"]);
    assert_eq!(
        out.text,
        format!("Story 3 about the harbour.\n\nLetters to {footer} are welcome.\n")
    );
    // Cleaning the output again changes nothing.
    assert_eq!(cleaner.clean_text(&out.text).text, out.text);
}
