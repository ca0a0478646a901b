#!/usr/bin/env bash
# What the daemon costs while it waits, measured from outside on a real daemon process (docs/engine.md):
#   polls     CPU per poll of a running batch: 10 chunks polled every 0.5 s, warmed up for 30 s, over 1,000 polls
#   waiting   daemon CPU with 10 tasks whose batches run for an hour (default poll interval)
#   down      daemon CPU with the provider unreachable (connection refused)
#   idle      daemon CPU 30 s after its only task finished
#   slow      the busiest daemon thread (top -H) while an upload waits for a server that answers after 60 s
# CPU is the daemon's utime+stime from /proc; polls are counted by the simulator (a separate process).
# Usage: benchmarks/engine/daemon-cpu.sh [--bin DIR] [--seconds N] [scenario ...]   (default: all five)
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
bin="" seconds=20 scenarios=() url="" sim_pid=""
while [ $# -gt 0 ]; do
  case "$1" in
    --bin) bin="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    *) scenarios+=("$1"); shift ;;
  esac
done
[ ${#scenarios[@]} -gt 0 ] || scenarios=(polls waiting down idle slow)
if [ -z "$bin" ]; then
  bin="$repo/.work/bench-bin"
  dotnet publish "$repo/src/Host" -c Release -o "$bin" --nologo -v quiet
fi
exe="$bin/batch_infer"
data="${BATCH_INFER_BENCH_DATA:-$repo/examples/data/gsm8k.messages.jsonl}"
work=$(mktemp -d)
hz=$(getconf CLK_TCK)
cleanup() {
  for d in "$work"/*/; do [ -f "$d/.daemon.lock" ] && (cd "$d" && "$exe" daemon stop >/dev/null 2>&1 || true); done
  stop_simulator
  rm -rf "$work"
}
trap cleanup EXIT

json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
daemon_pid() { json "d['pid']" < "$1/.daemon.lock"; }

start_simulator() { # in-progress duration [simulator options...]; sets url and sim_pid
  local port in_progress=$1
  shift
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  "$exe" simulate --port "$port" --validating 100ms --in-progress "$in_progress" "$@" > "$work/simulator.log" 2>&1 &
  sim_pid=$!
  url="http://127.0.0.1:$port/v1"
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/_simulator/stats" >/dev/null && return 0; sleep 0.1; done
  echo "the simulator did not start: $(cat "$work/simulator.log")" >&2
  return 1
}

stop_simulator() { kill "$sim_pid" 2>/dev/null || true; sim_pid=""; }

api_calls() { curl -sf "${1%/v1}/_simulator/stats" | json "d['api_calls']"; }

new_dir() { # name base_url poll_seconds lines
  local dir="$work/$1"
  mkdir -p "$dir"
  head -n "$4" "$data" > "$dir/input.jsonl"
  cat > "$dir/config.yaml" <<YAML
model:
  domain: "bench-model"
  password: "bench-key"
  max_tokens: 64
  base_url: $2
  provider: openai
lines_per_chunk: 500
poll_interval_seconds: $3
YAML
  echo "$dir"
}

wait_running() { # dir task chunks
  for _ in $(seq 600); do
    local running
    running=$(cd "$1" && "$exe" -monitor "$2" --json | json "d['summary']['chunks_by_state'].get('running', 0)")
    [ "$running" -ge "$3" ] && return 0
    sleep 0.5
  done
  echo "chunks of $2 not running after 5 minutes" >&2
  return 1
}

cpu_over() { # pid seconds -> percent of one core
  local a b
  a=$(ticks "$1"); sleep "$2"; b=$(ticks "$1")
  python3 -c "print(f'{($b - $a) / $hz / $2 * 100:.2f}')"
}

scenario_polls() {
  local dir pid a b c d
  start_simulator 60m
  dir=$(new_dir polls "$url" 0.5 5000)
  (cd "$dir" && "$exe" -pipeline input.jsonl -task-id polls --detach >/dev/null)
  wait_running "$dir" polls 10
  pid=$(daemon_pid "$dir")
  # The first minute of a process also pays for JIT compilation of every path it takes; the figure is the steady state.
  sleep 30
  a=$(ticks "$pid"); c=$(api_calls "$url"); started=$(date +%s.%N)
  while [ $(( $(api_calls "$url") - c )) -lt 1000 ]; do sleep 1; done
  b=$(ticks "$pid"); d=$(api_calls "$url")
  python3 -c "polls=$d-$c; ms=($b-$a)/$hz*1000; print(f'polls: {polls} polls of 10 running batches in {$(date +%s.%N)-$started:.0f} s; daemon CPU {ms:.0f} ms = {ms/polls:.2f} ms per poll')"
  (cd "$dir" && "$exe" daemon stop >/dev/null); stop_simulator
}

scenario_waiting() {
  local dir pid
  start_simulator 60m
  dir=$(new_dir waiting "$url" 30 500)
  for t in $(seq 1 10); do (cd "$dir" && "$exe" -pipeline input.jsonl -task-id "w$t" --detach >/dev/null); done
  for t in $(seq 1 10); do wait_running "$dir" "w$t" 1; done
  pid=$(daemon_pid "$dir")
  echo "waiting: 10 tasks waiting on running batches (polled every 30 s): daemon $(cpu_over "$pid" "$seconds") % of a core over ${seconds} s"
  (cd "$dir" && "$exe" daemon stop >/dev/null); stop_simulator
}

scenario_down() {
  local dir pid
  dir=$(new_dir down "http://127.0.0.1:9/v1" 30 2000)
  (cd "$dir" && "$exe" -pipeline input.jsonl -task-id down --detach >/dev/null)
  sleep 10
  pid=$(daemon_pid "$dir")
  # Early on the retries come every few seconds and the process is still compiling the paths they take; later the
  # backoff has grown. Both windows are shown.
  echo "down: provider refusing connections, 4 chunks retrying: daemon $(cpu_over "$pid" "$seconds") % of a core over ${seconds} s from 10 s after the start"
  sleep $((60 - 10 - seconds > 0 ? 60 - 10 - seconds : 0))
  echo "down: the same, $(cpu_over "$pid" "$seconds") % of a core over ${seconds} s from 60 s after the start"
  (cd "$dir" && "$exe" daemon stop >/dev/null)
}

scenario_idle() {
  local dir pid
  start_simulator 200ms
  dir=$(new_dir idle "$url" 0.5 1000)
  (cd "$dir" && "$exe" -pipeline input.jsonl -task-id idle >/dev/null)
  pid=$(daemon_pid "$dir")
  sleep 30
  echo "idle: 30 s after its task finished: daemon $(cpu_over "$pid" "$seconds") % of a core over ${seconds} s"
  (cd "$dir" && "$exe" daemon stop >/dev/null); stop_simulator
}

# Per-thread CPU from /proc/PID/task/*/stat over the window, as top -H shows it: the busiest thread's share of a core.
busiest_thread() { # pid seconds
  python3 - "$1" "$2" "$hz" <<'PY'
import os, sys, time
pid, seconds, hz = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
def sample():
    out = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                text = f.read()
            name = text[text.index("(") + 1:text.rindex(")")]
            fields = text[text.rindex(")") + 2:].split()
            out[tid] = (name, int(fields[11]) + int(fields[12]))
        except (FileNotFoundError, ProcessLookupError):
            pass
    return out
a = sample(); time.sleep(seconds); b = sample()
used = sorted(((b[t][1] - a.get(t, (None, 0))[1], b[t][0]) for t in b), reverse=True)
ticks, name = used[0]
print(f"{ticks / hz / seconds * 100:.2f} % ({name!r}, of {len(b)} threads; all threads {sum(u for u, _ in used) / hz / seconds * 100:.2f} %)")
PY
}

scenario_slow() {
  local dir pid
  start_simulator 200ms --response-delay 60s
  dir=$(new_dir slow "$url" 30 500)
  (cd "$dir" && "$exe" -pipeline input.jsonl -task-id slow --detach >/dev/null)
  sleep 5
  pid=$(daemon_pid "$dir")
  echo "slow: an upload waiting on a server that answers after 60 s: busiest daemon thread $(busiest_thread "$pid" "$seconds") over ${seconds} s"
  (cd "$dir" && "$exe" daemon stop >/dev/null); stop_simulator
}

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ)"
for s in "${scenarios[@]}"; do "scenario_$s"; done
