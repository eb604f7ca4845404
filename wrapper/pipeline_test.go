package wrapper

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The order of the policies is built by code: this is it.
func TestPipelineOrder(t *testing.T) {
	c, err := New(WithAPIKey(testKey, testSecret))
	require.NoError(t, err)
	assert.Equal(t, []string{"retry", "decode", "pacing", "headers", "auth", "send"}, c.pipe.order())
	c, err = New(WithAPIKey(testKey, testSecret), WithoutPacing(), WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
	require.NoError(t, err)
	assert.Equal(t, []string{"retry", "decode", "headers", "auth", "log", "send"}, c.pipe.order())
}

// What the order means, observed on the wire: every attempt gets fresh
// credentials and takes its own share of the rate-limit window, and a
// malformed body is retried because decoding is inside the attempt.
func TestEveryAttemptRunsThePerAttemptPolicies(t *testing.T) {
	var n atomic.Int64
	var auths []string
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		auths = append(auths, r.Header.Get("Authorization"))
		w.Header().Set("X-RateLimit-Limit", "100")
		w.Header().Set("X-RateLimit-Remaining", fmt.Sprint(100-n.Load()-1))
		w.Header().Set("X-RateLimit-Reset", "30")
		if n.Add(1) < 3 {
			writeRaw(w, 200, `{"id":`)
			return
		}
		writeJSON(w, 200, nlsDoc("nls-1", "READY"))
	})
	var tokens atomic.Int64
	c, err := New(WithBaseURL(s.URL), WithRetryPolicy(fastRetries()), WithAuth(func(_ context.Context, r *http.Request) error {
		r.Header.Set("Authorization", fmt.Sprintf("Bearer t%d", tokens.Add(1)))
		return nil
	}))
	require.NoError(t, err)
	_, err = c.NetworkLinkServices().Get(context.Background(), "env-1", "nls-1")
	require.NoError(t, err)
	assert.Equal(t, []string{"Bearer t1", "Bearer t2", "Bearer t3"}, auths)
	pc := c.pipe.policies[2].(*pacingPolicy).pacer
	assert.EqualValues(t, 3, pc.sends, "each attempt took its share of the window")
}

// An epoch-style X-RateLimit-Reset does not lock the client; no
// hold outlasts maxPacerHold, and a call never holds past its own budget.
func TestOneAnswerCannotLockTheClient(t *testing.T) {
	var n atomic.Int64
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			w.Header().Set("X-RateLimit-Remaining", "0")
			w.Header().Set("X-RateLimit-Reset", fmt.Sprint(time.Now().Add(time.Hour).Unix()))
		}
		writeJSON(w, 200, nlsDoc("nls-1", "READY"))
	})
	c := newTestClient(t, s)
	_, err := c.NetworkLinkServices().Get(context.Background(), "env-1", "nls-1")
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_, err = c.NetworkLinkServices().Get(ctx, "env-1", "nls-1")
	require.NoError(t, err, "the second call is not held for an hour")
	assert.EqualValues(t, 2, s.hits.Load())

	// A 429 asking for an hour holds the client at most maxPacerHold, and a
	// call whose budget is shorter fails at once without sending.
	p := newPacer()
	h := http.Header{"Retry-After": {"3600"}}
	now := time.Now()
	p.observe(0, 429, h, now, now)
	assert.LessOrEqual(t, time.Until(p.resetAt), maxPacerHold)
	_, _, err = p.take(context.Background(), time.Second)
	assert.ErrorIs(t, err, ErrRateLimited)
	assert.Contains(t, err.Error(), "MaxTotalWait")
}

// The pacer counts the sends that an answer's Remaining did not yet see:
// those still in flight that were sent after the server handled it.
func TestPacerCountsSendsInFlight(t *testing.T) {
	p := newPacer()
	before := time.Now().Add(-10 * time.Millisecond)
	var seqs []uint64
	for range 10 {
		seq, _, err := p.take(context.Background(), time.Second)
		require.NoError(t, err)
		seqs = append(seqs, seq)
	}
	h := http.Header{"X-Ratelimit-Limit": {"20"}, "X-Ratelimit-Remaining": {"12"}, "X-Ratelimit-Reset": {"1"}}
	p.observe(seqs[0], 200, h, before, before)
	assert.Equal(t, 3, p.remaining, "12 left when the first was handled, 9 sent since")
	later := time.Now()
	h2 := http.Header{"X-Ratelimit-Remaining": {"2"}, "X-Ratelimit-Reset": {"1"}}
	p.observe(seqs[1], 200, h2, later, later)
	assert.Equal(t, 2, p.remaining, "handled after every send in flight: nothing to take off")
	assert.Equal(t, 20, p.limit)
	for range 2 {
		_, _, err := p.take(context.Background(), time.Minute)
		require.NoError(t, err)
	}
	assert.Equal(t, 0, p.remaining)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	_, _, err := p.take(ctx, time.Minute)
	assert.ErrorIs(t, err, ErrRateLimited, "the window is spent until its reset")
}

