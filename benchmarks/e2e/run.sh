#!/usr/bin/env bash
# The end-to-end benchmark (BENCHMARKS.md): batch_infer -pipeline and a reference script written with the official
# OpenAI SDK do the same job side by side (split, upload, create, poll, download, ordered merge), each against its own
# standalone simulator (`batch_infer simulate`, a separate process on 127.0.0.1). Prints wall seconds, client CPU
# seconds and peak RSS of both, the ratios ours/reference, and the simulator's CPU apart; checks that both outputs
# hold every record in input order. Needs the .NET SDK, node and npm, and /usr/bin/time (Debian package `time`).
set -euo pipefail

usage() {
  cat <<'EOF'
benchmarks/e2e/run.sh [options]
  --records N          records in the input, GSM8K repeated (default 202216: the file 23 times)
  --lines-per-chunk N  requests per uploaded file, both sides (default 500)
  --in-flight N        batches in flight, both sides (default 16)
  --poll SECONDS       status poll interval, both sides (default 0.5)
  --validating DUR     simulator: time a batch spends validating (default 0s)
  --in-progress DUR    simulator: time to process all records of a batch (default 0s: as fast as it answers)
  --finalizing DUR     simulator: time spent finalizing (default 0s)
  --sides LIST         ours, reference or ours,reference (default ours,reference)
  --in-process         ours only, against the daemon's built-in simulator (base_url: simulator, its default timings)
  --data FILE          the GSM8K messages file (default examples/data/gsm8k.messages.jsonl in the repository)
  --bin DIR            a published batch_infer to use (default: dotnet publish src/Host into the work directory)
  --work DIR           where input, runs and simulator files go (default: a new temporary directory)
  --keep               keep the work directory (a temporary one is deleted at the end otherwise)
EOF
}

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
records=202216 lines_per_chunk=500 in_flight=16 poll=0.5 validating=0s in_progress=0s finalizing=0s
sides=ours,reference data="" bin="" work="" keep=false in_process=false
while [ $# -gt 0 ]; do
  case "$1" in
    --records) records=$2; shift 2 ;;
    --lines-per-chunk) lines_per_chunk=$2; shift 2 ;;
    --in-flight) in_flight=$2; shift 2 ;;
    --poll) poll=$2; shift 2 ;;
    --validating) validating=$2; shift 2 ;;
    --in-progress) in_progress=$2; shift 2 ;;
    --finalizing) finalizing=$2; shift 2 ;;
    --sides) sides=$2; shift 2 ;;
    --data) data=$2; shift 2 ;;
    --bin) bin=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --keep) keep=true; shift ;;
    --in-process) in_process=true; sides=ours; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done

[ -n "$data" ] || data="$repo/examples/data/gsm8k.messages.jsonl"
[ -f "$data" ] || { echo "no GSM8K messages file: pass --data FILE" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time is missing: apt-get install time" >&2; exit 2; }

if [ -z "$work" ]; then
  work=$(mktemp -d "${TMPDIR:-/tmp}/batchinfer-e2e.XXXXXX")
  $keep || trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$work"
work="$(cd "$work" && pwd)"

source "$here/lib.sh"

if [ -z "$bin" ]; then
  echo "publishing batch_infer into $work/bin"
  dotnet publish "$repo/src/Host" -c Release -o "$work/bin" --nologo -v quiet >/dev/null
  bin="$work/bin"
fi
bin="$(cd "$bin" && pwd)"

input="$work/input.jsonl"
make_input "$data" "$records" "$input"
echo "input: $records records ($(du -m "$input" | cut -f1) MB), $lines_per_chunk lines per chunk, $in_flight batches in flight"
if $in_process; then
  echo "simulator: in process (base_url: simulator), poll every $poll s"
else
  echo "simulator: --validating $validating --in-progress $in_progress --finalizing $finalizing, poll every $poll s"
fi
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"

report="$work/report.txt"
: >"$report"
for side in ${sides//,/ }; do
  case "$side" in
    ours) run_ours ;;
    reference) run_reference ;;
    *) echo "unknown side $side" >&2; exit 2 ;;
  esac
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
print_report "$report"
! grep -q ' order WRONG$' "$report"
