package wrapper

import (
	"context"
	"net/http"
	"sync/atomic"
	"time"
)

// exchange is one attempt travelling down the pipeline. The retry policy
// makes a new one for every attempt; the policies below it may change its
// request's headers, nothing else.
type exchange struct {
	ctx  context.Context
	req  *http.Request
	opts *callOptions // immutable, shared by every attempt of a call
	n    int          // attempt number, 1 for the first
	// holdBudget is how long the pacing policy may hold this attempt: what
	// is left of the call's RetryPolicy.MaxTotalWait. held is how long it
	// did, for the retry policy to charge, whatever the attempt's outcome.
	holdBudget time.Duration
	held       time.Duration
}

// answer is what came back for one attempt: the status, the headers and the
// whole body, read inside the attempt so that a cut body can be retried.
type answer struct {
	status    int
	header    http.Header
	body      []byte
	method    string
	path      string
	auth      string // the Authorization value sent, to blank echoes out of errors
	sent      time.Time
	received  time.Time
	value     any   // the decoded body, when the call asked for one (callOptions.decode)
	decodeErr error // why the body did not decode
	// unknownBefore is set when an earlier attempt of the same call may
	// have been applied by the server (its answer was lost or a 5xx).
	unknownBefore bool
	attempts      int
}

func (a *answer) requestID() string { return a.header.Get("X-Request-Id") }

// callOptions are the settings of one call. They are made once per handle
// and operation, never changed, and reach every attempt.
type callOptions struct {
	// decode turns a success body into the call's result and checks that it
	// holds what the spec requires; a failure is retried like a cut body.
	decode func(body []byte) (any, error)
}

var defaultCallOptions = &callOptions{}

// next runs the rest of the pipeline for one attempt.
type next func(x *exchange) (*answer, error)

// policy is one step of the pipeline: it may act before and after calling
// next.
type policy interface {
	name() string
	do(x *exchange, next next) (*answer, error)
}

// pipeline runs policies in a fixed order; the last one sends. The chain of
// calls is built once, so a request costs no allocation for it.
type pipeline struct {
	policies []policy
	chain    []next
}

func newPipeline(policies ...policy) *pipeline {
	p := &pipeline{policies: policies, chain: make([]next, len(policies)+1)}
	p.chain[len(policies)] = func(*exchange) (*answer, error) {
		panic("wrapper: the pipeline's last policy must send")
	}
	for i := len(policies) - 1; i >= 0; i-- {
		pol, rest := policies[i], p.chain[i+1]
		p.chain[i] = func(x *exchange) (*answer, error) { return pol.do(x, rest) }
	}
	return p
}

// order names the policies as they run, outermost first.
func (p *pipeline) order() []string {
	names := make([]string, len(p.policies))
	for i, pol := range p.policies {
		names[i] = pol.name()
	}
	return names
}

// run sends req through every policy.
func (p *pipeline) run(ctx context.Context, req *http.Request, opts *callOptions) (*answer, error) {
	return p.chain[0](&exchange{ctx: ctx, req: req, opts: opts})
}

// buildPipeline puts the client's policies in their order: retry around
// everything an attempt does; then, per attempt, decoding of the body (so a
// malformed answer is retried), pacing (every attempt takes its share of
// the rate-limit window), the fixed headers, fresh credentials, logging,
// and the send that reads the whole capped body.
func buildPipeline(cfg *config, base *originOf, pc *pacer, budget *retryBudget, reached *atomic.Bool) *pipeline {
	policies := []policy{
		&retryPolicy{p: cfg.retry, budget: budget, log: cfg.logger},
		decodePolicy{},
	}
	if pc != nil {
		pp := &pacingPolicy{pacer: pc}
		if cfg.adaptive {
			pp.rate = newAdaptive()
		}
		policies = append(policies, pp)
	}
	policies = append(policies,
		headersPolicy{userAgent: cfg.userAgent},
		authPolicy{edit: cfg.auth, base: base},
	)
	if cfg.logger != nil {
		policies = append(policies, logPolicy{log: cfg.logger})
	}
	policies = append(policies, &sendPolicy{doer: cfg.doer, maxBody: cfg.maxBody, base: base, reached: reached})
	return newPipeline(policies...)
}
