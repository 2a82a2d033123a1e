#!/usr/bin/env python3
"""Generates a large JSON Lines corpus from the documents in corpus/input/, for measuring
throughput: `python3 scripts/gen_jsonl.py 500 > /tmp/news.jsonl` writes about 500 MB.
`--from DIR` takes the .txt files of DIR instead (real page text, for instance).

Each record is {"id": "doc-N", "source": "<case name>", "text": "<document>"}; the
documents are the corpus inputs repeated in a fixed order, so the file is the same on
every run. HTML pages (cases whose input is .html or .htm) are left out: the corpus is
of text documents, and pages are timed separately (see scripts/bench_batch.sh).
"""
import json
import pathlib
import sys

args = sys.argv[1:]
source = None
if "--from" in args:
    at = args.index("--from")
    source = pathlib.Path(args[at + 1])
    del args[at : at + 2]
target_mb = float(args[0]) if args else 100
docs = []
if source is None:
    root = pathlib.Path(__file__).resolve().parent.parent / "corpus" / "gold"
    for case in sorted(root.rglob("*.json")):
        meta = json.loads(case.read_text(encoding="utf-8"))
        if meta["input"].lower().endswith((".html", ".htm")):
            continue
        text = (case.parent / meta["input"]).read_bytes().decode("utf-8", "replace")
        docs.append((str(case.relative_to(root).with_suffix("")), text))
else:
    for path in sorted(source.glob("*.txt")):
        docs.append((path.stem, path.read_bytes().decode("utf-8", "replace")))
if not docs:
    sys.exit(f"no documents found under {source or 'corpus/gold/'}")

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
