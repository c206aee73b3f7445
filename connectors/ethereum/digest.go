package ethereum

import (
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

// The EIP-712 messages relay nodes sign. Each contract has its own domain
// (name, version "1", chain id, its own address), so a signature is good
// for one chain, one contract and one kind of message only. These must
// match the contracts' *_TYPEHASH constants and EIP712(...) names; a test
// on the simulated chain compares them with the contracts' own digest
// functions.
const (
	vaultDomainName   = "CocoBridgeVault"
	anchorDomainName  = "CocoAnchor"
	signersDomainName = "CocoRelaySigners"
	domainVersion     = "1"

	domainType  = "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"
	releaseType = "Release(bytes32 id,address token,address to,uint256 amount)"
	mintType    = "Mint(bytes32 id,address token,address to,uint256 amount)"
	cancelType  = "Cancel(bytes32 id)"
	// The strings of a pull are hashed (keccak256 of their bytes), as
	// EIP-712 encodes string members.
	lockFromType = "LockFrom(bytes32 id,address token,address holder,bytes32 user,uint256 amount,string destinationLedger,string destinationAccount)"
	burnFromType = "BurnFrom(bytes32 id,address token,address holder,bytes32 user,uint256 amount,string destinationLedger,string destinationAccount)"
	anchorType   = "Anchor(uint64 seqno,bytes32 root,uint64 time)"
	updateType   = "UpdateSigners(address[] signers,uint256 threshold,uint64 nonce)"
)

// domain is one contract's EIP-712 domain separator.
type domain [32]byte

func newDomain(name string, chainID uint64, contract common.Address) domain {
	return domain(crypto.Keccak256Hash(
		crypto.Keccak256([]byte(domainType)),
		crypto.Keccak256([]byte(name)),
		crypto.Keccak256([]byte(domainVersion)),
		word(new(big.Int).SetUint64(chainID)),
		common.LeftPadBytes(contract.Bytes(), 32),
	))
}

// digest is keccak256("\x19\x01" || domainSeparator || hashStruct(message)),
// with hashStruct = keccak256(typeHash || encoded fields).
func (d domain) digest(typ string, fields ...[]byte) []byte {
	parts := append([][]byte{crypto.Keccak256([]byte(typ))}, fields...)
	structHash := crypto.Keccak256(parts...)
	return crypto.Keccak256([]byte{0x19, 0x01}, d[:], structHash)
}

// word encodes a non-negative integer below 2^256 as one ABI word.
func word(n *big.Int) []byte { return common.LeftPadBytes(n.Bytes(), 32) }

func uintWord(n uint64) []byte { return word(new(big.Int).SetUint64(n)) }

func addrWord(a common.Address) []byte { return common.LeftPadBytes(a.Bytes(), 32) }

// addressArrayHash encodes an address[] member: keccak256 of the
// concatenated words of its elements.
func addressArrayHash(as []common.Address) []byte {
	words := make([][]byte, len(as))
	for i, a := range as {
		words[i] = addrWord(a)
	}
	return crypto.Keccak256(words...)
}
