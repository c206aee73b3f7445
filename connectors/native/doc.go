// Package native is Coco's own asset ledger, kept in the shared ledger's
// private tables: assets (each with an issuer), accounts (each with an
// owner), mint (issuer only), transfer (owner only) and burn, with balance
// checks, no overflow (amounts are unsigned 256-bit integers) and a history
// per account. Every operation is a function of a ledger.Tx; total supply
// per asset is conserved by every transfer.
package native
