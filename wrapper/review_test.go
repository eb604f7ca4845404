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

// Cases found in review: each ending of a create after a lost answer says
// the outcome is unknown, unless a 409 settles it.
func TestAmbiguousCreateEndings(t *testing.T) {
	// 503, then a 409 with no Location to resolve.
	t.Run("409 without Location", func(t *testing.T) {
		var n atomic.Int64
		s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
			if n.Add(1) == 1 {
				writeFailure(w, 503, "busy")
				return
			}
			writeFailure(w, 409, "exists")
		})
		_, err := newTestClient(t, s).PrivateLinkAccesses().Create(context.Background(), plaCreate(t, "123456789012"))
		var amb *AmbiguousCreateError
		require.ErrorAs(t, err, &amb)
		assert.ErrorIs(t, err, ErrConflict)
	})
	// 503, then the caller gives up during the backoff.
	t.Run("cancelled during the backoff", func(t *testing.T) {
		s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "5")
			writeFailure(w, 503, "busy")
		})
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(50*time.Millisecond, cancel)
		_, err := newTestClient(t, s, WithRetryPolicy(RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond, MaxTotalWait: time.Minute})).
			PrivateLinkAccesses().Create(ctx, plaCreate(t, "123456789012"))
		var amb *AmbiguousCreateError
		require.ErrorAs(t, err, &amb)
		assert.ErrorIs(t, err, context.Canceled)
		var te *TransportError
		require.ErrorAs(t, err, &te)
		assert.True(t, te.MayHaveApplied)
	})
	// The answer starts and is cut mid-body: the create was stored.
	t.Run("answer cut mid-body", func(t *testing.T) {
		s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Content-Length", "500")
			w.WriteHeader(202)
			_, _ = w.Write([]byte(`{"id":"pla-1",`))
			w.(http.Flusher).Flush()
			conn, _, _ := w.(http.Hijacker).Hijack()
			_ = conn.Close()
		})
		_, err := newTestClient(t, s).PrivateLinkAccesses().Create(context.Background(), plaCreate(t, "123456789012"))
		var te *TransportError
		require.ErrorAs(t, err, &te)
		assert.True(t, te.MayHaveApplied)
		var amb *AmbiguousCreateError
		assert.ErrorAs(t, err, &amb)
	})
}

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
	start := time.Now()
	_, err = c.NetworkLinkServices().Get(context.Background(), "env-1", "nls-1")
	assert.ErrorIs(t, err, ErrRateLimited)
	assert.Contains(t, err.Error(), "MaxTotalWait")
	assert.Less(t, time.Since(start), 200*time.Millisecond)
}

// An echo hidden behind JSON escapes is still scrubbed.
func TestEscapedEchoIsScrubbed(t *testing.T) {
	const sec = "ab/cd+ef/gh"
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(401)
		_, _ = w.Write([]byte(`{"errors":[{"detail":"bad token ab\/cd+ef\/gh","title":"ab\u002fcd+ef/gh"}]}`))
	})
	c, err := New(WithBaseURL(s.URL), WithBearerToken(sec), WithRetryPolicy(NoRetries()))
	require.NoError(t, err)
	_, err = c.NetworkLinkServices().Get(context.Background(), "env-1", "nls-1")
	require.Error(t, err)
	assert.NotContains(t, err.Error(), sec)
	assert.Contains(t, err.Error(), "bad token [REDACTED]")
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
