package fake_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ccloud-go/networking/api"
	"github.com/ccloud-go/networking/fake"
)

const listPath = "/networking/v1/private-link-accesses?environment=env-1"

func TestRateLimit(t *testing.T) {
	f := start(t, fake.WithRateLimit(3, 400*time.Millisecond))
	var remaining []string
	for range 3 {
		status, h, _ := do(t, f, "GET", listPath, nil)
		require.Equal(t, 200, status)
		assert.Equal(t, "3", h.Get("X-RateLimit-Limit"))
		assert.Equal(t, "1", h.Get("X-RateLimit-Reset"), "relative seconds, rounded up")
		remaining = append(remaining, h.Get("X-RateLimit-Remaining"))
	}
	assert.Equal(t, []string{"2", "1", "0"}, remaining)
	status, h, body := do(t, f, "GET", listPath, nil)
	assert.Equal(t, 429, status)
	assert.Equal(t, "1", h.Get("Retry-After"))
	assert.Equal(t, "0", h.Get("X-RateLimit-Remaining"))
	assert.Empty(t, body, "429 has no body in the spec")
	time.Sleep(450 * time.Millisecond)
	status, _, _ = do(t, f, "GET", listPath, nil)
	assert.Equal(t, 200, status, "a new window")
	assert.Equal(t, 1, f.Stats().RateLimited)
}

func TestServerErrorsAreSeededAndShared(t *testing.T) {
	codes := func(seed uint64) []int {
		f := start(t, fake.WithServerErrors(0.3), fake.WithSeed(seed))
		var out []int
		for range 200 {
			status, _, body := do(t, f, "GET", listPath, nil)
			if status >= 500 {
				assert.NotEmpty(t, failureDetail(t, body))
			}
			out = append(out, status)
		}
		assert.Equal(t, countAtLeast(out, 500), f.Stats().ServerErrors)
		return out
	}
	a, b, other := codes(7), codes(7), codes(8)
	assert.Equal(t, a, b, "the same seed gives the same answers")
	assert.NotEqual(t, a, other)
	n := countAtLeast(a, 500)
	assert.InDelta(t, 60, n, 25, "about 30%% of 200")
	seen := map[int]bool{}
	for _, c := range a {
		seen[c] = true
	}
	for _, c := range []int{500, 502, 503, 504} {
		assert.True(t, seen[c], "status %d is injected", c)
	}
}

func countAtLeast(codes []int, min int) int {
	n := 0
	for _, c := range codes {
		if c >= min {
			n++
		}
	}
	return n
}

func TestResets(t *testing.T) {
	f := start(t, fake.WithResets(1))
	req, _ := http.NewRequest("GET", f.URL+listPath, nil)
	req.SetBasicAuth(f.Key, f.Secret)
	_, err := http.DefaultClient.Do(req)
	require.Error(t, err, "the connection closes without an answer")
	assert.Equal(t, 1, f.Stats().Resets)
}

// A create that is stored and then loses its answer: the client sees a
// reset, but the resource exists.
func TestResetsAfterCreate(t *testing.T) {
	f := start(t, fake.WithResetsAfterCreate(1))
	c := client(t, f)
	_, err := c.CreateNetworkingV1PrivateLinkAccessWithResponse(context.Background(), plaBody(t, "p", "n-1", aws("123456789012")))
	require.Error(t, err)
	status, _, body := do(t, f, "GET", listPath, nil)
	require.Equal(t, 200, status)
	var list api.PrivateLinkAccessList
	require.NoError(t, json.Unmarshal(body, &list))
	assert.Len(t, list.Data, 1)
	assert.Equal(t, 1, f.Stats().ResetsAfterSave)
}

// The latency holds every answer: with an hour of it, a request the fake
// has received is still unanswered when its caller gives up. An order,
// not a time: the cancel comes after the fake counted the request, and
// the request ends by the cancel, not by an answer.
func TestLatency(t *testing.T) {
	f := start(t, fake.WithLatency(time.Hour))
	ctx, cancel := context.WithCancel(context.Background())
	req, err := http.NewRequestWithContext(ctx, "GET", f.URL+listPath, nil)
	require.NoError(t, err)
	req.SetBasicAuth(f.Key, f.Secret)
	done := make(chan error, 1)
	go func() {
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			_ = resp.Body.Close()
		}
		done <- err
	}()
	for i := 0; f.Stats().Requests == 0; i++ { // bounded: the request is on loopback
		require.Less(t, i, 10000, "the fake never received the request")
		time.Sleep(time.Millisecond)
	}
	cancel()
	assert.ErrorIs(t, <-done, context.Canceled, "answered before the latency was over")
}

