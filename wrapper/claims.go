package wrapper

import (
	"sync"
	"time"
)

// claimTTL is how long a create's resource stays claimed: longer than any
// call's settling, so that no other create of the client takes it as its
// own meanwhile.
const claimTTL = 15 * time.Minute

// creates is the client's record of its creates: the ids of the resources
// they returned (claims), and the creates still running, each with what
// it sent and whether an attempt of it is on its way. A create settling by
// reading never adopts a claimed resource, nor one that a running create
// of this client with an attempt on its way may have stored: that one's
// answer may yet name it. So a resource goes to one create of a client,
// whichever answer or read arrives first.
type creates struct {
	mu      sync.Mutex
	ids     map[string]time.Time // claimed ids, with when they were claimed
	pruneAt int                  // the size at which expired claims are dropped next
	open    map[*openCreate]struct{}
	// changed is closed, and replaced, whenever a running create's attempt
	// ends or a create ends: a create waiting on another looks again.
	changed chan struct{}
	// slowest is the longest a create's resource was seen to take to show
	// in a listing after it was sent, and slowestAt when; see late.
	slowest   time.Duration
	slowestAt time.Time
}

// lateMemory is how long a slow store is remembered.
const lateMemory = 10 * time.Minute

// learn records that a create's resource took up to d to show.
func (c *creates) learn(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if d >= c.slowest || time.Since(c.slowestAt) > lateMemory {
		c.slowest, c.slowestAt = d, time.Now()
	}
}

// late is the longest a create's resource was seen to take to show in
// the last lateMemory: every create of the client waits at least that
// long for what an attempt in doubt may have stored.
func (c *creates) late() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	if time.Since(c.slowestAt) > lateMemory {
		return 0
	}
	return c.slowest
}

// openCreate is one running create.
type openCreate struct {
	kind     string
	sent     map[string]any // the spec it sent
	inFlight bool           // an attempt has been sent and its answer has not been judged
}

func newCreates() *creates {
	return &creates{ids: map[string]time.Time{}, pruneAt: 1024, open: map[*openCreate]struct{}{}, changed: make(chan struct{})}
}

// begin records a running create of kind that sends spec.
func (c *creates) begin(kind string, spec map[string]any) *openCreate {
	op := &openCreate{kind: kind, sent: spec}
	c.mu.Lock()
	c.open[op] = struct{}{}
	c.mu.Unlock()
	return op
}

// end forgets a create that returned.
func (c *creates) end(op *openCreate) {
	c.mu.Lock()
	delete(c.open, op)
	c.broadcast()
	c.mu.Unlock()
}

// sending marks that an attempt of op is on its way (before it is sent).
func (c *creates) sending(op *openCreate) {
	c.mu.Lock()
	op.inFlight = true
	c.mu.Unlock()
}

// judged marks that op's attempt ended; id, when not empty, is the
// resource its answer named, claimed in the same step so that no other
// create of the client can see the attempt over and the resource free.
func (c *creates) judged(op *openCreate, id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	op.inFlight = false
	if id != "" {
		c.claimLocked(id)
	}
	c.broadcast()
}

func (c *creates) broadcast() {
	close(c.changed)
	c.changed = make(chan struct{})
}

// take claims id, whose stored spec is spec, for op. It fails when the id
// is claimed; and when another running create of the client with an
// attempt on its way sent what spec holds, it fails with a channel that is
// closed when that may have changed.
func (c *creates) take(op *openCreate, id string, spec map[string]any) (bool, <-chan struct{}) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.takenLocked(id) {
		return false, nil
	}
	for other := range c.open {
		if other != op && other.inFlight && other.kind == op.kind && subset(other.sent, spec) {
			return false, c.changed
		}
	}
	c.claimLocked(id)
	return true, nil
}

func (c *creates) claimLocked(id string) {
	if id == "" {
		return
	}
	now := time.Now()
	if len(c.ids) >= c.pruneAt { // forget the claims no settling can still need
		for k, at := range c.ids {
			if now.Sub(at) >= claimTTL {
				delete(c.ids, k)
			}
		}
		c.pruneAt = max(1024, 2*len(c.ids))
	}
	c.ids[id] = now
}

// taken reports whether a create of this client claimed id.
func (c *creates) taken(id string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.takenLocked(id)
}

func (c *creates) takenLocked(id string) bool {
	if id == "" {
		return false
	}
	at, ok := c.ids[id]
	return ok && time.Since(at) < claimTTL
}
