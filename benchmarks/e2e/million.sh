#!/usr/bin/env bash
# The 1 M record benchmark (BENCHMARKS.md): batch_infer alone, 1,000,000 GSM8K records in 50,000-line chunks,
# against a standalone simulator that spends 2 s processing each batch (its other delays at their defaults). Prints
# wall, daemon CPU and peak RSS, and the state database size. Extra arguments go to run.sh (--bin DIR, --keep, ...).
set -euo pipefail
exec "$(dirname "$0")/run.sh" --records 1000000 --lines-per-chunk 50000 --in-flight 100 --validating 200ms --in-progress 2s --finalizing 100ms --sides ours "$@"
