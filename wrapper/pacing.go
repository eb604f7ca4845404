package wrapper

import (
	"context"
	"fmt"
	"math/bits"
	"net/http"
	"sync"
	"time"
)

// pacer is the client's view of the server's rate-limit window, shared by
// every call. It counts what the window has left, holds attempts while it
// is spent, and lets them go when it resets. Safe for concurrent use.
//
// An answer's X-RateLimit-Remaining was true when the server handled that
// request, about halfway between its send and its answer; the requests
// this client sent after that moment and that are still unanswered will
// each take one more. So the pacer keeps the send times of the attempts in
// flight, and an answer saying R leaves R less those sent after its
// midpoint. (Counting every later send instead would count twice those
// the server handled first, which under concurrency is many.) X-RateLimit-Limit is learned, so that after a
// reset the pacer lets through the limit, not an unbounded burst.
//
// X-RateLimit-Reset is whole seconds, so one answer only bounds the reset
// from above; the pacer keeps the tightest bound of a window, and takes an
// answer showing no fewer left than the one before it as the reset itself
// (refill.go). Once half of a window's count is spent, the rest goes
// evenly up to the reset rather than at once; and once the answers show a
// token bucket rather than the document's fixed window, the pacer counts
// the bucket's tokens and sends at its refill rate (refill.go). No hold lasts
// longer than maxPacerHold: a 429 asking for more is held that long, and a
// reset further out is not taken as a window at all. A call never waits
// past its own budget.
type pacer struct {
	mu        sync.Mutex
	sends     uint64               // attempts let through so far
	inflight  map[uint64]time.Time // send time of each attempt without an answer yet
	limit     int                  // X-RateLimit-Limit; -1 until learned
	remaining int                  // what the window has left; -1 when unknown
	resetAt   time.Time            // when the window resets; zero when unknown
	clearedAt time.Time            // when the last window was taken to have reset
	// counting says remaining is the pacer's own count down from the
	// limit since a reset, not yet confirmed by an answer of the new window.
	counting bool
	lastSend time.Time // the last attempt let through

	// What the answers show of refill (see refill.go): answered counts
	// the answers with figures so far, seen every answer (and every send
	// that got none), sentAfter both as they were when each attempt
	// in flight was sent after, recent the last answers with figures.
	answered  uint64
	seen      uint64
	sentAfter map[uint64]mark
	recent    [refillRecent]figures
	longest   time.Duration // the longest X-RateLimit-Reset seen
	gains     []gain        // the latest answers no fixed window explains
	// refill is the token bucket the answers showed, in tokens a
	// second; 0 while the pacer keeps to the document's fixed window.
	refill   float64
	tokens   float64   // the bucket's tokens as the pacer counts them
	tokensAt time.Time // when tokens was last brought up to date
	sharedAt time.Time // when an answer last showed another client's sends

	// statuses has a bit for each of the last 16 answers, set for a 429;
	// statusCount counts the answers, up to 16.
	statuses    uint16
	statusCount int
}

func newPacer() *pacer {
	return &pacer{limit: -1, remaining: -1, inflight: map[uint64]time.Time{}, sentAfter: map[uint64]mark{}}
}

// pacingMargin is added to a reset before attempts are let through again:
// timer slop. (Resets are counted from an answer's arrival, so no margin
// for the time the answer took is needed.)
const pacingMargin = 2 * time.Millisecond

// maxPacerHold bounds how long one window can hold attempts, whatever an
// answer said: a broken or hostile header cannot stall the client.
const maxPacerHold = time.Minute

