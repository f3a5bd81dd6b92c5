#!/usr/bin/env bash
# Throughput and peak memory of `wpconvert convert` on large WordPress exports, measured in
# the same run as the peer wordpress-export-to-markdown (npm), on the same files.
#
#   benches/wxr.sh                 10, 100 and 500 MB exports (three runs each up to 100 MB, one
#                                  at 500 MB; the peer up to 100 MB: BENCH_PEER_MAX=500 for all)
#   BENCH_SIZES="10 100" benches/wxr.sh
#   BENCH_PEER=0 benches/wxr.sh    wpconvert only
#   PEER_WRITE_DELAY=25 benches/wxr.sh   the peer with its default 25 ms between files
#
# Each size is also converted with its media brought from a local uploads folder
# (`--media-from`, Hugo preset), which the script fills with a file per uploads URL.
#
# Exports are built from the theme unit test export by ../shared/bench/make_corpus.py (items
# replicated with unique ids, slugs and titles) into target/bench/, never committed.
# The peer runs with image downloads off and its image request delay at 0. Its other delay,
# 25 ms between Markdown files (settings.js), is part of its default behaviour but measures
# waiting, not converting: it is 0 here unless PEER_WRITE_DELAY says otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
sizes=${BENCH_SIZES:-"10 100 500"}
peer=${BENCH_PEER:-1}
peer_max=${BENCH_PEER_MAX:-100}
work=$root/target/bench
mkdir -p "$work"
# Output goes to memory (tmpfs) when there is one, for both tools: on this project's VMs the
# disk's file creation time varies by seconds from run to run and would drown the measure.
outputs=${BENCH_OUT:-$([ -d /dev/shm ] && echo /dev/shm/wpconvert-bench || echo "$work")}
mkdir -p "$outputs"
corpus_script=${CORPUS_SCRIPT:-$root/../shared/bench/make_corpus.py}
base=$root/fixtures/wxr/theme-test-data/themeunittestdata.wordpress.xml

cargo build --release --quiet
bin=$root/target/release/wpconvert

if [ "$peer" = 1 ] && [ ! -d "$work/peer/node_modules/wordpress-export-to-markdown" ]; then
    mkdir -p "$work/peer"
    (cd "$work/peer" && npm install --silent --no-audit --no-fund wordpress-export-to-markdown@2.2.2 >/dev/null)
fi
if [ "$peer" = 1 ]; then
    settings=$work/peer/node_modules/wordpress-export-to-markdown/src/settings.js
    sed -i "s/^exports.image_file_request_delay = .*/exports.image_file_request_delay = 0;/; s/^exports.markdown_file_write_delay = .*/exports.markdown_file_write_delay = ${PEER_WRITE_DELAY:-0};/" "$settings"
fi

