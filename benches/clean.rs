//! Criterion benchmarks of the hot paths: cleaning and fixing the corpus documents.
//!
//! `cargo bench --bench clean` reports throughput in bytes per second for the whole
//! corpus/input set cleaned document by document, for `fix` alone, and for finding the
//! removals alone (the rules, without normalization).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use deboiler::Cleaner;
use std::path::Path;

fn corpus_docs() -> Vec<String> {
    let mut docs = Vec::new();
    let root = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/input"));
    let mut dirs = vec![root.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).expect("corpus/input is readable") {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                docs.push(String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned());
            }
        }
    }
    docs.sort();
    docs
}

fn bench(c: &mut Criterion) {
    let docs = corpus_docs();
    let bytes: usize = docs.iter().map(String::len).sum();
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
}

criterion_group!(benches, bench);
criterion_main!(benches);
