#!/usr/bin/env bash
# build.sh builds geth (the version the Ethereum integration tests run
# against) into a cache directory shared by every checkout on this machine,
# or reuses the one built before, and prints the binary's path on stdout.
# `go install ...cmd/geth@v1.17.8` works through the module proxy; v1.17.9
# and later cannot be built as a program here (see ENVIRONMENT.md). A cold
# build takes 3-4 minutes on two cores; a cached one returns at once.
#
# Environment:
#   COCO_CACHE          cache root (default ${XDG_CACHE_HOME:-$HOME/.cache}/coco)
#   COCO_GETH_VERSION   default v1.17.8
# The tests use $COCO_GETH instead, if it is set.
set -euo pipefail

version="${COCO_GETH_VERSION:-v1.17.8}"
cache="${COCO_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/coco}"
dir="$cache/geth-$version"
bin="$dir/bin/geth"

if [ -x "$bin" ] && [ -f "$dir/ok" ]; then
  echo "$bin"
  exit 0
fi

mkdir -p "$dir"
# Serialise concurrent builds (two test packages starting at once).
exec 9>"$dir/lock"
flock 9
if [ -x "$bin" ] && [ -f "$dir/ok" ]; then
  echo "$bin"
  exit 0
fi

echo "building geth $version into $dir (3-4 minutes, once)" >&2
# Outside any module, so no go.mod is read or changed.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && GOBIN="$dir/bin" GOFLAGS=-buildvcs=false go install "github.com/ethereum/go-ethereum/cmd/geth@$version") >&2
"$bin" version >&2
touch "$dir/ok"
echo "$bin"
