package wrapper

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A base URL whose path holds an escaped character asks for the same path
// with or without a trailing slash: with one, the escape was dropped
// (/a%2Fb/ sent /a/b/networking/v1/..., a different path to a proxy).
func TestBaseURLTrailingSlashKeepsAnEscapedPrefix(t *testing.T) {
	var mu sync.Mutex
	paths := map[string]int{}
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		paths[r.URL.EscapedPath()]++
		mu.Unlock()
		writeJSON(w, http.StatusOK, plaDoc("pla-1", "READY", awsCloudDoc("123456789012")))
	}))
	t.Cleanup(s.Close)
	for _, base := range []string{s.URL + "/a%2Fb", s.URL + "/a%2Fb/", s.URL + "/a%2Fb//"} {
		c, err := New(WithBaseURL(base), WithAPIKey(testKey, testSecret))
		require.NoError(t, err)
		_, err = c.PrivateLinkAccesses().Get(context.Background(), "env-1", "pla-1")
		require.NoError(t, err, base)
	}
	mu.Lock()
	defer mu.Unlock()
	assert.Equal(t, map[string]int{"/a%2Fb/networking/v1/private-link-accesses/pla-1": 3}, paths)
}

// Spellings of one base path that a server reads as one (an unreserved
// character escaped or not, a trailing slash or not) share one record of
// running creates: two records for one server let two creates in doubt
// each take one resource.
func TestServerKeySpellingsOfOnePathAgree(t *testing.T) {
	key := func(raw string) string {
		u, err := checkBaseURL(raw, false)
		require.NoError(t, err, raw)
		return serverKey(u)
	}
	want := key("http://127.0.0.1:9/ab")
	for _, raw := range []string{"http://127.0.0.1:9/ab/", "http://127.0.0.1:9/a%62", "http://127.0.0.1:9/a%62/", "http://localhost:9/%61b"} {
		assert.Equal(t, want, key(raw), raw)
	}
	escaped := key("http://127.0.0.1:9/a%2Fb")
	for _, raw := range []string{"http://127.0.0.1:9/a%2Fb/", "http://127.0.0.1:9/a%2fb"} {
		assert.Equal(t, escaped, key(raw), raw)
	}
}
