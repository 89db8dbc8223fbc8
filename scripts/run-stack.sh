#!/usr/bin/env bash
# run-stack.sh - `make run`: the whole dure stack on this machine, until Ctrl-C.
#
# Installs missing Debian packages (as root; otherwise prints the command), starts a private
# PostgreSQL and Redis under var/ on loopback, starts the four services with the default
# settings (which point at exactly these), loads the demo catalog, sends a wave of demo
# orders, shows where everything runs and what the packaging ledger recorded, then keeps
# serving. Ctrl-C stops the services, then PostgreSQL and Redis; nothing is left running.
#
# Settings: DURE_RUN_ORDERS (demo orders, default 200), DURE_RUN_RATE (orders/s, default 50).
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
var=$root/var
bin=$root/build/bin
pg_port=55432
redis_port=56379

scripts/install-deps.sh || exit 1
make -s -j"$(nproc)" all >/dev/null || { echo "build failed"; exit 1; }
mkdir -p "$var/log"

pids=()
stop_all() {
  trap - INT TERM EXIT
  echo
  echo "stopping services..."
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null; done
  scripts/infra.sh stop "$var" >/dev/null 2>&1
  echo "stopped: services, PostgreSQL and Redis. Data stays in var/ (delete it to start afresh)."
  exit 0
}
trap stop_all INT TERM EXIT

echo "starting PostgreSQL on 127.0.0.1:$pg_port and Redis on 127.0.0.1:$redis_port (data in var/)"
scripts/infra.sh start "$var" "$pg_port" "$redis_port" durable || exit 1

for svc in catalog order logistics packaging; do
  "$bin/dure-$svc" 2>>"$var/log/$svc.log" &
  pids+=($!)
done

for _ in $(seq 100); do
  "$bin/durectl" health >/dev/null 2>&1 && break
  sleep 0.2
done
"$bin/durectl" health || { echo "services did not become healthy; see var/log/"; exit 1; }

echo
echo "loading the demo catalog (August 2018: 12 categories, 55 enterprises, 194 products)"
"$bin/durectl" demo catalog --out "$var/demo" >/dev/null &&
  "$bin/durectl" catalog import "$var/demo/enterprises.csv" "$var/demo/products.csv" \
    "$var/demo/campaigns.csv" || echo "demo catalog import failed"
"$bin/durectl" catalog categories

echo
orders=${DURE_RUN_ORDERS:-200}
echo "sending a wave of $orders demo orders"
"$bin/dure-loadgen" --orders "$orders" --rate "${DURE_RUN_RATE:-50}" --catalog "$var/demo/products.csv" --label demo \
  || echo "demo wave failed"
sleep 2

echo
echo "packaging recorded for today's shipments:"
today=$(TZ=Asia/Seoul date +%F)
"$bin/durectl" packaging report --from "$today" --to "$today" --by material || true

cat <<INFO

dure is running:
  catalog    requests tcp://127.0.0.1:7110  events tcp://127.0.0.1:7111  http://127.0.0.1:9110/metrics
  order      requests tcp://127.0.0.1:7120  events tcp://127.0.0.1:7121  http://127.0.0.1:9120/metrics
  logistics  requests tcp://127.0.0.1:7130  events tcp://127.0.0.1:7131  http://127.0.0.1:9130/metrics
  packaging  requests tcp://127.0.0.1:7140  events tcp://127.0.0.1:7141  http://127.0.0.1:9140/metrics
  PostgreSQL postgresql://dure@127.0.0.1:$pg_port/dure   Redis 127.0.0.1:$redis_port
  logs       var/log/*.log (JSON lines)
Try: build/bin/durectl order list, build/bin/durectl report sales --year $(date +%Y)
Ctrl-C stops everything.
INFO
while true; do sleep 3600 & wait $!; done
