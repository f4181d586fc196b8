#!/bin/sh
# Fingerprints of what kpibook writes, for a refactoring that must keep the output byte-identical:
# the samples report in Japanese and English (workbook and summary JSON), a month of them beside
# the month before (the comparison), `check --format json` of the
# samples, and the report of the large generated set (SCALE, default 0.2; the large set's own
# generator is deterministic). Prints one `sha256  name` line per output.
#
#   sh scripts/same-output.sh > before.txt   # on the old code
#   sh scripts/same-output.sh > after.txt    # on the new code
#   diff before.txt after.txt                # empty: byte-identical
set -eu
cd "$(dirname "$0")/.."
SCALE="${1:-0.2}"
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
cargo build --release --quiet --bins --examples
K=target/release/kpibook
LARGE="target/same-output-large-$SCALE"
if [ ! -d "$LARGE" ]; then
    target/release/examples/make_large "$LARGE" --scale "$SCALE" >/dev/null
fi
"$K" report samples/ -o "$OUT/samples-ja.xlsx" --summary-json "$OUT/samples-ja.json" --quiet || true
"$K" report samples/ -o "$OUT/samples-en.xlsx" --summary-json "$OUT/samples-en.json" --lang en --quiet || true
"$K" report samples/ -o "$OUT/samples-values.xlsx" --values-only --quiet || true
"$K" report samples/ --month 2025-08 -o "$OUT/month-ja.xlsx" --summary-json "$OUT/month-ja.json" --quiet || true
"$K" report samples/ --month 2025-08 -o "$OUT/month-en.xlsx" --lang en --quiet || true
"$K" check samples/ --format json > "$OUT/samples-check.json" || true
"$K" check samples/ > "$OUT/samples-check.txt" || true
"$K" report "$LARGE" -o "$OUT/large.xlsx" --summary-json "$OUT/large.json" --quiet || true
cd "$OUT" && sha256sum samples-ja.xlsx samples-ja.json samples-en.xlsx samples-en.json \
    samples-values.xlsx month-ja.xlsx month-ja.json month-en.xlsx samples-check.json samples-check.txt large.xlsx large.json
