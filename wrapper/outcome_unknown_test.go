package wrapper

// When a create's outcome is unknown and when it is known: reading that
// settled nothing was stored, or a listing that failed before the first
// send, is a known failure; a create cancelled while it settles is
// unknown, and leaves nothing running.

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ccloud-go/networking/api"
	"github.com/ccloud-go/networking/fake"
)

// Every create attempt is lost before the server sees it; each read shows
// nothing stored. When attempts run out the call's error is a known
// failure: a *TransportError counting every attempt sent, not matching
// ErrOutcomeUnknown and not saying "it may have been applied", since
// reading settled that nothing was stored.
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

// A create cancelled by its caller while it waits out a settle window
// says its outcome is unknown, and leaves nothing running in the client:
// an identical create afterwards is not held up by it. It stays a ghost.
func TestCreateCancelledMidSettleIsUnknownAndReleased(t *testing.T) {
	p := &pagedStore{}
	lag := true
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && lag { // stored but not yet shown
			writeJSON(w, 200, map[string]any{"api_version": "networking/v1", "kind": "NetworkLinkServiceList", "metadata": map[string]any{}, "data": []any{}})
			return
		}
		p.handler(func(w http.ResponseWriter, doc map[string]any) {
			if p.posts == 1 {
				hangUp(w)
				return
			}
			writeJSON(w, 202, doc)
		})(w, r)
	})
	pol := fastRetries()
	pol.SettleDelay, pol.MaxSettle = time.Minute, time.Minute
	c := newTestClient(t, s, WithRetryPolicy(pol))
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	_, err := c.NetworkLinkServices().Create(ctx, nlsCreate("svc"))
	var unknown *OutcomeUnknownError
	require.ErrorAs(t, err, &unknown, "cancelled mid-settle: %v", err)
	open, ghosts := 0, 0
	registry.Lock()
	if rec := registry.of[c.serverKey]; rec != nil {
		rec.mu.Lock()
		for op := range rec.open {
			if op.ended {
				ghosts += op.unseen
			} else {
				open++
			}
		}
		rec.mu.Unlock()
	}
	registry.Unlock()
	assert.Zero(t, open, "the cancelled create is no longer running")
	// Its attempt may have stored a resource no read showed: it stays as a
	// ghost (see creates.end), which holds no create up (busyLocked skips
	// it) and keeps a later create from taking that store as its own.
	assert.Equal(t, 1, ghosts, "one store of the cancelled create may still show")
	assert.Equal(t, 1, p.posts)
}

// The listing before the first send answered 429 then an error: the first
// is waited out, the second leaves the create unsent.
func TestPreCreateListingFailuresNeverSend(t *testing.T) {
	var posts, lists int
	var mu sync.Mutex
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		if r.Method == http.MethodPost {
			posts++
			writeJSON(w, 202, nlsDoc("nls-1", api.PhaseProvisioning))
			return
		}
		lists++
		if lists == 1 {
			w.Header().Set("Retry-After", "0")
			writeFailure(w, http.StatusTooManyRequests, "slow down")
			return
		}
		writeFailure(w, http.StatusBadRequest, "no")
	})
	c := newTestClient(t, s)
	_, err := c.NetworkLinkServices().Create(context.Background(), nlsCreate("svc"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "not sent")
	assert.Equal(t, 2, lists, "the 429 was retried")
	assert.Zero(t, posts, "nothing sent")
}
