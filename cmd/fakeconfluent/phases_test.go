package main

import (
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ccloud-go/networking/fake"
)

// send makes one request with the default credential and returns the
// status and the phase the body shows ("" without one).
func send(t *testing.T, method, url, body string) (int, string) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, url, rd)
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	req.SetBasicAuth(fake.DefaultKey, fake.DefaultSecret)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer func() { _ = resp.Body.Close() }()
	var doc struct {
		ID     string
		Status struct{ Phase string }
	}
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	_ = json.Unmarshal(raw, &doc)
	if method == "POST" {
		return resp.StatusCode, doc.ID
	}
	return resp.StatusCode, doc.Status.Phase
}

// With -state phases move with time, 3 s by default, and the start-up
// line says so; without it they move with reads. -ready-in 0 and
// -delete-in 0 make a create READY at its first read and a delete gone at
// once.
func TestPhaseFlags(t *testing.T) {
	state := func() string { return filepath.Join(t.TempDir(), "state.json") }
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "phases: READY after 2 reads by id, gone after 1 reads in DEPROVISIONING"},
		{[]string{"-state", state()}, "phases: READY 3s after a create, gone 3s after a delete"},
		{[]string{"-state", state(), "-ready-after", "1"}, "phases: READY after 1 reads by id"},
		{[]string{"-ready-in", "5s"}, "phases: READY 5s after a create, gone 3s after a delete"},
	} {
		_, out := serve(t, tc.args...)
		assert.Contains(t, out.String(), tc.want, tc.args)
	}

	url, _ := serve(t, "-state", state(), "-ready-in", "0", "-delete-in", "0")
	code, id := send(t, "POST", url+"/networking/v1/network-link-services",
		`{"spec":{"display_name":"x","environment":{"id":"env-1"},"network":{"id":"n-1"}}}`)
	require.Equal(t, http.StatusAccepted, code)
	one := url + "/networking/v1/network-link-services/" + id + "?environment=env-1"
	code, phase := send(t, "GET", one, "")
	assert.Equal(t, []any{200, "READY"}, []any{code, phase})
	code, _ = send(t, "DELETE", one, "")
	require.Equal(t, http.StatusNoContent, code)
	code, _ = send(t, "GET", one, "")
	assert.Equal(t, http.StatusNotFound, code)
}

// Phases move with time or with reads, not both: a time flag beside a
// read flag is refused before anything is served, naming both, as is a
// negative time.
func TestPhaseFlagsThatClash(t *testing.T) {
	for _, tc := range []struct {
		args    []string
		code    int
		mention string
	}{
		{[]string{"-ready-in", "1s", "-ready-after", "1"}, 2, "-ready-after"},
		{[]string{"-delete-in", "1s", "-delete-after", "0"}, 2, "-delete-after"},
		{[]string{"-state", filepath.Join(t.TempDir(), "s.json"), "-ready-in", "1s", "-delete-after", "1"}, 2, "-ready-in"},
		{[]string{"-ready-in", "-1s"}, 1, "negative"},
	} {
		var out, errOut strings.Builder
		code := run(append([]string{"-addr", "127.0.0.1:0"}, tc.args...), &out, &errOut, make(chan struct{}))
		assert.Equal(t, tc.code, code, "%v: %s", tc.args, errOut.String())
		assert.Contains(t, errOut.String(), tc.mention, tc.args)
		assert.Empty(t, out.String(), "%v: nothing served", tc.args)
	}
}
