package wrapper

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ccloud-go/networking/api"
	"github.com/ccloud-go/networking/fake"
)

// front serves a fake behind a rule that may take over any request: it
// answers itself (true) or lets the fake answer (false). It counts what
// the fake stores, not what the client reports.
type front struct {
	f    *fake.Server
	srv  *httptest.Server
	mu   sync.Mutex
	rule func(w http.ResponseWriter, r *http.Request, n int) bool
	seen map[string]int // requests per "METHOD path"
}

// frontSeed numbers the fronts' fakes; see newFront.
var frontSeed atomic.Uint64

func newFront(t *testing.T, rule func(w http.ResponseWriter, r *http.Request, n int) bool, opts ...fake.Option) *front {
	t.Helper()
	// Each front's fake has a seed of its own: fakes share the default seed,
	// so their ids repeat, and the program's record of claims (per base
	// URL, and httptest reuses ports) would take a new fake's first
	// resource for one an earlier test's create returned.
	seed := frontSeed.Add(1)
	f, err := fake.New(append([]fake.Option{fake.WithSeed(seed), fake.WithAPIKey(testKey, testSecret), fake.WithReadyAfter(0), fake.WithStrictReadOnly()}, opts...)...)
	require.NoError(t, err)
	fr := &front{f: f, rule: rule, seen: map[string]int{}}
	fr.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fr.mu.Lock()
		key := r.Method + " " + r.URL.Path
		fr.seen[key]++
		n := fr.seen[key]
		fr.mu.Unlock()
		if fr.rule != nil && fr.rule(w, r, n) {
			return
		}
		f.ServeHTTP(w, r)
	}))
	t.Cleanup(fr.srv.Close)
	return fr
}

// createCounted sends one network link service create (named name) through
// c and returns, beside its result and error, the ids the fake stored while it ran
// and how many of its create answers the fake lost after storing: what
// the server holds, whatever the client reports.
func (fr *front) createCounted(t *testing.T, c *Client, name string) (got *api.NetworkLinkService, made []string, lost int, err error) {
	t.Helper()
	before := map[string]bool{}
	for _, s := range fr.f.NetworkLinkServices() {
		before[s.ID] = true
	}
	creates, lostBefore := fr.f.Stats().Creates, fr.f.Stats().ResetsAfterSave
	got, err = c.NetworkLinkServices().Create(context.Background(), nlsCreate(name))
	for _, s := range fr.f.NetworkLinkServices() {
		if !before[s.ID] {
			made = append(made, s.ID)
		}
	}
	require.Len(t, made, fr.f.Stats().Creates-creates, "the setup: every resource stored in the create is listed by the fake")
	return got, made, fr.f.Stats().ResetsAfterSave - lostBefore, err
}

func (fr *front) count(method, path string) int {
	fr.mu.Lock()
	defer fr.mu.Unlock()
	return fr.seen[method+" "+path]
}

func (fr *front) client(t *testing.T, opts ...Option) *Client {
	t.Helper()
	c, err := New(append([]Option{WithBaseURL(fr.srv.URL), WithAPIKey(testKey, testSecret), WithRetryPolicy(fastRetries())}, opts...)...)
	require.NoError(t, err)
	return c
}

const (
	plaPath = "/networking/v1/private-link-accesses"
	nlsPath = "/networking/v1/network-link-services"
)

// storeThenHangUp lets the fake store a create, then drops the answer.
func storeThenHangUp(f *fake.Server, w http.ResponseWriter, r *http.Request) {
	rec := httptest.NewRecorder()
	f.ServeHTTP(rec, r)
	conn, _, err := w.(http.Hijacker).Hijack()
	if err == nil {
		_ = conn.Close()
	}
}

// storeAndHoldAnswer lets f store the create r, says so on stored, and
// holds its answer until release is closed.
func storeAndHoldAnswer(f *fake.Server, w http.ResponseWriter, r *http.Request, stored, release chan struct{}) {
	rec := httptest.NewRecorder()
	f.ServeHTTP(rec, r)
	close(stored)
	<-release
	relay(w, rec)
}

// lossyFront is a fake with no uniqueness rule that stores every create
// and loses its answer; opts add to the fake's options.
func lossyFront(t *testing.T, opts ...fake.Option) *front {
	var fr *front
	fr = newFront(t, func(w http.ResponseWriter, r *http.Request, n int) bool {
		if r.Method == http.MethodPost {
			storeThenHangUp(fr.f, w, r)
			return true
		}
		return false
	}, append([]fake.Option{fake.WithoutUniqueness()}, opts...)...)
	return fr
}

