#!/usr/bin/env bash
# container-smoke.sh - the containerised smoke test: the compose stack from scratch, a tiny
# catalog, a few orders, and the check that they reach packaging.
#
#   scripts/container-smoke.sh
#
# Steps (each timed; the total is printed at the end):
#   1. the base image debian:bookworm-slim, built with debootstrap only when missing
#      (deploy/podman/base-image.sh; about 40 s, once per machine)
#   2. the images, one build at a time: dure-postgres, dure-redis, dure-prometheus, dure
#      (podman's layer cache makes unchanged rebuilds take seconds)
#   3. `podman-compose up -d` of deploy/compose.yaml under the project name dure-smoke, with the
#      published ports moved (1 + the usual port: 17110, 19110, ..., 19090) so a `make run`
#      stack on the same machine is not disturbed
#   4. waits for the four services: /readyz on each published HTTP port, then `durectl health`
#      from the host against the published request ports
#   5. Prometheus scrapes the four services (up == 1 for each job)
#   6. loads the demo catalog (durectl demo catalog + durectl catalog import)
#   7. places DURE_SMOKE_ORDERS orders (default 20) with dure-loadgen through the published
#      order port; at least one must be acknowledged
#   8. waits until packaging has recorded shipments for them (psql in the postgres container:
#      rows in packaging.records), and until Prometheus has scraped dure_packaging_grams_total;
#      shows `durectl packaging report`
#   9. stops the services with SIGTERM: each must exit 0 (the drain, through `init: true`)
# Whatever happens, a trap tears the stack down (containers, volumes, network).
#
# Settings:
#   DURE_SMOKE_SOURCE  worktree (default: the files as they are) or head (a `git archive HEAD`
#                      snapshot plus the working tree's deploy/: ignores uncommitted sources)
#   DURE_SMOKE_ORDERS  orders to place (20); DURE_SMOKE_KEEP=1 leaves the stack running
#   DURE_SMOKE_TOOLS   host (default): build/bin/durectl and dure-loadgen from the host, the
#                      image's own when the host's lack a command; image: always the image's
# Needs root (podman as on the CI machines) and the Debian packages
#   podman buildah runc podman-compose catatonit netavark aardvark-dns iptables debootstrap curl
# plus `make` having built build/bin/durectl and build/bin/dure-loadgen (for host tools).
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2
root=$PWD
export CONTAINERS_CONF=$root/deploy/podman/containers.conf
project=dure-smoke
compose=(podman-compose -p "$project" -f deploy/compose.yaml)
orders=${DURE_SMOKE_ORDERS:-20}
source_mode=${DURE_SMOKE_SOURCE:-worktree}
tools=${DURE_SMOKE_TOOLS:-host}
services=(catalog order logistics packaging)
work=$(mktemp -d /tmp/dure-smoke.XXXXXX)
chmod 755 "$work" # the image's tools run as an unprivileged user and read files from here
t0=$(date +%s)
failed=0
timings=()

say() { printf '[smoke %4ss] %s\n' "$(($(date +%s) - t0))" "$*"; }
fail() { say "FAIL: $*"; failed=1; }
phase_start() { phase_t=$(date +%s); phase_name=$1; say "== $1"; }
phase_end() { timings+=("$(printf '%-34s %4ss' "$phase_name" "$(($(date +%s) - phase_t))")"); }

for tool in podman podman-compose curl; do
  command -v "$tool" >/dev/null || { echo "container-smoke: missing $tool (see the header)" >&2; exit 2; }
done

# Published host ports: 1 + the usual one (7110 -> 17110); Prometheus 9090 -> 19090.
declare -A host_rpc host_http
for i in 1 2 3 4; do
  svc=${services[$((i - 1))]}
  host_rpc[$svc]=171${i}0
  host_http[$svc]=191${i}0
  up=${svc^^}
  export "DURE_HOST_${up}_RPC=171${i}0" "DURE_HOST_${up}_HTTP=191${i}0"
