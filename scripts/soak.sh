#!/usr/bin/env bash
# soak.sh - `make soak`: the four services under steady open-loop load for 10 minutes on a
# private durable PostgreSQL and Redis, the RSS of every service sampled every 10 s; fails
# when a service's RSS grew by more than 5 % over the second half of the run (the first half
# is warm-up: arenas and buffers grow to the batch sizes of the rate, then stay).
#
#   DURE_SOAK_SECONDS (default 600) and DURE_SOAK_RATE (orders/s, default 100: a rate the
#   2-core bench machine sustains, so that growth means a leak, not a queue) tune it;
#   BUILD_ROOT=DIR uses the binaries of DIR (as scripts/test.sh). The samples and the JSON
#   lines go to bench/results/soak-<UTC time>.txt.
set -uo pipefail
cd "$(dirname "$0")/.."

root=${BUILD_ROOT:-build}
export BUILD_ROOT=$root
jobs=$(nproc 2>/dev/null || echo 2)
[ "$jobs" -gt 2 ] && jobs=2
scripts/install-deps.sh || exit 1
make -s -j"$jobs" all >/dev/null || { echo "build failed"; exit 1; }

dir=$(mktemp -d "${TMPDIR:-/tmp}/dure-soak-XXXXXX")
pg_port=$((19000 + RANDOM % 1000)) # below the ephemeral ports (32768+), which outgoing connections take
redis_port=$((pg_port + 1000))
cleanup() { scripts/infra.sh stop "$dir" >/dev/null 2>&1; rm -rf "$dir"; }
trap cleanup EXIT INT TERM
scripts/infra.sh start "$dir" "$pg_port" "$redis_port" durable || exit 1
export DURE_TEST_PG_ADMIN="postgresql://dure@127.0.0.1:$pg_port/postgres"
export DURE_TEST_REDIS_PORT=$redis_port
export DURE_BIN_DIR=$root/bin
export DURE_SHARED_DIR=${DURE_SHARED_DIR:-../shared}

mkdir -p bench/results
out=bench/results/soak-$(date -u +%Y%m%dT%H%M%SZ).txt
"$root/bin/bench-journey" --soak "${DURE_SOAK_SECONDS:-600}" --rate "${DURE_SOAK_RATE:-100}" | tee "$out"
rc=${PIPESTATUS[0]}
echo "samples: $out"
exit "$rc"