func hangUp(w http.ResponseWriter) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err == nil {
		_ = conn.Close()
	}
}

// Against a server with no uniqueness rule, creates whose answers
// are all lost store exactly one resource each and report it.
func TestLostCreateAnswersNeverDuplicate(t *testing.T) {
	for _, unnamed := range []bool{true, false} {
		fr := lossyFront(t)
		c := fr.client(t)
		ids := map[string]bool{}
		for i := range 20 {
			body := plaCreate(t, fmt.Sprintf("1234567890%02d", i))
			if unnamed {
				body.Spec.DisplayName = nil
			}
			got, err := c.PrivateLinkAccesses().Create(context.Background(), body)
			require.NoError(t, err, "create %d", i)
			require.NotNil(t, got.ID)
			ids[got.ID] = true
			_, account, _ := CloudAccount(got.Spec.Cloud)
			assert.Equal(t, fmt.Sprintf("1234567890%02d", i), account, "the resource returned is the one asked for")
		}
		assert.Len(t, ids, 20, "unnamed=%v: every call got its own resource", unnamed)
		assert.Len(t, fr.f.PrivateLinkAccesses(), 20, "unnamed=%v: stored exactly one per create", unnamed)
		assert.Equal(t, 20, fr.count(http.MethodPost, plaPath), "no create was sent twice")
	}
}

// A create whose answer was lost but that was not stored is sent again;
// one that was stored is not.
func TestLostCreateSentAgainOnlyWhenNothingStored(t *testing.T) {
	fr := newFront(t, func(w http.ResponseWriter, r *http.Request, n int) bool {
		if r.Method == http.MethodPost && n == 1 {
			hangUp(w) // lost before the fake saw it
			return true
		}
		return false
	}, fake.WithoutUniqueness())
	got, err := fr.client(t).NetworkLinkServices().Create(context.Background(), nlsCreate(""))
	require.NoError(t, err)
	assert.NotNil(t, got.ID)
	assert.Len(t, fr.f.NetworkLinkServices(), 1)
	assert.Equal(t, 2, fr.count(http.MethodPost, nlsPath))
	assert.Equal(t, 4, fr.count(http.MethodGet, nlsPath),
		"the list before sending, two a settle window apart that settled the first attempt, one after the success")
}

// A resource that matches the name but not every field sent is
// someone else's, whatever a 409 says.
func TestCreateNeverClaimsAnothersResource(t *testing.T) {
	fr := newFront(t, func(w http.ResponseWriter, r *http.Request, n int) bool {
		if r.Method == http.MethodPost && n == 2 {
			writeFailure(w, 503, "lost") // our create, not acted on
			return true
		}
		return false
	})
	c := fr.client(t)
	theirs := nlsCreate("shared-name")
	theirs.Spec.Description = Ptr("theirs")
	_, err := c.NetworkLinkServices().Create(context.Background(), theirs)
	require.NoError(t, err)

	mine := nlsCreate("shared-name")
	mine.Spec.Description = Ptr("mine")
	mine.Spec.Accept = &api.NetworkLinkServiceAcceptPolicy{Environments: &[]string{"env-other"}}
	got, err := c.NetworkLinkServices().Create(context.Background(), mine)
	assert.Nil(t, got)
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrConflict, "the fake's 409 on the retry is a real conflict")
	assert.NotErrorIs(t, err, ErrOutcomeUnknown)
	assert.Len(t, fr.f.NetworkLinkServices(), 1)
}

// A 409 on the first attempt is a plain conflict: nothing is read but the
// list each create takes before it is sent.
func TestCreateConflictWithoutDoubt(t *testing.T) {
	fr := newFront(t, nil)
	c := fr.client(t)
	_, err := c.NetworkLinkServices().Create(context.Background(), nlsCreate("one"))
	require.NoError(t, err)
	_, err = c.NetworkLinkServices().Create(context.Background(), nlsCreate("one"))
	assert.ErrorIs(t, err, ErrConflict)
	assert.NotErrorIs(t, err, ErrOutcomeUnknown)
	assert.Equal(t, 2, fr.count(http.MethodGet, nlsPath), "one list before each create")
}

// A 5xx from a server that stored the create: settled by reading, and the
// stored resource is returned.
func TestCreateStoredBehindServerError(t *testing.T) {
	fr := newFront(t, nil, fake.WithoutUniqueness(), fake.WithServerErrorsAfterCreate(1))
	got, err := fr.client(t).PrivateLinkAccesses().Create(context.Background(), plaCreate(t, "123456789012"))
	require.NoError(t, err)
	assert.Equal(t, fr.f.PrivateLinkAccesses()[0].ID, got.ID)
	assert.Len(t, fr.f.PrivateLinkAccesses(), 1)
}

