package conformance

import (
	"maps"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every collection pages with tokens and answers 404 for an id it does not
// hold. One a client creates refuses a duplicate with 409 and a body the
// spec does not allow with 400, and after a delete reads DEPROVISIONING,
// then 404. One a client does not create goes with what made it.
func TestFakeServesEveryOperation(t *testing.T) {
	for _, r := range resources(t) {
		t.Run(r.list.OperationID, func(t *testing.T) {
			c := startFake(t)
			first := r.sample(t, c, 1, "")
			want := []string{first.id}
			if r.create != nil {
				want = append(want, r.sample(t, c, 1000, first.query.Get("environment")).id)
			}

			// Pages of one, linked by metadata.next.
			page := maps.Clone(first.query)
			page.Set("page_size", "1")
			var seen []string
			for range len(want) + 1 {
				code, body := c.do(http.MethodGet, r.collection, page, nil)
				require.Equal(t, http.StatusOK, code, "list %v: %v", page, body)
				for _, item := range body["data"].([]any) {
					seen = append(seen, item.(map[string]any)["id"].(string))
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

			code, _ := c.do(http.MethodGet, r.collection+"/no-such-id", first.query, nil)
			assert.Equal(t, http.StatusNotFound, code)

			// What to delete: the resource, or what made it.
			target, id, q := r, first.id, first.query
			if r.create == nil {
				target, id, q = *r.maker, first.maker, url.Values{"environment": first.query["environment"]}
			} else {
				s := &sampler{seq: 1}
				code, body := c.do(http.MethodPost, r.collection, nil, s.value(bodySchema(t, r.create), ""))
				assert.Equal(t, http.StatusConflict, code, "a second create with the same name in the same place: %v", body)
				code, _ = c.do(http.MethodPost, r.collection, nil, map[string]any{"spec": map[string]any{}})
				assert.Equal(t, http.StatusBadRequest, code, "a create without its required properties")
			}
			code, _ = c.do(http.MethodDelete, target.collection+"/"+id, q, nil)
			require.Equal(t, http.StatusNoContent, code)
			code, body := c.do(http.MethodGet, target.collection+"/"+id, q, nil)
			require.Equal(t, http.StatusOK, code)
			assert.Equal(t, "DEPROVISIONING", body["status"].(map[string]any)["phase"])
			code, _ = c.do(http.MethodGet, target.collection+"/"+id, q, nil)
			assert.Equal(t, http.StatusNotFound, code)
			code, _ = c.do(http.MethodGet, r.collection+"/"+first.id, first.query, nil)
			assert.Equal(t, http.StatusNotFound, code, "gone, or gone with what made it")
		})
	}
}
