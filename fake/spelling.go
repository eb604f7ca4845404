package fake

import (
	"bytes"
	"encoding/json"
	"io"
	"maps"
	"net/http"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// Union kinds have two spellings: the document's enum ("AwsPeering") and
// the one recorded real answers use ("networking.v1.AwsPeering";
// shared/upstream BEHAVIOUR.md). The fragment maps both to the same variant
// (gen/normalize.yaml, union-kind-aliases); the fake reads both in request
// bodies, stores the document's, and answers in the recorded one when
// WithRecordedKinds is given.

// kindSpellings pairs each union kind's two spellings, as the fragment's
// discriminator mappings give them: two keys naming one variant, one the
// other with a dotted prefix.
type kindSpellings struct {
	recorded map[string]string // document's spelling -> recorded
	plain    map[string]string // recorded spelling -> document's
}

func kindSpellingsOf(doc *openapi3.T) kindSpellings {
	k := kindSpellings{recorded: map[string]string{}, plain: map[string]string{}}
	for _, name := range slices.Sorted(maps.Keys(doc.Components.Schemas)) {
		s := doc.Components.Schemas[name].Value
		if s == nil || s.Discriminator == nil {
			continue
		}
		m := s.Discriminator.Mapping
		for key, ref := range m {
			for other, otherRef := range m {
				if other != key && otherRef.Ref == ref.Ref && strings.HasSuffix(other, "."+key) {
					k.recorded[key], k.plain[other] = other, key
				}
			}
		}
	}
	return k
}

// respell rewrites, in a decoded JSON value, every "kind" that to has a
// spelling for; it reports whether anything changed. Resource kinds
// (Network, PeeringList) and references' kinds are no union kinds, so to
// has none for them.
func respell(v any, to map[string]string) bool {
	changed := false
	switch x := v.(type) {
	case map[string]any:
		if kind, ok := x["kind"].(string); ok {
			if other, ok := to[kind]; ok {
				x["kind"], changed = other, true
			}
		}
		for _, e := range x {
			changed = respell(e, to) || changed
		}
	case []any:
		for _, e := range x {
			changed = respell(e, to) || changed
		}
	}
	return changed
}

// respellJSON is raw with its union kinds respelled; raw itself when it is
// no JSON or nothing changes.
func respellJSON(raw []byte, to map[string]string) []byte {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber() // numbers go back exactly as they came
	var v any
	if dec.Decode(&v) != nil || !respell(v, to) {
		return raw
	}
	out, err := json.Marshal(v)
	if err != nil {
		return raw
	}
	return out
}

// plainKinds puts a request's recorded kinds, in its body and in its
// query's filter values (gateway_type filters by a config's kind), in the
// document's spelling before validation (whose enums know only that one),
// storage and filtering.
func (s *Server) plainKinds(x *exchange) {
	r := x.r
	if q := r.URL.Query(); len(q) > 0 {
		changed := false
		for _, values := range q {
			for i, v := range values {
				if plain, ok := s.spellings.plain[v]; ok {
					values[i], changed = plain, true
				}
			}
		}
		if changed {
			r.URL.RawQuery = q.Encode()
		}
	}
	if r.Body == nil || r.Body == http.NoBody {
		return
	}
	raw, err := io.ReadAll(r.Body)
	_ = r.Body.Close()
	if err != nil {
		raw = nil // validation reports the empty body
	}
	out := respellJSON(raw, s.spellings.plain)
	r.Body = io.NopCloser(bytes.NewReader(out))
	r.ContentLength = int64(len(out))
}
