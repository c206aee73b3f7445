package relay

import (
	"crypto"
	"errors"
	"net/http"
	"sync"
	"time"

	"github.com/cocorelay/coco/governance"
	"github.com/cocorelay/coco/relay/signing"
)

// caller is an authenticated user (or, where members are accepted, member).
type caller struct {
	ID     string // key id
	Name   string
	Member bool
}

// keyCache keeps parsed user keys by key id and the version of the record
// they came from, so a changed or removed user is seen at once. It also
// keeps the service id requests are signed for, computed once.
type keyCache struct {
	mu   sync.Mutex
	keys map[string]cachedKey

	serviceOnce sync.Once
	serviceID   string
}

type cachedKey struct {
	version uint64
	pub     crypto.PublicKey
	user    *governance.User
}

func newKeyCache() *keyCache { return &keyCache{keys: map[string]cachedKey{}} }

// authenticate checks a request's signature against the users table.
func (n *Node) authenticate(r *http.Request, body []byte) (*caller, error) {
	return n.authenticateTarget(r, signing.Target(r), body)
}

// authenticateTarget is authenticate for a caller that already has the
// request target (signing.Target(r)).
func (n *Node) authenticateTarget(r *http.Request, target string, body []byte) (*caller, error) {
	return n.verifySigned(r, target, body, func(keyID string) (crypto.PublicKey, *caller, error) {
		ck, err := n.userKey(keyID)
		if err != nil {
			return nil, nil, err
		}
		return ck.pub, &caller{ID: ck.user.ID, Name: ck.user.Name}, nil
	})
}

// authenticateUserOrMember accepts members too: transaction status and
// receipts (of governance decisions, say) are theirs to check as well.
func (n *Node) authenticateUserOrMember(r *http.Request, body []byte) (*caller, error) {
	return n.verifySigned(r, signing.Target(r), body, func(keyID string) (crypto.PublicKey, *caller, error) {
		ck, err := n.userKey(keyID)
		if err == nil {
			return ck.pub, &caller{ID: ck.user.ID, Name: ck.user.Name}, nil
		}
		m, merr := governance.GetMember(readerOf(n.store), keyID)
		if merr != nil {
			return nil, nil, apiError(http.StatusUnauthorized, CodeUnauthenticated, "", "%s: %s is not a user or member of this network", signing.HeaderKeyID, keyID)
		}
		pub, _, perr := governance.ParseIdentityKey(m.Cert)
		if perr != nil {
			return nil, nil, perr
		}
		return pub, &caller{ID: m.ID, Name: m.Name, Member: true}, nil
	})
}

// verifySigned checks a signed request with the key lookup finds for its
// key id.
func (n *Node) verifySigned(r *http.Request, target string, body []byte, lookup func(keyID string) (crypto.PublicKey, *caller, error)) (*caller, error) {
	s, err := signing.Parse(r.Header, time.Now())
	if err != nil {
		return nil, apiError(http.StatusUnauthorized, CodeUnauthenticated, "", "%v", err)
	}
	pub, c, err := lookup(s.KeyID)
	if err != nil {
		return nil, err
	}
	n.users.serviceOnce.Do(func() { n.users.serviceID = signing.ServiceID(n.id.ServiceCert.Raw) })
	msg := signing.Message(n.users.serviceID, r.Method, target, r.Header.Get(signing.HeaderDate), r.Header.Get(signing.HeaderIdempotencyKey), body)
	if err := signing.VerifyMessage(pub, msg, s.Signature); err != nil {
		return nil, apiError(http.StatusUnauthorized, CodeUnauthenticated, "", "%s: does not verify with the key of %s over this request", signing.HeaderSignature, s.KeyID)
	}
	return c, nil
}

func (n *Node) userKey(keyID string) (cachedKey, error) {
	_, version, ok, err := n.store.Get(governance.TableUsers, []byte(keyID))
	if err != nil {
		return cachedKey{}, err
	}
	unknown := apiError(http.StatusUnauthorized, CodeUnauthenticated, "", "%s: %s is not a user of this network", signing.HeaderKeyID, keyID)
	if !ok {
		return cachedKey{}, unknown
	}
	n.users.mu.Lock()
	ck, hit := n.users.keys[keyID]
	n.users.mu.Unlock()
	if hit && ck.version == version {
		return ck, nil
	}
	u, err := governance.GetUser(readerOf(n.store), keyID)
	if errors.Is(err, governance.ErrUnknownIdentity) {
		return cachedKey{}, unknown
	}
	if err != nil {
		return cachedKey{}, err
	}
	pub, _, err := governance.ParseIdentityKey(u.Cert)
	if err != nil {
		return cachedKey{}, err
	}
	ck = cachedKey{version: version, pub: pub, user: u}
	n.users.mu.Lock()
	n.users.keys[keyID] = ck
	n.users.mu.Unlock()
	return ck, nil
}

// storeReader adapts committed state to the Get shape governance reads.
type storeReader struct {
	get func(string, []byte) ([]byte, uint64, bool, error)
}

func (s storeReader) Get(table string, key []byte) ([]byte, bool, error) {
	v, _, ok, err := s.get(table, key)
	return v, ok, err
}

func readerOf(s interface {
	Get(string, []byte) ([]byte, uint64, bool, error)
}) storeReader {
	return storeReader{get: s.Get}
}
