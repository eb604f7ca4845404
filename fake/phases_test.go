package fake_test

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ccloud-go/networking/fake"
	"github.com/ccloud-go/networking/spec/openapi"
)

// createBodies is a create spec for every collection a client creates,
// each choosing a variant that has status details to show.
func createBodies() map[string]map[string]any {
	env := map[string]any{"id": "env-1"}
	net := map[string]any{"id": "n-1"}
	out := map[string]map[string]any{
		"networks": {"display_name": "net", "environment": env, "cloud": "AWS", "region": "us-east-2",
			"connection_types": []string{"PRIVATELINK"}, "zones": []string{"use2-az1", "use2-az2", "use2-az3"}},
		"peerings": {"display_name": "peer", "environment": env, "network": net,
			"cloud": map[string]any{"kind": "AwsPeering", "account": "123456789012", "vpc": "vpc-1", "routes": []string{"10.0.0.0/16"}, "customer_region": "us-east-2"}},
		"transit-gateway-attachments": {"display_name": "tgwa", "environment": env, "network": net,
			"cloud": map[string]any{"kind": "AwsTransitGatewayAttachment", "ram_share_arn": "arn:aws:ram:us-east-2:123456789012:resource-share/1",
				"transit_gateway_id": "tgw-1", "routes": []string{"10.0.0.0/16"}}},
		"private-link-accesses": {"display_name": "pla", "environment": env, "network": net,
			"cloud": map[string]any{"kind": "AwsPrivateLinkAccess", "account": "123456789012"}},
		"network-link-services": {"display_name": "nls", "environment": env, "network": net},
		"network-link-endpoints": {"display_name": "nle", "environment": env, "network": net,
			"network_link_service": map[string]any{"id": "nls-1"}},
	}
	for _, k := range newKinds() {
		out[k.collection] = k.spec
	}
	return out
}

// statusProperties are the properties of a collection's status that the
// server keeps (the spec's answer schema for a get): all but the phase,
// the error fields (set only on FAILED) and times, whose meaning is the
// server's.
func statusProperties(t *testing.T, collection string) []string {
	t.Helper()
	doc, err := openapi.Load()
	require.NoError(t, err)
	item := doc.Paths.Value(collection + "/{id}")
	require.NotNil(t, item, collection)
	st := item.Get.Responses.Status(200).Value.Content.Get("application/json").Schema.Value.Properties["status"]
	require.NotNil(t, st, collection)
	var out []string
	for _, name := range slices.Sorted(maps.Keys(st.Value.Properties)) {
		p := st.Value.Properties[name].Value
		if name == "phase" || strings.HasPrefix(name, "error_") || p.Format == "date-time" {
			continue
		}
		out = append(out, name)
	}
	return out
}

// Every status property the spec gives a collection is in every answer,
// in every phase: the create's answer, PROVISIONING, the settled phase,
// DEPROVISIONING, and in lists. The collections and their properties come
// from the spec; only the create bodies are written here, and a
// collection without one fails.
func TestEveryStatusPropertyInEveryPhase(t *testing.T) {
	doc, err := openapi.Load()
	require.NoError(t, err)
	bodies := createBodies()
	checked := 0
	for _, collection := range fake.Collections() {
		if item := doc.Paths.Value(collection); item == nil || item.Post == nil {
			continue // read only
		}
		name := strings.TrimPrefix(collection, "/networking/v1/")
		body, ok := bodies[name]
		require.True(t, ok, "no create body for %s", collection)
		want := statusProperties(t, collection)
		f := start(t, fake.WithReadyAfter(1), fake.WithDeleteAfter(1))
		code, _, raw := do(t, f, "POST", collection, map[string]any{"spec": body})
		require.Equal(t, 202, code, "%s: %s", collection, raw)
		id := decodeDoc(t, raw).ID
		one := collection + "/" + id + "?environment=env-1"
		answers := [][]byte{raw}
		for range 2 {
			_, _, raw = do(t, f, "GET", one, nil)
			answers = append(answers, raw)
		}
		_, _, raw = do(t, f, "GET", collection+"?environment=env-1", nil)
		var page struct{ Data []json.RawMessage }
		require.NoError(t, json.Unmarshal(raw, &page), string(raw))
		require.Len(t, page.Data, 1, collection)
		answers = append(answers, page.Data[0])
		code, _, _ = do(t, f, "DELETE", one, nil)
		require.Equal(t, 204, code)
		_, _, raw = do(t, f, "GET", one, nil)
		answers = append(answers, raw)

		var phases []string
		for _, a := range answers {
			d := decodeDoc(t, a)
			phases = append(phases, d.Status["phase"].(string))
			for _, p := range want {
				assert.NotEmpty(t, d.Status[p], "%s status.%s in %s", collection, p, d.Status["phase"])
			}
		}
		assert.Equal(t, "PROVISIONING", phases[0], collection)
		assert.Equal(t, "PROVISIONING", phases[1], collection)
		assert.NotContains(t, []string{"PROVISIONING", "DEPROVISIONING"}, phases[2], collection)
		assert.Equal(t, "DEPROVISIONING", phases[4], collection)
		checked++
	}
	assert.Equal(t, 12, checked, "the twelve creatable collections")
}

