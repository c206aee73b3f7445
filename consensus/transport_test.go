package consensus

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"fmt"
	"net"
	"testing"
	"time"

	"github.com/cocorelay/coco/enclave"
	"github.com/cocorelay/coco/ledger"
)

// Only trusted nodes reach the Raft transport.
func TestRaftTransportRefusesStrangers(t *testing.T) {
	c := newCluster(t, 3, nil)
	c.genesis()
	target := c.running(c.nodes[1]).addr

	// A plain TLS client without a certificate.
	conn, err := tls.DialWithDialer(&net.Dialer{Timeout: 5 * time.Second}, "tcp", target, &tls.Config{InsecureSkipVerify: true})
	if err == nil {
		err = handshakeAndRead(conn)
	}
	if err == nil {
		t.Fatal("a client without a certificate reached the Raft transport")
	}
	// A client with a node certificate of another service.
	other, _ := enclave.NewServiceIdentity("other", time.Now())
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	der, err := other.EndorseNode(enclave.NodeCertRequest{NodeID: 2, PublicKey: &key.PublicKey, Platform: enclave.Virtual, Measurement: []byte("m")})
	if err != nil {
		t.Fatal(err)
	}
	conn, err = tls.DialWithDialer(&net.Dialer{Timeout: 5 * time.Second}, "tcp", target, &tls.Config{
		InsecureSkipVerify: true, Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}},
	})
	if err == nil {
		err = handshakeAndRead(conn)
	}
	if err == nil {
		t.Fatal("a certificate of another service reached the Raft transport")
	}
	// Replication still works between the trusted nodes.
	if _, err := c.exec(incr("after-strangers")); err != nil {
		t.Fatal(err)
	}
}

// handshakeAndRead completes the handshake and waits for the server to
// either close the connection (refused) or stay silent (accepted).
func handshakeAndRead(c *tls.Conn) error {
	defer c.Close()
	if err := c.Handshake(); err != nil {
		return err
	}
	c.SetReadDeadline(time.Now().Add(time.Second))
	var b [1]byte
	_, err := c.Read(b[:])
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		return nil
	}
	return fmt.Errorf("closed by the server: %v", err)
}

// A retired node is cut off: the others refuse its traffic, so it can
// neither take part nor learn what is committed after.
func TestRetiredNodeIsCutOff(t *testing.T) {
	c := newCluster(t, 3, nil)
	c.genesis()
	l := c.leader()
	var gone *testNode
	for _, tn := range c.nodes {
		if tn != l {
			gone = tn
			break
		}
	}
	c.retire(gone.id)
	before := c.running(gone).store.Committed().ID
	// The remaining two still commit.
	var last ledger.TxID
	for i := range 20 {
		o, err := c.exec(incr(fmt.Sprintf("r%d", i)))
		if err != nil {
			t.Fatal(err)
		}
		last = o.ID
	}
	time.Sleep(500 * time.Millisecond)
	if got := c.running(gone).store.Committed().ID; got.Seqno >= last.Seqno {
		t.Fatalf("the retired node still receives the ledger: at %s (was %s), leader at %s", got, before, last)
	}
}
