package wrapper

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"net/http/httptest"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"
)

// authServer answers every request and records its Authorization headers.
func authServer(t *testing.T, status func(n int) int) (*server, func() []string) {
	var mu sync.Mutex
	var seen []string
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.Header.Get("Authorization"))
		n := len(seen)
		mu.Unlock()
		if code := status(n); code != 200 {
			writeFailure(w, code, "try again")
			return
		}
		writeJSON(w, 200, nlsDoc("nls-1", "READY"))
	})
	return s, func() []string { mu.Lock(); defer mu.Unlock(); return append([]string(nil), seen...) }
}

func always200(int) int { return 200 }

func TestAuthKindsOnTheWire(t *testing.T) {
	basic := "Basic " + base64.StdEncoding.EncodeToString([]byte(testKey+":"+testSecret))
	for _, tc := range []struct {
		name string
		opt  Option
		want string
	}{
		{"api key", WithAPIKey(testKey, testSecret), basic},
		{"bearer token", WithBearerToken("static-token"), "Bearer static-token"},
		{"token source", WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "from-source"})), "Bearer from-source"},
		{"custom editor", WithAuth(func(_ context.Context, r *http.Request) error { r.Header.Set("Authorization", "Custom x"); return nil }), "Custom x"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, seen := authServer(t, always200)
			c, err := New(WithBaseURL(s.URL), tc.opt)
			require.NoError(t, err)
			_, err = c.NetworkLinkServices().Get(context.Background(), "env-1", "nls-1")
			require.NoError(t, err)
			assert.Equal(t, []string{tc.want}, seen())
		})
	}
}

func TestExactlyOneAuthOption(t *testing.T) {
	_, err := New(WithBaseURL("http://127.0.0.1:1"))
	assert.ErrorContains(t, err, "no credentials")
	assert.ErrorIs(t, err, ErrInvalidInput)
	_, err = New(WithBaseURL("http://127.0.0.1:1"), WithAPIKey("k", "s"), WithBearerToken("t"))
	assert.ErrorContains(t, err, "WithBearerToken: credentials were already set by WithAPIKey")
}

// countingSource hands out tokens tok-1, tok-2, ... each valid for life.
type countingSource struct {
	n    atomic.Int64
	life time.Duration
}

func (s *countingSource) Token() (*oauth2.Token, error) {
	n := s.n.Add(1)
	return &oauth2.Token{AccessToken: fmt.Sprintf("tok-%d", n), Expiry: time.Now().Add(s.life)}, nil
}

func TestTokenSourceReuseAndRefresh(t *testing.T) {
	t.Run("reused while valid, across calls and retries", func(t *testing.T) {
		s, seen := authServer(t, func(n int) int {
			if n == 1 {
				return 503
			}
			return 200
		})
		src := &countingSource{life: time.Hour}
		c2, err := New(WithBaseURL(s.URL), WithTokenSource(src), WithRetryPolicy(fastRetries()))
		require.NoError(t, err)
		for range 3 {
			_, err := c2.NetworkLinkServices().Get(context.Background(), "env-1", "nls-1")
			require.NoError(t, err)
		}
		assert.EqualValues(t, 1, src.n.Load(), "one token for every call")
		assert.Equal(t, []string{"Bearer tok-1", "Bearer tok-1", "Bearer tok-1", "Bearer tok-1"}, seen())
	})
	t.Run("expired token is replaced between attempts", func(t *testing.T) {
		s, seen := authServer(t, func(n int) int {
			if n == 1 {
				return 503
			}
			return 200
		})
		// oauth2 treats a token as expired 10s before its expiry, so this
		// one is stale as soon as it is used.
		src := &countingSource{life: 5 * time.Second}
		c, err := New(WithBaseURL(s.URL), WithTokenSource(src), WithRetryPolicy(fastRetries()))
		require.NoError(t, err)
		_, err = c.NetworkLinkServices().Get(context.Background(), "env-1", "nls-1")
		require.NoError(t, err)
		assert.Equal(t, []string{"Bearer tok-1", "Bearer tok-2"}, seen())
	})
	t.Run("a failing source stops the call before sending", func(t *testing.T) {
		s, seen := authServer(t, always200)
		failing := oauth2.TokenSource(tokenFunc(func() (*oauth2.Token, error) { return nil, errors.New("idp down") }))
		c, err := New(WithBaseURL(s.URL), WithTokenSource(failing))
		require.NoError(t, err)
		_, err = c.NetworkLinkServices().Get(context.Background(), "env-1", "nls-1")
		assert.ErrorIs(t, err, ErrUnauthenticated)
		assert.ErrorContains(t, err, "idp down")
		assert.Empty(t, seen())
		empty := oauth2.TokenSource(tokenFunc(func() (*oauth2.Token, error) { return &oauth2.Token{}, nil }))
		c, err = New(WithBaseURL(s.URL), WithTokenSource(empty))
		require.NoError(t, err)
		_, err = c.NetworkLinkServices().Get(context.Background(), "env-1", "nls-1")
		assert.ErrorContains(t, err, "empty access token")
	})
}

