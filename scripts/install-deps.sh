#!/usr/bin/env bash
# install-deps.sh - installs the Debian packages dure needs to build, test and run.
# As root it runs apt-get; otherwise it prints the exact command and fails.
#
#   scripts/install-deps.sh             build, test, run
#   scripts/install-deps.sh --deploy    also the container smoke test and the deploy linters
set -euo pipefail

packages=(
  build-essential pkg-config            # compiler, make, pkg-config
  libzmq3-dev libczmq-dev libsodium-dev # ZeroMQ, CZMQ (sockets, ZAP actor), CURVE
  libprotobuf-c-dev protobuf-c-compiler # protobuf-c runtime and protoc-c
  libpq-dev postgresql                  # libpq, and the server for the local stack and tests
  libhiredis-dev redis-server           # hiredis, and the server
  libmicrohttpd-dev                     # /metrics, /healthz, /readyz
  libjson-c-dev                         # JSON logs, durectl --json, packaging rule files
  uuid-dev                              # message ids
  curl procps psmisc                    # scripts: health checks, process handling
  python3 python3-zmq python3-protobuf protobuf-compiler # the Python frontend example test
  clang libclang-rt-14-dev              # libFuzzer targets (make fuzz)
)
if [ "${1:-}" = --deploy ]; then
  packages+=(
    podman buildah runc podman-compose catatonit netavark aardvark-dns iptables debootstrap
    yamllint prometheus shellcheck       # promtool comes with prometheus
  )
  # The linters run from npm; machines of this kind come with Node.js, others get Debian's.
  command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" != 0 ]; then
  echo "dure needs these Debian packages:" >&2
  echo "  sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