done
export DURE_HOST_PROMETHEUS=19090
# The stack speaks CurveZMQ (deploy/compose.yaml's development keys): the host's tools and the
# image's take the development operator key pair and the services' public key from here.
export DURE_CURVE_SERVER_KEY='JzkoBMHO#J.Oac:doV!lu(alG4Kw8194K!B!xOsB'
export DURE_CURVE_CLIENT_PUBLIC_KEY='KQdsrOm3ut8DTSCGN=]WO-eo]4PYEE+3r9+L)!)x'
export DURE_CURVE_CLIENT_SECRET_KEY='GyA?LDH=NwVGhLOqzwauLa6YPiZm@V/yP/5FOmz<'
curve_env=(-e DURE_CURVE_SERVER_KEY -e DURE_CURVE_CLIENT_PUBLIC_KEY -e DURE_CURVE_CLIENT_SECRET_KEY)
# The host's durectl finds the services on the published ports.
for svc in "${services[@]}"; do
  export "DURE_${svc^^}_RPC=tcp://127.0.0.1:${host_rpc[$svc]}"
done

teardown() {
  trap - EXIT INT TERM
  if [ "${DURE_SMOKE_KEEP:-0}" = 1 ]; then
    say "DURE_SMOKE_KEEP=1: stack left running; stop it with: CONTAINERS_CONF=$CONTAINERS_CONF ${compose[*]} down -v"
  else
    say "tearing down"
    "${compose[@]}" down -v >"$work/down.log" 2>&1
    # podman-compose 1.0.3 leaves the network, and a restarting container can outlive `down`.
    ids=$(podman ps -aq --filter "label=io.podman.compose.project=$project" 2>/dev/null)
    [ -n "$ids" ] && podman rm -f $ids >/dev/null 2>&1
    vols=$(podman volume ls -q --filter "label=io.podman.compose.project=$project" 2>/dev/null)
    [ -n "$vols" ] && podman volume rm -f $vols >/dev/null 2>&1
    podman network rm -f "${project}_default" >/dev/null 2>&1
  fi
  echo
  echo "timings:"
  for t in "${timings[@]}"; do echo "  $t"; done
  total=$(($(date +%s) - t0))
  if [ "$failed" = 0 ]; then
    echo "container smoke test: PASSED in ${total}s"
  else
    echo "container smoke test: FAILED in ${total}s (logs kept in $work)"
  fi
  [ "$failed" = 0 ] && rm -rf "$work"
  exit "$failed"
}
trap teardown EXIT
trap 'fail "interrupted"; exit 1' INT TERM

# Stops the run at a failure of something later steps depend on (the trap still tears down).
must() { [ "$failed" = 0 ] || exit 1; }

# -- 1. base image ---------------------------------------------------------------------------
phase_start "base image"
deploy/podman/base-image.sh || fail "could not build debian:bookworm-slim"
phase_end; must

# -- 2. images -------------------------------------------------------------------------------
phase_start "images"
ctx=$root
if [ "$source_mode" = head ]; then
  ctx=$work/context
  mkdir -p "$ctx"
  git archive HEAD | tar -x -C "$ctx"
  rm -rf "$ctx/deploy"
  cp -r deploy .dockerignore "$ctx/"
  say "building from git HEAD $(git rev-parse --short HEAD) with the working tree's deploy/"
fi
for image in postgres redis prometheus; do
  s=$(date +%s)
  podman build -q -t "localhost/dure-$image:latest" "deploy/$image" >"$work/build-$image.log" 2>&1 \
    || { tail -20 "$work/build-$image.log"; fail "image dure-$image"; }
  say "dure-$image built in $(($(date +%s) - s))s"
done
s=$(date +%s)
podman build -q -f "$ctx/deploy/Dockerfile" -t localhost/dure:latest "$ctx" >"$work/build-dure.log" 2>&1 \
  || { tail -30 "$work/build-dure.log"; fail "image dure"; }
say "dure built in $(($(date +%s) - s))s"
phase_end; must
missing=()
for svc in "${services[@]}"; do
  podman run --rm --entrypoint /bin/sh localhost/dure:latest -c "command -v dure-$svc" >/dev/null 2>&1 \
    || missing+=("dure-$svc")
