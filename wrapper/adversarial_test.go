package wrapper

// Tests written by an adversarial review of the retry pipeline and the
// create rule: each reproduced a defect before its fix.

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ccloud-go/networking/fake"
)

// every create attempt is lost before the server sees it; each read
// shows nothing stored. When attempts run out the call returns a bare
// *TransportError that says "it may have been applied" and matches
// ErrOutcomeUnknown, though reading settled that nothing was stored; and
// it is not an *OutcomeUnknownError, the type the docs promise.
func TestCreateSettledAsNotStoredIsAKnownFailure(t *testing.T) {
	fr := newFront(t, func(w http.ResponseWriter, r *http.Request, n int) bool {
		if r.Method == http.MethodPost {
			hangUp(w)
			return true
		}
		return false
	}, fake.WithoutUniqueness())
	p := fastRetries()
	p.MaxAttempts = 2
	_, err := fr.client(t, WithRetryPolicy(p)).NetworkLinkServices().Create(context.Background(), nlsCreate("svc"))
	assert.Empty(t, fr.f.NetworkLinkServices())
	assert.NotErrorIs(t, err, ErrOutcomeUnknown, "reading showed nothing stored")
	var te *TransportError
	require.ErrorAs(t, err, &te)
	assert.Equal(t, 2, te.Attempts, "both creates sent are counted")
	assert.NotContains(t, err.Error(), "may have been applied")
}
