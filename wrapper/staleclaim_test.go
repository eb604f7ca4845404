package wrapper

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ccloud-go/networking/fake"
)

// Ordinary use behind a list lag: one client creates the same network
// link service 40 times in a loop, deleting every 4th after; 15% of the
// answers are lost after the store. The previous create's resource,
// claimed and fresh, is missing from the next create's first listing (the
// list lags), and was taken for a stale claim from an earlier server that
// reused its id: before the claim held created_at, 6 of 40 creates ended
// unknown that way at 50 ms of lag and 5 at 300 ms. The claim now holds
// the resource's created_at, so the same resource read again is told from
// a new one with the id reused: no unknown comes from that rule, and no create returns
// success for anything but the one resource it stored.
func TestIdenticalCreatesInALoopBehindAListLagAreNotStaleClaims(t *testing.T) {
	for _, lag := range []time.Duration{50 * time.Millisecond, 300 * time.Millisecond} {
		t.Run(lag.String(), func(t *testing.T) {
			fr := newFront(t, nil, fake.WithoutUniqueness(), fake.WithListLag(lag), fake.WithResetsAfterCreate(0.15))
			policy := fastRetries()
			policy.SettleDelay, policy.MaxSettle = 100*time.Millisecond, 2*time.Second
			c := fr.client(t, WithRetryPolicy(policy))
			ok, unknown, staleUnknown, falseSuccess, extra, lost := 0, 0, 0, 0, 0, 0
			for i := range 40 {
				got, made, lostNow, err := fr.createCounted(t, c, "svc")
				extra += max(0, len(made)-1)
				lost += lostNow
				switch {
				case err == nil:
					ok++
					if len(made) != 1 || made[0] != got.ID {
						falseSuccess++
						t.Logf("create %d: success with %s while it stored %v", i, got.ID, made)
					}
					if i%4 == 0 {
						require.NoError(t, c.NetworkLinkServices().Delete(context.Background(), "env-1", got.ID))
					}
				case errors.Is(err, ErrOutcomeUnknown):
					unknown++
					if errors.Is(err, errStaleClaim) {
						staleUnknown++
					}
					t.Logf("create %d: stored %v: %v", i, made, err)
				default:
					t.Fatalf("create %d: stored %v, yet a plain error: %v", i, made, err)
				}
			}
			t.Logf("list lag %v: 40 identical creates, every 4th deleted after, %d answers lost after the store: success %d, unknown %d (stale claim %d), extra stored %d, false successes %d",
				lag, lost, ok, unknown, staleUnknown, extra, falseSuccess)
			require.Positive(t, lost, "the setup: some answers are lost after the store")
			assert.Zero(t, falseSuccess, "success for a resource that is not the one the create stored")
			assert.Zero(t, staleUnknown, "unknown because the previous create's resource lags in the list")
			// A success stored exactly one resource (checked above). Lists
			// 50 ms behind fit in the 100 ms settle window: no second copy.
			// Lists 300 ms behind do not: a create whose answer is lost
			// before this program has seen the lag cannot see its resource
			// in time, sends again, and gives up as unknown with up to one
			// copy more; later creates wait for the lag they learned.
			if lag < policy.SettleDelay {
				assert.Zero(t, extra, "resources stored beyond one per create")
			} else {
				assert.LessOrEqual(t, extra, unknown, "a second copy is stored only by a create that reports its outcome unknown")
				assert.LessOrEqual(t, unknown, 4, "unknowns once the lag is known")
			}
		})
	}
}

// stampedServer serves f on addr ("127.0.0.1:0" for any port). With
// stamp set, every created_at in its answers reads stamp: a server that
// stamps whole seconds, with its resources made within one second. With
// hangsUp, creates (POST) are passed through as they are, so that f can
// hang up on them.
func stampedServer(t *testing.T, addr string, f *fake.Server, stamp string, hangsUp bool) (base string, stop func()) {
	t.Helper()
	ln, err := net.Listen("tcp", addr)
	require.NoError(t, err, "the address of the first server was taken meanwhile")
	srv := &http.Server{ReadHeaderTimeout: 10 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if stamp == "" || hangsUp && r.Method == http.MethodPost {
			f.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		f.ServeHTTP(rec, r)
		var doc any
		if json.Unmarshal(rec.Body.Bytes(), &doc) != nil {
			w.WriteHeader(rec.Code)
			_, _ = w.Write(rec.Body.Bytes())
			return
		}
		restamp(doc, stamp)
		writeJSON(w, rec.Code, doc)
	})}
	go func() { _ = srv.Serve(ln) }()
	return "http://" + ln.Addr().String(), func() { _ = srv.Close() }
}

