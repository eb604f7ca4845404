package wrapper

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ccloud-go/networking/api"
)

// statusServer answers the first fails requests with code (0 closes the
// connection instead), then succeeds as the method expects.
func statusServer(t *testing.T, code, fails int) *server {
	var n atomic.Int64
	var created atomic.Bool // a create was answered: lists show what it named, as a server's lists do
	return newServer(t, func(w http.ResponseWriter, r *http.Request) {
		list := r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "s") // a create's reads are not the call under test
		if !list && int(n.Add(1)) <= fails {
			if code == 0 {
				conn, _, _ := w.(http.Hijacker).Hijack()
				_ = conn.Close()
				return
			}
			if code == 429 {
				w.Header().Set("Retry-After", "0")
			}
			writeFailure(w, code, "injected")
			return
		}
		switch {
		case r.Method == http.MethodGet && r.URL.Path == "/networking/v1/private-link-accesses",
			r.Method == http.MethodGet && r.URL.Path == "/networking/v1/network-link-services":
			data := []any{}
			if created.Load() {
				data = append(data, plaDoc("pla-1", "PROVISIONING", awsCloudDoc("123456789012")))
			}
			writeJSON(w, 200, map[string]any{"data": data, "metadata": map[string]any{}})
		case r.Method == http.MethodPost:
			created.Store(true)
			writeJSON(w, 202, plaDoc("pla-1", "PROVISIONING", awsCloudDoc("123456789012")))
		case r.Method == http.MethodDelete:
			w.WriteHeader(204)
		default:
			writeJSON(w, 200, plaDoc("pla-1", "READY", awsCloudDoc("123456789012")))
		}
	})
}

// Which failures are retried, for which methods: count what the server
// saw. A create whose outcome is unknown is not sent again blindly: it is
// settled by a list (which here shows nothing stored), then sent again.
func TestRetryTriggers(t *testing.T) {
	ctx := context.Background()
	calls := map[string]func(c *Client) error{
		"GET": func(c *Client) error { _, err := c.PrivateLinkAccesses().Get(ctx, "env-1", "pla-1"); return err },
		"PATCH": func(c *Client) error {
			_, err := c.PrivateLinkAccesses().Update(ctx, "env-1", "pla-1", plaUpdate())
			return err
		},
		"DELETE": func(c *Client) error { return c.PrivateLinkAccesses().Delete(ctx, "env-1", "pla-1") },
		"POST": func(c *Client) error {
			_, err := c.PrivateLinkAccesses().Create(ctx, plaCreate(t, "123456789012"))
			return err
		},
		"POST unnamed": func(c *Client) error { _, err := c.NetworkLinkServices().Create(ctx, nlsCreate("")); return err },
	}
	// A create lists what matches before it is sent (1). One whose outcome
	// is unknown (a 5xx, a lost answer) is settled by two more lists, a
	// settle window apart (what it stored may still be on its way), before
	// it is sent again, and by one after the success, for what the attempt
	// in doubt may have stored late: 1 + 1 + 2 + 1 + 1.
	const settled = 6
	repeat := map[string]int{"GET": 2, "PATCH": 2, "DELETE": 2, "POST": settled, "POST unnamed": settled}
	repeatTwice := repeat
	cases := []struct {
		code int            // 0: connection closed before the answer
		hits map[string]int // nil: an error after one request
	}{
		{429, map[string]int{"GET": 2, "PATCH": 2, "DELETE": 2, "POST": 3, "POST unnamed": 3}},
		{500, repeat}, {502, repeatTwice}, {503, repeat}, {504, repeatTwice}, {0, repeatTwice},
		{400, nil}, {401, nil}, {402, nil}, {403, nil}, {404, nil}, {409, nil}, {422, nil}, {501, nil},
	}
	for _, tc := range cases {
		for name, call := range calls {
			s := statusServer(t, tc.code, 1)
			err := call(newTestClient(t, s, WithoutPacing()))
			if tc.hits != nil {
				assert.NoError(t, err, "%d %s", tc.code, name)
				assert.EqualValues(t, tc.hits[name], s.hits.Load(), "%d %s", tc.code, name)
			} else {
				assert.Error(t, err, "%d %s", tc.code, name)
				assert.NotErrorIs(t, err, ErrOutcomeUnknown, "%d %s", tc.code, name)
				sent := 1
				if strings.HasPrefix(name, "POST") {
					sent = 2 // the list before the create
				}
				assert.EqualValues(t, sent, s.hits.Load(), "%d %s not retried", tc.code, name)
			}
		}
	}
}

