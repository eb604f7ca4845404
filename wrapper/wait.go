package wrapper

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"
)

// Poll is what a waiter saw on one poll, for progress display.
type Poll struct {
	Kind, ID string
	Attempt  int           // 1 for the first poll
	Phase    string        // "" once the resource is gone (WaitDeleted)
	Elapsed  time.Duration // since the wait began
}

// A WaitOption configures WaitReady and WaitDeleted: per call, or for every
// wait of a client through WithWaitDefaults. Per-call options apply after
// the client's.
type WaitOption func(*waitConfig) error

type waitConfig struct {
	min, max time.Duration
	progress func(Poll)
	maxWait  time.Duration
	failures int
}

// DefaultMaxWait bounds a wait whose context has no deadline, for the
// kinds that have no bound of their own.
const DefaultMaxWait = time.Hour

// The bounds of the waits of the kinds that take longest: access points
// have taken over 20 minutes to provision, and Confluent's Terraform
// provider waits up to 2 hours for their create and 5 for their delete
// (terraform-provider-confluent PR #1032); gateways are waited on as long.
// MaxWait, per call or client-wide, replaces them.
const (
	AccessPointWaitReady   = 2 * time.Hour
	AccessPointWaitDeleted = 5 * time.Hour
	GatewayWaitReady       = 2 * time.Hour
	GatewayWaitDeleted     = 5 * time.Hour
)

// DefaultPollFailures is how many polls in a row may fail transiently
// (429, 5xx, a lost, cut or malformed answer) before a waiter gives up.
const DefaultPollFailures = 10

// MaxWait bounds the whole wait (default DefaultMaxWait); the context's
// deadline, when sooner, bounds it too.
func MaxWait(d time.Duration) WaitOption {
	return func(w *waitConfig) error {
		if d <= 0 {
			return &InputError{Field: "MaxWait", Problem: "must be positive"}
		}
		w.maxWait = d
		return nil
	}
}

// PollFailures sets how many polls in a row may fail transiently before
// the waiter returns the last failure (default DefaultPollFailures). Each
// such poll has already been retried by the client's RetryPolicy.
func PollFailures(n int) WaitOption {
	return func(w *waitConfig) error {
		if n < 1 {
			return &InputError{Field: "PollFailures", Problem: "must be at least 1"}
		}
		w.failures = n
		return nil
	}
}

// PollInterval bounds the wait between polls: it starts near min and
// grows by half each poll up to max, with jitter. Defaults:
// DefaultPollInterval and DefaultMaxPollInterval, made for the real API,
// where provisioning takes minutes; against the fake, give the client
// WithWaitDefaults(PollInterval(10*time.Millisecond, 100*time.Millisecond)).
func PollInterval(min, max time.Duration) WaitOption {
	return func(w *waitConfig) error {
		if min <= 0 {
			return &InputError{Field: "PollInterval min", Problem: "must be positive"}
		}
		if max < min {
			return &InputError{Field: "PollInterval max", Problem: fmt.Sprintf("%s is below min %s", max, min)}
		}
		w.min, w.max = min, max
		return nil
	}
}

// OnPoll calls fn after every poll with the phase seen.
func OnPoll(fn func(Poll)) WaitOption {
	return func(w *waitConfig) error {
		w.progress = fn
		return nil
	}
}

// The poll interval's defaults (see PollInterval).
const (
	DefaultPollInterval    = 2 * time.Second
	DefaultMaxPollInterval = 30 * time.Second
)

// defaultWaitConfig is a wait's configuration before any option. Its
// maxWait is 0: the kind's own bound, unless an option (per call or
// client-wide, WithWaitDefaults) sets one.
func defaultWaitConfig() waitConfig {
	return waitConfig{min: DefaultPollInterval, max: DefaultMaxPollInterval, failures: DefaultPollFailures}
}

// newWaitConfig applies opts over w, a copy of the client's defaults.
func newWaitConfig(w waitConfig, opts []WaitOption) (waitConfig, error) {
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(&w); err != nil {
			return w, err
		}
	}
	return w, nil
}

// pollDelay is the jittered wait after poll n: the n-th step of min*1.5^n
// capped at max, then drawn from its upper half.
func (w waitConfig) pollDelay(n int) time.Duration {
	d := w.min
	for i := 1; i < n && d < w.max; i++ {
		d += d / 2
	}
	if d > w.max {
		d = w.max
	}
	half := d / 2
	return half + rand.N(d-half+1)
}

// status is what a waiter reads from a resource.
type status struct{ phase, code, message string }

