package fake_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
)

// A 405 says which methods the path does support (RFC 9110 15.5.6); a 404
// for a path the API does not have carries no Allow.
func TestMethodNotAllowedCarriesAllow(t *testing.T) {
	f := start(t)
	cases := []struct{ method, path, allow string }{
		{"PUT", "/networking/v1/private-link-accesses/pla-1?environment=env-1", "GET, DELETE, PATCH"},
		{"POST", "/networking/v1/network-link-services/nls-1", "GET, DELETE, PATCH"},
		{"DELETE", "/networking/v1/network-link-services?environment=env-1", "GET, POST"},
		{"PATCH", "/networking/v1/private-link-accesses", "GET, POST"},
	}
	for _, tc := range cases {
		status, h, body := do(t, f, tc.method, tc.path, nil)
		assert.Equal(t, http.StatusMethodNotAllowed, status, "%s %s: %s", tc.method, tc.path, body)
		assert.Equal(t, tc.allow, h.Get("Allow"), "%s %s", tc.method, tc.path)
	}
	status, h, _ := do(t, f, "GET", "/networking/v1/no-such-collection", nil)
	assert.Equal(t, http.StatusNotFound, status)
	assert.Empty(t, h.Values("Allow"))
}
