#!/usr/bin/env bash
# Refresh BENCHMARKS.md: every figure in it comes from one of these commands, each of which
# rewrites its own section of the file (between <!-- bench:NAME --> markers).
#
#   scripts/refresh_benchmarks.sh           throughput (1 and 2 processes), memory curve
#                                           (1,000 articles), evaluations
#   MEMORY_ARTICLES=5000 scripts/refresh_benchmarks.sh   the 5,000-article memory curve (~30+ min)
#   SKIP_EVAL=1 / SKIP_MEMORY=1                           leave that section as it is
#
# Needs ../shared/data beside the checkout (sample_wire_500.jsonl, articles.jsonl.gz, PLV_train,
# PolNeAR dev); `eventwire bench` falls back to the package's examples without it.
set -euo pipefail
cd "$(dirname "$0")/.."
EW=${EW:-.venv/bin/eventwire}
MD=${MD:-BENCHMARKS.md}
RUNS=${RUNS:-3}
ARTICLES=${ARTICLES:-100}
MEMORY_ARTICLES=${MEMORY_ARTICLES:-1000}
NICE="nice -n 10"

echo "throughput: $ARTICLES articles, $RUNS runs: spaCy, eventwire, 2 processes" >&2
$NICE "$EW" bench --articles "$ARTICLES" --runs "$RUNS" --processes 2 --write-benchmarks "$MD"
if [ -z "${SKIP_MEMORY:-}" ]; then
  echo "memory curve: $MEMORY_ARTICLES articles of articles.jsonl.gz" >&2
  $NICE "$EW" bench --memory-curve --articles "$MEMORY_ARTICLES" --every 100 --write-benchmarks "$MD"
fi
if [ -z "${SKIP_EVAL:-}" ]; then
  echo "evaluations" >&2
  $NICE "$EW" eval all --write-benchmarks "$MD"
fi
