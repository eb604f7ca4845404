package wrapper

// Settling a create in doubt: a store later than its failed answer
// (behind a 504 or an attempt timeout) is found within the settle window,
// which covers as long as the attempt waited, not sent again; one later
// than the window is never a false success; and a 409 after a doubt is
// read by its Location.

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ccloud-go/networking/fake"
)

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

// A gateway answers 504 while the backend goes on and stores the create a
// little later: the create is not sent again, one resource is stored.
// (A read-back run at once saw nothing and sent it again: two stored.)
func TestCreateStoredLateBehindA504IsNotSentAgain(t *testing.T) {
	var fr *front
	fr = newFront(t, func(w http.ResponseWriter, r *http.Request, n int) bool {
		if r.Method == http.MethodPost && n == 1 {
			raw, _ := jsonBody(r)
			req := withBody(r, raw).WithContext(context.Background())
			go func() {
				time.Sleep(300 * time.Millisecond) // backend still working
				fr.f.ServeHTTP(httptest.NewRecorder(), req)
			}()
			writeFailure(w, http.StatusGatewayTimeout, "upstream timed out")
			return true
		}
		return false
	}, fake.WithoutUniqueness())
	got, err := fr.client(t).NetworkLinkServices().Create(context.Background(), nlsCreate("svc"))
	require.NoError(t, err)
	require.NotNil(t, got)
	time.Sleep(500 * time.Millisecond)
	assert.Len(t, fr.f.NetworkLinkServices(), 1, "one create, one resource")
}

// The same with the client's own per-attempt timeout (http.Client.Timeout,
// which the default client sets to 60s): one create, one resource.
func TestCreateStoredLateAfterAnAttemptTimeoutIsNotSentAgain(t *testing.T) {
	var fr *front
	fr = newFront(t, func(w http.ResponseWriter, r *http.Request, n int) bool {
		if r.Method == http.MethodPost && n == 1 {
			raw, _ := jsonBody(r)
			time.Sleep(300 * time.Millisecond)
			fr.f.ServeHTTP(httptest.NewRecorder(), withBody(r, raw).WithContext(context.Background()))
			return true
		}
		return false
	}, fake.WithoutUniqueness())
	c := fr.client(t, WithHTTPClient(&http.Client{Timeout: 100 * time.Millisecond}))
	_, err := c.NetworkLinkServices().Create(context.Background(), nlsCreate("svc"))
	require.NoError(t, err)
	time.Sleep(500 * time.Millisecond)
	assert.Len(t, fr.f.NetworkLinkServices(), 1, "one create, one resource")
}

// After a 500 that stored nothing, the second attempt is stored but
// answered 409 with the Location of another, older resource: the create's
// own resource (listed) is returned; nothing else is stored.
func TestStoredThenConflictNamingAnotherResource(t *testing.T) {
	var fr *front
	foreign := ""
	fr = newFront(t, func(w http.ResponseWriter, r *http.Request, n int) bool {
		if r.Method != http.MethodPost || r.URL.Path != nlsPath || foreign == "" {
			return false
		}
		switch n {
		case 2:
			writeFailure(w, http.StatusInternalServerError, "nothing stored")
		case 3:
			rec := httptest.NewRecorder()
			fr.f.ServeHTTP(rec, r)
			w.Header().Set("Location", nlsPath+"/"+foreign)
			writeFailure(w, http.StatusConflict, "already exists")
		default:
			return false
		}
		return true
	}, fake.WithoutUniqueness())
	c := fr.client(t)
	ctx := context.Background()
	old, err := c.NetworkLinkServices().Create(ctx, nlsCreate("svc"))
	require.NoError(t, err)
	foreign = old.ID
	got, err := c.NetworkLinkServices().Create(ctx, nlsCreate("svc"))
	require.NoError(t, err)
	assert.NotEqual(t, old.ID, got.ID)
	assert.Len(t, fr.f.NetworkLinkServices(), 2, "one per create")
	assert.Equal(t, 3, fr.count(http.MethodPost, nlsPath))
}
