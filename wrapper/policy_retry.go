package wrapper

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"
)

// retryPolicy runs the attempts of a call: it asks the classifier whether
// an attempt's outcome is worth another, the RetryPolicy how long to wait,
// and the client-wide budget whether a retry may be spent.
type retryPolicy struct {
	p      RetryPolicy
	budget *retryBudget
	log    *slog.Logger
}

func (*retryPolicy) name() string { return "retry" }

func (r *retryPolicy) do(x *exchange, next next) (*answer, error) {
	maxAttempts := r.p.MaxAttempts
	if x.req.Body != nil && x.req.Body != http.NoBody && x.req.GetBody == nil {
		maxAttempts = 1 // a body that cannot be read twice is sent once
	}
	var waited time.Duration
	unknownBefore := false
	for n := 1; ; n++ {
		at := exchange{ctx: x.ctx, req: x.req, opts: x.opts, n: n, holdBudget: r.p.MaxTotalWait - waited}
		if n > 1 {
			req, err := fresh(x.ctx, x.req)
			if err != nil {
				return nil, r.fail(x, n, err, unknownBefore)
			}
			at.req = req
		}
		a, err := next(&at)
		waited += at.held
		v := classify(x.ctx, x.req.Method, a, err)
		stop := !v.retry || n >= maxAttempts
		var d time.Duration
		var source string
		if !stop {
			d, source = r.p.delay(n, a)
			stop = waited+d > r.p.MaxTotalWait || !fits(x.ctx, d) || !r.budget.spend(v.cost)
		}
		if stop {
			if err != nil {
				return nil, r.fail(x, n, err, unknownBefore || v.unknown)
			}
			a.unknownBefore, a.attempts = unknownBefore, n
			if n == 1 && a.status < 400 && a.decodeErr == nil {
				r.budget.refund(1)
			}
			return a, nil
		}
		unknownBefore = unknownBefore || v.unknown
		if r.log != nil {
			r.log.DebugContext(x.ctx, "confluent retry", "method", x.req.Method, "path", x.req.URL.Path,
				"attempt", n, "reason", v.reason, "delay", d, "delay_source", source)
		}
		if err := sleep(x.ctx, d); err != nil {
			return nil, r.fail(x, n, fmt.Errorf("stopped while waiting %s to retry after %s: %w", d.Round(time.Millisecond), v.reason, err), unknownBefore)
		}
		waited += d
	}
}

// fail turns the error that ended a call into a *TransportError that says
// how many attempts were made and whether a change may have been applied.
func (r *retryPolicy) fail(x *exchange, attempts int, err error, unknown bool) error {
	var te *TransportError
	if errors.As(err, &te) {
		cp := *te
		cp.Attempts, cp.unknown = attempts, unknown
		return &cp
	}
	return &TransportError{Method: x.req.Method, Path: x.req.URL.Path, Attempts: attempts, Err: err, unknown: unknown}
}

// fresh copies req for another attempt, with its own headers and a body
// read from the start.
func fresh(ctx context.Context, req *http.Request) (*http.Request, error) {
	r := req.Clone(ctx)
	if req.GetBody != nil {
		body, err := req.GetBody()
		if err != nil {
			return nil, err
		}
		r.Body = body
	}
	return r, nil
}