// take lets one attempt through, first holding it while the window is
// spent. It returns the attempt's sequence number and how long it held. It
// fails at once, matching ErrRateLimited, when the hold would end after
// ctx's deadline or last longer than budget.
func (p *pacer) take(ctx context.Context, budget time.Duration) (uint64, time.Duration, error) {
	var held time.Duration
	for {
		p.mu.Lock()
		now := time.Now()
		if p.refill > 0 {
			d := p.bucketWait(now)
			if d <= 0 {
				seq := p.let(now)
				p.mu.Unlock()
				return seq, held, nil
			}
			p.mu.Unlock()
			if err := p.hold(ctx, d, held, budget, "the bucket the answers show refills"); err != nil {
				return 0, held, err
			}
			held += d
			continue
		}
		switch {
		case !p.resetAt.IsZero() && !now.Before(p.resetAt.Add(pacingMargin)):
			p.remaining, p.resetAt, p.clearedAt, p.counting = p.limit, time.Time{}, now, p.limit > 0
		case p.remaining == 0 && p.resetAt.IsZero():
			// Counted down to nothing with no reset to wait for (the
			// window's answers carried no figures): nothing is known.
			p.remaining, p.counting = -1, false
		}
		d := p.resetAt.Add(pacingMargin).Sub(now)
		what := "the window resets"
		if p.remaining != 0 {
			d, what = p.spreadWait(now), "the window's last half is spread to its reset"
			if d <= 0 {
				if p.remaining > 0 {
					p.remaining--
				}
				seq := p.let(now)
				p.mu.Unlock()
				return seq, held, nil
			}
		}
		p.mu.Unlock()
		if err := p.hold(ctx, d, held, budget, what); err != nil {
			return 0, held, err
		}
		held += d
	}
}

// let records an attempt let through at now and returns its sequence
// number; p.mu is held.
func (p *pacer) let(now time.Time) uint64 {
	p.sends++
	seq := p.sends
	p.inflight[seq] = now
	p.sentAfter[seq] = mark{p.answered, p.seen}
	p.lastSend = now
	return seq
}

// hold sleeps d for take, unless that would end after ctx's deadline or
// beyond budget (held already spent); what says why it holds.
func (p *pacer) hold(ctx context.Context, d, held, budget time.Duration, what string) error {
	if !fits(ctx, d) {
		return fmt.Errorf("%w: %s in %s, after the context's deadline", ErrRateLimited, what, d.Round(time.Millisecond))
	}
	if held+d > budget {
		return fmt.Errorf("%w: %s in %s, more than the retry policy's MaxTotalWait leaves", ErrRateLimited, what, d.Round(time.Millisecond))
	}
	return sleep(ctx, d)
}

