package wrapper

import (
	"bytes"
	"context"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ccloud-go/networking/api"
)

// closedPort is a loopback address nobody listens on.
func closedPort(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())
	return addr
}

// A wait whose client never reached its server (a wrong endpoint) fails
// after its first poll, naming the endpoint and the variable that sets it,
// instead of polling on as through an outage.
func TestWaitOnAnEndpointNeverReachedFailsAtOnce(t *testing.T) {
	addr := closedPort(t)
	var logs bytes.Buffer
	c, err := New(WithBaseURL("http://"+addr), WithAPIKey(testKey, testSecret), WithRetryPolicy(fastRetries()),
		WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, err = c.NetworkLinkServices().WaitReady(ctx, "env-1", "nls-1", PollInterval(10*time.Millisecond, 10*time.Millisecond))
	require.Error(t, err)
	assert.Contains(t, err.Error(), addr)
	assert.Contains(t, err.Error(), EnvEndpoint)
	assert.Zero(t, strings.Count(logs.String(), "polling on"), "no poll after the first")
	var te *TransportError
	assert.ErrorAs(t, err, &te, "the transport error is kept")
}

// A wait whose client has reached the server polls through failures to
// reach it again, as through any outage.
func TestWaitThatReachedTheServerPollsThroughOutages(t *testing.T) {
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, nlsDoc("nls-1", api.PhaseProvisioning))
	})
	var logs bytes.Buffer
	c := newTestClient(t, s, WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
	_, err := c.NetworkLinkServices().Get(context.Background(), "env-1", "nls-1")
	require.NoError(t, err)
	s.Close() // the server goes away
	_, err = c.NetworkLinkServices().WaitReady(context.Background(), "env-1", "nls-1",
		PollInterval(time.Millisecond, time.Millisecond), PollFailures(3))
	require.Error(t, err)
	assert.NotContains(t, err.Error(), EnvEndpoint)
	assert.Equal(t, 2, strings.Count(logs.String(), "polling on"), "polled through two failures, gave up on the third")
}

// A wrong endpoint where something else listens: a server that is not
// HTTP at all (it writes a banner and hangs up), and a plain HTTP server
// reached over TLS (an https:// endpoint for the fake's http:// one).
// Every attempt connects, so no dial fails; still no answer ever came from
// the server, and the wait stops after its first poll, naming the
// endpoint, instead of polling on through PollFailures polls. Counted by
// the connections the endpoint accepted, not timed.
func TestWaitOnAnEndpointThatIsNotTheAPIFailsAfterOnePoll(t *testing.T) {
	banner := func(t *testing.T) (string, *atomic.Int32) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		t.Cleanup(func() { _ = ln.Close() })
		var conns atomic.Int32
		go func() {
			for {
				conn, err := ln.Accept()
				if err != nil {
					return
				}
				conns.Add(1)
				_, _ = conn.Write([]byte("SSH-2.0-OpenSSH_9.6\r\n"))
				_ = conn.Close()
			}
		}()
		return "http://" + ln.Addr().String(), &conns
	}
	plain := func(t *testing.T) (string, *atomic.Int32) {
		var conns atomic.Int32
		s := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, 200, nlsDoc("nls-1", api.PhaseProvisioning))
		}))
		s.Config.ConnState = func(_ net.Conn, st http.ConnState) {
			if st == http.StateNew {
				conns.Add(1)
			}
		}
		s.Start()
		t.Cleanup(s.Close)
		return strings.Replace(s.URL, "http://", "https://", 1), &conns
	}
	for name, start := range map[string]func(*testing.T) (string, *atomic.Int32){"not HTTP": banner, "TLS to plain HTTP": plain} {
		t.Run(name, func(t *testing.T) {
			endpoint, conns := start(t)
			c, err := New(WithBaseURL(endpoint), WithAPIKey(testKey, testSecret), WithRetryPolicy(fastRetries()))
			require.NoError(t, err)
			_, err = c.NetworkLinkServices().WaitReady(context.Background(), "env-1", "nls-1",
				PollInterval(time.Millisecond, time.Millisecond), PollFailures(5))
			require.Error(t, err)
			assert.Contains(t, err.Error(), strings.TrimPrefix(strings.TrimPrefix(endpoint, "https://"), "http://"))
			assert.Contains(t, err.Error(), EnvEndpoint)
			assert.LessOrEqual(t, int(conns.Load()), fastRetries().MaxAttempts, "one poll's attempts, no more")
		})
	}
}

// A wait whose endpoint accepted one TCP connection, hung up on it, then
// died: it was never reached, and the wait says so instead of polling on.
func TestWaitOnAnEndpointThatAcceptedOnceThenDied(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	var accepted atomic.Int32
	go func() {
		conn, err := ln.Accept()
		if err == nil {
			accepted.Add(1)
			_ = conn.Close()
		}
		_ = ln.Close()
	}()
	c, err := New(WithBaseURL("http://"+ln.Addr().String()), WithAPIKey(testKey, testSecret), WithRetryPolicy(fastRetries()))
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_, err = c.NetworkLinkServices().WaitReady(ctx, "env-1", "nls-1", PollInterval(time.Millisecond, time.Millisecond))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "never reached")
	assert.Contains(t, err.Error(), EnvEndpoint)
	assert.Equal(t, int32(1), accepted.Load())
}

// A wait cancelled by its caller while its first poll is still dialing
// (an address where the connection hangs, here a dialer that waits for the
// context) returns the context's error, not the advice to check the
// endpoint: nothing says the endpoint is wrong, the caller gave up, even
// when the dial's error is read before the context's.
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