// Two stored resources that both match: the call cannot tell which is its
// own, and says so with both as candidates.
func TestCreateWithSeveralCandidatesIsUnknown(t *testing.T) {
	var fr *front
	fr = newFront(t, func(w http.ResponseWriter, r *http.Request, n int) bool {
		if r.Method != http.MethodPost {
			return false
		}
		// Someone else makes the same resource just as ours is lost.
		raw, _ := jsonBody(r)
		fr.f.ServeHTTP(httptest.NewRecorder(), withBody(r, raw))
		storeThenHangUp(fr.f, w, withBody(r, raw))
		return true
	}, fake.WithoutUniqueness())
	body := plaCreate(t, "123456789012")
	body.Spec.DisplayName = nil
	_, err := fr.client(t).PrivateLinkAccesses().Create(context.Background(), body)
	var unknown *OutcomeUnknownError
	require.ErrorAs(t, err, &unknown)
	assert.ErrorIs(t, err, ErrOutcomeUnknown)
	assert.Len(t, unknown.Candidates, 2)
	assert.Contains(t, err.Error(), "2 stored resources match it")
	require.Len(t, unknown.CandidateIDs, 2)
	for i, cand := range unknown.Candidates {
		pla, ok := cand.(api.PrivateLinkAccess)
		require.True(t, ok, "a candidate is the handle's model, %T", cand)
		assert.Equal(t, pla.ID, unknown.CandidateIDs[i])
		assert.Contains(t, err.Error(), pla.ID)
	}
	assert.Len(t, fr.f.PrivateLinkAccesses(), 2, "nothing more was stored")
}

// A create whose deadline passes while its answer is awaited is
// an unknown outcome, one error type, not a transport error alone.
func TestTimedOutCreateIsUnknown(t *testing.T) {
	release := make(chan struct{})
	var fr *front
	fr = newFront(t, func(w http.ResponseWriter, r *http.Request, n int) bool {
		if r.Method == http.MethodPost {
			fr.f.ServeHTTP(httptest.NewRecorder(), r)
			<-release
			return true
		}
		return false
	}, fake.WithoutUniqueness())
	defer close(release)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	_, err := fr.client(t).PrivateLinkAccesses().Create(ctx, plaCreate(t, "123456789012"))
	var unknown *OutcomeUnknownError
	require.ErrorAs(t, err, &unknown)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Error(t, unknown.ReadErr, "reading back needs the context that ended")
	var te *TransportError
	assert.ErrorAs(t, err, &te)

	// With a per-attempt timeout and time left, the same loss is settled.
	hc := &http.Client{Timeout: 200 * time.Millisecond}
	got, err := fr.client(t, WithHTTPClient(hc)).PrivateLinkAccesses().Create(context.Background(), plaCreate(t, "123456789013"))
	require.NoError(t, err)
	assert.NotNil(t, got.ID)
	assert.Len(t, fr.f.PrivateLinkAccesses(), 2)
}

// A success answer without what the spec requires is a
// *DecodeError, never a resource with a nil id.
func TestEmptySuccessBodiesAreDecodeErrors(t *testing.T) {
	for _, body := range []string{`null`, `{}`, `{"id":"pla-1"}`, ``} {
		s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(body))
		})
		got, err := newTestClient(t, s).PrivateLinkAccesses().Get(context.Background(), "env-1", "pla-1")
		assert.Nil(t, got, body)
		var de *DecodeError
		require.ErrorAs(t, err, &de, body)
		assert.Equal(t, 200, de.StatusCode)
		assert.EqualValues(t, fastRetries().MaxAttempts, s.hits.Load(), "%q: a malformed read is retried", body)
	}
	for _, body := range []string{`{}`, `{"data":[null],"metadata":{}}`, `{"data":[{}],"metadata":{}}`} {
		s := newServer(t, func(w http.ResponseWriter, r *http.Request) { writeRaw(w, 200, body) })
		_, _, err := newTestClient(t, s).PrivateLinkAccesses().List(context.Background(), "env-1", nil)
		var de *DecodeError
		assert.ErrorAs(t, err, &de, body)
	}
	// A create answered 202 with an empty document was stored: it is
	// settled by reading, never sent again.
	var fr *front
	fr = newFront(t, func(w http.ResponseWriter, r *http.Request, n int) bool {
		if r.Method == http.MethodPost {
			fr.f.ServeHTTP(httptest.NewRecorder(), r)
			writeRaw(w, 202, `{}`)
			return true
		}
		return false
	}, fake.WithoutUniqueness())
	got, err := fr.client(t).PrivateLinkAccesses().Create(context.Background(), plaCreate(t, "123456789012"))
	require.NoError(t, err)
	assert.NotNil(t, got.ID)
	assert.Equal(t, 1, fr.count(http.MethodPost, plaPath))
}

