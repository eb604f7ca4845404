package wrapper

// Tests written by an adversarial review of the retry pipeline and the
// create rule: each reproduced a defect before its fix.

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ccloud-go/networking/fake"
)

// a gateway answers 504 while the backend goes on and stores the
// create a little later. The read-back runs at once, sees nothing, and the
// create is sent again: two resources stored.
func TestCreateStoredLateBehindA504IsNotSentAgain(t *testing.T) {
	var fr *front
	fr = newFront(t, func(w http.ResponseWriter, r *http.Request, n int) bool {
		if r.Method == http.MethodPost && n == 1 {
			raw, _ := jsonBody(r)
			req := withBody(r, raw).WithContext(context.Background())
			go func() {
				time.Sleep(300 * time.Millisecond) // backend still working
				fr.f.ServeHTTP(httptest.NewRecorder(), req)
			}()
			writeFailure(w, http.StatusGatewayTimeout, "upstream timed out")
			return true
		}
		return false
	}, fake.WithoutUniqueness())
	got, err := fr.client(t).NetworkLinkServices().Create(context.Background(), nlsCreate("svc"))
	require.NoError(t, err)
	require.NotNil(t, got)
	time.Sleep(500 * time.Millisecond)
	assert.Len(t, fr.f.NetworkLinkServices(), 1, "one create, one resource")
}

// the same with the client's own per-attempt timeout (http.Client.Timeout,
// which the default client sets to 60s).
func TestCreateStoredLateAfterAnAttemptTimeoutIsNotSentAgain(t *testing.T) {
	var fr *front
	fr = newFront(t, func(w http.ResponseWriter, r *http.Request, n int) bool {
		if r.Method == http.MethodPost && n == 1 {
			raw, _ := jsonBody(r)
			time.Sleep(300 * time.Millisecond)
			fr.f.ServeHTTP(httptest.NewRecorder(), withBody(r, raw).WithContext(context.Background()))
			return true
		}
		return false
	}, fake.WithoutUniqueness())
	c := fr.client(t, WithHTTPClient(&http.Client{Timeout: 100 * time.Millisecond}))
	_, err := c.NetworkLinkServices().Create(context.Background(), nlsCreate("svc"))
	require.NoError(t, err)
	time.Sleep(500 * time.Millisecond)
	assert.Len(t, fr.f.NetworkLinkServices(), 1, "one create, one resource")
}

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