// A deleted resource leaves after its DEPROVISIONING reads whether they
// are reads by id or lists (the provider reads nothing after deleting a
// network but lists them): a list shows it DEPROVISIONING once
// (WithDeleteAfter(1)), then neither a list nor a read by id does.
func TestDeletedResourcesLeaveByList(t *testing.T) {
	f := start(t, fake.WithReadyAfter(0), fake.WithDeleteAfter(1))
	coll := "/networking/v1/networks"
	ids := map[string]bool{}
	for _, name := range []string{"a", "b"} {
		body := maps.Clone(createBodies()["networks"])
		body["display_name"] = name
		code, _, raw := do(t, f, "POST", coll, map[string]any{"spec": body})
		require.Equal(t, 202, code, string(raw))
		ids[decodeDoc(t, raw).ID] = name == "a"
	}
	for id, del := range ids {
		if del {
			code, _, _ := do(t, f, "DELETE", coll+"/"+id+"?environment=env-1", nil)
			require.Equal(t, 204, code)
		}
	}
	list := func() map[string]string {
		code, _, raw := do(t, f, "GET", coll+"?environment=env-1", nil)
		require.Equal(t, 200, code, string(raw))
		var page struct{ Data []resourceDoc }
		require.NoError(t, json.Unmarshal(raw, &page))
		out := map[string]string{}
		for _, d := range page.Data {
			out[d.ID] = d.Status["phase"].(string)
		}
		return out
	}
	var deleted, kept string
	for id, del := range ids {
		if del {
			deleted = id
		} else {
			kept = id
		}
	}
	// Lists move no provisioning (WithReadyAfter counts reads by id).
	assert.Equal(t, map[string]string{deleted: "DEPROVISIONING", kept: "PROVISIONING"}, list())
	assert.Equal(t, map[string]string{kept: "PROVISIONING"}, list())
	code, _, _ := do(t, f, "GET", coll+"/"+deleted+"?environment=env-1", nil)
	assert.Equal(t, 404, code)
	assert.Len(t, f.Networks(), 1)
}

