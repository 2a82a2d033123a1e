//! End-to-end tests of HTML input in the `deboiler` binary: choosing the HTML reader
//! (`--format html`, a `.html` name, a page on standard input), compressed pages with
//! `--output-dir`, declared charsets, the report's `html` part, `--keep page_chrome`,
//! `--no-headline`, and thread-count independence on the corpus pages.
//!
//! Like `tests/cli.rs` these test the plumbing: expected texts come from the library
//! (`Cleaner::clean_html`), and only a few facts about them are asserted directly.

mod common;
use common::{code, deboiler, gzip, stderr, stdout, tree, write};
use deboiler::{Builder, Category, CategorySet, Cleaner};
use serde_json::Value;
use std::fs;
use std::io::Read;
use std::path::Path;

/// A small news page: menu, headline and byline above the text, a share bar, the
/// article, and a footer.
const PAGE: &str = r#"<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Bridge reopens to traffic | Example Post</title></head>
<body>
<nav class="top-menu"><a href="/">Home</a> <a href="/local">Local</a> <a href="/sport">Sport</a></nav>
<div class="story-top">
  <h1>Bridge reopens to traffic</h1>
  <div class="byline">By Lena Ford</div>
</div>
<div class="story-body">
  <div class="share-tools">Share on Facebook</div>
  <p>The Mill Street bridge reopened to traffic on Monday after eight months of repairs to its deck and railings, the county said.</p>
  <p>Drivers had been sent on a three-mile detour since March. Buses will return to their usual route from Wednesday.</p>
  <p>The repairs cost $2.1 million, slightly less than planned, and the work finished two weeks ahead of schedule.</p>
</div>
<footer><a href="/contact">Contact us</a><p>&copy; 2026 Example Post</p></footer>
</body></html>
"#;

/// The article's first sentence, which every extraction keeps.
const FIRST: &str = "The Mill Street bridge reopened to traffic on Monday";

/// A fragment (no `<html>`/`<body>`): read as a page only when told or named `.html`.
const FRAGMENT: &str = "<div class=\"share-bar\">Share this</div>\n\
    <p>The council approved the budget on Tuesday, after a debate that lasted most of \
    the evening.</p>\n";

fn html(page: &str) -> String {
    Cleaner::new().clean_html(page).text
}

/// The one report line of a single-document run.
fn report_line(path: &Path) -> Value {
    let text = fs::read_to_string(path).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 1, "{text}");
    serde_json::from_str(lines[0]).unwrap()
}

#[test]
fn format_html_extracts_a_file_whatever_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "fragment.txt", FRAGMENT);
    let o = deboiler(d, &["clean", "--format", "html", "fragment.txt"], b"");
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(stdout(&o), html(FRAGMENT));
    assert_eq!(
        stdout(&o),
        "The council approved the budget on Tuesday, after a debate that lasted most of the \
         evening.\n"
    );
    // Without the flag, a fragment in a .txt file is text: its tags stay.
    let o = deboiler(d, &["clean", "fragment.txt"], b"");
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stdout(&o).contains("<p>"), "{}", stdout(&o));
}

#[test]
fn auto_reads_html_by_name_and_pages_by_content() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "fragment.html", FRAGMENT);
    let o = deboiler(d, &["clean", "fragment.html"], b"");
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(stdout(&o), html(FRAGMENT));

    let o = deboiler(d, &["clean", "--report", "r.jsonl"], PAGE.as_bytes());
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(stdout(&o), html(PAGE));
    assert!(stdout(&o).contains(FIRST));
    assert!(!stdout(&o).contains("Share on Facebook"));
    let r = report_line(&d.join("r.jsonl"));
    assert_eq!(r["id"], "-");
    assert!(r["html"].is_object(), "{r}");
}

