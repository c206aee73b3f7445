// Package connectors holds one sub-package per kind of ledger the relay
// moves assets between: ethereum, fabric and native (Coco's own ledger).
// The relay is their consumer; the contract it needs (Connector, in
// connector.go) lives here so that connectors and their tests need not
// import the relay, and connectortest is the conformance suite every
// connector passes. Connectors keep no transfer state of their own.
package connectors
