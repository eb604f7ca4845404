package wrapper

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A rate-limit hold longer than MaxTotalWait fails at once.
func TestPacingHoldRespectsTotalWait(t *testing.T) {
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-RateLimit-Remaining", "0")
		w.Header().Set("X-RateLimit-Reset", "3")
		writeJSON(w, 200, nlsDoc("nls-1", "READY"))
	})
	c := newTestClient(t, s, WithRetryPolicy(RetryPolicy{MaxAttempts: 2, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond, MaxTotalWait: 500 * time.Millisecond}))
	_, err := c.NetworkLinkServices().Get(context.Background(), "env-1", "nls-1")
	require.NoError(t, err)
	_, err = c.NetworkLinkServices().Get(context.Background(), "env-1", "nls-1")
	assert.ErrorIs(t, err, ErrRateLimited)
	assert.Contains(t, err.Error(), "MaxTotalWait")
	assert.EqualValues(t, 1, s.hits.Load(), "the second call was not sent")
}

// One All sequence ranged over from two goroutines at once is safe.
func TestAllSequenceIsReusable(t *testing.T) {
	s := pagedServer(t, 30, sameHostLink)
	seq := newTestClient(t, s).PrivateLinkAccesses().All(context.Background(), "env-1", &ListOptions{PageSize: 7})
	var wg sync.WaitGroup
	counts := make([]int, 2)
	for i := range counts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, err := range seq {
				if assert.NoError(t, err) {
					counts[i]++
				}
			}
		}()
	}
	wg.Wait()
	assert.Equal(t, []int{30, 30}, counts)
}
