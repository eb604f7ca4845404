package wrapper

// The program-wide record of creates (the registry): one record a server
// however its URL is spelled, kept while a claim may be needed and freed
// once nothing is open or claimed.

import (
	"context"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ccloud-go/networking/fake"
)

// registered says whether the registry holds a record for key.
func registered(key string) bool {
	registry.Lock()
	defer registry.Unlock()
	_, ok := registry.of[key]
	return ok
}

// A test suite that starts a short-lived server per test and creates
// against each: once a server's creates have returned and hold no claim,
// the program keeps no record of it. The registry held one record per
// server ever used, for the whole program.
func TestRegistryForgetsServersWithNothingOpenOrClaimed(t *testing.T) {
	const n = 20
	var keys []string
	for i := range n {
		s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodGet {
				writeJSON(w, 200, map[string]any{"api_version": "networking/v1", "kind": "NetworkLinkServiceList", "metadata": map[string]any{}, "data": []any{}})
				return
			}
			writeFailure(w, http.StatusBadRequest, "refused")
		})
		c := newTestClient(t, s)
		_, err := c.NetworkLinkServices().Create(context.Background(), nlsCreate("svc"))
		require.Error(t, err, "server %d", i)
		u, err := url.Parse(s.URL)
		require.NoError(t, err)
		keys = append(keys, serverKey(u))
		s.Close()
	}
	held := 0
	for _, k := range keys {
		if registered(k) {
			held++
		}
	}
	assert.Zero(t, held, "records kept of %d servers with nothing open or claimed", n)
}

// A record with claims is kept while a claim may still be needed, and
// freed by a later sweep once every claim has expired.
func TestRegistryKeepsClaimsUntilTheyExpire(t *testing.T) {
	var keys []string
	for range 3 {
		f, err := fake.Start()
		require.NoError(t, err)
		c, err := New(WithBaseURL(f.URL), WithAPIKey(f.Key, f.Secret))
		require.NoError(t, err)
		_, err = c.NetworkLinkServices().Create(context.Background(), nlsCreate("svc"))
		require.NoError(t, err)
		require.NoError(t, f.Close())
		u, err := url.Parse(f.URL)
		require.NoError(t, err)
		keys = append(keys, serverKey(u))
	}
	for _, k := range keys {
		assert.True(t, registered(k), "a record with a live claim is kept")
	}
	// Age every claim of these servers past claimTTL, then sweep.
	registry.Lock()
	for _, k := range keys {
		rec := registry.of[k]
		rec.mu.Lock()
		for id := range rec.ids {
			rec.ids[id] = claim{at: time.Now().Add(-claimTTL - time.Second)}
		}
		rec.mu.Unlock()
	}
	registry.sweepLocked()
	registry.Unlock()
	for _, k := range keys {
		assert.False(t, registered(k), "a record whose claims all expired is freed")
	}
}

// The record of claims is per server, so spellings of one server (host
// case, a default port written out, a trailing slash) share one record; a
// different path or port is another server. New makes no request.
func TestClaimsSharedAcrossSpellingsOfOneServer(t *testing.T) {
	recordOf := func(base string) string { // the key of its record in the registry
		t.Helper()
		c, err := New(WithBaseURL(base), WithAPIKey("key", "secret"))
		require.NoError(t, err)
		return c.serverKey
	}
	for _, group := range [][]string{
		{"https://claims.example", "https://CLAIMS.example", "https://claims.example:443", "https://claims.example:443/", "HTTPS://Claims.Example/"},
		{"http://localhost:18080/base", "http://LocalHost:18080/base/", "http://localhost:18080/base//"},
	} {
		first := recordOf(group[0])
		for _, other := range group[1:] {
			assert.Equal(t, first, recordOf(other), "%s and %s", group[0], other)
		}
	}
	assert.NotEqual(t, recordOf("https://claims.example"), recordOf("https://claims.example:8443"))
	assert.NotEqual(t, recordOf("https://claims.example"), recordOf("https://claims.example/other"))
	assert.NotEqual(t, recordOf("http://localhost:18080/base"), recordOf("http://localhost:18081/base"))
}
