package wrapper

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ccloud-go/networking/fake"
)

// Two creates of one program at once, A sending a description beside the
// name, B only the name. A's attempt is stored, and answered 500; B's is
// answered 500 with nothing stored. B reads first: A's resource holds
// every field B sent, no create claimed it, and A has no attempt on its
// way, so B took it and returned it as its success: a resource with a
// description B never asked for, which only A sent (then A, finding it
// claimed, sent again and returned a second one). A resource that holds
// more than B sent, all of which another running create of the program
// sent, is that create's to settle: B waits for it.
func TestCreateNeverTakesTheStoreOfAMoreSpecificCreateInDoubt(t *testing.T) {
	aPosted, bListed, release := make(chan struct{}), make(chan struct{}), make(chan struct{})
	var bPosts, bGets atomic.Int64
	var fr *front
	fr = newFront(t, func(w http.ResponseWriter, r *http.Request, _ int) bool {
		a := strings.HasSuffix(r.UserAgent(), " A")
		switch {
		case r.Method == http.MethodPost && a:
			<-bListed // B's first listing was taken before A's store
			rec := httptest.NewRecorder()
			fr.f.ServeHTTP(rec, r) // stored
			writeFailure(w, http.StatusInternalServerError, "stored, yet failed")
			select {
			case <-aPosted:
			default:
				close(aPosted)
			}
			return true
		case r.Method == http.MethodPost:
			if bPosts.Add(1) > 1 {
				return false // B sent again: stored and answered
			}
			<-aPosted
			writeFailure(w, http.StatusInternalServerError, "not stored")
			return true
		case r.Method == http.MethodGet && a:
			select {
			case <-aPosted:
				<-release // A reads after B has
			default:
			}
		default: // B's
			switch bGets.Add(1) {
			case 1:
				fr.f.ServeHTTP(w, r)
				close(bListed)
				return true
			case 2: // B's first read after its 500; then A may read
				fr.f.ServeHTTP(w, r)
				time.AfterFunc(50*time.Millisecond, func() { close(release) })
				return true
			}
		}
		return false
	}, fake.WithoutUniqueness())
	policy := fastRetries()
	policy.SettleDelay, policy.MaxSettle = 100*time.Millisecond, time.Second
	ca := fr.client(t, WithRetryPolicy(policy), WithUserAgent("A"))
	cb := fr.client(t, WithRetryPolicy(policy), WithUserAgent("B"))
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()

	withDescription := nlsCreate("svc")
	desc := "only A sent this"
	withDescription.Spec.Description = &desc
	var wg sync.WaitGroup
	var errA error
	var gotA string
	wg.Add(1)
	go func() {
		defer wg.Done()
		got, err := ca.NetworkLinkServices().Create(ctx, withDescription)
		if got != nil {
			gotA = got.ID
		}
		errA = err
	}()
	gotB, errB := cb.NetworkLinkServices().Create(ctx, nlsCreate("svc"))
	wg.Wait()
	stored := fr.f.NetworkLinkServices()
	t.Logf("A: %s %v; B: %v %v; stored %d", gotA, errA, gotB != nil, errB, len(stored))
	if errB == nil {
		assert.Nil(t, gotB.Spec.Description, "B returned a resource with a description only A sent")
		assert.NotEqual(t, gotA, gotB.ID)
	} else {
		assert.True(t, errors.Is(errB, ErrOutcomeUnknown), "B's outcome: unknown or its own: %v", errB)
	}
	require.NoError(t, errA)
	withDesc := 0
	for _, s := range stored {
		if s.Spec.Description != nil {
			withDesc++
		}
	}
	assert.Equal(t, 1, withDesc, "A stored once: its first store is its own")
}
