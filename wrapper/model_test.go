package wrapper

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ccloud-go/networking/api"
)

// The fields the server fills in are plain values on the models: an answer
// that leaves them out decodes to zero values, which the view reads as
// missing, so {} and null still fail the answer check, and a match without
// created_at is undated rather than dated at the zero time.
func TestViewReadsZeroValuesAsMissing(t *testing.T) {
	for _, body := range []string{`{}`, `null`, `{"id":"","status":{"phase":""},"spec":{"environment":{"id":""}}}`} {
		var pla api.PrivateLinkAccess
		require.NoError(t, json.Unmarshal([]byte(body), &pla), body)
		w := viewPrivateLinkAccess(&pla)
		assert.EqualError(t, w.check(), "missing id, spec.environment, status.phase", body)
		assert.Nil(t, w.createdAt, body)
	}

	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	var pla api.PrivateLinkAccess
	require.NoError(t, json.Unmarshal([]byte(`{"id":"pla-1","status":{"phase":"READY"},"spec":{"environment":{"id":"env-1"}},`+
		`"metadata":{"created_at":"2026-01-02T03:04:05Z"}}`), &pla))
	w := viewPrivateLinkAccess(&pla)
	require.NoError(t, w.check())
	require.NotNil(t, w.createdAt)
	assert.Equal(t, at, *w.createdAt)

	// Encoding a model leaves out what the server did not fill in, rather
	// than writing a zero time or an empty status.
	out, err := json.Marshal(api.PrivateLinkAccess{ID: "pla-1"})
	require.NoError(t, err)
	assert.NotContains(t, string(out), "metadata")
	assert.NotContains(t, string(out), "status")
	assert.NotContains(t, string(out), "0001-01-01")
}

// Every list item is read through the view: reading it must not allocate,
// or a page of 100 pays a hundred times.
func TestViewDoesNotAllocate(t *testing.T) {
	var pla api.PrivateLinkAccess
	require.NoError(t, json.Unmarshal([]byte(`{"id":"pla-1","status":{"phase":"READY"},"spec":{"environment":{"id":"env-1"}},`+
		`"metadata":{"created_at":"2026-01-02T03:04:05Z"}}`), &pla))
	allocs := testing.AllocsPerRun(100, func() {
		if w := viewPrivateLinkAccess(&pla); w.createdAt == nil || w.check() != nil {
			t.Fatal("the view lost a field")
		}
	})
	assert.Zero(t, allocs)
}
