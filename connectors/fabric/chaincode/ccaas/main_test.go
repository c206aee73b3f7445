package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestServerFromEnvironment(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	_, err := server(env(nil))
	for _, name := range []string{"CHAINCODE_ID", "CHAINCODE_SERVER_ADDRESS"} {
		if err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("missing %s not reported: %v", name, err)
		}
	}
	srv, err := server(env(map[string]string{"CHAINCODE_ID": "cocobridge_1.0:abc", "CHAINCODE_SERVER_ADDRESS": "127.0.0.1:9999"}))
	if err != nil || !srv.TLSProps.Disabled || srv.CCID != "cocobridge_1.0:abc" || srv.CC == nil {
		t.Fatalf("server %+v %v", srv, err)
	}
	cert := filepath.Join(t.TempDir(), "cert.pem")
	os.WriteFile(cert, []byte("x"), 0o600)
	_, err = server(env(map[string]string{"CHAINCODE_ID": "a", "CHAINCODE_SERVER_ADDRESS": "b",
		"CHAINCODE_TLS_CERT": cert, "CHAINCODE_CLIENT_CA_CERT": "/nonexistent"}))
	for _, name := range []string{"CHAINCODE_TLS_CERT, CHAINCODE_TLS_KEY", "CHAINCODE_CLIENT_CA_CERT"} {
		if err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("%s not reported: %v", name, err)
		}
	}
	srv, err = server(env(map[string]string{"CHAINCODE_ID": "a", "CHAINCODE_SERVER_ADDRESS": "b",
		"CHAINCODE_TLS_CERT": cert, "CHAINCODE_TLS_KEY": cert}))
	if err != nil || srv.TLSProps.Disabled {
		t.Fatalf("with TLS: %+v %v", srv, err)
	}
}