func plaUpdate() api.PrivateLinkAccessUpdateRequest {
	return api.PrivateLinkAccessUpdateRequest{Spec: api.PrivateLinkAccessSpecUpdate{DisplayName: Ptr("n"), Environment: api.ObjectReference{ID: "env-1"}}}
}

// A create that could not be sent at all (nothing listening) is retried,
// and its failure says it was not applied.
func TestCreateRetriedWhenNotSent(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())
	c, err := New(WithBaseURL("http://"+addr), WithAPIKey(testKey, testSecret), WithRetryPolicy(fastRetries()))
	require.NoError(t, err)
	_, err = c.NetworkLinkServices().Create(context.Background(), nlsCreate(""))
	var te *TransportError
	require.ErrorAs(t, err, &te)
	assert.Equal(t, fastRetries().MaxAttempts, te.Attempts, "retried although unnamed: it was never sent")
	assert.NotErrorIs(t, err, ErrOutcomeUnknown)
	assert.NotContains(t, err.Error(), "may have been applied")
}

func TestRetryExhaustion(t *testing.T) {
	s := statusServer(t, 503, 100)
	_, err := newTestClient(t, s).PrivateLinkAccesses().Get(context.Background(), "env-1", "pla-1")
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 503, apiErr.StatusCode)
	assert.EqualValues(t, fastRetries().MaxAttempts, s.hits.Load())

	s = statusServer(t, 0, 100)
	_, err = newTestClient(t, s).PrivateLinkAccesses().Get(context.Background(), "env-1", "pla-1")
	var te *TransportError
	require.ErrorAs(t, err, &te)
	assert.Equal(t, fastRetries().MaxAttempts, te.Attempts)
	assert.EqualValues(t, fastRetries().MaxAttempts, s.hits.Load())
}

// rateLimitedOnce answers the first request 429 with the given headers.
func rateLimitedOnce(t *testing.T, headers map[string]string) *server {
	var n atomic.Int64
	return newServer(t, func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			for k, v := range headers {
				if v == "in-2s-as-date" { // dated when answered, not when the table was built
					v = time.Now().Add(2 * time.Second).UTC().Format(http.TimeFormat)
				}
				w.Header().Set(k, v)
			}
			w.WriteHeader(429)
			return
		}
		writeJSON(w, 200, nlsDoc("nls-1", "READY"))
	})
}

// The wait before a retry comes from Retry-After, else X-RateLimit-Reset
// when the window is spent, else backoff: the retry's log line says which
// and how long (the wait chosen, not a time measured).
func TestRetryDelaySources(t *testing.T) {
	for _, tc := range []struct {
		name     string
		headers  map[string]string
		source   string
		min, max time.Duration
	}{
		{"Retry-After seconds", map[string]string{"Retry-After": "1"}, "retry-after", time.Second, time.Second},
		// HTTP dates have whole seconds, so "in 2s" waits up to 2 s.
		{"Retry-After date", map[string]string{"Retry-After": "in-2s-as-date"}, "retry-after", 0, 2 * time.Second},
		{"X-RateLimit-Reset when spent", map[string]string{"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "0.3"}, "rate-limit-reset",
			300 * time.Millisecond, 300 * time.Millisecond},
		{"Reset ignored while requests remain", map[string]string{"X-RateLimit-Remaining": "5", "X-RateLimit-Reset": "30"}, "backoff",
			0, fastRetries().BaseDelay},
		{"backoff without headers", nil, "backoff", 0, fastRetries().BaseDelay},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := rateLimitedOnce(t, tc.headers)
			var logs bytes.Buffer
			c := newTestClient(t, s, WithoutPacing(), WithLogger(slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
			_, err := c.NetworkLinkServices().Get(context.Background(), "env-1", "nls-1")
			require.NoError(t, err)
			assert.EqualValues(t, 2, s.hits.Load())
			var retries []struct {
				Source string        `json:"delay_source"`
				Delay  time.Duration `json:"delay"`
			}
			for _, line := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
				if strings.Contains(line, `"msg":"confluent retry"`) {
					var r struct {
						Source string        `json:"delay_source"`
						Delay  time.Duration `json:"delay"`
					}
					require.NoError(t, json.Unmarshal([]byte(line), &r))
					retries = append(retries, r)
				}
			}
			require.Len(t, retries, 1)
			assert.Equal(t, tc.source, retries[0].Source)
			assert.GreaterOrEqual(t, retries[0].Delay, tc.min)
			assert.LessOrEqual(t, retries[0].Delay, tc.max)
		})
	}
}