func writeRaw(w http.ResponseWriter, code int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_, _ = w.Write([]byte(body))
}

// A cut body is retried for a read, and when retries run out the
// error keeps the status and request id.
func TestCutAnswersAreRetriedAndKeepTheirStatus(t *testing.T) {
	var cut atomic.Int64
	cut.Store(2)
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		if cut.Add(-1) >= 0 {
			w.Header().Set("X-Request-Id", "req-cut")
			w.Header().Set("Content-Length", "400")
			w.WriteHeader(200)
			_, _ = w.Write([]byte(`{"id":"pla-1","spe`))
			return
		}
		writeJSON(w, 200, plaDoc("pla-1", "READY", awsCloudDoc("123456789012")))
	})
	got, err := newTestClient(t, s).PrivateLinkAccesses().Get(context.Background(), "env-1", "pla-1")
	require.NoError(t, err)
	assert.Equal(t, "pla-1", got.ID)
	assert.EqualValues(t, 3, s.hits.Load())

	cut.Store(100)
	_, err = newTestClient(t, s).PrivateLinkAccesses().Get(context.Background(), "env-1", "pla-1")
	var te *TransportError
	require.ErrorAs(t, err, &te)
	assert.Equal(t, 200, te.StatusCode)
	assert.Equal(t, "req-cut", te.RequestID)
	assert.Equal(t, fastRetries().MaxAttempts, te.Attempts)
	assert.NotErrorIs(t, err, ErrOutcomeUnknown, "a read changes nothing")
}

// An update whose every attempt met a 5xx may have been applied.
func TestUpdateEndingInServerErrorsIsUnknown(t *testing.T) {
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) { writeFailure(w, 503, "busy") })
	_, err := newTestClient(t, s, WithoutPacing()).PrivateLinkAccesses().Update(context.Background(), "env-1", "pla-1", plaUpdate())
	var unknown *OutcomeUnknownError
	require.ErrorAs(t, err, &unknown)
	assert.Equal(t, "update", unknown.Op)
	assert.ErrorIs(t, err, ErrServer)
	assert.EqualValues(t, fastRetries().MaxAttempts, s.hits.Load())
	err = newTestClient(t, s, WithoutPacing()).PrivateLinkAccesses().Delete(context.Background(), "env-1", "pla-1")
	assert.ErrorIs(t, err, ErrOutcomeUnknown)
}

// A model read back and sent again carries read-only reference fields; the
// wrapper drops them, so a strict server accepts it.
func TestReadBackValuesCanBeSentAgain(t *testing.T) {
	fr := newFront(t, nil) // strict about read-only properties
	c := fr.client(t)
	created, err := c.PrivateLinkAccesses().Create(context.Background(), plaCreate(t, "123456789012"))
	require.NoError(t, err)
	got, err := c.PrivateLinkAccesses().Get(context.Background(), "env-1", created.ID)
	require.NoError(t, err)
	require.NotNil(t, got.Spec.Environment.Related, "the fake fills in read-only fields")
	name := "again"
	_, err = c.PrivateLinkAccesses().Update(context.Background(), got.Spec.Environment.ID, got.ID, api.PrivateLinkAccessUpdateRequest{
		Spec: api.PrivateLinkAccessSpecUpdate{DisplayName: &name, Environment: got.Spec.Environment}})
	require.NoError(t, err)
	again := plaCreate(t, "123456789013")
	again.Spec.Network, again.Spec.Environment = got.Spec.Network, got.Spec.Environment
	_, err = c.PrivateLinkAccesses().Create(context.Background(), again)
	require.NoError(t, err)
}

