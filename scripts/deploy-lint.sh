#!/usr/bin/env bash
# deploy-lint.sh - lints everything under deploy/, offline. Exits non-zero on any problem.
#
#   scripts/deploy-lint.sh
#
#   Dockerfiles   npm dockerfilelint; every stage FROM debian:bookworm-slim; no ADD of URLs
#   compose       yamllint; `docker-compose config -q` (schema), else `podman-compose --dry-run`
#   Kubernetes    yamllint; deploy/lint/validate-k8s.js (kubernetes-models schemas + probes,
#                 resources, selectors, Services, PDBs, HPAs, referenced ConfigMaps/Secrets)
#   Prometheus    promtool check config (compose and Kubernetes configs), check rules, test rules
#   Grafana       deploy/lint/validate-dashboard.js (JSON, panels, metric names) and the
#                 dashboard's PromQL through `promtool check rules`
#   shell         sh -n / bash -n on the entrypoints and scripts; shellcheck when installed
#
# Needs: Debian packages yamllint prometheus (promtool) nodejs npm, and docker-compose (or
# podman-compose); the npm packages of deploy/lint/package.json are installed into
# deploy/lint/node_modules on first use (npm registry; not committed).
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2
lint=deploy/lint
status=0
tmp=$(mktemp -d /tmp/dure-deploy-lint.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

ok() { printf '  ok    %s\n' "$*"; }
bad() { printf '  FAIL  %s\n' "$*"; status=1; }
check() { # check NAME COMMAND...: runs it, shows its output only when it fails
  local name=$1
  shift
  if "$@" >"$tmp/out" 2>&1; then
    ok "$name"
  else
    bad "$name"
    sed 's/^/        /' "$tmp/out"
  fi
}
need() {
  command -v "$1" >/dev/null && return 0
  bad "$1 not installed (apt-get install $2)"
  return 1
}

need node nodejs && need npm npm && {
  if [ ! -d "$lint/node_modules/kubernetes-models" ] || [ ! -d "$lint/node_modules/dockerfilelint" ] \
    || [ ! -d "$lint/node_modules/js-yaml" ]; then
    echo "installing the npm linters into $lint/node_modules (once)"
    (cd "$lint" && npm ci --no-audit --no-fund --loglevel=error >/dev/null 2>&1 \
      || npm install --no-audit --no-fund --loglevel=error >/dev/null) || bad "npm install in $lint"
  fi
}

echo "Dockerfiles"
dockerfiles=(deploy/Dockerfile deploy/postgres/Dockerfile deploy/redis/Dockerfile deploy/prometheus/Dockerfile)
for f in "${dockerfiles[@]}"; do
  check "dockerfilelint $f" "$lint/node_modules/.bin/dockerfilelint" "$f"
  froms=$(awk 'toupper($1) == "FROM" {print $2}' "$f" | sort -u)
  if [ "$froms" = "debian:bookworm-slim" ]; then
    ok "$f: every stage FROM debian:bookworm-slim"
  else
    bad "$f: base images $(echo "$froms" | tr '\n' ' ')(want only debian:bookworm-slim)"
  fi
  if grep -Eiq '^[[:space:]]*ADD[[:space:]]+https?://' "$f"; then bad "$f: ADD of a URL"; fi
done
if grep -qx 'build/' .dockerignore && grep -qx '.git' .dockerignore; then
  ok ".dockerignore leaves out build/ and .git"
else
  bad ".dockerignore must leave out build/ and .git"
fi

echo "YAML"
need yamllint yamllint && check "yamllint deploy/" yamllint -s -c deploy/.yamllint deploy/compose.yaml deploy/k8s deploy/prometheus

echo "compose"
if command -v docker-compose >/dev/null; then
  check "docker-compose config -q deploy/compose.yaml" docker-compose -f deploy/compose.yaml config -q
elif command -v podman-compose >/dev/null; then
  check "podman-compose --dry-run up (parses deploy/compose.yaml)" \
    podman-compose --dry-run -p dure-lint -f deploy/compose.yaml up --no-build -d
else
  bad "neither docker-compose nor podman-compose installed (apt-get install docker-compose)"
fi

echo "Kubernetes"
check "validate-k8s.js deploy/k8s (kubernetes-models)" node "$lint/validate-k8s.js" deploy/k8s
grep -h 'k8s:' "$tmp/out" | sed 's/^/        /'

echo "Prometheus"
if need promtool prometheus; then
  check "promtool check config deploy/prometheus/prometheus.yml" promtool check config deploy/prometheus/prometheus.yml
  check "promtool check config deploy/prometheus/prometheus-k8s.yml" promtool check config deploy/prometheus/prometheus-k8s.yml
  check "promtool check rules deploy/prometheus/alerts.yml" promtool check rules deploy/prometheus/alerts.yml
  check "promtool test rules deploy/prometheus/alerts_test.yml" promtool test rules deploy/prometheus/alerts_test.yml
fi

echo "Grafana"
check "validate-dashboard.js deploy/grafana/dure-dashboard.json" \
  node "$lint/validate-dashboard.js" deploy/grafana/dure-dashboard.json "$tmp/dashboard-rules.yml"
if command -v promtool >/dev/null && [ -s "$tmp/dashboard-rules.yml" ]; then
  check "promtool parses the dashboard's PromQL" promtool check rules "$tmp/dashboard-rules.yml"
fi

echo "shell"
for f in deploy/image/dure-entrypoint deploy/postgres/postgres-entrypoint deploy/redis/redis-entrypoint \
         deploy/podman/base-image.sh; do
  check "sh -n $f" sh -n "$f"
done
for f in deploy/image/dure-healthcheck deploy/prometheus/http-ok scripts/container-smoke.sh scripts/deploy-lint.sh; do
  check "bash -n $f" bash -n "$f"
done
if command -v shellcheck >/dev/null; then
  check "shellcheck" shellcheck -S warning deploy/image/dure-entrypoint deploy/image/dure-healthcheck \
    deploy/postgres/postgres-entrypoint deploy/redis/redis-entrypoint deploy/podman/base-image.sh \
    deploy/prometheus/http-ok scripts/container-smoke.sh scripts/deploy-lint.sh
fi

if [ "$status" = 0 ]; then echo "deploy lint: all passed"; else echo "deploy lint: FAILED"; fi
exit "$status"
