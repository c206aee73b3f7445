package relay

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeConfig(t *testing.T, dir, text string) string {
	t.Helper()
	p := filepath.Join(dir, "node.yaml")
	if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestConfigExampleLoads(t *testing.T) {
	// The example in configs/ must stay valid (its credential files are
	// made here, as `coco keys new` would).
	dir := t.TempDir()
	b, err := os.ReadFile("../configs/node.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"credentials/member0_cert.pem", "credentials/member0_enc_pub.pem", "credentials/user0_cert.pem"} {
		os.MkdirAll(filepath.Join(dir, filepath.Dir(f)), 0o700)
		os.WriteFile(filepath.Join(dir, f), []byte("x"), 0o600)
	}
	constitution, err := os.ReadFile("../configs/constitution.default.yaml")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "constitution.default.yaml"), constitution, 0o600)
	c, err := LoadConfig(writeConfig(t, dir, string(b)))
	if err != nil {
		t.Fatal(err)
	}
	if c.DataDir != filepath.Join(dir, "data/node1") || c.Public.APIURL == "" {
		t.Fatalf("paths not resolved: %+v", c)
	}
}

func TestConfigErrorsNameEveryField(t *testing.T) {
	dir := t.TempDir()
	_, err := LoadConfig(writeConfig(t, dir, `
platform: tdx
listen: {api: "nohost", raft: "127.0.0.1:7001"}
public: {api_url: "http://x"}
start:
  mode: genesis
  genesis:
    members: [{name: "", cert: missing.pem}]
ledger: {signature_every: -1}
log: {level: loud, format: xml}
`))
	if err == nil {
		t.Fatal("bad configuration accepted")
	}
	for _, field := range []string{"data_dir", "platform", "listen.api", "public.api_url", "start.genesis.service_name",
		"start.genesis.members[0].name", "start.genesis.members[0].cert", "ledger.signature_every", "log.level", "log.format", "listen.p2p"} {
		if !strings.Contains(err.Error(), field+":") {
			t.Errorf("error does not name %s:\n%v", field, err)
		}
	}
	if _, err := LoadConfig(writeConfig(t, dir, "data_dir: x\nsurprise: 1\n")); err == nil || !strings.Contains(err.Error(), "surprise") {
		t.Errorf("unknown field: %v", err)
	}
	_, err = LoadConfig(writeConfig(t, dir, "data_dir: x\nlisten: {api: 127.0.0.1:1, raft: 127.0.0.1:2, p2p: [/ip4/127.0.0.1/tcp/9]}\nstart: {mode: join, join: {peers: [/ip4/127.0.0.1/tcp/9001]}}\n"))
	for _, field := range []string{"start.join.service_cert", "start.join.peers[0]"} {
		if err == nil || !strings.Contains(err.Error(), field+":") {
			t.Errorf("join error does not name %s: %v", field, err)
		}
	}
	if _, err := LoadConfig(writeConfig(t, dir, "data_dir: x\nlisten: {api: 127.0.0.1:1, raft: 127.0.0.1:2, p2p: [not-a-multiaddr]}\n")); err == nil || !strings.Contains(err.Error(), "listen.p2p[0]:") {
		t.Errorf("bad multiaddr: %v", err)
	}
}