// The case recorded answers broke (shared/upstream BEHAVIOUR.md): against a
// server that spells union kinds networking.v1.<Schema>, stores every
// create and loses its answer, 10 named creates each of peerings, transit
// gateway attachments and private link accesses store one resource apiece,
// each returned to its caller, none sent twice: the create rule reads back
// the recorded spelling as the kind it sent.
func TestLostCreatesAgainstRecordedKinds(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		path   string
		create func(c *Client, i int) (string, json.Marshaler, error)
		stored func(f *fake.Server) int
	}{
		{"/networking/v1/peerings", func(c *Client, i int) (string, json.Marshaler, error) {
			name := fmt.Sprint("peer-", i)
			p, err := c.Peerings().Create(ctx, api.PeeringCreateRequest{Spec: api.PeeringSpec{DisplayName: &name, Environment: envRef(), Network: netRef(),
				Cloud: AWSPeering("123456789012", fmt.Sprint("vpc-", i), "us-east-2", "10.0.0.0/16")}})
			if err != nil {
				return "", nil, err
			}
			return p.ID, p.Spec.Cloud, nil
		}, func(f *fake.Server) int { return len(f.Peerings()) }},
		{"/networking/v1/transit-gateway-attachments", func(c *Client, i int) (string, json.Marshaler, error) {
			name := fmt.Sprint("tgwa-", i)
			a, err := c.TransitGatewayAttachments().Create(ctx, api.TransitGatewayAttachmentCreateRequest{Spec: api.TransitGatewayAttachmentSpec{
				DisplayName: &name, Environment: envRef(), Network: netRef(), Cloud: AWSTransitGateway(fmt.Sprint("arn:aws:ram:us-east-2:123456789012:resource-share/", i), "tgw-1", "10.2.0.0/16")}})
			if err != nil {
				return "", nil, err
			}
			return a.ID, a.Spec.Cloud, nil
		}, func(f *fake.Server) int { return len(f.TransitGatewayAttachments()) }},
		{plaPath, func(c *Client, i int) (string, json.Marshaler, error) {
			p, err := c.PrivateLinkAccesses().Create(ctx, plaCreate(t, fmt.Sprintf("1234567890%02d", i)))
			if err != nil {
				return "", nil, err
			}
			return p.ID, p.Spec.Cloud, nil
		}, func(f *fake.Server) int { return len(f.PrivateLinkAccesses()) }},
	} {
		fr := lossyFront(t, fake.WithRecordedKinds())
		c := fr.client(t)
		ids := map[string]bool{}
		for i := range 10 {
			id, cloud, err := tc.create(c, i)
			require.NoError(t, err, "%s create %d", tc.path, i)
			ids[id] = true
			// What the create returned was read back in the recorded
			// spelling: without it this test would pass against a fake
			// answering in the document's.
			raw, err := cloud.MarshalJSON()
			require.NoError(t, err)
			assert.Contains(t, string(raw), `"kind":"networking.v1.`, "%s create %d", tc.path, i)
		}
		assert.Len(t, ids, 10, "%s: every call got its own resource", tc.path)
		assert.Equal(t, 10, tc.stored(fr.f), "%s: 0 extra resources", tc.path)
		assert.Equal(t, 10, fr.count(http.MethodPost, tc.path), "%s: no create sent twice", tc.path)
	}
}

// A union read back in the recorded spelling is sent again in the
// document's: the wrapper sends only the spelling the enums give.
func TestReadBackKindsAreSentInTheDocumentsSpelling(t *testing.T) {
	var mu sync.Mutex
	var kinds []string
	fr := newFront(t, func(w http.ResponseWriter, r *http.Request, n int) bool {
		if r.Method == http.MethodPost {
			raw, err := io.ReadAll(r.Body)
			require.NoError(t, err)
			var body struct {
				Spec struct{ Cloud struct{ Kind string } }
			}
			require.NoError(t, json.Unmarshal(raw, &body))
			mu.Lock()
			kinds = append(kinds, body.Spec.Cloud.Kind)
			mu.Unlock()
			r.Body = io.NopCloser(bytes.NewReader(raw))
		}
		return false
	}, fake.WithRecordedKinds())
	c := fr.client(t)
	ctx := context.Background()
	created, err := c.Peerings().Create(ctx, api.PeeringCreateRequest{Spec: api.PeeringSpec{Environment: envRef(), Network: netRef(),
		Cloud: GCPPeering("project-1", "vpc-1", true)}})
	require.NoError(t, err)
	raw, err := created.Spec.Cloud.MarshalJSON()
	require.NoError(t, err)
	require.Contains(t, string(raw), `"networking.v1.GcpPeering"`, "the fake answered in the recorded spelling")
	again := api.PeeringCreateRequest{Spec: api.PeeringSpec{Environment: created.Spec.Environment, Network: api.ObjectReference{ID: "n-2"},
		Cloud: created.Spec.Cloud}}
	_, err = c.Peerings().Create(ctx, again)
	require.NoError(t, err)
	mu.Lock()
	defer mu.Unlock()
	assert.Equal(t, []string{PeeringGCP, PeeringGCP}, kinds)
}