// waitFor polls get until done says so. get returns the resource's status,
// or an error; goneOK makes ErrNotFound the success (WaitDeleted).
// The wait's bound: MaxWait when an option gave one, else the kind's
// (0: DefaultMaxWait).
func (w waitConfig) bound(kind time.Duration) time.Duration {
	return cmp.Or(w.maxWait, kind, DefaultMaxWait)
}

func waitFor[T any](ctx context.Context, c *Client, kind, id string, bound time.Duration, opts []WaitOption, goneOK bool,
	get func(context.Context) (*T, status, error)) (*T, error) {
	if ctx == nil {
		return nil, errNilContext()
	}
	w, err := newWaitConfig(c.wait, opts)
	if err != nil {
		return nil, err
	}
	w.maxWait = w.bound(bound)
	ctx, cancel := context.WithTimeout(ctx, w.maxWait)
	defer cancel()
	start := time.Now()
	last := ""
	failures := 0
	for n := 1; ; n++ {
		res, st, err := get(ctx)
		gone := goneOK && errors.Is(err, ErrNotFound)
		switch {
		case err == nil || gone:
			failures = 0
		case !c.reached.Load() && (notSent(err) || ctx.Err() == nil && noAnswer(err)):
			return nil, fmt.Errorf("confluent: waiting for %s %s: the server at %s was never reached; check the endpoint "+
				"(WithBaseURL, or %s for NewFromEnv): %w", kind, id, c.base.Redacted(), EnvEndpoint, err)
		case transientPollError(ctx, err) && failures+1 < w.failures:
			failures++
			if c.log != nil {
				c.log.InfoContext(ctx, "confluent wait: poll failed, polling on", "kind", kind, "id", id, "poll", n, "error", err.Error())
			}
			d := w.pollDelay(n)
			if !fits(ctx, d) {
				return nil, fmt.Errorf("confluent: waiting for %s %s: the last poll failed, and the next would come after the deadline: %w", kind, id, err)
			}
			if serr := sleep(ctx, d); serr != nil {
				return nil, fmt.Errorf("confluent: waiting for %s %s (last poll failed: %v): %w", kind, id, err, serr)
			}
			continue
		case ctx.Err() != nil:
			// The wait's bound (its context, or MaxWait) ended a poll.
			return nil, fmt.Errorf("confluent: waiting for %s %s (last phase %q): %w", kind, id, last, err)
		default:
			return nil, err
		}
		if gone {
			st.phase = ""
		}
		c.reportPoll(ctx, w, Poll{Kind: kind, ID: id, Attempt: n, Phase: st.phase, Elapsed: time.Since(start)})
		if gone {
			return nil, nil
		}
		switch step := stepFor(st.phase, goneOK); step {
		case done:
			return res, nil
		case stopFailed, stopStopped, stopUnknown:
			return nil, &PhaseError{Kind: kind, ID: id, Phase: st.phase, ErrorCode: st.code, ErrorMessage: st.message, step: step}
		}
		last = st.phase
		d := w.pollDelay(n)
		if !fits(ctx, d) {
			return nil, fmt.Errorf("confluent: waiting for %s %s: still %s, and the next poll would come after the context's deadline: %w",
				kind, id, last, context.DeadlineExceeded)
		}
		if err := sleep(ctx, d); err != nil {
			return nil, fmt.Errorf("confluent: waiting for %s %s (last phase %s): %w", kind, id, last, err)
		}
	}
}

// transientPollError reports whether a failed poll is worth polling on:
// the resource may still be read once the server recovers.
func transientPollError(ctx context.Context, err error) bool {
	if ctx.Err() != nil {
		return false
	}
	var te *TransportError
	var de *DecodeError
	return errors.Is(err, ErrRateLimited) || errors.Is(err, ErrServer) || errors.As(err, &de) || errors.As(err, &te)
}

func (c *Client) reportPoll(ctx context.Context, w waitConfig, p Poll) {
	if w.progress != nil {
		w.progress(p)
	}
	if c.log != nil {
		phase := p.Phase
		if phase == "" {
			phase = "(gone)"
		}
		c.log.InfoContext(ctx, "confluent wait", "kind", p.Kind, "id", p.ID, "poll", p.Attempt, "phase", phase, "elapsed", p.Elapsed.Round(time.Millisecond))
	}
}

// noAnswer says whether err is a transport failure before any answer
// began: together with a client that never had one from its server (a
// wrong endpoint where something else listens: not HTTP, or plain HTTP
// reached over TLS), it says the server was never reached, though each
// attempt connected.
func noAnswer(err error) bool {
	var te *TransportError
	return errors.As(err, &te) && te.StatusCode == 0
}
