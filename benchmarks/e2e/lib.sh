# The pieces of benchmarks/e2e/run.sh: the input, the simulator process, the two sides and the report.
# Sourced by run.sh, which sets work, bin, input, records and the options these functions read.

# Whole-process figures come from the kernel: CPU as utime + stime of /proc/PID/stat, peak RSS as VmHWM.
cpu_seconds() {
  awk -v tick="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); printf "%.2f", ($12 + $13) / tick }' "/proc/$1/stat"
}

peak_rss_mb() {
  awk '/^VmHWM:/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"
}

# The GSM8K file repeated, cut at exactly N records (whole copies, then the head of one more).
make_input() {
  local data=$1 count=$2 out=$3 per whole
  per=$(wc -l <"$data")
  whole=$((count / per))
  : >"$out"
  for _ in $(seq "$whole"); do cat "$data" >>"$out"; done
  head -n $((count - whole * per)) "$data" >>"$out"
}

# The in-process simulator (--in-process) is the daemon's default one: its figures are inside the daemon's.
# Starts `batch_infer simulate` for one side (sets sim_pid, sim_url, sim_cpu_start); files kept in the side's directory.
start_simulator() {
  local side=$1 log="$work/$1/simulator.log"
  "$bin/batch_infer" simulate --port 0 --profile openai --storage "$work/$side/simulator-files" \
    --validating "$validating" --in-progress "$in_progress" --finalizing "$finalizing" >"$log" 2>&1 &
  sim_pid=$!
  sim_url=""
  for _ in $(seq 600); do
    sim_url=$(grep -o 'http://127\.0\.0\.1:[0-9]*/v1' "$log" | head -n 1 || true)
    [ -n "$sim_url" ] && break
    kill -0 "$sim_pid" 2>/dev/null || break
    sleep 0.1
  done
  [ -n "$sim_url" ] || { echo "the simulator did not start:" >&2; cat "$log" >&2; exit 1; }
  sim_cpu_start=$(cpu_seconds "$sim_pid")
}

# Reads the simulator's CPU (since start-up) and peak RSS, then stops it (SIGTERM is its Ctrl+C).
stop_simulator() {
  local side=$1 cpu
  cpu=$(cpu_seconds "$sim_pid")
  record "$side" sim_cpu "$(awk -v a="$cpu" -v b="$sim_cpu_start" 'BEGIN { printf "%.2f", a - b }')"
  record "$side" sim_rss "$(peak_rss_mb "$sim_pid")"
  kill -TERM "$sim_pid"
  wait "$sim_pid" || true
}

record() {
  echo "$1 $2 $3" >>"$report"
}

alive() {
  [ -n "$1" ] && [ -r "/proc/$1/stat" ] && [ "$(awk '{ sub(/^.*\) /, ""); print $1 }' "/proc/$1/stat")" != Z ]
}

# Runs a side's client under /usr/bin/time, which writes its wall, user and system seconds and max RSS (KB). Should the simulator die meanwhile, the client would retry for minutes:
# it is stopped instead, saying why.
run_client() {
  local out=$1 client watchdog status=0
  shift
  /usr/bin/time -f '%e %U %S %M' -o "$out" "$@" &
  client=$!
  if [ -n "$sim_pid" ]; then
    (while alive "$client"; do
      if ! alive "$sim_pid"; then
        echo "the simulator (pid $sim_pid) exited during the run" >&2
        kill -TERM $(pgrep -P "$client") 2>/dev/null  # the client itself, /usr/bin/time's child
        break
      fi
      sleep 1
    done) &
    watchdog=$!
  fi
  wait "$client" || status=$?
  [ -z "${watchdog:-}" ] || kill "$watchdog" 2>/dev/null || true
  return $status
}

check_output() {
  local side=$1 file=$2
  if node "$here/check-output.mjs" "$file" "$records"; then
    record "$side" order "ok"
  else
    record "$side" order "WRONG"
  fi
}

# Megabytes of the files that exist among the arguments.
db_mb() {
  stat -c %s "$@" 2>/dev/null | awk '{ total += $1 } END { printf "%.1f", total / 1048576 }'
}

