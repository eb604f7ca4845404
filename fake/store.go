package fake

import (
	"encoding/base64"
	"encoding/json"
	"hash/fnv"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ccloud-go/networking/api"
)

// kind names a resource collection.
type kind int

const (
	kindNLS kind = iota
	kindPLA
)

var (
	collections = [...]string{kindNLS: "/networking/v1/network-link-services", kindPLA: "/networking/v1/private-link-accesses"}
	idPrefixes  = [...]string{kindNLS: "nls-", kindPLA: "pla-"}
	crnNames    = [...]string{kindNLS: "network-link-service", kindPLA: "private-link-access"}
)

// record is one stored resource.
type record struct {
	kind               kind
	id, env, network   string
	displayName        string
	description        string                              // network link services
	accept             *api.NetworkLinkServiceAcceptPolicy // network link services
	cloud              api.PrivateLinkAccessCloud          // private link accesses
	cloudKind, account string
	created, updated   time.Time
	reads              int  // reads since creation
	fails              bool // provisioning ends in FAILED
	deleting           bool
	readsSinceDelete   int
	removed            bool
}

// phase is the record's phase after its reads so far.
func (r *record) phase(readyAfter int) string {
	switch {
	case r.deleting:
		return "DEPROVISIONING"
	case r.reads <= readyAfter:
		return "PROVISIONING"
	case r.fails:
		return "FAILED"
	}
	return "READY"
}

// store holds every resource, in creation order per kind.
type store struct {
	byID  map[string]*record
	order [2][]*record
}

func newStore() *store { return &store{byID: map[string]*record{}} }

func (s *store) add(r *record) {
	s.byID[r.id] = r
	s.order[r.kind] = append(s.order[r.kind], r)
}

// get finds a live record of kind k in env.
func (s *store) get(k kind, env, id string) *record {
	r := s.byID[id]
	if r == nil || r.kind != k || r.env != env || r.removed {
		return nil
	}
	return r
}

func (s *store) remove(r *record) {
	r.removed = true
	delete(s.byID, r.id)
	s.order[r.kind] = slices.DeleteFunc(s.order[r.kind], func(x *record) bool { return x == r })
}

// duplicate finds a live record that a create of r would clash with: the
// same display name in the same network, or (private link accesses) the
// same cloud account in the same network.
func (s *store) duplicate(r *record) *record {
	for _, x := range s.order[r.kind] {
		if x.env != r.env || x.network != r.network || x.deleting {
			continue
		}
		if r.displayName != "" && x.displayName == r.displayName {
			return x
		}
		if r.kind == kindPLA && x.cloudKind == r.cloudKind && x.account == r.account {
			return x
		}
	}
	return nil
}

// filter is a list query.
type filter struct {
	env                     string
	names, phases, networks []string
}

func (f filter) fingerprint(k kind) string {
	h := fnv.New64a()
	// JSON keeps the values apart: ["a,b"] and ["a","b"] differ.
	raw, _ := json.Marshal([]any{k, f.env, f.names, f.phases, f.networks})
	_, _ = h.Write(raw)
	return strconv.FormatUint(h.Sum64(), 36)
}

func (f filter) match(r *record, readyAfter int) bool {
	return r.env == f.env &&
		(len(f.names) == 0 || slices.Contains(f.names, r.displayName)) &&
		(len(f.networks) == 0 || slices.Contains(f.networks, r.network)) &&
		(len(f.phases) == 0 || slices.Contains(f.phases, r.phase(readyAfter)))
}

// page returns the records from offset on, at most size, and the offset
// of the next page (-1 on the last page).
func (s *store) page(k kind, f filter, offset, size, readyAfter int) ([]*record, int) {
	var out []*record
	seen := 0
	for _, r := range s.order[k] {
		if !f.match(r, readyAfter) {
			continue
		}
		if seen >= offset {
			if len(out) == size {
				return out, seen
			}
			out = append(out, r)
		}
		seen++
	}
	return out, -1
}

// Page tokens are opaque to clients: an offset bound to the query it
// belongs to.
func encodeToken(k kind, f filter, offset int) string {
	return base64.RawURLEncoding.EncodeToString([]byte("v1:" + strconv.Itoa(offset) + ":" + f.fingerprint(k)))
}

func decodeToken(k kind, f filter, tok string) (int, bool) {
	raw, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil {
		return 0, false
	}
	parts := strings.Split(string(raw), ":")
	if len(parts) != 3 || parts[0] != "v1" || parts[2] != f.fingerprint(k) {
		return 0, false
	}
	off, err := strconv.Atoi(parts[1])
	return off, err == nil && off >= 0
}