// clock is a test's time, moved by hand.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// With WithPhaseTimes phases follow the clock, not reads: PROVISIONING
// until ready has passed since the create however often it is read, then
// READY; DEPROVISIONING until del has passed since the delete, then gone
// from lists and reads by id, with no read in between. A restart on the
// same state file counts from the same instants.
func TestPhaseTimes(t *testing.T) {
	clk := &clock{now: time.Date(2026, 1, 1, 10, 0, 0, 500_000_000, time.UTC)}
	path := filepath.Join(t.TempDir(), "state.json")
	opts := []fake.Option{fake.WithStateFile(path), fake.WithPhaseTimes(3*time.Second, 2*time.Second), fake.WithClockForTest(clk.Now)}
	f := start(t, opts...)
	coll := "/networking/v1/private-link-accesses"
	code, _, raw := do(t, f, "POST", coll, map[string]any{"spec": createBodies()["private-link-accesses"]})
	require.Equal(t, 202, code, string(raw))
	one := coll + "/" + decodeDoc(t, raw).ID + "?environment=env-1"
	phase := func(f *fake.Running) string {
		code, _, raw := do(t, f, "GET", one, nil)
		if code == 404 {
			return "gone"
		}
		require.Equal(t, 200, code, string(raw))
		return decodeDoc(t, raw).Status["phase"].(string)
	}
	var seen []string
	for range 5 {
		seen = append(seen, phase(f))
	}
	clk.Add(3*time.Second - time.Nanosecond)
	seen = append(seen, phase(f))
	require.NoError(t, f.Close())
	f = start(t, opts...)
	clk.Add(time.Nanosecond)
	seen = append(seen, phase(f))
	assert.Equal(t, []string{"PROVISIONING", "PROVISIONING", "PROVISIONING", "PROVISIONING", "PROVISIONING", "PROVISIONING", "READY"}, seen)

	code, _, _ = do(t, f, "DELETE", one, nil)
	require.Equal(t, 204, code)
	clk.Add(2*time.Second - time.Nanosecond)
	assert.Equal(t, "DEPROVISIONING", phase(f))
	clk.Add(time.Nanosecond)
	// Any request, even to another collection, takes it out of the file.
	code, _, _ = do(t, f, "GET", "/networking/v1/ip-addresses", nil)
	require.Equal(t, 200, code)
	saved, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.JSONEq(t, `[]`, string(savedResources(t, saved)), "the state file keeps nothing")
	code, _, raw = do(t, f, "GET", coll+"?environment=env-1", nil)
	require.Equal(t, 200, code)
	assert.JSONEq(t, `[]`, string(mustData(t, raw)), "gone from the list without a read by id")
	assert.Equal(t, "gone", phase(f))
}

func savedResources(t *testing.T, raw []byte) json.RawMessage {
	t.Helper()
	var file struct{ Resources json.RawMessage }
	require.NoError(t, json.Unmarshal(raw, &file), string(raw))
	return file.Resources
}

func mustData(t *testing.T, raw []byte) json.RawMessage {
	t.Helper()
	var page struct{ Data json.RawMessage }
	require.NoError(t, json.Unmarshal(raw, &page), string(raw))
	return page.Data
}

// A GCP attachment connection keeps the connection id its client names
// (read-only and required upstream, but the Terraform provider requires
// it, sends it and reads it back: the fragment declares it writable), in
// default and strict mode.
func TestConnectionIDSentIsKept(t *testing.T) {
	for _, strict := range []bool{false, true} {
		opts := []fake.Option{fake.WithReadyAfter(0)}
		if strict {
			opts = append(opts, fake.WithStrictReadOnly())
		}
		f := start(t, opts...)
		spec := map[string]any{"environment": map[string]any{"id": "env-1"}, "private_link_attachment": map[string]any{"id": "platt-1"},
			"cloud": map[string]any{"kind": "GcpPrivateLinkAttachmentConnection", "private_service_connect_connection_id": "48796d35-191c"}}
		code, _, raw := do(t, f, "POST", "/networking/v1/private-link-attachment-connections", map[string]any{"spec": spec})
		require.Equal(t, 202, code, string(raw))
		id := decodeDoc(t, raw).ID
		_, _, raw = do(t, f, "GET", "/networking/v1/private-link-attachment-connections/"+id+"?environment=env-1", nil)
		d := decodeDoc(t, raw)
		assert.Equal(t, "48796d35-191c", d.Spec["cloud"].(map[string]any)["private_service_connect_connection_id"], "strict=%v", strict)
		assert.Equal(t, "48796d35-191c", d.Status["cloud"].(map[string]any)["private_service_connect_connection_id"], "strict=%v", strict)
	}
}

