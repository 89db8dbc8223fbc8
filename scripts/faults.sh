#!/usr/bin/env bash
# faults.sh - `make faults`: the real stack under a steady order load while things break.
#
# With its own PostgreSQL (durable) and Redis, it runs the four services (the catalog as two
# instances), loads the demo catalog, and sends orders at a fixed rate while a seeded chaos
# loop: SIGKILLs service processes at random moments and restarts them, kills one of the two
# catalog instances, crash-restarts PostgreSQL (immediate shutdown), kills Redis and brings it
# back empty, freezes a consumer (SIGSTOP) while its backlog grows and thaws it, and stops a
# service with SIGTERM (it must drain and exit 0). Then the load stops, the system settles,
# and tests/faults/check.sh verifies the invariants; any difference fails the run.
#
#   FAULT_SEED=N (default: random, printed) replays a run; FAULT_SECONDS (default 90) is the
#   length of the chaos; FAULT_RATE (default 80) orders per second.
set -uo pipefail
cd "$(dirname "$0")/.."

seed=${FAULT_SEED:-$RANDOM}
seconds=${FAULT_SECONDS:-90}
rate=${FAULT_RATE:-80}
RANDOM=$seed
echo "fault suite: seed $seed (replay with FAULT_SEED=$seed), ${seconds}s of chaos at $rate orders/s"

make -s -j"$(nproc)" all >/dev/null || { echo "build failed"; exit 1; }
bin=$PWD/build/bin
dir=$(mktemp -d "${TMPDIR:-/tmp}/dure-faults-XXXXXX")
pg_port=$((17000 + RANDOM % 1000)) # below the ephemeral ports (32768+), which outgoing connections take
redis_port=$((pg_port + 1000))
base=$((24000 + RANDOM % 50 * 100))

declare -A pid
services=(catalog order logistics packaging)
kills=0 restarts=0 outages=0 drains=0 freezes=0

# Ports: service s (0..3), instance i (0..1): requests base+s*10+i*3, events +1, http +2.
port() { echo $((base + $1 * 10 + $2 * 3 + $3)); }
index() { case $1 in catalog) echo 0 ;; order) echo 1 ;; logistics) echo 2 ;; packaging) echo 3 ;; esac; }
upper() { echo "$1" | tr a-z A-Z; }

export DURE_DB_DSN="postgresql://dure@127.0.0.1:$pg_port/dure"
export DURE_REDIS_PORT=$redis_port
export DURE_RELAY_LEASE_MS=1000
export DURE_RELAY_BACKOFF_MAX_MS=2000
export DURE_DB_CONNECT_TIMEOUT_S=60
for s in "${services[@]}"; do
  i=$(index "$s"); u=$(upper "$s")
  rpc="tcp://127.0.0.1:$(port "$i" 0 0)" ev="tcp://127.0.0.1:$(port "$i" 0 1)"
  if [ "$s" = catalog ]; then
    rpc="$rpc,tcp://127.0.0.1:$(port "$i" 1 0)"; ev="$ev,tcp://127.0.0.1:$(port "$i" 1 1)"
  fi
  export "DURE_${u}_RPC=$rpc" "DURE_${u}_EVENTS=$ev"
done

start() { # start SERVICE INSTANCE
  local s=$1 n=$2 i; i=$(index "$1"); local u; u=$(upper "$1")
  env "DURE_${u}_RPC=tcp://127.0.0.1:$(port "$i" "$n" 0)" \
      "DURE_${u}_EVENTS=tcp://127.0.0.1:$(port "$i" "$n" 1)" \
      "DURE_${u}_HTTP_PORT=$(port "$i" "$n" 2)" \
      "$bin/dure-$s" 2>>"$dir/$s-$n.log" &
  pid[$s-$n]=$!
}

cleanup() {
  for k in "${!pid[@]}"; do kill -CONT "${pid[$k]}" 2>/dev/null; kill -KILL "${pid[$k]}" 2>/dev/null; done
  [ -n "${load_pid:-}" ] && kill "$load_pid" 2>/dev/null
  wait 2>/dev/null
  scripts/infra.sh stop "$dir" >/dev/null 2>&1
  if [ "${keep_logs:-0}" = 1 ]; then echo "logs kept in $dir"; else rm -rf "$dir"; fi
}
trap cleanup EXIT INT TERM

