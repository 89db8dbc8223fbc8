#!/usr/bin/env bash
# infra.sh - a private PostgreSQL and Redis on loopback, under a folder of the project.
#
#   scripts/infra.sh start DIR PG_PORT REDIS_PORT [durable|fast]
#   scripts/infra.sh stop DIR
#
# PostgreSQL refuses to run as root, so as root the cluster belongs to the 'postgres' system
# user (created by Debian's postgresql package). The superuser role is 'dure', trusted on
# 127.0.0.1 only. 'fast' turns fsync off (throwaway test clusters); 'durable' keeps every
# commit on disk (the local stack and benchmarks).
set -euo pipefail

pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$dir" ] || { echo "infra: PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }
  echo "$dir"
}

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
  local dir=$1 pg_port=$2 redis_port=$3 mode=${4:-durable}
  local bin; bin=$(pg_bin)
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  if [ "$(id -u)" = 0 ]; then
    mkdir -p "$dir/pg"
    chown postgres "$dir/pg"
    chmod 755 "$dir"
  fi
  if [ ! -f "$dir/pg/PG_VERSION" ]; then
    as_owner "$bin/initdb" -D "$dir/pg" -U dure --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
  fi
  local fsync=on
  [ "$mode" = fast ] && fsync=off
  as_owner "$bin/pg_ctl" -D "$dir/pg" -l "$dir/pg/server.log" -w -t 60 start -o \
    "-c listen_addresses=127.0.0.1 -c port=$pg_port -c unix_socket_directories=$dir/pg \
     -c fsync=$fsync -c synchronous_commit=$fsync -c full_page_writes=$fsync \
     -c max_connections=200 -c shared_buffers=128MB -c log_min_messages=warning" >/dev/null
  "$bin/psql" -h 127.0.0.1 -p "$pg_port" -U dure -d postgres -qtAc \
    "SELECT 1 FROM pg_database WHERE datname = 'dure'" | grep -q 1 \
    || "$bin/psql" -h 127.0.0.1 -p "$pg_port" -U dure -d postgres -qc "CREATE DATABASE dure" >/dev/null
  redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no \
    --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" --dir "$dir"
  for _ in $(seq 50); do
    redis-cli -p "$redis_port" ping >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "infra: Redis did not start (see $dir/redis.log)" >&2
  exit 1
}

stop() {
  local dir=$1
  local bin; bin=$(pg_bin)
  if [ -f "$dir/pg/postmaster.pid" ]; then
    as_owner "$bin/pg_ctl" -D "$dir/pg" -m fast -w stop >/dev/null 2>&1 || true
  fi
  if [ -f "$dir/redis.pid" ]; then
    kill "$(cat "$dir/redis.pid")" 2>/dev/null || true
    rm -f "$dir/redis.pid"
  fi
}

case "${1:-}" in
  start) shift; start "$@" ;;
  stop) shift; stop "$@" ;;
  *) echo "usage: $0 start DIR PG_PORT REDIS_PORT [durable|fast] | stop DIR" >&2; exit 2 ;;
esac
