#!/usr/bin/env bash
# Whole-tool speed of `deboiler fix` against Python ftfy's `fix_text` (default
# settings), both run on the same bytes of the same file in one go.
#
#   scripts/speed_vs_ftfy.sh            # generate 20 MB of clean news text and compare
#   MODE=quotes scripts/speed_vs_ftfy.sh
#   scripts/speed_vs_ftfy.sh FILE       # compare on your own UTF-8 file (.jsonl: records)
#
# Environment (all optional):
#   MODE     clean | quotes | mojibake1: which text scripts/gen_news.py writes when no
#            FILE is given (the inputs of `cargo bench --bench fix`, larger) [clean]
#   SIZE_MB  size of the generated file, in MB of 10^6 bytes [20]; ftfy runs at about
#            0.5 to 2.5 MB/s, so 20 MB keeps it under a minute
#   JSONL    1: generate JSON Lines, one article per record, so that threads have
#            several documents to share; a plain text file is one document [0]
#   REPEAT   runs of each deboiler configuration; the fastest counts [3]
#   VENV     Python virtual environment for ftfy, created and filled if missing
#            [target/ftfy-venv]
#   WORK     where generated inputs and the outputs go [target/speed]
#   DEBOILER the binary to time, for comparing another build (not rebuilt)
#            [target/release/deboiler, built with cargo first]
#
# What is timed is the wall time of each whole process: start-up, reading the file,
# fixing, writing the output to a file. For ftfy that is `python -c` reading the file,
# one `ftfy.fix_text(text)` call over all of it (ftfy cuts long text into lines itself
# and fixes each, so this is the same as calling it line by line, without a Python loop
# of our own), and writing the result; for JSON Lines, fix_text on each record's text
# field. The time fix_text alone took is printed too. Peak memory is the maximum
# resident set size from /usr/bin/time when it is installed.
set -euo pipefail

cd "$(dirname "$0")/.."
MODE=${MODE:-clean}
SIZE_MB=${SIZE_MB:-20}
JSONL=${JSONL:-0}
REPEAT=${REPEAT:-3}
VENV=${VENV:-target/ftfy-venv}
WORK=${WORK:-target/speed}
BIN=${DEBOILER:-target/release/deboiler}
mkdir -p "$WORK"

say() { printf '%s\n' "$*" >&2; }

# --- ftfy in a virtual environment -------------------------------------------------
if [[ ! -x "$VENV/bin/python" ]]; then
    say "creating a Python venv in $VENV"
    python3 -m venv "$VENV"
fi
PY="$VENV/bin/python"
if ! "$PY" -c 'import ftfy' 2>/dev/null; then
    say "installing ftfy into $VENV"
    "$PY" -m pip install --quiet ftfy
fi
FTFY_VERSION=$("$PY" -c 'import ftfy; print(ftfy.__version__)')

# --- deboiler ------------------------------------------------------------------------
# cargo does nothing when the release binary is up to date.
if [[ -z ${DEBOILER:-} ]]; then
    cargo build --release --quiet
fi
[[ -x $BIN ]] || { say "error: $BIN is not an executable"; exit 2; }

# --- the input -----------------------------------------------------------------------
if [[ $# -ge 1 ]]; then
    INPUT=$1
    case $INPUT in
        *.jsonl | *.ndjson) FORMAT=jsonl ;;
        *) FORMAT=text ;;
    esac
else
    if [[ $JSONL == 1 ]]; then FORMAT=jsonl; else FORMAT=text; fi
    INPUT="$WORK/news-$MODE-${SIZE_MB}mb.$([[ $FORMAT == jsonl ]] && echo jsonl || echo txt)"
    if [[ ! -s $INPUT ]]; then
        say "generating $INPUT"
        gen_args=("$MODE" "$SIZE_MB")
        [[ $FORMAT == jsonl ]] && gen_args+=(--jsonl)
        python3 scripts/gen_news.py "${gen_args[@]}" >"$INPUT.tmp"
        mv "$INPUT.tmp" "$INPUT"
    fi
fi
[[ -r $INPUT ]] || { say "error: cannot read $INPUT"; exit 2; }
BYTES=$(wc -c <"$INPUT")
DOCS=$([[ $FORMAT == jsonl ]] && grep -c . "$INPUT" || echo 1)

# --- timing --------------------------------------------------------------------------
now() { date +%s.%N; }
HAVE_TIME=$([[ -x /usr/bin/time ]] && echo 1 || echo 0)

# timed OUT CMD...: runs CMD with its stdout in OUT; sets SECS (wall) and RSS_MB (peak).
timed() {
    local out=$1 start end
    shift
    start=$(now)
    if [[ $HAVE_TIME == 1 ]]; then
        /usr/bin/time -f %M -o "$WORK/rss" "$@" >"$out"
        RSS_MB=$(tail -n 1 "$WORK/rss" | awk '{ printf "%.0f", $1 / 1024 }')
    else
        "$@" >"$out"
        RSS_MB=-
    fi
    end=$(now)
    SECS=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')
}

