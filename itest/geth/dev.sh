#!/usr/bin/env bash
# dev.sh starts a geth --dev chain (chain id 1337, one block a second, the
# dev account funded and unlocked) for trying the Ethereum connector by
# hand, building geth first if needed. The integration test starts its own
# with the same flags.
#
#   itest/geth/dev.sh [DATADIR]     # HTTP on 127.0.0.1:8545, WebSocket on :8546
set -euo pipefail
geth=${COCO_GETH:-$("$(dirname "$0")/build.sh")}
datadir=${1:-$(mktemp -d)}
echo "geth --dev in $datadir: http://127.0.0.1:8545 ws://127.0.0.1:8546" >&2
exec "$geth" --dev --dev.period 1 --datadir "$datadir" \
  --http --http.addr 127.0.0.1 --http.port 8545 --http.api eth,net,web3 \
  --ws --ws.addr 127.0.0.1 --ws.port 8546 --ws.api eth,net,web3 \
  --ipcdisable --nodiscover --maxpeers 0 --port 0 --authrpc.port 8551 --verbosity 2
