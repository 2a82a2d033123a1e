#!/usr/bin/env bash
# Whole-tool throughput of `deboiler clean` (and `fix`) on a generated news corpus:
# end-to-end MB/s at 1 thread and at every core, and peak resident memory.
#
#   scripts/bench_batch.sh                 # 1000 MB of JSON Lines, clean; then HTML pages
#   SIZE_MB=200 COMMAND=fix scripts/bench_batch.sh
#   SECTIONS=html scripts/bench_batch.sh   # only the HTML section
#   SECTIONS=text scripts/bench_batch.sh   # only the real page text section
#
# The HTML section times `clean` on HTML pages, one document per file, and reports
# pages per second at 1 thread and at every core. It uses the Scrapinghub benchmark
# pages (../shared/bench/scrapinghub/html, 181 gzipped pages) when they are there, or
# HTML_DIR. The pages are decompressed once into WORK, so what is timed is reading
# plain files, parsing, extraction and cleaning; the file list is given HTML_REPEAT
# times so that the process start-up is spread over enough pages.
#
# The text section times `clean` on JSON Lines made of real page text, the text of
# whole news pages with their menus and footers (TEXT_DIR, by default the Scrapinghub
# benchmark's text set, ../shared/bench/text/scrapinghub/fulltext, when it is there):
# longer documents than the corpus's, about 9 KB, and often not ASCII.
#
# Environment (all optional):
#   SIZE_MB   size of the corpus, made by scripts/gen_jsonl.py from corpus/ [1000]
#   COMMAND   clean or fix [clean]
#   WORK      where the corpus is kept between runs [target/bench-batch]
#   DEBOILER  the binary to time [target/release/deboiler, built first]
#   SECTIONS  which sections to run: jsonl, html, text [jsonl,html,text]
#   HTML_DIR  folder of .html or .html.gz pages [../shared/bench/scrapinghub/html]
#   HTML_REPEAT  how many times each page is cleaned [5]
#   TEXT_DIR  folder of .txt pages for the text section [../shared/bench/text/scrapinghub/fulltext]
#   TEXT_MB   size of the text section's corpus [200]
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
SECTIONS=${SECTIONS:-jsonl,html,text}
HTML_DIR=${HTML_DIR:-../shared/bench/scrapinghub/html}
HTML_REPEAT=${HTML_REPEAT:-5}
TEXT_DIR=${TEXT_DIR:-../shared/bench/text/scrapinghub/fulltext}
TEXT_MB=${TEXT_MB:-200}

if [[ -z "${DEBOILER:-}" ]]; then
    cargo build --release --quiet
fi
[[ -x /usr/bin/time ]] || { echo "needs /usr/bin/time (Debian package: time)" >&2; exit 2; }

mkdir -p "$WORK"
echo "date:    $(date -u +%Y-%m-%dT%H:%MZ)"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(free -g | awk '/Mem:/ {print $2}') GiB"
echo "commit:  $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"

# jsonl_runs CORPUS: times $COMMAND on CORPUS at 1 thread and at every core.
jsonl_runs() {
    local corpus=$1 bytes
    bytes=$(stat -c %s "$corpus")
    echo "input:   $corpus ($bytes bytes)"
    echo
    printf '%-28s %9s %9s %10s\n' run seconds MB/s "peak MB"
    local times=() threads
    for threads in 1 "$(nproc)"; do
        local log wall rss secs
        log=$(mktemp)
        /usr/bin/time -v "$BIN" "$COMMAND" -q --threads "$threads" "$corpus" > /dev/null 2> "$log"
        wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log")
        rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
        rm -f "$log"
        # h:mm:ss or m:ss.ss to seconds.
        secs=$(echo "$wall" | awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')
        printf '%-28s %9.2f %9.1f %10.0f\n' "$COMMAND --threads $threads" "$secs" \
            "$(echo "$bytes / 1000000 / $secs" | bc -l)" "$(echo "$rss / 1024" | bc -l)"
        times+=("$secs")
    done
    echo
    printf 'speed-up with %s threads: %.2fx\n' "$(nproc)" "$(echo "${times[0]} / ${times[1]}" | bc -l)"
}

if [[ ",$SECTIONS," == *",jsonl,"* ]]; then
    corpus="$WORK/news-${SIZE_MB}mb.jsonl"
    if [[ ! -s "$corpus" ]]; then
        echo "generating $corpus" >&2
        python3 scripts/gen_jsonl.py "$SIZE_MB" > "$corpus.part" 2>/dev/null
        mv "$corpus.part" "$corpus"
    fi
    jsonl_runs "$corpus"
fi

# Runs `$@` under /usr/bin/time; prints "seconds peak-KB".
timed() {
    local log wall rss
    log=$(mktemp)
    /usr/bin/time -v "$@" > /dev/null 2> "$log"
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log")
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
    rm -f "$log"
    echo "$wall" | awk -F: -v rss="$rss" '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s, rss }'
}

if [[ ",$SECTIONS," == *",html,"* ]]; then
    if [[ ! -d "$HTML_DIR" ]]; then
        echo
        echo "html: $HTML_DIR not found; set HTML_DIR to a folder of HTML pages" >&2
    else
        pages="$WORK/html-pages"
        if [[ ! -d "$pages" ]]; then
            mkdir -p "$pages.part"
            for f in "$HTML_DIR"/*; do
                name=$(basename "$f" .gz)
                case "$f" in
                    *.gz) gzip -dc "$f" > "$pages.part/$name" ;;
                    *) cp "$f" "$pages.part/$name" ;;
                esac
            done
            mv "$pages.part" "$pages"
        fi
        mapfile -t files < <(find "$pages" -type f | sort)
        args=()
        for ((r = 0; r < HTML_REPEAT; r++)); do args+=("${files[@]}"); done
        n=${#args[@]}
        echo
        echo "html:    $HTML_DIR, ${#files[@]} pages x $HTML_REPEAT = $n pages, $(du -sb "$pages" | cut -f1) bytes per pass"
        echo
        printf '%-28s %9s %9s %10s\n' run seconds pages/s "peak MB"
        for threads in 1 "$(nproc)"; do
            read -r secs rss < <(timed "$BIN" clean -q --threads "$threads" "${args[@]}" -o /dev/null)
            printf '%-28s %9.2f %9.0f %10.0f\n' "clean html --threads $threads" "$secs" \
                "$(echo "$n / $secs" | bc -l)" "$(echo "$rss / 1024" | bc -l)"
        done
    fi
fi

if [[ ",$SECTIONS," == *",text,"* ]]; then
    echo
    if [[ ! -d "$TEXT_DIR" ]]; then
        echo "text: $TEXT_DIR not found; set TEXT_DIR to a folder of .txt pages" >&2
    else
        corpus="$WORK/pages-${TEXT_MB}mb.jsonl"
        if [[ ! -s "$corpus" ]]; then
            echo "generating $corpus from $TEXT_DIR" >&2
            python3 scripts/gen_jsonl.py "$TEXT_MB" --from "$TEXT_DIR" > "$corpus.part" 2>/dev/null
            mv "$corpus.part" "$corpus"
        fi
        echo "text:    $TEXT_DIR, $(find "$TEXT_DIR" -name '*.txt' | wc -l) pages repeated"
        jsonl_runs "$corpus"
    fi
fi