# best_of OUT CMD...: the fastest of REPEAT runs (RSS of that run).
best_of() {
    local best=""
    local best_rss=""
    for ((i = 0; i < REPEAT; i++)); do
        timed "$@"
        if [[ -z $best ]] || awk -v a="$SECS" -v b="$best" 'BEGIN { exit !(a < b) }'; then
            best=$SECS
            best_rss=$RSS_MB
        fi
    done
    SECS=$best
    RSS_MB=$best_rss
}

FTFY_PY='
import json, sys, time
import ftfy

src, dst, fmt, report = sys.argv[1:5]
with open(src, encoding="utf-8", newline="") as f:
    data = f.read()
start = time.perf_counter()
if fmt == "jsonl":
    lines = []
    for line in data.splitlines():
        if line.strip():
            record = json.loads(line)
            record["text"] = ftfy.fix_text(record["text"])
            lines.append(json.dumps(record, ensure_ascii=False) + "\n")
    result = "".join(lines)
else:
    result = ftfy.fix_text(data)
elapsed = time.perf_counter() - start
with open(dst, "w", encoding="utf-8", newline="") as f:
    f.write(result)
with open(report, "w") as f:
    f.write(f"{elapsed:.3f}\n")
'

say "input: $INPUT ($BYTES bytes, $FORMAT, $DOCS document(s)); timing deboiler (best of $REPEAT)..."
best_of "$WORK/out-deboiler-t1" "$BIN" fix -q --format "$FORMAT" --threads 1 "$INPUT"
T1=$SECS RSS1=$RSS_MB
best_of "$WORK/out-deboiler-tn" "$BIN" fix -q --format "$FORMAT" "$INPUT"
TN=$SECS RSSN=$RSS_MB
say "timing ftfy $FTFY_VERSION (one run)..."
timed /dev/null "$PY" -c "$FTFY_PY" "$INPUT" "$WORK/out-ftfy" "$FORMAT" "$WORK/ftfy-inner"
TF=$SECS RSSF=$RSS_MB
TF_INNER=$(cat "$WORK/ftfy-inner")

# --- the table -----------------------------------------------------------------------
mbps() { awk -v b="$BYTES" -v s="$1" 'BEGIN { printf "%.1f", b / 1e6 / s }'; }
speedup() { awk -v f="$TF" -v s="$1" 'BEGIN { printf "%.0fx", f / s }'; }
row() { printf '%-34s %9s %9s %9s %9s\n' "$@"; }

echo
echo "input:  $INPUT"
echo "        $(awk -v b="$BYTES" 'BEGIN { printf "%.1f", b / 1e6 }') MB, $FORMAT, $DOCS document(s); every tool ran on these same bytes"
echo "host:   $(nproc) cores; deboiler ($BIN) best of $REPEAT runs, ftfy one run"
echo
row tool seconds MB/s "peak MB" "vs ftfy"
row "deboiler fix --threads 1" "$T1" "$(mbps "$T1")" "$RSS1" "$(speedup "$T1")"
row "deboiler fix (threads: $(nproc))" "$TN" "$(mbps "$TN")" "$RSSN" "$(speedup "$TN")"
row "ftfy $FTFY_VERSION fix_text" "$TF" "$(mbps "$TF")" "$RSSF" "1x"
echo
echo "ftfy: fix_text itself took $TF_INNER s ($(mbps "$TF_INNER") MB/s); the rest is start-up and I/O."
if [[ $FORMAT == text ]]; then
    echo "note: a text file is one document, so threads cannot help; JSONL=1 gives many."
fi

# --- do the outputs agree? -----------------------------------------------------------
if cmp -s "$WORK/out-deboiler-t1" "$WORK/out-deboiler-tn"; then
    echo "deboiler: 1 thread and $(nproc) threads wrote identical output"
else
    echo "deboiler: WARNING: output differs between 1 and $(nproc) threads"
fi
python3 - "$WORK/out-deboiler-t1" "$WORK/out-ftfy" "$FORMAT" <<'PY'
import json
import sys

ours, theirs, fmt = sys.argv[1:4]


def lines(path):
    with open(path, encoding="utf-8", newline="") as f:
        data = f.read()
    if fmt != "jsonl":
        return data.split("\n")
    out = []
    for line in data.splitlines():
        if line.strip():
            out.extend(json.loads(line)["text"].split("\n"))
    return out


a, b = lines(ours), lines(theirs)
diff = [(x, y) for x, y in zip(a, b) if x != y]
extra = abs(len(a) - len(b))
print(f"deboiler vs ftfy: {len(diff) + extra} of {max(len(a), len(b))} lines differ")
for x, y in diff[:3]:
    at = next(i for i, (p, q) in enumerate(zip(x + "\0", y + "\0")) if p != q)
    lo = max(0, at - 30)
    print(f"  deboiler: {x[lo:at + 40]!r}")
    print(f"  ftfy:     {y[lo:at + 40]!r}")
PY
