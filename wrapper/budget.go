package wrapper

import "sync"

// retryBudget is the client-wide allowance for retries, a token bucket in
// the manner of the AWS SDK's standard retryer: retries spend from it,
// first-time successes refill it. Under an outage it runs dry and calls
// fail fast instead of multiplying the load. A nil budget allows every
// retry.
type retryBudget struct {
	mu       sync.Mutex
	tokens   int
	capacity int
}

func newRetryBudget(size int) *retryBudget {
	switch {
	case size < 0:
		return nil
	case size == 0:
		size = DefaultRetryBudget
	}
	return &retryBudget{tokens: size, capacity: size}
}

// spend takes cost tokens for a retry, or reports that there are not enough.
func (b *retryBudget) spend(cost int) bool {
	if b == nil {
		return true
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.tokens < cost {
		return false
	}
	b.tokens -= cost
	return true
}

// refund puts n tokens back, up to the capacity.
func (b *retryBudget) refund(n int) {
	if b == nil {
		return
	}
	b.mu.Lock()
	b.tokens = min(b.capacity, b.tokens+n)
	b.mu.Unlock()
}

// left is what the budget holds now.
func (b *retryBudget) left() int {
	if b == nil {
		return -1
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.tokens
}
