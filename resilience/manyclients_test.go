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

// One API key, many clients: sixteen goroutines share one token-bucket
// limit (burst equal to the limit), spread over one client or over eight
// independent clients, as eight processes on one key would be, each with
// the adaptive rate (on by default). Pacing cannot see the other clients'
// requests; the adaptive rate learns from the 429s themselves and then
// follows the shared X-RateLimit-Remaining (without it, eight clients at
// 20/1s met a 429 on a third of their requests; with the 429s alone, on
// 5-8%). A client alone on the key sees the bucket refill in the
// answers and sends at the refill rate rather than in bursts (bursting,
// its busy goodput was 0.93: see wrapper/refill.go). Every request
// succeeds; with one client at most 5%
// of what is sent meets a 429, with eight at most 10%. Goodput is
// printed, not asserted: it is a wall-clock figure, noise on a shared
// machine. It is the share of the limit's refill used after the initial
// burst while every worker had a request to send (up to the admission
// that left one request for each worker; see bucket.goodputBusy); the
// figure over the whole run, which adds the drain of the last requests
// (each client sends its last at its own share of the rate, or after a
// whole window when its last burst is short), is printed beside it.
func TestManyClientsOneKey(t *testing.T) {
	if testing.Short() {
		t.Skip("takes about 15 s")
	}
	t.Parallel() // after the fault suite, whose leak check needs the process to itself
	const goroutines = 16
	cases := []struct {
		limit, clients, requests int
		max429                   float64
	}{
		{20, 1, 300, 0.05}, {20, 8, 300, 0.10}, {100, 1, 1500, 0.05}, {100, 8, 1500, 0.10},
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
			b := newBucket(f, tc.limit, time.Second, true)
			srv := httptest.NewServer(b)
			defer srv.Close()
			clients := make([]*wrapper.Client, tc.clients)
			for k := range clients {
				clients[k], err = wrapper.New(wrapper.WithBaseURL(srv.URL), wrapper.WithAPIKey(fake.DefaultKey, fake.DefaultSecret))
				require.NoError(t, err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			var next, failed atomic.Int64
			var workers sync.WaitGroup
			for g := range goroutines {
				c := clients[g%tc.clients]
				workers.Add(1)
				go func() {
					defer workers.Done()
					for next.Add(1) <= int64(tc.requests) {
						if _, _, err := c.PrivateLinkAccesses().List(ctx, "env-1", &wrapper.ListOptions{PageSize: 1}); err != nil {
							failed.Add(1)
						}
					}
				}()
			}
			workers.Wait()
			admitted, refused := b.counts()
			sent := admitted + refused
			share := float64(refused) / float64(sent)
			lines[i] = fmt.Sprintf("many clients: limit=%d/1s clients=%d goroutines=%d requests=%d failed=%d sent=%d 429s=%d (%.1f%%) goodput=%.2f of the limit (%.2f over the whole run)",
				tc.limit, tc.clients, goroutines, tc.requests, failed.Load(), sent, refused, 100*share, b.goodputBusy(goroutines), b.goodput())
			assert.Zero(t, failed.Load(), "limit %d, %d clients: every request succeeds", tc.limit, tc.clients)
			assert.Equal(t, tc.requests, admitted, "limit %d, %d clients: each call admitted once", tc.limit, tc.clients)
			assert.LessOrEqual(t, share, tc.max429, "limit %d, %d clients: share of requests that meet a 429", tc.limit, tc.clients)
		}()
	}
	wg.Wait()
	for _, l := range lines {
		fmt.Println(l)
	}
}
