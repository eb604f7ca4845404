package wrapper

// created_at as the claim's mark of a resource: the same instant written
// another way in lists than in the create's answer (zone, trailing zeros,
// fewer digits) is the same resource, compared at the coarser precision,
// not a reused id.

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ccloud-go/networking/fake"
)

// retimeList rewrites every metadata.created_at in doc with to.
func retimeList(doc any, to func(time.Time) string) {
	switch v := doc.(type) {
	case map[string]any:
		if md, ok := v["metadata"].(map[string]any); ok {
			if s, ok := md["created_at"].(string); ok {
				if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
					md["created_at"] = to(t)
				}
			}
		}
		for _, x := range v {
			retimeList(x, to)
		}
	case []any:
		for _, x := range v {
			retimeList(x, to)
		}
	}
}

// listsRetimed is a front rule: listings (GET of the collection) give
// each created_at as to writes it; the create answer and reads by id keep
// the fake's own (six digits, Z). With hangUpPost set, that POST (by
// count) is hung up on before it reaches the fake: nothing stored.
func listsRetimed(f http.Handler, to func(time.Time) string, hangUpPost int) func(w http.ResponseWriter, r *http.Request, n int) bool {
	return func(w http.ResponseWriter, r *http.Request, n int) bool {
		switch {
		case r.Method == http.MethodPost && n == hangUpPost:
			hangUp(w)
			return true
		case r.Method == http.MethodGet && r.URL.Path == nlsPath:
			rec := httptest.NewRecorder()
			f.ServeHTTP(rec, r)
			var doc any
			if json.Unmarshal(rec.Body.Bytes(), &doc) != nil {
				w.WriteHeader(rec.Code)
				_, _ = w.Write(rec.Body.Bytes())
				return true
			}
			retimeList(doc, to)
			writeJSON(w, rec.Code, doc)
			return true
		}
		return false
	}
}

// The same instant written another way in lists than in the create
// answer: another zone form, trailing zeros trimmed, or fewer digits (a
// server whose lists come from a store that keeps milliseconds). Create
// A is answered with X; identical create B's first attempt is hung up on
// before it reaches the server (nothing stored), and lists lag 150 ms,
// so X is missing from B's first listing and shows within B's window.
// X is A's: B must not return it.
func TestCreatedAtWrittenOtherwiseInListsIsNotAReusedID(t *testing.T) {
	forms := map[string]func(time.Time) string{
		"+00:00, six digits": func(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000") + "+00:00" },
		"zeros trimmed":      func(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) },
		"other zone":         func(t time.Time) string { return t.In(time.FixedZone("", 2*3600)).Format(time.RFC3339Nano) },
		"milliseconds": func(t time.Time) string {
			return t.UTC().Truncate(time.Millisecond).Format("2006-01-02T15:04:05.000Z07:00")
		},
		"milliseconds, rounded": func(t time.Time) string {
			return t.UTC().Round(time.Millisecond).Format("2006-01-02T15:04:05.000Z07:00")
		},
	}
	for name, to := range forms {
		t.Run(name, func(t *testing.T) {
			fr := newFront(t, nil, fake.WithoutUniqueness(), fake.WithListLag(150*time.Millisecond))
			fr.rule = listsRetimed(fr.f, to, 2)
			policy := fastRetries()
			policy.SettleDelay, policy.MaxSettle = 400*time.Millisecond, 2*time.Second
			c := fr.client(t, WithRetryPolicy(policy))
			a, err := c.NetworkLinkServices().Create(context.Background(), nlsCreate("svc"))
			require.NoError(t, err)
			b, err := c.NetworkLinkServices().Create(context.Background(), nlsCreate("svc"))
			stored := fr.f.NetworkLinkServices()
			t.Logf("stored %d, posts %d; B: %v", len(stored), fr.count(http.MethodPost, nlsPath), err)
			require.NoError(t, err, "B's one attempt that reached the server stored its own resource")
			assert.NotEqual(t, a.ID, b.ID, "B returned the resource A was answered with")
			assert.Len(t, stored, 2)
		})
	}
}

// The comparison at the coarser precision still tells a reused id apart:
// another instant is another resource at any precision; the same whole
// second stays unsure.
func TestSameResourceComparesAtTheCoarserPrecision(t *testing.T) {
	at := func(s string) *time.Time {
		v, err := time.Parse(time.RFC3339Nano, s)
		require.NoError(t, err)
		return &v
	}
	for _, c := range []struct {
		claim, read  string
		same, reused bool
	}{
		{"2026-01-02T03:04:05.123456Z", "2026-01-02T03:04:05.123456+00:00", true, false},
		{"2026-01-02T03:04:05.500000Z", "2026-01-02T03:04:05.5Z", true, false},
		{"2026-01-02T03:04:05.123456Z", "2026-01-02T03:04:05.123Z", true, false},
		{"2026-01-02T03:04:05.123756Z", "2026-01-02T03:04:05.124Z", true, false},
		{"2026-01-02T03:04:05.123456Z", "2026-01-02T05:04:05.123456+02:00", true, false},
		{"2026-01-02T03:04:05.123456Z", "2026-01-02T03:04:05.123457Z", false, true},
		{"2026-01-02T03:04:05.123456Z", "2026-01-02T03:04:05.125Z", false, true},
		{"2026-01-02T03:04:05.123456Z", "2026-01-02T03:04:06.123456Z", false, true},
		{"2026-01-02T03:04:05.123456Z", "2026-01-02T03:04:05Z", false, false},
		{"2026-01-02T03:04:05Z", "2026-01-02T03:04:05Z", false, false},
	} {
		same, reused := claim{created: at(c.claim)}.sameResource(at(c.read))
		assert.Equal(t, [2]bool{c.same, c.reused}, [2]bool{same, reused}, "%s vs %s", c.claim, c.read)
	}
	same, reused := claim{}.sameResource(at("2026-01-02T03:04:05.123456Z"))
	assert.False(t, same || reused, "no created_at in the claim: unsure")
}
