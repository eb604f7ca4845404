package fake

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ccloud-go/networking/api"
)

// record is one stored resource. Its spec is kept as the client sent it
// (read-only properties taken out), so that every property the spec lets a
// client send comes back, whatever the kind.
type record struct {
	kind             kind
	id, env          string
	spec             map[string]any
	created, updated time.Time
	// born is when it was stored, to the nanosecond (created is
	// truncated to the microsecond, as answers show it): WithPhaseTimes counts
	// from it.
	born             time.Time
	reads            int  // reads since creation
	fails            bool // provisioning ends in FAILED
	deleting         bool
	readsSinceDelete int
	deletedAt        time.Time // when it was deleted
	removed          bool
	// listedFrom is when the record starts to show in lists (WithListLag);
	// zero: at once.
	listedFrom time.Time
	// endpoint is, for an association, the network link endpoint it
	// shows; its phase is the endpoint's.
	endpoint *record
	// in is the store holding the record, for phases that depend on
	// other resources (kindInfo.settled).
	in *store
	// seq is its place in the store's creation order, never reused: page
	// tokens name the last record a page showed by it, so that a record
	// leaving between two pages moves no other one into a page already
	// read.
	seq uint64
}

// ref is the id a spec reference names ("" when it names none).
func (r *record) ref(name string) string {
	m, _ := r.spec[name].(map[string]any)
	id, _ := m["id"].(string)
	return id
}

func (r *record) displayName() string {
	s, _ := r.spec["display_name"].(string)
	return s
}

// phase is the record's phase after its reads (or the time) so far.
func (r *record) phase(p phasing) string {
	switch {
	case r.endpoint != nil:
		return r.endpoint.phase(p)
	case r.deleting:
		return api.PhaseDeprovisioning
	case p.provisioning(r):
		return api.PhaseProvisioning
	case r.fails:
		return api.PhaseFailed
	}
	return r.settled()
}

// store holds every resource, in creation order per kind.
type store struct {
	byID    map[string]*record
	order   [numKinds][]*record
	lastSeq uint64
}

func newStore() *store { return &store{byID: map[string]*record{}} }

func (s *store) add(r *record) {
	r.in = s
	if r.seq == 0 {
		r.seq = s.lastSeq + 1
	}
	s.lastSeq = max(s.lastSeq, r.seq)
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

// remove drops a record, and the associations that show it.
func (s *store) remove(r *record) {
	r.removed = true
	delete(s.byID, r.id)
	s.order[r.kind] = slices.DeleteFunc(s.order[r.kind], func(x *record) bool { return x == r })
	for _, a := range s.order[kindNLSA] {
		if a.endpoint == r {
			s.remove(a)
			return
		}
	}
}

// duplicate finds a live record that r would clash with: the same display
// name in the same scope, or (withUnique) the same value of one of the
// kind's unique properties.
func (s *store) duplicate(r *record, withUnique bool) *record {
	info := kinds[r.kind]
	if info.anyName {
		return nil
	}
	for _, x := range s.order[r.kind] {
		if x == r || x.env != r.env || x.deleting || (info.scope != "" && x.ref(info.scope) != r.ref(info.scope)) {
			continue
		}
		if n := r.displayName(); n != "" && x.displayName() == n {
			return x
		}
		if !withUnique {
			continue
		}
		for _, p := range info.unique {
			if r.spec[p] != nil && reflect.DeepEqual(x.spec[p], r.spec[p]) {
				return x
			}
		}
	}
	return nil
}

// filter is a list query: the environment, and the values asked for each
// filter parameter the list operation declares (spec.* and status.*).
type filter struct {
	env string
	by  map[string][]string
}

func (f filter) fingerprint(k kind) string {
	h := fnv.New64a()
	// JSON keeps the values apart (["a,b"] and ["a","b"] differ) and sorts
	// the parameters.
	raw, _ := json.Marshal([]any{k, f.env, f.by})
	_, _ = h.Write(raw)
	return strconv.FormatUint(h.Sum64(), 36)
}

func (f filter) match(r *record, p phasing) bool {
	if r.env != f.env {
		return false
	}
	for name, want := range f.by {
		if !slices.ContainsFunc(r.values(name, p), func(v string) bool { return slices.Contains(want, v) }) {
			return false
		}
	}
	return true
}

// values are what a filter parameter (status.phase, spec.<path>, id, or
// a property of a seeded resource) compares with: a reference by its id, a
// union by its kind, a list by each of its elements.
func (r *record) values(param string, p phasing) []string {
	switch param {
	case "status.phase":
		return []string{r.phase(p)}
	case "id":
		return []string{r.id}
	}
	path, aliased := filterPaths[param]
	if !aliased {
		path = param
	}
	v, ok := r.at(path)
	if !ok {
		return nil
	}
	var out []string
	var add func(v any)
	add = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if id, ok := x["id"]; ok {
				add(id)
			} else if k, ok := x["kind"]; ok {
				add(k)
			}
		case []any:
			for _, e := range x {
				add(e)
			}
		case nil:
		default:
			out = append(out, fmt.Sprint(x))
		}
	}
	add(v)
	if aliased && path == filterPaths["gateway_type"] {
		for _, k := range out {
			out = append(out, strings.TrimSuffix(k, "GatewaySpec"))
		}
	}
	return out
}

// filterPaths are the list filters whose names are not where their values
// are. gateway_type is a gateway's config kind: the gateway document's
// examples give it without GatewaySpec (AwsEgressPrivateLink), so both
// forms match. resource is what a DNS record resolves to: the access
// point its config names (the document's examples are access point ids).
var filterPaths = map[string]string{
	"gateway_type": "spec.config.kind",
	"resource":     "spec.config.resource_id",
}

// at reads a spec property by its dotted path (spec.config.region), or a
// seeded resource's property by its name.
func (r *record) at(path string) (any, bool) {
	var cur any = r.spec
	for _, part := range strings.Split(strings.TrimPrefix(path, "spec."), ".") {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		if cur, ok = m[part]; !ok {
			return nil, false
		}
	}
	return cur, true
}

// Page tokens are opaque to clients: the seq of the last record a page
// showed, bound to the query it belongs to.
func encodeToken(k kind, f filter, after uint64) string {
	return base64.RawURLEncoding.EncodeToString([]byte("v2:" + strconv.FormatUint(after, 10) + ":" + f.fingerprint(k)))
}

func decodeToken(k kind, f filter, tok string) (uint64, bool) {
	raw, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil {
		return 0, false
	}
	parts := strings.Split(string(raw), ":")
	if len(parts) != 3 || parts[0] != "v2" || parts[2] != f.fingerprint(k) {
		return 0, false
	}
	after, err := strconv.ParseUint(parts[1], 10, 64)
	return after, err == nil
}
