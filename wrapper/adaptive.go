package wrapper

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"sync"
	"time"
)

// adaptive is the client's own send rate limit, learned from throttling
// answers, in the spirit of AWS SDK v2's adaptive retry mode: a token
// bucket (no bursts) that lets everything through until the server
// answers 429 (to a client with too short a history to measure a rate
// by, a second 429, to a request sent after the first was answered: one
// alone, pacing holds for); then its fill rate drops to 0.7 of the rate the server was
// taking this client's requests at, and grows back along a cubic curve
// (back at that rate adaptiveRecover later, slowly near it, faster beyond),
// dropping again at the next 429, and pausing while answers say the
// window is spent.
//
// Unlike AWS's mode, not every 429 cuts (see explained): without window
// figures, a share of 429s that a cut did not lower is a gateway
// shedding load, and is left to retries. When a rate meets a limit with
// 429s on at most adaptiveShedMax of its answers, 0.7 of it is below the
// limit and the 429s stop until the curve climbs back; shedding goes on
// at the same share. So after such a cut the next adaptiveWindow is
// looked at before cutting again (cutCheck), and 429s in it at half the
// cut's share or more set shed: from then on only a share a tenth above
// it cuts, until a window that should have met five of its 429s meets
// none.
//
// Pacing (pacer) reads the server's window figures, which count every
// client of an API key but say nothing of how the others send: several
// clients on one key each see the window reset and all send into it
// (16 goroutines over 8 clients at 20/1s: a third of the requests met a
// 429). The 429s they meet are the signal they share. So once a client
// has met them, its learned rate paces it as well as its view of the
// window (no bursts at a reset), and the clients converge near the key's
// limit together.
//
// Once learned, the rate follows X-RateLimit-Remaining where answers carry
// it (with X-RateLimit-Limit): every client of the key reads the same
// figure, so it is an earlier signal than a 429 and one they share. Below
// a quarter of the limit left the rate falls, at half or more it climbs,
// each by adaptiveGain a second; between, it holds. The clients of a key
// settle with the window a quarter to half full, sending what it refills,
// and few of their requests meet a 429. (With the cubic curve alone, 8
// clients at 20/1s met a 429 on 5-8% of their requests and used 0.65-0.94
// of the limit; the curve stays for servers whose answers carry no
// figures.)
type adaptive struct {
	mu      sync.Mutex
	enabled bool // the rate is learned
	// firstThrottle is when the first 429 came: the rate is learned from
	// the next 429 to a request sent after it, which pacing did not foresee
	firstThrottle time.Time

	// the bucket
	fill     float64 // tokens a second
	capacity float64
	tokens   float64
	filled   time.Time

	// the cubic curve: rate at the last 429 and when it came
	lastMax      float64
	lastThrottle time.Time
	observed     time.Time // the last answer
	scale        float64   // the cubic's factor: back at lastMax adaptiveRecover after the 429

	// the send times of the last second, oldest first, to measure the
	// rate this client sends at
	sends []time.Time
	// the answers other than 429 of the last window: what the server took
	taken []time.Time
	// the 429s of the last window
	refused []time.Time
	// cutShare is the share of 429s among the answers of the window when
	// the rate was last cut without window figures to go by (0 after a cut
	// with them); shed is the share of 429s that cutting did not lower:
	// a gateway shedding load whatever the rate; cutCheck says the window
	// after that cut is still to be looked at
	cutShare, shed float64
	cutCheck       bool
	// follow holds the answers of the last window that came right after
	// a 429, followRefused those of them that were 429s too; after429
	// says the last answer was a 429
	follow, followRefused []time.Time
	after429              bool
	// figuresAt is when an answer other than 429 last carried
	// X-RateLimit-Remaining, lowAt when one last said the window was
	// running low (a quarter of the limit or less left)
	figuresAt, lowAt time.Time
}

// The curve's constants: the share of the rate kept on a 429, how long
// the curve takes to climb back to the rate that met it (whatever that
// rate: a client with a small share of a key's limit probes as seldom as
// one with a large share, so few of its requests meet a 429), and the
// lowest fill rate.
const (
	adaptiveBeta    = 0.7
	adaptiveRecover = 4 * time.Second
	adaptiveMinFill = 0.5
	// adaptiveGain is how fast the rate follows the window's figures: a
	// factor of e^0.7 (about 2) a second.
	adaptiveGain    = 0.7
	adaptiveHistory = 1               // answers taken in the window that make a rate to learn from
	adaptiveWindow  = 2 * time.Second // the rates are measured over it: longer than a window's hold
	// Without window figures to go by, a 429 is taken for throttling only
	// among others: at least adaptiveStrayCount of them in the window, and
	// at least adaptiveStrayShare of its answers.
	adaptiveStrayCount = 3
	adaptiveStrayShare = 0.1
	// adaptiveShedMax is the largest share of 429s a cut to adaptiveBeta
	// of the rate surely brings below a limit: above it, the rate is cut
	// at each 429 explained, however soon after the last cut.
	adaptiveShedMax = 1 - adaptiveBeta
)

