#!/bin/sh
# Runs the proptest fuzz properties of tests/suite/fuzz.rs over and over for MINUTES (default 10),
# single-threaded, each round with fresh random inputs, under an 8 GB address-space limit so that
# a runaway allocation aborts instead of taking the machine down. The input in hand at a crash is
# left in $KPIBOOK_FUZZ_LAST.<file name> (default /tmp/kpibook-fuzz-last.*).
#
#   sh scripts/fuzz.sh [MINUTES] [CASES_PER_ROUND]
set -eu
cd "$(dirname "$0")/.."
MINUTES="${1:-10}"
CASES="${2:-2000}"
export KPIBOOK_FUZZ_CASES="$CASES"
export KPIBOOK_FUZZ_LAST="${KPIBOOK_FUZZ_LAST:-/tmp/kpibook-fuzz-last}"
# The test binary is built once and run directly, so edits made meanwhile do not change it.
FUZZ=$(cargo test --release --test suite --no-run --message-format=json 2>/dev/null |
    python3 -c 'import json,sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("executable") and m.get("target", {}).get("name") == "suite":
        print(m["executable"])')
ulimit -v 8000000
start=$(date +%s)
end=$((start + MINUTES * 60))
rounds=0
while [ "$(date +%s)" -lt "$end" ]; do
    if ! "$FUZZ" fuzz:: --test-threads 1 >/tmp/kpibook-fuzz.log 2>&1; then
        cat /tmp/kpibook-fuzz.log
        echo "fuzz: failure in round $((rounds + 1)); last inputs: $KPIBOOK_FUZZ_LAST.*"
        exit 1
    fi
    rounds=$((rounds + 1))
done
elapsed=$(( $(date +%s) - start ))
echo "fuzz: $rounds rounds x 4 properties x $CASES cases in ${elapsed} s, no failure"
