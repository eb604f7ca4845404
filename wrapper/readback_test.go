package wrapper

// A create whose answer is lost reads back what was stored: it knows its
// own resource however the list spells the cloud's kind (the recorded
// spelling) or pages it (behind an unfiltered first page), and never
// adopts an older identical one. Counted by what the server stores.

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ccloud-go/networking/api"
	"github.com/ccloud-go/networking/fake"
)

// recordedKinds serves a list through the fake, spelling union kinds as
// the recorded answers do ("networking.v1.AwsPrivateLinkAccess";
// BEHAVIOUR.md).
func recordedKinds(f *fake.Server, w http.ResponseWriter, r *http.Request) {
	rec := httptest.NewRecorder()
	f.ServeHTTP(rec, r)
	body := bytes.ReplaceAll(rec.Body.Bytes(), []byte(`"kind":"AwsPrivateLinkAccess"`), []byte(`"kind":"networking.v1.AwsPrivateLinkAccess"`))
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.Header().Del("Content-Length")
	w.WriteHeader(rec.Code)
	_, _ = w.Write(body)
}

// A create stored but whose answer is lost, against a server whose list
// spells the cloud's kind the recorded way: the create must recognise its
// own resource, not send again.
func TestLostCreateRecognisedInRecordedKindSpelling(t *testing.T) {
	var fr *front
	fr = newFront(t, func(w http.ResponseWriter, r *http.Request, n int) bool {
		switch {
		case r.Method == http.MethodPost:
			storeThenHangUp(fr.f, w, r)
			return true
		case r.Method == http.MethodGet:
			recordedKinds(fr.f, w, r)
			return true
		}
		return false
	}, fake.WithoutUniqueness())
	c := fr.client(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	got, err := c.PrivateLinkAccesses().Create(ctx, plaCreate(t, "123456789012"))
	require.NoError(t, err)
	require.NotNil(t, got)
	assert.Len(t, fr.f.PrivateLinkAccesses(), 1, "stored exactly one")
	assert.Equal(t, 1, fr.count(http.MethodPost, plaPath), "the create was not sent again")
}

// pagedStore is a server with no uniqueness rule whose list ignores every
// filter and puts what was created on page 2, behind a page of others'.
type pagedStore struct {
	mu     sync.Mutex
	stored []map[string]any
	posts  int
}

func (p *pagedStore) handler(answer func(w http.ResponseWriter, doc map[string]any)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p.mu.Lock()
		defer p.mu.Unlock()
		switch {
		case r.Method == http.MethodPost:
			p.posts++
			doc := nlsDoc(fmt.Sprintf("nls-%d", p.posts), api.PhaseProvisioning)
			p.stored = append(p.stored, doc)
			answer(w, doc)
		case r.Method == http.MethodGet && r.URL.Query().Get("page_token") == "":
			others := []any{}
			for i := range 3 {
				d := nlsDoc(fmt.Sprintf("nls-other-%d", i), api.PhaseReady)
				d["spec"].(map[string]any)["display_name"] = "other"
				others = append(others, d)
			}
			writeJSON(w, 200, map[string]any{"api_version": "networking/v1", "kind": "NetworkLinkServiceList",
				"metadata": map[string]any{"next": "http://" + r.Host + r.URL.Path + "?page_token=p2"}, "data": others})
		default:
			data := []any{}
			for _, d := range p.stored {
				data = append(data, d)
			}
			writeJSON(w, 200, map[string]any{"api_version": "networking/v1", "kind": "NetworkLinkServiceList",
				"metadata": map[string]any{}, "data": data})
		}
	}
}

func TestLostCreateFoundOnPageTwoOfAnUnfilteredList(t *testing.T) {
	p := &pagedStore{}
	s := newServer(t, p.handler(func(w http.ResponseWriter, _ map[string]any) { hangUp(w) }))
	c := newTestClient(t, s)
	got, err := c.NetworkLinkServices().Create(context.Background(), nlsCreate("svc"))
	require.NoError(t, err)
	assert.Equal(t, "nls-1", got.ID)
	assert.Equal(t, 1, p.posts, "sent once, stored once")
}

// An identical resource made earlier, listed in the recorded kind
// spelling, and a first attempt answered 500 with nothing stored: the old
// resource is not adopted; the create is sent again and stores its own.
func TestOlderResourceInRecordedKindSpellingIsNeverAdopted(t *testing.T) {
	var fr *front
	var fail bool
	fr = newFront(t, func(w http.ResponseWriter, r *http.Request, n int) bool {
		switch {
		case r.Method == http.MethodPost && fail && n == 2:
			writeFailure(w, http.StatusInternalServerError, "nothing stored")
			return true
		case r.Method == http.MethodGet && r.URL.Path == plaPath:
			recordedKinds(fr.f, w, r)
			return true
		}
		return false
	}, fake.WithoutUniqueness())
	c := fr.client(t)
	old, err := c.PrivateLinkAccesses().Create(context.Background(), plaCreate(t, "123456789012"))
	require.NoError(t, err)
	fail = true
	got, err := c.PrivateLinkAccesses().Create(context.Background(), plaCreate(t, "123456789012"))
	require.NoError(t, err)
	assert.NotEqual(t, old.ID, got.ID, "the older resource is not this create's")
	assert.Len(t, fr.f.PrivateLinkAccesses(), 2)
	assert.Equal(t, 3, fr.count(http.MethodPost, plaPath))
}
