//! Criterion benchmarks of the hot paths: cleaning and fixing the corpus documents.
//!
//! `cargo bench --bench clean` reports throughput in bytes per second for the whole
//! corpus/input set cleaned document by document, for `fix` alone, and for finding the
//! removals alone (the rules, without normalization).
//!
//! The `by_category` group times the rules alone on the text documents, segmented
//! once: `all` runs every category on each document in turn, and one bench per
//! category runs that category alone over all of them. The work is the same, yet `all`
//! takes about 1.8 times the sum of the six (0.75 ms against 0.42 ms on the machine of
//! the README's figures). The likely cause is branch prediction: one category's code
//! over and over is few enough branches for the predictor to learn their outcomes on
//! these documents, six in turn are not. Instruction counts do not show this cost, and
//! on text the predictor has not seen before, the `all` figure is the one to expect.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use deboiler::rules::find_with;
use deboiler::segment::Doc;
use deboiler::{Category, CategorySet, Cleaner};
use std::path::Path;

/// The corpus/input documents, with whether each is an HTML page, sorted by text.
fn corpus_docs() -> Vec<(String, bool)> {
    let mut docs = Vec::new();
    let root = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/input"));
    let mut dirs = vec![root.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).expect("corpus/input is readable") {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                let html = path.extension().is_some_and(|e| {
                    e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm")
                });
                let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
                docs.push((text, html));
            }
        }
    }
    docs.sort();
    docs
}

fn bench(c: &mut Criterion) {
    let all = corpus_docs();
    let docs: Vec<&str> = all.iter().map(|(d, _)| d.as_str()).collect();
    let bytes: usize = docs.iter().map(|d| d.len()).sum();
    let mut group = c.benchmark_group("corpus");
    group.throughput(Throughput::Bytes(bytes as u64));
    let cleaner = Cleaner::new();
    group.bench_function("clean_text", |b| {
        b.iter(|| {
            docs.iter()
                .map(|d| cleaner.clean_text(d).text.len())
                .sum::<usize>()
        })
    });
    group.bench_function("find_removals", |b| {
        b.iter(|| {
            docs.iter()
                .map(|d| cleaner.find_removals(d).len())
                .sum::<usize>()
        })
    });
    let fixer = Cleaner::fixer();
    group.bench_function("fix_text", |b| {
        b.iter(|| {
            docs.iter()
                .map(|d| fixer.clean_text(d).text.len())
                .sum::<usize>()
        })
    });
    group.finish();

    // The rules alone, on the text documents (as the generated news corpus has them)
    // segmented once: all categories document by document, then each category alone
    // over the corpus.
    let texts: Vec<&str> = all
        .iter()
        .filter(|(_, html)| !html)
        .map(|(d, _)| d.as_str())
        .collect();
    let segmented: Vec<Doc> = texts.iter().map(|d| Doc::new(d)).collect();
    let mut group = c.benchmark_group("by_category");
    group.throughput(Throughput::Bytes(
        texts.iter().map(|d| d.len()).sum::<usize>() as u64,
    ));
    group.bench_function("all", |b| {
        b.iter(|| {
            segmented
                .iter()
                .map(|d| find_with(d, CategorySet::all(), true).len())
                .sum::<usize>()
        })
    });
    for cat in Category::ALL {
        let only = CategorySet::none().with(cat);
        group.bench_function(cat.name(), |b| {
            b.iter(|| {
                segmented
                    .iter()
                    .map(|d| find_with(d, only, true).len())
                    .sum::<usize>()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
