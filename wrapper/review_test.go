package wrapper

import (
	"context"
	"net/http"
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