scripts/infra.sh start "$dir" "$pg_port" "$redis_port" durable || exit 1
for s in "${services[@]}"; do start "$s" 0; done
start catalog 1
for _ in $(seq 150); do "$bin/durectl" health >/dev/null 2>&1 && break; sleep 0.2; done
"$bin/durectl" health >/dev/null || { echo "stack did not come up"; keep_logs=1; exit 1; }

"$bin/durectl" demo catalog --out "$dir/demo" >/dev/null
"$bin/durectl" catalog import "$dir/demo/enterprises.csv" "$dir/demo/products.csv" \
  "$dir/demo/campaigns.csv" >/dev/null || { echo "catalog import failed"; keep_logs=1; exit 1; }
psql() { command psql -h 127.0.0.1 -p "$pg_port" -U dure -d dure -qtAX "$@"; }
psql -c "CREATE TABLE public.fault_stock_start AS SELECT id, stock FROM catalog.products"

orders=$((rate * (seconds + 10)))
"$bin/dure-loadgen" --catalog "$dir/demo/products.csv" --orders "$orders" --rate "$rate" \
  --seed "$seed" --timeout-ms 5000 --acked "$dir/acked.txt" --label faults >"$dir/load.out" 2>&1 &
load_pid=$!

pick_proc() { local keys=("${!pid[@]}"); echo "${keys[RANDOM % ${#keys[@]}]}"; }
restart_proc() { local k=$1; start "${k%-*}" "${k##*-}"; restarts=$((restarts + 1)); }

chaos_end=$(( $(date +%s) + seconds ))
step=0
while [ "$(date +%s)" -lt "$chaos_end" ]; do
  sleep "$(( 2 + RANDOM % 4 )).$(( RANDOM % 10 ))"
  step=$((step + 1))
  case $(( step % 8 )) in
    0|1|3|5) k=$(pick_proc)
       echo "  chaos: SIGKILL $k"; kill -KILL "${pid[$k]}"; wait "${pid[$k]}" 2>/dev/null
       kills=$((kills + 1)); sleep "0.$(( RANDOM % 9 + 1 ))"; restart_proc "$k" ;;
    2) k=$(( RANDOM % 2 )); k=$([ $k = 0 ] && echo logistics-0 || echo packaging-0)
       echo "  chaos: SIGSTOP $k for 6 s"; kill -STOP "${pid[$k]}"; sleep 6; kill -CONT "${pid[$k]}"
       freezes=$((freezes + 1)) ;;
    4) echo "  chaos: PostgreSQL crash-restart"
       if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$(ls -d /usr/lib/postgresql/*/bin | tail -1)/pg_ctl" -D "$dir/pg" -m immediate -w restart >/dev/null 2>&1
       else "$(ls -d /usr/lib/postgresql/*/bin | tail -1)/pg_ctl" -D "$dir/pg" -m immediate -w restart >/dev/null 2>&1; fi
       outages=$((outages + 1)) ;;
    6) echo "  chaos: Redis killed, back empty after 3 s"
       kill -KILL "$(cat "$dir/redis.pid")"; sleep 3
       redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
         --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" --dir "$dir"
       outages=$((outages + 1)) ;;
    7) k=$(pick_proc)
       echo "  chaos: SIGTERM $k (graceful drain)"
       kill -TERM "${pid[$k]}"; wait "${pid[$k]}"; rc=$?
       [ $rc = 0 ] || { echo "FAIL: $k exited $rc after SIGTERM"; keep_logs=1; exit 1; }
       drains=$((drains + 1)); restart_proc "$k" ;;
  esac
done

echo "chaos over: waiting for the load to finish"
wait "$load_pid"; load_pid=
cat "$dir/load.out"
echo "settling: waiting for every outbox to drain"
for _ in $(seq 120); do
  left=$(psql -c "SELECT (SELECT count(*) FROM catalog.outbox) + (SELECT count(*) FROM \"order\".outbox) + (SELECT count(*) FROM logistics.outbox) + (SELECT count(*) FROM packaging.outbox)")
  [ "$left" = 0 ] && break
  sleep 1
done

echo "survived: $kills kills, $restarts restarts, $outages outages (PostgreSQL/Redis), $freezes freezes, $drains graceful drains"
export PGPORT=$pg_port
if tests/faults/check.sh "$dir/acked.txt"; then
  echo "fault suite: passed (seed $seed)"
else
  echo "fault suite: FAILED (seed $seed)"; keep_logs=1; exit 1
fi
