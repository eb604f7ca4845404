package wrapper

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ccloud-go/networking/fake"
)

// hiding is a front whose network link service listings leave out the
// ids in hidden (a list behind the store by as long as the test likes),
// and whose creates are stored and their answers lost when lose is set.
type hiding struct {
	*front
	mu     sync.Mutex
	hidden map[string]bool
	lose   bool
	// onStore, when set, runs after each create this front stored, with
	// its id, before the answer is lost or given.
	onStore func(id string)
}

func newHiding(t *testing.T) *hiding {
	h := &hiding{hidden: map[string]bool{}}
	h.front = newFront(t, func(w http.ResponseWriter, r *http.Request, _ int) bool {
		switch {
		case r.Method == http.MethodPost && r.URL.Path == nlsPath:
			rec := httptest.NewRecorder()
			h.f.ServeHTTP(rec, r)
			var doc map[string]any
			_ = json.Unmarshal(rec.Body.Bytes(), &doc)
			id, _ := doc["id"].(string)
			h.mu.Lock()
			lose, on := h.lose, h.onStore
			h.mu.Unlock()
			if on != nil && id != "" {
				on(id)
			}
			if lose {
				if conn, _, err := w.(http.Hijacker).Hijack(); err == nil {
					_ = conn.Close()
				}
				return true
			}
			for k, v := range rec.Header() {
				w.Header()[k] = v
			}
			w.WriteHeader(rec.Code)
			_, _ = w.Write(rec.Body.Bytes())
			return true
		case r.Method == http.MethodGet && r.URL.Path == nlsPath:
			rec := httptest.NewRecorder()
			h.f.ServeHTTP(rec, r)
			var doc map[string]any
			if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &doc) != nil {
				w.WriteHeader(rec.Code)
				_, _ = w.Write(rec.Body.Bytes())
				return true
			}
			items, _ := doc["data"].([]any)
			kept := []any{}
			h.mu.Lock()
			for _, it := range items {
				m, _ := it.(map[string]any)
				if id, _ := m["id"].(string); !h.hidden[id] {
					kept = append(kept, it)
				}
			}
			h.mu.Unlock()
			doc["data"] = kept
			writeJSON(w, rec.Code, doc)
			return true
		}
		return false
	}, fake.WithoutUniqueness())
	return h
}

func (h *hiding) set(f func()) {
	h.mu.Lock()
	defer h.mu.Unlock()
	f()
}

// storeElsewhere stores a network link service named name as another
// program would: straight on the server, never through this program's
// clients.
func (h *hiding) storeElsewhere(t *testing.T, name string) string {
	t.Helper()
	raw, err := json.Marshal(nlsCreate(name))
	require.NoError(t, err)
	req := httptest.NewRequest(http.MethodPost, nlsPath, strings.NewReader(string(raw)))
	req.SetBasicAuth(testKey, testSecret)
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.f.ServeHTTP(rec, req)
	require.Equal(t, http.StatusAccepted, rec.Code, rec.Body.String())
	var doc map[string]any
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &doc))
	id, _ := doc["id"].(string)
	return id
}

// Create A's answer is lost after the store, and its resource Y stays out
// of the lists past A's window: A ends (a known failure, the case beyond
// the window) and leaves a ghost. Another program then makes an identical
// resource X, shown at once. Create B of this program lists first and
// sees X; its own answer is lost after the store, its resource Z hidden,
// and Y shows at last. B reads one resource it may have stored: Y, A's.
//
// X laid A's ghost to rest (a first listing's unclaimed match counted as
// the ghost's store), so B took Y and returned it as its success: a
// resource it did not store, with its own Z still to show.
func TestAnotherProgramsResourceNeverLaysAGhostToRestIntoAFalseSuccess(t *testing.T) {
	h := newHiding(t)
	policy := fastRetries()
	policy.MaxAttempts, policy.SettleDelay, policy.MaxSettle = 1, 50*time.Millisecond, time.Second
	c := h.client(t, WithRetryPolicy(policy))
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()

	var y string
	h.set(func() {
		h.lose = true
		h.onStore = func(id string) { h.set(func() { h.hidden[id], y = true, id }) }
	})
	_, errA := c.NetworkLinkServices().Create(ctx, nlsCreate("svc"))
	require.Error(t, errA, "A's store never showed in its window")
	require.NotEmpty(t, y, "the setup: A stored")

	x := h.storeElsewhere(t, "svc")

	var z string
	h.set(func() {
		h.onStore = func(id string) {
			h.set(func() {
				h.hidden[id], z = true, id
				delete(h.hidden, y) // A's store shows at last
			})
		}
	})
	got, errB := c.NetworkLinkServices().Create(ctx, nlsCreate("svc"))
	t.Logf("A stored %s (%v); another program stored %s; B stored %s: got %v, %v", y, errA, x, z, got, errB)
	require.NotEmpty(t, z, "the setup: B stored")
	if errB == nil {
		assert.Equal(t, z, got.ID, "B returned a resource it did not store")
		return
	}
	require.True(t, errors.Is(errB, ErrOutcomeUnknown), "B stored a resource: unknown, never a known failure: %v", errB)
	var unk *OutcomeUnknownError
	require.ErrorAs(t, errB, &unk)
	assert.Contains(t, unk.CandidateIDs, y)
}
