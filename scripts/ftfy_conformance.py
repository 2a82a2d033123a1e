#!/usr/bin/env python3
"""Runs the ftfy conformance cases through `deboiler fix` and prints the pass count per
file. The cases are ftfy's test data (Apache-2.0, see ../shared/ftfy-cases/NOTICE), used
as a conformance suite only.

    python3 scripts/ftfy_conformance.py [../shared/ftfy-cases] [--check] [--show-failures]

A case passes when `deboiler fix` turns `original` into `fixed` exactly. With --check
the script exits non-zero when the number of passing `pass` cases or of unchanged
negative cases drops below the best recorded in scripts/ftfy_best.json (raise those
numbers when they go up). Needs a release build.
"""
import json
import pathlib
import subprocess
import sys

FILES = ["in-the-wild", "language-names", "synthetic", "negative", "known-failures"]
here = pathlib.Path(__file__).resolve().parent
args = [a for a in sys.argv[1:] if not a.startswith("--")]
cases_dir = pathlib.Path(args[0] if args else here.parent.parent / "shared" / "ftfy-cases")
binary = here.parent / "target" / "release" / "deboiler"
if not binary.exists():
    sys.exit("build first: cargo build --release")
if not cases_dir.is_dir():
    sys.exit(f"no ftfy cases at {cases_dir}")

records, index = [], []
for name in FILES:
    for i, case in enumerate(json.loads((cases_dir / f"{name}.json").read_text(encoding="utf-8"))):
        records.append(json.dumps({"id": f"{name}:{i}", "text": case["original"]}))
        index.append((name, case))
run = subprocess.run(
    [binary, "fix", "--format", "jsonl", "-q", "-"],
    input="\n".join(records) + "\n",
    capture_output=True,
    text=True,
    encoding="utf-8",
)
if run.returncode != 0:
    sys.exit(f"deboiler fix failed: {run.stderr}")
outputs = [json.loads(line)["text"] for line in run.stdout.splitlines()]
if len(outputs) != len(index):
    sys.exit(f"expected {len(index)} outputs, got {len(outputs)}")

table = {}
failures = []
for (name, case), got in zip(index, outputs):
    row = table.setdefault(name, {"cases": 0, "pass": 0, "expected_pass": 0})
    row["cases"] += 1
    row["expected_pass"] += case["expect"] == "pass"
    if got == case["fixed"]:
        row["pass"] += 1
    else:
        failures.append((name, case, got))

print(f"{'file':16} {'cases':>5} {'pass':>5} {'ftfy passes':>11}")
for name in FILES:
    r = table[name]
    print(f"{name:16} {r['cases']:5d} {r['pass']:5d} {r['expected_pass']:11d}")
passing = sum(table[n]["pass"] for n in FILES if n != "known-failures")
print(f"{'pass cases':16} {sum(table[n]['expected_pass'] for n in FILES):5d} {passing:5d}")
print(f"known failures fixed: {table['known-failures']['pass']} of {table['known-failures']['cases']}")

if "--show-failures" in sys.argv:
    for name, case, got in failures:
        print(f"\n[{name}] {case.get('label', '')}")
        print(f"  original: {case['original']!r}")
        print(f"  expected: {case['fixed']!r}")
        print(f"  got:      {got!r}")

if "--check" in sys.argv:
    best = json.loads((here / "ftfy_best.json").read_text())
    negatives = table["negative"]["pass"]
    problems = []
    if negatives < best["negative"]:
        problems.append(f"negative cases unchanged: {negatives}, best so far {best['negative']}")
    if passing < best["pass"]:
        problems.append(f"pass cases passing: {passing}, best so far {best['pass']}")
    if problems:
        sys.exit("ftfy conformance regressed: " + "; ".join(problems) + " (see --show-failures)")
    print(f"check ok: {passing} pass cases (best {best['pass']}), {negatives} negatives (best {best['negative']})")