func TestBackoffIsFullJitterCapped(t *testing.T) {
	p := RetryPolicy{MaxAttempts: 10, BaseDelay: 100 * time.Millisecond, MaxDelay: time.Second, MaxTotalWait: time.Minute}
	for n := 1; n <= 10; n++ {
		ceiling := min(p.BaseDelay<<(n-1), p.MaxDelay)
		var low, high int
		for range 400 {
			d := p.backoff(n)
			require.GreaterOrEqual(t, d, time.Duration(0))
			require.LessOrEqual(t, d, ceiling)
			if d < ceiling/4 {
				low++
			}
			if d > ceiling*3/4 {
				high++
			}
		}
		assert.Positive(t, low, "full jitter reaches near zero (n=%d)", n)
		assert.Positive(t, high, "and near the ceiling (n=%d)", n)
	}
	d, source := p.delay(3, nil)
	assert.Equal(t, "backoff", source)
	assert.LessOrEqual(t, d, 400*time.Millisecond)
	a := &answer{header: http.Header{"Retry-After": {"7"}, "X-Ratelimit-Remaining": {"0"}, "X-Ratelimit-Reset": {"3"}}, received: time.Now()}
	d, source = p.delay(1, a)
	assert.Equal(t, 7*time.Second, d, "Retry-After wins")
	assert.Equal(t, "retry-after", source)
	a.header.Del("Retry-After")
	d, source = p.delay(1, a)
	assert.Equal(t, 3*time.Second, d)
	assert.Equal(t, "rate-limit-reset", source)
	assert.NoError(t, NoRetries().validate())
}

// A wait that would end after the deadline, or exceed the total budget,
// is not started: the last answer comes back at once, before the context
// ends.
func TestWaitsThatDoNotFit(t *testing.T) {
	s := rateLimitedOnce(t, map[string]string{"Retry-After": "60"})
	c := newTestClient(t, s, WithoutPacing())
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, err := c.NetworkLinkServices().Get(ctx, "env-1", "nls-1")
	assert.NoError(t, ctx.Err(), "returned before the deadline")
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 429, apiErr.StatusCode)
	assert.Equal(t, time.Minute, apiErr.RateLimit.RetryAfter)

	s = rateLimitedOnce(t, map[string]string{"Retry-After": "2"})
	c = newTestClient(t, s, WithoutPacing(), WithRetryPolicy(RetryPolicy{MaxAttempts: 5, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond, MaxTotalWait: time.Second}))
	ctx, cancel = context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, err = c.NetworkLinkServices().Get(ctx, "env-1", "nls-1")
	assert.ErrorIs(t, err, ErrRateLimited)
	assert.EqualValues(t, 1, s.hits.Load(), "not retried: 2s is over MaxTotalWait")
}

func TestCancelDuringBackoff(t *testing.T) {
	s := rateLimitedOnce(t, map[string]string{"Retry-After": "10"})
	c := newTestClient(t, s, WithoutPacing(), WithRetryPolicy(RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond, MaxTotalWait: time.Minute}))
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	_, err := c.NetworkLinkServices().Get(ctx, "env-1", "nls-1")
	assert.ErrorIs(t, err, context.Canceled, "the wait of 10s ended with the context; after it, the retry would have succeeded")
	assert.EqualValues(t, 1, s.hits.Load())

	// Cancelled before anything is sent.
	_, err = c.NetworkLinkServices().Get(ctx, "env-1", "nls-1")
	assert.ErrorIs(t, err, context.Canceled)
	assert.EqualValues(t, 1, s.hits.Load())
}

