package wrapper

import (
	"math"
	"time"
)

// Windows and buckets.
//
// The upstream document describes X-RateLimit-Reset as the time in seconds
// until the current rate-limit window resets: a fixed window, in which
// X-RateLimit-Remaining only falls until the reset and then starts again
// from the limit. That is the pacer's model until the answers show
// otherwise. An independent server (or a proxy in front of one) may keep
// a token bucket instead, refilled continuously; there the reset is when
// the bucket would be full, and a client that spends the window and waits
// for its reset sends in bursts, idle while the bucket refills.
//
// Two things let the pacer see a bucket. While less than half of a
// window's count is left, it spreads the rest evenly up to the reset
// (spreadWait), which costs a fixed window nothing: the same count goes
// before the same reset. And it compares each answer with the last one
// that arrived before its request was sent: the server handled the two
// in that order, and with no reset between them the later must show at
// least one less left. Showing as many or more is a gain: a reset, or
// refill, between the two. A fixed window resets once a window, and a
// window is at least as long as the longest reset its answers give, less
// the second they are rounded up to; three gains, each between answers
// later than the last one's, within that longest reset (one second at
// least) are more resets than any such window has, so the pacer takes
// the server to refill at the limit over that reset (a lower bound of a
// bucket's rate: its reset when empty is the time to refill it, rounded
// up) and from then on lets attempts through as its count of the
// bucket's tokens allows, without bursts. (A window shorter than half a
// second, given in whole seconds, would pass for a bucket; the document's
// windows are given in seconds.)
//
// A single gain already proves a reset (or refill) since the earlier
// answer, whatever the pacer's upper bound on the reset said: in the fixed
// window the pacer takes that answer as the start of a new window (see
// observe).
//
// A 429 while counting a bucket says the count was wrong: the pacer goes
// back to the fixed window, which is what it would have had. It never
// takes a bucket while another client's sends have shown in the figures
// within the last ten of those resets: others spend what this client
// would count as refill.

// refillRecent is how many answers back a request's predecessor is kept.
const refillRecent = 32

// refillGains is how many gains within the longest reset show a bucket.
const refillGains = 3

// figures is what an answer said of the window.
type figures struct {
	index     uint64 // its place among the answers with figures, from 1
	remaining int
	sent      time.Time
}

// gain is a pair of answers with no fewer left in the later: a reset or
// refill happened between from (the earlier's send) and to (the later's
// arrival).
type gain struct{ from, to time.Time }

// span is the longest reset the answers gave, one second at least.
func (p *pacer) span() time.Duration { return max(p.longest, time.Second) }

// mark is what the pacer had seen when an attempt was sent: answers with
// figures, and answers of any kind.
type mark struct{ answered, seen uint64 }

// noteFigures compares an answer saying remaining, to attempt seq sent at
// sent with after seen, with the last answer with figures before it, keeps
// it for later answers, and says whether it is a gain; p.mu is held.
func (p *pacer) noteFigures(seq uint64, after mark, remaining int, sent, received time.Time) bool {
	gained := false
	if n := after.answered; n > 0 && p.answered-n < refillRecent {
		if a := p.recent[n%refillRecent]; a.index == n && remaining >= a.remaining {
			gained = true
			p.gains = append(p.gains, gain{a.sent, received})
			p.checkRefill(received, p.surely(seq, after, remaining))
		}
	}
	p.answered++
	p.recent[p.answered%refillRecent] = figures{index: p.answered, remaining: remaining, sent: sent}
	return gained
}

// surely is what an answer saying remaining, to attempt seq sent with
// after seen, surely leaves now: less every attempt sent after it, every
// one sent before it still in flight, and every answer that has arrived
// since it was sent (the server may have handled any of those after
// it); p.mu is held, and the answer is counted in p.seen.
func (p *pacer) surely(seq uint64, after mark, remaining int) int {
	left := remaining - int(p.sends-seq) - int(p.seen-after.seen-1)
	for s := range p.inflight {
		if s < seq {
			left--
		}
	}
	return max(left, 0)
}

// checkRefill takes the server for a bucket when the gains show one,
// counting from left tokens; p.mu is held.
func (p *pacer) checkRefill(now time.Time, left int) {
	if p.refill > 0 {
		p.gains = p.gains[:0] // counting the bucket already
		return
	}
	span := p.span()
	i := 0
	for i < len(p.gains) && now.Sub(p.gains[i].from) >= span {
		i++
	}
	p.gains = append(p.gains[:0], p.gains[i:]...)
	if p.limit <= 0 || !p.sharedAt.IsZero() && now.Sub(p.sharedAt) < 10*span {
		return
	}
	for j, first := range p.gains {
		n, end := 1, first.to
		for _, g := range p.gains[j+1:] {
			if !g.from.Before(end) {
				n, end = n+1, g.to
			}
		}
		if n >= refillGains && end.Sub(first.from) < span {
			p.refill = float64(p.limit) / span.Seconds()
			p.tokens, p.tokensAt = float64(left), now
			p.gains = p.gains[:0]
			return
		}
	}
}

// fillTo brings the count of the bucket's tokens up to now; p.mu is held.
func (p *pacer) fillTo(now time.Time) {
	if now.After(p.tokensAt) {
		p.tokens = math.Min(float64(p.limit), p.tokens+now.Sub(p.tokensAt).Seconds()*p.refill)
		p.tokensAt = now
	}
}

// bucketWait takes a token and returns 0, or says how long until there
// is one; p.mu is held.
func (p *pacer) bucketWait(now time.Time) time.Duration {
	p.fillTo(now)
	if p.tokens >= 1 {
		p.tokens--
		return 0
	}
	return time.Duration((1 - p.tokens) / p.refill * float64(time.Second))
}

// spreadWait says how long an attempt waits so that the last half of a
// window's count goes evenly up to its reset; p.mu is held.
func (p *pacer) spreadWait(now time.Time) time.Duration {
	if p.limit <= 0 || p.remaining < 0 || 2*p.remaining > p.limit || p.resetAt.IsZero() || p.lastSend.IsZero() {
		return 0
	}
	gap := p.resetAt.Sub(p.lastSend) / time.Duration(p.remaining+1)
	return p.lastSend.Add(gap).Sub(now)
}

// observeBucket counts an answer against the bucket: a 429 sends the
// pacer back to the fixed window, held for wait; other figures lower the
// count when they show less than it (another client, or a slower
// refill), never raise it: a figure may be older than requests since
// answered, which the pacer no longer counts as in flight. Started at what
// the last answer surely left and refilled no faster than the bucket, the
// count stays at or below the server's; p.mu is held.
func (p *pacer) observeBucket(throttled bool, remaining int, wait time.Duration, sent, received time.Time) {
	if throttled {
		p.refill, p.gains = 0, p.gains[:0]
		p.remaining, p.resetAt, p.counting = 0, time.Time{}, false
		p.setReset(received.Add(max(wait, time.Second)), false)
		return
	}
	if remaining < 0 {
		return
	}
	p.fillTo(time.Now())
	left, leftHigh, _ := p.lefts(remaining, sent, received)
	if float64(leftHigh) < math.Floor(p.tokens) {
		p.tokens = math.Min(p.tokens, float64(left))
	}
}
