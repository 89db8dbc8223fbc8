#!/usr/bin/env bash
# test.sh - builds everything and runs the unit and integration tests against a throwaway
# PostgreSQL and Redis started here and stopped on exit, first with the plain build, then
# (unless DURE_TEST_SANITIZE=0) with AddressSanitizer + UBSan + LeakSanitizer.
#
#   scripts/test.sh [FILTER...]      FILTER selects tests whose name contains it
#
# BUILD_ROOT=DIR builds and tests in DIR instead of build/; DURE_TEST_SANITIZE=0 skips the
# sanitizer run (quicker while working).
#
# Ends with one line "N passed, M failed" over both runs; exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."

jobs=$(nproc 2>/dev/null || echo 2)
root=${BUILD_ROOT:-build}
export BUILD_ROOT=$root
make -s -j"$jobs" all >/dev/null || { echo "build failed"; exit 1; }

dir=$(mktemp -d "${TMPDIR:-/tmp}/dure-test-infra-XXXXXX")
pg_port=$((10000 + RANDOM % 2000)) # below the ephemeral ports (32768+), which outgoing connections take
redis_port=$((pg_port + 5000))
cleanup() { scripts/infra.sh stop "$dir" >/dev/null 2>&1; rm -rf "$dir"; }
trap cleanup EXIT INT TERM
scripts/infra.sh start "$dir" "$pg_port" "$redis_port" fast || { echo "cannot start PostgreSQL/Redis"; exit 1; }
export DURE_TEST_PG_ADMIN="postgresql://dure@127.0.0.1:$pg_port/postgres"
export DURE_TEST_REDIS_PORT=$redis_port
export DURE_SHARED_DIR=${DURE_SHARED_DIR:-../shared}

passed=0 failed=0
run() { # run LABEL BINARY...
  local label=$1; shift
  echo "== $label"
  local out; out=$(mktemp)
  "$@" | tee "$out"
  local line; line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$out" | tail -n 1)
  rm -f "$out"
  if [ -z "$line" ]; then echo "$label: runner did not finish"; failed=$((failed + 1)); return; fi
  passed=$((passed + ${line%% passed*}))
  local f=${line#*, }; failed=$((failed + ${f%% failed*}))
}

export DURE_BIN_DIR=$root/bin
run "unit tests" "$root/bin/dure-unit" "$@"
run "integration tests" "$root/bin/dure-integration" "$@"

if [ "${DURE_TEST_SANITIZE:-1}" != 0 ]; then
  make -s -j"$jobs" SAN=1 all >/dev/null || { echo "sanitizer build failed"; exit 1; }
  export DURE_BIN_DIR=$root/san/bin
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=23
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  export LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp:print_suppressions=0
  run "unit tests (ASan+UBSan+LSan)" "$root/san/bin/dure-unit" "$@"
  run "integration tests (ASan+UBSan+LSan)" "$root/san/bin/dure-integration" "$@"
fi

echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
