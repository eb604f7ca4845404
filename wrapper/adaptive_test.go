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
	// run sends calls Lists from 8 goroutines, fewer when done says the
	// client has learned what the run is for (nil: all of them).
	run := func(h http.Handler, calls int64, done func(*adaptive) bool) (*adaptive, int64) {
		srv := httptest.NewServer(h)
		defer srv.Close()
		c, err := New(WithBaseURL(srv.URL), WithAPIKey(fake.DefaultKey, fake.DefaultSecret))
		require.NoError(t, err)
		a := rateOf(c)
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		var next, failed atomic.Int64
		var wg sync.WaitGroup
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for next.Add(1) <= calls {
					if done != nil {
						a.mu.Lock()
						stop := done(a)
						a.mu.Unlock()
						if stop {
							return
						}
					}
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
		// Learning takes a cut and a window after it; on a loaded machine
		// 150 calls sometimes ended before that window did (share 0.00).
		// Up to 600 calls, ending once the share is learned.
		a, failed := run(shedding, 600, func(a *adaptive) bool { return a.shed > 0 })
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
		a, failed := run(limit, 200, nil)
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

// limitNoFigures is a fixed one-second window on the clock's seconds
// whose answers carry no figures and whose 429s carry no Retry-After.
type limitNoFigures struct {
	next              http.Handler
	limit             int
	mu                sync.Mutex
	start             time.Time
	used              int
	requests, refused int
}

func (s *limitNoFigures) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	now := time.Now()
	if st := now.Truncate(time.Second); !st.Equal(s.start) {
		s.start, s.used = st, 0
	}
	s.used++
	s.requests++
	ok := s.used <= s.limit
	if !ok {
		s.refused++
	}
	s.mu.Unlock()
	if !ok {
		w.WriteHeader(http.StatusTooManyRequests)
		return
	}
	s.next.ServeHTTP(w, r)
}

// Two clients, eight goroutines each, on one limit of 20 a second whose
// answers carry no figures (bare 429s): after a client's cut the other
// keeps the share of 429s up, but they come in runs at the end of each
// second, not one at a time as a gateway's shedding: neither client takes
// them for shedding, so both go on slowing at the limit's 429s. (Before
// the runs were looked at, one client or both learned a "shed" share of
// 0.08-0.33 in most runs and never slowed again: 11-18% of 429s where
// a client that never learns a share met 7-9%.)
func TestAdaptiveTakesNoSharedLimitForShedding(t *testing.T) {
	if testing.Short() {
		t.Skip("takes about 12 s")
	}
	t.Parallel() // a loopback server of its own
	// Under -race beside the other tests, one run in 14 learned a share
	// even so: two tries, each with a server and clients of its own, and
	// none may be learned in one of them (before the fix a share was
	// learned in 3 runs of 3).
	for try := 1; try <= 2; try++ {
		if learned := shedTry(t); learned == 0 || try == 2 {
			assert.Zero(t, learned, "a client takes the limit's 429s for shedding")
			return
		}
	}
}

// shedTry runs TestAdaptiveTakesNoSharedLimitForShedding's clients once
// and returns the largest shed share they learned.
func shedTry(t *testing.T) float64 {
	f, err := fake.New(fake.WithStrictReadOnly())
	require.NoError(t, err)
	s := &limitNoFigures{next: f, limit: 20}
	srv := httptest.NewServer(s)
	defer srv.Close()
	var cs []*Client
	for range 2 {
		c, err := New(WithBaseURL(srv.URL), WithAPIKey(fake.DefaultKey, fake.DefaultSecret))
		require.NoError(t, err)
		cs = append(cs, c)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var next, failed atomic.Int64
	var wg sync.WaitGroup
	for _, c := range cs {
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for next.Add(1) <= 240 {
					if _, _, err := c.PrivateLinkAccesses().List(ctx, "env-1", &ListOptions{PageSize: 1}); err != nil {
						failed.Add(1)
					}
				}
			}()
		}
	}
	wg.Wait()
	s.mu.Lock()
	requests, refused := s.requests, s.refused
	s.mu.Unlock()
	fmt.Printf("limit 20/1s without figures, 2 clients: %d requests, %d 429s (%.1f%%)\n",
		requests, refused, 100*float64(refused)/float64(requests))
	assert.Zero(t, failed.Load(), "every call succeeds")
	learned := 0.0
	for _, c := range cs {
		a := rateOf(c)
		a.mu.Lock()
		learned = max(learned, a.shed)
		a.mu.Unlock()
	}
	return learned
}

// A window figure too large for any real window (a broken or hostile
// X-RateLimit-Remaining) must read as plenty left: 4*remaining overflowed,
// so 2^62 left read as none, and the learned rate fell (and the window
// counted as running low, so the next 429 cut the rate too).
func TestAdaptiveHugeRemainingReadsAsPlentyLeft(t *testing.T) {
	for _, huge := range []string{"4611686018427387904", "2305843009213693952", "9223372036854775807"} {
		a := newAdaptive()
		a.enabled, a.fill, a.capacity = true, 4, 1
		now := time.Now()
		a.observed = now.Add(-500 * time.Millisecond)
		for range 8 {
			a.count(now)
		}
		h := http.Header{}
		h.Set(hdrLimit, "100")
		h.Set(hdrRemaining, huge)
		a.observe(http.StatusOK, now, headerInt(h, hdrLimit), headerInt(h, hdrRemaining))
		assert.Greater(t, a.fill, 4.0, "Remaining %s of 100: the rate climbs", huge)
		assert.True(t, a.lowAt.IsZero(), "Remaining %s of 100: not running low", huge)
	}
}

// WithoutAdaptiveRate honoured: a quarter of the answers 429, whatever the
// rate. The learned rate falls to its floor and holds calls past a short
// MaxTotalWait, failing some unsent; without it, a call costs nothing but
// its retries, and every one succeeds.
func TestWithoutAdaptiveRateIsHonoured(t *testing.T) {
	failures := map[bool]int64{}
	for _, adaptiveOff := range []bool{true, false} {
		var n atomic.Int64
		s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
			if n.Add(1)%4 == 0 {
				writeFailure(w, http.StatusTooManyRequests, "slow down")
				return
			}
			writeJSON(w, 200, nlsDoc("nls-1", "READY"))
		})
		policy := fastRetries()
		policy.MaxAttempts, policy.MaxTotalWait = 8, 300*time.Millisecond
		opts := []Option{WithRetryPolicy(policy)}
		if adaptiveOff {
			opts = append(opts, WithoutAdaptiveRate())
		}
		c := newTestClient(t, s, opts...)
		var wg sync.WaitGroup
		var failed atomic.Int64
		for range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range 20 {
					_, err := c.NetworkLinkServices().Get(context.Background(), "env-1", "nls-1")
					if err != nil {
						assert.ErrorIs(t, err, ErrRateLimited)
						failed.Add(1)
					}
				}
			}()
		}
		wg.Wait()
		failures[adaptiveOff] = failed.Load()
	}
	assert.Zero(t, failures[true], "without the learned rate")
	assert.Positive(t, failures[false], "with it: the test shows the difference")
}

// rateOf is the adaptive rate in c's pipeline (nil if it has no pacing
// policy).
func rateOf(c *Client) *adaptive {
	for _, pol := range c.pipe.policies {
		if pp, ok := pol.(*pacingPolicy); ok {
			return pp.rate
		}
	}
	return nil
}
