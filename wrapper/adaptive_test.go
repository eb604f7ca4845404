package wrapper

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// A stray 429 (from a server whose answers carry no window figures, or one
// saying the window has room) leaves the rate unlearned; 429s the window
// explains, or many of them, start it.
func TestAdaptiveStray429(t *testing.T) {
	answers := func(a *adaptive, n, limit, remaining int) {
		for range n {
			a.count(time.Now())
			a.observe(http.StatusOK, time.Now(), limit, remaining)
		}
	}
	throttle := func(a *adaptive, remaining int) {
		a.count(time.Now())
		a.observe(http.StatusTooManyRequests, time.Now(), -1, remaining)
	}

	a := newAdaptive()
	answers(a, 40, -1, -1)
	throttle(a, 0)
	throttle(a, 0)
	answers(a, 40, -1, -1)
	throttle(a, 0)
	assert.False(t, a.enabled, "no figures, 3 of 83 answers 429: strays")

	a = newAdaptive()
	answers(a, 5, -1, -1)
	for range 4 {
		throttle(a, 0)
	}
	assert.True(t, a.enabled, "no figures, 4 of 9 answers 429: throttling")

	a = newAdaptive()
	answers(a, 10, 20, 15)
	throttle(a, -1)
	throttle(a, -1)
	assert.False(t, a.enabled, "window with room, 429s without figures: strays")

	a = newAdaptive()
	answers(a, 10, 20, 15)
	throttle(a, 0)
	throttle(a, 0)
	assert.True(t, a.enabled, "window figures, 429s saying it is spent: throttling")

	a = newAdaptive()
	answers(a, 10, 20, 3)
	throttle(a, -1)
	throttle(a, -1)
	assert.True(t, a.enabled, "window running low, then 429s: throttling")
}

// Once learned, the rate follows the window's figures: it falls while
// answers say less than a quarter of the limit is left, climbs while they
// say half or more, and holds between.
func TestAdaptiveFollowsRemaining(t *testing.T) {
	a := newAdaptive()
	a.enabled, a.fill, a.capacity = true, 4, 1
	now := time.Now()
	a.observed = now.Add(-500 * time.Millisecond)
	for range 8 {
		a.count(now)
	}
	a.observe(http.StatusOK, now, 20, 2)
	low := a.fill
	assert.Less(t, low, 4.0, "2 of 20 left: the rate falls")
	a.observed = time.Now().Add(-500 * time.Millisecond)
	a.observe(http.StatusOK, now, 20, 7)
	assert.Equal(t, low, a.fill, "7 of 20 left: the rate holds")
	a.observed = time.Now().Add(-500 * time.Millisecond)
	a.observe(http.StatusOK, now, 20, 15)
	assert.Greater(t, a.fill, low, "15 of 20 left: the rate climbs")
}
