#!/usr/bin/env bash
# The test command (README.md): builds the solution and runs every test, real processes and loopback HTTP included.
set -euo pipefail
cd "$(dirname "$0")/.."

# The independent OpenAPI validator of the spec-validated run (tests/…/SpecValidatedEndToEndTests.cs), from package-lock.json.
if [ ! -d tools/spec-validator/node_modules ]; then
  npm ci --prefix tools/spec-validator --ignore-scripts --no-audit --no-fund --loglevel=error
fi

results=$(mktemp -d)
status=0
dotnet test BatchInfer.sln -c Release --logger "trx;LogFileName=tests.trx" --results-directory "$results" "$@" || status=$?

# One plain closing line that any CI reader understands.
if trx=$(find "$results" -name '*.trx' | head -n 1) && [ -n "$trx" ]; then
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  passed=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  failed=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  skipped=$(sed -n 's/.* notExecuted="\([0-9]*\)".*/\1/p' <<<"$counters")
  echo "${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
fi
rm -rf "$results"
exit $status