func newAdaptive() *adaptive { return &adaptive{} }

// take waits for a token (none is needed before the rate is learned). It
// fails at once, matching ErrRateLimited, when the wait would end after
// ctx's deadline or last longer than budget, and returns how long it
// waited.
func (a *adaptive) take(ctx context.Context, budget time.Duration) (time.Duration, error) {
	var held time.Duration
	if a == nil {
		return 0, nil
	}
	for {
		a.mu.Lock()
		now := time.Now()
		if !a.enabled {
			a.count(now)
			a.mu.Unlock()
			return held, nil
		}
		a.refill(now)
		if a.tokens >= 1 {
			a.tokens--
			a.count(now)
			a.mu.Unlock()
			return held, nil
		}
		d := time.Duration((1 - a.tokens) / a.fill * float64(time.Second))
		a.mu.Unlock()
		if !fits(ctx, d) {
			return held, fmt.Errorf("%w: this client's learned rate (after 429s) holds the request %s, past the context's deadline", ErrRateLimited, d.Round(time.Millisecond))
		}
		if held+d > budget {
			return held, fmt.Errorf("%w: this client's learned rate (after 429s) holds the request longer than the retry policy's MaxTotalWait leaves", ErrRateLimited)
		}
		if err := sleep(ctx, d); err != nil {
			return held, err
		}
		held += d
	}
}

// count records a send; a.mu is held.
func (a *adaptive) count(now time.Time) {
	a.sends = append(drop(a.sends, now), now)
}

// drop forgets the times in ts older than the measuring window.
func drop(ts []time.Time, now time.Time) []time.Time {
	i := 0
	for i < len(ts) && now.Sub(ts[i]) > adaptiveWindow {
		i++
	}
	return append(ts[:0], ts[i:]...)
}

// rate is how many of ts a second over the last window. A client younger
// than the window is taken to have been idle before it began: a client
// starting in a burst would otherwise measure a rate far above any it can
// keep. Its rate is underestimated, never overestimated, and the curve
// climbs from there.
func (a *adaptive) rate(ts []time.Time, _ time.Time) float64 {
	return float64(len(ts)) / adaptiveWindow.Seconds()
}

// measured is the rate this client has sent at; a.mu is held.
func (a *adaptive) measured(now time.Time) float64 {
	a.sends = drop(a.sends, now)
	return a.rate(a.sends, now)
}

// refill adds the tokens earned since the last refill; a.mu is held.
func (a *adaptive) refill(now time.Time) {
	if !a.filled.IsZero() {
		a.tokens = math.Min(a.capacity, a.tokens+now.Sub(a.filled).Seconds()*a.fill)
	}
	a.filled = now
}

