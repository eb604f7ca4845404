package wrapper

// Adversarial review of branch audit-17: each test here failed on
// audit-17 before the fix committed with it.

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ccloud-go/networking/fake"
)

// Two identical creates of one program, no list lag: B's first listing
// is read on the server before A's resource is stored, but its answer
// arrives after A has returned (and claimed) it. B's first attempt is
// answered 500 with nothing stored, so B settles and reads A's resource.
// A's claim is older than B's record, yet the resource was stored after
// B's listing was taken, so it is no sign of a list behind the store or
// of a reused id: B must send again and return a resource of its own.
// On audit-17 the stale-claim rule took the claim's age from when B was
// recorded (after its listing), and B reported its outcome unknown.
func TestClaimMadeWhileTheFirstListingIsOnItsWayIsNotStale(t *testing.T) {
	listed, release := make(chan struct{}), make(chan struct{})
	var fr *front
	fr = newFront(t, func(w http.ResponseWriter, r *http.Request, n int) bool {
		switch {
		case r.Method == http.MethodGet && r.URL.Path == nlsPath && n == 1: // B's first listing
			rec := httptest.NewRecorder()
			fr.f.ServeHTTP(rec, r) // read now, answered later
			close(listed)
			<-release
			for k, v := range rec.Header() {
				w.Header()[k] = v
			}
			w.WriteHeader(rec.Code)
			_, _ = w.Write(rec.Body.Bytes())
			return true
		case r.Method == http.MethodPost && r.URL.Path == nlsPath && n == 2: // B's first attempt
			writeFailure(w, http.StatusInternalServerError, "nothing stored")
			return true
		}
		return false
	}, fake.WithoutUniqueness())
	pol := fastRetries()
	pol.SettleDelay, pol.MaxSettle = 50*time.Millisecond, time.Second
	c := fr.client(t, WithRetryPolicy(pol))
	type result struct {
		id  string
		err error
	}
	bDone := make(chan result, 1)
	go func() {
		got, err := c.NetworkLinkServices().Create(context.Background(), nlsCreate("svc"))
		if err != nil {
			bDone <- result{err: err}
			return
		}
		bDone <- result{id: got.ID}
	}()
	<-listed
	a, err := c.NetworkLinkServices().Create(context.Background(), nlsCreate("svc"))
	require.NoError(t, err)
	close(release)
	b := <-bDone
	require.NoError(t, b.err, "B stored nothing on its first attempt and nothing is in doubt once it has read")
	assert.NotEqual(t, a.ID, b.id, "one resource returned to two creates")
	assert.Len(t, fr.f.NetworkLinkServices(), 2)
}

// A wait cancelled by its caller while its first poll is still dialing
// (an address where the connection hangs, here a dialer that waits for the
// context) returns the context's error, not the advice to check the
// endpoint: nothing says the endpoint is wrong, the caller gave up. On
// audit-17 a dial error read before the context's was taken as "never
// reached".
func TestWaitCancelledWhileDialingReturnsTheContextsError(t *testing.T) {
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, nlsDoc("nls-1", "READY")) })
	dialing := make(chan struct{}, 16)
	tr := &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		dialing <- struct{}{}
		<-ctx.Done() // the connection hangs until the caller gives up
		return (&net.Dialer{}).DialContext(ctx, network, addr)
	}}
	c, err := New(WithBaseURL(s.URL), WithAPIKey(testKey, testSecret), WithRetryPolicy(fastRetries()), WithTransport(tr))
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-dialing
		cancel()
	}()
	_, err = c.NetworkLinkServices().WaitReady(ctx, "env-1", "nls-1", PollInterval(time.Millisecond, time.Millisecond))
	require.Error(t, err)
	assert.ErrorIs(t, err, context.Canceled)
	assert.NotContains(t, err.Error(), "never reached")
	assert.NotContains(t, err.Error(), EnvEndpoint)
	t.Logf("cancelled wait: %v", err)
}

// A wait that is the client's first call, against a server that answers
// 503 for a while: a 503 is an answer, so the server was reached and the
// wait polls on until the resource is ready.
func TestFirstCallWaitPollsThroughServiceUnavailable(t *testing.T) {
	var gets atomic.Int32
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		if gets.Add(1) <= 8 {
			w.Header().Set("Retry-After", "0")
			writeFailure(w, http.StatusServiceUnavailable, "down for a moment")
			return
		}
		writeJSON(w, 200, nlsDoc("nls-1", "READY"))
	})
	pol := fastRetries()
	pol.MaxAttempts = 2
	c := newTestClient(t, s, WithRetryPolicy(pol))
	_, err := c.NetworkLinkServices().WaitReady(context.Background(), "env-1", "nls-1", PollInterval(time.Millisecond, time.Millisecond), PollFailures(10))
	require.NoError(t, err)
	assert.Greater(t, gets.Load(), int32(8))
}

// A success answer that does not decode because a field the client
// parses (created_at, a time) holds a credential the server echoed: the
// decoding error quotes the value it could not parse, and it came out
// verbatim in the *DecodeError of Get and WaitReady, in the create's
// *OutcomeUnknownError, and in the retry's debug log line.
func TestUndecodableAnswerEchoingTheSecretNeverInErrors(t *testing.T) {
	pair := testKey + ":" + testSecret
	for _, echo := range []string{testSecret, base64.RawURLEncoding.EncodeToString([]byte(pair)), base64.StdEncoding.EncodeToString([]byte(pair))} {
		s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
			doc := nlsDoc("nls-1", "READY")
			doc["metadata"] = map[string]any{"created_at": echo}
			if r.Method == http.MethodGet && r.URL.Path == nlsPath {
				writeJSON(w, 200, map[string]any{"api_version": "networking/v1", "kind": "NetworkLinkServiceList", "metadata": map[string]any{}, "data": []any{}})
				return
			}
			writeJSON(w, map[string]int{http.MethodPost: 202}[r.Method]+map[string]int{http.MethodGet: 200}[r.Method], doc)
		})
		var logs bytes.Buffer
		c := newTestClient(t, s, WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
		_, gerr := c.NetworkLinkServices().Get(context.Background(), "env-1", "nls-1")
		_, werr := c.NetworkLinkServices().WaitReady(context.Background(), "env-1", "nls-1", PollInterval(time.Millisecond, time.Millisecond), MaxWait(5*time.Second))
		_, cerr := c.NetworkLinkServices().Create(context.Background(), nlsCreate("svc"))
		out := logs.String()
		for _, err := range []error{gerr, werr, cerr} {
			require.Error(t, err)
			out += fmt.Sprintf("%v|%+v|%#v", err, err, err)
			var de *DecodeError
			if errors.As(err, &de) {
				out += fmt.Sprintf("%#v|%#v", *de, de.Err)
			}
		}
		assert.ErrorIs(t, cerr, ErrOutcomeUnknown)
		assert.NotContains(t, out, echo)
		assert.Contains(t, out, redacted, "the echo was heard and blanked")
	}
}
