package wrapper

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ccloud-go/networking/api"
	"github.com/ccloud-go/networking/fake"
)

// Every handle operation and c.API() keep a base URL's path when the API
// sits behind a proxy's prefix, with or without a trailing slash, through
// the whole life of a resource and across pages (the next page is asked
// with the server's page_token): the fake is mounted under the prefix and
// each request that misses it is counted.
func TestEveryOperationKeepsAProxyPrefix(t *testing.T) {
	for _, prefix := range []string{"/proxy", "/a/b", "/networking"} {
		for _, slash := range []string{"", "/"} {
			t.Run(prefix+slash, func(t *testing.T) {
				f, err := fake.New(fake.WithSeed(3), fake.WithReadyAfter(1))
				require.NoError(t, err)
				var mu sync.Mutex
				missed := []string{}
				hits := 0
				mux := http.NewServeMux()
				mux.Handle(prefix+"/", http.StripPrefix(prefix, f))
				mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
					mu.Lock()
					missed = append(missed, r.Method+" "+r.URL.Path)
					mu.Unlock()
					http.NotFound(w, r)
				})
				s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					mu.Lock()
					hits++
					mu.Unlock()
					mux.ServeHTTP(w, r)
				}))
				t.Cleanup(s.Close)
				c, err := New(WithBaseURL(s.URL+prefix+slash), WithAPIKey(fake.DefaultKey, fake.DefaultSecret),
					WithWaitDefaults(PollInterval(time.Millisecond, 2*time.Millisecond)))
				require.NoError(t, err)
				ctx := context.Background()
				h := c.NetworkLinkServices()
				ids := []string{}
				for i := range 3 {
					nls, err := h.Create(ctx, api.NetworkLinkServiceCreateRequest{Spec: api.NetworkLinkServiceSpec{
						DisplayName: Ptr(fmt.Sprintf("svc-%d", i)), Environment: Ref("env-00000"), Network: Ref("n-00000")}})
					require.NoError(t, err)
					ids = append(ids, nls.ID)
				}
				_, err = h.WaitReady(ctx, "env-00000", ids[0])
				require.NoError(t, err)
				_, err = h.Get(ctx, "env-00000", ids[0])
				require.NoError(t, err)
				page, token, err := h.List(ctx, "env-00000", &ListOptions{PageSize: 1})
				require.NoError(t, err)
				require.Len(t, page, 1)
				require.NotEmpty(t, token)
				_, _, err = h.List(ctx, "env-00000", &ListOptions{PageSize: 1, PageToken: token})
				require.NoError(t, err)
				n := 0
				for _, err := range h.All(ctx, "env-00000", &ListOptions{PageSize: 1}) {
					require.NoError(t, err)
					n++
				}
				assert.Equal(t, 3, n)
				_, err = h.Update(ctx, "env-00000", ids[0], api.NetworkLinkServiceUpdateRequest{Spec: api.NetworkLinkServiceSpecUpdate{Description: Ptr("d")}})
				require.NoError(t, err)
				_, err = c.API().GetNetworkingV1NetworkLinkService(ctx, ids[1], &api.GetNetworkingV1NetworkLinkServiceParams{Environment: "env-00000"})
				require.NoError(t, err)
				require.NoError(t, h.Delete(ctx, "env-00000", ids[0]))
				require.NoError(t, h.WaitDeleted(ctx, "env-00000", ids[0]))
				mu.Lock()
				defer mu.Unlock()
				assert.Empty(t, missed)
				assert.Greater(t, hits, 10)
			})
		}
	}
}

// A base URL's path that names networking/v1 as a proxy's own segment name
// but not the API's prefix is taken; only the API's prefix as whole
// segments is refused.
func TestBaseURLPrefixNamesNearTheAPIPrefixTaken(t *testing.T) {
	for _, p := range []string{"/networking", "/networking/v10", "/my-networking/v1", "/networking-v1", "/net/networking/v1x"} {
		_, err := New(WithBaseURL("http://127.0.0.1:1"+p), WithAPIKey(testKey, testSecret))
		assert.NoError(t, err, p)
	}
	_, err := New(WithBaseURL("http://127.0.0.1:1/networking/v1"), WithAPIKey(testKey, testSecret))
	require.Error(t, err)
	assert.True(t, strings.Contains(err.Error(), "/networking/v1"), err.Error())
}
