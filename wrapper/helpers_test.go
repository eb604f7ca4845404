package wrapper

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// Test credentials. testSecret must never show up in any output.
const (
	testKey    = "TESTKEY123"
	testSecret = "s3cr3t-Value-That-Must-Not-Leak"
)

// server is a loopback API stand-in: each test gives the handler, and the
// server counts requests and keeps their paths.
type server struct {
	*httptest.Server
	hits  atomic.Int64
	mu    sync.Mutex
	paths []string
}

func newServer(t *testing.T, h http.HandlerFunc) *server {
	t.Helper()
	s := &server{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.hits.Add(1)
		s.mu.Lock()
		s.paths = append(s.paths, r.Method+" "+r.URL.RequestURI())
		s.mu.Unlock()
		h(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *server) requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.paths...)
}

// fastRetries keeps retry tests quick while still exercising the waits.
func fastRetries() RetryPolicy {
	return RetryPolicy{MaxAttempts: 4, BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond, MaxTotalWait: 5 * time.Second,
		SettleDelay: 400 * time.Millisecond}
}

// newTestClient makes a client for s with the test key and fast retries;
// later options override.
func newTestClient(t *testing.T, s *server, opts ...Option) *Client {
	t.Helper()
	base := []Option{WithBaseURL(s.URL), WithAPIKey(testKey, testSecret), WithRetryPolicy(fastRetries())}
	c, err := New(append(base, opts...)...)
	require.NoError(t, err)
	return c
}

// writeJSON answers with a JSON document.
func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}

// writeFailure answers with a Failure body.
func writeFailure(w http.ResponseWriter, code int, detail string) {
	w.Header().Set("X-Request-Id", fmt.Sprintf("req-%d", code))
	writeJSON(w, code, map[string]any{"errors": []map[string]any{{
		"status": fmt.Sprint(code), "code": "test_error", "title": http.StatusText(code), "detail": detail,
	}}})
}

// nlsDoc is a network link service document in the given phase.
func nlsDoc(id, phase string) map[string]any {
	return map[string]any{
		"api_version": "networking/v1", "kind": "NetworkLinkService", "id": id,
		"metadata": map[string]any{"self": "https://example.invalid/networking/v1/network-link-services/" + id},
		"spec": map[string]any{"display_name": "svc", "environment": map[string]any{"id": "env-1"},
			"network": map[string]any{"id": "n-1"}},
		"status": map[string]any{"phase": phase},
	}
}

// plaDoc is a private link access document in the given phase.
func plaDoc(id, phase string, cloud map[string]any) map[string]any {
	return map[string]any{
		"api_version": "networking/v1", "kind": "PrivateLinkAccess", "id": id,
		"metadata": map[string]any{"self": "https://example.invalid/networking/v1/private-link-accesses/" + id},
		"spec": map[string]any{"display_name": "pla", "cloud": cloud, "environment": map[string]any{"id": "env-1"},
			"network": map[string]any{"id": "n-1"}},
		"status": map[string]any{"phase": phase},
	}
}

func awsCloudDoc(account string) map[string]any {
	return map[string]any{"kind": "AwsPrivateLinkAccess", "account": account}
}

var errNoBody = errors.New("no body")

// jsonBody reads a request's body.
func jsonBody(r *http.Request) ([]byte, error) {
	if r.Body == nil {
		return nil, errNoBody
	}
	defer func() { _ = r.Body.Close() }()
	return io.ReadAll(r.Body)
}

// withBody is r with its own copy of raw as the body.
func withBody(r *http.Request, raw []byte) *http.Request {
	cp := r.Clone(r.Context())
	cp.Body = io.NopCloser(bytes.NewReader(raw))
	cp.ContentLength = int64(len(raw))
	return cp
}

// lockedWriter is a buffer several goroutines may log to at once (mu
// guards w).
type lockedWriter struct {
	w  *bytes.Buffer
	mu *sync.Mutex
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// relay writes the answer rec recorded (headers, status, body) to w.
func relay(w http.ResponseWriter, rec *httptest.ResponseRecorder) {
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.Code)
	_, _ = w.Write(rec.Body.Bytes())
}