// Every attempt carries credentials, user agent and the whole body.
func TestEveryAttemptIsComplete(t *testing.T) {
	var mu sync.Mutex
	var bodies, auths, agents []string
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		bodies = append(bodies, string(b))
		auths = append(auths, r.Header.Get("Authorization"))
		agents = append(agents, r.Header.Get("User-Agent"))
		n := len(bodies)
		mu.Unlock()
		if n == 1 {
			writeFailure(w, 502, "again")
			return
		}
		writeJSON(w, 200, plaDoc("pla-1", "READY", awsCloudDoc("123456789012")))
	})
	c := newTestClient(t, s, WithUserAgent("agent/2"))
	_, err := c.PrivateLinkAccesses().Update(context.Background(), "env-1", "pla-1", plaUpdate())
	require.NoError(t, err)
	require.Len(t, bodies, 2)
	assert.Equal(t, bodies[0], bodies[1])
	assert.JSONEq(t, `{"spec":{"display_name":"n","environment":{"id":"env-1"}}}`, bodies[1])
	want := "Basic " + base64.StdEncoding.EncodeToString([]byte(testKey+":"+testSecret))
	assert.Equal(t, []string{want, want}, auths)
	want = userAgent() + " agent/2"
	assert.Equal(t, []string{want, want}, agents)
}

func TestResponseBodyCap(t *testing.T) {
	big := strings.Repeat("x", 10_000)
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		doc := nlsDoc("nls-1", "READY")
		doc["spec"].(map[string]any)["display_name"] = big
		writeJSON(w, 200, doc)
	})
	_, err := newTestClient(t, s, WithMaxResponseBytes(2048)).NetworkLinkServices().Get(context.Background(), "env-1", "nls-1")
	assert.ErrorIs(t, err, ErrResponseTooLarge)
	assert.Contains(t, err.Error(), "WithMaxResponseBytes")
	got, err := newTestClient(t, s).NetworkLinkServices().Get(context.Background(), "env-1", "nls-1")
	require.NoError(t, err, "the default cap is larger")
	assert.Len(t, *got.Spec.DisplayName, 10_000)

	// readCapped on its own: exactly the cap is fine, one byte more is not.
	b, err := readCapped(strings.NewReader("12345"), 5)
	assert.NoError(t, err)
	assert.Equal(t, "12345", string(b))
	_, err = readCapped(strings.NewReader("123456"), 5)
	assert.ErrorIs(t, err, ErrResponseTooLarge)
}

func TestRetriesAreLoggedWithoutSecrets(t *testing.T) {
	var logs bytes.Buffer
	s := statusServer(t, 503, 1)
	c := newTestClient(t, s, WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	_, err := c.PrivateLinkAccesses().Get(context.Background(), "env-1", "pla-1")
	require.NoError(t, err)
	out := logs.String()
	assert.Contains(t, out, `msg="confluent retry"`)
	assert.Contains(t, out, `reason="status 503"`)
	assert.Contains(t, out, "delay_source=backoff")
	assert.Contains(t, out, "status=200")
	assert.NotContains(t, out, testSecret)
	assert.NotContains(t, out, base64.StdEncoding.EncodeToString([]byte(testKey+":"+testSecret)))
}

// After an answer that says the window is spent, the next call waits for
// the reset instead of being sent into a 429.
func TestPacingHoldsUntilReset(t *testing.T) {
	// The server keeps the window it announces, as a rate limiter does: a
	// request before its reset is answered 429 and counted. Counted, not
	// timed: the client's hold is measured by the server's refusals.
	var mu sync.Mutex
	var resetAt time.Time
	var answered, early int
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		if time.Now().Before(resetAt) {
			early++
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		answered++
		resetAt = time.Now().Add(400 * time.Millisecond)
		w.Header().Set("X-RateLimit-Limit", "1")
		w.Header().Set("X-RateLimit-Remaining", "0")
		w.Header().Set("X-RateLimit-Reset", "0.4")
		writeJSON(w, 200, nlsDoc("nls-1", "READY"))
	})
	c := newTestClient(t, s)
	for range 2 {
		_, err := c.NetworkLinkServices().Get(context.Background(), "env-1", "nls-1")
		require.NoError(t, err)
	}
	assert.Equal(t, 2, answered)
	assert.Zero(t, early, "held until the reset: no request sent into the spent window")

	// With a window that resets in 30 s: without pacing the second call
	// goes at once (it succeeds within a deadline the hold would pass); with
	// pacing, a hold that outlasts the deadline fails at once, unsent.
	long := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-RateLimit-Limit", "1")
		w.Header().Set("X-RateLimit-Remaining", "0")
		w.Header().Set("X-RateLimit-Reset", "30")
		writeJSON(w, 200, nlsDoc("nls-1", "READY"))
	})
	for _, pacing := range []bool{false, true} {
		opts := []Option{}
		if !pacing {
			opts = append(opts, WithoutPacing())
		}
		c = newTestClient(t, long, opts...)
		_, err := c.NetworkLinkServices().Get(context.Background(), "env-1", "nls-1")
		require.NoError(t, err)
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		before := long.hits.Load()
		_, err = c.NetworkLinkServices().Get(ctx, "env-1", "nls-1")
		if pacing {
			assert.ErrorIs(t, err, ErrRateLimited)
			assert.Contains(t, err.Error(), "after the context's deadline")
			assert.Equal(t, before, long.hits.Load(), "not sent")
		} else {
			assert.NoError(t, err)
		}
		assert.NoError(t, ctx.Err(), "returned before the deadline")
		cancel()
	}
}