// restamp sets every metadata.created_at in doc to stamp.
func restamp(doc any, stamp string) {
	switch v := doc.(type) {
	case map[string]any:
		if md, ok := v["metadata"].(map[string]any); ok {
			if _, ok := md["created_at"]; ok {
				md["created_at"] = stamp
			}
		}
		for _, x := range v {
			restamp(x, stamp)
		}
	case []any:
		for _, x := range v {
			restamp(x, stamp)
		}
	}
}

// A test suite starts a server, creates, stops it, and starts another one
// on the same address with the same seed: the second hands out the first
// id again. The second server's create loses its answer after the store.
// With created_at to the microsecond (as the recorded answers and now the
// fake give it), the resource read is told from the one the first
// server's create claimed: the claim is dropped and the create returns its
// own resource, one stored (it was unknown, by the stale-claim rule).
// With created_at in whole seconds, equal on both servers, nothing tells
// the two apart. Taking the resource read for the claimed one hid the
// create's own: it settled as nothing stored, sent again, and returned the
// second copy as success with 2 stored (checked by making whole seconds
// count as telling). So an equal created_at in whole seconds keeps the
// stale-claim rule: unknown, with the resource among the candidates.
func TestReusedIDIsToldApartByCreatedAt(t *testing.T) {
	for name, stamp := range map[string]string{"created_at to the microsecond": "", "created_at equal, whole seconds": "2026-01-02T03:04:05Z"} {
		t.Run(name, func(t *testing.T) {
			policy := fastRetries()
			policy.SettleDelay, policy.MaxSettle = 50*time.Millisecond, time.Second
			seed := frontSeed.Add(1)
			first, err := fake.New(fake.WithSeed(seed), fake.WithAPIKey(testKey, testSecret), fake.WithoutUniqueness())
			require.NoError(t, err)
			base, stop := stampedServer(t, "127.0.0.1:0", first, stamp, false)
			c1, err := New(WithBaseURL(base), WithAPIKey(testKey, testSecret), WithRetryPolicy(policy))
			require.NoError(t, err)
			one, err := c1.NetworkLinkServices().Create(context.Background(), nlsCreate("svc"))
			require.NoError(t, err)
			stop()

			second, err := fake.New(fake.WithSeed(seed), fake.WithAPIKey(testKey, testSecret), fake.WithoutUniqueness(), fake.WithResetsAfterCreate(1))
			require.NoError(t, err)
			base2, stop2 := stampedServer(t, strings.TrimPrefix(base, "http://"), second, stamp, true)
			defer stop2()
			c2, err := New(WithBaseURL(base2), WithAPIKey(testKey, testSecret), WithRetryPolicy(policy))
			require.NoError(t, err)
			got, err := c2.NetworkLinkServices().Create(context.Background(), nlsCreate("svc"))
			stored := second.NetworkLinkServices()
			require.NotEmpty(t, stored)
			require.Equal(t, one.ID, stored[0].ID, "the setup: both servers hand out the same first id")
			t.Logf("stored %d; err %v", len(stored), err)
			if stamp == "" {
				require.NoError(t, err, "the created_at differs: another resource, this create's own")
				assert.Len(t, stored, 1)
				assert.Equal(t, stored[0].ID, got.ID)
				return
			}
			require.ErrorIs(t, err, ErrOutcomeUnknown, "nothing tells the resource from the claimed one")
			assert.ErrorIs(t, err, errStaleClaim)
			assert.Len(t, stored, 1, "unknown at once, not sent again")
			var unk *OutcomeUnknownError
			require.ErrorAs(t, err, &unk)
			assert.Contains(t, unk.CandidateIDs, stored[0].ID)
		})
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

// storedPLAs counts the private link accesses f holds.
func storedPLAs(t *testing.T, f *fake.Server) int {
	t.Helper()
	for _, c := range f.Collections() {
		if c.Path == "/networking/v1/private-link-accesses" {
			return c.Stored
		}
	}
	t.Fatal("the fake serves no private link accesses")
	return 0
}

// A suite of tests, each with a fake of its own on one address (a fixed
// port, or one the kernel hands out again), each creating through a lost
// answer. The claims of the first test's client must not make the second
// test's create disown the resource its fake stored: every fake stores one
// resource and every create returns it.
func TestSequentialFakesOnOneAddressEachCreateOnce(t *testing.T) {
	addr := ""
	for i := range 3 {
		opts := []fake.Option{fake.WithResetsAfterCreate(1), fake.WithoutUniqueness()}
		var f *fake.Running
		var err error
		if addr == "" {
			f, err = fake.Start(opts...)
			require.NoError(t, err)
			addr = f.URL[len("http://"):]
		} else {
			f, err = fake.StartOn(addr, opts...)
			require.NoError(t, err, "the address of the first fake was taken meanwhile")
		}
		policy := fastRetries()
		policy.SettleDelay, policy.MaxSettle = 50*time.Millisecond, 50*time.Millisecond
		c, err := New(WithBaseURL(f.URL), WithAPIKey(f.Key, f.Secret), WithRetryPolicy(policy))
		require.NoError(t, err)
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		got, err := c.PrivateLinkAccesses().Create(ctx, plaCreate(t, "123456789012"))
		cancel()
		stored := storedPLAs(t, f.Server)
		require.NoError(t, f.Close())
		require.NoError(t, err, "fake %d", i)
		assert.Equal(t, 1, stored, "fake %d: resources stored for one create", i)
		require.NotNil(t, got.ID)
	}
}

// Two identical creates of one program, no list lag: B's first listing
// is read on the server before A's resource is stored, but its answer
// arrives after A has returned (and claimed) it. B's first attempt is
// answered 500 with nothing stored, so B settles and reads A's resource.
// A's claim is older than B's record, yet the resource was stored after
// B's listing was taken, so it is no sign of a list behind the store or
// of a reused id: B must send again and return a resource of its own.
// The claim's age is compared with when B's listing was taken, not with
// when B was recorded (after its listing), which made B report its outcome
// unknown.
func TestClaimMadeWhileTheFirstListingIsOnItsWayIsNotStale(t *testing.T) {
	listed, release := make(chan struct{}), make(chan struct{})
	var fr *front
	fr = newFront(t, func(w http.ResponseWriter, r *http.Request, n int) bool {
		switch {
		case r.Method == http.MethodGet && r.URL.Path == nlsPath && n == 1: // B's first listing
			rec := httptest.NewRecorder()
			fr.f.ServeHTTP(rec, r) // read now, answered later
			close(listed)
			<-release
			relay(w, rec)
			return true
		case r.Method == http.MethodPost && r.URL.Path == nlsPath && n == 2: // B's first attempt
			writeFailure(w, http.StatusInternalServerError, "nothing stored")
			return true
		}
		return false
	}, fake.WithoutUniqueness())
	pol := fastRetries()
	pol.SettleDelay, pol.MaxSettle = 50*time.Millisecond, time.Second
	c := fr.client(t, WithRetryPolicy(pol))
	bDone := make(chan svcResult, 1)
	go createSvc(context.Background(), c, bDone)
	<-listed
	a, err := c.NetworkLinkServices().Create(context.Background(), nlsCreate("svc"))
	require.NoError(t, err)
	close(release)
	b := <-bDone
	require.NoError(t, b.err, "B stored nothing on its first attempt and nothing is in doubt once it has read")
	assert.NotEqual(t, a.ID, b.id, "one resource returned to two creates")
	assert.Len(t, fr.f.NetworkLinkServices(), 2)
}
