#!/bin/sh
# End-to-end benchmark of `kpibook report` against the floor (benches/floor.rs: read every input cell
# with calamine / csv and write as many cells with rust_xlsxwriter), on the large generated input set
# as CSV and as one xlsx workbook, plus the time of each stage (benches/stages.rs).
# Each command runs RUNS times (default 3); the table shows the median wall time and the largest
# peak resident memory (GNU time). Needs /usr/bin/time (Debian package `time`).
#
#   sh benches/run.sh [SCALE]
set -eu
cd "$(dirname "$0")/.."
SCALE="${1:-1}"
RUNS="${RUNS:-3}"
DATA=target/large
XLSX=target/large-xlsx

cargo build --release --quiet --examples --benches
cargo run --release --quiet --example make_large -- "$DATA" --scale "$SCALE" --xlsx "$XLSX" >/dev/null
bench_exe() {
    cargo bench --no-run --bench "$1" --message-format=json 2>/dev/null |
        python3 -c 'import json,sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("executable") and m.get("target", {}).get("name") == sys.argv[1]:
        print(m["executable"])' "$1"
}
FLOOR=$(bench_exe floor)
STAGES=$(bench_exe stages)
KPIBOOK=target/release/kpibook
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

# measure NAME COMMAND...: RUNS runs; prints "median_seconds max_rss_kb".
measure() {
    name=$1; shift
    : > "$OUT/$name.times"
    i=0
    while [ "$i" -lt "$RUNS" ]; do
        /usr/bin/time -f "%e %M" -o "$OUT/time" "$@" >/dev/null 2>"$OUT/$name.err" || true
        tail -n 1 "$OUT/time" >> "$OUT/$name.times"
        i=$((i + 1))
    done
    sort -n "$OUT/$name.times" | awk '{t[NR]=$1; if ($2>m) m=$2} END {print t[int((NR+1)/2)], m}'
}

printf '%-6s %-22s %9s %11s\n' input what "time (s)" "peak (MB)"
for kind in csv xlsx; do
    if [ "$kind" = csv ]; then INPUT=$DATA; else INPUT=$XLSX/large.xlsx; fi
    set -- $(measure "floor-$kind" "$FLOOR" "$INPUT" --out "$OUT/floor.xlsx")
    floor_t=$1 floor_m=$2
    set -- $(measure "report-$kind" "$KPIBOOK" report "$INPUT" -o "$OUT/report.xlsx" --quiet)
    report_t=$1 report_m=$2
    # The cells the report wrote, counted in its sheets; the floor again at that volume (each
    # row read written cells/read times over, the input still read once).
    cells=$(python3 -c 'import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
print(sum(z.read(n).count(b"<c ") for n in z.namelist() if n.startswith("xl/worksheets/")))' "$OUT/report.xlsx")
    read=$("$FLOOR" "$INPUT" --out "$OUT/floor.xlsx" | sed -n 's/^floor: \([0-9]*\) cells read.*/\1/p')
    write_ratio=$(awk -v c="$cells" -v r="$read" 'BEGIN {printf "%.4f", c / r}')
    set -- $(measure "floor-eq-$kind" "$FLOOR" "$INPUT" --out "$OUT/floor.xlsx" --write-ratio "$write_ratio")
    equal_t=$1 equal_m=$2
    ratio() { awk -v r="$1" -v f="$2" 'BEGIN {printf "%.2f", r / f}'; }
    printf '%-6s %-22s %9s %11d\n' "$kind" "floor (cells read)" "$floor_t" $((floor_m / 1024))
    printf '%-6s %-22s %9s %11d\n' "$kind" "floor ($cells cells)" "$equal_t" $((equal_m / 1024))
    printf '%-6s %-22s %9s %11d\n' "$kind" report "$report_t" $((report_m / 1024))
    printf '%-6s %-22s %9s\n' "$kind" "report / floor" "$(ratio "$report_t" "$floor_t")"
    printf '%-6s %-22s %9s\n' "$kind" "report / equal floor" "$(ratio "$report_t" "$equal_t")"
done
echo
echo "Stages of report on the CSV set (one run):"
"$STAGES" "$DATA" --out "$OUT/stages.xlsx"
echo
"$FLOOR" "$DATA" --out "$OUT/floor.xlsx"