#[test]
fn compressed_page_goes_through_output_dir() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "pages/bridge.html.gz", gzip(PAGE.as_bytes()));
    let o = deboiler(d, &["clean", "pages/bridge.html.gz", "-O", "out"], b"");
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(tree(&d.join("out")), ["bridge.txt.gz"]);
    let mut text = String::new();
    flate2::read::GzDecoder::new(fs::File::open(d.join("out/bridge.txt.gz")).unwrap())
        .read_to_string(&mut text)
        .unwrap();
    assert_eq!(text, html(PAGE));
}

#[test]
fn declared_windows_1252_charset_is_respected() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut page = b"<!DOCTYPE html><html><head><meta charset=\"windows-1252\">\
        <title>Preise</title></head><body><div class=\"artikel\">"
        .to_vec();
    // "Die Gebühr steigt auf 12 € – „ab März“, sagte Böhm." in windows-1252.
    page.extend_from_slice(
        b"<p>Die Geb\xfchr steigt auf 12 \x80 \x96 \x84ab M\xe4rz\x93, sagte B\xf6hm.</p>",
    );
    page.extend_from_slice(b"</div></body></html>\n");
    write(d, "preise.html", &page);
    let o = deboiler(d, &["clean", "preise.html", "--report", "r.jsonl"], b"");
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("Die Gebühr steigt auf 12 €"), "{out}");
    assert!(out.contains("März") && out.contains("Böhm"), "{out}");
    assert_eq!(out, Cleaner::new().clean_html_bytes(&page, None).text);
    let r = report_line(&d.join("r.jsonl"));
    assert_eq!(r["encoding"], "windows-1252", "{r}");
    assert_eq!(r["encoding_source"], "declared", "{r}");
}

#[test]
fn report_lists_dom_removals_with_path_category_and_rule() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "bridge.html", PAGE);
    let o = deboiler(d, &["clean", "bridge.html", "--report", "r.jsonl"], b"");
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let r = report_line(&d.join("r.jsonl"));
    assert_eq!(r["id"], "bridge.html");
    let h = &r["html"];
    assert_eq!(h["bytes"], PAGE.len());
    // Offsets in the top-level removals point into the extracted text.
    assert_eq!(h["extracted"], r["bytes_in"]);
    assert_eq!(h["headline"], "Bridge reopens to traffic");
    let removed = h["removed"].as_array().unwrap();
    assert!(!removed.is_empty(), "{r}");
    for x in removed {
        let category = x["category"].as_str().unwrap();
        assert!(Category::from_name(category).is_some(), "{x}");
        assert!(x["rule"].as_str().unwrap().starts_with(category), "{x}");
        assert!(!x["path"].as_str().unwrap().is_empty(), "{x}");
        assert!(!x["text"].as_str().unwrap().is_empty(), "{x}");
        assert!(x["bytes"].as_u64().unwrap() > 0, "{x}");
    }
    let find = |text: &str| {
        removed
            .iter()
            .find(|x| x["text"].as_str().unwrap().contains(text))
            .unwrap_or_else(|| panic!("no removal with {text:?}: {r}"))
    };
    assert_eq!(find("Share on Facebook")["category"], "page_chrome");
    assert_eq!(find("Share on Facebook")["rule"], "page_chrome/html-share");
    assert_eq!(find("Local")["rule"], "page_chrome/html-nav");
    assert_eq!(find("© 2026 Example Post")["category"], "page_chrome");
}

#[test]
fn keep_page_chrome_keeps_the_whole_body() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "bridge.html", PAGE);
    let o = deboiler(d, &["clean", "bridge.html", "--keep", "page_chrome"], b"");
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    let keep = Builder::default()
        .categories(CategorySet::all().without(Category::PageChrome))
        .build();
    assert_eq!(out, keep.clean_html(PAGE).text);
    for text in ["Home", "Sport", "Share on Facebook", FIRST, "Contact us"] {
        assert!(out.contains(text), "{text:?} missing from {out}");
    }
    // The byline and the copyright line are not page chrome: they still go.
    assert!(!out.contains("Lena Ford"), "{out}");
    assert!(!out.contains("© 2026"), "{out}");
}

