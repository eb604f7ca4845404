package wrapper

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"
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

// The STS form never follows a redirect to another host.
func TestSTSRefusesForeignRedirect(t *testing.T) {
	var leaked atomic.Int64
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		if r.PostForm.Get("subject_token") != "" {
			leaked.Add(1)
		}
		writeJSON(w, 200, map[string]any{"access_token": "x", "token_type": "Bearer"})
	}))
	defer other.Close()
	sts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+"/token", http.StatusTemporaryRedirect)
	}))
	defer sts.Close()
	ts, err := NewSTSTokenSource(context.Background(), STSConfig{IdentityPoolID: "p", TokenURL: sts.URL,
		SubjectToken: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "idp-jwt"})})
	require.NoError(t, err)
	_, err = ts.Token()
	assert.ErrorIs(t, err, ErrUnsafeLink)
	assert.Zero(t, leaked.Load())
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
