package wrapper

import (
	"bytes"
	"context"
	"log/slog"
	"net"
	"net/http"
	"strings"
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
