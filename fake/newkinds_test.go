package fake_test

import (
	"context"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ccloud-go/networking/api"
	"github.com/ccloud-go/networking/fake"
	"github.com/ccloud-go/networking/spec/openapi"
)

// newKind is one of the collections of the five newer documents that a
// client creates, with a create spec and the id prefix its ids take.
type newKind struct {
	collection, prefix, status string // status: the status schema, for its phases
	spec                       map[string]any
}

func newKinds() []newKind {
	env := map[string]any{"id": "env-1"}
	gw := map[string]any{"id": "gw-1"}
	return []newKind{
		{"gateways", "gw-", "GatewayStatus", map[string]any{"display_name": "egress", "environment": env,
			"config": map[string]any{"kind": "AwsEgressPrivateLinkGatewaySpec", "region": "us-east-1"}}},
		{"access-points", "ap-", "AccessPointStatus", map[string]any{"display_name": "to-svc", "environment": env, "gateway": gw,
			"config": map[string]any{"kind": "AwsEgressPrivateLinkEndpoint", "vpc_endpoint_service_name": "com.amazonaws.vpce.us-east-1.vpce-svc-1"}}},
		{"dns-records", "dnsrec-", "DnsRecordStatus", map[string]any{"display_name": "rec", "environment": env, "gateway": gw,
			"domain": "svc.example.com", "config": map[string]any{"kind": "PrivateLinkAccessPoint", "resource_id": "ap-1"}}},
		{"dns-forwarders", "dnsf-", "DnsForwarderStatus", map[string]any{"display_name": "fwd", "environment": env, "gateway": gw,
			"domains": []string{"corp.example.com"}, "config": map[string]any{"kind": "ForwardViaIp", "dns_server_ips": []string{"10.0.0.2"}}}},
		{"private-link-attachments", "platt-", "PrivateLinkAttachmentStatus", map[string]any{"display_name": "att", "environment": env,
			"cloud": "AWS", "region": "us-east-1"}},
		{"private-link-attachment-connections", "plattc-", "PrivateLinkAttachmentConnectionStatus", map[string]any{"display_name": "conn",
			"environment": env, "private_link_attachment": map[string]any{"id": "platt-1"},
			"cloud": map[string]any{"kind": "AwsPrivateLinkAttachmentConnection", "vpc_endpoint_id": "vpce-1"}}},
	}
}

// resourceDoc is what every answer of the newer kinds holds.
type resourceDoc struct {
	ID       string
	Kind     string
	Metadata struct {
		Self         string
		ResourceName string `json:"resource_name"`
	}
	Spec   map[string]any
	Status map[string]any
}

func decodeDoc(t *testing.T, raw []byte) resourceDoc {
	t.Helper()
	var d resourceDoc
	require.NoError(t, json.Unmarshal(raw, &d), string(raw))
	return d
}

// listedPhases are the phases the spec lists for a status schema.
func listedPhases(t *testing.T, schema string) []string {
	t.Helper()
	doc, err := openapi.Load()
	require.NoError(t, err)
	sc := doc.Components.Schemas[schema]
	require.NotNil(t, sc, schema)
	var out []string
	for _, v := range sc.Value.Properties["phase"].Value.Extensions["x-extensible-enum"].([]any) {
		out = append(out, v.(string))
	}
	require.NotEmpty(t, out, schema)
	return out
}