#[test]
fn no_headline_leaves_the_headline_out() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "bridge.html", PAGE);
    let o = deboiler(d, &["clean", "bridge.html"], b"");
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        stdout(&o).starts_with("Bridge reopens to traffic\n\n"),
        "{}",
        stdout(&o)
    );
    let o = deboiler(d, &["clean", "bridge.html", "--no-headline"], b"");
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stdout(&o).starts_with(FIRST), "{}", stdout(&o));
    assert!(!stdout(&o).contains("Bridge reopens to traffic"));
}

#[test]
fn corpus_pages_do_not_depend_on_thread_count() {
    let pages = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/input/html"));
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let run = |threads: &str| {
        let out = format!("out{threads}");
        let report = format!("report{threads}.jsonl");
        let args = [
            "clean",
            pages.to_str().unwrap(),
            "--threads",
            threads,
            "-O",
            &out,
            "--report",
            &report,
            "--quiet",
        ];
        let o = deboiler(d, &args, b"");
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        let files: Vec<(String, Vec<u8>)> = tree(&d.join(&out))
            .into_iter()
            .map(|f| {
                let bytes = fs::read(d.join(&out).join(&f)).unwrap();
                (f, bytes)
            })
            .collect();
        (files, fs::read_to_string(d.join(&report)).unwrap())
    };
    let (files1, report1) = run("1");
    let (files4, report4) = run("4");
    assert!(files1.len() >= 10, "{} outputs", files1.len());
    assert_eq!(files1, files4, "outputs differ between 1 and 4 threads");
    assert_eq!(report1, report4, "reports differ between 1 and 4 threads");
    assert_eq!(report1.lines().count(), files1.len());
    for line in report1.lines() {
        let r: Value = serde_json::from_str(line).unwrap();
        assert!(r["html"].is_object(), "{line}");
    }
}

#[test]
fn summary_and_stats_count_the_page_and_its_dom_removals() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "page.html", PAGE);
    let o = deboiler(d, &["clean", "page.html", "--stats", "stats.json"], b"");
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let stats: Value = serde_json::from_str(&fs::read_to_string(d.join("stats.json")).unwrap())
        .expect("stats are JSON");
    // Bytes in are the page's, not the extracted text's.
    assert_eq!(stats["bytes_in"], PAGE.len());
    // The menu, the byline, the share bar and the footer were left out of the text.
    let removed = &stats["removed"];
    assert!(removed["page_chrome"].as_u64().unwrap() >= 2, "{stats}");
    assert!(removed["byline"].as_u64().unwrap() >= 1, "{stats}");
    assert!(
        stderr(&o).contains(&format!("{} -> ", PAGE.len())),
        "{}",
        stderr(&o)
    );
}

#[test]
fn html_field_of_json_lines_is_extracted_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let record = serde_json::json!({"id": "p1", "url": "http://example.org/a", "html": PAGE});
    write(d, "pages.jsonl", format!("{record}\n"));
    let args = [
        "clean",
        "pages.jsonl",
        "--field",
        "html",
        "--html-field",
        "--report",
        "r.jsonl",
    ];
    let o = deboiler(d, &args, b"");
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let out: Value = serde_json::from_str(stdout(&o).trim()).expect("one JSON record");
    // The page's text replaces the markup; the other fields are kept.
    assert_eq!(out["html"], html(PAGE));
    assert_eq!(out["url"], "http://example.org/a");
    let report = report_line(&d.join("r.jsonl"));
    assert_eq!(report["id"], "p1");
    assert!(report["html"]["removed"]
        .as_array()
        .is_some_and(|r| !r.is_empty()));
    // Without the flag the field is cleaned as text: the markup stays.
    let o = deboiler(d, &["clean", "pages.jsonl", "--field", "html"], b"");
    assert!(stdout(&o).contains("<nav"), "{}", stdout(&o));
}
