package wrapper

// Review of issue 17: attacks on "Creates never duplicate" against
// loopback servers, counting what the server stores.

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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
