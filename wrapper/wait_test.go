package wrapper

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ccloud-go/networking/api"
)

var fastPolls = PollInterval(time.Millisecond, 5*time.Millisecond)

// phaseServer answers GETs with the phases in order (the last repeats); a
// phase of "" answers 404.
func phaseServer(t *testing.T, phases ...string) *server {
	var n atomic.Int64
	return newServer(t, func(w http.ResponseWriter, r *http.Request) {
		i := int(n.Add(1)) - 1
		if i >= len(phases) {
			i = len(phases) - 1
		}
		if phases[i] == "" {
			writeFailure(w, 404, "not found")
			return
		}
		doc := plaDoc("pla-1", phases[i], awsCloudDoc("123456789012"))
		if phases[i] == api.PhaseFailed {
			doc["status"] = map[string]any{"phase": "FAILED", "error_code": "capacity", "error_message": "no capacity in zone"}
		}
		writeJSON(w, 200, doc)
	})
}

func TestWaitReady(t *testing.T) {
	s := phaseServer(t, "PROVISIONING", "PROVISIONING", "PENDING_ACCEPT", "READY")
	var seenPhases []string
	var logs bytes.Buffer
	c := newTestClient(t, s, WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
	got, err := c.PrivateLinkAccesses().WaitReady(context.Background(), "env-1", "pla-1", fastPolls,
		OnPoll(func(p Poll) {
			assert.Equal(t, "pla-1", p.ID)
			assert.Equal(t, len(seenPhases)+1, p.Attempt)
			seenPhases = append(seenPhases, p.Phase)
		}))
	require.NoError(t, err)
	assert.Equal(t, "READY", got.Status.Phase)
	assert.Equal(t, []string{"PROVISIONING", "PROVISIONING", "PENDING_ACCEPT", "READY"}, seenPhases)
	assert.Contains(t, logs.String(), "phase=PENDING_ACCEPT")
	assert.Contains(t, logs.String(), "confluent wait")
}

func TestWaitReadyFailed(t *testing.T) {
	s := phaseServer(t, "PROVISIONING", "FAILED")
	c := newTestClient(t, s)
	_, err := c.PrivateLinkAccesses().WaitReady(context.Background(), "env-1", "pla-1", fastPolls)
	require.ErrorIs(t, err, ErrFailed)
	var pe *PhaseError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "capacity", pe.ErrorCode)
	assert.Equal(t, "no capacity in zone", pe.ErrorMessage)
	assert.EqualValues(t, 2, s.hits.Load())
}

func TestWaitDeleted(t *testing.T) {
	s := phaseServer(t, "DEPROVISIONING", "DEPROVISIONING", "")
	var phases []string
	c := newTestClient(t, s)
	err := c.PrivateLinkAccesses().WaitDeleted(context.Background(), "env-1", "pla-1", fastPolls,
		OnPoll(func(p Poll) { phases = append(phases, p.Phase) }))
	require.NoError(t, err)
	assert.Equal(t, []string{"DEPROVISIONING", "DEPROVISIONING", ""}, phases)
}

func TestWaitDeletedFailed(t *testing.T) {
	s := phaseServer(t, "DEPROVISIONING", "FAILED")
	err := newTestClient(t, s).PrivateLinkAccesses().WaitDeleted(context.Background(), "env-1", "pla-1", fastPolls)
	assert.ErrorIs(t, err, ErrFailed)
}

func TestWaitReadyPassesOnOtherErrors(t *testing.T) {
	s := phaseServer(t, "PROVISIONING", "")
	_, err := newTestClient(t, s).NetworkLinkServices().WaitReady(context.Background(), "env-1", "nls-1", fastPolls)
	assert.ErrorIs(t, err, ErrNotFound)
}

func TestWaitStopsAtDeadlineAndCancel(t *testing.T) {
	s := phaseServer(t, "PROVISIONING")
	c := newTestClient(t, s)

	// The next poll would land after the deadline: return at once, before
	// the context ends.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	_, err := c.PrivateLinkAccesses().WaitReady(ctx, "env-1", "pla-1", PollInterval(time.Hour, time.Hour))
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Contains(t, err.Error(), "still PROVISIONING, and the next poll would come after the context's deadline")
	assert.NoError(t, ctx.Err(), "returned before the deadline, without waiting for it")
	assert.EqualValues(t, 1, s.hits.Load(), "one poll")

	// Cancelled while sleeping between polls: the wait ends with the
	// context, without the poll that would follow the sleep.
	ctx2, cancel2 := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel2)
	_, err = c.PrivateLinkAccesses().WaitReady(ctx2, "env-1", "pla-1", PollInterval(time.Minute, time.Minute))
	assert.True(t, errors.Is(err, context.Canceled), err)
	assert.EqualValues(t, 2, s.hits.Load(), "one more poll, none after the cancel")
}

