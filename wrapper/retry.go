package wrapper

import (
	"context"
	"errors"
	"math/rand/v2"
	"net"
	"net/http"
	"syscall"
	"time"
)

// RetryPolicy bounds how a request is retried.
//
// What is retried: a 429 always (the server did nothing); 500, 502, 503 and
// 504 and transport failures for GET, PATCH and DELETE; for a create (POST),
// a 429 and a failure before the request left this machine, and also an
// ambiguous failure (timeout, reset, 5xx) when the server de-duplicates the
// create, in which case a 409 on the retry is resolved to the resource the
// lost attempt made (see the package documentation).
//
// How long to wait: Retry-After (seconds or an HTTP date) when sent; else
// X-RateLimit-Reset when X-RateLimit-Remaining is 0; else exponential
// backoff with full jitter between 0 and min(MaxDelay, BaseDelay*2^n). A
// wait that would pass the context's deadline is not started: the last
// error comes back at once.
type RetryPolicy struct {
	// MaxAttempts counts every attempt, the first included; 1 turns retries off.
	MaxAttempts int
	// BaseDelay is the backoff ceiling before the first retry.
	BaseDelay time.Duration
	// MaxDelay caps one backoff wait. A server's Retry-After may ask for
	// more; MaxTotalWait still bounds it.
	MaxDelay time.Duration
	// MaxTotalWait bounds the sum of all waits of one call.
	MaxTotalWait time.Duration
}

// DefaultRetryPolicy is 6 attempts, backoff from 500ms capped at 20s, and
// at most 2 minutes of waiting in all.
func DefaultRetryPolicy() RetryPolicy {
	return RetryPolicy{MaxAttempts: 6, BaseDelay: 500 * time.Millisecond, MaxDelay: 20 * time.Second, MaxTotalWait: 2 * time.Minute}
}

// NoRetries sends each request once.
func NoRetries() RetryPolicy {
	return RetryPolicy{MaxAttempts: 1, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond}
}

func (p RetryPolicy) validate() error {
	switch {
	case p.MaxAttempts < 1 || p.MaxAttempts > 100:
		return errors.New("MaxAttempts must be between 1 and 100")
	case p.BaseDelay <= 0:
		return errors.New("BaseDelay must be positive")
	case p.MaxDelay < p.BaseDelay:
		return errors.New("MaxDelay must be at least BaseDelay")
	case p.MaxTotalWait < 0:
		return errors.New("MaxTotalWait must not be negative")
	}
	return nil
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

// delay is the wait before retry number n after resp (nil after a
// transport error), and which source set it.
func (p RetryPolicy) delay(n int, resp *http.Response, now time.Time) (time.Duration, string) {
	if resp != nil {
		if d, ok := parseRetryAfter(resp.Header.Get("Retry-After"), now); ok {
			return d, "retry-after"
		}
		if headerInt(resp.Header, "X-RateLimit-Remaining") == 0 {
			if d, ok := parseSeconds(resp.Header.Get("X-RateLimit-Reset")); ok {
				return d, "rate-limit-reset"
			}
		}
	}
	return p.backoff(n), "backoff"
}

// retryableStatus reports whether a status code may be retried, and
// whether it leaves the request's effect unknown.
func retryableStatus(code int) (retry, ambiguous bool) {
	switch code {
	case http.StatusTooManyRequests:
		return true, false
	case http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true, true
	}
	return false, false
}

// notSent reports whether a transport error happened before any byte of
// the request could reach the server (dialing, name lookup, refused
// connection), so that even a create is safe to send again.
func notSent(err error) bool {
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return true
	}
	var dns *net.DNSError
	if errors.As(err, &dns) {
		return true
	}
	return errors.Is(err, syscall.ECONNREFUSED)
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