// Create, get, list, update and delete of every creatable newer kind,
// each answer checked against the spec by the fake itself; every phase
// shown is one the spec lists for the kind.
func TestNewKindsEveryOperation(t *testing.T) {
	for _, k := range newKinds() {
		t.Run(k.collection, func(t *testing.T) {
			f := start(t, fake.WithReadyAfter(1), fake.WithDeleteAfter(1))
			phases := listedPhases(t, k.status)
			path := "/networking/v1/" + k.collection
			code, h, raw := do(t, f, "POST", path, map[string]any{"spec": k.spec})
			require.Equal(t, 202, code, string(raw))
			created := decodeDoc(t, raw)
			assert.True(t, strings.HasPrefix(created.ID, k.prefix), created.ID)
			assert.Equal(t, f.URL+path+"/"+created.ID, h.Get("Location"))
			assert.Equal(t, f.URL+path+"/"+created.ID, created.Metadata.Self)
			assert.Equal(t, "PROVISIONING", created.Status["phase"])
			one := path + "/" + created.ID + "?environment=env-1"

			for range 2 { // PROVISIONING, then settled
				code, _, raw = do(t, f, "GET", one, nil)
				require.Equal(t, 200, code, string(raw))
				assert.Contains(t, phases, decodeDoc(t, raw).Status["phase"])
			}
			code, _, raw = do(t, f, "GET", path+"?environment=env-1&spec.display_name="+url.QueryEscape(k.spec["display_name"].(string)), nil)
			require.Equal(t, 200, code, string(raw))
			var page struct{ Data []resourceDoc }
			require.NoError(t, json.Unmarshal(raw, &page))
			require.Len(t, page.Data, 1)
			assert.Equal(t, created.ID, page.Data[0].ID)

			code, _, raw = do(t, f, "PATCH", path+"/"+created.ID, map[string]any{"spec": map[string]any{"display_name": "renamed", "environment": map[string]any{"id": "env-1"}}})
			require.Equal(t, 200, code, string(raw))
			assert.Equal(t, "renamed", decodeDoc(t, raw).Spec["display_name"])

			code, _, raw = do(t, f, "DELETE", one, nil)
			require.Equal(t, 204, code, string(raw))
			code, _, raw = do(t, f, "GET", one, nil)
			require.Equal(t, 200, code, string(raw))
			assert.Equal(t, "DEPROVISIONING", decodeDoc(t, raw).Status["phase"])
			assert.Contains(t, phases, "DEPROVISIONING")
			code, _, _ = do(t, f, "GET", one, nil)
			assert.Equal(t, 404, code)
		})
	}
}

// A gateway is CREATED while no access point is in it and READY once one
// is; a private link attachment WAITING_FOR_CONNECTIONS until it has a
// connection. Both phases filter a list.
func TestPhasesThatFollowOtherResources(t *testing.T) {
	f := start(t, fake.WithReadyAfter(0), fake.WithDeleteAfter(0))
	kinds := newKinds()
	create := func(k newKind, spec map[string]any) string {
		code, _, raw := do(t, f, "POST", "/networking/v1/"+k.collection, map[string]any{"spec": spec})
		require.Equal(t, 202, code, string(raw))
		return decodeDoc(t, raw).ID
	}
	phase := func(collection, id string) any {
		code, _, raw := do(t, f, "GET", "/networking/v1/"+collection+"/"+id+"?environment=env-1", nil)
		require.Equal(t, 200, code, string(raw))
		return decodeDoc(t, raw).Status["phase"]
	}
	listed := func(collection, query string) []string {
		code, _, raw := do(t, f, "GET", "/networking/v1/"+collection+"?environment=env-1&"+query, nil)
		require.Equal(t, 200, code, string(raw))
		var page struct{ Data []resourceDoc }
		require.NoError(t, json.Unmarshal(raw, &page))
		var ids []string
		for _, d := range page.Data {
			ids = append(ids, d.ID)
		}
		return ids
	}

	gw := create(kinds[0], kinds[0].spec)
	assert.Equal(t, "CREATED", phase("gateways", gw))
	assert.Equal(t, []string{gw}, listed("gateways", "status.phase=CREATED"))
	apSpec := kinds[1].spec
	apSpec["gateway"] = map[string]any{"id": gw}
	ap := create(kinds[1], apSpec)
	assert.Equal(t, "READY", phase("gateways", gw))
	assert.Equal(t, []string{gw}, listed("gateways", "status.phase=READY"))
	assert.Empty(t, listed("gateways", "status.phase=CREATED"))
	code, _, _ := do(t, f, "DELETE", "/networking/v1/access-points/"+ap+"?environment=env-1", nil)
	require.Equal(t, 204, code)
	assert.Equal(t, "CREATED", phase("gateways", gw), "its access point gone, the gateway has none")

	att := create(kinds[4], kinds[4].spec)
	assert.Equal(t, "WAITING_FOR_CONNECTIONS", phase("private-link-attachments", att))
	connSpec := kinds[5].spec
	connSpec["private_link_attachment"] = map[string]any{"id": att}
	create(kinds[5], connSpec)
	assert.Equal(t, "READY", phase("private-link-attachments", att))
	assert.Equal(t, []string{att}, listed("private-link-attachments", "status.phase=READY"))
	for _, k := range []struct{ schema, phase string }{{"GatewayStatus", "CREATED"}, {"PrivateLinkAttachmentStatus", "WAITING_FOR_CONNECTIONS"}} {
		assert.Contains(t, listedPhases(t, k.schema), k.phase)
	}
}

