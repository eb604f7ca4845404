package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ccloud-go/networking/api"
	"github.com/ccloud-go/networking/fake"
)

// buildCommand compiles this command into a temporary directory.
func buildCommand(t *testing.T) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	require.NoError(t, err, "the restart tests build the command with the go tool")
	bin := filepath.Join(t.TempDir(), "fakeconfluent")
	out, err := exec.Command(goTool, "build", "-o", bin, ".").CombinedOutput()
	require.NoError(t, err, string(out))
	return bin
}

// process is the command running as a child process.
type process struct {
	cmd    *exec.Cmd
	url    string
	stderr *syncBuffer
}

// launch starts the built command and waits until it says where it serves.
func launch(t *testing.T, bin string, args ...string) *process {
	t.Helper()
	p := &process{stderr: &syncBuffer{}}
	p.cmd = exec.Command(bin, append([]string{"-addr", "127.0.0.1:0"}, args...)...)
	p.cmd.Stderr = p.stderr
	stdout, err := p.cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, p.cmd.Start())
	t.Cleanup(func() {
		if p.cmd.ProcessState == nil {
			_ = p.cmd.Process.Kill()
			_ = p.cmd.Wait()
		}
	})
	re := regexp.MustCompile(`at (http://127\.0\.0\.1:\d+)`)
	sc := bufio.NewScanner(stdout)
	for p.url == "" && sc.Scan() {
		if m := re.FindStringSubmatch(sc.Text()); m != nil {
			p.url = m[1]
		}
	}
	require.NotEmpty(t, p.url, "no URL printed; stderr: %s", p.stderr.String())
	go func() { _, _ = io.Copy(io.Discard, stdout) }()
	return p
}

// kill ends the process with SIGKILL: no shutdown code runs.
func (p *process) kill(t *testing.T) {
	t.Helper()
	require.NoError(t, p.cmd.Process.Kill())
	_ = p.cmd.Wait()
}

func (p *process) call(t *testing.T, method, path, body string) (int, []byte) {
	t.Helper()
	status, raw, err := p.try(method, path, body)
	require.NoError(t, err)
	return status, raw
}

func (p *process) try(method, path, body string) (int, []byte, error) {
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, p.url+path, rd)
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.SetBasicAuth(fake.DefaultKey, fake.DefaultSecret)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer func() { _ = resp.Body.Close() }()
	raw, err := io.ReadAll(resp.Body)
	return resp.StatusCode, raw, err
}

func idOf(t *testing.T, raw []byte) string {
	t.Helper()
	var doc struct{ ID string }
	require.NoError(t, json.Unmarshal(raw, &doc), string(raw))
	require.NotEmpty(t, doc.ID, string(raw))
	return doc.ID
}

// listed returns every resource of a list page by id, as raw JSON with
// the server's own URL replaced by a placeholder.
func listed(t *testing.T, p *process, collection string) map[string]string {
	t.Helper()
	// The largest page the spec allows either list (from api/, generated).
	size := min(api.ListNetworkingV1NetworkLinkServicesParams{}.PageBounds().MaxPageSize, api.ListNetworkingV1PrivateLinkAccessesParams{}.PageBounds().MaxPageSize)
	status, raw := p.call(t, "GET", fmt.Sprintf("%s?environment=env-abc123&page_size=%d", collection, size), "")
	require.Equal(t, http.StatusOK, status, string(raw))
	var page struct{ Data []json.RawMessage }
	require.NoError(t, json.Unmarshal(raw, &page))
	out := map[string]string{}
	for _, item := range page.Data {
		out[idOf(t, item)] = strings.ReplaceAll(string(item), p.url, "BASE")
	}
	return out
}

const (
	nlsPath = "/networking/v1/network-link-services"
	plaPath = "/networking/v1/private-link-accesses"
)

