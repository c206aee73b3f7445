// Package connectors holds one sub-package per kind of ledger the relay
// moves assets between: ethereum, fabric and native (Coco's own ledger).
// The relay defines the interface it needs from them; connectors keep no
// transfer state of their own.
package connectors
