#!/usr/bin/env bash
# Whole-tool throughput of `deboiler clean` (and `fix`) on a generated news corpus:
# end-to-end MB/s at 1 thread and at every core, and peak resident memory.
#
#   scripts/bench_batch.sh                 # 1000 MB of JSON Lines, clean
#   SIZE_MB=200 COMMAND=fix scripts/bench_batch.sh
#
# Environment (all optional):
#   SIZE_MB   size of the corpus, made by scripts/gen_jsonl.py from corpus/ [1000]
#   COMMAND   clean or fix [clean]
#   WORK      where the corpus is kept between runs [target/bench-batch]
#   DEBOILER  the binary to time [target/release/deboiler, built first]
#
# Output goes to /dev/null, so what is timed is reading, cleaning and formatting. The
# header gives the date, the machine and the commit, so a row in the README can say
# where it came from.
set -euo pipefail

cd "$(dirname "$0")/.."
SIZE_MB=${SIZE_MB:-1000}
COMMAND=${COMMAND:-clean}
WORK=${WORK:-target/bench-batch}
BIN=${DEBOILER:-target/release/deboiler}

if [[ -z "${DEBOILER:-}" ]]; then
    cargo build --release --quiet
fi
[[ -x /usr/bin/time ]] || { echo "needs /usr/bin/time (Debian package: time)" >&2; exit 2; }

mkdir -p "$WORK"
corpus="$WORK/news-${SIZE_MB}mb.jsonl"
if [[ ! -s "$corpus" ]]; then
    echo "generating $corpus" >&2
    python3 scripts/gen_jsonl.py "$SIZE_MB" > "$corpus.part" 2>/dev/null
    mv "$corpus.part" "$corpus"
fi
bytes=$(stat -c %s "$corpus")

echo "date:    $(date -u +%Y-%m-%dT%H:%MZ)"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(free -g | awk '/Mem:/ {print $2}') GiB"
echo "commit:  $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
echo "input:   $corpus ($bytes bytes)"
echo
printf '%-28s %9s %9s %10s\n' run seconds MB/s "peak MB"

one_run() {
    local threads=$1 log
    log=$(mktemp)
    /usr/bin/time -v "$BIN" "$COMMAND" -q --threads "$threads" "$corpus" > /dev/null 2> "$log"
    local wall rss
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log")
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
    rm -f "$log"
    # h:mm:ss or m:ss.ss to seconds.
    local secs
    secs=$(echo "$wall" | awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')
    printf '%-28s %9.2f %9.1f %10.0f\n' "$COMMAND --threads $threads" "$secs" \
        "$(echo "$bytes / 1000000 / $secs" | bc -l)" "$(echo "$rss / 1024" | bc -l)"
    echo "$secs"  >&3
}

exec 3>"$WORK/times"
one_run 1
one_run "$(nproc)"
exec 3>&-
mapfile -t times < "$WORK/times"
echo
printf 'speed-up with %s threads: %.2fx\n' "$(nproc)" "$(echo "${times[0]} / ${times[1]}" | bc -l)"
