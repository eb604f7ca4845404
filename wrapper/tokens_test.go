package wrapper

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"
)

// A token fetch ends with the call's context, whether the
// source is context-aware (STS) or not. Counted, not timed: the token
// endpoint is still blocked when the call has returned.
func TestTokenFetchHonoursTheCallsDeadline(t *testing.T) {
	release := make(chan struct{})
	var blocked atomic.Int64
	sts, _ := stsServer(t, func(w http.ResponseWriter, r *http.Request) {
		blocked.Add(1)
		defer blocked.Add(-1)
		select {
		case <-release:
		case <-r.Context().Done():
		}
		writeJSON(w, 200, map[string]any{"access_token": "t", "token_type": "Bearer", "expires_in": 600})
	})
	defer close(release)
	api := newServer(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, nlsDoc("nls-1", "READY")) })

	stsSrc, err := NewSTSTokenSource(context.Background(), STSConfig{IdentityPoolID: "pool-1", TokenURL: sts.URL + "/sts/v1/oauth2/token",
		SubjectToken: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "jwt"})})
	require.NoError(t, err)
	plainRelease := make(chan struct{})
	defer close(plainRelease)
	var plainBlocked atomic.Int64
	plain := tokenFunc(func() (*oauth2.Token, error) {
		plainBlocked.Add(1)
		<-plainRelease
		return &oauth2.Token{AccessToken: "p"}, nil
	})
	for name, src := range map[string]oauth2.TokenSource{"sts": stsSrc, "plain": plain} {
		c := tokenClient(t, api, src)
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		_, err := c.NetworkLinkServices().Get(ctx, "env-1", "nls-1")
		cancel()
		require.Error(t, err, name)
		assert.ErrorIs(t, err, context.DeadlineExceeded, name)
		assert.NotErrorIs(t, err, ErrUnauthenticated, "%s: a deadline is not a refusal", name)
	}
	assert.EqualValues(t, 1, plainBlocked.Load(), "the plain source is still fetching: the call did not wait for it")
	assert.Zero(t, api.hits.Load(), "nothing was sent without a token")
}

// A transient STS failure is retried by the token source; one that lasts
// is an *STSError that is not ErrUnauthenticated, and the call retries it.
func TestSTSTransientFailures(t *testing.T) {
	var fails atomic.Int64
	sts, exchanges := stsServer(t, func(w http.ResponseWriter, r *http.Request) {
		if fails.Add(-1) >= 0 {
			w.Header().Set("X-Request-Id", "sts-req-1")
			writeJSON(w, 503, map[string]any{"error": "temporarily_unavailable"})
			return
		}
		writeJSON(w, 200, map[string]any{"access_token": "t", "token_type": "Bearer", "expires_in": 600})
	})
	src, err := NewSTSTokenSource(context.Background(), STSConfig{IdentityPoolID: "pool-1", TokenURL: sts.URL + "/sts/v1/oauth2/token",
		SubjectToken: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "jwt"})})
	require.NoError(t, err)

	fails.Store(1)
	tok, err := src.TokenContext(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "t", tok.AccessToken)
	assert.EqualValues(t, 2, exchanges.Load())

	fails.Store(100)
	exchanges.Store(0)
	_, err = src.TokenContext(context.Background())
	var se *STSError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, 503, se.StatusCode)
	assert.Equal(t, "sts-req-1", se.RequestID)
	assert.Equal(t, "temporarily_unavailable", se.Code)
	assert.ErrorIs(t, err, ErrServer)
	assert.NotErrorIs(t, err, ErrUnauthenticated)
	assert.EqualValues(t, stsTries, exchanges.Load())

	// Through a client: the call is retried past the STS outage.
	api := newServer(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, nlsDoc("nls-1", "READY")) })
	fails.Store(int64(stsTries)) // the first fetch fails whole, the second succeeds
	exchanges.Store(0)
	_, err = tokenClient(t, api, src).NetworkLinkServices().Get(context.Background(), "env-1", "nls-1")
	require.NoError(t, err)
	assert.EqualValues(t, 1, api.hits.Load())

	// A refusal is final.
	refusing, _ := stsServer(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 401, map[string]any{"error": "invalid_client"})
	})
	src2, _ := NewSTSTokenSource(context.Background(), STSConfig{IdentityPoolID: "p", TokenURL: refusing.URL + "/sts/v1/oauth2/token",
		SubjectToken: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "jwt"})})
	_, err = tokenClient(t, api, src2).NetworkLinkServices().Get(context.Background(), "env-1", "nls-1")
	assert.ErrorIs(t, err, ErrUnauthenticated)
	assert.True(t, errors.As(err, &se))
	assert.EqualValues(t, 1, api.hits.Load(), "nothing more was sent")
}

func tokenClient(t *testing.T, s *server, src oauth2.TokenSource) *Client {
	t.Helper()
	c, err := New(WithBaseURL(s.URL), WithTokenSource(src), WithRetryPolicy(fastRetries()))
	require.NoError(t, err)
	return c
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

// blockingSource is an identity provider whose subject token comes only
// once release is closed.
type blockingSource struct{ release chan struct{} }

func (b blockingSource) Token() (*oauth2.Token, error) {
	<-b.release
	return &oauth2.Token{AccessToken: "jwt"}, nil
}

// The STS source fetches the subject token within the call's context: a
// slow identity provider (SubjectToken.Token() blocking) does not hold a
// call past its deadline.
func TestSTSSubjectTokenHonoursTheContext(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	src, err := NewSTSTokenSource(context.Background(), STSConfig{IdentityPoolID: "pool-1", SubjectToken: blockingSource{release}, TokenURL: "http://127.0.0.1:1/token"})
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	done := make(chan error, 1)
	go func() { _, err := src.TokenContext(ctx); done <- err }()
	// An order, not a time: the call returns while the subject token is
	// still blocked (release is closed only when the test ends); a call
	// that waited for the token would hang until go test's -timeout.
	err = <-done
	assert.ErrorIs(t, err, context.DeadlineExceeded)
}
