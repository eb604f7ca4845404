package resilience

import (
	"context"
	"fmt"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ccloud-go/networking/fake"
	"github.com/ccloud-go/networking/wrapper"
)

// Sixteen goroutines share one client against a token-bucket limit with a
// burst equal to the limit, at 20 and 100 requests a second, with and
// without Retry-After. Pacing learns the limit from the headers: every
// request succeeds and at most 5% of what is sent meets a 429. Goodput (the
// share of the limit's refill used between the first and the last burst) is
// printed, not asserted: wall-clock figures are noise on a shared machine.
// It is 0 for a client that, having seen the bucket refill, sends without
// bursts; the busy figure (bucket.goodputBusy) measures that one.
func TestRateLimitContention(t *testing.T) {
	if testing.Short() {
		t.Skip("takes about 7 s")
	}
	t.Parallel() // after the fault suite, whose leak check needs the process to itself
	const workers = 16
	cases := []struct {
		limit      int
		requests   int
		retryAfter bool
	}{
		{20, 140, true}, {20, 140, false}, {100, 700, true}, {100, 700, false},
	}
	lines := make([]string, len(cases))
	var wg sync.WaitGroup
	for i, tc := range cases {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f, err := fake.New(fake.WithStrictReadOnly())
			if !assert.NoError(t, err) {
				return
			}
			b := newBucket(f, tc.limit, time.Second, tc.retryAfter)
			srv := httptest.NewServer(b)
			defer srv.Close()
			c, err := wrapper.New(wrapper.WithBaseURL(srv.URL), wrapper.WithAPIKey(fake.DefaultKey, fake.DefaultSecret))
			if !assert.NoError(t, err) {
				return
			}
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			var next, failed atomic.Int64
			var workersWG sync.WaitGroup
			for range workers {
				workersWG.Add(1)
				go func() {
					defer workersWG.Done()
					for next.Add(1) <= int64(tc.requests) {
						if _, _, err := c.PrivateLinkAccesses().List(ctx, "env-1", &wrapper.ListOptions{PageSize: 1}); err != nil {
							failed.Add(1)
						}
					}
				}()
			}
			workersWG.Wait()
			admitted, refused := b.counts()
			sent := admitted + refused
			share := float64(refused) / float64(sent)
			goodput := b.steadyGoodput()
			lines[i] = fmt.Sprintf("contention: limit=%d/1s retry-after=%-5v goroutines=%d requests=%d failed=%d sent=%d 429s=%d (%.2f%%) steady goodput=%.2f of the limit (busy %.2f)",
				tc.limit, tc.retryAfter, workers, tc.requests, failed.Load(), sent, refused, 100*share, goodput, b.goodputBusy(workers))
			assert.Zero(t, failed.Load(), "limit %d retry-after %v: every request succeeds", tc.limit, tc.retryAfter)
			assert.Equal(t, tc.requests, admitted, "limit %d retry-after %v: each call admitted once", tc.limit, tc.retryAfter)
			assert.LessOrEqual(t, share, 0.05, "limit %d retry-after %v: at most 5%% of requests meet a 429", tc.limit, tc.retryAfter)
		}()
	}
	wg.Wait()
	for _, l := range lines {
		fmt.Println(l)
	}
	require.Len(t, lines, len(cases))
}
