package resilience

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ccloud-go/networking/fake"
	"github.com/ccloud-go/networking/wrapper"
)

// Sixteen goroutines share one client against a rate-limited fake. Pacing
// keeps them inside the window: every request succeeds, few meet a 429,
// and the run takes little longer than the limit itself requires.
func TestRateLimitContention(t *testing.T) {
	if testing.Short() {
		t.Skip("takes about 8 s")
	}
	const (
		workers  = 16
		requests = 2000
		limit    = 250
		window   = time.Second
	)
	f, err := fake.Start(fake.WithRateLimit(limit, window))
	require.NoError(t, err)
	defer func() { _ = f.Close() }()
	c, err := wrapper.New(wrapper.WithBaseURL(f.URL), wrapper.WithAPIKey(f.Key, f.Secret))
	require.NoError(t, err)

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var next, failed atomic.Int64
	var wg sync.WaitGroup
	var firstErr error
	var once sync.Once
	start := time.Now()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for next.Add(1) <= requests {
				_, _, err := c.PrivateLinkAccesses().List(ctx, "env-1", &wrapper.ListOptions{PageSize: 1})
				if err != nil {
					failed.Add(1)
					once.Do(func() { firstErr = err })
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)

	st := f.Stats()
	// The limit allows `limit` requests at the start of each window, so the
	// last batch can start (requests/limit - 1) windows after the first.
	floor := time.Duration(requests/limit-1) * window
	share := float64(st.RateLimited) / float64(requests)
	t.Logf("%d requests from %d goroutines at %d per %s: %d failed, %d answered 429 (%.2f%%), %d sent in all; %s elapsed, %.2fx the %s the limit requires",
		requests, workers, limit, window, failed.Load(), st.RateLimited, 100*share, st.Requests, elapsed.Round(time.Millisecond),
		elapsed.Seconds()/floor.Seconds(), floor)
	fmt.Printf("contention: requests=%d goroutines=%d limit=%d/%s failed=%d 429s=%d (%.2f%%) elapsed=%s ratio=%.2fx\n",
		requests, workers, limit, window, failed.Load(), st.RateLimited, 100*share, elapsed.Round(time.Millisecond), elapsed.Seconds()/floor.Seconds())
	require.NoError(t, firstErr)
	assert.Zero(t, failed.Load())
	assert.Less(t, share, 0.05, "429s under 5%% of requests")
	assert.Less(t, elapsed.Seconds(), 1.3*floor.Seconds(), "within 1.3x of what the limit allows")
	assert.False(t, errors.Is(firstErr, wrapper.ErrRateLimited))
}
