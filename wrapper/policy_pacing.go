package wrapper

import (
	"fmt"
	"time"
)

// pacingPolicy holds an attempt while the client's learned send rate
// (adaptive, with WithAdaptiveRate) or its view of the server's
// rate-limit window (pacer) says so, and tells both what each answer said.
type pacingPolicy struct {
	pacer *pacer
	rate  *adaptive // nil without WithAdaptiveRate
}

func (*pacingPolicy) name() string { return "pacing" }

func (p *pacingPolicy) do(x *exchange, next next) (*answer, error) {
	held, err := p.rate.take(x.ctx, x.holdBudget)
	if err == nil {
		var more time.Duration
		var seq uint64
		seq, more, err = p.pacer.take(x.ctx, x.holdBudget-held)
		held += more
		x.held = held
		if err == nil {
			a, err := next(x)
			if a == nil {
				p.pacer.forget(seq)
				return a, err
			}
			p.rate.observe(a.status, a.sent, headerInt(a.header, hdrRemaining))
			p.pacer.observe(seq, a.status, a.header, a.sent, a.received)
			return a, err
		}
	}
	x.held = held
	return nil, &notSentError{fmt.Errorf("confluent: %s %s: held for the rate limit: %w", x.req.Method, x.req.URL.Path, err)}
}
