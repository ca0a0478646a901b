#!/usr/bin/env bash
# Whole-process start-up of the command line (BENCHMARKS.md, "CLI start-up"): a daemon running 10 tasks against the
# standalone simulator, then `-monitor ID --json`, `-monitor ID`, `daemon status` and `--help` timed over repeated
# runs, and the daemon's own answer to the same question over HTTP for reference. Prints each command's median wall
# time and tears everything down.
#
#   benchmarks/cli-startup.sh [--baseline REV|DIR]... [BIN_DIR]
#   RUNS=50 WARMUP=5 benchmarks/cli-startup.sh --baseline main
#
# BIN_DIR holds a published batch_infer (default: this checkout, published into .work/cli-startup/bin). Each --baseline
# REV also publishes the commit REV and times its commands against the same daemon, run for run in turn with this
# checkout's (A B A B ...), so that a drift in the machine's speed moves all alike; a DIR holding batch_infer is taken
# as it is. The daemon (and the simulator) are this checkout's; the tasks poll at the default interval.
# Each run is timed by bash's own clock ($EPOCHREALTIME), from fork to exit, output to /dev/null; its CPU time is the
# kernel's account of the finished child. On a shared machine CPU time moves less with the load than wall time.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
input="${BATCH_INFER_BENCH_INPUT:-$repo/../shared/data/gsm8k.messages.jsonl}"
runs="${RUNS:-30}"
warmup="${WARMUP:-3}"
tasks=10

baselines=()
while [ "${1:-}" = "--baseline" ]; do
  baselines+=("${2:?--baseline needs a commit or a directory}")
  shift 2
done