type tokenFunc func() (*oauth2.Token, error)

func (f tokenFunc) Token() (*oauth2.Token, error) { return f() }

// stsServer is a loopback token endpoint that checks the exchange's form.
func stsServer(t *testing.T, reply func(w http.ResponseWriter, r *http.Request)) (*httptest.Server, *atomic.Int64) {
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		assert.Equal(t, http.MethodPost, r.Method)
		assert.Equal(t, "/sts/v1/oauth2/token", r.URL.Path)
		assert.Equal(t, "application/x-www-form-urlencoded", r.Header.Get("Content-Type"))
		assert.Empty(t, r.Header.Get("Authorization"))
		require.NoError(t, r.ParseForm())
		reply(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

func TestSTSTokenExchange(t *testing.T) {
	const subject = "eyJhbGciOiJSUzI1NiJ9.external-idp-jwt.sig"
	sts, exchanges := stsServer(t, func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "urn:ietf:params:oauth:grant-type:token-exchange", r.PostForm.Get("grant_type"))
		assert.Equal(t, subject, r.PostForm.Get("subject_token"))
		assert.Equal(t, "urn:ietf:params:oauth:token-type:jwt", r.PostForm.Get("subject_token_type"))
		assert.Equal(t, "urn:ietf:params:oauth:token-type:access_token", r.PostForm.Get("requested_token_type"))
		assert.Equal(t, "pool-abc", r.PostForm.Get("identity_pool_id"))
		assert.Equal(t, "900", r.PostForm.Get("expires_in"))
		writeJSON(w, 200, map[string]any{"access_token": "confluent-issued", "issued_token_type": "urn:ietf:params:oauth:token-type:access_token",
			"token_type": "Bearer", "expires_in": 900})
	})
	ts, err := NewSTSTokenSource(context.Background(), STSConfig{
		IdentityPoolID: "pool-abc", TokenURL: sts.URL + "/sts/v1/oauth2/token", ExpiresIn: 15 * time.Minute,
		SubjectToken: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: subject}),
	})
	require.NoError(t, err)
	api, seen := authServer(t, always200)
	c, err := New(WithBaseURL(api.URL), WithTokenSource(ts))
	require.NoError(t, err)
	for range 3 {
		_, err := c.NetworkLinkServices().Get(context.Background(), "env-1", "nls-1")
		require.NoError(t, err)
	}
	assert.Equal(t, []string{"Bearer confluent-issued", "Bearer confluent-issued", "Bearer confluent-issued"}, seen())
	assert.EqualValues(t, 1, exchanges.Load(), "the issued token is reused until it expires")
	assert.NotContains(t, fmt.Sprintf("%v %+v %#v %s", ts, ts, ts, ts), subject)
}