// observe records what the answer to send seq, sent at sent and received
// at received, said of the window.
func (p *pacer) observe(seq uint64, status int, h http.Header, sent, received time.Time) {
	limit, remaining := headerInt(h, hdrLimit), headerInt(h, hdrRemaining)
	reset, hasReset := parseReset(h[hdrReset], sent)
	var retryAfter time.Duration
	if status == http.StatusTooManyRequests {
		retryAfter, _ = parseRetryAfter(h[hdrRetryAfter], sent)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.inflight, seq)
	after, known := p.sentAfter[seq]
	delete(p.sentAfter, seq)
	p.seen++
	if limit > 0 {
		p.limit = limit
	}
	if hasReset && reset <= maxPacerHold && reset > p.longest {
		p.longest = reset
	}
	throttled := status == http.StatusTooManyRequests
	// A 429's wait: Retry-After, else the reset when it says the window
	// is spent, as for the retry's wait. (A 429 saying the window has room
	// is not the window's: holding every call to the reset for one held a
	// client behind a gateway shedding a tenth of its requests to ten
	// requests a second.)
	wait := retryAfter
	if wait <= 0 && hasReset && remaining <= 0 {
		wait = reset
	}
	p.statuses <<= 1
	if throttled {
		p.statuses |= 1
	}
	p.statusCount = min(p.statusCount+1, 16)
	if throttled && wait <= 0 && hasReset && p.refusing() {
		// 429s saying the window has room, but at least half of the last
		// answers: not a gateway's stray, the server refuses whatever its
		// figures say (a misconfigured one answered every request so). Held
		// to the reset as the window's own; without this, eight goroutines
		// sent it a hundred requests a second where main sent seven.
		wait = reset
	}
	gained := false
	if !throttled && remaining >= 0 && hasReset && known {
		gained = p.noteFigures(seq, after, remaining, sent, received)
	}
	if p.refill > 0 {
		p.observeBucket(throttled, remaining, wait, sent, received)
		return
	}
	if sent.Before(p.clearedAt) {
		return // sent in a window that has since reset: stale
	}
	if throttled {
		if wait > 0 {
			p.remaining = 0
			p.setReset(received.Add(wait), true)
		}
		return
	}
	if remaining < 0 || !hasReset || reset > maxPacerHold {
		// No window to go by: a reset further out than any window this
		// client believes in (an epoch time, say) is not one.
		return
	}
	// left counts off the sends made after the server handled this one
	// (about the answer's midpoint); leftAll, for a window the pacer has no
	// count of its own for, every other send in flight, which may count
	// some twice but never sends into a spent window. (Counting only those
	// sent after this one was not enough: of sixteen sent at once, the one
	// the server handled first may be the last sent, and a client starting
	// in a burst met a 429 on its first window, which set its learned rate
	// far below the limit.) leftHigh counts off only the sends made after
	// this answer arrived, which the server surely handled after it: a
	// figure below the pacer's own count even so shows other clients of
	// the key at work, and only then does an answer lower that count (to
	// left). A client alone on its key keeps its own count, and sends the
	// whole window: lowering it on every answer below the midpoint
	// estimate lost a few sends of most windows on a loaded machine, and a
	// whole window's wait for the few left at the end.
	left, leftHigh, leftAll := p.lefts(remaining, sent, received)
	// The reset is counted from the answer's arrival: the server said it
	// no later than that, so the window has reset by then (counted from
	// the send, a slow answer let the next window's first sends through a
	// little early).
	at := received.Add(reset)
	if gained && !p.counting {
		// No fewer left than in the last answer before this one was sent:
		// the window has reset between the two (refill.go), however late
		// the pacer's bound put it. This answer starts the pacer's window
		// (else, sending up to its bound, it counted the requests after
		// the reset against the old window, then the limit again from its
		// bound: 429s, with windows on the clock's whole seconds).
		// A figure that raises the pacer's count is taken less one: a
		// server whose figures lag one request (a cache) otherwise met a
		// 429 in most windows here, where main, which never raises its
		// count within a window, met almost none.
		n := leftAll
		if n > p.remaining {
			n = max(p.remaining, n-1)
		}
		p.remaining, p.clearedAt = n, sent
		p.setReset(at, false)
		return
	}
	if p.resetAt.IsZero() || at.After(p.resetAt.Add(time.Second)) {
		// The first figures of a window, or a window not seen to reset:
		// take its reset, and its count unless the pacer is counting down
		// from the limit after a reset and its own count holds.
		switch {
		case !p.counting:
			p.remaining = leftAll
		case leftHigh < p.remaining:
			p.remaining = min(p.remaining, left)
			p.sharedAt = received
		}
		p.counting = false
		p.setReset(at, false)
		return
	}
	// The same window: only ever lower the count, and keep the tightest
	// bound on the reset.
	switch {
	case p.remaining < 0:
		p.remaining = leftAll
	case leftHigh < p.remaining:
		p.remaining = min(p.remaining, left)
		p.sharedAt = received
	}
	if at.Before(p.resetAt) {
		p.setReset(at, false)
	}
}

// refusing says whether 429s are at least four of the last answers and
// at least half of them; p.mu is held.
func (p *pacer) refusing() bool {
	n := bits.OnesCount16(p.statuses)
	return n >= 4 && 2*n >= p.statusCount
}

// lefts is what an answer saying remaining, to an attempt sent at sent
// and answered at received, leaves once the attempts in flight are
// counted off (see observe); p.mu is held.
func (p *pacer) lefts(remaining int, sent, received time.Time) (left, leftHigh, leftAll int) {
	handled := sent.Add(received.Sub(sent) / 2)
	left, leftHigh, leftAll = remaining, remaining, remaining
	for _, at := range p.inflight {
		if at.After(handled) && left > 0 {
			left--
		}
		if at.After(received) && leftHigh > 0 {
			leftHigh--
		}
		if leftAll > 0 {
			leftAll--
		}
	}
	return left, leftHigh, leftAll
}

// forget drops a send that got no answer.
func (p *pacer) forget(seq uint64) {
	p.mu.Lock()
	delete(p.inflight, seq)
	delete(p.sentAfter, seq)
	p.seen++
	p.mu.Unlock()
}

// setReset records when the window resets, no further than maxPacerHold
// from now; later says the new time may only push the reset out.
func (p *pacer) setReset(at time.Time, later bool) {
	if limit := time.Now().Add(maxPacerHold); at.After(limit) {
		at = limit
	}
	if later && at.Before(p.resetAt) {
		return
	}
	p.resetAt = at
}
