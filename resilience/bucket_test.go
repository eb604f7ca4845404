package resilience

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// bucket is a shared token-bucket rate limit in front of a handler, as an
// independent server might enforce it: burst equal to the limit, refilled
// at limit per window. X-RateLimit-Remaining is the whole tokens left,
// X-RateLimit-Reset the whole seconds until the bucket is full again, and
// a 429 carries Retry-After (seconds until one token) unless retryAfter is
// off. It counts what it let through and what it refused.
type bucket struct {
	next       http.Handler
	limit      float64
	perSecond  float64
	retryAfter bool

	mu       sync.Mutex
	tokens   float64
	last     time.Time
	admitted int
	refused  int
	times    []time.Time // when each request was admitted
}

func newBucket(next http.Handler, limit int, window time.Duration, retryAfter bool) *bucket {
	return &bucket{next: next, limit: float64(limit), perSecond: float64(limit) / window.Seconds(),
		retryAfter: retryAfter, tokens: float64(limit), last: time.Now()}
}

func (b *bucket) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b.mu.Lock()
	now := time.Now()
	b.tokens = math.Min(b.limit, b.tokens+now.Sub(b.last).Seconds()*b.perSecond)
	b.last = now
	ok := b.tokens >= 1
	if ok {
		b.tokens--
		b.admitted++
		b.times = append(b.times, now)
	} else {
		b.refused++
	}
	remaining := int(math.Floor(b.tokens))
	reset := int(math.Ceil((b.limit - b.tokens) / b.perSecond))
	untilOne := int(math.Ceil((1 - b.tokens) / b.perSecond))
	b.mu.Unlock()
	h := w.Header()
	h.Set("X-RateLimit-Limit", strconv.Itoa(int(b.limit)))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(remaining))
	h.Set("X-RateLimit-Reset", strconv.Itoa(reset))
	if ok {
		b.next.ServeHTTP(w, r)
		return
	}
	if b.retryAfter {
		h.Set("Retry-After", strconv.Itoa(max(1, untilOne)))
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusTooManyRequests)
	_, _ = fmt.Fprint(w, `{"errors":[{"status":"429","title":"Too Many Requests"}]}`)
}

// counts returns what the bucket admitted and refused.
func (b *bucket) counts() (admitted, refused int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.admitted, b.refused
}

// steadyGoodput is the share of the limit a client used once past the
// start: the requests admitted from the second burst to the last (a burst
// is a run of admissions with no gap of half a second), over the time from
// the second burst's start to the last one's, against the refill rate. The
// first burst spends the initial bucket and the last is cut off by the end
// of the run, so both are left out. It is 0 when there are fewer than three
// bursts.
func (b *bucket) steadyGoodput() float64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	var starts []int
	for i, at := range b.times {
		if i == 0 || at.Sub(b.times[i-1]) > 500*time.Millisecond {
			starts = append(starts, i)
		}
	}
	if len(starts) < 3 {
		return 0
	}
	second, last := starts[1], starts[len(starts)-1]
	span := b.times[last].Sub(b.times[second]).Seconds()
	return float64(last-second) / span / b.perSecond
}

// goodput is the share of the limit's refill the admitted requests used:
// those after the first limit (the bucket's initial burst) over the time
// from the first admission to the last, against the refill rate. Unlike
// steadyGoodput it needs no pauses in the sending, so it also measures
// clients that send smoothly. 0 when too few were admitted.
func (b *bucket) goodput() float64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	n := len(b.times)
	if n <= int(b.limit)+1 {
		return 0
	}
	span := b.times[n-1].Sub(b.times[0]).Seconds()
	return float64(n-int(b.limit)) / span / b.perSecond
}

// goodputBusy is goodput while every one of workers had a request to
// send: up to the admission that left only workers requests unadmitted
// (each then held by a worker, so none was idle), counting those admitted
// by then less the first limit, over the time from the first admission,
// against the refill rate. The drain after it (the last request of each
// worker, sent while the others have stopped) is left out. 0 when too few
// were admitted.
func (b *bucket) goodputBusy(workers int) float64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	n := len(b.times) - workers
	if n <= int(b.limit)+1 {
		return 0
	}
	span := b.times[n-1].Sub(b.times[0]).Seconds()
	return float64(n-int(b.limit)) / span / b.perSecond
}