run_ours() {
  local dir="$work/ours" daemon_pid cli daemon_cpu base_url=simulator provider=spark
  mkdir -p "$dir"
  sim_pid=""
  if ! $in_process; then
    start_simulator ours
    base_url=$sim_url provider=openai
  fi
  cat >"$dir/config.yaml" <<EOF
model:
  domain: "bench-model"
  password: "benchmark"
  max_tokens: 1024
  base_url: "$base_url"
  provider: $provider
lines_per_chunk: $lines_per_chunk
max_retry_count: 3
poll_interval_seconds: $poll
EOF
  sed "s/^\(  batches_in_flight_per_endpoint:\).*/\1 $in_flight/" "$repo/workflows/batch-pipeline.yaml" >"$dir/workflow.yaml"
  echo "ours: batch_infer -pipeline against $base_url"
  (cd "$dir" && run_client "$dir/cli.time" "$bin/batch_infer" -pipeline "$input" -task-id bench -config config.yaml \
    -workflow workflow.yaml >"$dir/cli.log" 2>&1) || {
    echo "batch_infer failed:" >&2
    tail -n 20 "$dir/cli.log" >&2
    (cd "$dir" && "$bin/batch_infer" daemon stop >/dev/null 2>&1)
    exit 1
  }
  daemon_pid=$(cd "$dir" && "$bin/batch_infer" daemon status | sed -n 's/.*: pid \([0-9]*\),.*/\1/p')
  # Read before the daemon stops: afterwards its figures are gone with it.
  daemon_cpu=$(cpu_seconds "$daemon_pid")
  record ours daemon_rss "$(peak_rss_mb "$daemon_pid")"
  record ours db_mb "$(cd "$dir" && db_mb batch_infer.db batch_infer.db-wal)"
  (cd "$dir" && "$bin/batch_infer" daemon stop >/dev/null)
  record ours db_mb_stopped "$(cd "$dir" && db_mb batch_infer.db batch_infer.db-wal)"
  $in_process || stop_simulator ours
  read -r wall user sys rss_kb <"$dir/cli.time"
  cli=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
  record ours wall "$wall"
  record ours cli_cpu "$cli"
  record ours daemon_cpu "$daemon_cpu"
  record ours cpu "$(awk -v a="$cli" -v b="$daemon_cpu" 'BEGIN { printf "%.2f", a + b }')"
  record ours cli_rss "$((rss_kb / 1024))"
  check_output ours "$dir/merged/bench/output.jsonl"
}

run_reference() {
  local dir="$work/reference"
  mkdir -p "$dir"
  if [ ! -f "$here/node_modules/openai/package.json" ]; then
    echo "installing the reference's npm dependencies (npm ci)"
    (cd "$here" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  fi
  start_simulator reference
  echo "reference: node reference-openai.mjs (openai $(node -p "require('$here/node_modules/openai/package.json').version")) against $sim_url"
  run_client "$dir/node.time" node "$here/reference-openai.mjs" --input "$input" --work "$dir" --base-url "$sim_url" \
    --lines-per-chunk "$lines_per_chunk" --in-flight "$in_flight" --poll-ms "$(awk -v p="$poll" 'BEGIN { print p * 1000 }')" \
    >"$dir/node.log" 2>&1 || { echo "the reference script failed:" >&2; tail -n 20 "$dir/node.log" >&2; exit 1; }
  stop_simulator reference
  read -r wall user sys rss_kb <"$dir/node.time"
  record reference wall "$wall"
  record reference cpu "$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')"
  record reference rss "$((rss_kb / 1024))"
  check_output reference "$dir/output.jsonl"
}

# One table of what the sides recorded, and the ratios when both ran.
print_report() {
  awk '
    { v[$1 "." $2] = $3; seen[$1] = 1 }
    function ratio(a, b) { return (b > 0) ? sprintf("%.2fx", a / b) : "-" }
    # The in-process simulator has no figures of its own: they are in the daemon'"'"'s.
    function shown(x, format) { return (x == "") ? "in daemon" : sprintf(format, x) }
    END {
      printf "\n%-22s %8s %14s %13s %16s %14s  %s\n", "", "wall s", "client CPU s", "peak RSS MB", "simulator CPU s", "simulator MB", "order"
      if (seen["ours"]) {
        printf "%-22s %8.1f %14.1f %13d %16s %14s  %s\n", "ours (CLI + daemon)", v["ours.wall"], v["ours.cpu"], v["ours.daemon_rss"], shown(v["ours.sim_cpu"], "%.1f"), shown(v["ours.sim_rss"], "%d"), v["ours.order"]
        printf "%-22s %8s %14s %13s\n", "  CLI / daemon", "", sprintf("%.1f / %.1f", v["ours.cli_cpu"], v["ours.daemon_cpu"]), sprintf("%d / %d", v["ours.cli_rss"], v["ours.daemon_rss"])
      }
      if (seen["reference"]) {
        printf "%-22s %8.1f %14.1f %13d %16.1f %14d  %s\n", "reference (node SDK)", v["reference.wall"], v["reference.cpu"], v["reference.rss"], v["reference.sim_cpu"], v["reference.sim_rss"], v["reference.order"]
      }
      if (seen["ours"] && seen["reference"]) {
        printf "%-22s %8s %14s %13s\n", "ours / reference", ratio(v["ours.wall"], v["reference.wall"]), ratio(v["ours.cpu"], v["reference.cpu"]), ratio(v["ours.daemon_rss"], v["reference.rss"])
      }
      if (seen["ours"]) {
        printf "\nstate database (batch_infer.db + -wal): %.1f MB after the run, %.1f MB once the daemon stopped\n", v["ours.db_mb"], v["ours.db_mb_stopped"]
      }
    }' "$1"
}