func TestFaults(t *testing.T) {
	seedPages := func(f *fake.Running) {
		c := client(t, f)
		for i := range 3 {
			r, err := c.CreateNetworkingV1PrivateLinkAccessWithResponse(context.Background(), plaBody(t, fmt.Sprint("p", i), "n-1", aws(fmt.Sprintf("%012d", i))))
			require.NoError(t, err)
			require.Equal(t, 202, r.StatusCode())
		}
	}
	t.Run("truncated body", func(t *testing.T) {
		f := start(t, fake.WithFaults(fake.Faults{TruncatedBody: 1}))
		seedPages(f)
		status, _, body := do(t, f, "GET", listPath, nil)
		assert.Equal(t, 200, status)
		assert.False(t, json.Valid(body))
	})
	t.Run("malformed json", func(t *testing.T) {
		f := start(t, fake.WithFaults(fake.Faults{MalformedJSON: 1}))
		status, _, body := do(t, f, "GET", listPath, nil)
		assert.Equal(t, 200, status)
		assert.False(t, json.Valid(body))
	})
	nextOf := func(body []byte) *url.URL {
		var list api.PrivateLinkAccessList
		require.NoError(t, json.Unmarshal(body, &list))
		require.NotNil(t, list.Metadata.Next)
		u, err := url.Parse(*list.Metadata.Next)
		require.NoError(t, err)
		return u
	}
	t.Run("foreign next link", func(t *testing.T) {
		f := start(t, fake.WithFaults(fake.Faults{ForeignNextLink: 1}))
		seedPages(f)
		_, _, body := do(t, f, "GET", listPath+"&page_size=1", nil)
		assert.Equal(t, "foreign.invalid", nextOf(body).Host)
	})
	t.Run("repeated page token", func(t *testing.T) {
		f := start(t, fake.WithFaults(fake.Faults{RepeatPageToken: 1}))
		seedPages(f)
		_, _, body := do(t, f, "GET", listPath+"&page_size=1", nil)
		tok := nextOf(body).Query().Get("page_token")
		_, _, body = do(t, f, "GET", listPath+"&page_size=1&page_token="+tok, nil)
		assert.Equal(t, tok, nextOf(body).Query().Get("page_token"))
	})
	t.Run("slow answer", func(t *testing.T) {
		f := start(t, fake.WithFaults(fake.Faults{SlowAnswer: 1, SlowBy: 300 * time.Millisecond}))
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		req, _ := http.NewRequestWithContext(ctx, "GET", f.URL+listPath, nil)
		req.SetBasicAuth(f.Key, f.Secret)
		_, err := http.DefaultClient.Do(req)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
	})
	t.Run("429 with Retry-After", func(t *testing.T) {
		f := start(t, fake.WithFaults(fake.Faults{RateLimitRetryAfter: 1}))
		status, h, _ := do(t, f, "GET", listPath, nil)
		assert.Equal(t, 429, status)
		assert.Equal(t, "1", h.Get("Retry-After"))
	})
	t.Run("429 with only X-RateLimit-Reset", func(t *testing.T) {
		f := start(t, fake.WithFaults(fake.Faults{RateLimitResetOnly: 1}))
		status, h, _ := do(t, f, "GET", listPath, nil)
		assert.Equal(t, 429, status)
		assert.Empty(t, h.Get("Retry-After"))
		assert.Equal(t, "1", h.Get("X-RateLimit-Reset"))
		assert.Equal(t, "0", h.Get("X-RateLimit-Remaining"))
	})
	for _, bad := range []fake.Option{
		fake.WithFaults(fake.Faults{TruncatedBody: 2}),
		fake.WithFaults(fake.Faults{SlowAnswer: 0.5}),
		fake.WithServerErrors(-0.1), fake.WithResets(1.5), fake.WithResetsAfterCreate(2), fake.WithFailures(3),
		fake.WithRateLimit(0, time.Second), fake.WithLatency(-1), fake.WithReadyAfter(-1), fake.WithDeleteAfter(-1),
		fake.WithBearerToken(""),
	} {
		_, err := fake.New(bad)
		assert.Error(t, err)
	}
}

// Many goroutines at once: every create is stored once, ids are unique.
func TestConcurrentUse(t *testing.T) {
	f := start(t)
	c := client(t, f)
	var wg sync.WaitGroup
	ids := make(chan string, 64)
	for g := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 4 {
				r, err := c.CreateNetworkingV1PrivateLinkAccessWithResponse(context.Background(),
					plaBody(t, "p-"+strconv.Itoa(g)+"-"+strconv.Itoa(i), "n-1", aws(fmt.Sprintf("%06d%06d", g, i))))
				if assert.NoError(t, err) && assert.Equal(t, 202, r.StatusCode(), string(r.Body)) {
					ids <- r.JSON202.ID
				}
				_, _, _ = do(t, f, "GET", listPath, nil)
			}
		}()
	}
	wg.Wait()
	close(ids)
	seen := map[string]bool{}
	for id := range ids {
		assert.False(t, seen[id])
		seen[id] = true
	}
	assert.Len(t, seen, 64)
	assert.Equal(t, 64, f.Stats().Creates)
}

func TestSameSeedSameIDs(t *testing.T) {
	ids := func() []string {
		f := start(t, fake.WithSeed(42))
		c := client(t, f)
		var out []string
		for i := range 3 {
			r, err := c.CreateNetworkingV1NetworkLinkServiceWithResponse(context.Background(), nlsBody(fmt.Sprint("s", i), "n-1"))
			require.NoError(t, err)
			out = append(out, r.JSON202.ID)
		}
		return out
	}
	assert.Equal(t, ids(), ids())
}

func TestStartRefusesNonLoopback(t *testing.T) {
	_, err := fake.StartOn("192.0.2.1:0")
	assert.ErrorContains(t, err, "not loopback")
	_, err = fake.StartOn("nonsense")
	assert.Error(t, err)
	f, err := fake.StartOn("[::1]:0")
	if err == nil { // IPv6 loopback may be absent on some machines
		assert.Contains(t, f.URL, "[::1]")
		_ = f.Close()
	}
}
