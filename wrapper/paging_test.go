package wrapper

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ccloud-go/networking/api"
)

// pagedServer serves total private link accesses in pages, with next links
// built by link (which may point elsewhere or repeat a token).
func pagedServer(t *testing.T, total int, link func(host string, nextOffset int) string) *server {
	return newServer(t, func(w http.ResponseWriter, r *http.Request) {
		size, _ := strconv.Atoi(r.URL.Query().Get("page_size"))
		if size == 0 {
			size = 10
		}
		offset := 0
		if tok := r.URL.Query().Get("page_token"); tok != "" {
			offset, _ = strconv.Atoi(tok[len("off-"):])
		}
		var data []any
		for i := offset; i < total && i < offset+size; i++ {
			data = append(data, plaDoc(fmt.Sprintf("pla-%05d", i), "READY", awsCloudDoc("123456789012")))
		}
		meta := map[string]any{}
		if offset+size < total {
			meta["next"] = link(r.Host, offset+size)
		}
		writeJSON(w, 200, map[string]any{"api_version": "networking/v1", "kind": "PrivateLinkAccessList", "metadata": meta, "data": data})
	})
}

// plaBounds are the paging bounds the spec gives the private link access
// list (generated from the vendored documents into api/).
var plaBounds = api.ListNetworkingV1PrivateLinkAccessesParams{}.PageBounds()

func sameHostLink(host string, next int) string {
	return fmt.Sprintf("http://%s/networking/v1/private-link-accesses?environment=env-1&page_size=%d&page_token=off-%d", host, plaBounds.MaxPageSize, next)
}

func TestAllWalksEveryPageWithLargestPageSize(t *testing.T) {
	total := 2*plaBounds.MaxPageSize + plaBounds.MaxPageSize/2
	s := pagedServer(t, total, sameHostLink)
	c := newTestClient(t, s)
	n := 0
	for item, err := range c.PrivateLinkAccesses().All(context.Background(), "env-1", &ListOptions{Phases: []string{"READY"}}) {
		require.NoError(t, err)
		assert.Equal(t, fmt.Sprintf("pla-%05d", n), item.ID)
		n++
	}
	assert.Equal(t, total, n)
	reqs := s.requests()
	require.Len(t, reqs, 3)
	size := plaBounds.MaxPageSize
	assert.Equal(t, fmt.Sprintf("GET /networking/v1/private-link-accesses?status.phase=READY&environment=env-1&page_size=%d", size), reqs[0])
	assert.Equal(t, fmt.Sprintf("GET /networking/v1/private-link-accesses?status.phase=READY&environment=env-1&page_size=%d&page_token=off-%d", size, size), reqs[1])
}

func TestAllHonoursPageSizeAndStopsEarly(t *testing.T) {
	s := pagedServer(t, 100, sameHostLink)
	c := newTestClient(t, s)
	n := 0
	for _, err := range c.PrivateLinkAccesses().All(context.Background(), "env-1", &ListOptions{PageSize: 7, PageToken: "ignored"}) {
		require.NoError(t, err)
		n++
		if n == 10 {
			break
		}
	}
	assert.Equal(t, 10, n)
	reqs := s.requests()
	require.Len(t, reqs, 2, "breaking out must not fetch more pages")
	assert.Contains(t, reqs[0], "page_size=7")
	assert.NotContains(t, reqs[0], "ignored")
}

