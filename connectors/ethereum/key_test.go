package ethereum

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/crypto"

	"github.com/cocorelay/coco/connectors"
	"github.com/cocorelay/coco/enclave"
)

func platform(t *testing.T) enclave.Platform {
	t.Helper()
	p, err := enclave.Open(enclave.Virtual, enclave.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func newTestKey(t *testing.T, p enclave.Platform) *Key {
	t.Helper()
	k, err := NewKey(p, filepath.Join(t.TempDir(), "k.sealed"))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestKeySealSignAndRedact(t *testing.T) {
	p := platform(t)
	path := filepath.Join(t.TempDir(), "keys", "eth.sealed")
	k, err := NewKey(p, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := NewKey(p, path); err == nil {
		t.Fatal("NewKey replaced an existing key")
	}
	again, err := LoadKey(p, path)
	if err != nil || again.Address() != k.Address() {
		t.Fatalf("LoadKey: %v %v", again, err)
	}
	digest := crypto.Keccak256([]byte("payout"))
	sig, err := k.Sign(digest)
	if err != nil {
		t.Fatal(err)
	}
	if sig.Signer != k.Address().Hex() || len(sig.Sig) != 65 || (sig.Sig[64] != 27 && sig.Sig[64] != 28) {
		t.Fatalf("signature %+v", sig)
	}
	by, _, err := recoverSigner(digest, sig.Sig)
	if err != nil || by != k.Address() {
		t.Fatalf("recovered %s, %v; want %s", by.Hex(), err, k.Address().Hex())
	}
	if _, err := k.Sign(digest[:31]); err == nil {
		t.Fatal("signed a 31-byte digest")
	}

	// The private key appears in no log and no formatting.
	secret := fmt.Sprintf("%x", crypto.FromECDSA(k.priv))
	var buf bytes.Buffer
	slog.New(slog.NewTextHandler(&buf, nil)).Info("x", "key", k)
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("x", "key", k)
	fmt.Fprintf(&buf, "%v %s %+v", k, k, k)
	if strings.Contains(buf.String(), secret) || !strings.Contains(buf.String(), k.Address().Hex()) {
		t.Fatalf("key formatting: %s", buf.String())
	}

	// Something else sealed at the path is not taken for a key.
	other := filepath.Join(t.TempDir(), "other.sealed")
	if err := enclave.WriteSealed(p, other, bytes.Repeat([]byte{1}, 32)); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadKey(p, other); err == nil {
		t.Fatal("a raw 32-byte secret was taken for an Ethereum key")
	}
	os.Chmod(path, 0o644)
	if _, err := LoadKey(p, path); err == nil {
		t.Fatal("a key file readable by others was accepted")
	}
}

func TestPrepareSignatures(t *testing.T) {
	p := platform(t)
	var keys []*Key
	var set []string
	for range 3 {
		k := newTestKey(t, p)
		keys = append(keys, k)
		set = append(set, k.Address().Hex())
	}
	signers := &connectors.Signers{Set: set, Threshold: 2}
	digest := crypto.Keccak256([]byte("m"))
	sign := func(k *Key) connectors.Signature {
		s, err := k.Sign(digest)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	stranger := newTestKey(t, p)
	s0, s1, s2 := sign(keys[0]), sign(keys[1]), sign(keys[2])

	out, err := prepareSignatures(digest, []connectors.Signature{s2, sign(stranger), s0, s0, s1}, signers)
	if err != nil || len(out) != 2 {
		t.Fatalf("prepare: %d, %v", len(out), err)
	}
	a, _, _ := recoverSigner(digest, out[0])
	b, _, _ := recoverSigner(digest, out[1])
	if bytes.Compare(a[:], b[:]) >= 0 {
		t.Fatalf("signatures not in ascending signer order: %s %s", a.Hex(), b.Hex())
	}

	zeroV := sign(keys[0])
	zeroV.Sig[64] -= 27 // v as 0/1 is accepted and normalised
	if out, err := prepareSignatures(digest, []connectors.Signature{zeroV, s1}, signers); err != nil || out[0][64] < 27 || out[1][64] < 27 {
		t.Fatalf("v as 0/1: %v", err)
	}

	liar := s0
	liar.Signer = keys[1].Address().Hex() // claims to be someone else
	highS := sign(keys[1])
	sv := new(big.Int).SetBytes(highS.Sig[32:64])
	sv.Sub(crypto.S256().Params().N, sv)
	sv.FillBytes(highS.Sig[32:64])
	highS.Sig[64] ^= 1
	for name, sigs := range map[string][]connectors.Signature{
		"one":              {s0},
		"one twice":        {s0, s0},
		"a stranger":       {s0, sign(stranger)},
		"a false signer":   {liar, s2},
		"a malleable twin": {s0, highS},
		"truncated":        {s0, {Signer: s1.Signer, Sig: s1.Sig[:64]}},
		"another digest":   {s0, mustSign(t, keys[1], crypto.Keccak256([]byte("other")))},
		"not a signature":  {s0, {Sig: bytes.Repeat([]byte{0xff}, 65)}},
	} {
		if _, err := prepareSignatures(digest, sigs, signers); !errors.Is(err, connectors.ErrRefused) {
			t.Errorf("%s: %v, want ErrRefused", name, err)
		}
	}
}

func mustSign(t *testing.T, k *Key, d []byte) connectors.Signature {
	s, err := k.Sign(d)
	if err != nil {
		t.Fatal(err)
	}
	return s
}
