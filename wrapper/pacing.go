package wrapper

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"time"
)

// pacer remembers the server's rate-limit window across calls. While the
// window is known to be spent it holds new requests until it resets,
// rather than sending them into 429s. Safe for concurrent use.
//
// X-RateLimit-Reset comes in whole seconds, so one answer only bounds the
// reset from above: the server rounds up. Every answer of a window gives
// another bound (its send time plus its Reset), and the smallest of them is
// the closest to the truth, so the pacer keeps the minimum.
type pacer struct {
	mu        sync.Mutex
	remaining int       // requests left in the window; -1 when unknown
	resetAt   time.Time // when the window resets; zero when unknown
	clearedAt time.Time // when the last window was taken to have reset
}

func newPacer() *pacer { return &pacer{remaining: -1} }

// pacingMargin is added to a reset before requests are let through again,
// so that the first of them does not reach the server a hair early.
const pacingMargin = 20 * time.Millisecond

// wait takes one request from the window's budget, first waiting for the
// window to reset if it is spent. It fails at once, with an error that
// matches ErrRateLimited, when the reset comes after ctx's deadline or
// would take more than budget.
func (p *pacer) wait(ctx context.Context, budget time.Duration) (time.Duration, error) {
	var waited time.Duration
	for {
		p.mu.Lock()
		now := time.Now()
		if !p.resetAt.IsZero() && !now.Before(p.resetAt.Add(pacingMargin)) {
			p.remaining, p.resetAt, p.clearedAt = -1, time.Time{}, now
		}
		if p.remaining != 0 {
			if p.remaining > 0 {
				p.remaining--
			}
			p.mu.Unlock()
			return waited, nil
		}
		d := p.resetAt.Add(pacingMargin).Sub(now)
		p.mu.Unlock()
		if !fits(ctx, d) {
			return waited, fmt.Errorf("%w: the window resets in %s, after the context's deadline", ErrRateLimited, d.Round(time.Millisecond))
		}
		if waited+d > budget {
			return waited, fmt.Errorf("%w: the window resets in %s, more than the retry policy's MaxTotalWait allows", ErrRateLimited, d.Round(time.Millisecond))
		}
		if err := sleep(ctx, d); err != nil {
			return waited, err
		}
		waited += d
	}
}

// observe records what an answer to a request sent at sent said of the
// window.
func (p *pacer) observe(resp *http.Response, sent time.Time) {
	rl := parseRateLimit(resp.Header, sent)
	p.mu.Lock()
	defer p.mu.Unlock()
	if sent.Before(p.clearedAt) {
		// Sent in a window that has since reset: its figures are stale.
		return
	}
	if resp.StatusCode == http.StatusTooManyRequests {
		wait := rl.RetryAfter
		if wait <= 0 && rl.Reset > 0 {
			wait = rl.Reset
		}
		if wait > 0 {
			p.remaining = 0
			if at := sent.Add(wait); at.After(p.resetAt) {
				p.resetAt = at
			}
		}
		return
	}
	if rl.Remaining < 0 || rl.Reset < 0 {
		return
	}
	at := sent.Add(rl.Reset)
	if p.resetAt.IsZero() || at.After(p.resetAt.Add(time.Second)) {
		// The first figures of a window, or a window we had not seen reset.
		p.remaining, p.resetAt = rl.Remaining, at
		return
	}
	// The same window: answers to earlier requests may arrive late, so only
	// ever lower the budget, and keep the tightest bound on the reset.
	if p.remaining < 0 || rl.Remaining < p.remaining {
		p.remaining = rl.Remaining
	}
	if at.Before(p.resetAt) {
		p.resetAt = at
	}
}
