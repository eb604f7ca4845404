package bench

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/ccloud-go/networking/api"
)

const (
	benchKey    = "BENCHKEY"
	benchSecret = "bench-secret"
	env         = "env-bench"
)

// canned serves precomputed answers, so that the benchmarks measure the
// clients, not the server.
type canned struct {
	srv      *httptest.Server
	nls      []byte   // one network link service
	page100  []byte   // one page of 100 private link accesses, no next
	pages    [][]byte // the pages of plaPage of a larger listing
	requests atomic.Int64
}

func plaDoc(i int) api.PrivateLinkAccess {
	var cloud api.PrivateLinkAccessCloud
	switch i % 3 {
	case 0:
		_ = cloud.FromAwsPrivateLinkAccess(api.AwsPrivateLinkAccess{Kind: api.AwsPrivateLinkAccessKindAwsPrivateLinkAccess, Account: fmt.Sprintf("%012d", i)})
	case 1:
		_ = cloud.FromAzurePrivateLinkAccess(api.AzurePrivateLinkAccess{Kind: api.AzurePrivateLinkAccessKindAzurePrivateLinkAccess, Subscription: fmt.Sprintf("sub-%08d-0000-0000-0000-000000000000", i)})
	default:
		_ = cloud.FromGcpPrivateServiceConnectAccess(api.GcpPrivateServiceConnectAccess{Kind: api.GcpPrivateServiceConnectAccessKindGcpPrivateServiceConnectAccess, Project: fmt.Sprintf("project-%d", i)})
	}
	id, name, phase := fmt.Sprintf("pla-%06d", i), fmt.Sprintf("access-%d", i), "READY"
	self := "https://api.example/networking/v1/private-link-accesses/" + id
	return api.PrivateLinkAccess{
		APIVersion: api.PrivateLinkAccessAPIVersionNetworkingV1, Kind: api.PrivateLinkAccessKindPrivateLinkAccess, ID: id,
		Metadata: api.ObjectMeta{Self: self, ResourceName: "crn://confluent.cloud/organization=o/environment=" + env + "/private-link-access=" + id},
		Spec: api.PrivateLinkAccessSpec{DisplayName: &name, Cloud: cloud,
			Environment: api.ObjectReference{ID: env, Related: "https://api.example/org/v2/environments/" + env, ResourceName: "crn://confluent.cloud/environment=" + env},
			Network:     api.ObjectReference{ID: "n-bench", Related: "https://api.example/networking/v1/networks/n-bench", ResourceName: "crn://confluent.cloud/network=n-bench"}},
		Status: api.PrivateLinkAccessStatus{Phase: phase},
	}
}

func ptr[T any](v T) *T { return &v }

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// plaPage is the largest page of private link accesses the spec allows,
// which the wrapper's All asks for (api/bounds.gen.go).
var plaPage = api.ListNetworkingV1PrivateLinkAccessesParams{}.PageBounds().MaxPageSize

// newCanned serves total private link accesses in pages of plaPage.
func newCanned(tb testing.TB, total int) *canned {
	tb.Helper()
	c := &canned{}
	phase := "READY"
	name := "bench-service"
	c.nls = mustJSON(api.NetworkLinkService{
		APIVersion: api.NetworkLinkServiceAPIVersionNetworkingV1, Kind: api.NetworkLinkServiceKindNetworkLinkService, ID: "nls-bench",
		Metadata: api.ObjectMeta{Self: "https://api.example/networking/v1/network-link-services/nls-bench"},
		Spec: api.NetworkLinkServiceSpec{DisplayName: &name, Environment: api.GlobalObjectReference{ID: env, Related: "https://api.example/e", ResourceName: "crn://e"},
			Network: api.EnvScopedObjectReference{ID: "n-bench", Related: "https://api.example/n", ResourceName: "crn://n"}},
		Status: api.NetworkLinkServiceStatus{Phase: phase},
	})
	page := func(from, n int, next *string) []byte {
		data := make([]api.PrivateLinkAccess, 0, n)
		for i := from; i < from+n; i++ {
			data = append(data, plaDoc(i))
		}
		return mustJSON(api.PrivateLinkAccessList{APIVersion: api.PrivateLinkAccessListAPIVersionNetworkingV1,
			Kind: api.PrivateLinkAccessListKindPrivateLinkAccessList, Metadata: api.ListMeta{Next: next}, Data: data})
	}
	c.page100 = page(0, 100, nil)
	c.srv = httptest.NewServer(http.HandlerFunc(c.serve))
	tb.Cleanup(c.srv.Close)
	for from := 0; from < total; from += plaPage {
		var next *string
		if from+plaPage < total {
			next = ptr(c.srv.URL + "/networking/v1/private-link-accesses?environment=" + env + "&page_size=" + strconv.Itoa(plaPage) + "&page_token=p" + strconv.Itoa(from/plaPage+1))
		}
		c.pages = append(c.pages, page(from, min(plaPage, total-from), next))
	}
	return c
}

func (c *canned) serve(w http.ResponseWriter, r *http.Request) {
	c.requests.Add(1)
	if u, p, ok := r.BasicAuth(); !ok || u != benchKey || p != benchSecret {
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Request-Id", "bench")
	switch {
	case strings.HasPrefix(r.URL.Path, "/networking/v1/network-link-services/"):
		_, _ = w.Write(c.nls)
	case r.URL.Path == "/networking/v1/private-link-accesses" && r.URL.Query().Get("page_size") == "100":
		_, _ = w.Write(c.page100)
	case r.URL.Path == "/networking/v1/private-link-accesses":
		i := 0
		if tok := r.URL.Query().Get("page_token"); tok != "" {
			i, _ = strconv.Atoi(tok[1:])
		}
		_, _ = w.Write(c.pages[i])
	default:
		w.WriteHeader(http.StatusNotFound)
	}
}
