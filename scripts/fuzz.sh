#!/usr/bin/env bash
# fuzz.sh - builds the libFuzzer targets under tests/fuzz/ with clang (ASan + UBSan) and runs
# each for FUZZ_RUNS executions (default 100000) or FUZZ_SECONDS, starting from its committed
# seed corpus (copied, so the committed corpus stays as it is).
#
#   scripts/fuzz.sh [TARGET...]        targets: the fuzz_*.c names without prefix and suffix
set -euo pipefail
cd "$(dirname "$0")/.."
make -s build/gen/dure/v1/envelope.pb-c.c >/dev/null
gen=$(ls build/gen/dure/v1/*.pb-c.c)
out=build/fuzz
mkdir -p "$out"
runs=${FUZZ_RUNS:-100000}
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=($(ls tests/fuzz/fuzz_*.c | sed 's|.*/fuzz_||; s|\.c$||'))
cflags="-g -O1 -std=c11 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined -Icommon -Ibuild/gen $(pkg-config --cflags libczmq libprotobuf-c json-c libpq hiredis)"
libs="$(pkg-config --libs libczmq libzmq libprotobuf-c json-c uuid)"
for t in "${targets[@]}"; do
  src=tests/fuzz/fuzz_$t.c
  extra=$(sed -n 's|^ *FUZZ_SOURCES: *||p' "$src")
  clang $cflags "$src" common/dure_envelope.c common/dure_alloc.c $extra $gen $libs -o "$out/fuzz-$t"
  rm -rf "$out/corpus-$t"
  cp -r "tests/fuzz/corpus/$t" "$out/corpus-$t"
  echo "== fuzz $t: $runs runs"
  limit=()
  [ -n "${FUZZ_SECONDS:-}" ] && limit=(-max_total_time="$FUZZ_SECONDS")
  # The log keeps the whole report (stack, runtime errors); a crashing input goes to $out/.
  rc=0
  "$out/fuzz-$t" -runs="$runs" "${limit[@]}" -max_len=65536 -print_final_stats=1 \
    -artifact_prefix="$out/$t-" "$out/corpus-$t" >"$out/log-$t" 2>&1 || rc=$?
  grep -E "^(Done|stat::number_of_executed_units|==|SUMMARY)" "$out/log-$t" || true
  if [ "$rc" -ne 0 ]; then
    grep -E "runtime error|^ +#[0-9]+ |^fuzz_|Test unit written" "$out/log-$t" | head -40 || true
    echo "fuzz $t: FAILED (exit $rc; full log: $out/log-$t)"
    exit 1
  fi
done