// A next link on another host (a proxy or private endpoint may rewrite it),
// or on the same origin spelled another way, still pages on: only its token
// is used, and nothing is sent to the host it names.
func TestAllUsesOnlyTheTokenOfANextLink(t *testing.T) {
	var foreignHits atomic.Int64
	foreign := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		foreignHits.Add(1)
		w.WriteHeader(http.StatusTeapot)
	}))
	defer foreign.Close()
	foreignHost := strings.TrimPrefix(foreign.URL, "http://")
	for name, link := range map[string]func(string, int) string{
		"another host": func(_ string, n int) string {
			return fmt.Sprintf("http://%s/networking/v1/private-link-accesses?page_token=off-%d", foreignHost, n)
		},
		"localhost for 127.0.0.1": func(h string, n int) string {
			return fmt.Sprintf("http://localhost:%s/networking/v1/private-link-accesses?page_token=off-%d", strings.Split(h, ":")[1], n)
		},
		"https with the default port": func(h string, n int) string {
			return fmt.Sprintf("https://%s:443/networking/v1/private-link-accesses?page_token=off-%d", h, n)
		},
		"scheme-relative": func(_ string, n int) string { return fmt.Sprintf("//evil.example/x?page_token=off-%d", n) },
	} {
		s := pagedServer(t, 30, link)
		c := newTestClient(t, s)
		n := 0
		for _, err := range c.PrivateLinkAccesses().All(context.Background(), "env-1", &ListOptions{PageSize: 10}) {
			require.NoError(t, err, name)
			n++
		}
		assert.Equal(t, 30, n, name)
		assert.EqualValues(t, 3, s.hits.Load(), name)
	}
	assert.Zero(t, foreignHits.Load(), "nothing is sent to the host a link names")
}

func TestAllStopsOnRepeatedToken(t *testing.T) {
	s := pagedServer(t, 100, func(h string, _ int) string {
		return "http://" + h + "/networking/v1/private-link-accesses?page_token=off-10"
	})
	c := newTestClient(t, s)
	n := 0
	var last error
	for _, err := range c.PrivateLinkAccesses().All(context.Background(), "env-1", &ListOptions{PageSize: 10}) {
		if err != nil {
			last = err
			break
		}
		n++
	}
	assert.ErrorIs(t, last, ErrPageTokenRepeat)
	assert.Equal(t, 20, n)
	assert.EqualValues(t, 2, s.hits.Load())
}

func TestNextLinkWithoutTokenOrUnparsable(t *testing.T) {
	for _, link := range []string{"http://%s/networking/v1/private-link-accesses?page_size=3", "http://%s/%%zz"} {
		s := pagedServer(t, 30, func(h string, _ int) string { return fmt.Sprintf(link, h) })
		c := newTestClient(t, s)
		_, _, err := c.PrivateLinkAccesses().List(context.Background(), "env-1", &ListOptions{PageSize: 10})
		require.Error(t, err, link)
		assert.Contains(t, err.Error(), "metadata.next")
	}
}

func TestAllReportsErrorsFromPages(t *testing.T) {
	calls := 0
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		calls++
		if calls == 1 {
			writeJSON(w, 200, map[string]any{"api_version": "networking/v1", "kind": "NetworkLinkServiceList",
				"metadata": map[string]any{"next": "http://" + r.Host + "/networking/v1/network-link-services?page_token=t2"},
				"data":     []any{nlsDoc("nls-1", "READY")}})
			return
		}
		writeFailure(w, 403, "no")
	})
	c := newTestClient(t, s)
	var ids []string
	var last error
	for it, err := range c.NetworkLinkServices().All(context.Background(), "env-1", nil) {
		if err != nil {
			last = err
			continue
		}
		ids = append(ids, it.ID)
	}
	assert.Equal(t, []string{"nls-1"}, ids)
	assert.True(t, errors.Is(last, ErrForbidden))
}

// One All sequence ranged over from two goroutines at once is safe.
func TestAllSequenceIsReusable(t *testing.T) {
	s := pagedServer(t, 30, sameHostLink)
	seq := newTestClient(t, s).PrivateLinkAccesses().All(context.Background(), "env-1", &ListOptions{PageSize: 7})
	var wg sync.WaitGroup
	counts := make([]int, 2)
	for i := range counts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, err := range seq {
				if assert.NoError(t, err) {
					counts[i]++
				}
			}
		}()
	}
	wg.Wait()
	assert.Equal(t, []int{30, 30}, counts)
}