func TestSTSErrors(t *testing.T) {
	const subject = "jwt-that-must-not-leak"
	sts, _ := stsServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.PostForm.Get("identity_pool_id") {
		case "pool-refused":
			writeJSON(w, 400, map[string]any{"error": "invalid_grant", "error_description": "token " + r.PostForm.Get("subject_token") + " is expired"})
		case "pool-garbage":
			_, _ = w.Write([]byte("<html>"))
		case "pool-notoken":
			writeJSON(w, 200, map[string]any{"token_type": "Bearer"})
		default:
			writeJSON(w, 200, map[string]any{"access_token": "x", "token_type": "MAC"})
		}
	})
	src := oauth2.StaticTokenSource(&oauth2.Token{AccessToken: subject})
	for pool, want := range map[string]string{
		"pool-refused": "sts token exchange: 400 Bad Request: invalid_grant: token [REDACTED] is expired",
		"pool-garbage": "not a token document",
		"pool-notoken": "no access_token",
		"pool-mac":     `token_type "MAC" is not Bearer`,
	} {
		ts, err := NewSTSTokenSource(context.Background(), STSConfig{IdentityPoolID: pool, TokenURL: sts.URL + "/sts/v1/oauth2/token", SubjectToken: src})
		require.NoError(t, err)
		_, err = ts.Token()
		require.Error(t, err, pool)
		var se *STSError
		require.ErrorAs(t, err, &se, pool)
		assert.Equal(t, pool == "pool-refused", errors.Is(err, ErrUnauthenticated), pool)
		assert.Contains(t, err.Error(), want, pool)
		assert.NotContains(t, err.Error(), subject, pool)
	}
	// The identity provider failing, or handing out nothing.
	ts, _ := NewSTSTokenSource(context.Background(), STSConfig{IdentityPoolID: "p", TokenURL: sts.URL + "/sts/v1/oauth2/token",
		SubjectToken: tokenFunc(func() (*oauth2.Token, error) { return nil, errors.New("idp down") })})
	_, err := ts.Token()
	assert.ErrorContains(t, err, "idp down")
	ts, _ = NewSTSTokenSource(context.Background(), STSConfig{IdentityPoolID: "p", TokenURL: sts.URL + "/sts/v1/oauth2/token",
		SubjectToken: oauth2.StaticTokenSource(&oauth2.Token{})})
	_, err = ts.Token()
	assert.ErrorContains(t, err, "empty token")
	// Nothing listening.
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	ts, _ = NewSTSTokenSource(context.Background(), STSConfig{IdentityPoolID: "p", TokenURL: closed.URL, SubjectToken: src})
	_, err = ts.Token()
	assert.ErrorContains(t, err, "sts token exchange")
	assert.NotContains(t, err.Error(), subject)

	for field, cfg := range map[string]STSConfig{
		"STSConfig.IdentityPoolID": {SubjectToken: src},
		"STSConfig.SubjectToken":   {IdentityPoolID: "p"},
		"STSConfig.ExpiresIn":      {IdentityPoolID: "p", SubjectToken: src, ExpiresIn: -time.Second},
		"STSConfig.TokenURL":       {IdentityPoolID: "p", SubjectToken: src, TokenURL: "http://sts.example.com/token"},
	} {
		_, err := NewSTSTokenSource(context.Background(), cfg)
		var ie *InputError
		require.ErrorAs(t, err, &ie, field)
		assert.Equal(t, field, ie.Field)
	}
	ts, err = NewSTSTokenSource(context.Background(), STSConfig{IdentityPoolID: "p", SubjectToken: src})
	require.NoError(t, err)
	assert.Contains(t, fmt.Sprint(ts), DefaultSTSTokenURL)
}

// Credentials go only to the base URL's host, whatever a redirect says.
func TestRedirectsDoNotCarryCredentials(t *testing.T) {
	var otherSawAuth atomic.Int64
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "" {
			otherSawAuth.Add(1)
		}
		writeJSON(w, 200, nlsDoc("nls-1", "READY"))
	}))
	defer other.Close()
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/elsewhere") {
			http.Redirect(w, r, other.URL+r.URL.Path, http.StatusTemporaryRedirect)
			return
		}
		if strings.HasSuffix(r.URL.Path, "/moved") {
			http.Redirect(w, r, "/networking/v1/network-link-services/nls-1?environment=env-1", http.StatusTemporaryRedirect)
			return
		}
		assert.NotEmpty(t, r.Header.Get("Authorization"))
		writeJSON(w, 200, nlsDoc("nls-1", "READY"))
	})
	for _, c := range []*Client{newTestClient(t, s), newTestClient(t, s, WithHTTPClient(&http.Client{}))} {
		_, err := c.NetworkLinkServices().Get(context.Background(), "env-1", "elsewhere")
		assert.ErrorIs(t, err, ErrUnsafeLink)
		_, err = c.NetworkLinkServices().Get(context.Background(), "env-1", "moved")
		assert.NoError(t, err, "a redirect on the same host is followed")
	}
	assert.Zero(t, otherSawAuth.Load())
}

