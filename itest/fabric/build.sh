#!/usr/bin/env bash
# build.sh builds the Hyperledger Fabric 2.5.0 binaries (peer, orderer,
# configtxgen, cryptogen, osnadmin) from the Go module proxy and caches them.
# It prints the cache directory (holding bin/ and config/) on stdout.
#
# The release tags of github.com/hyperledger/fabric are refused by the module
# proxy, and `go install .../cmd/peer@...` fails; what works is downloading
# the module at the v2.5.0 release commit, removing its vendor directory and
# building inside it (see ENVIRONMENT.md). About 2 minutes cold; a cached
# build returns at once.
#
# Environment:
#   COCO_CACHE  cache root (default ${XDG_CACHE_HOME:-$HOME/.cache}/coco)
set -euo pipefail

readonly FABRIC_MODULE=github.com/hyperledger/fabric
readonly FABRIC_VERSION=v1.4.0-rc1.0.20230401164317-bd8e24856939 # the v2.5.0 release commit
readonly FABRIC_RELEASE=2.5.0
readonly BINARIES="peer orderer configtxgen cryptogen osnadmin"

cache_root=${COCO_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/coco}
dest="$cache_root/fabric-$FABRIC_RELEASE-${FABRIC_VERSION##*-}"

log() { echo "fabric build: $*" >&2; }

complete() {
  [ -f "$dest/.complete" ] || return 1
  for b in $BINARIES; do [ -x "$dest/bin/$b" ] || return 1; done
}

if complete; then
  echo "$dest"
  exit 0
fi

mkdir -p "$cache_root"
# One build at a time (test packages may ask concurrently).
exec 9>"$cache_root/.fabric-build.lock"
flock 9
if complete; then
  echo "$dest"
  exit 0
fi

work=$(mktemp -d "$cache_root/.fabric-build.XXXXXX")
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT

# Download outside any module so that no go.mod is touched. Only the
# proxy's first entry: a 404 must not fall back to git, which cannot
# reach anything here.
proxy=$(go env GOPROXY | cut -d, -f1)
log "downloading $FABRIC_MODULE@$FABRIC_VERSION"
src=$(cd "$work" && GOWORK=off GOFLAGS= GOPROXY="$proxy" go mod download -json "$FABRIC_MODULE@$FABRIC_VERSION" |
  sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')
if [ -z "$src" ] || [ ! -d "$src" ]; then
  log "module download gave no directory"
  exit 1
fi

cp -R "$src" "$work/fabric"
chmod -R u+w "$work/fabric"
rm -rf "$work/fabric/vendor"
grep -Eq "^FABRIC_VER[[:space:]]*\?= $FABRIC_RELEASE\b" "$work/fabric/Makefile" || {
  log "the downloaded module is not Fabric $FABRIC_RELEASE"
  exit 1
}

log "building $BINARIES (about 2 minutes)"
mkdir -p "$work/out/bin" "$work/out/config"
pkgs=""
for b in $BINARIES; do pkgs="$pkgs ./cmd/$b"; done
(cd "$work/fabric" && GOWORK=off GOFLAGS=-mod=mod GOPROXY="$proxy" CGO_ENABLED=0 go build -trimpath \
  -ldflags "-X $FABRIC_MODULE/common/metadata.Version=$FABRIC_RELEASE" \
  -o "$work/out/bin/" $pkgs)
cp "$work/fabric/sampleconfig/core.yaml" "$work/fabric/sampleconfig/orderer.yaml" \
  "$work/fabric/sampleconfig/configtx.yaml" "$work/out/config/"
echo "$FABRIC_MODULE@$FABRIC_VERSION" >"$work/out/.complete"

rm -rf "$dest"
mv "$work/out" "$dest"
log "cached in $dest"
echo "$dest"
