package wire

import (
	"encoding/hex"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"unicode/utf8"
)

// tagPull separates pull digests from every other digest (see the tags
// in digest.go).
const tagPull = "coco/fabric/pull/v1"

// Limits of the text a deposit carries.
const (
	MaxLedgerName = 64
	MaxAccount    = 512
)

// EventBridgeApproval is the event of ApproveBridge: BridgeApproval.
const EventBridgeApproval = "BridgeApproval"

// BridgeApproval is what ApproveBridge emits: holder lets the bridge take
// up to Value of Asset for a pull by the API user User.
type BridgeApproval struct {
	Holder string `json:"holder"`
	User   string `json:"user"`
	Asset  string `json:"asset"`
	Value  string `json:"value"` // decimal
}

// PullDigest is the SHA-256 digest relay nodes sign to authorise a pull:
// a lock (kind KindLock) or burn (KindBurn) of amount of asset taken from
// holder, within the allowance holder gave the bridge for the API user
// user, under the relay-assigned transfer id, for destAccount on
// destLedger. It is the domain, then kind, id (32 bytes), asset, holder,
// user, amount (32 bytes big-endian), destLedger and destAccount. It
// refuses fields the chaincode would refuse (CheckPull).
func (d Domain) PullDigest(kind string, id [32]byte, asset, holder, user string, amount *big.Int, destLedger, destAccount string) ([]byte, error) {
	if err := CheckPull(kind, asset, holder, user, destLedger, destAccount); err != nil {
		return nil, err
	}
	amt, err := amountBytes(amount)
	if err != nil {
		return nil, err
	}
	m := newMessage(tagPull, d)
	m.str(kind)
	m.fixed(id[:])
	m.str(asset)
	m.str(holder)
	m.str(user)
	m.fixed(amt)
	m.str(destLedger)
	m.str(destAccount)
	return m.digest(), nil
}

// CheckPull reports every field of a pull that cannot be used.
func CheckPull(kind, asset, holder, user, destLedger, destAccount string) error {
	var errs []error
	if kind != KindLock && kind != KindBurn {
		errs = append(errs, fmt.Errorf("pull kind %.20q: want %q or %q", kind, KindLock, KindBurn))
	}
	field := func(name string, err error) {
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", name, err))
		}
	}
	field("asset", CheckAssetName(asset))
	field("holder", CheckHolder(holder))
	field("user", CheckUser(user))
	field("destinationLedger", CheckText(destLedger, MaxLedgerName))
	field("destinationAccount", CheckText(destAccount, MaxAccount))
	return errors.Join(errs...)
}

// CheckUser reports an API user id that is not 64 lowercase hex
// characters (the user's key id).
func CheckUser(user string) error {
	b, err := hex.DecodeString(user)
	if err != nil || len(b) != 32 || hex.EncodeToString(b) != user {
		return fmt.Errorf("%.80q: want 64 lowercase hex characters", user)
	}
	return nil
}

// CheckHolder reports a string that is not a client account as the
// chaincode names them: "MSPID:" and the client id, 1 to MaxAccount bytes
// of text (CheckText).
func CheckHolder(account string) error {
	if err := CheckText(account, MaxAccount); err != nil {
		return err
	}
	msp, id, ok := strings.Cut(account, ":")
	if !ok || msp == "" || id == "" {
		return fmt.Errorf("%.80q: want MSPID:client id", account)
	}
	return nil
}

// CheckAssetName reports an asset name that is not 1 to 64 letters,
// digits and . _ - starting with a letter or digit.
func CheckAssetName(s string) error {
	if s == "" || len(s) > 64 {
		return errors.New("must be 1 to 64 characters")
	}
	for i, c := range []byte(s) {
		alnum := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
		if !alnum && (i == 0 || c != '.' && c != '_' && c != '-') {
			return fmt.Errorf("%q: use letters, digits and . _ - (starting with a letter or digit)", s)
		}
	}
	return nil
}

// CheckText accepts 1..max bytes of UTF-8 without NUL or U+10FFFF (which
// composite keys cannot hold) or other control characters.
func CheckText(s string, max int) error {
	if s == "" || len(s) > max {
		return fmt.Errorf("must be 1 to %d bytes", max)
	}
	if !utf8.ValidString(s) {
		return errors.New("not valid UTF-8")
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f || r == utf8.MaxRune {
			return errors.New("contains a control character")
		}
	}
	return nil
}
