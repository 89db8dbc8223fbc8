#!/usr/bin/env bash
# base-image.sh - makes `debian:bookworm-slim` available to podman without an image registry.
#
# Machines with a registry pull the real image and never need this. Here (only Debian's
# mirror reachable) the base is built with debootstrap from the host's mirror, once: nothing
# happens when the image is already present. About 25-40 s. Needs root and debootstrap.
set -euo pipefail
image=debian:bookworm-slim
if podman image exists "$image"; then
  exit 0
fi
command -v debootstrap >/dev/null || { echo "base-image: apt-get install debootstrap" >&2; exit 1; }
src=/etc/apt/sources.list.d/debian.sources
mirror=$(awk '/^URIs:/{print $2; exit}' "$src" 2>/dev/null || true)
mirror=${mirror:-http://deb.debian.org/debian}
work=$(mktemp -d /tmp/dure-base.XXXXXX)
trap 'rm -rf "$work"' EXIT
echo "base-image: debootstrap bookworm from $mirror (once)" >&2
debootstrap --variant=minbase bookworm "$work/rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 \
  || { tail -20 "$work/debootstrap.log" >&2; exit 1; }
rm -f "$work/rootfs/etc/apt/sources.list"
if [ -f "$src" ]; then
  cp "$src" "$work/rootfs/etc/apt/sources.list.d/"
else
  echo "deb $mirror bookworm main" >"$work/rootfs/etc/apt/sources.list"
fi
rm -rf "$work"/rootfs/var/cache/apt/archives/*.deb "$work"/rootfs/var/lib/apt/lists/*
tar -C "$work/rootfs" --numeric-owner -c . \
  | podman import --change 'CMD ["/bin/bash"]' - "$image" >/dev/null
echo "base-image: $image imported" >&2
