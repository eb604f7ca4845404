package wrapper

import (
	"context"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// A misconfigured server answers every request 429 while its figures say
// the window has room (Remaining 5, reset in 30 s) and sends no
// Retry-After. Such 429s, once they are most answers, hold the client to
// the reset as main's did: eight goroutines of ten calls each send at most
// the eight first requests and the few sent before four 429s came back,
// not a request after each backoff (180 before this was fixed: every
// call and every retry the budget allowed).
func TestPacerHolds429sSayingRoomWhenTheyAreMostAnswers(t *testing.T) {
	// The adaptive rate, on by default, also slows the client (to 0.5 a
	// second, so the calls then wait out the context): off, the pacer
	// alone is tested.
	var n atomic.Int64
	s := newServer(t, func(w http.ResponseWriter, _ *http.Request) {
		n.Add(1)
		h := w.Header()
		h.Set("X-RateLimit-Limit", "100")
		h.Set("X-RateLimit-Remaining", "5")
		h.Set("X-RateLimit-Reset", "30")
		writeFailure(w, http.StatusTooManyRequests, "too many requests")
	})
	c := newTestClient(t, s, WithoutAdaptiveRate())
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var calls, failed atomic.Int64
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 10 {
				calls.Add(1)
				if _, _, err := c.PrivateLinkAccesses().List(ctx, "env-1", nil); err != nil {
					failed.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	t.Logf("%d calls, %d failed, %d requests", calls.Load(), failed.Load(), n.Load())
	assert.Equal(t, int64(80), failed.Load(), "every call fails")
	assert.LessOrEqual(t, n.Load(), int64(16), "held to the reset once 429s are most answers")
}
