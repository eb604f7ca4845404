package wrapper

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ccloud-go/networking/fake"
)

// listsLagging is a front rule: listings of network link services leave
// out each resource until lagOf(id) has passed since its created_at (the
// fake's lists show every store at once).
func listsLagging(f http.Handler, lagOf func(id string) time.Duration) func(w http.ResponseWriter, r *http.Request, n int) bool {
	return func(w http.ResponseWriter, r *http.Request, _ int) bool {
		if r.Method != http.MethodGet || r.URL.Path != nlsPath {
			return false
		}
		rec := httptest.NewRecorder()
		f.ServeHTTP(rec, r)
		var doc map[string]any
		if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &doc) != nil {
			w.WriteHeader(rec.Code)
			_, _ = w.Write(rec.Body.Bytes())
			return true
		}
		items, _ := doc["data"].([]any)
		kept := []any{}
		for _, it := range items {
			m, _ := it.(map[string]any)
			md, _ := m["metadata"].(map[string]any)
			id, _ := m["id"].(string)
			s, _ := md["created_at"].(string)
			at, err := time.Parse(time.RFC3339Nano, s)
			if err == nil && time.Since(at) < lagOf(id) {
				continue
			}
			kept = append(kept, it)
		}
		doc["data"] = kept
		writeJSON(w, rec.Code, doc)
		return true
	}
}

// Lists whose lag differs per resource (50 ms or 800 ms) or grows after
// the program learned it (50 ms, then 800 ms): 40 identical creates in a
// loop, 15% of answers lost after the store, every 4th deleted after. A
// create whose attempt's store shows only after the create ended leaves
// that resource behind, free; before ghosts a later create, whose own
// store was still hidden, returned it as its success (create 27 returned
// create 18's; 1-2 per run). The ended create now stays as a ghost, and a later
// create never takes a resource it read as its own while a ghost's store
// may still show: none returns success for a resource it did not store.
//
// A success with its own answered resource while its first attempt's
// store is still hidden (longer than any lag this program has seen: the
// attempt's window ended, it was judged not stored and sent again) is
// counted apart and not asserted by default: nothing read can show that
// store before it shows (documented in doc.go). With
// RetryPolicy.UnseenIsUnknown it is asserted zero (unseen_test.go).
func TestListLagThatVariesAfterItWasLearnedIsNeverAFalseSuccess(t *testing.T) {
	var n atomic.Int64 // the create running
	for name, lagOf := range variedLags(&n) {
		t.Run(name, func(t *testing.T) {
			res := lagLoop(t, lagOf, &n, false)
			assert.LessOrEqual(t, res.extra, res.unknown+res.hiddenCopy, "a second copy only from a create that reports its outcome unknown, or one whose store stayed hidden past its window")
		})
	}
}

// variedLags are list lags that differ per resource (50 ms or 800 ms), or
// that grow after the program learned them (50 ms, then 800 ms from the
// 15th create; n is the create running).
func variedLags(n *atomic.Int64) map[string]func(id string) time.Duration {
	return map[string]func(id string) time.Duration{
		"per resource 50 ms or 800 ms": func(id string) time.Duration {
			if id[len(id)-1]%2 == 0 {
				return 800 * time.Millisecond
			}
			return 50 * time.Millisecond
		},
		"50 ms, then 800 ms from the 15th create": func(string) time.Duration {
			if n.Load() >= 15 {
				return 800 * time.Millisecond
			}
			return 50 * time.Millisecond
		},
	}
}

// lagTally is what lagLoop's creates did: how many succeeded (hiddenCopy
// of them while a second copy of theirs was stored), how many ended
// unknown, how many succeeded with a resource they did not store, how
// many resources were stored beyond one a create, and how many answers
// the fake lost after storing.
type lagTally struct{ ok, unknown, falseSuccess, hiddenCopy, extra, lost int }

// lagLoop runs 40 identical network link service creates in a loop behind
// lists that leave each resource out until lagOf(id) after it was stored,
// 15% of answers lost after the store, every 4th deleted after, with
// SettleDelay 100 ms and RetryPolicy.UnseenIsUnknown set to unseenIsUnknown.
// It asserts that some answers were lost, that no create succeeded with a
// resource it did not store, and that every failure is an unknown outcome.
func lagLoop(t *testing.T, lagOf func(id string) time.Duration, n *atomic.Int64, unseenIsUnknown bool) lagTally {
	t.Helper()
	n.Store(0)
	fr := newFront(t, nil, fake.WithoutUniqueness(), fake.WithResetsAfterCreate(0.15))
	fr.rule = listsLagging(fr.f, lagOf)
	policy := fastRetries()
	policy.SettleDelay, policy.MaxSettle = 100*time.Millisecond, 2*time.Second
	policy.UnseenIsUnknown = unseenIsUnknown
	c := fr.client(t, WithRetryPolicy(policy))
	var res lagTally
	for i := range 40 {
		n.Store(int64(i))
		got, made, lostNow, err := fr.createCounted(t, c, "svc")
		res.extra += max(0, len(made)-1)
		res.lost += lostNow
		switch {
		case err == nil:
			res.ok++
			switch {
			case !slices.Contains(made, got.ID):
				res.falseSuccess++
				t.Logf("create %d: success with %s while it stored %v", i, got.ID, made)
			case len(made) > 1:
				res.hiddenCopy++
				t.Logf("create %d: success with its own %s while an attempt's store still hidden also stored: %v", i, got.ID, made)
			}
			if i%4 == 0 {
				require.NoError(t, c.NetworkLinkServices().Delete(context.Background(), "env-1", got.ID))
			}
		case errors.Is(err, ErrOutcomeUnknown):
			res.unknown++
			t.Logf("create %d: stored %v: %v", i, made, err)
		default:
			t.Fatalf("create %d: stored %v, yet a plain error: %v", i, made, err)
		}
	}
	t.Logf("UnseenIsUnknown %v: 40 creates, %d answers lost: success %d (with a hidden second copy %d), unknown %d, extra stored %d, false successes %d",
		unseenIsUnknown, res.lost, res.ok, res.hiddenCopy, res.unknown, res.extra, res.falseSuccess)
	require.Positive(t, res.lost, "the setup: some answers are lost after the store")
	assert.Zero(t, res.falseSuccess, "success for a resource that is not one the create stored")
	return res
}