// The retry budget is shared by the client: in an outage it runs dry and
// failures come back without more retries.
func TestRetryBudgetLimitsRetriesInAnOutage(t *testing.T) {
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) { writeFailure(w, 503, "down") })
	p := fastRetries()
	p.Budget = 3 * retryCost
	c := newTestClient(t, s, WithRetryPolicy(p), WithoutPacing())
	for range 5 {
		_, err := c.NetworkLinkServices().Get(context.Background(), "env-1", "nls-1")
		assert.ErrorIs(t, err, ErrServer)
	}
	assert.EqualValues(t, 5+3, s.hits.Load(), "5 calls, and the 3 retries the budget held")
	assert.Equal(t, 0, c.budget.left())

	ok := newServer(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, nlsDoc("nls-1", "READY")) })
	c2 := newTestClient(t, ok, WithRetryPolicy(p))
	c2.budget.spend(c2.budget.left())
	for range 5 {
		_, err := c2.NetworkLinkServices().Get(context.Background(), "env-1", "nls-1")
		require.NoError(t, err)
	}
	assert.Equal(t, 5, c2.budget.left(), "first-time successes refill it")
	none := fastRetries()
	none.Budget = -1
	c3 := newTestClient(t, s, WithRetryPolicy(none), WithoutPacing())
	assert.Nil(t, c3.budget)
	assert.Error(t, (RetryPolicy{MaxAttempts: 1, BaseDelay: 1, MaxDelay: 1, Budget: -2}).validate())
}

// An *http.Client given to WithHTTPClient is guarded, and so is
// the client WithTransport builds: no credentials follow a redirect to
// another port.
func TestRedirectsThroughGivenClients(t *testing.T) {
	var otherSawAuth atomic.Int64
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "" {
			otherSawAuth.Add(1)
		}
		writeJSON(w, 200, nlsDoc("nls-1", "READY"))
	}))
	defer other.Close()
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		// Same host, another port.
		http.Redirect(w, r, other.URL+r.URL.Path, http.StatusTemporaryRedirect)
	})
	for name, opt := range map[string]Option{
		"WithHTTPClient": WithHTTPClient(&http.Client{}),
		"WithTransport":  WithTransport(http.DefaultTransport),
	} {
		_, err := newTestClient(t, s, opt).NetworkLinkServices().Get(context.Background(), "env-1", "nls-1")
		assert.ErrorIs(t, err, ErrUnsafeLink, name)
		assert.Zero(t, otherSawAuth.Load(), "%s: no credentials followed the redirect to another port", name)
	}
}

// Of sends made at once, the one the server handled first may be the last
// one sent: the first figures of a window are counted against every other
// send in flight, whatever its send time.
func TestPacerFirstWindowCountsEverySendInFlight(t *testing.T) {
	p := newPacer()
	var seqs []uint64
	for range 16 {
		seq, _, err := p.take(context.Background(), time.Second)
		require.NoError(t, err)
		seqs = append(seqs, seq)
	}
	last := p.inflight[seqs[15]]
	h := http.Header{"X-Ratelimit-Limit": {"20"}, "X-Ratelimit-Remaining": {"19"}, "X-Ratelimit-Reset": {"1"}}
	p.observe(seqs[15], 200, h, last, last)
	assert.Equal(t, 4, p.remaining, "19 left when the last sent was handled; 15 others may come after it")
}

// A client alone on its key keeps its own count after a reset: answers
// that its own sends explain (the server handled this one before some of
// those still in flight, or a bucket refilled meanwhile) never lower it,
// so it sends the whole window; a figure below its count even after
// taking off every send made since the answer arrived shows another
// client, and lowers it.
func TestPacerCountsItsOwnWindowWhenAlone(t *testing.T) {
	p := newPacer()
	p.limit, p.counting, p.remaining = 20, true, 20
	before := time.Now()
	var seqs []uint64
	for range 10 {
		seq, _, err := p.take(context.Background(), time.Second)
		require.NoError(t, err)
		seqs = append(seqs, seq)
	}
	// Answered late: the server handled it after 7 of the other 9, whose
	// answers are not in yet (12 left of 20), and its midpoint is before
	// any of them was sent.
	h := http.Header{"X-Ratelimit-Limit": {"20"}, "X-Ratelimit-Remaining": {"12"}, "X-Ratelimit-Reset": {"1"}}
	p.observe(seqs[0], 200, h, before.Add(-time.Second), time.Now())
	assert.Equal(t, 10, p.remaining, "its own sends explain the figure: the pacer's own count holds")
	h2 := http.Header{"X-Ratelimit-Limit": {"20"}, "X-Ratelimit-Remaining": {"3"}, "X-Ratelimit-Reset": {"1"}}
	p.observe(seqs[1], 200, h2, p.inflight[seqs[1]], time.Now())
	assert.LessOrEqual(t, p.remaining, 3, "3 left though this client has 10: another client took some")
}
