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

func TestServesAndPrintsURL(t *testing.T) {
	var out, errOut syncBuffer
	stop := make(chan struct{})
	done := make(chan int)
	go func() {
		done <- run([]string{"-addr", "127.0.0.1:0", "-key", "K", "-secret", "S", "-rate-limit", "100/1s"}, &out, &errOut, stop)
	}()

	var url string
	re := regexp.MustCompile(`at (http://127\.0\.0\.1:\d+)`)
	for i := 0; i < 200 && url == ""; i++ {
		if m := re.FindStringSubmatch(out.String()); m != nil {
			url = m[1]
		}
		time.Sleep(10 * time.Millisecond)
	}
	require.NotEmpty(t, url, "no URL printed: %s %s", out.String(), errOut.String())
	assert.Contains(t, out.String(), "CONFLUENT_CLOUD_API_KEY=K")

	req, _ := http.NewRequest("GET", url+"/networking/v1/private-link-accesses?environment=env-1", nil)
	req.SetBasicAuth("K", "S")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	_ = resp.Body.Close()
	assert.Equal(t, 200, resp.StatusCode)
	assert.Equal(t, "100", resp.Header.Get("X-RateLimit-Limit"))

	close(stop)
	assert.Equal(t, 0, <-done)
}

func TestRefusesBadFlags(t *testing.T) {
	for _, args := range [][]string{
		{"-addr", "10.1.2.3:80"},
		{"-rate-limit", "fast"},
		{"-rate-limit", "0/1s"},
		{"-rate-limit", "5/never"},
		{"-server-errors", "2"},
		{"-nope"},
	} {
		var out, errOut syncBuffer
		code := run(args, &out, &errOut, make(chan struct{}))
		assert.NotEqual(t, 0, code, strings.Join(args, " "))
		assert.NotEmpty(t, errOut.String(), strings.Join(args, " "))
	}
}
