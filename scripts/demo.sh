#!/usr/bin/env bash
# The credential-free demo (README.md): publishes batch_infer and runs the 8,792-line GSM8K file through the
# built-in Batch API simulator, in .work/demo/. Extra arguments are passed to batch_infer.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
input="${BATCH_INFER_DEMO_INPUT:-$repo/examples/data/gsm8k.messages.jsonl}"

dotnet publish "$repo/src/Host" -c Release -o "$repo/.work/bin" --nologo -v quiet
mkdir -p "$repo/.work/demo"
cd "$repo/.work/demo"
exec "$repo/.work/bin/batch_infer" -pipeline "$input" -task-id "${BATCH_INFER_DEMO_TASK:-demo}" -config "$repo/examples/simulator.yaml" "$@"
