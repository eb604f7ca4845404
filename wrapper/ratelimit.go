package wrapper

import (
	"errors"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// The rate-limit headers, in the canonical form http.Header stores them
// in, so that reading them costs no allocation.
const (
	hdrLimit      = "X-Ratelimit-Limit"
	hdrRemaining  = "X-Ratelimit-Remaining"
	hdrReset      = "X-Ratelimit-Reset"
	hdrRetryAfter = "Retry-After"
)

// RateLimit holds the rate-limit figures a response carried. A field is -1
// when its header was absent.
type RateLimit struct {
	Limit     int
	Remaining int
	// Reset is how long until the window resets (X-RateLimit-Reset is
	// relative seconds, not an epoch time).
	Reset time.Duration
	// RetryAfter is the wait the server asked for (Retry-After), or 0.
	RetryAfter time.Duration
}

// parseRateLimit reads the rate-limit headers; absent figures are -1.
func parseRateLimit(h http.Header, now time.Time) RateLimit {
	rl := RateLimit{Limit: headerInt(h, hdrLimit), Remaining: headerInt(h, hdrRemaining), Reset: -1}
	if d, ok := parseReset(h[hdrReset], now); ok {
		rl.Reset = d
	}
	if d, ok := parseRetryAfter(h[hdrRetryAfter], now); ok {
		rl.RetryAfter = d
	}
	return rl
}

// headerInt reads a non-negative integer header (key in canonical form),
// or -1.
func headerInt(h http.Header, key string) int {
	v := h[key]
	if len(v) == 0 {
		return -1
	}
	n, err := strconv.ParseUint(strings.TrimSpace(v[0]), 10, 64)
	if errors.Is(err, strconv.ErrRange) {
		return maxWindowFigure
	}
	if err != nil {
		return -1
	}
	return int(min(n, maxWindowFigure))
}

// maxWindowFigure caps a window figure: no window holds more, and the
// pacing arithmetic on it (4 * remaining, say) must not overflow.
const maxWindowFigure = 1 << 30

// maxHeaderWait bounds any wait a header can ask for, so that a hostile or
// broken value cannot park a caller for days.
const maxHeaderWait = time.Hour

// epochSeconds is where a reset stops looking like relative seconds: no
// window lasts 30 years, so a larger value is a Unix time.
const epochSeconds = 1e9

// parseReset reads X-RateLimit-Reset: relative seconds as the API sends
// them (the seeds and BEHAVIOUR.md say so). A value that can only be a Unix
// time is read as one, relative to now; either way the wait is capped at
// maxHeaderWait.
func parseReset(v []string, now time.Time) (time.Duration, bool) {
	if len(v) == 0 {
		return 0, false
	}
	f, ok := parseNumber(v[0])
	if !ok {
		return 0, false
	}
	if f >= epochSeconds {
		f -= float64(now.UnixNano()) / 1e9
		if f < 0 {
			f = 0
		}
	}
	return capWait(f), true
}

// parseSeconds reads a non-negative number of seconds (fractions allowed),
// capped at maxHeaderWait.
func parseSeconds(v string) (time.Duration, bool) {
	f, ok := parseNumber(v)
	if !ok {
		return 0, false
	}
	return capWait(f), true
}

func parseNumber(v string) (float64, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f < 0 || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

func capWait(seconds float64) time.Duration {
	if seconds > maxHeaderWait.Seconds() {
		return maxHeaderWait
	}
	return time.Duration(seconds * float64(time.Second))
}

// parseRetryAfter reads Retry-After as seconds or as an HTTP date.
func parseRetryAfter(v []string, now time.Time) (time.Duration, bool) {
	if len(v) == 0 || strings.TrimSpace(v[0]) == "" {
		return 0, false
	}
	if d, ok := parseSeconds(v[0]); ok {
		return d, true
	}
	t, err := http.ParseTime(strings.TrimSpace(v[0]))
	if err != nil {
		return 0, false
	}
	d := t.Sub(now)
	if d < 0 {
		d = 0
	}
	if d > maxHeaderWait {
		d = maxHeaderWait
	}
	return d, true
}
