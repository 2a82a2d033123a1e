#!/usr/bin/env bash
# Checks that a build cleans exactly like a reference binary: same output bytes and
# same report bytes, for a speed change that must not change behaviour.
#
#   scripts/same_as.sh /path/to/reference-deboiler            # the quick set
#   FULL=1 scripts/same_as.sh /path/to/reference-deboiler     # also the 200 MB corpus
#
# Environment (all optional):
#   DEBOILER  the binary under test [target/release/deboiler, built first]
#   CORPUS    the generated JSON Lines corpus [target/bench-batch/news-50mb.jsonl;
#             news-200mb.jsonl with FULL=1]; made by scripts/bench_batch.sh
#   PAGES     folders of .txt pages cleaned as directory inputs, colon-separated
#             [../shared/bench/text/scrapinghub/fulltext:.../injected, where present]
#   GOLD      extra gold directories for `eval --gold`, colon-separated [../shared/gold]
#
# Every comparison is printed as `same` or `DIFFERENT`; the exit status is 1 if any
# differs.
set -uo pipefail

cd "$(dirname "$0")/.."
REF=${1:?usage: scripts/same_as.sh REFERENCE_BINARY}
BIN=${DEBOILER:-target/release/deboiler}
if [[ -z "${DEBOILER:-}" ]]; then
    cargo build --release --quiet || exit 2
fi
if [[ -n "${FULL:-}" ]]; then
    CORPUS=${CORPUS:-target/bench-batch/news-200mb.jsonl}
else
    CORPUS=${CORPUS:-target/bench-batch/news-50mb.jsonl}
fi
SH=../shared/bench/text/scrapinghub
PAGES=${PAGES:-$SH/fulltext:$SH/injected}
GOLD=${GOLD:-../shared/gold}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0

# compare NAME ARGS...: runs both binaries with ARGS, where OUT and REP stand for
# each run's own output path and report file, and compares the two.
compare() {
    local name=$1 who args a
    shift
    for who in ref new; do
        mkdir -p "$tmp/$who"
        args=()
        for a in "$@"; do
            a=${a//OUT/$tmp/$who/out}
            args+=("${a//REP/$tmp/$who/rep.jsonl}")
        done
        local exe=$BIN
        [[ $who == ref ]] && exe=$REF
        "$exe" "${args[@]}" > "$tmp/$who/stdout" 2> "$tmp/$who/stderr"
        echo "exit $?" >> "$tmp/$who/stdout"
    done
    if diff -rq "$tmp/ref" "$tmp/new" > /dev/null; then
        echo "same       $name"
    else
        echo "DIFFERENT  $name"
        diff -rq "$tmp/ref" "$tmp/new" | head -5
        status=1
    fi
    rm -rf "$tmp/ref" "$tmp/new"
}

if [[ -s $CORPUS ]]; then
    for t in 1 2; do
        compare "$(basename "$CORPUS") --threads $t" \
            clean -q --threads "$t" "$CORPUS" -o OUT --report REP
    done
else
    echo "skipped    $CORPUS (missing; run scripts/bench_batch.sh to make it)"
fi

IFS=: read -ra dirs <<< "$PAGES"
for d in "${dirs[@]}"; do
    [[ -d $d ]] || continue
    compare "$d" clean -q "$d" -O OUT --report REP
    compare "$d --repeated-lines" clean -q --repeated-lines "$d" -O OUT --report REP
done

IFS=: read -ra golds <<< "corpus/gold:$GOLD"
for g in "${golds[@]}"; do
    [[ -d $g ]] || continue
    compare "eval --gold $g" eval --gold "$g"
done

exit $status
