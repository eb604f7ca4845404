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
type pacer struct {
	mu        sync.Mutex
	remaining int       // requests left in the window; -1 when unknown
	resetAt   time.Time // when the window resets; zero when unknown
}

func newPacer() *pacer { return &pacer{remaining: -1} }

// windowSlack absorbs the rounding of X-RateLimit-Reset to whole seconds
// when telling a new window from the current one.
const windowSlack = 500 * time.Millisecond

// wait takes one request from the window's budget, first waiting for the
// window to reset if it is spent. It fails at once, with an error that
// matches ErrRateLimited, when the reset comes after ctx's deadline.
func (p *pacer) wait(ctx context.Context) (time.Duration, error) {
	var waited time.Duration
	for {
		p.mu.Lock()
		now := time.Now()
		if !p.resetAt.IsZero() && !now.Before(p.resetAt) {
			p.remaining, p.resetAt = -1, time.Time{}
		}
		if p.remaining != 0 {
			if p.remaining > 0 {
				p.remaining--
			}
			p.mu.Unlock()
			return waited, nil
		}
		d := p.resetAt.Sub(now)
		p.mu.Unlock()
		if !fits(ctx, d) {
			return waited, fmt.Errorf("%w: the window resets in %s, after the context's deadline", ErrRateLimited, d.Round(time.Millisecond))
		}
		if err := sleep(ctx, d); err != nil {
			return waited, err
		}
		waited += d
	}
}

// observe records what an answer said of the window.
func (p *pacer) observe(resp *http.Response, now time.Time) {
	rl := parseRateLimit(resp.Header, now)
	p.mu.Lock()
	defer p.mu.Unlock()
	if resp.StatusCode == http.StatusTooManyRequests {
		wait := rl.RetryAfter
		if wait <= 0 && rl.Reset > 0 {
			wait = rl.Reset
		}
		if wait > 0 {
			p.remaining = 0
			if at := now.Add(wait); at.After(p.resetAt) {
				p.resetAt = at
			}
		}
		return
	}
	if rl.Remaining < 0 || rl.Reset < 0 {
		return
	}
	at := now.Add(rl.Reset)
	if p.resetAt.IsZero() || at.After(p.resetAt.Add(windowSlack)) {
		// A new window: take the server's count as it is.
		p.remaining, p.resetAt = rl.Remaining, at
		return
	}
	// The same window: answers to requests sent earlier may arrive late,
	// so only ever lower the budget.
	if p.remaining < 0 || rl.Remaining < p.remaining {
		p.remaining = rl.Remaining
	}
}