// A 429 seen by one caller holds the others too.
func TestPacingShares429WithOtherCallers(t *testing.T) {
	var n atomic.Int64
	// The server refuses, and counts, a request sent before the second its
	// 429 asked for is over. Counted, not timed.
	var mu sync.Mutex
	var until time.Time
	var early int
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			mu.Lock()
			until = time.Now().Add(time.Second)
			mu.Unlock()
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(429)
			return
		}
		mu.Lock()
		if time.Now().Before(until) {
			early++
		}
		mu.Unlock()
		writeJSON(w, 200, nlsDoc("nls-1", "READY"))
	})
	c := newTestClient(t, s)
	_, err := c.NetworkLinkServices().Get(context.Background(), "env-1", "nls-1")
	require.NoError(t, err)
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := c.NetworkLinkServices().Get(context.Background(), "env-1", "nls-1")
			assert.NoError(t, err)
		}()
	}
	wg.Wait()
	assert.Zero(t, early, "no caller sent before the 429's Retry-After was over")
	assert.EqualValues(t, 6, n.Load(), "one 429, then five successes, nothing wasted")
}

func TestPacerObserve(t *testing.T) {
	now := time.Now()
	type hd struct {
		code int
		h    http.Header
	}
	hdr := func(code int, remaining, reset string) hd {
		h := http.Header{}
		if remaining != "" {
			h.Set("X-RateLimit-Remaining", remaining)
		}
		if reset != "" {
			h.Set("X-RateLimit-Reset", reset)
		}
		return hd{code, h}
	}
	p := newPacer()
	obs := func(x hd, at time.Time) { p.observe(p.sends, x.code, x.h, at, at) }
	obs(hdr(200, "", ""), now)
	assert.Equal(t, -1, p.remaining, "no figures, nothing known")
	obs(hdr(200, "10", "2"), now)
	assert.Equal(t, 10, p.remaining)
	assert.Equal(t, now.Add(2*time.Second), p.resetAt)
	obs(hdr(200, "12", "2"), now.Add(100*time.Millisecond))
	assert.Equal(t, 10, p.remaining, "a late answer never raises the budget")
	obs(hdr(200, "8", "1"), now.Add(1500*time.Millisecond))
	assert.Equal(t, 8, p.remaining)
	assert.Equal(t, now.Add(2*time.Second), p.resetAt, "the tightest bound on the reset is kept")
	obs(hdr(200, "3", "1"), now.Add(900*time.Millisecond))
	assert.Equal(t, now.Add(1900*time.Millisecond), p.resetAt)
	obs(hdr(200, "50", "5"), now.Add(3*time.Second))
	assert.Equal(t, 50, p.remaining, "a new window is taken as it is")
	p.clearedAt = now.Add(4 * time.Second)
	obs(hdr(429, "0", "9"), now.Add(3500*time.Millisecond))
	assert.Equal(t, 50, p.remaining, "figures from before the reset are stale")
	obs(hdr(429, "", "3"), now.Add(5*time.Second))
	assert.Equal(t, 0, p.remaining)
	assert.Equal(t, now.Add(8*time.Second), p.resetAt)
}

func TestNotSent(t *testing.T) {
	assert.True(t, notSent(&net.OpError{Op: "dial", Err: errors.New("refused")}))
	assert.True(t, notSent(&net.DNSError{Err: "no such host"}))
	assert.False(t, notSent(&net.OpError{Op: "read", Err: errors.New("reset")}))
	assert.False(t, notSent(io.ErrUnexpectedEOF))
}

