#!/bin/sh
# How long a spreadsheet takes to open the report: LibreOffice (headless, with the profile that
# recalculates every formula on load, as tests/suite/libreoffice_recalc.rs uses) opens and saves the
# live report and its values-only twin (`--values-only`) of the large generated set at SCALE; the
# difference is the formulas' cost. Also times `kpibook report` itself.
#
#   sh benches/open_in_libreoffice.sh [SCALE [KPIBOOK...]]
#
# SCALE defaults to 1 (200,000 leads, 1,000,000 touches, 20,000 deals, 10,000 posts). With several
# kpibook binaries (e.g. an older build copied aside, then target/release/kpibook), each writes its
# own report and twin and all are timed in the same run, interleaved: run 1 of every file, then run
# 2 ..., so a change in the machine's load falls on all alike. Each is timed RUNS times (default 3);
# the table gives the median, the fastest and the slowest, in seconds, and the load average before
# and after. Needs soffice (Debian: libreoffice-calc-nogui).
set -eu
cd "$(dirname "$0")/.."
SCALE="${1:-1}"
[ $# -gt 0 ] && shift
RUNS="${RUNS:-3}"
cargo build --release --quiet --bins --examples
[ $# -gt 0 ] || set -- target/release/kpibook
DATA="target/large-$SCALE"
if [ ! -d "$DATA" ]; then
    target/release/examples/make_large "$DATA" --scale "$SCALE"
fi
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

# A LibreOffice profile that recalculates every formula on load, warmed up once.
mkdir -p "$OUT/profile/user"
cat > "$OUT/profile/user/registrymodifications.xcu" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
EOF
soffice_open() {
    rm -rf "$OUT/saved"
    soffice "-env:UserInstallation=file://$OUT/profile" --headless --convert-to xlsx \
        --outdir "$OUT/saved" "$1" >/dev/null 2>&1
    [ -s "$OUT/saved/$(basename "$1")" ] || { echo "LibreOffice saved nothing for $1" >&2; exit 1; }
}
now() { date +%s.%N; }
# elapsed START: seconds since START, to 0.1 s.
elapsed() { awk -v s="$1" -v e="$(now)" 'BEGIN {printf "%.1f\n", e - s}'; }
# stats FILE: "median min max" of the numbers in FILE, one a line.
stats() { sort -n "$1" | awk '{t[NR]=$1} END {print t[int((NR+1)/2)], t[1], t[NR]}'; }

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
i=0
for kpibook in "$@"; do
    i=$((i + 1))
    echo "$i: $kpibook"
    "$kpibook" report "$DATA" -o "$OUT/live-$i.xlsx" --quiet || [ $? -eq 3 ]
    "$kpibook" report "$DATA" -o "$OUT/values-$i.xlsx" --values-only --quiet || [ $? -eq 3 ]
done
soffice_open "$OUT/values-1.xlsx"

run=0
while [ "$run" -lt "$RUNS" ]; do
    run=$((run + 1))
    i=0
    for kpibook in "$@"; do
        i=$((i + 1))
        start=$(now)
        "$kpibook" report "$DATA" -o "$OUT/again.xlsx" --quiet || [ $? -eq 3 ]
        elapsed "$start" >> "$OUT/report-$i.times"
        for kind in values live; do
            start=$(now)
            soffice_open "$OUT/$kind-$i.xlsx"
            elapsed "$start" >> "$OUT/$kind-$i.times"
        done
        echo "run $run of $i: report $(tail -n 1 "$OUT/report-$i.times") s, values-only $(tail -n 1 "$OUT/values-$i.times") s, live $(tail -n 1 "$OUT/live-$i.times") s"
    done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

echo
echo "scale $SCALE ($(($(wc -l < "$DATA/leads.csv") - 1)) leads, $(($(wc -l < "$DATA/touches.csv") - 1)) touches, $(($(wc -l < "$DATA/posts.csv") - 1)) posts), $RUNS runs, seconds (median, fastest, slowest):"
printf '%-3s %-26s %-26s %-8s %-24s\n' "" "LibreOffice, values-only" "LibreOffice, live" ratio "kpibook report"
COUNT=$#
i=0
while [ "$i" -lt "$COUNT" ]; do
    i=$((i + 1))
    set -- $(stats "$OUT/values-$i.times"); values=$1; values_range="$2-$3"
    set -- $(stats "$OUT/live-$i.times"); live=$1; live_range="$2-$3"
    set -- $(stats "$OUT/report-$i.times"); report="$1 ($2-$3)"
    ratio=$(awk -v l="$live" -v v="$values" 'BEGIN {printf "%.2f", l / v}')
    printf '%-3s %-26s %-26s %-8s %-24s\n' "$i" "$values ($values_range)" "$live ($live_range)" "$ratio" "$report"
done
