package wrapper

import "fmt"

// pacingPolicy holds an attempt while the client's view of the server's
// rate-limit window says it is spent, and tells the pacer what each answer
// said of the window.
type pacingPolicy struct{ pacer *pacer }

func (*pacingPolicy) name() string { return "pacing" }

func (p *pacingPolicy) do(x *exchange, next next) (*answer, error) {
	seq, held, err := p.pacer.take(x.ctx, x.holdBudget)
	x.held = held
	if err != nil {
		return nil, &notSentError{fmt.Errorf("confluent: %s %s: held for the rate limit: %w", x.req.Method, x.req.URL.Path, err)}
	}
	a, err := next(x)
	if a == nil {
		p.pacer.forget(seq)
		return a, err
	}
	p.pacer.observe(seq, a.status, a.header, a.sent, a.received)
	return a, err
}
