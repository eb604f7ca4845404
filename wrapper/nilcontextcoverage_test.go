package wrapper

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The calls of the handles that are not Handle's (IP addresses,
// associations) refuse a nil context as *InputError too, sending nothing.
func TestNilContextRefusedByEveryOtherHandleCall(t *testing.T) {
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) { writeFailure(w, http.StatusNotFound, "none") })
	c := newTestClient(t, s)
	var nilCtx context.Context // a variable, so that vet does not flag a literal nil
	a := c.NetworkLinkServiceAssociations()
	first := func(seqErr func(func(error) bool)) error {
		var got error
		seqErr(func(err error) bool { got = err; return false })
		return got
	}
	calls := map[string]func() error{
		"IPAddresses.All": func() error {
			return first(func(yield func(error) bool) {
				for _, err := range c.IPAddresses().All(nilCtx, nil) {
					if !yield(err) {
						return
					}
				}
			})
		},
		"associations Get": func() error { _, err := a.Get(nilCtx, "env-1", "nls-1", "nlsa-1"); return err },
		"associations List": func() error {
			_, _, err := a.List(nilCtx, "env-1", "nls-1", nil)
			return err
		},
		"associations All": func() error {
			return first(func(yield func(error) bool) {
				for _, err := range a.All(nilCtx, "env-1", "nls-1", nil) {
					if !yield(err) {
						return
					}
				}
			})
		},
		"associations WaitDeleted": func() error { return a.WaitDeleted(nilCtx, "env-1", "nls-1", "nlsa-1") },
	}
	for name, call := range calls {
		var err error
		require.NotPanics(t, func() { err = call() }, name)
		var ie *InputError
		require.ErrorAs(t, err, &ie, name)
		assert.Equal(t, "ctx", ie.Field, name)
	}
	assert.Zero(t, s.hits.Load())
}
