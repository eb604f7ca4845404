package wrapper

// Clocks: a server whose Date header is off from the clock that stamps
// created_at, or missing. A create reads no clock to settle: skew neither
// duplicates a create nor adopts an older identical resource.

import (
	"bytes"
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

// A server that sends no Date header, and one whose Date is a day ahead
// (the other direction from the hour behind of
// TestClockAnHourBehindNeverAdoptsAnOlderResource): a create reads no
// clock to settle, so a lost answer after the store gives one resource
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

// No Date header (a proxy that drops it) and lists stamped 10 minutes
// behind: the create's answer lost after the store, it finds its own
// resource and is not sent again. (Taking the server's clock to equal
// ours made its own resource look older than the create, the read showed
// "nothing", and the create was sent again.) Creates do not date what
// they find: what matched before the create was sent is not its own, the
// rest may be.
func TestCreateWithoutServerClockIsNeverSentAgain(t *testing.T) {
	var fr *front
	fr = newFront(t, func(w http.ResponseWriter, r *http.Request, n int) bool {
		switch {
		case r.Method == http.MethodPost && n == 1:
			storeThenHangUp(fr.f, w, r)
			return true
		case r.Method == http.MethodGet && r.URL.Path == nlsPath:
			rec := httptest.NewRecorder()
			fr.f.ServeHTTP(rec, r)
			var doc map[string]any
			require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &doc))
			for _, it := range doc["data"].([]any) {
				md := it.(map[string]any)["metadata"].(map[string]any)
				at, _ := time.Parse(time.RFC3339Nano, md["created_at"].(string))
				md["created_at"] = at.Add(-10 * time.Minute).Format(time.RFC3339)
			}
			w.Header()["Date"] = nil // no Date header
			writeJSON(w, rec.Code, doc)
			return true
		}
		return false
	}, fake.WithoutUniqueness())
	got, err := fr.client(t).NetworkLinkServices().Create(context.Background(), nlsCreate("svc"))
	require.NoError(t, err)
	assert.Len(t, fr.f.NetworkLinkServices(), 1, "one create, one resource")
	assert.Equal(t, fr.f.NetworkLinkServices()[0].ID, got.ID)
	assert.Equal(t, 1, fr.count(http.MethodPost, nlsPath), "not sent again")
}

// skewFront is a fake whose Date header is off by skew from the clock
// that stamps created_at.
func skewFront(t *testing.T, skew time.Duration, rule func(w http.ResponseWriter, r *http.Request, n int) bool, opts ...fake.Option) *front {
	return newFront(t, func(w http.ResponseWriter, r *http.Request, n int) bool {
		w.Header().Set("Date", time.Now().Add(skew).UTC().Format(http.TimeFormat))
		return rule != nil && rule(w, r, n)
	}, opts...)
}

// The Date header 5 s ahead of created_at's clock, and the create's answer
// lost after it was stored: the create finds its own resource, once.
func TestClockFiveSecondsAheadNeitherDuplicatesNorFails(t *testing.T) {
	for _, skew := range []time.Duration{5 * time.Second, -5 * time.Second} {
		var fr *front
		fr = skewFront(t, skew, func(w http.ResponseWriter, r *http.Request, n int) bool {
			if r.Method == http.MethodPost && n == 1 {
				storeThenHangUp(fr.f, w, r)
				return true
			}
			return false
		}, fake.WithoutUniqueness())
		got, err := fr.client(t).NetworkLinkServices().Create(context.Background(), nlsCreate("svc"))
		require.NoError(t, err, "skew %s", skew)
		require.Len(t, fr.f.NetworkLinkServices(), 1, "skew %s: one create, one resource", skew)
		assert.Equal(t, fr.f.NetworkLinkServices()[0].ID, got.ID)
		assert.Equal(t, 1, fr.count(http.MethodPost, nlsPath), "skew %s", skew)
	}
}

// The Date header an hour behind, an identical resource made ten minutes
// before, and a 502 with nothing stored: the old resource is not adopted.
func TestClockAnHourBehindNeverAdoptsAnOlderResource(t *testing.T) {
	var old string
	var fr *front
	fr = skewFront(t, -time.Hour, func(w http.ResponseWriter, r *http.Request, n int) bool {
		switch {
		case r.Method == http.MethodPost && n == 1:
			writeFailure(w, http.StatusBadGateway, "nothing stored")
			return true
		case r.Method == http.MethodGet && r.URL.Path == nlsPath && old != "":
			rec := httptest.NewRecorder()
			fr.f.ServeHTTP(rec, r)
			var doc map[string]any
			require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &doc))
			for _, it := range doc["data"].([]any) {
				if it.(map[string]any)["id"] == old {
					md := it.(map[string]any)["metadata"].(map[string]any)
					md["created_at"] = time.Now().Add(-10 * time.Minute).UTC().Format(time.RFC3339)
				}
			}
			writeJSON(w, rec.Code, doc)
			return true
		}
		return false
	}, fake.WithoutUniqueness())
	// The older resource, made through the fake directly.
	rec := httptest.NewRecorder()
	raw, err := json.Marshal(nlsCreate("svc"))
	require.NoError(t, err)
	req := httptest.NewRequest(http.MethodPost, nlsPath, bytesReader(raw))
	req.SetBasicAuth(testKey, testSecret)
	req.Header.Set("Content-Type", "application/json")
	fr.f.ServeHTTP(rec, req)
	require.Equal(t, http.StatusAccepted, rec.Code, rec.Body.String())
	old = fr.f.NetworkLinkServices()[0].ID

	got, err := fr.client(t).NetworkLinkServices().Create(context.Background(), nlsCreate("svc"))
	if err == nil {
		assert.NotEqual(t, old, got.ID, "the older resource was adopted as this create's")
		assert.Len(t, fr.f.NetworkLinkServices(), 2)
	} else {
		assert.ErrorIs(t, err, ErrOutcomeUnknown)
	}
}

func bytesReader(b []byte) *bytes.Reader { return bytes.NewReader(b) }
