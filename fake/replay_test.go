package fake_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ccloud-go/networking/fake"
)

// replay is one request shape a real tool sends (testdata/replay/*.json).
type replay struct {
	About  string          `json:"about"`
	Method string          `json:"method"`
	Path   string          `json:"path"` // {id} stands for the resource setup made
	Setup  json.RawMessage `json:"setup"`
	Body   json.RawMessage `json:"body"` // sent byte for byte
	// ReadOnly lists the JSON pointers of the read-only properties in Body.
	ReadOnly []string `json:"read_only"`
	// Stored maps JSON pointers of the read-back document to the values
	// expected there; null means absent.
	Stored map[string]any `json:"stored"`
}

func loadReplays(t *testing.T) map[string]replay {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "replay", "*.json"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	out := map[string]replay{}
	for _, name := range files {
		raw, err := os.ReadFile(name)
		require.NoError(t, err)
		var r replay
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		require.NoError(t, dec.Decode(&r), name)
		require.NotEmpty(t, r.ReadOnly, name)
		out[filepath.Base(name)] = r
	}
	return out
}

// send sends body byte for byte (none if nil) and returns status and answer.
func send(t *testing.T, f *fake.Running, method, path string, body []byte) (int, []byte) {
	t.Helper()
	var payload any
	if body != nil {
		payload = body
	}
	status, _, answer := do(t, f, method, path, payload)
	return status, answer
}

// at reads a JSON pointer in a decoded document.
func at(doc any, pointer string) (any, bool) {
	for _, key := range strings.Split(strings.TrimPrefix(pointer, "/"), "/") {
		m, ok := doc.(map[string]any)
		if !ok {
			return nil, false
		}
		if doc, ok = m[key]; !ok {
			return nil, false
		}
	}
	return doc, true
}

// collectionOf is the collection path of a replay's path.
func collectionOf(path string) string {
	return strings.TrimSuffix(path, "/{id}")
}

// play sends a replay's request (after its setup, if any) and returns the
// status, the answer and the resource id.
func play(t *testing.T, f *fake.Running, r replay) (int, []byte, string) {
	t.Helper()
	id := ""
	if r.Setup != nil {
		status, body := send(t, f, "POST", collectionOf(r.Path), r.Setup)
		require.Equal(t, http.StatusAccepted, status, string(body))
		var doc struct{ ID string }
		require.NoError(t, json.Unmarshal(body, &doc))
		id = doc.ID
	}
	status, body := send(t, f, r.Method, strings.Replace(r.Path, "{id}", id, 1), r.Body)
	if id == "" && status == http.StatusAccepted {
		var doc struct{ ID string }
		require.NoError(t, json.Unmarshal(body, &doc))
		id = doc.ID
	}
	return status, body, id
}

// Each request shape real tools send is accepted, stored, and read back
// with the fake's own values where the request had read-only ones.
func TestReplayedToolRequestsAreAccepted(t *testing.T) {
	for name, r := range loadReplays(t) {
		t.Run(name, func(t *testing.T) {
			f := start(t)
			status, body, id := play(t, f, r)
			want := http.StatusOK
			if r.Method == "POST" {
				want = http.StatusAccepted
			}
			require.Equal(t, want, status, string(body))
			assert.Equal(t, len(r.ReadOnly), f.Stats().ReadOnlyIgnored)
			assert.Equal(t, 1, f.Stats().Creates)

			status, body = send(t, f, "GET", collectionOf(r.Path)+"/"+id+"?environment=env-abc123", nil)
			require.Equal(t, http.StatusOK, status, string(body))
			var doc any
			require.NoError(t, json.Unmarshal(body, &doc))
			for pointer, wantValue := range r.Stored {
				got, present := at(doc, pointer)
				if wantValue == nil {
					assert.False(t, present, "%s should be absent, is %v", pointer, got)
					continue
				}
				assert.Equal(t, wantValue, got, pointer)
			}
			// What the request said of read-only fields is not echoed: the
			// answer carries the fake's own.
			assertEqualAt(t, doc, "/spec/environment/related", f.URL+"/org/v2/environments/env-abc123")
			assertEqualAt(t, doc, "/spec/environment/resource_name", "crn://confluent.cloud/organization=org-fake0/environment=env-abc123")
			assertEqualAt(t, doc, "/spec/network/related", f.URL+"/networking/v1/networks/n-abc123?environment=env-abc123")
			assertEqualAt(t, doc, "/spec/network/resource_name", "crn://confluent.cloud/organization=org-fake0/environment=env-abc123/network=n-abc123")
			assertEqualAt(t, doc, "/id", id)
		})
	}
}

func assertEqualAt(t *testing.T, doc any, pointer string, want any) {
	t.Helper()
	got, ok := at(doc, pointer)
	assert.True(t, ok, "%s missing", pointer)
	assert.Equal(t, want, got, pointer)
}