// Status unions are filled in every phase, in the variant the spec's
// choice calls for: copied from the spec where it holds the property,
// made up otherwise; a choice with no status variant gets none. A GCP
// attachment connection's spec gets the connection id only the server
// knows.
func TestStatusFilledInEveryPhase(t *testing.T) {
	f := start(t, fake.WithReadyAfter(1), fake.WithDeleteAfter(1))
	env := map[string]any{"id": "env-1"}
	cases := []struct {
		collection string
		spec       map[string]any
		union      string // status property
		want       map[string]any
		filled     []string // status.<union> properties made up
	}{
		{"gateways", map[string]any{"environment": env, "config": map[string]any{"kind": "AwsEgressPrivateLinkGatewaySpec", "region": "us-east-1"}},
			"cloud_gateway", map[string]any{"kind": "AwsEgressPrivateLinkGatewayStatus"}, []string{"principal_arn"}},
		{"gateways", map[string]any{"environment": env, "config": map[string]any{"kind": "AzureIngressPrivateLinkGatewaySpec", "region": "eastus"}},
			"cloud_gateway", map[string]any{"kind": "AzureIngressPrivateLinkGatewayStatus"}, []string{"private_link_service_alias", "private_link_service_resource_id"}},
		{"gateways", map[string]any{"environment": env, "config": map[string]any{"kind": "AwsPeeringGatewaySpec", "region": "us-east-1"}},
			"cloud_gateway", nil, nil},
		{"access-points", map[string]any{"environment": env, "gateway": map[string]any{"id": "gw-1"},
			"config": map[string]any{"kind": "AwsIngressPrivateLinkEndpoint", "vpc_endpoint_id": "vpce-mine"}},
			"config", map[string]any{"kind": "AwsIngressPrivateLinkEndpointStatus", "vpc_endpoint_id": "vpce-mine"}, []string{"vpc_endpoint_service_name", "dns_domain"}},
		{"access-points", map[string]any{"environment": env, "gateway": map[string]any{"id": "gw-1"},
			"config": map[string]any{"kind": "GcpEgressPrivateServiceConnectEndpoint", "private_service_connect_endpoint_target": "all-google-apis"}},
			"config", map[string]any{"kind": "GcpEgressPrivateServiceConnectEndpointStatus"},
			[]string{"private_service_connect_endpoint_connection_id", "private_service_connect_endpoint_ip_address", "private_service_connect_endpoint_name"}},
		{"private-link-attachments", map[string]any{"environment": env, "cloud": "GCP", "region": "us-central1"},
			"cloud", map[string]any{"kind": "GcpPrivateLinkAttachmentStatus"}, []string{"service_attachment"}},
		{"private-link-attachment-connections", map[string]any{"environment": env, "private_link_attachment": map[string]any{"id": "platt-1"},
			"cloud": map[string]any{"kind": "AzurePrivateLinkAttachmentConnection", "private_endpoint_resource_id": "/subscriptions/s/pe"}},
			"cloud", map[string]any{"kind": "AzurePrivateLinkAttachmentConnectionStatus", "private_endpoint_resource_id": "/subscriptions/s/pe"},
			[]string{"private_link_service_alias", "private_link_service_resource_id"}},
	}
	for _, tc := range cases {
		path := "/networking/v1/" + tc.collection
		code, _, raw := do(t, f, "POST", path, map[string]any{"spec": tc.spec})
		require.Equal(t, 202, code, string(raw))
		id := decodeDoc(t, raw).ID
		answers := [][]byte{raw}
		for range 2 {
			_, _, raw = do(t, f, "GET", path+"/"+id+"?environment=env-1", nil)
			answers = append(answers, raw)
		}
		code, _, _ = do(t, f, "DELETE", path+"/"+id+"?environment=env-1", nil)
		require.Equal(t, 204, code)
		_, _, raw = do(t, f, "GET", path+"/"+id+"?environment=env-1", nil)
		answers = append(answers, raw)

		var first any
		for i, a := range answers {
			d := decodeDoc(t, a)
			got, ok := d.Status[tc.union].(map[string]any)
			if tc.want == nil {
				assert.False(t, ok, "%s %v: no status variant, none shown (%s)", tc.collection, tc.spec["config"], d.Status["phase"])
				continue
			}
			require.True(t, ok, "%s answer %d (%s): status.%s missing: %s", tc.collection, i, d.Status["phase"], tc.union, a)
			for k, v := range tc.want {
				assert.Equal(t, v, got[k], "%s status.%s.%s", tc.collection, tc.union, k)
			}
			for _, k := range tc.filled {
				assert.NotEmpty(t, got[k], "%s status.%s.%s (%s)", tc.collection, tc.union, k, d.Status["phase"])
			}
			if first == nil {
				first = got
			}
			assert.Equal(t, first, got, "the same in every phase")
		}
	}

	// A GCP connection names its Private Service Connect connection: the
	// fragment declares the id writable (gen/normalize.yaml), so one
	// without it is refused rather than given a made-up id.
	code, _, raw := do(t, f, "POST", "/networking/v1/private-link-attachment-connections", map[string]any{"spec": map[string]any{
		"environment": env, "private_link_attachment": map[string]any{"id": "platt-1"}, "cloud": map[string]any{"kind": "GcpPrivateLinkAttachmentConnection"}}})
	require.Equal(t, 400, code, string(raw))
	assert.Contains(t, string(raw), "private_service_connect_connection_id")
}