func TestBaseURLRules(t *testing.T) {
	ok := []string{"https://api.confluent.cloud", "https://api.confluent.cloud/", "http://127.0.0.1:8080", "http://[::1]:9", "http://localhost:1", "https://proxy.example/confluent"}
	for _, u := range ok {
		c, err := New(WithBaseURL(u), WithAPIKey("k", "s"))
		require.NoError(t, err, u)
		assert.False(t, strings.HasSuffix(c.BaseURL(), "/"), u)
	}
	bad := map[string]string{
		"http://example.com":          "WithInsecureHTTP",
		"http://10.0.0.1":             "not loopback",
		"ftp://example.com":           "scheme must be https",
		"https://":                    "has no host",
		"::nonsense":                  "cannot parse",
		"https://user:pw@example.com": "user info",
		"https://example.com/?a=1":    "query or fragment",
		"https://example.com/#frag":   "query or fragment",
		"":                            "empty URL",
	}
	for u, want := range bad {
		_, err := New(WithBaseURL(u), WithAPIKey("k", "s"))
		require.Error(t, err, u)
		assert.Contains(t, err.Error(), want, u)
		assert.ErrorIs(t, err, ErrInvalidInput, u)
		var ie *InputError
		require.ErrorAs(t, err, &ie, u)
		assert.Equal(t, "WithBaseURL", ie.Field, "the error names the option")
	}
	_, err := New(WithBaseURL("http://example.com"), WithInsecureHTTP(), WithAPIKey("k", "s"))
	assert.NoError(t, err)
	c, err := New(WithAPIKey("k", "s"))
	require.NoError(t, err)
	assert.Equal(t, DefaultBaseURL, c.BaseURL())
	assert.NotNil(t, c.API())
}

func TestOptionValidation(t *testing.T) {
	for want, opt := range map[string]Option{
		"WithMaxResponseBytes: 10 is outside":                  WithMaxResponseBytes(10),
		"WithMaxResponseBytes: 9223372036854775807 is outside": WithMaxResponseBytes(math.MaxInt64),
		"MaxAttempts must be between":                          WithRetryPolicy(RetryPolicy{MaxAttempts: 0, BaseDelay: 1, MaxDelay: 1}),
		"BaseDelay must be positive":                           WithRetryPolicy(RetryPolicy{MaxAttempts: 2, MaxDelay: 1}),
		"MaxDelay must be at least":                            WithRetryPolicy(RetryPolicy{MaxAttempts: 2, BaseDelay: 2, MaxDelay: 1}),
		"MaxTotalWait must not be negative":                    WithRetryPolicy(RetryPolicy{MaxAttempts: 2, BaseDelay: 1, MaxDelay: 1, MaxTotalWait: -1}),
		"WithLogger: nil logger":                               WithLogger(nil),
		"WithHTTPClient: nil client":                           WithHTTPClient(nil),
		"WithUserAgent: user agent contains":                   WithUserAgent("a\r\nX-Evil: 1"),
		"WithAPIKey: empty key":                                WithAPIKey("", "s"),
		"WithAPIKey: empty secret":                             WithAPIKey("k", ""),
		"WithBearerToken: empty token":                         WithBearerToken(" "),
		"WithTokenSource: nil token source":                    WithTokenSource(nil),
		"WithAuth: nil editor":                                 WithAuth(nil),
	} {
		_, err := New(WithBaseURL("http://127.0.0.1:1"), opt)
		require.Error(t, err, want)
		assert.Contains(t, err.Error(), want)
		assert.ErrorIs(t, err, ErrInvalidInput, want)
	}
	// A nil option is skipped, a custom doer and user agent are used.
	var ua string
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		ua = r.Header.Get("User-Agent")
		writeJSON(w, 200, nlsDoc("nls-1", "READY"))
	})
	c, err := New(nil, WithBaseURL(s.URL), WithAPIKey("k", "s"), WithHTTPClient(http.DefaultClient), WithUserAgent("my-tool/1.0"))
	require.NoError(t, err)
	_, err = c.NetworkLinkServices().Get(context.Background(), "env-1", "nls-1")
	require.NoError(t, err)
	assert.Regexp(t, `^ccloud-go-networking/\S+ \(go[^)]+\) my-tool/1\.0$`, ua, "the client's versioned agent, then the caller's")
}

func TestUserAgentVersionFromBuildInfo(t *testing.T) {
	assert.Equal(t, "v1.4.0", moduleVersion(&debug.BuildInfo{Main: debug.Module{Path: "example.com/app"},
		Deps: []*debug.Module{{Path: "golang.org/x/oauth2", Version: "v0.30.0"}, {Path: modulePath, Version: "v1.4.0"}}}))
	assert.Equal(t, "v1.5.0", moduleVersion(&debug.BuildInfo{Deps: []*debug.Module{
		{Path: modulePath, Version: "v1.4.0", Replace: &debug.Module{Path: "../fork", Version: "v1.5.0"}}}}))
	assert.Equal(t, "(devel)", moduleVersion(&debug.BuildInfo{Main: debug.Module{Path: modulePath, Version: "(devel)"}}))
	assert.Equal(t, "unknown", moduleVersion(&debug.BuildInfo{Main: debug.Module{Path: "example.com/app"}}))
}

