package wrapper

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ccloud-go/networking/api"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A nil context is the caller's mistake, refused before anything is sent
// as an *InputError naming ctx and the fix: it was a plain error that did
// not match ErrInvalidInput, and the waiters panicked on it.
func TestNilContextIsAnInputError(t *testing.T) {
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) { writeFailure(w, http.StatusNotFound, "none") })
	c := newTestClient(t, s)
	var nilCtx context.Context // a variable, so that vet does not flag a literal nil
	plas := c.PrivateLinkAccesses()
	calls := map[string]func() error{
		"Create": func() error {
			_, err := plas.Create(nilCtx, api.PrivateLinkAccessCreateRequest{Spec: api.PrivateLinkAccessSpec{
				Cloud: AWSCloud("123456789012"), Environment: Ref("env-1"), Network: Ref("n-1")}})
			return err
		},
		"Get": func() error { _, err := plas.Get(nilCtx, "env-1", "pla-1"); return err },
		"List": func() error {
			_, _, err := plas.List(nilCtx, "env-1", nil)
			return err
		},
		"All": func() error {
			for _, err := range plas.All(nilCtx, "env-1", nil) {
				return err
			}
			return nil
		},
		"Update": func() error {
			_, err := plas.Update(nilCtx, "env-1", "pla-1", api.PrivateLinkAccessUpdateRequest{})
			return err
		},
		"Delete":      func() error { return plas.Delete(nilCtx, "env-1", "pla-1") },
		"WaitReady":   func() error { _, err := plas.WaitReady(nilCtx, "env-1", "pla-1"); return err },
		"WaitDeleted": func() error { return plas.WaitDeleted(nilCtx, "env-1", "pla-1") },
		"IPAddresses.List": func() error {
			_, _, err := c.IPAddresses().List(nilCtx, nil)
			return err
		},
		"associations WaitReady": func() error {
			_, err := c.NetworkLinkServiceAssociations().WaitReady(nilCtx, "env-1", "nls-1", "nlsa-1")
			return err
		},
	}
	for name, call := range calls {
		var err error
		require.NotPanics(t, func() { err = call() }, name)
		require.ErrorIs(t, err, ErrInvalidInput, name)
		var ie *InputError
		require.ErrorAs(t, err, &ie, name)
		assert.Equal(t, "ctx", ie.Field, name)
		assert.Contains(t, ie.Problem, "context.Background()", name)
	}
	assert.Zero(t, s.hits.Load(), "nothing is sent with a nil context")
}

// A base URL holding /networking/v1, which every operation's path starts
// with, is refused by New naming where it came from: it was taken, and each
// call went to /networking/v1/networking/v1/... for a 404 that did not say
// why. A path of a proxy's is still taken.
func TestBaseURLWithTheAPIPrefixRefused(t *testing.T) {
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, plaDoc("pla-1", "READY", awsCloudDoc("123456789012")))
	})
	for _, suffix := range []string{"/networking/v1", "/networking/v1/", "/proxy/networking/v1", "/networking/v1/private-link-accesses"} {
		_, err := New(WithBaseURL(s.URL+suffix), WithAPIKey(testKey, testSecret))
		require.ErrorIs(t, err, ErrInvalidInput, suffix)
		var ie *InputError
		require.ErrorAs(t, err, &ie, suffix)
		assert.Equal(t, "WithBaseURL", ie.Field, suffix)
		assert.Contains(t, ie.Problem, "give the API's root", suffix)

		t.Setenv(EnvAPIKey, testKey)
		t.Setenv(EnvAPISecret, testSecret)
		t.Setenv(EnvEndpoint, s.URL+suffix)
		_, err = NewFromEnv()
		require.ErrorAs(t, err, &ie, suffix)
		assert.Equal(t, EnvEndpoint, ie.Field, suffix)
	}
	assert.Zero(t, s.hits.Load())
}

// A base URL's path (a proxy's prefix) is kept by every call: the handles
// dropped it, since the generated builders resolve "./networking/v1/..."
// against the base, and without a trailing slash its last segment was
// replaced; c.API(), given the same URL, kept it.
func TestBaseURLPathIsKept(t *testing.T) {
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == http.MethodDelete:
			w.WriteHeader(http.StatusNoContent)
		case strings.HasSuffix(r.URL.Path, "/private-link-accesses"):
			writeJSON(w, http.StatusOK, map[string]any{"api_version": "networking/v1", "kind": "PrivateLinkAccessList",
				"metadata": map[string]any{}, "data": []any{plaDoc("pla-1", "READY", awsCloudDoc("123456789012"))}})
		default:
			writeJSON(w, http.StatusOK, plaDoc("pla-1", "READY", awsCloudDoc("123456789012")))
		}
	})
	for _, base := range []string{s.URL + "/proxy", s.URL + "/proxy/", s.URL + "/a/proxy"} {
		c := newTestClient(t, s, WithBaseURL(base))
		ctx := context.Background()
		_, err := c.PrivateLinkAccesses().Get(ctx, "env-1", "pla-1")
		require.NoError(t, err, base)
		_, _, err = c.PrivateLinkAccesses().List(ctx, "env-1", nil)
		require.NoError(t, err, base)
		require.NoError(t, c.PrivateLinkAccesses().Delete(ctx, "env-1", "pla-1"), base)
		_, err = c.API().GetNetworkingV1PrivateLinkAccess(ctx, "pla-1", &api.GetNetworkingV1PrivateLinkAccessParams{Environment: "env-1"})
		require.NoError(t, err, base)
	}
	prefixes := map[string]int{}
	for _, r := range s.requests() {
		_, path, _ := strings.Cut(r, " ")
		prefix, _, _ := strings.Cut(path, "/networking/v1/")
		prefixes[prefix]++
	}
	assert.Equal(t, map[string]int{"/proxy": 8, "/a/proxy": 4}, prefixes)
}

// A retry policy written as a literal of only the fields one cares about
// (RetryPolicy{SettleDelay: ...}) is refused saying how to write it: the
// error said only "MaxAttempts must be between 1 and 100", while other
// fields' 0 means their default.
func TestPartialRetryPolicySaysHow(t *testing.T) {
	for _, p := range []RetryPolicy{{SettleDelay: 5 * time.Second}, {MaxAttempts: 3}, {MaxAttempts: 3, BaseDelay: time.Second}} {
		_, err := New(WithAPIKey(testKey, testSecret), WithRetryPolicy(p))
		var ie *InputError
		require.ErrorAs(t, err, &ie)
		assert.Equal(t, "WithRetryPolicy", ie.Field)
		assert.Contains(t, ie.Problem, "start from DefaultRetryPolicy()", "%+v", p)
	}
	p := DefaultRetryPolicy()
	p.SettleDelay = 5 * time.Second
	_, err := New(WithAPIKey(testKey, testSecret), WithRetryPolicy(p))
	require.NoError(t, err)
}
