#!/usr/bin/env bash
# bench.sh - `make bench`: builds the release binaries, starts a private PostgreSQL (durable:
# fsync and synchronous_commit on) and Redis, and runs every benchmark under tests/bench/.
# Each benchmark prints a human table and JSON lines (lines starting with '{'); the JSON lines
# of a run are collected into bench/results/<UTC time>.json, and a summary is printed: each
# dure figure next to the machine's limit measured in the same run (bench-raw_*), and the
# targets of DESIGN.md met or missed.
#
#   scripts/bench.sh [NAME...]     run only the benchmarks whose name contains NAME
#
# BUILD_ROOT=DIR builds and runs the binaries of DIR instead of build/ (as scripts/test.sh).
# The cluster tracks commit timestamps, so that bench-journey measures lags between commits.
set -uo pipefail
cd "$(dirname "$0")/.."

root=${BUILD_ROOT:-build}
export BUILD_ROOT=$root
jobs=$(nproc 2>/dev/null || echo 2)
[ "$jobs" -gt 2 ] && jobs=2
scripts/install-deps.sh || exit 1
make -s -j"$jobs" all >/dev/null || { echo "build failed"; exit 1; }

dir=$(mktemp -d "${TMPDIR:-/tmp}/dure-bench-XXXXXX")
pg_port=$((12000 + RANDOM % 1000)) # below the ephemeral ports (32768+), which outgoing connections take
redis_port=$((pg_port + 2000))
cleanup() { scripts/infra.sh stop "$dir" >/dev/null 2>&1; rm -rf "$dir"; }
trap cleanup EXIT INT TERM
scripts/infra.sh start "$dir" "$pg_port" "$redis_port" durable || exit 1
export DURE_TEST_PG_ADMIN="postgresql://dure@127.0.0.1:$pg_port/postgres"
psql "$DURE_TEST_PG_ADMIN" -qc "ALTER SYSTEM SET track_commit_timestamp = on" >/dev/null &&
  scripts/infra.sh stop "$dir" && scripts/infra.sh start "$dir" "$pg_port" "$redis_port" durable ||
  exit 1
export DURE_TEST_REDIS_PORT=$redis_port
export DURE_BIN_DIR=$root/bin
export DURE_SHARED_DIR=${DURE_SHARED_DIR:-../shared}

