// Package itest holds the tests that run whole networks: several `coco
// node` processes, fault injection (kill -9, restarts, tampering with files
// on disk), the command line end to end, and later real ledgers (geth,
// Fabric). They are part of `go test ./...`; -short skips them.
package itest