func TestPollDelayIsBoundedAndGrows(t *testing.T) {
	w := waitConfig{min: 100 * time.Millisecond, max: 1 * time.Second}
	for n := 1; n <= 20; n++ {
		for range 200 {
			d := w.pollDelay(n)
			assert.GreaterOrEqual(t, d, w.min/2)
			assert.LessOrEqual(t, d, w.max)
		}
	}
	// The ceiling grows: late polls wait longer than early ones at their most.
	maxOf := func(n int) time.Duration {
		var m time.Duration
		for range 500 {
			m = max(m, w.pollDelay(n))
		}
		return m
	}
	assert.Less(t, maxOf(1), maxOf(6))
	cfg, err := newWaitConfig(defaultWaitConfig(), nil)
	require.NoError(t, err)
	assert.Equal(t, 2*time.Second, cfg.min)
	assert.Equal(t, 30*time.Second, cfg.max)
}

// A waiter polls on through failures that outlived the client's
// retries (5xx, cut or malformed bodies, 429), and gives up only after
// PollFailures of them in a row.
func TestWaitPollsThroughTransientFailures(t *testing.T) {
	var n atomic.Int64
	// Each poll is retried by the client (fastRetries: 4 attempts), so a
	// failing poll costs 4 requests: the first 12 requests are 3 failed polls.
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		i := n.Add(1)
		switch {
		case i <= 4:
			writeFailure(w, 503, "down")
		case i <= 8:
			writeRaw(w, 200, `{"id":"pla-1","spe`)
		case i <= 12:
			writeRaw(w, 200, `{}`)
		default:
			writeJSON(w, 200, plaDoc("pla-1", api.PhaseReady, awsCloudDoc("123456789012")))
		}
	})
	c := newTestClient(t, s, WithoutPacing())
	var polls int
	got, err := c.PrivateLinkAccesses().WaitReady(context.Background(), "env-1", "pla-1", fastPolls,
		OnPoll(func(Poll) { polls++ }))
	require.NoError(t, err)
	assert.Equal(t, api.PhaseReady, got.Status.Phase)
	assert.EqualValues(t, 13, s.hits.Load())
	assert.Equal(t, 1, polls, "progress reports polls that read a phase")

	n.Store(0)
	_, err = c.PrivateLinkAccesses().WaitReady(context.Background(), "env-1", "pla-1", fastPolls, PollFailures(2))
	var de *DecodeError
	assert.ErrorAs(t, err, &de, "two failed polls in a row end the wait: the second, a malformed body")
	assert.EqualValues(t, 8, n.Load())

	// A failure that is not transient ends the wait at once.
	s2 := newServer(t, func(w http.ResponseWriter, r *http.Request) { writeFailure(w, 403, "no") })
	_, err = newTestClient(t, s2).PrivateLinkAccesses().WaitReady(context.Background(), "env-1", "pla-1", fastPolls)
	assert.ErrorIs(t, err, ErrForbidden)
	assert.EqualValues(t, 1, s2.hits.Load())
}

// A wait without a deadline has one: MaxWait, DefaultMaxWait unless set.
func TestWaitHasADefaultBound(t *testing.T) {
	cfg, err := newWaitConfig(defaultWaitConfig(), nil)
	require.NoError(t, err)
	assert.Equal(t, DefaultMaxWait, cfg.bound(0))
	// The kinds that take hours have bounds of their own, which MaxWait replaces.
	c := newTestClient(t, phaseServer(t, "READY"))
	assert.Equal(t, []time.Duration{AccessPointWaitReady, AccessPointWaitDeleted}, []time.Duration{c.AccessPoints().r.readyWait, c.AccessPoints().r.deleteWait})
	assert.Equal(t, []time.Duration{GatewayWaitReady, GatewayWaitDeleted}, []time.Duration{c.Gateways().r.readyWait, c.Gateways().r.deleteWait})
	assert.Equal(t, GatewayWaitDeleted, cfg.bound(c.Gateways().r.deleteWait))
	assert.Equal(t, DefaultMaxWait, cfg.bound(c.PrivateLinkAccesses().r.readyWait))
	set, err := newWaitConfig(defaultWaitConfig(), []WaitOption{MaxWait(time.Minute)})
	require.NoError(t, err)
	assert.Equal(t, time.Minute, set.bound(AccessPointWaitReady))
	// Client-wide, MaxWait replaces the kinds' bounds too.
	wide, err := New(WithBaseURL("http://127.0.0.1:1"), WithAPIKey("k", "s"), WithWaitDefaults(MaxWait(3*time.Hour)))
	require.NoError(t, err)
	assert.Equal(t, 3*time.Hour, wide.wait.bound(AccessPointWaitDeleted))
	assert.Equal(t, AccessPointWaitDeleted, c.wait.bound(AccessPointWaitDeleted), "without it, the kind's own")
	assert.Equal(t, DefaultPollFailures, cfg.failures)
	s := phaseServer(t, "PROVISIONING")
	_, err = newTestClient(t, s).PrivateLinkAccesses().WaitReady(context.Background(), "env-1", "pla-1",
		PollInterval(10*time.Millisecond, 10*time.Millisecond), MaxWait(100*time.Millisecond))
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	// The bound ends the wait between polls or during one (on a loaded
	// machine); either way the error says what was awaited.
	assert.Contains(t, err.Error(), "waiting for private link access pla-1")
	assert.Contains(t, err.Error(), "PROVISIONING")
	assert.LessOrEqual(t, s.hits.Load(), int64(21), "polling stopped at the bound: polls are at least 5ms apart")
	for _, o := range []WaitOption{MaxWait(0), PollFailures(0)} {
		_, err := newWaitConfig(defaultWaitConfig(), []WaitOption{o})
		assert.ErrorIs(t, err, ErrInvalidInput)
	}
}

