package conformance

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/require"

	"github.com/ccloud-go/networking/fake"
	"github.com/ccloud-go/networking/spec/openapi"
)

// Where the fake keeps and shows what it is sent, and where it filters.
const (
	fixStore  = "fake/handlers.go (create and update: keep it on the record, fake/store.go) and fake/render.go (render it)"
	fixFilter = "fake/handlers.go (list: read the parameter) and fake/store.go (filter, match: match on it)"
)

// resource is one collection of the fragment: its create, get, update and
// list operations, found by method on a collection path and its /{id} path.
// A collection with no create (network link service associations) is
// filled by the create of another: maker, the collection whose create spec
// holds the reference (madeVia) that the list requires as a filter.
type resource struct {
	collection string
	create     *openapi3.Operation
	list       *openapi3.Operation
	update     *openapi3.Operation
	maker      *resource
	madeVia    string // spec property of the maker's create, e.g. network_link_service
	// seeded is a collection no create fills and no filter requires (IP
	// addresses): the server holds it from the start.
	seeded bool
}

func resources(t *testing.T) []resource {
	t.Helper()
	doc, err := openapi.Load()
	require.NoError(t, err)
	var out, derived []resource
	// The collections the fake declares it serves; the spec may have
	// more, typed in api/ before the fake and the wrapper take them.
	served := fake.Collections()
	for _, path := range doc.Paths.InMatchingOrder() {
		if strings.Contains(path, "{") || !slices.Contains(served, path) {
			continue
		}
		item := doc.Paths.Value(path)
		r := resource{collection: path, create: item.Post, list: item.Get}
		if one := doc.Paths.Value(path + "/{id}"); one != nil {
			r.update = one.Patch
		}
		switch {
		case r.list == nil:
		case r.create != nil:
			out = append(out, r)
		default:
			derived = append(derived, r)
		}
	}
	for _, r := range derived {
		for _, p := range r.list.Parameters {
			via, isSpec := strings.CutPrefix(p.Value.Name, "spec.")
			if !p.Value.Required || !isSpec {
				continue
			}
			for i := range out {
				if bodySchema(t, out[i].create).Properties["spec"].Value.Properties[via] != nil {
					maker := out[i] // a copy: out is sorted below
					r.maker, r.madeVia = &maker, via
				}
			}
		}
		if r.maker == nil {
			for _, p := range r.list.Parameters {
				require.False(t, p.Value.Required && p.Value.Name != "environment",
					"%s has no create, and no other create makes what it lists by %s", r.collection, p.Value.Name)
			}
			r.seeded = true
		}
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b resource) int { return strings.Compare(a.collection, b.collection) })
	require.NotEmpty(t, out, "the fragment has no collection with create and list")
	return out
}

// sampled is a resource stored for a test: its id, the query that reads it
// (environment, and any parameter the list requires), its document as read,
// and for a resource a client does not create, the id of what made it.
type sampled struct {
	id    string
	query url.Values
	doc   map[string]any
	maker string
}

// sample stores one resource of r with every property set, its strings
// numbered from seq.
func (r resource) sample(t *testing.T, c *client, seq int, env string) sampled {
	t.Helper()
	if r.seeded {
		all := r.all(t, c, url.Values{})
		require.NotEmpty(t, all, "%s: the fake holds nothing to list (fix fake/ipaddresses.go)", r.collection)
		doc := all[seq%len(all)]
		return sampled{id: identity(doc), query: url.Values{}, doc: doc}
	}
	if r.create == nil {
		made := r.maker.sample(t, c, seq, env)
		q := maps.Clone(made.query)
		q.Set("spec."+r.madeVia, fmt.Sprint(must(at(made.doc, "spec."+r.madeVia+".id"))))
		code, page := c.do(http.MethodGet, r.collection, q, nil)
		require.Equal(t, http.StatusOK, code, "list %v: %v", q, page)
		data, _ := page["data"].([]any)
		require.Len(t, data, 1, "creating in %s should make one item of %s (fix fake/handlers.go)", r.maker.collection, r.collection)
		id, _ := data[0].(map[string]any)["id"].(string)
		code, doc := c.do(http.MethodGet, r.collection+"/"+id, q, nil)
		require.Equal(t, http.StatusOK, code, "get: %v", doc)
		return sampled{id: id, query: q, doc: doc, maker: made.id}
	}
	s := &sampler{seq: seq}
	if env != "" {
		s.overrides = map[string]any{"spec.environment.id": env}
	}
	body := s.value(bodySchema(t, r.create), "").(map[string]any)
	code, created := c.do(http.MethodPost, r.collection, nil, body)
	require.Equal(t, http.StatusAccepted, code, "create: %v", created)
	id, _ := created["id"].(string)
	q := url.Values{"environment": {fmt.Sprint(must(at(created, "spec.environment.id")))}}
	code, doc := c.do(http.MethodGet, r.collection+"/"+id, q, nil)
	require.Equal(t, http.StatusOK, code, "get: %v", doc)
	return sampled{id: id, query: q, doc: doc}
}

