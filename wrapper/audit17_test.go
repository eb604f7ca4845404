package wrapper

// Audit of issue 17: the program-wide record of creates is freed once
// nothing needs it.

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ccloud-go/networking/fake"
)

// A server that sends no Date header, and one whose Date is a day ahead
// (the other direction from the hour behind of issue 17): a create reads
// no clock to settle, so a lost answer after the store gives one resource
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
