package wrapper

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"
)

// RetryPolicy bounds how requests are retried. Which failures are retried
// is the classifier's rule (see the package documentation, "Retries"); how
// long to wait and how often is this policy's.
//
// The wait before a retry is Retry-After (seconds or an HTTP date) when
// sent; else X-RateLimit-Reset when X-RateLimit-Remaining is 0; else
// exponential backoff with full jitter between 0 and
// min(MaxDelay, BaseDelay*2^n). A wait that would pass the context's
// deadline or MaxTotalWait is not started: the last answer comes back at
// once.
type RetryPolicy struct {
	// MaxAttempts counts every attempt, the first included; 1 turns retries off.
	MaxAttempts int
	// BaseDelay is the backoff ceiling before the first retry.
	BaseDelay time.Duration
	// MaxDelay caps one backoff wait. A server's Retry-After may ask for
	// more; MaxTotalWait still bounds it.
	MaxDelay time.Duration
	// MaxTotalWait bounds the sum of all waits of one call, holds for the
	// rate limit included. 0 means the default, 2 minutes.
	MaxTotalWait time.Duration
	// SettleDelay is how long after an attempt of a create whose outcome
	// is unknown (a 5xx, a lost or cut answer) what it may have stored is
	// given to show in a listing, on top of as long as the attempt itself
	// waited (a gateway that gave up after 30 s may leave a backend working
	// as long again). The create is not sent again, nor a resource returned
	// while another attempt may still store one, before that time has
	// passed and a read has settled it. 0 means the default, 2 seconds.
	SettleDelay time.Duration
	// MaxSettle bounds that whole wait after one attempt. A create whose
	// context leaves less time than it needs reports its outcome unknown,
	// and so does one whose window MaxSettle cut (the attempt waited, or
	// stores were seen to take, longer than MaxSettle allows).
	// 0 means the default, DefaultMaxSettle (or SettleDelay when longer);
	// less than SettleDelay is refused.
	MaxSettle time.Duration
	// UnseenIsUnknown makes a create never take its settle windows for
	// proof. By default, an attempt whose outcome was unknown and whose
	// store no read showed within its window is taken to have stored
	// nothing: the create may then return, with a nil error, the resource
	// a later attempt's answer named (or the one a read showed for a later
	// attempt), or fail as a known "nothing stored" failure after its last
	// attempt; if that first attempt did store, its resource shows after
	// the window as a copy no call reported. No client can do better by
	// default: the upstream document states no idempotency key and no
	// bound on how late a list shows a store, so a window is the only
	// bound there is, and the caller sets it.
	//
	// With UnseenIsUnknown, a create that had an attempt in doubt returns
	// success, or a known failure, only when reads showed a resource for
	// every such attempt; otherwise *OutcomeUnknownError, whose Candidates
	// hold what was found (AnsweredID the one an answer named) and whose
	// Unseen counts the attempts whose stores never showed.
	//
	// What it costs: nothing read tells an attempt that stored nothing (a
	// 503 from a gateway that never reached the backend) from one whose
	// store has not shown yet, so every create with such an attempt ends
	// unknown, although it made one resource, or none; a create sent more
	// than once never returns success. The caller then decides: take
	// AnsweredID knowing that Unseen more copies may show, or look again
	// later. Measured (README, Evidence; make evidence prints both): under
	// the fault suite's 5xx, reset and timeout faults, about five times
	// as many creates end unknown as without it (125 against 26 of 1,332
	// creates in one run).
	UnseenIsUnknown bool
	// Budget is the size of the client-wide retry budget: every retry
	// spends 5 from it (10 after a transport failure), and every answer
	// that needed no retry puts one back. When
	// it is spent, failures come back without retrying, so that an outage
	// does not multiply the load on the server. 0 means DefaultRetryBudget;
	// -1 turns the budget off.
	Budget int
}

// DefaultRetryBudget is RetryPolicy.Budget's default: a client starts with
// that many tokens.
const DefaultRetryBudget = 500

// What a retry spends from the budget: retryCost, or timeoutRetryCost
// after a transport failure.
const (
	retryCost        = 5
	timeoutRetryCost = 10
)

// DefaultSettleDelay and DefaultMaxSettle are the defaults of
// RetryPolicy.SettleDelay and RetryPolicy.MaxSettle.
const (
	DefaultSettleDelay = 2 * time.Second
	DefaultMaxSettle   = time.Minute
)

