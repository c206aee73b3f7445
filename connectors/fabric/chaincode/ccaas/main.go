// Command ccaas runs Coco's bridge chaincode as a service: a gRPC server
// the peers connect to (Fabric's chaincode-as-a-service), configured by the
// environment, as Fabric's external builders expect:
//
//	CHAINCODE_ID              the package id the peer installed (label:hash)
//	CHAINCODE_SERVER_ADDRESS  host:port to listen on
//	CHAINCODE_TLS_CERT, CHAINCODE_TLS_KEY
//	                          PEM files; TLS is on when both are set
//	CHAINCODE_CLIENT_CA_CERT  PEM file; with TLS, peers must present a
//	                          certificate it issued
//
// Without TLS, listen on loopback only.
package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/hyperledger/fabric-chaincode-go/v2/shim"

	"github.com/cocorelay/coco/connectors/fabric/chaincode"
)

func main() {
	if err := run(os.Getenv); err != nil {
		fmt.Fprintf(os.Stderr, "ccaas: %v\n", err)
		os.Exit(1)
	}
}

func run(getenv func(string) string) error {
	srv, err := server(getenv)
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "ccaas: serving %s on %s (TLS %v)\n", srv.CCID, srv.Address, !srv.TLSProps.Disabled)
	return srv.Start()
}

// server builds the chaincode server from the environment, reporting every
// missing or unreadable setting at once.
func server(getenv func(string) string) (*shim.ChaincodeServer, error) {
	var errs []error
	id, addr := getenv("CHAINCODE_ID"), getenv("CHAINCODE_SERVER_ADDRESS")
	if id == "" {
		errs = append(errs, errors.New("CHAINCODE_ID: required (the installed package id)"))
	}
	if addr == "" {
		errs = append(errs, errors.New("CHAINCODE_SERVER_ADDRESS: required (host:port)"))
	}
	read := func(name string) []byte {
		path := getenv(name)
		if path == "" {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", name, err))
		}
		return b
	}
	tls := shim.TLSProperties{Cert: read("CHAINCODE_TLS_CERT"), Key: read("CHAINCODE_TLS_KEY"), ClientCACerts: read("CHAINCODE_CLIENT_CA_CERT")}
	if (tls.Cert == nil) != (tls.Key == nil) {
		errs = append(errs, errors.New("CHAINCODE_TLS_CERT, CHAINCODE_TLS_KEY: set both or neither"))
	}
	if tls.Cert == nil && tls.ClientCACerts != nil {
		errs = append(errs, errors.New("CHAINCODE_CLIENT_CA_CERT: needs CHAINCODE_TLS_CERT and CHAINCODE_TLS_KEY"))
	}
	tls.Disabled = tls.Cert == nil
	cc, err := chaincode.New()
	if err != nil {
		errs = append(errs, err)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return &shim.ChaincodeServer{CCID: id, Address: addr, CC: cc, TLSProps: tls}, nil
}
