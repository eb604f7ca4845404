package wrapper

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// ghostsOf counts the ghosts and the running creates in the record of c's
// server.
func ghostsOf(c *Client) (ghosts, running int) {
	registry.Lock()
	defer registry.Unlock()
	rec := registry.of[c.serverKey]
	if rec == nil {
		return 0, 0
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	for op := range rec.open {
		if op.ended {
			ghosts++
		} else {
			running++
		}
	}
	return ghosts, running
}

// Many creates with distinct fields, each ending while its store never
// showed, each leave a ghost: the record holds one per such create that
// ended in the last ghostMemory, and no more. Aged past ghostMemory, the
// next create's end drops them all: the record
// does not grow with the program's lifetime.
func TestGhostRecordHoldsOnlyTheLastTenMinutes(t *testing.T) {
	const n = 50
	h := newHiding(t)
	policy := fastRetries()
	policy.MaxAttempts, policy.SettleDelay, policy.MaxSettle = 1, 10*time.Millisecond, 100*time.Millisecond
	c := h.client(t, WithRetryPolicy(policy))
	h.set(func() {
		h.lose = true
		h.onStore = func(id string) { h.set(func() { h.hidden[id] = true }) }
	})
	create := func(name string) {
		_, err := c.NetworkLinkServices().Create(context.Background(), nlsCreate(name))
		require.Error(t, err, "the setup: the store never shows")
	}
	for i := range n {
		create(fmt.Sprintf("svc-%d", i))
	}
	ghosts, running := ghostsOf(c)
	t.Logf("after %d creates with distinct names, each store hidden: %d ghosts, %d running", n, ghosts, running)
	assert.Equal(t, n, ghosts, "one ghost per create whose store may still show")
	assert.Zero(t, running)

	registry.Lock() // ghostMemory passes
	rec := registry.of[c.serverKey]
	rec.mu.Lock()
	for op := range rec.open {
		op.endedAt = op.endedAt.Add(-ghostMemory - time.Second)
	}
	rec.mu.Unlock()
	registry.Unlock()
	create("svc-last")
	ghosts, running = ghostsOf(c)
	t.Logf("the same, aged past %s, then one more create: %d ghosts, %d running", ghostMemory, ghosts, running)
	assert.Equal(t, 1, ghosts, "only the last create's ghost is left")
	assert.Zero(t, running)
}