func TestNewFromEnv(t *testing.T) {
	for _, tc := range []struct {
		key, secret, want string
	}{
		{"", "", "CONFLUENT_CLOUD_API_KEY and CONFLUENT_CLOUD_API_SECRET are not set"},
		{"k", "", "CONFLUENT_CLOUD_API_KEY is set but CONFLUENT_CLOUD_API_SECRET is not"},
		{"", "s", "CONFLUENT_CLOUD_API_SECRET is set but CONFLUENT_CLOUD_API_KEY is not"},
	} {
		t.Setenv(EnvAPIKey, tc.key)
		t.Setenv(EnvAPISecret, tc.secret)
		_, err := NewFromEnv()
		assert.ErrorContains(t, err, tc.want)
		assert.ErrorIs(t, err, ErrInvalidInput)
	}
	s, seen := authServer(t, always200)
	t.Setenv(EnvAPIKey, testKey)
	t.Setenv(EnvAPISecret, testSecret)
	t.Setenv(EnvEndpoint, s.URL)
	c, err := NewFromEnv(WithUserAgent("x"))
	require.NoError(t, err)
	assert.Equal(t, s.URL, c.BaseURL())
	_, err = c.NetworkLinkServices().Get(context.Background(), "env-1", "nls-1")
	require.NoError(t, err)
	assert.Equal(t, []string{"Basic " + base64.StdEncoding.EncodeToString([]byte(testKey+":"+testSecret))}, seen())
	_, err = NewFromEnv(WithBearerToken("t"))
	assert.ErrorContains(t, err, "already set by WithAPIKey")
}

// No secret of ours shows up in errors, logs, or any printed value.
func TestSecretsNeverLeak(t *testing.T) {
	const bearer = "bearer-secret-XYZ"
	basic := base64.StdEncoding.EncodeToString([]byte(testKey + ":" + testSecret))
	secrets := []string{testSecret, basic, bearer}
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	var n atomic.Int64
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch n.Add(1) % 4 {
		case 0:
			writeFailure(w, 401, "bad credentials "+r.Header.Get("Authorization")) // a server that echoes
		case 1:
			writeFailure(w, 500, "boom")
		case 2:
			conn, _, _ := w.(http.Hijacker).Hijack()
			_ = conn.Close()
		default:
			writeJSON(w, 200, nlsDoc("nls-1", "READY"))
		}
	})
	var printed []string
	for _, auth := range []Option{WithAPIKey(testKey, testSecret), WithBearerToken(bearer),
		WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: bearer}))} {
		c, err := New(WithBaseURL(s.URL), auth, WithLogger(logger),
			WithRetryPolicy(RetryPolicy{MaxAttempts: 2, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond}))
		require.NoError(t, err)
		for range 8 {
			_, err := c.NetworkLinkServices().Get(context.Background(), "env-1", "nls-1")
			if err != nil {
				var apiErr *APIError
				if errors.As(err, &apiErr) {
					printed = append(printed, fmt.Sprintf("%v %+v %#v", apiErr, *apiErr, apiErr.Errors))
				}
				printed = append(printed, fmt.Sprintf("%v %+v %#v %s", err, err, err, err))
			}
		}
		_, err = c.PrivateLinkAccesses().Get(context.Background(), "", "x")
		printed = append(printed, fmt.Sprintf("%v %+v %#v", c, c, c), fmt.Sprintf("%+v %#v", c.NetworkLinkServices(), c.PrivateLinkAccesses()), fmt.Sprint(err))
	}
	printed = append(printed, fmt.Sprintf("%v %+v %#v %s %q", secret{testSecret}, secret{testSecret}, secret{testSecret}, secret{testSecret}, secret{testSecret}))
	raw, _ := json.Marshal(struct{ S secret }{secret{testSecret}})
	printed = append(printed, string(raw), logs.String())
	all := strings.Join(printed, "\n")
	require.Contains(t, logs.String(), "confluent attempt", "the log was written")
	require.Contains(t, all, "bad credentials [REDACTED]", "the echoing server was heard, and scrubbed")
	for _, sec := range secrets {
		assert.NotContains(t, all, sec)
	}
}