scratch="$(mktemp -d /tmp/batch_infer-cli-startup.XXXXXX)"
simulator_pid=""
exe=""
cleanup() {
  if [ -n "$exe" ] && [ -d "$scratch/work" ]; then (cd "$scratch/work" && "$exe" daemon stop >/dev/null 2>&1) || true; fi
  if [ -n "$simulator_pid" ]; then kill "$simulator_pid" 2>/dev/null || true; wait "$simulator_pid" 2>/dev/null || true; fi
  rm -rf "$scratch"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

publish() { # PROJECT_DIR OUT_DIR
  nice -n 10 dotnet publish "$1/src/Host" -c Release -o "$2" --nologo -v quiet >"$scratch/publish.log" 2>&1 \
    || { cat "$scratch/publish.log" >&2; exit 1; }
}

bin="${1:-$repo/.work/cli-startup/bin}"
[ $# -eq 0 ] && publish "$repo" "$bin"
exe="$(cd "$bin" && pwd)/batch_infer"
labels=()
exes=()
for i in "${!baselines[@]}"; do
  baseline="${baselines[$i]}"
  if [ -x "$baseline/batch_infer" ]; then
    labels+=("$(basename "$(dirname "$(cd "$baseline" && pwd)")")")
    exes+=("$(cd "$baseline" && pwd)/batch_infer")
  else
    mkdir "$scratch/baseline$i"
    git -C "$repo" archive "$baseline" | tar -x -C "$scratch/baseline$i"
    publish "$scratch/baseline$i" "$scratch/baseline$i/bin"
    labels+=("$baseline")
    exes+=("$scratch/baseline$i/bin/batch_infer")
  fi
done
labels+=("this")
exes+=("$exe")

mkdir "$scratch/work"
cd "$scratch/work"
# Batches that stay in progress for an hour keep every task running while the commands are timed.
"$exe" simulate --port 0 --in-progress 60m >"$scratch/simulator.out" 2>&1 &
simulator_pid=$!
base_url=""
for _ in $(seq 100); do
  base_url="$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$scratch/simulator.out")"
  [ -n "$base_url" ] && break
  sleep 0.1
done
[ -n "$base_url" ] || { echo "the simulator did not start:" >&2; cat "$scratch/simulator.out" >&2; exit 1; }

cat >config.yaml <<EOF
model:
  domain: "demo-model"
  password: "not-needed-for-the-simulator"
  max_tokens: 1024
  base_url: "$base_url"
  provider: spark
test_lines: 1000
lines_per_chunk: 100
max_retry_count: 3
EOF

for n in $(seq "$tasks"); do
  "$exe" -pipeline "$input" -task-id "task$n" -config config.yaml --detach >/dev/null
done
running=0
for _ in $(seq 300); do
  running=$("$exe" -monitor --json | grep -c '"status": "running"' || true)
  [ "$running" -eq "$tasks" ] && break
  sleep 0.2
done
[ "$running" -eq "$tasks" ] || { echo "only $running of $tasks tasks are running" >&2; exit 1; }

# The daemon's answer to -monitor task5 --json, over HTTP (the token is in .daemon.lock).
port=$(sed -n 's/.*"port":\([0-9]*\).*/\1/p' .daemon.lock)
token=$(sed -n 's/.*"token":"\([^"]*\)".*/\1/p' .daemon.lock)
http_get() { curl -sf -o /dev/null -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/tasks/task5"; }

daemon_pid=$(sed -n 's/.*"pid":\([0-9]*\).*/\1/p' .daemon.lock)
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$daemon_pid/stat"; }
commands=("-monitor task5 --json" "-monitor task5" "daemon status" "--help")
echo "$(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg) before; $tasks tasks running; $runs runs after $warmup warm-up runs"

# Per (binary, command): one file of wall milliseconds and one of CPU clock ticks (user + system of the finished child,
# read from this shell's own /proc entry); the runs go round the binaries and commands in turn.
time_once() { # FILE ARGV...
  local file=$1 start end s0 s1
  shift
  read -r -a s0 </proc/$$/stat
  start=$EPOCHREALTIME
  "$@" >/dev/null 2>&1 || true
  end=$EPOCHREALTIME
  read -r -a s1 </proc/$$/stat
  echo $((s1[15] + s1[16] - s0[15] - s0[16])) >>"$file.cpu"
  awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f\n", (e - s) * 1000 }' >>"$file"
}
ticks_before=$(cpu_ticks)
window_start=$EPOCHREALTIME
for round in $(seq $((warmup + runs))); do
  [ "$round" -eq $((warmup + 1)) ] && rm -f "$scratch"/t.*
  for c in "${!commands[@]}"; do
    read -ra argv <<<"${commands[$c]}"
    for b in "${!exes[@]}"; do
      time_once "$scratch/t.$b.$c" "${exes[$b]}" "${argv[@]}"
    done
  done
  time_once "$scratch/t.http" http_get
done
awk -v t="$(($(cpu_ticks) - ticks_before))" -v hz="$(getconf CLK_TCK)" -v s="$window_start" -v e="$EPOCHREALTIME" -v l="$(cut -d' ' -f1-3 /proc/loadavg)" \
  'BEGIN { printf "load average %s after; the daemon used %.0f%% of a core meanwhile\n", l, 100 * t / hz / (e - s) }'

median() { sort -n "$1" | awk '{ t[NR] = $1 } END { printf "%.1f", NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2 }'; }
cpu_mean() { awk -v hz="$(getconf CLK_TCK)" '{ t += $1 } END { printf "%.0f", 1000 * t / hz / NR }' "$1.cpu"; }
printf "%-24s" "median wall ms (CPU ms)"
for label in "${labels[@]}"; do printf " %16s" "$label"; done
echo
for c in "${!commands[@]}"; do
  printf "%-24s" "${commands[$c]}"
  for b in "${!exes[@]}"; do printf " %16s" "$(median "$scratch/t.$b.$c") ($(cpu_mean "$scratch/t.$b.$c"))"; done
  echo
done
printf "%-24s %16s\n" "GET /api/tasks/task5" "$(median "$scratch/t.http") ($(cpu_mean "$scratch/t.http"))"
echo "CPU ms: user + system of the command, mean of the runs (the kernel counts in $((1000 / $(getconf CLK_TCK))) ms ticks)"