// observe adjusts the rate after the answer to an attempt sent at sent,
// which said limit and remaining (X-RateLimit-Limit and -Remaining, -1
// when absent): down on a 429 that throttling explains, otherwise with
// the window's figures, or along the curve where answers carry none (only
// once a 429 has been seen).
//
// Not every 429 is the key's limit reached: a gateway or a fault answers
// one now and then. From a server whose answers carry window figures
// (X-RateLimit-Remaining, within the last adaptiveWindow), a 429 cuts the
// rate when it says the window is spent (Remaining 0) or an answer of
// that time left a quarter of the limit or less; from one whose answers
// carry none, only when 429s are at least adaptiveStrayCount and a tenth
// of the answers of that window. A stray 429 is left to pacing and the
// retry policy, which wait what it asks.
//
// A 429 to an attempt sent before the last one was answered was sent at
// the rate already cut: it cuts nothing more. While answers say the
// window is spent, the clients of the key together send what it allows:
// the curve pauses rather than climb into the next 429. (Jumping back to
// the rate that met the last 429 when an answer shows most of the window
// left was tried: with 8 clients at 20/1s it raised the share of 429s
// from 5-8% to 7-12%.)
func (a *adaptive) observe(status int, sent time.Time, limit, remaining int) {
	if a == nil {
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	now := time.Now()
	a.taken = drop(a.taken, now)
	a.refused = drop(a.refused, now)
	a.follow = drop(a.follow, now)
	a.followRefused = drop(a.followRefused, now)
	since := now.Sub(a.observed)
	a.observed = now
	var rate float64
	k := adaptiveRecover.Seconds()
	throttled := status == http.StatusTooManyRequests
	if throttled {
		a.refused = append(a.refused, now)
	}
	if a.after429 {
		a.follow = append(a.follow, now)
		if throttled {
			a.followRefused = append(a.followRefused, now)
		}
	}
	a.after429 = throttled
	if a.cutCheck && now.Sub(a.lastThrottle) >= adaptiveWindow {
		// The window since the cut: 429s at half the share or more that
		// met it are not the rate's doing.
		a.cutCheck = false
		if share := a.share(); share >= a.cutShare/2 && a.scattered(share) {
			a.shed = share
		}
	}
	if a.shed > 0 && len(a.refused) == 0 && float64(len(a.taken))*a.shed >= 5 {
		// A window in which the shed share would have met five 429s or
		// more met none: the shedding has stopped. (Counting fewer than
		// half of it as stopped was noise at a few answers a second.)
		a.shed = 0
	}
	if !throttled && remaining >= 0 {
		a.figuresAt = now
		if limit > 0 && 4*remaining <= limit || limit <= 0 && remaining <= 1 {
			a.lowAt = now
		}
	}
	switch {
	case !throttled:
		a.taken = append(a.taken, now)
		if !a.enabled {
			return
		}
		if limit > 0 && remaining >= 0 {
			// Follow the window's figures (see the type's comment); dt is
			// this client's time since its last answer, so the rate moves
			// by time, not by how many answers it gets.
			dt := math.Min(since.Seconds(), 1)
			switch {
			case 4*remaining < limit:
				rate = a.fill * math.Exp(-adaptiveGain*dt)
			case 2*remaining >= limit:
				rate = a.fill * math.Exp(adaptiveGain*dt)
			default:
				return
			}
			break
		}
		if remaining == 0 {
			a.lastThrottle = a.lastThrottle.Add(since) // pause the curve
			return
		}
		t := now.Sub(a.lastThrottle).Seconds() - k
		rate = a.scale*t*t*t + a.lastMax
	case !a.explained(now, remaining):
		return // a stray 429
	case a.cutCheck && !a.figures(now):
		return // the last cut is still to show
	case !a.enabled && len(a.taken) < adaptiveHistory && (a.firstThrottle.IsZero() || !sent.After(a.firstThrottle)):
		// A first 429 with too few answers before it to measure a rate
		// by, or one to a request sent before that was answered: pacing
		// holds for it, and may have been all that was amiss.
		if a.firstThrottle.IsZero() {
			a.firstThrottle = now
		}
		return
	case sent.After(a.lastThrottle):
		// The rate that met the 429: what was sent, but no more than what
		// the server took (a client starting in a burst sends far more).
		use := math.Min(a.measured(now), math.Max(a.rate(a.taken, now), adaptiveMinFill))
		if a.enabled {
			use = math.Min(use, a.fill)
		}
		a.enabled = true
		a.cutShare = 0
		if !a.figures(now) {
			a.cutShare = a.share()
		}
		a.cutCheck = a.cutShare > 0 && a.cutShare <= adaptiveShedMax
		a.lastMax, a.lastThrottle = use, now
		a.scale = a.lastMax * (1 - adaptiveBeta) / (k * k * k)
		rate = use * adaptiveBeta
	default:
		return // sent before the last 429 was answered: at the rate since cut
	}
	rate = math.Min(rate, 2*a.measured(now)) // never far above what is actually sent
	a.refill(now)
	a.fill = math.Max(rate, adaptiveMinFill)
	a.capacity = 1 // no bursts: a burst from each of several clients at once is what meets 429s
	a.tokens = math.Min(a.tokens, a.capacity)
}

// explained says whether the 429s of late are the key's limit reached
// rather than strays; a.mu is held. Without window figures, their share
// must also be a tenth above what cutting the rate has been seen not to
// lower (shedding).
func (a *adaptive) explained(now time.Time, remaining int) bool {
	if a.figures(now) {
		return remaining == 0 || !a.lowAt.IsZero() && now.Sub(a.lowAt) <= adaptiveWindow
	}
	return len(a.refused) >= adaptiveStrayCount && a.share() >= adaptiveStrayShare+a.shed
}

// scattered says whether the 429s of the window, at share of its
// answers, come one at a time as shedding's do, each as likely after a
// 429 as after any answer. A limit refuses what comes after its count is
// spent, in runs: several clients on a fixed window without figures each
// met a steady 10-20% of 429s after their cuts, in runs at each window's
// end, and learned them as shedding, so none slowed down; a.mu is held.
func (a *adaptive) scattered(share float64) bool {
	n := float64(len(a.followRefused))
	return n <= 2*share*float64(len(a.follow))
}

// figures says whether answers of the last window carried
// X-RateLimit-Remaining; a.mu is held.
func (a *adaptive) figures(now time.Time) bool {
	return !a.figuresAt.IsZero() && now.Sub(a.figuresAt) <= adaptiveWindow
}

// share is the share of 429s among the answers of the window; a.mu is
// held.
func (a *adaptive) share() float64 {
	n := len(a.refused)
	if n == 0 {
		return 0
	}
	return float64(n) / float64(n+len(a.taken))
}
