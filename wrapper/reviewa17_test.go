package wrapper

// Adversarial review of branch audit-17: each test here failed on
// audit-17 before the fix committed with it.

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

// Two identical creates of one program, no list lag: B's first listing
// is read on the server before A's resource is stored, but its answer
// arrives after A has returned (and claimed) it. B's first attempt is
// answered 500 with nothing stored, so B settles and reads A's resource.
// A's claim is older than B's record, yet the resource was stored after
// B's listing was taken, so it is no sign of a list behind the store or
// of a reused id: B must send again and return a resource of its own.
// On audit-17 the stale-claim rule took the claim's age from when B was
// recorded (after its listing), and B reported its outcome unknown.
func TestClaimMadeWhileTheFirstListingIsOnItsWayIsNotStale(t *testing.T) {
	listed, release := make(chan struct{}), make(chan struct{})
	var fr *front
	fr = newFront(t, func(w http.ResponseWriter, r *http.Request, n int) bool {
		switch {
		case r.Method == http.MethodGet && r.URL.Path == nlsPath && n == 1: // B's first listing
			rec := httptest.NewRecorder()
			fr.f.ServeHTTP(rec, r) // read now, answered later
			close(listed)
			<-release
			for k, v := range rec.Header() {
				w.Header()[k] = v
			}
			w.WriteHeader(rec.Code)
			_, _ = w.Write(rec.Body.Bytes())
			return true
		case r.Method == http.MethodPost && r.URL.Path == nlsPath && n == 2: // B's first attempt
			writeFailure(w, http.StatusInternalServerError, "nothing stored")
			return true
		}
		return false
	}, fake.WithoutUniqueness())
	pol := fastRetries()
	pol.SettleDelay, pol.MaxSettle = 50*time.Millisecond, time.Second
	c := fr.client(t, WithRetryPolicy(pol))
	type result struct {
		id  string
		err error
	}
	bDone := make(chan result, 1)
	go func() {
		got, err := c.NetworkLinkServices().Create(context.Background(), nlsCreate("svc"))
		if err != nil {
			bDone <- result{err: err}
			return
		}
		bDone <- result{id: got.ID}
	}()
	<-listed
	a, err := c.NetworkLinkServices().Create(context.Background(), nlsCreate("svc"))
	require.NoError(t, err)
	close(release)
	b := <-bDone
	require.NoError(t, b.err, "B stored nothing on its first attempt and nothing is in doubt once it has read")
	assert.NotEqual(t, a.ID, b.id, "one resource returned to two creates")
	assert.Len(t, fr.f.NetworkLinkServices(), 2)
}