// Through API(), a body the caller gives as a plain reader cannot be read
// twice, so it is sent once and never retried with half a body.
func TestUnreplayableBodyIsSentOnce(t *testing.T) {
	var mu sync.Mutex
	var bodies []string
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		bodies = append(bodies, string(b))
		mu.Unlock()
		writeFailure(w, 503, "busy")
	})
	c := newTestClient(t, s)
	body := `{"spec":{"display_name":"x","environment":{"id":"env-1"}}}`
	resp, err := c.API().UpdateNetworkingV1PrivateLinkAccessWithBody(context.Background(), "pla-1", "application/json",
		io.MultiReader(strings.NewReader(body)))
	require.NoError(t, err)
	_ = resp.Body.Close()
	assert.Equal(t, 503, resp.StatusCode)
	assert.Equal(t, []string{body}, bodies)

	// A replayable body through API() is retried as usual.
	bodies = nil
	resp, err = c.API().UpdateNetworkingV1PrivateLinkAccessWithBody(context.Background(), "pla-1", "application/json", strings.NewReader(body))
	require.NoError(t, err)
	_ = resp.Body.Close()
	assert.Equal(t, []string{body, body, body, body}, bodies)
}

// A MaxSettle shorter than SettleDelay (given, or its default) is refused
// with an *InputError naming both fields; 0 still means the default.
func TestMaxSettleShorterThanSettleDelayIsRefused(t *testing.T) {
	for _, p := range []RetryPolicy{
		{MaxAttempts: 1, BaseDelay: 1, MaxDelay: 1, SettleDelay: 5 * time.Second, MaxSettle: time.Second},
		{MaxAttempts: 1, BaseDelay: 1, MaxDelay: 1, MaxSettle: time.Second}, // SettleDelay's default is 2 s
	} {
		_, err := New(WithBaseURL("http://127.0.0.1:1"), WithAPIKey(testKey, testSecret), WithRetryPolicy(p))
		var ie *InputError
		require.ErrorAs(t, err, &ie, "%+v", p)
		assert.Equal(t, "WithRetryPolicy", ie.Field)
		assert.Contains(t, ie.Problem, "MaxSettle")
		assert.Contains(t, ie.Problem, "SettleDelay")
	}
	for _, p := range []RetryPolicy{
		{MaxAttempts: 1, BaseDelay: 1, MaxDelay: 1, SettleDelay: 5 * time.Second},
		{MaxAttempts: 1, BaseDelay: 1, MaxDelay: 1, SettleDelay: time.Second, MaxSettle: time.Second},
	} {
		_, err := New(WithBaseURL("http://127.0.0.1:1"), WithAPIKey(testKey, testSecret), WithRetryPolicy(p))
		assert.NoError(t, err, "%+v", p)
	}
}

// A GET that hits the HTTP client's own per-attempt timeout (the default
// client sets 60s) is not taken for the caller's context ending: it is
// retried, and a waiter polls on through that one poll.
func TestReadsAreRetriedAfterAnAttemptTimeout(t *testing.T) {
	var n atomic.Int64
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			time.Sleep(400 * time.Millisecond)
		}
		writeJSON(w, 200, nlsDoc("nls-1", "READY"))
	})
	c := newTestClient(t, s, WithHTTPClient(&http.Client{Timeout: 100 * time.Millisecond}))
	_, err := c.NetworkLinkServices().Get(context.Background(), "env-1", "nls-1")
	assert.NoError(t, err, "a read whose attempt timed out is retried")

	n.Store(0)
	_, err = c.NetworkLinkServices().WaitReady(context.Background(), "env-1", "nls-1", PollInterval(time.Millisecond, time.Millisecond))
	assert.NoError(t, err, "a waiter polls on through one timed-out poll")
}

// A RetryPolicy literal that leaves MaxTotalWait out gets the default
// budget and retries; a zero budget would pass validation yet never retry
// (every backoff wait > 0 "passes" MaxTotalWait 0) and fail any pacing
// hold at once.
func TestRetryPolicyZeroMaxTotalWaitMeansDefault(t *testing.T) {
	var n atomic.Int64
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			writeFailure(w, 503, "try again")
			return
		}
		writeJSON(w, 200, nlsDoc("nls-1", "READY"))
	})
	p := RetryPolicy{MaxAttempts: 5, BaseDelay: 10 * time.Millisecond, MaxDelay: 100 * time.Millisecond}
	c := newTestClient(t, s, WithRetryPolicy(p))
	_, err := c.NetworkLinkServices().Get(context.Background(), "env-1", "nls-1")
	assert.NoError(t, err, "MaxAttempts 5 should retry one 503")
}
