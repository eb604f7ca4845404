package conformance

import (
	"maps"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ccloud-go/networking/spec/openapi"
)

// Every collection pages with tokens, and one with ids answers 404 for an
// id it does not hold. One a client creates answers a repeated create as
// it stores it (409 and nothing stored, or 202 and one more), a body the
// spec does not allow with 400, and after a delete reads DEPROVISIONING,
// then 404. One a client does not create goes with what made it; a seeded
// one (IP addresses) only lists.
func TestFakeServesEveryOperation(t *testing.T) {
	for _, r := range resources(t) {
		t.Run(r.list.OperationID, func(t *testing.T) {
			c := startFake(t)
			first := r.sample(t, c, 1, "")
			want := []string{first.id}
			if r.create != nil {
				want = append(want, r.sample(t, c, 1000, first.query.Get("environment")).id)
			}
			if r.seeded {
				want = nil
				for _, item := range r.all(t, c, first.query) {
					want = append(want, identity(item))
				}
			}

			// Pages of one, linked by metadata.next.
			page := maps.Clone(first.query)
			page.Set("page_size", "1")
			var seen []string
			for range len(want) + 1 {
				code, body := c.do(http.MethodGet, r.collection, page, nil)
				require.Equal(t, http.StatusOK, code, "list %v: %v", page, body)
				for _, item := range body["data"].([]any) {
					seen = append(seen, identity(item.(map[string]any)))
				}
				next, _ := at(body, "metadata.next")
				if next == nil {
					break
				}
				u, err := url.Parse(next.(string))
				require.NoError(t, err)
				page = u.Query()
			}
			assert.Equal(t, want, seen, "pages of one should give every resource once, in order")
			if r.seeded {
				return // nothing to read by id, create or delete
			}

			code, _ := c.do(http.MethodGet, r.collection+"/no-such-id", first.query, nil)
			assert.Equal(t, http.StatusNotFound, code)

			// What to delete: the resource, or what made it.
			target, id, q := r, first.id, first.query
			if r.create == nil {
				target, id, q = *r.maker, first.maker, url.Values{"environment": first.query["environment"]}
			} else {
				// A second create of the same resource: refused where the
				// fake applies a rule, else stored; either way the list
				// says what the answer said.
				before := len(r.all(t, c, first.query))
				s := &sampler{seq: 1}
				code, body := c.do(http.MethodPost, r.collection, nil, s.value(bodySchema(t, r.create), ""))
				switch code {
				case http.StatusConflict:
					assert.Len(t, r.all(t, c, first.query), before, "a refused create stored something: %v", body)
				case http.StatusAccepted:
					assert.Len(t, r.all(t, c, first.query), before+1, "an accepted create was not stored once: %v", body)
					assert.NotEqual(t, first.id, body["id"])
				default:
					t.Errorf("a second create with the same values answered %d: %v", code, body)
				}
				code, _ = c.do(http.MethodPost, r.collection, nil, map[string]any{"spec": map[string]any{}})
				assert.Equal(t, http.StatusBadRequest, code, "a create without its required properties")
			}
			code, _ = c.do(http.MethodDelete, target.collection+"/"+id, q, nil)
			require.Equal(t, http.StatusNoContent, code)
			code, body := c.do(http.MethodGet, target.collection+"/"+id, q, nil)
			require.Equal(t, http.StatusOK, code)
			assert.Equal(t, "DEPROVISIONING", body["status"].(map[string]any)["phase"])
			// The phase a resource settles in is one its document lists
			// (the lists are extensible: a phase in flight may be another).
			assert.Contains(t, phasesListed(t, r.collection), first.doc["status"].(map[string]any)["phase"], "a phase the spec lists for %s", r.collection)
			code, _ = c.do(http.MethodGet, target.collection+"/"+id, q, nil)
			assert.Equal(t, http.StatusNotFound, code)
			code, _ = c.do(http.MethodGet, r.collection+"/"+first.id, first.query, nil)
			assert.Equal(t, http.StatusNotFound, code, "gone, or gone with what made it")
		})
	}
}

// phasesListed are the phases the spec lists for a collection's resources
// (the x-extensible-enum of status.phase in a get's answer).
func phasesListed(t *testing.T, collection string) []any {
	t.Helper()
	doc, err := openapi.Load()
	require.NoError(t, err)
	get := doc.Paths.Value(collection + "/{id}").Get
	sc := get.Responses.Status(http.StatusOK).Value.Content.Get("application/json").Schema.Value
	phase := sc.Properties["status"].Value.Properties["phase"].Value
	out := append([]any{}, phase.Enum...)
	if ext, ok := phase.Extensions["x-extensible-enum"].([]any); ok {
		out = append(out, ext...)
	}
	require.NotEmpty(t, out, "%s: the spec lists no phases", collection)
	return out
}