stamp=$(date -u +%Y%m%dT%H%M%SZ)
results=bench/results/$stamp.json
: >"$results"
echo "machine: $(nproc) cores ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r), load average $(cut -d' ' -f1 /proc/loadavg)"
for b in "$root"/bin/bench-*; do
  name=${b##*/bench-}
  if [ $# -gt 0 ]; then
    keep=0; for f in "$@"; do case $name in *"$f"*) keep=1 ;; esac; done
    [ $keep = 1 ] || continue
  fi
  # The journey runs with one and with two instances of every service (see PERFORMANCE.md).
  variants=("")
  [ "$name" = journey ] && variants=("--instances 1" "--instances 2")
  for args in "${variants[@]}"; do
    echo
    echo "== $name $args"
    # shellcheck disable=SC2086 # args is a list of words
    "$b" $args | tee "$dir/$name.out"
    grep '^{' "$dir/$name.out" | sed "s/^{/{\"bench\":\"$name\",/" >>"$results"
  done
done
echo
python3 - "$results" <<'PY'
# The summary: dure next to the machine's limits, and the targets.
import json, math, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
def pick(**kw):
    return [r for r in rows if all(r.get(k) == v for k, v in kw.items())]
def num(v):
    return v if isinstance(v, (int, float)) and not math.isnan(v) else None
# The journey's figures are those of its run with the most orders processed end to end per
# second (one or two instances of every service); every run's peak RSS counts.
summary = max(pick(metric="journey_summary"), key=lambda r: r.get("e2e_max_per_s", 0),
              default={})
instances = summary.get("instances", 1)
steps = [r for r in pick(metric="journey_step") if r.get("instances", 1) == instances]
raw_pg = {r["batch"]: r["orders_per_s"] for r in pick(metric="raw_pg_orders_per_s")}
# Batch 100 runs three times, each in a fresh database: its median is the limit.
limit = (pick(metric="raw_pg_limit") or [{}])[-1]
if num(limit.get("orders_per_s")) is not None:
    raw_pg[100] = limit["orders_per_s"]
zmq = (pick(metric="raw_zmq_rtt_us") or [{}])[-1]
pg_rtt = {r["loop"]: r for r in pick(metric="raw_pg_rtt_us")}
peak_rss = {}
for r in pick(metric="service_cost"):
    if num(r.get("peak_rss_mb")) is not None:
        peak_rss[r["service"]] = max(peak_rss.get(r["service"], 0), r["peak_rss_mb"])
for r in pick(metric="journey_summary"):
    print(f"journey with {r.get('instances', 1)} instance(s) of every service: intake "
          f"{r['intake_max_acked_per_s']:.0f} acked/s, end to end {r['e2e_max_per_s']:.0f} orders/s")
print(f"summary: dure / the machine's limit, measured in this run (journey: {instances} "
      f"instance(s) of every service)")
def ratio(name, dure, limit, unit):
    if dure is None or limit is None:
        print(f"  {name:44s} (not measured)")
        return
    print(f"  {name:44s} {dure:10.1f} / {limit:10.1f} {unit:10s} = {dure / limit:6.3f}")
e2e = num(summary.get("e2e_max_per_s"))
ratio("end to end vs raw PostgreSQL (batch 100)", e2e, raw_pg.get(100), "orders/s")
if limit:
    print(f"    (raw batch 100: median of {limit['runs']} runs in fresh databases, "
          f"{limit['min_per_s']:.0f} to {limit['max_per_s']:.0f} orders/s)")
intake = num(summary.get("intake_max_acked_per_s"))
ratio("intake vs raw ZeroMQ pipelined", intake, num(zmq.get("pipelined_per_s")), "per s")
low = min(steps, key=lambda r: r["offered_per_s"]) if steps else {}
p50 = num(low.get("p50_ms"))
ratio(f"ack p50 at {low.get('offered_per_s', '?')}/s vs raw ZeroMQ rtt p50",
      p50 * 1000 if p50 else None, num(zmq.get("p50_us")), "us")
if "statement" in pg_rtt and "transaction" in pg_rtt:
    print(f"  a PostgreSQL round trip: p50 {pg_rtt['statement']['p50_us']:.0f} us; a batch's "
          f"smallest transaction (2 round trips): p50 {pg_rtt['transaction']['p50_us']:.0f} us")
print("targets (DESIGN.md, 2 cores, durable commits):")
def target(name, value, ok, text):
    state = "not measured" if value is None else ("met" if ok(value) else "MISSED")
    print(f"  {name:52s} {text:>22s}  {state}")
at = {r["offered_per_s"]: r for r in steps}
half = raw_pg.get(100) / 2 if raw_pg.get(100) else None
target("end to end >= 5,000 orders/s", e2e, lambda v: v >= 5000, f"{e2e or float('nan'):.0f}/s")
target("end to end >= half the raw PostgreSQL limit", e2e if half else None,
       lambda v: v >= half, f"{e2e or float('nan'):.0f} vs {half or float('nan'):.0f}")
target("intake >= 15,000 acked orders/s", intake, lambda v: v >= 15000, f"{intake or float('nan'):.0f}/s")
p99 = num(at.get(2000, {}).get("p99_ms"))
target("p99 ack latency <= 5 ms at 2,000/s", p99, lambda v: v <= 5, f"{p99 or float('nan'):.1f} ms")
lag = num(at.get(1000, {}).get("lag_p99_ms"))
target("lag ack->packaging p99 <= 50 ms at 1,000/s", lag, lambda v: v <= 50, f"{lag or float('nan'):.0f} ms")
for svc in ("catalog", "order", "logistics", "packaging"):
    rss = peak_rss.get(svc)
    target(f"dure-{svc} peak RSS <= 32 MB", rss, lambda v: v <= 32, f"{rss or float('nan'):.1f} MB")
PY
echo "results: $results"