// The IP addresses list needs no environment, pages, and narrows by each
// of its filters; repeated values match any.
func TestIPAddresses(t *testing.T) {
	f := start(t)
	c := client(t, f)
	ctx := context.Background()
	list := func(p api.ListNetworkingV1IpAddressesParams) []api.IPAddress {
		t.Helper()
		var out []api.IPAddress
		size := 7
		p.PageSize = &size
		for range 50 {
			r, err := c.ListNetworkingV1IpAddressesWithResponse(ctx, &p)
			require.NoError(t, err)
			require.Equal(t, 200, r.StatusCode(), string(r.Body))
			out = append(out, r.JSON200.Data...)
			if r.JSON200.Metadata.Next == nil {
				return out
			}
			u, err := url.Parse(*r.JSON200.Metadata.Next)
			require.NoError(t, err)
			assert.NotContains(t, u.Query(), "environment", "the list has no environment")
			tok := u.Query().Get("page_token")
			p.PageToken = &tok
		}
		t.Fatal("more than 50 pages")
		return nil
	}
	all := list(api.ListNetworkingV1IpAddressesParams{})
	assert.Len(t, all, len(f.IPAddresses()))
	assert.GreaterOrEqual(t, len(all), 30)
	prefixes := map[string]bool{}
	for _, a := range all {
		prefixes[*a.IPPrefix] = true
	}
	assert.Len(t, prefixes, len(all), "every address once")

	gcp := list(api.ListNetworkingV1IpAddressesParams{Cloud: &[]string{"GCP"}})
	require.NotEmpty(t, gcp)
	for _, a := range gcp {
		assert.Equal(t, "GCP", *a.Cloud)
	}
	both := list(api.ListNetworkingV1IpAddressesParams{Services: &[]string{"KAFKA", "CONNECT"}, AddressType: &[]string{"EGRESS"}, Region: &[]string{"us-east-1"}})
	require.NotEmpty(t, both)
	services := map[string]bool{}
	for _, a := range both {
		assert.Equal(t, "EGRESS", *a.AddressType)
		assert.Equal(t, "us-east-1", *a.Region)
		for _, s := range *a.Services {
			services[s] = true
		}
	}
	assert.Equal(t, map[string]bool{"KAFKA": true, "CONNECT": true}, services)
	assert.Empty(t, list(api.ListNetworkingV1IpAddressesParams{Cloud: &[]string{"ORACLE"}}))
}