// In strict mode the same requests are refused with 400 naming the first
// read-only property, and change nothing.
func TestReplayedToolRequestsAreRefusedWhenStrict(t *testing.T) {
	for name, r := range loadReplays(t) {
		t.Run(name, func(t *testing.T) {
			f := start(t, fake.WithStrictReadOnly())
			status, body, id := play(t, f, r)
			require.Equal(t, http.StatusBadRequest, status, string(body))
			detail := failureDetail(t, body)
			for _, p := range r.ReadOnly {
				assert.Contains(t, detail, p)
			}
			var fail struct {
				Errors []struct {
					Source struct{ Pointer string }
				}
			}
			require.NoError(t, json.Unmarshal(body, &fail))
			assert.Equal(t, r.ReadOnly[0], fail.Errors[0].Source.Pointer)
			assert.Equal(t, 1, f.Stats().Invalid)
			assert.Zero(t, f.Stats().ReadOnlyIgnored)
			if r.Setup == nil {
				assert.Zero(t, f.Stats().Creates)
				assert.Empty(t, id)
				return
			}
			// The update changed nothing.
			status, body = send(t, f, "GET", collectionOf(r.Path)+"/"+id+"?environment=env-abc123", nil)
			require.Equal(t, http.StatusOK, status)
			var setup, now any
			require.NoError(t, json.Unmarshal(r.Setup, &setup))
			require.NoError(t, json.Unmarshal(body, &now))
			want, _ := at(setup, "/spec/display_name")
			assertEqualAt(t, now, "/spec/display_name", want)
		})
	}
}

// The read-only properties come from the spec: the references' own, and
// the resource's top-level ones that upstream's request bodies carry.
func TestReadOnlyPropertiesComeFromTheSpec(t *testing.T) {
	f := start(t)
	top := []string{"/api_version", "/id", "/kind", "/metadata", "/status"}
	ref := func(prefix string, typed bool) []string {
		if typed {
			return []string{prefix + "/api_version", prefix + "/kind", prefix + "/related", prefix + "/resource_name"}
		}
		return []string{prefix + "/related", prefix + "/resource_name"}
	}
	join := func(parts ...[]string) []string {
		var out []string
		for _, p := range parts {
			out = append(out, p...)
		}
		slices.Sort(out)
		return out
	}
	assert.Equal(t, join(top, ref("/spec/environment", false), ref("/spec/network", false)),
		fake.ReadOnlyForTest(f.Server, "createNetworkingV1NetworkLinkService"))
	assert.Equal(t, join(top, ref("/spec/environment", false)),
		fake.ReadOnlyForTest(f.Server, "updateNetworkingV1NetworkLinkService"))
	assert.Equal(t, join(top, ref("/spec/environment", true), ref("/spec/network", true)),
		fake.ReadOnlyForTest(f.Server, "createNetworkingV1PrivateLinkAccess"))
	assert.Equal(t, join(top, ref("/spec/environment", true)),
		fake.ReadOnlyForTest(f.Server, "updateNetworkingV1PrivateLinkAccess"))
	assert.Nil(t, fake.ReadOnlyForTest(f.Server, "getNetworkingV1PrivateLinkAccess"))
}

// A document read back and sent again, whole, is accepted: as an update
// of the same resource, and as a create of another.
func TestReadBackDocumentSentAgain(t *testing.T) {
	for _, coll := range []string{"/networking/v1/network-link-services", "/networking/v1/private-link-accesses"} {
		t.Run(coll, func(t *testing.T) {
			f := start(t, fake.WithReadyAfter(0))
			setup := `{"spec":{"display_name":"first","environment":{"id":"env-abc123"},"network":{"id":"n-abc123"}` +
				`,"cloud":{"kind":"AzurePrivateLinkAccess","subscription":"sub-1"}}}`
			if strings.Contains(coll, "network-link") {
				setup = `{"spec":{"display_name":"first","environment":{"id":"env-abc123"},"network":{"id":"n-abc123"}}}`
			}
			status, body := send(t, f, "POST", coll, []byte(setup))
			require.Equal(t, http.StatusAccepted, status, string(body))
			var created map[string]any
			require.NoError(t, json.Unmarshal(body, &created))
			id := created["id"].(string)
			status, body = send(t, f, "GET", coll+"/"+id+"?environment=env-abc123", nil)
			require.Equal(t, http.StatusOK, status)
			var doc map[string]any
			require.NoError(t, json.Unmarshal(body, &doc))
			require.Equal(t, "READY", doc["status"].(map[string]any)["phase"])

			doc["spec"].(map[string]any)["display_name"] = "second"
			again, err := json.Marshal(doc)
			require.NoError(t, err)
			status, body = send(t, f, "PATCH", coll+"/"+id, again)
			require.Equal(t, http.StatusOK, status, string(body))
			var updated map[string]any
			require.NoError(t, json.Unmarshal(body, &updated))
			assertEqualAt(t, updated, "/spec/display_name", "second")
			assertEqualAt(t, updated, "/id", id)

			// As a create, the read-back document makes a new resource with
			// its own id and phase: the READY it carried is not taken.
			doc["spec"].(map[string]any)["display_name"] = "third"
			if cloud, ok := doc["spec"].(map[string]any)["cloud"].(map[string]any); ok {
				cloud["subscription"] = "sub-2"
			}
			again, err = json.Marshal(doc)
			require.NoError(t, err)
			status, body = send(t, f, "POST", coll, again)
			require.Equal(t, http.StatusAccepted, status, string(body))
			var second map[string]any
			require.NoError(t, json.Unmarshal(body, &second))
			assert.NotEqual(t, id, second["id"])
			assertEqualAt(t, second, "/status/phase", "PROVISIONING")
			assert.Equal(t, 2, f.Stats().Creates)
		})
	}
}