# Runs a command under GNU time; prints "seconds peak_rss_kb".
measure() {
    local log=$work/time.log
    /usr/bin/time -f "%e %M" -o "$log" "$@" >/dev/null 2>"$work/stderr.log" || {
        echo "failed: $*" >&2
        tail -5 "$work/stderr.log" >&2
        return 1
    }
    cat "$log"
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

printf '%-8s %-26s %9s %9s %11s %10s\n' size tool seconds MB/s "peak RSS" files
for size in $sizes; do
    export_file=$work/wxr_${size}mb.xml
    [ -f "$export_file" ] || python3 "$corpus_script" "$base" "$export_file" "$size" >/dev/null
    megabytes=$(awk -v b="$(stat -c %s "$export_file")" 'BEGIN {printf "%.1f", b / 1048576}')

    runs=$([ "$size" -le 100 ] && echo "1 2 3" || echo 1)
    times=()
    rss=0
    for run in $runs; do
        # A fresh folder each run; deleting thousands of files right before a run makes the
        # file system's inode allocation the thing measured.
        out=$outputs/out-wpconvert-$run-$$
        read -r seconds kb < <(measure "$bin" convert "$export_file" -o "$out" -q)
        times+=("$seconds")
        [ "$kb" -gt "$rss" ] && rss=$kb
        files=$(find "$out" -type f | wc -l)
        rm -rf "$out"
    done
    seconds=$(printf '%s\n' "${times[@]}" | median)
    printf '%-8s %-26s %9.2f %9.1f %8d MB %10d\n' "${megabytes}MB" "wpconvert (median)" "$seconds" \
        "$(awk -v m="$megabytes" -v s="$seconds" 'BEGIN {print m / s}')" $((rss / 1024)) "$files"
    wp_seconds=$seconds
    wp_rss=$rss

    # The same without the normalizer, for its share of the time.
    times=()
    for run in $runs; do
        out=$outputs/out-nofix-$run-$$
        read -r seconds kb < <(measure "$bin" convert "$export_file" -o "$out" -q --no-fix)
        times+=("$seconds")
        rm -rf "$out"
    done
    seconds=$(printf '%s\n' "${times[@]}" | median)
    printf '%-8s %-26s %9.2f %9.1f %11s %10s   normalizer: +%.0f%%\n' "${megabytes}MB" "wpconvert --no-fix" "$seconds" \
        "$(awk -v m="$megabytes" -v s="$seconds" 'BEGIN {print m / s}')" "" "" \
        "$(awk -v a="$wp_seconds" -v b="$seconds" 'BEGIN {print (a / b - 1) * 100}')"

    # With the media brought along from a local copy of the site's uploads (--media-from):
    # every uploads URL of the export is a 64 KB file there; hard-linked into the output when
    # both are on one file system, as they are here.
    uploads=$outputs/uploads
    if [ ! -d "$uploads" ]; then
        python3 - "$base" "$uploads" <<'PY'
import os, re, sys
text = open(sys.argv[1], encoding="utf-8").read()
for path in set(re.findall(r"https?://wpthemetestdata\.files\.wordpress\.com/([^\s\"'<>)\]?]+)", text)):
    file = os.path.join(sys.argv[2], path)
    os.makedirs(os.path.dirname(file), exist_ok=True)
    with open(file, "wb") as f:
        f.write(os.urandom(65536))
PY
    fi
    times=()
    for run in $runs; do
        out=$outputs/out-media-$run-$$
        read -r seconds kb < <(measure "$bin" convert "$export_file" -o "$out" -q --preset hugo --media-from "$uploads")
        times+=("$seconds")
        media=$(find "$out/static" -type f | wc -l)
        rm -rf "$out"
    done
    seconds=$(printf '%s\n' "${times[@]}" | median)
    printf '%-8s %-26s %9.2f %9.1f %8d MB %10s   %d media files\n' "${megabytes}MB" "wpconvert --media-from" "$seconds" \
        "$(awk -v m="$megabytes" -v s="$seconds" 'BEGIN {print m / s}')" $((kb / 1024)) "" "$media"

    if [ "$peer" = 1 ] && [ "$size" -le "$peer_max" ]; then
        out=$outputs/out-peer-$$
        read -r seconds kb < <(measure node "$work/peer/node_modules/wordpress-export-to-markdown/index.js" \
            --wizard=false --input="$export_file" --output="$out" \
            --save-attached-images=false --save-scraped-images=false)
        files=$(find "$out" -type f | wc -l)
        rm -rf "$out"
        printf '%-8s %-26s %9.2f %9.1f %8d MB %10d\n' "${megabytes}MB" "wordpress-export-to-markdown" "$seconds" \
            "$(awk -v m="$megabytes" -v s="$seconds" 'BEGIN {print m / s}')" $((kb / 1024)) "$files"
        printf '%-8s %-26s %9.1fx faster, %.1fx less memory\n' "" "ratio" \
            "$(awk -v a="$seconds" -v b="$wp_seconds" 'BEGIN {print a / b}')" \
            "$(awk -v a="$kb" -v b="$wp_rss" 'BEGIN {print a / b}')"
    fi
done
