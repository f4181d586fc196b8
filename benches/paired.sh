#!/bin/sh
# Paired timing of `kpibook report` by two builds on the large generated set: the builds alternate
# run by run (old, new, old, new ...), so a change in the machine's load falls on both alike.
# Prints each run, then each build's median wall time and largest peak resident memory.
#
#   sh benches/paired.sh OLD_BINARY NEW_BINARY [SCALE] [RUNS]    # SCALE 1, RUNS 5 by default
set -eu
cd "$(dirname "$0")/.."
OLD="$1"
NEW="$2"
SCALE="${3:-1}"
RUNS="${4:-5}"
LARGE="target/same-output-large-$SCALE"
if [ ! -d "$LARGE" ]; then
    cargo build --release --quiet --examples
    target/release/examples/make_large "$LARGE" --scale "$SCALE" >/dev/null
fi
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
for i in $(seq 1 "$RUNS"); do
    for build in old new; do
        if [ "$build" = old ]; then bin="$OLD"; else bin="$NEW"; fi
        /usr/bin/time -f "%e %M" -o "$OUT/time" "$bin" report "$LARGE" -o "$OUT/$build.xlsx" --quiet || true
        read -r seconds kib < "$OUT/time"
        echo "$build $seconds $kib" >> "$OUT/runs"
        echo "run $i $build: ${seconds} s, $((kib / 1024)) MB"
    done
done
for build in old new; do
    grep "^$build " "$OUT/runs" | sort -k2 -n | awk -v b="$build" '
        { t[NR] = $2; if ($3 > m) m = $3 }
        END { printf "%s: median %.2f s (fastest %.2f, slowest %.2f), peak %d MB\n", b, t[int((NR + 1) / 2)], t[1], t[NR], m / 1024 }'
done
