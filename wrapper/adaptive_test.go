package wrapper

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ccloud-go/networking/fake"
)

// A stray 429 (from a server whose answers carry no window figures, or one
// saying the window has room) leaves the rate unlearned; 429s the window
// explains, or many of them, start it.
func TestAdaptiveStray429(t *testing.T) {
	answers := func(a *adaptive, n, limit, remaining int) {
		for range n {
			a.count(time.Now())
			a.observe(http.StatusOK, time.Now(), limit, remaining)
		}
	}
	throttle := func(a *adaptive, remaining int) {
		a.count(time.Now())
		a.observe(http.StatusTooManyRequests, time.Now(), -1, remaining)
	}

	a := newAdaptive()
	answers(a, 40, -1, -1)
	throttle(a, 0)
	throttle(a, 0)
	answers(a, 40, -1, -1)
	throttle(a, 0)
	assert.False(t, a.enabled, "no figures, 3 of 83 answers 429: strays")

	a = newAdaptive()
	answers(a, 5, -1, -1)
	for range 4 {
		throttle(a, 0)
	}
	assert.True(t, a.enabled, "no figures, 4 of 9 answers 429: throttling")

	a = newAdaptive()
	answers(a, 10, 20, 15)
	throttle(a, -1)
	throttle(a, -1)
	assert.False(t, a.enabled, "window with room, 429s without figures: strays")

	a = newAdaptive()
	answers(a, 10, 20, 15)
	throttle(a, 0)
	throttle(a, 0)
	assert.True(t, a.enabled, "window figures, 429s saying it is spent: throttling")

	a = newAdaptive()
	answers(a, 10, 20, 3)
	throttle(a, -1)
	throttle(a, -1)
	assert.True(t, a.enabled, "window running low, then 429s: throttling")
}

// Once learned, the rate follows the window's figures: it falls while
// answers say less than a quarter of the limit is left, climbs while they
// say half or more, and holds between.
func TestAdaptiveFollowsRemaining(t *testing.T) {
	a := newAdaptive()
	a.enabled, a.fill, a.capacity = true, 4, 1
	now := time.Now()
	a.observed = now.Add(-500 * time.Millisecond)
	for range 8 {
		a.count(now)
	}
	a.observe(http.StatusOK, now, 20, 2)
	low := a.fill
	assert.Less(t, low, 4.0, "2 of 20 left: the rate falls")
	a.observed = time.Now().Add(-500 * time.Millisecond)
	a.observe(http.StatusOK, now, 20, 7)
	assert.Equal(t, low, a.fill, "7 of 20 left: the rate holds")
	a.observed = time.Now().Add(-500 * time.Millisecond)
	a.observe(http.StatusOK, now, 20, 15)
	assert.Greater(t, a.fill, low, "15 of 20 left: the rate climbs")
}

// A gateway that answers every tenth request 429, whatever the rate, with
// no window figures: cutting the rate does not lower the share, and the
// client learns that share as shedding, leaving those 429s to retries
// rather than cut for each (which held a client at 3-15 requests a second
// whatever the server could take). A limit without figures, at 50 a
// second, is still learned: cutting below it stops the 429s, nothing is
// taken for shedding, and at most a tenth of the requests meet a 429.
func TestAdaptiveTellsSheddingFromALimit(t *testing.T) {
	if testing.Short() {
		t.Skip("takes about 8 s")
	}
	t.Parallel() // loopback servers of its own; about the rest of the package's run
	f, err := fake.New(fake.WithStrictReadOnly())
	require.NoError(t, err)
	var mu sync.Mutex
	var seen int
	shedding := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen++
		shed := seen%10 == 0
		mu.Unlock()
		if shed {
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		f.ServeHTTP(w, r)
	})
	tokens, last := 50.0, time.Now()
	var admitted, refused int
	limit := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		now := time.Now()
		tokens = math.Min(50, tokens+now.Sub(last).Seconds()*50)
		last = now
		ok := tokens >= 1
		if ok {
			tokens--
			admitted++
		} else {
			refused++
		}
		mu.Unlock()
		if !ok {
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		f.ServeHTTP(w, r)
	})
	run := func(h http.Handler, calls int64) (*adaptive, int64) {
		srv := httptest.NewServer(h)
		defer srv.Close()
		c, err := New(WithBaseURL(srv.URL), WithAPIKey(fake.DefaultKey, fake.DefaultSecret))
		require.NoError(t, err)
		var a *adaptive
		for _, pol := range c.pipe.policies {
			if pp, ok := pol.(*pacingPolicy); ok {
				a = pp.rate
			}
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		var next, failed atomic.Int64
		var wg sync.WaitGroup
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for next.Add(1) <= calls {
					if _, _, err := c.PrivateLinkAccesses().List(ctx, "env-1", &ListOptions{PageSize: 1}); err != nil {
						failed.Add(1)
					}
				}
			}()
		}
		wg.Wait()
		return a, failed.Load()
	}

	t.Run("shedding", func(t *testing.T) {
		t.Parallel()
		a, failed := run(shedding, 150)
		a.mu.Lock()
		defer a.mu.Unlock()
		mu.Lock()
		defer mu.Unlock()
		fmt.Printf("shedding a tenth: %d requests, learned shed share %.2f, rate %.1f/s\n", seen, a.shed, a.fill)
		assert.Positive(t, a.shed, "the share the cuts did not lower is learned")
		assert.Zero(t, failed, "every call succeeds")
	})
	t.Run("limit", func(t *testing.T) {
		t.Parallel()
		a, failed := run(limit, 200)
		a.mu.Lock()
		defer a.mu.Unlock()
		mu.Lock()
		defer mu.Unlock()
		fmt.Printf("limit 50/1s without figures: %d admitted, %d 429s, learned shed share %.2f, rate %.1f/s\n", admitted, refused, a.shed, a.fill)
		assert.Zero(t, failed, "every call succeeds")
		assert.Equal(t, 200, admitted, "each call admitted once")
		assert.True(t, a.enabled, "the limit's 429s teach a rate")
		assert.Zero(t, a.shed, "a limit's 429s stop below it: no shedding")
		assert.LessOrEqual(t, float64(refused), 0.1*float64(admitted+refused), "at most a tenth meet a 429")
	})
}
