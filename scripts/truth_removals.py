#!/usr/bin/env python3
"""Precision check on real article text: runs `deboiler clean` over the ground-truth
article bodies of the shared benchmarks (Scrapinghub and WCXB dev) and lists what it
removed, by rule, with examples. The bodies are what human annotators kept as the
article, so a removal here is either junk the annotators left in (a credit, a "Read
more:" teaser) or a rule removing real text: read the examples.

    python3 scripts/truth_removals.py [../shared/bench] [--examples N]

Needs a release build (cargo build --release) and the shared benchmark folder.
"""
import collections
import json
import pathlib
import subprocess
import sys
import tempfile

args = [a for a in sys.argv[1:] if not a.startswith("--")]
bench = pathlib.Path(args[0] if args else "../shared/bench")
examples = int(sys.argv[sys.argv.index("--examples") + 1]) if "--examples" in sys.argv else 5
binary = pathlib.Path(__file__).resolve().parent.parent / "target/release/deboiler"
if not binary.exists():
    sys.exit("build first: cargo build --release")

docs = []
truth = json.loads((bench / "scrapinghub/ground-truth.json").read_text(encoding="utf-8"))
docs += [(f"scrapinghub/{k}", v["articleBody"]) for k, v in sorted(truth.items())]
for f in sorted((bench / "wcxb-dev/ground-truth").glob("*.json")):
    body = json.loads(f.read_text(encoding="utf-8"))["ground_truth"].get("main_content")
    if body:
        docs.append((f"wcxb/{f.stem}", body))

with tempfile.TemporaryDirectory() as tmp:
    src, rep = pathlib.Path(tmp, "truth.jsonl"), pathlib.Path(tmp, "report.jsonl")
    src.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in docs), encoding="utf-8")
    subprocess.run([binary, "clean", "-q", "--report", rep, src], check=True, stdout=subprocess.DEVNULL)
    by_rule = collections.defaultdict(list)
    for line in rep.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        for m in r["removed"]:
            by_rule[m["rule"]].append((r["id"], m["text"]))

total_bytes = sum(len(t.encode()) for _, t in docs)
removed = sum(len(v) for v in by_rule.values())
print(f"{len(docs)} article bodies, {total_bytes / 1e6:.1f} MB, {removed} removals")
for rule, hits in sorted(by_rule.items(), key=lambda kv: -len(kv[1])):
    print(f"{len(hits):5d}  {rule}")
    for doc, text in hits[:examples]:
        print(f"         {doc}: {text[:100]!r}")
