package wrapper

// Creates that run at once, on one client or several of one program: a
// resource is returned to one create only.

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
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

// Two clients in one program, identical creates: A is stored but its
// answer is slow; B is answered 500 with nothing stored. The promise is
// per client (doc.go), but B's listing before its first send already
// shows A's resource, so B never takes it.
func TestTwoClientsIdenticalCreatesOneSlowAnswer(t *testing.T) {
	stored, release := make(chan struct{}), make(chan struct{})
	var fr *front
	fr = newFront(t, func(w http.ResponseWriter, r *http.Request, n int) bool {
		switch {
		case r.Method == http.MethodPost && n == 1:
			storeAndHoldAnswer(fr.f, w, r, stored, release)
			return true
		case r.Method == http.MethodPost:
			writeFailure(w, http.StatusInternalServerError, "not stored")
			return true
		}
		return false
	}, fake.WithoutUniqueness())
	a, b := fr.client(t), fr.client(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	ids := make(chan string, 2)
	go func() {
		got, err := a.NetworkLinkServices().Create(ctx, nlsCreate("svc"))
		if err != nil {
			ids <- "A: " + err.Error()
			return
		}
		ids <- got.ID
	}()
	<-stored
	gotB, errB := b.NetworkLinkServices().Create(ctx, nlsCreate("svc"))
	close(release)
	idA := <-ids
	require.Error(t, errB, "B stored nothing")
	assert.Nil(t, gotB)
	var unknown *OutcomeUnknownError
	assert.False(t, errors.As(errB, &unknown), "B's outcome is known: %v", errB)
	assert.True(t, strings.HasPrefix(idA, "nls-"), "A got its resource: %s", idA)
	assert.Len(t, fr.f.NetworkLinkServices(), 1)
}

// Two clients in one program, identical creates, and B's listing before
// its first send taken before A's create is stored: A is stored but its
// answer is held; B is answered 500 with nothing stored, and its reading
// shows A's resource. The program's creates share one record of claims
// and of answers on their way, so B waits for A's answer and never
// returns A's resource (with a record per client both returned it).
func TestTwoClientsNeverReturnOneResourceToTwoCreates(t *testing.T) {
	fr, r1, r2 := heldAnswerAndA500(t, func(fr *front, p RetryPolicy) *Client { return fr.client(t, WithRetryPolicy(p)) })
	var ids []string
	for _, r := range []svcResult{r1, r2} {
		if r.err == nil {
			ids = append(ids, r.id)
		}
	}
	require.Len(t, ids, 1, "one create stored, one succeeds: %v / %v", r1.err, r2.err)
	assert.Len(t, fr.f.NetworkLinkServices(), 1)
	assert.Equal(t, fr.f.NetworkLinkServices()[0].ID, ids[0])
}

// heldAnswerAndA500 runs two identical creates side by side against a
// front without uniqueness: A's (through fr.client) is stored and its
// answer held; B's (through the Client second makes) is answered 500 with
// nothing stored, and A's answer is let go once B reads after it. It
// returns the front and both creates' results.
func heldAnswerAndA500(t *testing.T, second func(fr *front, p RetryPolicy) *Client) (*front, svcResult, svcResult) {
	t.Helper()
	aArrived, bArrived, stored, release := make(chan struct{}), make(chan struct{}), make(chan struct{}), make(chan struct{})
	var once sync.Once
	var failed atomic.Bool
	var fr *front
	fr = newFront(t, func(w http.ResponseWriter, r *http.Request, n int) bool {
		switch {
		case r.Method == http.MethodPost && n == 1: // A's
			close(aArrived)
			<-bArrived
			storeAndHoldAnswer(fr.f, w, r, stored, release)
			return true
		case r.Method == http.MethodPost && n == 2: // B's
			close(bArrived)
			<-stored
			writeFailure(w, http.StatusInternalServerError, "not stored")
			failed.Store(true)
			return true
		case r.Method == http.MethodPost:
			writeFailure(w, http.StatusInternalServerError, "not stored")
			return true
		case r.Method == http.MethodGet && failed.Load(): // B reads after its 500: let A's answer go
			once.Do(func() { close(release) })
		}
		return false
	}, fake.WithoutUniqueness())
	p := fastRetries()
	p.MaxAttempts = 2
	a, b := fr.client(t, WithRetryPolicy(p)), second(fr, p)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	results := make(chan svcResult, 2)
	go createSvc(ctx, a, results)
	<-aArrived
	go createSvc(ctx, b, results)
	return fr, <-results, <-results
}

// Two identical creates at once on one Client; one is refused with a 503
// before storing, the other is stored and its answer lost. The two never
// settle on the same resource, both reporting success: each ends with one
// resource of its own.
func TestConcurrentIdenticalCreatesNeverShareAResource(t *testing.T) {
	stored := make(chan struct{})
	var fr *front
	fr = newFront(t, func(w http.ResponseWriter, r *http.Request, n int) bool {
		if r.Method != http.MethodPost {
			return false
		}
		switch n {
		case 1:
			<-stored
			writeFailure(w, 503, "not stored")
		case 2:
			storeThenHangUp(fr.f, w, r)
			close(stored)
		default:
			return false
		}
		return true
	}, fake.WithoutUniqueness())
	c := fr.client(t)
	ids := make(chan string, 2)
	errs := make(chan error, 2)
	for range 2 {
		go func() {
			got, err := c.NetworkLinkServices().Create(context.Background(), nlsCreate("svc"))
			errs <- err
			if err == nil {
				ids <- got.ID
			}
		}()
	}
	e1, e2 := <-errs, <-errs
	require.NoError(t, e1)
	require.NoError(t, e2)
	a, b := <-ids, <-ids
	assert.NotEqual(t, a, b, "two successful creates returned the same resource")
	assert.Len(t, fr.f.NetworkLinkServices(), 2, "one resource each")
}

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
	results := make(chan svcResult, 2)
	go createSvc(ctx, c, results)
	<-stored
	go createSvc(ctx, c, results)
	a, b := <-results, <-results
	require.NoError(t, a.err)
	require.NoError(t, b.err)
	assert.NotEqual(t, a.id, b.id, "two creates returned one resource")
	assert.Len(t, fr.f.NetworkLinkServices(), 2, "one resource each")
}

// svcResult is what a create of nlsCreate("svc") returned: the resource's
// id, or the error.
type svcResult struct {
	id  string
	err error
}

// createSvc creates nlsCreate("svc") through c and sends what it returned
// on results, for creates run side by side.
func createSvc(ctx context.Context, c *Client, results chan<- svcResult) {
	got, err := c.NetworkLinkServices().Create(ctx, nlsCreate("svc"))
	if err != nil {
		results <- svcResult{err: err}
		return
	}
	results <- svcResult{id: got.ID}
}
