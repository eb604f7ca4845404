package wrapper

import (
	"sync"
	"time"
)

// claimTTL is how long a create's resource stays claimed: longer than any
// call's settling, so that no other create of the client takes it as its
// own meanwhile.
const claimTTL = 15 * time.Minute

// claims are the ids of the resources this client's creates returned. A
// create settling by reading never adopts one of them: two identical
// creates running at once must not both return the same resource.
type claims struct {
	mu      sync.Mutex
	ids     map[string]time.Time
	pruneAt int // the size at which expired claims are dropped next
}

func newClaims() *claims { return &claims{ids: map[string]time.Time{}, pruneAt: 1024} }

// take claims id for the caller, reporting false when another create of
// this client claimed it first. An empty id is never claimed.
func (c *claims) take(id string) bool {
	if id == "" {
		return true
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	now := time.Now()
	if at, ok := c.ids[id]; ok && now.Sub(at) < claimTTL {
		return false
	}
	if len(c.ids) >= c.pruneAt { // forget the claims no settling can still need
		for k, at := range c.ids {
			if now.Sub(at) >= claimTTL {
				delete(c.ids, k)
			}
		}
		c.pruneAt = max(1024, 2*len(c.ids))
	}
	c.ids[id] = now
	return true
}

// taken reports whether another create of this client claimed id.
func (c *claims) taken(id string) bool {
	if id == "" {
		return false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	at, ok := c.ids[id]
	return ok && time.Since(at) < claimTTL
}
