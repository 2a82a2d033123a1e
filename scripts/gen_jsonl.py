#!/usr/bin/env python3
"""Generates a large JSON Lines corpus from the documents in corpus/input/, for measuring
throughput: `python3 scripts/gen_jsonl.py 500 > /tmp/news.jsonl` writes about 500 MB.

Each record is {"id": "doc-N", "source": "<case name>", "text": "<document>"}; the
documents are the corpus inputs repeated in a fixed order, so the file is the same on
every run. HTML pages (cases whose input is .html or .htm) are left out: the corpus is
of text documents, and pages are timed separately (see scripts/bench_batch.sh).
"""
import json
import pathlib
import sys

target_mb = float(sys.argv[1]) if len(sys.argv) > 1 else 100
root = pathlib.Path(__file__).resolve().parent.parent / "corpus" / "gold"
docs = []
for case in sorted(root.rglob("*.json")):
    meta = json.loads(case.read_text(encoding="utf-8"))
    if meta["input"].lower().endswith((".html", ".htm")):
        continue
    text = (case.parent / meta["input"]).read_bytes().decode("utf-8", "replace")
    docs.append((str(case.relative_to(root).with_suffix("")), text))
if not docs:
    sys.exit("no corpus cases found under corpus/gold/")

out = sys.stdout
written = 0
n = 0
limit = int(target_mb * 1_000_000)
while written < limit:
    name, text = docs[n % len(docs)]
    line = json.dumps({"id": f"doc-{n}", "source": name, "text": text}, ensure_ascii=False) + "\n"
    out.write(line)
    written += len(line.encode("utf-8"))
    n += 1
print(f"wrote {n} records, {written / 1e6:.1f} MB", file=sys.stderr)