// The real command, killed with SIGKILL while creates are arriving and
// started again on the same -state file, still has every resource: ids,
// fields, phases, a delete in progress, and every create it acknowledged.
func TestStateSurvivesKill(t *testing.T) {
	bin := buildCommand(t)
	state := filepath.Join(t.TempDir(), "fake-state.json")
	// Three DEPROVISIONING reads: the list before the kill, the list
	// after, and one read by id; the next is 404.
	args := []string{"-state", state, "-ready-after", "1", "-delete-after", "3"}
	p := launch(t, bin, args...)

	status, raw := p.call(t, "POST", nlsPath, `{"spec":{"display_name":"tf-nls","description":"","environment":{"id":"env-abc123","related":"","resource_name":""},"network":{"id":"n-abc123","related":"","resource_name":""}}}`)
	require.Equal(t, http.StatusAccepted, status, string(raw))
	nls := idOf(t, raw)
	status, raw = p.call(t, "PATCH", nlsPath+"/"+nls, `{"spec":{"description":"kept","accept":{"environments":["env-def456"]},"environment":{"id":"env-abc123","related":"","resource_name":""}}}`)
	require.Equal(t, http.StatusOK, status, string(raw))
	status, raw = p.call(t, "POST", plaPath, `{"spec":{"cloud":{"account":"012345678901","kind":"AwsPrivateLinkAccess"},"display_name":"tf-pla","environment":{"id":"env-abc123","related":"","resource_name":""},"network":{"id":"n-abc123","related":"","resource_name":""}}}`)
	require.Equal(t, http.StatusAccepted, status, string(raw))
	ready := idOf(t, raw)
	for range 2 { // PROVISIONING, then READY
		status, _ = p.call(t, "GET", plaPath+"/"+ready+"?environment=env-abc123", "")
		require.Equal(t, http.StatusOK, status)
	}
	status, raw = p.call(t, "POST", plaPath, `{"spec":{"cloud":{"kind":"GcpPrivateServiceConnectAccess","project":"proj-1"},"environment":{"id":"env-abc123"},"network":{"id":"n-abc123"}}}`)
	require.Equal(t, http.StatusAccepted, status, string(raw))
	gone := idOf(t, raw)
	status, _ = p.call(t, "DELETE", plaPath+"/"+gone+"?environment=env-abc123", "")
	require.Equal(t, http.StatusNoContent, status)

	beforeNLS, beforePLA := listed(t, p, nlsPath), listed(t, p, plaPath)
	require.Len(t, beforeNLS, 1)
	require.Len(t, beforePLA, 2)
	assert.Contains(t, beforePLA[ready], `"phase":"READY"`)
	assert.Contains(t, beforePLA[gone], `"phase":"DEPROVISIONING"`)

	// Creates keep arriving, one at a time, while the process is killed.
	const before = 20 // acknowledged creates before the kill
	var mu sync.Mutex
	var acked []string
	stop := make(chan struct{})
	reached := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := 0; i < 10*before; i++ { // bounded: a dead server ends the loop
			select {
			case <-stop:
				return
			default:
			}
			status, raw, err := p.try("POST", nlsPath, fmt.Sprintf(`{"spec":{"display_name":"load-%d","environment":{"id":"env-abc123"},"network":{"id":"n-abc123"}}}`, i))
			if err != nil || status != http.StatusAccepted {
				continue
			}
			var doc struct{ ID string }
			if json.Unmarshal(raw, &doc) == nil {
				mu.Lock()
				acked = append(acked, doc.ID)
				if len(acked) == before {
					close(reached)
				}
				mu.Unlock()
			}
		}
	}()
	select {
	case <-reached:
	case <-done:
		t.Fatalf("the creates stopped before %d were acknowledged; stderr: %s", before, p.stderr.String())
	}
	p.kill(t)
	close(stop)
	<-done
	mu.Lock()
	defer mu.Unlock()
	require.GreaterOrEqual(t, len(acked), before)

	raw, err := os.ReadFile(state)
	require.NoError(t, err)
	var file struct {
		Format    string
		Version   int
		Resources []json.RawMessage
	}
	require.NoError(t, json.Unmarshal(raw, &file), "the state file is torn")
	assert.Equal(t, "ccloud-go/networking fake state", file.Format)

	q := launch(t, bin, args...)
	afterNLS, afterPLA := listed(t, q, nlsPath), listed(t, q, plaPath)
	assert.Equal(t, beforePLA, afterPLA)
	assert.Equal(t, beforeNLS[nls], afterNLS[nls])
	for _, id := range acked {
		assert.Contains(t, afterNLS, id, "an acknowledged create was lost")
	}
	// At most one create was stored but not acknowledged: the one in
	// flight when the process died.
	assert.GreaterOrEqual(t, len(afterNLS), 1+len(acked))
	assert.LessOrEqual(t, len(afterNLS), 2+len(acked))
	t.Logf("restart: %d acknowledged creates before SIGKILL, %d network link services and %d private link accesses after",
		len(acked), len(afterNLS), len(afterPLA))

	// The delete carries on: one more DEPROVISIONING read, then 404.
	status, raw = q.call(t, "GET", plaPath+"/"+gone+"?environment=env-abc123", "")
	assert.Equal(t, http.StatusOK, status)
	assert.True(t, bytes.Contains(raw, []byte(`"DEPROVISIONING"`)), string(raw))
	status, _ = q.call(t, "GET", plaPath+"/"+gone+"?environment=env-abc123", "")
	assert.Equal(t, http.StatusNotFound, status)
	q.kill(t)
}

// A corrupt state file stops the command with an error naming the file,
// and the file is not touched.
func TestCorruptStateRefused(t *testing.T) {
	state := filepath.Join(t.TempDir(), "state.json")
	content := []byte(`{"format":"ccloud-go/networking fake state","version":1,"resources":[{"kind":"NetworkLinkSer`)
	require.NoError(t, os.WriteFile(state, content, 0o644))
	var out, errOut syncBuffer
	code := run([]string{"-addr", "127.0.0.1:0", "-state", state}, &out, &errOut, make(chan struct{}))
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut.String(), state)
	assert.Contains(t, errOut.String(), "left untouched")
	after, err := os.ReadFile(state)
	require.NoError(t, err)
	assert.Equal(t, content, after)
}

// A second fakeconfluent on a state file another one serves refuses to
// start, saying why, and leaves the file to the first.
func TestSecondProcessOnOneStateRefused(t *testing.T) {
	state := filepath.Join(t.TempDir(), "state.json")
	serve(t, "-state", state)
	var out, errOut syncBuffer
	code := run([]string{"-addr", "127.0.0.1:0", "-state", state}, &out, &errOut, make(chan struct{}))
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut.String(), state)
	assert.Contains(t, errOut.String(), "another fake is using it")
	assert.NotContains(t, out.String(), "fake Confluent Cloud networking API at")
}
