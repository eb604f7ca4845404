package wrapper

// Audit of issue 17: the program-wide record of creates is freed once
// nothing needs it.

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ccloud-go/networking/fake"
)

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
		var mine []string
		for _, p := range fr.f.PrivateLinkAccesses() {
			if _, a, _ := CloudAccount(p.Spec.Cloud); a == account {
				mine = append(mine, p.ID)
			}
		}
		require.NotEmpty(t, mine, "create %d", i)
		if err == nil {
			assert.Equal(t, []string{got.ID}, mine, "create %d: success while %d copies are stored", i, len(mine))
			continue
		}
		var unknown *OutcomeUnknownError
		require.ErrorAs(t, err, &unknown, "create %d: stored, so never a plain failure", i)
	}
}

// A user's test suite starts a fake per test on one address with one seed
// (so both hand out the same ids) and no uniqueness rule. The first test's
// create claims its resource; the second test's create has every answer
// lost, and its first attempt stores a resource with the claimed id. That
// claim is stale (another server), but the create cannot tell: it must
// not count the resource as nothing stored and return a second copy as
// its own success (it did: two stored, success), but say it does not know.
func TestStaleClaimFromAnEarlierServerIsNeverAFalseSuccess(t *testing.T) {
	first, err := fake.Start(fake.WithSeed(42), fake.WithoutUniqueness())
	require.NoError(t, err)
	addr := strings.TrimPrefix(first.URL, "http://")
	policy := fastRetries()
	policy.SettleDelay, policy.MaxSettle = 50*time.Millisecond, time.Second
	c1, err := New(WithBaseURL(first.URL), WithAPIKey(first.Key, first.Secret), WithRetryPolicy(policy))
	require.NoError(t, err)
	one, err := c1.PrivateLinkAccesses().Create(context.Background(), plaCreate(t, "123456789012"))
	require.NoError(t, err)
	require.NoError(t, first.Close())

	second, err := fake.StartOn(addr, fake.WithSeed(42), fake.WithoutUniqueness(), fake.WithResetsAfterCreate(1))
	require.NoError(t, err, "the address of the first fake was taken meanwhile")
	defer func() { _ = second.Close() }()
	c2, err := New(WithBaseURL(second.URL), WithAPIKey(second.Key, second.Secret), WithRetryPolicy(policy))
	require.NoError(t, err)
	got, err := c2.PrivateLinkAccesses().Create(context.Background(), plaCreate(t, "123456789012"))
	stored := second.PrivateLinkAccesses()
	require.NotEmpty(t, stored)
	require.Equal(t, one.ID, stored[0].ID, "the setup: both fakes hand out the same first id")
	t.Logf("first server's id %s; second server stored %d, first %s; err %v", one.ID, len(stored), stored[0].ID, err)
	if err == nil {
		assert.Len(t, stored, 1, "success with %d copies stored", len(stored))
		assert.Equal(t, stored[0].ID, got.ID)
		return
	}
	assert.ErrorIs(t, err, ErrOutcomeUnknown, "stored, so never a plain failure")
}

// A server that sends no Date header, and one whose Date is a day ahead
// (the other direction from the hour behind of issue 17): a create reads
// no clock to settle, so a lost answer after the store gives one resource
// and success, and a 502 with an identical older resource stored adopts
// nothing.
func TestCreateWithNoDateHeaderOrADayAhead(t *testing.T) {
	for name, date := range map[string]func(http.Header){
		"no Date":       func(h http.Header) { h["Date"] = nil },
		"Date a day on": func(h http.Header) { h.Set("Date", time.Now().Add(24*time.Hour).UTC().Format(http.TimeFormat)) },
	} {
		t.Run(name, func(t *testing.T) {
			var fr *front
			fr = newFront(t, func(w http.ResponseWriter, r *http.Request, n int) bool {
				date(w.Header())
				if r.Method == http.MethodPost && n == 1 {
					storeThenHangUp(fr.f, w, r)
					return true
				}
				return false
			}, fake.WithoutUniqueness())
			c := fr.client(t)
			got, err := c.NetworkLinkServices().Create(context.Background(), nlsCreate("svc"))
			require.NoError(t, err)
			require.Len(t, fr.f.NetworkLinkServices(), 1)
			assert.Equal(t, fr.f.NetworkLinkServices()[0].ID, got.ID)

			fr2 := newFront(t, func(w http.ResponseWriter, r *http.Request, n int) bool {
				date(w.Header())
				if r.Method == http.MethodPost && n == 2 {
					writeFailure(w, http.StatusBadGateway, "nothing stored")
					return true
				}
				return false
			}, fake.WithoutUniqueness())
			c2 := fr2.client(t)
			old, err := c2.NetworkLinkServices().Create(context.Background(), nlsCreate("svc"))
			require.NoError(t, err)
			got, err = c2.NetworkLinkServices().Create(context.Background(), nlsCreate("svc"))
			require.NoError(t, err, "the 502 stored nothing: sent again")
			assert.NotEqual(t, old.ID, got.ID, "the older resource is not this create's")
			assert.Len(t, fr2.f.NetworkLinkServices(), 2)
		})
	}
}
