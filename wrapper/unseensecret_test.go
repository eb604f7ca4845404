package wrapper

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ccloud-go/networking/api"
)

// A server that names, in a create's answer, a resource whose id echoes
// the client's secret, after an attempt in doubt: the create ends
// unknown (the answered resource never shows in listings), and the id
// is in AnsweredID and CandidateIDs as read, but no form of the secret
// reaches the error's text, however it is printed.
func TestAnsweredIDEchoingTheSecretNeverPrinted(t *testing.T) {
	for _, on := range []bool{false, true} {
		var mu sync.Mutex
		posts := 0
		s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			defer mu.Unlock()
			if r.Method == http.MethodPost {
				posts++
				if posts == 1 {
					writeFailure(w, http.StatusBadGateway, "the gateway did not reach the backend")
					return
				}
				writeJSON(w, http.StatusAccepted, nlsDoc("nls-"+testSecret, api.PhaseProvisioning))
				return
			}
			writeJSON(w, 200, map[string]any{"api_version": "networking/v1", "kind": "NetworkLinkServiceList", "metadata": map[string]any{}, "data": []any{}})
		})
		c := newTestClient(t, s, WithRetryPolicy(unseenPolicy(on)))
		_, err := c.NetworkLinkServices().Create(context.Background(), nlsCreate("svc"))
		var unk *OutcomeUnknownError
		require.ErrorAs(t, err, &unk)
		require.Equal(t, "nls-"+testSecret, unk.AnsweredID, "the setup: the answer named it")
		out := fmt.Sprintf("%v|%+v|%s|%q|%#v", err, err, err, err, err)
		assert.NotContains(t, out, testSecret[2:], "option %v", on)
	}
}
