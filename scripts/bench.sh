#!/usr/bin/env bash
# bench.sh - `make bench`: builds the release binaries, starts a private PostgreSQL (durable:
# fsync and synchronous_commit on) and Redis, and runs every benchmark under tests/bench/.
# Each benchmark prints a human table and JSON lines (lines starting with '{'); the JSON lines
# of a run are collected into bench/results/<UTC time>.json, and a summary is printed.
#
#   scripts/bench.sh [NAME...]     run only the benchmarks whose name contains NAME
set -uo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh || exit 1
make -s -j"$(nproc)" all >/dev/null || { echo "build failed"; exit 1; }

dir=$(mktemp -d "${TMPDIR:-/tmp}/dure-bench-XXXXXX")
pg_port=$((43000 + RANDOM % 2000))
redis_port=$((pg_port + 2000))
cleanup() { scripts/infra.sh stop "$dir" >/dev/null 2>&1; rm -rf "$dir"; }
trap cleanup EXIT INT TERM
scripts/infra.sh start "$dir" "$pg_port" "$redis_port" durable || exit 1
export DURE_TEST_PG_ADMIN="postgresql://dure@127.0.0.1:$pg_port/postgres"
export DURE_TEST_REDIS_PORT=$redis_port
export DURE_BIN_DIR=build/bin
export DURE_SHARED_DIR=${DURE_SHARED_DIR:-../shared}

stamp=$(date -u +%Y%m%dT%H%M%SZ)
results=bench/results/$stamp.json
: >"$results"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r)"
for b in build/bin/bench-*; do
  name=${b##*/bench-}
  if [ $# -gt 0 ]; then
    keep=0; for f in "$@"; do case $name in *"$f"*) keep=1 ;; esac; done
    [ $keep = 1 ] || continue
  fi
  echo
  echo "== $name"
  "$b" | tee "$dir/$name.out"
  grep '^{' "$dir/$name.out" | sed "s/^{/{\"bench\":\"$name\",/" >>"$results"
done
echo
echo "results: $results"