func must(v any, _ bool) any { return v }

// identity names a listed item: its id, or for an item without one (an IP
// address) the whole item.
func identity(item map[string]any) string {
	if id, ok := item["id"].(string); ok {
		return id
	}
	raw, _ := json.Marshal(item) // sorted keys: the same item, the same string
	return string(raw)
}

// all lists every item of r that query finds, following metadata.next
// (bounded: a fake that never ends its pages fails the test).
func (r resource) all(t *testing.T, c *client, query url.Values) []map[string]any {
	t.Helper()
	q := maps.Clone(query)
	q.Set("page_size", "100")
	var out []map[string]any
	for range 50 {
		code, page := c.do(http.MethodGet, r.collection, q, nil)
		require.Equal(t, http.StatusOK, code, "list %v: %v", q, page)
		for _, item := range page["data"].([]any) {
			out = append(out, item.(map[string]any))
		}
		next, _ := at(page, "metadata.next")
		if next == nil {
			return out
		}
		u, err := url.Parse(next.(string))
		require.NoError(t, err)
		q = u.Query()
	}
	t.Fatalf("%s: more than 50 pages", r.collection)
	return nil
}

// client talks to one fake over loopback with its credential.
type client struct {
	t    *testing.T
	base string
	key  string
	sec  string
}

func startFake(t *testing.T) *client {
	t.Helper()
	f, err := fake.Start(fake.WithReadyAfter(0), fake.WithResponseValidation())
	require.NoError(t, err)
	t.Cleanup(func() { _ = f.Close() })
	return &client{t: t, base: f.URL, key: f.Key, sec: f.Secret}
}

func (c *client) do(method, path string, query url.Values, body any) (int, map[string]any) {
	c.t.Helper()
	var rd io.Reader
	if body != nil {
		raw, err := json.Marshal(body)
		require.NoError(c.t, err)
		rd = bytes.NewReader(raw)
	}
	u := c.base + path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	req, err := http.NewRequest(method, u, rd)
	require.NoError(c.t, err)
	req.SetBasicAuth(c.key, c.sec)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(c.t, err)
	defer resp.Body.Close()
	var out map[string]any
	raw, err := io.ReadAll(resp.Body)
	require.NoError(c.t, err)
	if len(raw) > 0 {
		require.NoError(c.t, json.Unmarshal(raw, &out), "%s %s answered %s", method, path, raw)
	}
	return resp.StatusCode, out
}

// sampler makes a value for a schema that sets every property a client may
// send (readOnly ones left out), choosing oneOf variant `variant` (and the
// same of the values an x-extensible-enum lists), with
// strings unique per sampler so that creates never clash.
type sampler struct {
	seq       int
	variant   int
	overrides map[string]any // dotted path -> value
}