// listAll walks every page of a network list, page_size 1, and returns
// the ids in the order seen, with their phases.
func listAll(t *testing.T, f *fake.Running) ([]string, map[string]string) {
	t.Helper()
	var ids []string
	phases := map[string]string{}
	path := "/networking/v1/networks?environment=env-1&page_size=1"
	for range 20 {
		code, _, raw := do(t, f, "GET", path, nil)
		require.Equal(t, 200, code, string(raw))
		var page struct {
			Data     []resourceDoc
			Metadata struct{ Next string }
		}
		require.NoError(t, json.Unmarshal(raw, &page), string(raw))
		for _, d := range page.Data {
			ids = append(ids, d.ID)
			phases[d.ID] = d.Status["phase"].(string)
		}
		if page.Metadata.Next == "" {
			return ids, phases
		}
		path = strings.TrimPrefix(page.Metadata.Next, f.URL)
	}
	t.Fatal("more than 20 pages")
	return nil, nil
}

// createNetworks makes networks named by names, in that order.
func createNetworks(t *testing.T, f *fake.Running, names ...string) []string {
	t.Helper()
	var ids []string
	for _, name := range names {
		body := maps.Clone(createBodies()["networks"])
		body["display_name"] = name
		code, _, raw := do(t, f, "POST", "/networking/v1/networks", map[string]any{"spec": body})
		require.Equal(t, 202, code, string(raw))
		ids = append(ids, decodeDoc(t, raw).ID)
	}
	return ids
}

// A list walked page by page shows every live resource once, even when a
// deleted one leaves between two pages: by the list's own DEPROVISIONING
// reads (here the page that showed it is the one read, and the next page
// takes it out), or by its time running out (WithPhaseTimes).
func TestDeletedResourceLeavingBetweenPagesSkipsNone(t *testing.T) {
	t.Run("reads", func(t *testing.T) {
		f := start(t, fake.WithReadyAfter(0), fake.WithDeleteAfter(1))
		ids := createNetworks(t, f, "a", "b", "c")
		code, _, _ := do(t, f, "DELETE", "/networking/v1/networks/"+ids[0]+"?environment=env-1", nil)
		require.Equal(t, 204, code)
		seen, phases := listAll(t, f)
		assert.Equal(t, ids, seen)
		assert.Equal(t, "DEPROVISIONING", phases[ids[0]])
	})
	t.Run("time", func(t *testing.T) {
		clk := &clock{now: time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)}
		f := start(t, fake.WithPhaseTimes(0, time.Second), fake.WithClockForTest(clk.Now))
		ids := createNetworks(t, f, "a", "b", "c")
		code, _, _ := do(t, f, "DELETE", "/networking/v1/networks/"+ids[0]+"?environment=env-1", nil)
		require.Equal(t, 204, code)
		code, _, raw := do(t, f, "GET", "/networking/v1/networks?environment=env-1&page_size=1", nil)
		require.Equal(t, 200, code, string(raw))
		var page struct {
			Data     []resourceDoc
			Metadata struct{ Next string }
		}
		require.NoError(t, json.Unmarshal(raw, &page))
		require.Len(t, page.Data, 1)
		require.Equal(t, ids[0], page.Data[0].ID)
		clk.Add(time.Second) // its DEPROVISIONING time is over before page two
		var rest []string
		path := strings.TrimPrefix(page.Metadata.Next, f.URL)
		for range 5 {
			code, _, raw = do(t, f, "GET", path, nil)
			require.Equal(t, 200, code, string(raw))
			page.Metadata.Next = ""
			page.Data = nil
			require.NoError(t, json.Unmarshal(raw, &page))
			for _, d := range page.Data {
				rest = append(rest, d.ID)
			}
			if page.Metadata.Next == "" {
				break
			}
			path = strings.TrimPrefix(page.Metadata.Next, f.URL)
		}
		assert.Equal(t, ids[1:], rest)
	})
}

