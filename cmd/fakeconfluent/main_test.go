package main

import (
	"bytes"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ccloud-go/networking/fake"
)

// syncBuffer is a bytes.Buffer safe to read while run writes to it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// serve runs the command in-process with args and returns its base URL;
// it stops when the test ends.
func serve(t *testing.T, args ...string) (string, *syncBuffer) {
	t.Helper()
	var out, errOut syncBuffer
	stop := make(chan struct{})
	done := make(chan int)
	go func() { done <- run(append([]string{"-addr", "127.0.0.1:0"}, args...), &out, &errOut, stop) }()
	t.Cleanup(func() {
		close(stop)
		assert.Equal(t, 0, <-done)
	})
	re := regexp.MustCompile(`at (http://127\.0\.0\.1:\d+)`)
	for i := 0; i < 200; i++ {
		// The start-up lines are written one by one; "phases:" is the
		// last, so a test reading them sees them all.
		if m := re.FindStringSubmatch(out.String()); m != nil && strings.Contains(out.String(), "\n  phases: ") {
			return m[1], &out
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("no URL printed: %s %s", out.String(), errOut.String())
	return "", nil
}

func TestServesAndPrintsURL(t *testing.T) {
	url, out := serve(t, "-key", "K", "-secret", "S", "-rate-limit", "100/1s")
	assert.Contains(t, out.String(), "CONFLUENT_CLOUD_API_KEY=K")

	req, _ := http.NewRequest("GET", url+"/networking/v1/private-link-accesses?environment=env-1", nil)
	req.SetBasicAuth("K", "S")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	_ = resp.Body.Close()
	assert.Equal(t, 200, resp.StatusCode)
	assert.Equal(t, "100", resp.Header.Get("X-RateLimit-Limit"))
}

// An SDK-shaped create (read-only reference fields, empty) is taken by
// default and refused under -strict.
func TestStrictFlag(t *testing.T) {
	const body = `{"spec":{"display_name":"x","environment":{"id":"env-1","related":"","resource_name":""},"network":{"id":"n-1"}}}`
	for _, tc := range []struct {
		args []string
		want int
	}{{nil, http.StatusAccepted}, {[]string{"-strict"}, http.StatusBadRequest}} {
		url, _ := serve(t, tc.args...)
		req, _ := http.NewRequest("POST", url+"/networking/v1/network-link-services", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.SetBasicAuth(fake.DefaultKey, fake.DefaultSecret)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		_ = resp.Body.Close()
		assert.Equal(t, tc.want, resp.StatusCode, tc.args)
	}
}

func TestRefusesBadFlags(t *testing.T) {
	for _, args := range [][]string{
		{"-addr", "10.1.2.3:80"},
		{"-rate-limit", "fast"},
		{"-rate-limit", "0/1s"},
		{"-rate-limit", "5/never"},
		{"-server-errors", "2"},
		{"-nope"},
		{"-ready-in", "1s", "-ready-after", "1"},
		{"-delete-in", "-1s"},
	} {
		var out, errOut syncBuffer
		code := run(args, &out, &errOut, make(chan struct{}))
		assert.NotEqual(t, 0, code, strings.Join(args, " "))
		assert.NotEmpty(t, errOut.String(), strings.Join(args, " "))
	}
}