func (s *sampler) value(sc *openapi3.Schema, path string) any {
	if v, ok := s.overrides[path]; ok {
		return v
	}
	if len(sc.OneOf) > 0 {
		return s.value(sc.OneOf[s.variant%len(sc.OneOf)].Value, path)
	}
	switch {
	case sc.Type.Is("object") || len(sc.Properties) > 0:
		out := map[string]any{}
		for _, name := range slices.Sorted(maps.Keys(sc.Properties)) { // in order: the same seq, the same values
			p := sc.Properties[name]
			if p.Value.ReadOnly {
				continue
			}
			if name == "environment" && p.Value.Type.Is("string") && strings.Contains(path, ".") {
				// A reference's environment says where the referred
				// resource lives; the server fills it in from the
				// resource's own environment, so it is not sent.
				continue
			}
			out[name] = s.value(p.Value, strings.TrimPrefix(path+"."+name, "."))
		}
		return out
	case sc.Type.Is("array"):
		out := []any{}
		for range max(1, sc.MinItems) {
			out = append(out, s.value(sc.Items.Value, path+"[]"))
		}
		return out
	case sc.Type.Is("integer"), sc.Type.Is("number"):
		if sc.Min != nil {
			return *sc.Min
		}
		return 1
	case sc.Type.Is("boolean"):
		return true
	}
	if len(sc.Enum) > 0 {
		return sc.Enum[0]
	}
	if ext, ok := sc.Extensions["x-extensible-enum"].([]any); ok && len(ext) > 0 {
		return ext[s.variant%len(ext)] // each listed value in turn, over the variants
	}
	s.seq++
	switch {
	case sc.Pattern == `^\d{12}$`:
		return fmt.Sprintf("%012d", s.seq)
	case strings.HasPrefix(sc.Pattern, `^\d+\.\d+\.\d+\.\d+/`): // a CIDR block
		return fmt.Sprintf("10.%d.%d.0/24", s.seq/256%256, s.seq%256)
	case sc.Pattern == `^\d+\.\d+\.\d+\.\d+$`: // an address
		return fmt.Sprintf("10.%d.%d.1", s.seq/256%256, s.seq%256)
	case sc.Format == "uri":
		return fmt.Sprintf("https://example.invalid/%d", s.seq)
	case sc.Format == "date-time":
		return "2026-01-02T03:04:05Z"
	}
	return fmt.Sprintf("v%d-%s", s.seq, strings.ReplaceAll(path, ".", "-"))
}

func bodySchema(t *testing.T, op *openapi3.Operation) *openapi3.Schema {
	t.Helper()
	require.NotNil(t, op.RequestBody, "%s has no request body", op.OperationID)
	return op.RequestBody.Value.Content.Get("application/json").Schema.Value
}

// sent lists every leaf of what was sent, by dotted path.
func leaves(v any, path string, out map[string]any) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			leaves(e, strings.TrimPrefix(path+"."+k, "."), out)
		}
	default:
		out[path] = x
	}
}