// A list counts a DEPROVISIONING read only for the deleted resources it
// shows: one on a later page is not worn out by earlier pages, and shows
// DEPROVISIONING when its page comes (WithDeleteAfter(1)).
func TestListCountsReadsOnlyOfThePageShown(t *testing.T) {
	f := start(t, fake.WithReadyAfter(0), fake.WithDeleteAfter(1))
	ids := createNetworks(t, f, "a", "b", "c")
	code, _, _ := do(t, f, "DELETE", "/networking/v1/networks/"+ids[2]+"?environment=env-1", nil)
	require.Equal(t, 204, code)
	seen, phases := listAll(t, f)
	assert.Equal(t, ids, seen)
	assert.Equal(t, "DEPROVISIONING", phases[ids[2]])
}

// A page token stays good across a restart on the same state file: the
// records' places in creation order, which tokens name, are saved.
func TestPageTokenAcrossRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	opts := []fake.Option{fake.WithStateFile(path), fake.WithReadyAfter(0)}
	f := start(t, opts...)
	first := createNetworks(t, f, "a", "b")
	code, _, _ := do(t, f, "DELETE", "/networking/v1/networks/"+first[0]+"?environment=env-1", nil)
	require.Equal(t, 204, code)
	later := createNetworks(t, f, "c", "d")
	code, _, raw := do(t, f, "GET", "/networking/v1/networks?environment=env-1&page_size=2", nil)
	require.Equal(t, 200, code, string(raw))
	var page struct {
		Data     []resourceDoc
		Metadata struct{ Next string }
	}
	require.NoError(t, json.Unmarshal(raw, &page))
	require.Len(t, page.Data, 2)
	require.Equal(t, []string{first[0], first[1]}, []string{page.Data[0].ID, page.Data[1].ID})
	require.NoError(t, f.Close())
	next, err := url.Parse(page.Metadata.Next)
	require.NoError(t, err)
	f = start(t, opts...)
	code, _, raw = do(t, f, "GET", next.RequestURI(), nil)
	require.Equal(t, 200, code, string(raw))
	page.Data, page.Metadata.Next = nil, ""
	require.NoError(t, json.Unmarshal(raw, &page))
	var ids []string
	for _, d := range page.Data {
		ids = append(ids, d.ID)
	}
	assert.Equal(t, later, ids)
	assert.Empty(t, page.Metadata.Next)
}

// A state file written before the GCP connection id was declared writable
// holds GCP connections without one (the fake made it up in its answers,
// from the resource's id): it loads, and the connection reads with the
// id it was shown with, so a tool that saved it sees no change.
func TestStateFileOfEarlierFakeKeepsMadeUpConnectionID(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	content := `{"format":"ccloud-go/networking fake state","version":2,"saved_at":"2026-01-01T00:00:00Z","random":"` + pcgState(t) +
		`","resources":[{"kind":"PrivateLinkAttachmentConnection","id":"plattc-abc123","environment":"env-1",` +
		`"spec":{"environment":{"id":"env-1"},"private_link_attachment":{"id":"platt-1"},"cloud":{"kind":"GcpPrivateLinkAttachmentConnection"}},` +
		`"created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z","reads":3}]}`
	require.NoError(t, os.WriteFile(path, []byte(content), 0o600))
	f := start(t, fake.WithStateFile(path), fake.WithReadyAfter(0))
	code, _, raw := do(t, f, "GET", "/networking/v1/private-link-attachment-connections/plattc-abc123?environment=env-1", nil)
	require.Equal(t, 200, code, string(raw))
	h := fnv.New64a()
	_, _ = h.Write([]byte("plattc-abc123/private_service_connect_connection_id"))
	shown := fmt.Sprintf("%017d", h.Sum64()%1e17) // what the earlier fake answered
	d := decodeDoc(t, raw)
	assert.Equal(t, shown, d.Spec["cloud"].(map[string]any)["private_service_connect_connection_id"])
	assert.Equal(t, shown, d.Status["cloud"].(map[string]any)["private_service_connect_connection_id"])
}
