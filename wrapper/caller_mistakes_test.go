package wrapper

import (
	"context"
	"net/http"
	"testing"

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