func at(doc map[string]any, path string) (any, bool) {
	var cur any = doc
	for _, part := range strings.Split(path, ".") {
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

// same compares a sent leaf with what came back, through JSON.
func same(a, b any) bool {
	ra, _ := json.Marshal(a)
	rb, _ := json.Marshal(b)
	var x, y any
	_ = json.Unmarshal(ra, &x)
	_ = json.Unmarshal(rb, &y)
	return reflect.DeepEqual(x, y)
}

// checkRoundTrip says which sent leaves a read does not give back.
func checkRoundTrip(t *testing.T, what string, body map[string]any, got map[string]any) {
	t.Helper()
	sent := map[string]any{}
	leaves(body, "", sent)
	for _, path := range slices.Sorted(maps.Keys(sent)) {
		back, ok := at(got, path)
		if !ok {
			t.Errorf("%s: the fake does not return %s, which the spec lets a client send (sent %v); fix %s", what, path, sent[path], fixStore)
			continue
		}
		if !same(sent[path], back) {
			t.Errorf("%s: the fake returns %s as %v, not as sent (%v); fix %s", what, path, back, sent[path], fixStore)
		}
	}
}

func variants(sc *openapi3.Schema) int {
	n := 1
	var walk func(s *openapi3.Schema, depth int)
	walk = func(s *openapi3.Schema, depth int) {
		if s == nil || depth > 8 {
			return
		}
		n = max(n, len(s.OneOf))
		if ext, ok := s.Extensions["x-extensible-enum"].([]any); ok {
			n = max(n, len(ext))
		}
		if s.Items != nil {
			walk(s.Items.Value, depth+1)
		}
		for _, p := range s.Properties {
			walk(p.Value, depth+1)
		}
	}
	walk(sc, 0)
	return n
}

// Every property the spec lets a client send on create (each oneOf variant
// in turn) and on update comes back from a read, unchanged.
func TestFakeStoresEverySpecProperty(t *testing.T) {
	for _, r := range resources(t) {
		if r.create == nil {
			continue // nothing to send
		}
		t.Run(r.create.OperationID, func(t *testing.T) {
			c := startFake(t)
			schema := bodySchema(t, r.create)
			for v := range variants(schema) {
				s := &sampler{seq: 100 * (v + 1), variant: v}
				body := s.value(schema, "").(map[string]any)
				code, created := c.do(http.MethodPost, r.collection, nil, body)
				require.Equal(t, http.StatusAccepted, code,
					"the fake refuses a create the spec allows (oneOf variant %d): fix fake/handlers.go (create)\nsent %v\ngot %v", v, body, created)
				id, _ := created["id"].(string)
				env, _ := at(created, "spec.environment.id")
				q := url.Values{"environment": {fmt.Sprint(env)}}
				code, got := c.do(http.MethodGet, r.collection+"/"+id, q, nil)
				require.Equal(t, http.StatusOK, code, "get: %v", got)
				checkRoundTrip(t, fmt.Sprintf("%s (variant %d)", r.create.OperationID, v), body, got)

				if r.update == nil {
					continue
				}
				u := &sampler{seq: 1000 * (v + 1), variant: v, overrides: map[string]any{"spec.environment": map[string]any{"id": env}}}
				change := u.value(bodySchema(t, r.update), "").(map[string]any)
				code, updated := c.do(http.MethodPatch, r.collection+"/"+id, nil, change)
				require.Equal(t, http.StatusOK, code, "update %v: %v", change, updated)
				code, got = c.do(http.MethodGet, r.collection+"/"+id, q, nil)
				require.Equal(t, http.StatusOK, code)
				checkRoundTrip(t, r.update.OperationID, change, got)
			}
		})
	}
}

// Every filter a list operation declares (each query parameter but the
// environment and paging) is honoured: filtering on a value the resource
// holds finds it, and filtering on a value no resource has finds nothing.
// A filter named by a path (spec.network, spec.config.region, status.phase)
// is tried with the resource's value there; one that is not (gateway_type,
// resource, id, or an IP address's cloud) with each value the resource's
// document holds, one of which must find it. The environment, where the
// list has one, finds nothing in another environment.
func TestFakeHonoursEveryListFilter(t *testing.T) {
	for _, r := range resources(t) {
		t.Run(r.list.OperationID, func(t *testing.T) {
			c := startFake(t)
			sample := r.sample(t, c, 1, "")
			id, base, doc := sample.id, sample.query, sample.doc
			finds := func(name, value string) bool {
				q := maps.Clone(base)
				q.Set(name, value)
				for _, item := range r.all(t, c, q) {
					if identity(item) == id {
						return true
					}
				}
				return false
			}

			filters := 0
			for _, p := range r.list.Parameters {
				name := p.Value.Name
				if p.Value.In != "query" || name == "page_size" || name == "page_token" {
					continue
				}
				filters++
				if name == "environment" {
					if finds(name, "env-no-such") {
						t.Errorf("%s: the fake ignores the environment; fix %s", r.list.OperationID, fixFilter)
					}
					continue
				}
				if p.Value.Required {
					continue // the sample's own query holds it: every list above used it
				}
				if finds(name, "no-such-value-for-"+name) {
					t.Errorf("%s: the fake ignores the %s filter (a value no resource has returned the resource); fix %s",
						r.list.OperationID, name, fixFilter)
				}
				tried := candidates(doc, name)
				if len(tried) == 0 {
					t.Errorf("%s: the fake returns nothing to filter %s on; fix %s", r.list.OperationID, name, fixStore)
					continue
				}
				if !slices.ContainsFunc(tried, func(v string) bool { return finds(name, v) }) {
					t.Errorf("%s: no value of the resource finds it by %s (tried %q); fix %s", r.list.OperationID, name, tried, fixFilter)
				}
			}
			require.Positive(t, filters, "%s declares no filters: is the fragment right?", r.list.OperationID)
		})
	}
}

// candidates are the values a filter may match in a document: the value
// at the filter's path when it names one (a reference by its id, a union
// by its kind, a list by its first element), else every string the
// document holds.
func candidates(doc map[string]any, name string) []string {
	own, ok := at(doc, name)
	if l, isList := own.([]any); isList && len(l) > 0 {
		own = l[0]
	}
	if m, isObject := own.(map[string]any); isObject {
		own, ok = m["id"], m["id"] != nil
		if !ok {
			own, ok = m["kind"], m["kind"] != nil
		}
	}
	if ok {
		return []string{fmt.Sprint(own)}
	}
	all := map[string]any{}
	leaves(doc, "", all)
	var out []string
	for _, path := range slices.Sorted(maps.Keys(all)) {
		if v, isString := all[path].(string); isString && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}