// A phase that will not lead to READY ends WaitReady, and one this client
// does not know is reported rather than waited on; WaitDeleted waits
// through the phases of a resource going away.
func TestWaitersOnEveryKindOfPhase(t *testing.T) {
	for phase, want := range map[string]error{
		api.PhaseDisconnected: ErrStopped, api.PhaseExpired: ErrStopped, api.PhaseInactive: ErrStopped,
		api.PhaseDeprovisioning: ErrStopped, api.PhaseInError: ErrFailed, "SOMETHING_NEW": ErrUnknownPhase,
	} {
		s := phaseServer(t, api.PhaseProvisioning, phase, api.PhaseReady)
		_, err := newTestClient(t, s).PrivateLinkAccesses().WaitReady(context.Background(), "env-1", "pla-1", fastPolls)
		assert.ErrorIs(t, err, want, phase)
		var pe *PhaseError
		require.ErrorAs(t, err, &pe, phase)
		assert.Equal(t, phase, pe.Phase)
		assert.EqualValues(t, 2, s.hits.Load(), "%s: no poll after it", phase)
	}
	s := phaseServer(t, api.PhaseDisconnecting, api.PhaseDisconnected, api.PhaseDeprovisioning, "")
	require.NoError(t, newTestClient(t, s).PrivateLinkAccesses().WaitDeleted(context.Background(), "env-1", "pla-1", fastPolls))
	assert.EqualValues(t, 4, s.hits.Load())
	s = phaseServer(t, api.PhaseDeprovisioning, "SOMETHING_NEW")
	err := newTestClient(t, s).PrivateLinkAccesses().WaitDeleted(context.Background(), "env-1", "pla-1", fastPolls)
	assert.ErrorIs(t, err, ErrUnknownPhase)
	assert.Contains(t, err.Error(), "does not know")
}

// WithWaitDefaults sets every wait of a client; a wait's own options apply
// after them, and a bad default is refused by New, naming the option.
func TestClientWideWaitDefaults(t *testing.T) {
	s := phaseServer(t, api.PhaseProvisioning, api.PhaseProvisioning, api.PhaseReady)
	var clientPolls, callPolls int
	c := newTestClient(t, s, WithWaitDefaults(PollInterval(time.Millisecond, 2*time.Millisecond), MaxWait(time.Minute),
		OnPoll(func(Poll) { clientPolls++ })))
	assert.Equal(t, time.Millisecond, c.wait.min)
	assert.Equal(t, 2*time.Millisecond, c.wait.max)
	assert.Equal(t, time.Minute, c.wait.maxWait)
	_, err := c.PrivateLinkAccesses().WaitReady(context.Background(), "env-1", "pla-1")
	require.NoError(t, err)
	assert.Equal(t, 3, clientPolls, "the client's OnPoll saw every poll")

	_, err = c.PrivateLinkAccesses().WaitReady(context.Background(), "env-1", "pla-1", OnPoll(func(Poll) { callPolls++ }))
	require.NoError(t, err)
	assert.Equal(t, 1, callPolls, "the call's OnPoll replaces the client's")
	assert.Equal(t, 3, clientPolls)

	for _, bad := range []WaitOption{PollInterval(0, time.Second), PollInterval(time.Second, time.Millisecond), MaxWait(-1), PollFailures(0)} {
		_, err := New(WithBaseURL(s.URL), WithAPIKey("k", "s"), WithWaitDefaults(bad))
		assert.ErrorIs(t, err, ErrInvalidInput)
		assert.ErrorContains(t, err, "WithWaitDefaults: ")
	}
}
