package wrapper

// Lists behind the store: a create learns the lag only from its own late
// stores, and never says success while a copy one of its attempts stored
// may still show.

import (
	"context"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ccloud-go/networking/fake"
)

// A create reading in doubt learns how long stores take to show from a
// resource that shows in a later read and not an earlier one. A resource
// another create of the program stored meanwhile, and was answered with
// (claimed), is not this create's late store; yet it was learned as one.
// Here B's three attempts are answered 500 (nothing stored) and A's
// identical create lands between two of B's reads, 2 windows after B's
// first send: B learned ~2 windows, more than MaxSettle, and C, a later
// create whose one 500 stored nothing, then had its window cut and
// reported its outcome unknown instead of sending again.
func TestAnotherCreatesClaimedResourceIsNotLearnedAsALateStore(t *testing.T) {
	var fr *front
	var a *Client
	who := func(r *http.Request) string {
		for _, w := range []string{"who-a", "who-b", "who-c"} {
			if strings.Contains(r.UserAgent(), w) {
				return w
			}
		}
		return ""
	}
	var bLists, cPosts atomic.Int32
	fr = newFront(t, func(w http.ResponseWriter, r *http.Request, n int) bool {
		switch who(r) {
		case "who-b":
			if r.Method == http.MethodPost {
				writeFailure(w, http.StatusInternalServerError, "nothing stored")
				return true
			}
			if bLists.Add(1) == 6 { // B's first read of its third round: A creates just before
				_, err := a.NetworkLinkServices().Create(r.Context(), nlsCreate("svc"))
				if err != nil {
					t.Errorf("A: %v", err)
				}
			}
		case "who-c":
			if r.Method == http.MethodPost && cPosts.Add(1) == 1 {
				writeFailure(w, http.StatusInternalServerError, "nothing stored")
				return true
			}
		}
		return false
	}, fake.WithoutUniqueness())
	pol := fastRetries()
	pol.SettleDelay, pol.MaxSettle, pol.MaxAttempts = 150*time.Millisecond, 200*time.Millisecond, 3
	a = fr.client(t, WithRetryPolicy(pol), WithUserAgent("who-a"))
	b := fr.client(t, WithRetryPolicy(pol), WithUserAgent("who-b"))
	c := fr.client(t, WithRetryPolicy(pol), WithUserAgent("who-c"))
	_, err := b.NetworkLinkServices().Create(context.Background(), nlsCreate("svc"))
	require.Error(t, err)
	assert.NotErrorIs(t, err, ErrOutcomeUnknown, "B: every attempt was answered 500 and nothing of B's showed")
	require.GreaterOrEqual(t, bLists.Load(), int32(6), "the setup: A created while B read")
	got, err := c.NetworkLinkServices().Create(context.Background(), nlsCreate("svc"))
	require.NoError(t, err, "C stored nothing on its first attempt")
	assert.Len(t, fr.f.NetworkLinkServices(), 2)
	assert.NotEqual(t, fr.f.NetworkLinkServices()[0].ID == got.ID, fr.f.NetworkLinkServices()[1].ID == got.ID)
}

// Lists that show a resource 1 s after it is stored (longer than
// MaxSettle, 500 ms here), and each create's first attempt stored with
// its answer lost, its second answered: the create returned success at
// once, for its second copy, while the first was still to show (3 of 3
// creates: 2 stored each). None of its reads ever showed the late copy,
// so the program never learned the lag, and every later create did the
// same. The listing missing the resource the create's own answer named
// says the list is behind the store: it reads again until that resource
// shows (learning the lag), within that attempt's settle window; else the
// outcome is unknown.
//
// An unknown outcome with candidates and a reason (MaxSettle cut the
// window) also gave the candidates but hid the reason, and its text ended
// in ": <nil>", the answer being a success.
func TestListLagAfterAnAnsweredResendIsNeverAFalseSuccess(t *testing.T) {
	const lag = time.Second
	var fr *front
	fr = newFront(t, func(w http.ResponseWriter, r *http.Request, n int) bool {
		if r.Method == http.MethodPost && n%2 == 1 { // each create's first attempt: stored, answer lost
			storeThenHangUp(fr.f, w, r)
			return true
		}
		return false
	}, fake.WithoutUniqueness(), fake.WithListLag(lag))
	pol := fastRetries()
	pol.SettleDelay, pol.MaxSettle = 300*time.Millisecond, 500*time.Millisecond
	c := fr.client(t, WithRetryPolicy(pol))
	for i, account := range []string{"123456789012", "123456789013", "123456789014"} {
		body := plaCreate(t, account)
		body.Spec.DisplayName = nil
		got, err := c.PrivateLinkAccesses().Create(context.Background(), body)
		time.Sleep(lag + 200*time.Millisecond) // every attempt sent is listed by now
		mine := storedFor(fr.f, account)
		t.Logf("create %d: %d stored; %v", i, len(mine), err)
		if err == nil {
			assert.Equal(t, []string{got.ID}, mine, "create %d: success while %d copies are stored", i, len(mine))
			continue
		}
		var u *OutcomeUnknownError
		require.ErrorAs(t, err, &u, "create %d: stored, so never a plain failure", i)
		assert.NotContains(t, err.Error(), "<nil>", "create %d", i)
		if u.ReadErr != nil {
			assert.Contains(t, err.Error(), u.ReadErr.Error(), "create %d: the reason is told", i)
		}
	}
}

// Every answer lost after the store, and lists that show a resource 1 s
// after it was stored: longer than MaxSettle (500 ms here) allows any
// window to be. Later attempts may still show a copy when the create's
// last read is taken: it must not say success then (it did, with a
// second copy showing moments later), but report the outcome unknown.
func TestListLagBeyondMaxSettleIsNeverAFalseSuccess(t *testing.T) {
	const lag = time.Second
	fr := newFront(t, nil, fake.WithoutUniqueness(), fake.WithListLag(lag), fake.WithResetsAfterCreate(1))
	pol := fastRetries()
	pol.SettleDelay, pol.MaxSettle = 300*time.Millisecond, 500*time.Millisecond
	c := fr.client(t, WithRetryPolicy(pol))
	for i, account := range []string{"123456789012", "123456789013"} { // the second after the client learned the lag
		body := plaCreate(t, account)
		body.Spec.DisplayName = nil
		got, err := c.PrivateLinkAccesses().Create(context.Background(), body)
		time.Sleep(lag + 200*time.Millisecond) // every attempt sent is listed by now
		mine := storedFor(fr.f, account)
		require.NotEmpty(t, mine, "create %d", i)
		if err == nil {
			assert.Equal(t, []string{got.ID}, mine, "create %d: success while %d copies are stored", i, len(mine))
			continue
		}
		var unknown *OutcomeUnknownError
		require.ErrorAs(t, err, &unknown, "create %d: stored, so never a plain failure", i)
	}
}

// storedFor is the ids of the private link accesses f holds for account.
func storedFor(f *fake.Server, account string) []string {
	var ids []string
	for _, p := range f.PrivateLinkAccesses() {
		if _, a, _ := CloudAccount(p.Spec.Cloud); a == account {
			ids = append(ids, p.ID)
		}
	}
	return ids
}
