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
