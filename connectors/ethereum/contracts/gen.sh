#!/usr/bin/env bash
# Rebuilds the compiled contracts (build/) and their Go bindings
# (../bindings/) from the Solidity sources here. `go generate
# ./connectors/ethereum/...` runs it; so can you. Needs node and npm (the
# compiler and OpenZeppelin come from npm at the versions package-lock.json
# pins) and the Go module proxy (abigen at the pinned version below).
# Deterministic: the same sources give byte-identical output.
set -euo pipefail
cd "$(dirname "$0")"

# abigen v1.17.9 and later cannot be built here; v1.17.8's output compiles
# against the go-ethereum library version go.mod requires.
ABIGEN="github.com/ethereum/go-ethereum/cmd/abigen@v1.17.8"
CONTRACTS=(RelaySigners BridgeVault WrappedToken Anchor TestToken)

npm ci --no-audit --no-fund --silent >&2
node build.js

out=../bindings
for c in "${CONTRACTS[@]}"; do
  file="$out/$(echo "$c" | tr '[:upper:]' '[:lower:]').go"
  # Output structs are not prefixed with the contract's name, so the ERC-5267
  # eip712Domain() every EIP-712 contract has gets a name of its own.
  GOFLAGS=-buildvcs=false go run "$ABIGEN" --v2 --pkg bindings --type "$c" \
    --alias "eip712Domain=${c}Domain" \
    --abi "build/$c.abi" --bin "build/$c.bin" --out "$file"
done
