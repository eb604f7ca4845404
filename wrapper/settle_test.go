package wrapper

// Issue 17: creates under harder faults, each reproduced against a
// loopback server before it was fixed: an answer still on its way while
// an identical create settles, a 409 for the create's own resource behind
// a lagging list, a store later than the settle window, and clocks that
// disagree.

import (
	"context"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ccloud-go/networking/fake"
)

// Create A is stored but its answer is slow; an identical create B of the
// same client is answered 500 with nothing stored and reads A's resource.
// B must not take it: A's answer may yet name it (and does).
func TestIdenticalCreateNeverTakesAnUnansweredCreatesResource(t *testing.T) {
	stored := make(chan struct{})
	release := make(chan struct{})
	var bPosted atomic.Bool
	var fr *front
	fr = newFront(t, func(w http.ResponseWriter, r *http.Request, n int) bool {
		switch {
		case r.Method == http.MethodPost && n == 1: // A: stored, answer held
			storeAndHoldAnswer(fr.f, w, r, stored, release)
			return true
		case r.Method == http.MethodPost && n == 2: // B: refused, nothing stored
			bPosted.Store(true)
			writeFailure(w, http.StatusInternalServerError, "not stored")
			return true
		case r.Method == http.MethodGet && r.URL.Path == nlsPath && bPosted.Load():
			fr.f.ServeHTTP(w, r) // B reads A's resource; then A's answer comes
			time.AfterFunc(50*time.Millisecond, func() {
				select {
				case <-release:
				default:
					close(release)
				}
			})
			return true
		}
		return false
	}, fake.WithoutUniqueness())
	c := fr.client(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	type result struct {
		id  string
		err error
	}
	results := make(chan result, 2)
	create := func() {
		got, err := c.NetworkLinkServices().Create(ctx, nlsCreate("svc"))
		if err != nil {
			results <- result{err: err}
			return
		}
		results <- result{id: got.ID}
	}
	go create()
	<-stored
	go create()
	a, b := <-results, <-results
	require.NoError(t, a.err)
	require.NoError(t, b.err)
	assert.NotEqual(t, a.id, b.id, "two creates returned one resource")
	assert.Len(t, fr.f.NetworkLinkServices(), 2, "one resource each")
}

// The create's own resource is stored but its answer lost, and lists show
// it only later; the create, sent again, meets a 409 naming it. That is
// not a conflict with another's resource: its Location is read by id.
func TestConflictAfterDoubtReadsItsLocation(t *testing.T) {
	var fr *front
	fr = newFront(t, func(w http.ResponseWriter, r *http.Request, n int) bool {
		if r.Method == http.MethodPost && n == 1 {
			storeThenHangUp(fr.f, w, r)
			return true
		}
		return false
	}, fake.WithListLag(time.Minute)) // the fake's uniqueness rule on
	got, err := fr.client(t).NetworkLinkServices().Create(context.Background(), nlsCreate("svc"))
	require.NoError(t, err, "the 409 named this create's own resource")
	require.Len(t, fr.f.NetworkLinkServices(), 1)
	assert.Equal(t, fr.f.NetworkLinkServices()[0].ID, got.ID)

	// A 409 after doubt naming a resource that was there before the create
	// is a real conflict.
	fr2 := newFront(t, func(w http.ResponseWriter, r *http.Request, n int) bool {
		if r.Method == http.MethodPost && n == 2 {
			hangUp(w) // lost before the fake saw it
			return true
		}
		return false
	})
	c := fr2.client(t)
	_, err = c.NetworkLinkServices().Create(context.Background(), nlsCreate("taken"))
	require.NoError(t, err)
	_, err = c.NetworkLinkServices().Create(context.Background(), nlsCreate("taken"))
	assert.ErrorIs(t, err, ErrConflict)
	assert.NotErrorIs(t, err, ErrOutcomeUnknown)
}

// A gateway answers 504 after waiting 600ms; the backend stores the create
// 1.2s after it arrived, longer after the answer than SettleDelay (400ms
// here). The settle window is at least as long as the attempt waited: the
// create is not sent again, and one resource is stored.
func TestSettleWindowCoversAsLongAsTheAttemptWaited(t *testing.T) {
	fr := newFront(t, nil, fake.WithoutUniqueness(), fake.WithStoreDelay(1200*time.Millisecond), fake.WithGatewayTimeout(600*time.Millisecond))
	got, err := fr.client(t).NetworkLinkServices().Create(context.Background(), nlsCreate(""))
	require.NoError(t, err)
	time.Sleep(1500 * time.Millisecond) // any second attempt would be stored by now
	require.Len(t, fr.f.NetworkLinkServices(), 1, "one create, one resource")
	assert.Equal(t, fr.f.NetworkLinkServices()[0].ID, got.ID)
	assert.Equal(t, 1, fr.count(http.MethodPost, nlsPath))
}

// Every answer is a 504 at once, and the backend stores each attempt a
// second later: longer than the first settle window. The create may leave
// a second resource, but never says success while it does: it reports the
// outcome unknown with every copy. The client learns how late stores show,
// and its next create waits long enough: one resource, success.
func TestStoreLaterThanTheWindowIsNeverAFalseSuccess(t *testing.T) {
	fr := newFront(t, nil, fake.WithoutUniqueness(), fake.WithStoreDelay(time.Second), fake.WithGatewayTimeout(time.Millisecond))
	c := fr.client(t)
	body := plaCreate(t, "123456789012")
	body.Spec.DisplayName = nil
	got, err := c.PrivateLinkAccesses().Create(context.Background(), body)
	time.Sleep(1200 * time.Millisecond) // every attempt sent is stored by now
	stored := len(fr.f.PrivateLinkAccesses())
	require.GreaterOrEqual(t, stored, 1)
	if err == nil {
		assert.Equal(t, 1, stored, "a success with %d copies stored", stored)
		assert.Equal(t, fr.f.PrivateLinkAccesses()[0].ID, got.ID)
	} else {
		var unknown *OutcomeUnknownError
		require.ErrorAs(t, err, &unknown)
		assert.NotEmpty(t, unknown.Candidates)
	}

	second := plaCreate(t, "123456789013")
	second.Spec.DisplayName = nil
	got, err = c.PrivateLinkAccesses().Create(context.Background(), second)
	require.NoError(t, err, "the client learned how late a store shows")
	time.Sleep(1200 * time.Millisecond)
	mine := 0
	for _, p := range fr.f.PrivateLinkAccesses() {
		if _, account, _ := CloudAccount(p.Spec.Cloud); account == "123456789013" {
			mine++
			assert.Equal(t, p.ID, got.ID)
		}
	}
	assert.Equal(t, 1, mine, "one create, one resource")
}
