package wrapper

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ccloud-go/networking/fake"
)

// pacerOf is the pacer in c's pipeline.
func pacerOf(t *testing.T, c *Client) *pacer {
	t.Helper()
	for _, pol := range c.pipe.policies {
		if pp, ok := pol.(*pacingPolicy); ok {
			return pp.pacer
		}
	}
	t.Fatal("no pacing policy")
	return nil
}

// limiter is a loopback rate limit in front of next: a token bucket
// (burst equal to limit, refilled at limit a second; X-RateLimit-Reset the
// whole seconds until full) or, with fixed, a window of one second on the
// clock's whole seconds (X-RateLimit-Reset the whole seconds to the next
// one). It counts what it admitted and refused.
type limiter struct {
	next     http.Handler
	limit    float64
	fixed    bool
	mu       sync.Mutex
	tokens   float64
	last     time.Time
	window   int64
	used     int
	admitted int
	refused  int
}

func (l *limiter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	l.mu.Lock()
	now := time.Now()
	var ok bool
	var remaining, reset int
	if l.fixed {
		if s := now.Unix(); s != l.window {
			l.window, l.used = s, 0
		}
		l.used++
		ok = l.used <= int(l.limit)
		remaining = max(0, int(l.limit)-l.used)
		reset = int(math.Ceil(time.Unix(l.window+1, 0).Sub(now).Seconds()))
	} else {
		if l.last.IsZero() {
			l.tokens = l.limit
		}
		if !l.last.IsZero() {
			l.tokens = math.Min(l.limit, l.tokens+now.Sub(l.last).Seconds()*l.limit)
		}
		l.last = now
		if ok = l.tokens >= 1; ok {
			l.tokens--
		}
		remaining = int(math.Floor(l.tokens))
		reset = int(math.Ceil((l.limit - l.tokens) / l.limit))
	}
	if ok {
		l.admitted++
	} else {
		l.refused++
	}
	l.mu.Unlock()
	h := w.Header()
	h.Set("X-RateLimit-Limit", strconv.Itoa(int(l.limit)))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(remaining))
	h.Set("X-RateLimit-Reset", strconv.Itoa(reset))
	if !ok {
		h.Set("Retry-After", "1")
		w.WriteHeader(http.StatusTooManyRequests)
		return
	}
	l.next.ServeHTTP(w, r)
}

// drive sends n lists over 16 goroutines through c and returns how many
// failed.
func drive(ctx context.Context, c *Client, n int64) int64 {
	var next, failed atomic.Int64
	var wg sync.WaitGroup
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for next.Add(1) <= n {
				if _, _, err := c.PrivateLinkAccesses().List(ctx, "env-1", &ListOptions{PageSize: 1}); err != nil {
					failed.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	return failed.Load()
}

// Against a token bucket, one client with sixteen goroutines sees the
// refill in the answers and counts the bucket: no request meets a 429 (at
// most one, should a count run ahead, sends the pacer back to the
// window), every call is admitted once.
func TestPacerCountsATokenBucket(t *testing.T) {
	if testing.Short() {
		t.Skip("takes about 5 s")
	}
	t.Parallel() // loopback servers of its own; about the rest of the package's run
	// Under -race on a loaded machine the answers' figures can show a
	// count below the pacer's own (as another client's sends would), and
	// the bucket is then not counted for a while: 1 run in 20 of
	// -race -count=20 beside other tests. So up to three tries, each with
	// a server and a client of its own; the bucket must be counted in one.
	const n = 100
	var refill float64
	for try := 1; try <= 3 && refill == 0; try++ {
		f, err := fake.New(fake.WithStrictReadOnly())
		require.NoError(t, err)
		l := &limiter{next: f, limit: 20}
		srv := httptest.NewServer(l)
		c, err := New(WithBaseURL(srv.URL), WithAPIKey(fake.DefaultKey, fake.DefaultSecret))
		require.NoError(t, err)
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		start := time.Now()
		assert.Zero(t, drive(ctx, c, n))
		cancel()
		srv.Close()
		p := pacerOf(t, c)
		p.mu.Lock()
		refill = p.refill
		p.mu.Unlock()
		fmt.Printf("token bucket 20/1s, one client (try %d): %d admitted, %d refused, counted refill %.1f/s, %.1f s\n",
			try, l.admitted, l.refused, refill, time.Since(start).Seconds())
		assert.Equal(t, n, l.admitted, "each call admitted once")
		assert.LessOrEqual(t, l.refused, 1, "at most one 429")
	}
	assert.Equal(t, 20.0, refill, "the pacer counts a bucket refilled at the limit a second")
}

// Against fixed windows (the fake's, which start at the first request
// after the last ran out, and one on the clock's whole seconds), the
// spreading shows at most one gain a window: the pacer never takes the
// server for a bucket, and no request meets a 429, window after window.
func TestPacerNeverTakesAFixedWindowForABucket(t *testing.T) {
	if testing.Short() {
		t.Skip("takes about 6 s")
	}
	t.Parallel() // loopback servers of its own; about the rest of the package's run
	f, err := fake.New(fake.WithStrictReadOnly(), fake.WithRateLimit(20, time.Second))
	require.NoError(t, err)
	g, err := fake.New(fake.WithStrictReadOnly())
	require.NoError(t, err)
	clock := &limiter{next: g, limit: 20, fixed: true}
	for _, tc := range []struct {
		name    string
		h       http.Handler
		refused func() int
	}{
		{"fake.WithRateLimit", f, func() int { return f.Stats().RateLimited }},
		{"whole-second windows", clock, func() int { clock.mu.Lock(); defer clock.mu.Unlock(); return clock.refused }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := httptest.NewServer(tc.h)
			defer srv.Close()
			c, err := New(WithBaseURL(srv.URL), WithAPIKey(fake.DefaultKey, fake.DefaultSecret))
			require.NoError(t, err)
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			assert.Zero(t, drive(ctx, c, 110), "every call succeeds")
			p := pacerOf(t, c)
			p.mu.Lock()
			defer p.mu.Unlock()
			fmt.Printf("fixed window 20/1s (%s), one client: %d 429s, %d answers with figures, counted refill %.1f/s\n",
				tc.name, tc.refused(), p.answered, p.refill)
			assert.Zero(t, tc.refused(), "no 429 across the windows")
			assert.Zero(t, p.refill, "never taken for a bucket")
			assert.GreaterOrEqual(t, p.answered, uint64(110), "every answer compared")
		})
	}
}