// The newer kinds are never refused as duplicates: two identical creates
// store two resources (no document states a uniqueness rule for them).
func TestNewKindsKeepEveryCreate(t *testing.T) {
	f := start(t)
	for _, k := range newKinds() {
		var ids []string
		for range 2 {
			code, _, raw := do(t, f, "POST", "/networking/v1/"+k.collection, map[string]any{"spec": k.spec})
			require.Equal(t, 202, code, "%s: %s", k.collection, raw)
			ids = append(ids, decodeDoc(t, raw).ID)
		}
		assert.NotEqual(t, ids[0], ids[1])
	}
	assert.Len(t, f.Gateways(), 2)
	assert.Len(t, f.AccessPoints(), 2)
	assert.Len(t, f.DNSRecords(), 2)
	assert.Len(t, f.DNSForwarders(), 2)
	assert.Len(t, f.PrivateLinkAttachments(), 2)
	assert.Len(t, f.PrivateLinkAttachmentConnections(), 2)
}

// The newer kinds survive a restart on the same state file, with the
// phases that follow other resources; the seeded IP addresses are not in
// the file and are there after the restart all the same.
func TestStateFileKeepsNewKinds(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	opts := []fake.Option{fake.WithStateFile(path), fake.WithReadyAfter(0)}
	f := start(t, opts...)
	for _, k := range newKinds() {
		code, _, raw := do(t, f, "POST", "/networking/v1/"+k.collection, map[string]any{"spec": k.spec})
		require.Equal(t, 202, code, "%s: %s", k.collection, raw)
	}
	gw, ap, rec, fwd, att, conn := f.Gateways(), f.AccessPoints(), f.DNSRecords(), f.DNSForwarders(), f.PrivateLinkAttachments(), f.PrivateLinkAttachmentConnections()
	ips := f.IPAddresses()
	require.NoError(t, f.Close())
	g := start(t, opts...)
	assert.Equal(t, gw, g.Gateways())
	assert.Equal(t, ap, g.AccessPoints())
	assert.Equal(t, rec, g.DNSRecords())
	assert.Equal(t, fwd, g.DNSForwarders())
	assert.Equal(t, att, g.PrivateLinkAttachments())
	assert.Equal(t, conn, g.PrivateLinkAttachmentConnections())
	assert.Equal(t, ips, g.IPAddresses())
	saved, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.NotContains(t, string(saved), "IpAddress")
}

// Every operation of the spec reaches the fake's handlers: none is
// answered as an operation the fake does not serve.
func TestEveryOperationOfTheSpecIsServed(t *testing.T) {
	doc, err := openapi.Load()
	require.NoError(t, err)
	f := start(t)
	ops := 0
	for _, path := range doc.Paths.InMatchingOrder() {
		for method := range doc.Paths.Value(path).Operations() {
			ops++
			u := strings.ReplaceAll(path, "{id}", "no-such-id") + "?environment=env-1&spec.network_link_service=nls-1"
			var body any
			if method == "POST" || method == "PATCH" {
				body = map[string]any{"spec": map[string]any{}}
			}
			code, _, raw := do(t, f, method, u, body)
			if code == 404 {
				var fail api.Failure
				require.NoError(t, json.Unmarshal(raw, &fail), string(raw))
				assert.NotEqual(t, "no_route", *fail.Errors[0].Code, "%s %s is not served: %s", method, path, raw)
			}
		}
	}
	assert.Equal(t, 63, ops, "the six documents have 63 operations")
}