// DefaultRetryPolicy is 6 attempts, backoff from 500ms capped at 20s, at
// most 2 minutes of waiting in all, and the default retry budget.
func DefaultRetryPolicy() RetryPolicy {
	return RetryPolicy{MaxAttempts: 6, BaseDelay: 500 * time.Millisecond, MaxDelay: 20 * time.Second, MaxTotalWait: 2 * time.Minute,
		SettleDelay: DefaultSettleDelay, MaxSettle: DefaultMaxSettle}
}

// NoRetries sends each request once (it may still be held while the
// rate-limit window is spent, up to the default MaxTotalWait).
func NoRetries() RetryPolicy {
	return RetryPolicy{MaxAttempts: 1, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond}
}

func (p RetryPolicy) validate() error {
	// MaxAttempts, BaseDelay and MaxDelay have no default for 0, so a
	// policy written as a literal of only the fields one cares about is
	// refused on them: say how to write it.
	const start = "; start from DefaultRetryPolicy() and change the fields you need"
	switch {
	case p.MaxAttempts < 1 || p.MaxAttempts > 100:
		return fmt.Errorf("MaxAttempts must be between 1 and 100 (1 turns retries off), not %d%s", p.MaxAttempts, start)
	case p.BaseDelay <= 0:
		return fmt.Errorf("BaseDelay must be positive, not %s%s", p.BaseDelay, start)
	case p.MaxDelay < p.BaseDelay:
		return fmt.Errorf("MaxDelay must be at least BaseDelay (%s), not %s%s", p.BaseDelay, p.MaxDelay, start)
	case p.MaxTotalWait < 0:
		return errors.New("MaxTotalWait must not be negative; use 0 for the default")
	case p.SettleDelay < 0:
		return errors.New("SettleDelay must not be negative; use 0 for the default")
	case p.MaxSettle < 0:
		return errors.New("MaxSettle must not be negative; use 0 for the default")
	case p.Budget < -1:
		return errors.New("the Budget must be a positive size, 0 for the default or -1 for none")
	}
	if settle := cmp.Or(p.SettleDelay, DefaultSettleDelay); p.MaxSettle != 0 && p.MaxSettle < settle {
		what := "SettleDelay"
		if p.SettleDelay == 0 {
			what = "SettleDelay's default"
		}
		return fmt.Errorf("MaxSettle (%s) is less than %s (%s), so no settle window could last as long as SettleDelay says; give MaxSettle at least SettleDelay, or 0 for the default", p.MaxSettle, what, settle)
	}
	return nil
}

// withDefaults fills in the fields whose zero value means the default.
func (p RetryPolicy) withDefaults() RetryPolicy {
	if p.MaxTotalWait == 0 {
		p.MaxTotalWait = DefaultRetryPolicy().MaxTotalWait
	}
	if p.SettleDelay == 0 {
		p.SettleDelay = DefaultSettleDelay
	}
	if p.MaxSettle == 0 {
		p.MaxSettle = max(DefaultMaxSettle, p.SettleDelay)
	}
	return p
}

// backoff is the full-jitter wait before retry number n (1 for the first).
func (p RetryPolicy) backoff(n int) time.Duration {
	ceiling := p.BaseDelay
	for i := 1; i < n && ceiling < p.MaxDelay; i++ {
		ceiling *= 2
	}
	if ceiling > p.MaxDelay {
		ceiling = p.MaxDelay
	}
	return rand.N(ceiling + 1)
}

// delay is the wait before retry number n after a (nil after a transport
// error), and which source set it.
func (p RetryPolicy) delay(n int, a *answer) (time.Duration, string) {
	if a != nil {
		if d, ok := parseRetryAfter(a.header[hdrRetryAfter], a.received); ok {
			return d, "retry-after"
		}
		if headerInt(a.header, hdrRemaining) == 0 {
			if d, ok := parseReset(a.header[hdrReset], a.received); ok {
				return d, "rate-limit-reset"
			}
		}
	}
	return p.backoff(n), "backoff"
}

// sleep waits d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// fits reports whether a wait of d ends before ctx's deadline.
func fits(ctx context.Context, d time.Duration) bool {
	deadline, ok := ctx.Deadline()
	return !ok || time.Until(deadline) > d
}
