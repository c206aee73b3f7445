package p2p

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/libp2p/go-libp2p/core/network"
	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/libp2p/go-libp2p/core/protocol"
)

// The join protocol carries one request and one reply per stream, each a
// 4-byte big-endian length and the bytes. Any node of the mesh accepts it
// from anyone (that is how a new node gets in) and answers through its
// JoinHandler, which may answer itself or pass the request on to the
// leader with ForwardToLeader. What the bytes mean is the relay's business
// (relay/join.go).
const joinProtocol = "/coco/join/1.0.0"

// MaxJoinMessage bounds a join request or reply.
const MaxJoinMessage = 256 << 10

// JoinHandler answers a join request.
type JoinHandler func(ctx context.Context, fromPeer string, req []byte) ([]byte, error)

// SetJoinHandler sets what this node answers join requests with.
func (x *Host) SetJoinHandler(h JoinHandler) {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.joinHandler = h
}

func (x *Host) serveJoin(s network.Stream) {
	defer s.Close()
	s.SetDeadline(time.Now().Add(30 * time.Second))
	req, err := readFrame(s, MaxJoinMessage)
	if err != nil {
		s.Reset()
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 25*time.Second)
	defer cancel()
	x.mu.Lock()
	h := x.joinHandler
	x.mu.Unlock()
	if h == nil {
		s.Reset()
		return
	}
	reply, err := h(ctx, s.Conn().RemotePeer().String(), req)
	if err != nil {
		x.log.Info("p2p: join request not answered", "from", s.Conn().RemotePeer(), "err", err)
		s.Reset()
		return
	}
	writeFrame(s, reply)
}

// ErrNoLeader is returned when no leader is known to forward to.
var ErrNoLeader = errors.New("p2p: no leader known")

// ForwardToLeader sends a join request to the leader's node and returns
// its answer.
func (x *Host) ForwardToLeader(ctx context.Context, req []byte) ([]byte, error) {
	leader, ok := x.cfg.Directory.Leader()
	if !ok || leader == x.PeerID() {
		return nil, ErrNoLeader
	}
	id, err := peer.Decode(leader)
	if err != nil {
		return nil, err
	}
	return x.request(ctx, id, joinProtocol, MaxJoinMessage, req)
}

// Join sends a join request through the first of peers (addresses with
// /p2p/<id>) that answers, and returns the reply.
func (x *Host) Join(ctx context.Context, peers []string, req []byte) ([]byte, error) {
	var errs []error
	for _, a := range peers {
		info, err := peer.AddrInfoFromString(a)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", a, err))
			continue
		}
		cctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		err = x.h.Connect(cctx, *info)
		cancel()
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", a, err))
			continue
		}
		reply, err := x.request(ctx, info.ID, joinProtocol, MaxJoinMessage, req)
		if err == nil {
			return reply, nil
		}
		errs = append(errs, fmt.Errorf("%s: %w", a, err))
	}
	return nil, fmt.Errorf("p2p: no peer answered the join request: %w", errors.Join(errs...))
}

// request sends one framed request on a new stream of protocol and reads
// one framed reply of at most max bytes.
func (x *Host) request(ctx context.Context, to peer.ID, proto protocol.ID, max uint32, req []byte) ([]byte, error) {
	s, err := x.h.NewStream(ctx, to, proto)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	if d, ok := ctx.Deadline(); ok {
		s.SetDeadline(d)
	} else {
		s.SetDeadline(time.Now().Add(30 * time.Second))
	}
	if err := writeFrame(s, req); err != nil {
		return nil, err
	}
	return readFrame(s, max)
}

func writeFrame(w io.Writer, b []byte) error {
	var hdr [4]byte
	binary.BigEndian.PutUint32(hdr[:], uint32(len(b)))
	if _, err := w.Write(hdr[:]); err != nil {
		return err
	}
	_, err := w.Write(b)
	return err
}

func readFrame(r io.Reader, max uint32) ([]byte, error) {
	var hdr [4]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return nil, err
	}
	n := binary.BigEndian.Uint32(hdr[:])
	if n > max {
		return nil, fmt.Errorf("message of %d bytes exceeds %d", n, max)
	}
	b := make([]byte, n)
	_, err := io.ReadFull(r, b)
	return b, err
}
