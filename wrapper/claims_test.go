package wrapper

// Creates that run at once, on one client or several of one program: a
// resource is returned to one create only.

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ccloud-go/networking/fake"
)

// Identical creates from 4 goroutines on each of two clients of one
// program, lists 300 ms behind the store, 20% of answers lost after the
// store: no id is returned to two creates, and every id returned is
// stored.
func TestConcurrentIdenticalCreatesBehindAListLagReturnEachIDOnce(t *testing.T) {
	fr := newFront(t, nil, fake.WithoutUniqueness(), fake.WithListLag(300*time.Millisecond), fake.WithResetsAfterCreate(0.2))
	policy := fastRetries()
	policy.SettleDelay, policy.MaxSettle = 100*time.Millisecond, 2*time.Second
	clients := []*Client{fr.client(t, WithRetryPolicy(policy)), fr.client(t, WithRetryPolicy(policy))}
	var mu sync.Mutex
	returned := map[string]int{}
	ok, unknown := 0, 0
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 5 {
				got, err := clients[g%2].NetworkLinkServices().Create(context.Background(), nlsCreate("svc"))
				mu.Lock()
				switch {
				case err == nil:
					ok++
					returned[got.ID]++
				case errors.Is(err, ErrOutcomeUnknown):
					unknown++
				default:
					t.Errorf("a plain error: %v", err)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	stored := map[string]bool{}
	for _, s := range fr.f.NetworkLinkServices() {
		stored[s.ID] = true
	}
	st := fr.f.Stats()
	t.Logf("40 creates on 8 goroutines, 2 clients: success %d, unknown %d, stored %d, answers lost %d", ok, unknown, len(stored), st.ResetsAfterSave)
	require.Positive(t, st.ResetsAfterSave, "the setup: some answers are lost after the store")
	for id, n := range returned {
		assert.Equal(t, 1, n, "%s returned to %d creates", id, n)
		assert.True(t, stored[id], "%s returned but not stored", id)
	}
	assert.Equal(t, len(stored), st.Creates, "the setup: nothing deleted")
}