done
[ ${#missing[@]} -eq 0 ] || fail "the image lacks ${missing[*]} (no services/<name>/main.c yet?)"
must

# -- 3. start --------------------------------------------------------------------------------
phase_start "compose up"
# Leftovers of an interrupted earlier run would hold the names and ports.
"${compose[@]}" down -v >/dev/null 2>&1
podman network rm -f "${project}_default" >/dev/null 2>&1
"${compose[@]}" up -d >"$work/up.log" 2>&1 || { tail -20 "$work/up.log"; fail "podman-compose up"; }
phase_end; must

# -- 4. services ready -----------------------------------------------------------------------
phase_start "services ready"
deadline=$(($(date +%s) + 120))
for svc in "${services[@]}"; do
  until curl -fsS -m 2 "http://127.0.0.1:${host_http[$svc]}/readyz" >/dev/null 2>&1; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      fail "$svc not ready on 127.0.0.1:${host_http[$svc]} after 120 s; its log:"
      podman logs --tail 15 "${project}_${svc}_1" 2>&1 | sed 's/^/    /'
      break
    fi
    sleep 1
  done
done
phase_end

# Tools: the host's build/bin (checks the published ports like an operator's laptop), or
# the image's own in a container on the stack's network when the host's are missing or lack
# a command; both talk to the same services.
durectl_host() { "$root/build/bin/durectl" "$@"; }
durectl_image() { # runs with a 120 s timeout
  timeout 120 podman run --rm --network "${project}_default" "${curve_env[@]}" -v "$work:/smoke:ro" \
    -e DURE_CATALOG_RPC=tcp://catalog:7110 -e DURE_ORDER_RPC=tcp://order:7120 \
    -e DURE_LOGISTICS_RPC=tcp://logistics:7130 -e DURE_PACKAGING_RPC=tcp://packaging:7140 \
    localhost/dure:latest durectl "$@"
}
host_has() { # host_has COMMAND: does the host's durectl have this command group?
  [ -x "$root/build/bin/durectl" ] || return 1
  local out
  out=$("$root/build/bin/durectl" "$1" 2>&1)
  case "$out" in *"not built in this version"*) return 1 ;; esac
  return 0
}

phase_start "durectl health"
if [ -x build/bin/durectl ] && [ "$tools" = host ]; then
  timeout 60 build/bin/durectl health || fail "durectl health from the host (published ports)"
  # Plaintext, or a key not in the allow-list, is refused: CURVE is really on.
  DURE_CURVE_SERVER_KEY='' DURECTL_TIMEOUT_MS=500 timeout 60 build/bin/durectl health >/dev/null 2>&1 \
    && fail "a plaintext durectl was served by the CURVE stack"
  say "a plaintext client is refused (CURVE on every request socket)"
else
  durectl_image health || fail "durectl health (image)"
fi
phase_end

# -- 5. Prometheus ---------------------------------------------------------------------------
phase_start "prometheus scrapes"
deadline=$(($(date +%s) + 60))
while :; do
  n=$(curl -fsS -m 3 "http://127.0.0.1:19090/api/v1/query" \
        --data-urlencode 'query=count(up{job=~"dure-.*"} == 1)' 2>/dev/null \
      | sed -n 's/.*"value":\[[^,]*,"\([0-9]*\)"\].*/\1/p')
  [ "${n:-0}" = 4 ] && { say "Prometheus scrapes all four services"; break; }
  if [ "$(date +%s)" -ge "$deadline" ]; then
    fail "Prometheus scrapes ${n:-0} of 4 services after 60 s"
    break
  fi
  sleep 2
done
phase_end
must

# -- 6. catalog ------------------------------------------------------------------------------
phase_start "demo catalog"
mkdir -p "$work/demo"
chmod 777 "$work/demo"
# The demo tables come from ../shared/data (DURE_SHARED_DIR), which the image does not hold.
shared=${DURE_SHARED_DIR:-$root/../shared}
if [ -x build/bin/durectl ] && host_has demo; then
  build/bin/durectl demo catalog --out "$work/demo" >"$work/demo.log" 2>&1
else
  podman run --rm -v "$work/demo:/out" -v "$shared:/shared:ro" -e DURE_SHARED_DIR=/shared \
    localhost/dure:latest durectl demo catalog --out /out >"$work/demo.log" 2>&1
fi || { cat "$work/demo.log"; fail "durectl demo catalog"; }
must
if [ "$tools" = host ] && host_has catalog; then
  timeout 120 build/bin/durectl catalog import "$work/demo/enterprises.csv" \
    "$work/demo/products.csv" "$work/demo/campaigns.csv" >"$work/import.log" 2>&1 \
    || { cat "$work/import.log"; fail "catalog import (host durectl)"; }
else
  say "using the image's durectl for the catalog import (the host's has no 'catalog' command)"
  durectl_image catalog import /smoke/demo/enterprises.csv /smoke/demo/products.csv \
    /smoke/demo/campaigns.csv >"$work/import.log" 2>&1 \
    || { cat "$work/import.log"; fail "catalog import (image durectl)"; }
fi
[ "$failed" = 0 ] && say "catalog: $(tail -n 1 "$work/import.log")"
phase_end
must

# -- 7. orders -------------------------------------------------------------------------------
phase_start "orders"
loadgen_args=(--catalog "$work/demo/products.csv" --orders "$orders" --rate 10 --label smoke --json)
if [ "$tools" = host ] && [ -x build/bin/dure-loadgen ]; then
  timeout 120 build/bin/dure-loadgen "${loadgen_args[@]}" --endpoint "tcp://127.0.0.1:${host_rpc[order]}" \
    >"$work/loadgen.json" 2>"$work/loadgen.err"
else
  timeout 120 podman run --rm --network "${project}_default" "${curve_env[@]}" -v "$work:/smoke:ro" localhost/dure:latest \
    dure-loadgen --catalog /smoke/demo/products.csv --orders "$orders" --rate 10 --label smoke --json \
    --endpoint tcp://order:7120 >"$work/loadgen.json" 2>"$work/loadgen.err"
fi
acked=$(sed -n 's/.*"ok":\([0-9]*\).*/\1/p' "$work/loadgen.json" | tail -n 1)
say "loadgen: $(tail -n 1 "$work/loadgen.json") $(tail -n 1 "$work/loadgen.err")"
[ "${acked:-0}" -gt 0 ] || fail "no order was acknowledged"
phase_end
must

# -- 8. packaging ----------------------------------------------------------------------------
phase_start "orders reach packaging"
psql_q() {
  podman exec "${project}_postgres_1" psql -h /run/postgresql -U dure -d dure -qtAX -c "$1" 2>/dev/null
}
deadline=$(($(date +%s) + 90))
while :; do
  placed=$(psql_q 'SELECT count(*) FROM "order".orders')
  records=$(psql_q 'SELECT count(*) FROM packaging.records')
  if [ "${records:-0}" -gt 0 ] 2>/dev/null; then
    say "orders in PostgreSQL: ${placed:-?}; packaging records: $records"
    break
  fi
  if [ "$(date +%s)" -ge "$deadline" ]; then
    fail "no packaging record 90 s after the orders (orders: ${placed:-?}, packaging.records: ${records:-missing})"
    for svc in "${services[@]}"; do
      echo "  --- $svc log (last 8 lines)"
      podman logs --tail 8 "${project}_${svc}_1" 2>&1 | sed 's/^/    /'
    done
    break
  fi
  sleep 2
done
# The packaging metrics reach Prometheus under the names the dashboard and alerts use.
deadline=$(($(date +%s) + 40))
while [ "$failed" = 0 ]; do
  grams=$(curl -fsS -m 3 "http://127.0.0.1:19090/api/v1/query" \
            --data-urlencode 'query=sum(dure_packaging_grams_total)' 2>/dev/null \
          | sed -n 's/.*"value":\[[^,]*,"\([0-9.e+]*\)"\].*/\1/p')
  if [ -n "$grams" ] && [ "$grams" != 0 ]; then
    say "Prometheus: sum(dure_packaging_grams_total) = $grams"
    break
  fi
  if [ "$(date +%s)" -ge "$deadline" ]; then
    fail "Prometheus has no dure_packaging_grams_total 40 s after the orders"
    break
  fi
  sleep 3
done
today=$(TZ=Asia/Seoul date +%F)
if [ "$tools" = host ] && host_has packaging; then
  build/bin/durectl packaging report --from "$today" --to "$today" --by material || true
else
  durectl_image packaging report --from "$today" --to "$today" --by material || true
fi
phase_end

# -- 9. SIGTERM drain ------------------------------------------------------------------------
if [ "${DURE_SMOKE_KEEP:-0}" != 1 ]; then
  phase_start "SIGTERM drain"
  names=()
  for svc in "${services[@]}"; do names+=("${project}_${svc}_1"); done
  podman stop -t 20 "${names[@]}" >/dev/null 2>&1
  for name in "${names[@]}"; do
    code=$(podman inspect -f '{{.State.ExitCode}}' "$name" 2>/dev/null)
    [ "$code" = 0 ] || fail "$name exited $code after SIGTERM (expected 0)"
  done
  [ "$failed" = 0 ] && say "the four services drained and exited 0"
  phase_end
fi
