package wrapper

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ccloud-go/networking/api"
	"github.com/ccloud-go/networking/fake"
)

// fakeClient is a client of a fake that checks its own answers against the
// spec; a resource is READY on its second read.
func fakeClient(t *testing.T, opts ...fake.Option) (*Client, *fake.Running) {
	t.Helper()
	f, err := fake.Start(append([]fake.Option{fake.WithReadyAfter(1), fake.WithResponseValidation()}, opts...)...)
	require.NoError(t, err)
	t.Cleanup(func() { _ = f.Close() })
	c, err := New(WithBaseURL(f.URL), WithAPIKey(f.Key, f.Secret), WithRetryPolicy(fastRetries()))
	require.NoError(t, err)
	return c, f
}

var quick = []WaitOption{PollInterval(time.Millisecond, 2*time.Millisecond)}

// kindCase runs the lifecycle of one creatable kind: its handle, a create
// body for a name, an update body that renames, and its id prefix.
type kindCase func(t *testing.T, c *Client)

func envRef() api.ObjectReference             { return api.ObjectReference{ID: "env-1"} }
func globalEnv() api.GlobalObjectReference    { return api.GlobalObjectReference{ID: "env-1"} }
func netRef() api.ObjectReference             { return api.ObjectReference{ID: "n-1"} }
func scopedNet() api.EnvScopedObjectReference { return api.EnvScopedObjectReference{ID: "n-1"} }

var kindCases = map[string]kindCase{
	"networks": func(t *testing.T, c *Client) {
		lifecycle(t, c.Networks(), "n-", func(name string) api.NetworkCreateRequest {
			return api.NetworkCreateRequest{Spec: api.NetworkSpec{DisplayName: &name, Cloud: "AWS", Region: "us-east-2",
				ConnectionTypes: []string{"PRIVATELINK"}, Cidr: Ptr("10.1.0.0/16"), Environment: envRef()}}
		}, func(name string) api.NetworkUpdateRequest {
			return api.NetworkUpdateRequest{Spec: api.NetworkSpecUpdate{DisplayName: &name, Environment: envRef()}}
		})
	},
	"peerings": func(t *testing.T, c *Client) {
		lifecycle(t, c.Peerings(), "peer-", func(name string) api.PeeringCreateRequest {
			return api.PeeringCreateRequest{Spec: api.PeeringSpec{DisplayName: &name, Environment: envRef(), Network: netRef(),
				Cloud: GCPPeering("project-"+name, "vpc-1", true)}}
		}, func(name string) api.PeeringUpdateRequest {
			return api.PeeringUpdateRequest{Spec: api.PeeringSpecUpdate{DisplayName: &name, Environment: envRef()}}
		})
	},
	"transit gateway attachments": func(t *testing.T, c *Client) {
		lifecycle(t, c.TransitGatewayAttachments(), "tgwa-", func(name string) api.TransitGatewayAttachmentCreateRequest {
			return api.TransitGatewayAttachmentCreateRequest{Spec: api.TransitGatewayAttachmentSpec{DisplayName: &name, Environment: envRef(), Network: netRef(),
				Cloud: AWSTransitGateway("arn:aws:ram:us-east-2:123456789012:resource-share/"+name, "tgw-1", "10.2.0.0/16")}}
		}, func(name string) api.TransitGatewayAttachmentUpdateRequest {
			return api.TransitGatewayAttachmentUpdateRequest{Spec: api.TransitGatewayAttachmentSpecUpdate{DisplayName: &name, Environment: envRef()}}
		})
	},
	"private link accesses": func(t *testing.T, c *Client) {
		n := 0
		lifecycle(t, c.PrivateLinkAccesses(), "pla-", func(name string) api.PrivateLinkAccessCreateRequest {
			n++
			return api.PrivateLinkAccessCreateRequest{Spec: api.PrivateLinkAccessSpec{DisplayName: &name, Environment: envRef(), Network: netRef(),
				Cloud: AWSCloud(fmt.Sprintf("%012d", n))}}
		}, func(name string) api.PrivateLinkAccessUpdateRequest {
			return api.PrivateLinkAccessUpdateRequest{Spec: api.PrivateLinkAccessSpecUpdate{DisplayName: &name, Environment: envRef()}}
		})
	},
	"network link services": func(t *testing.T, c *Client) {
		lifecycle(t, c.NetworkLinkServices(), "nls-", func(name string) api.NetworkLinkServiceCreateRequest {
			return api.NetworkLinkServiceCreateRequest{Spec: api.NetworkLinkServiceSpec{DisplayName: &name, Environment: globalEnv(), Network: scopedNet()}}
		}, func(name string) api.NetworkLinkServiceUpdateRequest {
			return api.NetworkLinkServiceUpdateRequest{Spec: api.NetworkLinkServiceSpecUpdate{DisplayName: &name, Environment: globalEnv()}}
		})
	},
	"gateways": func(t *testing.T, c *Client) {
		lifecycle(t, c.Gateways(), "gw-", func(name string) api.GatewayCreateRequest {
			return api.GatewayCreateRequest{Spec: api.GatewaySpec{DisplayName: &name, Environment: envRef(), Config: AWSEgressPrivateLinkGateway("us-east-2")}}
		}, func(name string) api.GatewayUpdateRequest {
			return api.GatewayUpdateRequest{Spec: api.GatewaySpecUpdate{DisplayName: &name, Environment: envRef()}}
		})
	},
	"access points": func(t *testing.T, c *Client) {
		lifecycle(t, c.AccessPoints(), "ap-", func(name string) api.AccessPointCreateRequest {
			return api.AccessPointCreateRequest{Spec: api.AccessPointSpec{DisplayName: &name, Environment: envRef(), Gateway: api.ObjectReference{ID: "gw-1"},
				Config: AWSEgressPrivateLinkEndpoint("com.amazonaws.vpce.us-east-2.vpce-svc-" + name)}}
		}, func(name string) api.AccessPointUpdateRequest {
			return api.AccessPointUpdateRequest{Spec: api.AccessPointSpecUpdate{DisplayName: &name, Environment: envRef()}}
		})
	},
	"DNS records": func(t *testing.T, c *Client) {
		lifecycle(t, c.DNSRecords(), "dnsrec-", func(name string) api.DNSRecordCreateRequest {
			return api.DNSRecordCreateRequest{Spec: api.DNSRecordSpec{DisplayName: &name, Environment: envRef(), Domain: name + ".example.com",
				Gateway: api.TypedEnvScopedObjectReference{ID: "gw-1"}, Config: PrivateLinkAccessPointRecord("ap-" + name)}}
		}, func(name string) api.DNSRecordUpdateRequest {
			return api.DNSRecordUpdateRequest{Spec: api.DNSRecordSpecUpdate{DisplayName: &name, Environment: envRef()}}
		})
	},
	"DNS forwarders": func(t *testing.T, c *Client) {
		lifecycle(t, c.DNSForwarders(), "dnsf-", func(name string) api.DNSForwarderCreateRequest {
			return api.DNSForwarderCreateRequest{Spec: api.DNSForwarderSpec{DisplayName: &name, Environment: envRef(), Gateway: api.ObjectReference{ID: "gw-1"},
				Domains: []string{name + ".example.com"}, Config: ForwardViaIP("10.0.0.2")}}
		}, func(name string) api.DNSForwarderUpdateRequest {
			return api.DNSForwarderUpdateRequest{Spec: api.DNSForwarderSpecUpdate{DisplayName: &name, Environment: envRef()}}
		})
	},
	"private link attachments": func(t *testing.T, c *Client) {
		lifecycle(t, c.PrivateLinkAttachments(), "platt-", func(name string) api.PrivateLinkAttachmentCreateRequest {
			return api.PrivateLinkAttachmentCreateRequest{Spec: api.PrivateLinkAttachmentSpec{DisplayName: &name, Environment: envRef(), Cloud: "AWS", Region: "us-east-2"}}
		}, func(name string) api.PrivateLinkAttachmentUpdateRequest {
			return api.PrivateLinkAttachmentUpdateRequest{Spec: api.PrivateLinkAttachmentSpecUpdate{DisplayName: &name, Environment: envRef()}}
		})
	},
	"private link attachment connections": func(t *testing.T, c *Client) {
		lifecycle(t, c.PrivateLinkAttachmentConnections(), "plattc-", func(name string) api.PrivateLinkAttachmentConnectionCreateRequest {
			return api.PrivateLinkAttachmentConnectionCreateRequest{Spec: api.PrivateLinkAttachmentConnectionSpec{DisplayName: &name, Environment: envRef(),
				PrivateLinkAttachment: api.ObjectReference{ID: "platt-1"}, Cloud: AWSAttachmentConnection("vpce-" + name)}}
		}, func(name string) api.PrivateLinkAttachmentConnectionUpdateRequest {
			return api.PrivateLinkAttachmentConnectionUpdateRequest{Spec: api.PrivateLinkAttachmentConnectionSpecUpdate{DisplayName: &name, Environment: envRef()}}
		})
	},
	"network link endpoints": func(t *testing.T, c *Client) {
		lifecycle(t, c.NetworkLinkEndpoints(), "nle-", func(name string) api.NetworkLinkEndpointCreateRequest {
			return api.NetworkLinkEndpointCreateRequest{Spec: api.NetworkLinkEndpointSpec{DisplayName: &name, Environment: globalEnv(), Network: scopedNet(),
				NetworkLinkService: api.EnvScopedObjectReference{ID: "nls-" + name}}}
		}, func(name string) api.NetworkLinkEndpointUpdateRequest {
			return api.NetworkLinkEndpointUpdateRequest{Spec: api.NetworkLinkEndpointSpecUpdate{DisplayName: &name, Environment: globalEnv()}}
		})
	},
}

// Every creatable kind's handle, against the fake: create, WaitReady
// through PROVISIONING, get, every filter of its options type, All over
// pages of one, a rename, delete and WaitDeleted.
//
// Each runs twice: against a fake that spells union kinds as the spec's
// enums do, and against one that spells them as recorded real answers do
// (networking.v1.AwsPeering; shared/upstream BEHAVIOUR.md).
func TestEveryHandleAgainstTheFake(t *testing.T) {
	for spelling, opts := range kindSpellings {
		for name, kc := range kindCases {
			t.Run(spelling+"/"+name, func(t *testing.T) {
				c, _ := fakeClient(t, opts...)
				kc(t, c)
			})
		}
	}
}

// kindSpellings are the fake's two ways of spelling a union's kind.
var kindSpellings = map[string][]fake.Option{"document": nil, "recorded": {fake.WithRecordedKinds()}}

func lifecycle[T, C, U, O any](t *testing.T, h *Handle[T, C, U, O], prefix string, create func(name string) C, rename func(name string) U) {
	ctx := context.Background()
	first, err := h.Create(ctx, create("first"))
	require.NoError(t, err)
	id := h.r.view(first).id
	assert.True(t, strings.HasPrefix(id, prefix), id)
	assert.Equal(t, api.PhaseProvisioning, h.r.view(first).status.phase)

	var phases []string
	ready, err := h.WaitReady(ctx, "env-1", id, append(quick, OnPoll(func(p Poll) { phases = append(phases, p.Phase) }))...)
	require.NoError(t, err)
	// PROVISIONING (or CREATED) on the way, and the end is READY or where
	// the kind rests by itself (CREATED, WAITING_FOR_CONNECTIONS).
	require.NotEmpty(t, phases)
	assert.Equal(t, done, stepFor(phases[len(phases)-1], false), phases)
	assert.Contains(t, []string{api.PhaseProvisioning, api.PhaseCreated}, phases[0])
	got, err := h.Get(ctx, "env-1", id)
	require.NoError(t, err)
	assert.Equal(t, h.r.view(ready).id, h.r.view(got).id)

	// Each filter: the resource's own value finds it, another does not.
	doc := asDoc(t, got)
	typ := reflect.TypeFor[O]()
	filters := 0
	for i := range typ.NumField() {
		param := typ.Field(i).Tag.Get("query")
		single := typ.Field(i).Type.Kind() == reflect.String && param != "page_token"
		if typ.Field(i).Type.Kind() != reflect.Slice && !single {
			continue
		}
		filters++
		own := ownValue(t, doc, param)
		for _, tc := range []struct {
			value string
			found bool
		}{{own, true}, {"no-such-" + own, false}} {
			var o O
			if single {
				reflect.ValueOf(&o).Elem().Field(i).SetString(tc.value)
			} else {
				reflect.ValueOf(&o).Elem().Field(i).Set(reflect.ValueOf([]string{tc.value}))
			}
			items, _, err := h.List(ctx, "env-1", &o)
			require.NoError(t, err, param)
			found := slices.ContainsFunc(items, func(x T) bool { return h.r.view(&x).id == id })
			assert.Equal(t, tc.found, found, "%s=%q", param, tc.value)
		}
	}
	assert.GreaterOrEqual(t, filters, minFilters[prefix])

	second, err := h.Create(ctx, create("second"))
	require.NoError(t, err)
	var o O
	size, _ := h.r.paging(&o)
	*size = 1
	var all []string
	for x, err := range h.All(ctx, "env-1", &o) {
		require.NoError(t, err)
		all = append(all, h.r.view(&x).id)
	}
	assert.Equal(t, []string{id, h.r.view(second).id}, all)

	renamed, err := h.Update(ctx, "env-1", id, rename("renamed"))
	require.NoError(t, err)
	assert.Equal(t, "renamed", asDoc(t, renamed)["spec"].(map[string]any)["display_name"])

	require.NoError(t, h.Delete(ctx, "env-1", id))
	require.NoError(t, h.WaitDeleted(ctx, "env-1", id, quick...))
	_, err = h.Get(ctx, "env-1", id)
	assert.ErrorIs(t, err, ErrNotFound)
}

func asDoc(t *testing.T, v any) map[string]any {
	raw, err := json.Marshal(v)
	require.NoError(t, err)
	var doc map[string]any
	require.NoError(t, json.Unmarshal(raw, &doc))
	return doc
}

// minFilters is how many filters a kind's list has at least (2 unless
// said here): DNS forwarders filter by environment only.
var minFilters = map[string]int{"n-": 2, "peer-": 2, "tgwa-": 2, "pla-": 2, "nls-": 2, "nle-": 2, "gw-": 2, "ap-": 2, "dnsrec-": 2,
	"dnsf-": 0, "platt-": 2, "plattc-": 1}

// filterFields are the filters whose names are not where their values are,
// as their documents describe them: a gateway's type is its config's
// kind; a DNS record's resource is the access point its config names.
var filterFields = map[string]string{"gateway_type": "spec.config.kind", "resource": "spec.config.resource_id"}

// ownValue is what a filter on param matches in doc: a reference by its
// id, a list by an element.
func ownValue(t *testing.T, doc map[string]any, param string) string {
	if p, ok := filterFields[param]; ok {
		param = p
	}
	var cur any = doc
	for _, part := range strings.Split(param, ".") {
		cur = cur.(map[string]any)[part]
	}
	switch v := cur.(type) {
	case map[string]any:
		return v["id"].(string)
	case []any:
		return v[0].(string)
	case string:
		return v
	}
	t.Fatalf("%s holds %v", param, cur)
	return ""
}

// The associations of a service appear with its endpoints: listed and read
// with the service's id, their phase the endpoint's, gone with it.
func TestAssociationsFollowEndpoints(t *testing.T) {
	c, _ := fakeClient(t)
	ctx := context.Background()
	nls, err := c.NetworkLinkServices().Create(ctx, api.NetworkLinkServiceCreateRequest{Spec: api.NetworkLinkServiceSpec{Environment: globalEnv(), Network: scopedNet()}})
	require.NoError(t, err)
	nle, err := c.NetworkLinkEndpoints().Create(ctx, api.NetworkLinkEndpointCreateRequest{Spec: api.NetworkLinkEndpointSpec{
		DisplayName: Ptr("to-hub"), Environment: globalEnv(), Network: api.EnvScopedObjectReference{ID: "n-2"}, NetworkLinkService: api.EnvScopedObjectReference{ID: nls.ID}}})
	require.NoError(t, err)

	a := c.NetworkLinkServiceAssociations()
	items, next, err := a.List(ctx, "env-1", nls.ID, nil)
	require.NoError(t, err)
	require.Len(t, items, 1)
	assert.Empty(t, next)
	assert.Equal(t, nle.ID, items[0].Spec.NetworkLinkEndpoint)
	assert.Equal(t, "to-hub", items[0].Spec.DisplayName)
	items, _, err = a.List(ctx, "env-1", "nls-other", nil)
	require.NoError(t, err)
	assert.Empty(t, items, "another service has none")
	items, _, err = a.List(ctx, "env-1", nls.ID, &NetworkLinkServiceAssociationListOptions{Phases: []string{api.PhaseReady}})
	require.NoError(t, err)
	assert.Empty(t, items, "the endpoint is still provisioning")

	id := a.r.mustOne(t, ctx, nls.ID).ID
	_, err = a.Get(ctx, "env-1", "nls-other", id)
	assert.ErrorIs(t, err, ErrNotFound, "read with another service's id")
	_, err = c.NetworkLinkEndpoints().WaitReady(ctx, "env-1", nle.ID, quick...)
	require.NoError(t, err)
	got, err := a.WaitReady(ctx, "env-1", nls.ID, id, quick...)
	require.NoError(t, err)
	assert.Equal(t, api.PhaseReady, got.Status.Phase)
	n := 0
	for _, err := range a.All(ctx, "env-1", nls.ID, &NetworkLinkServiceAssociationListOptions{Phases: []string{api.PhaseReady}}) {
		require.NoError(t, err)
		n++
	}
	assert.Equal(t, 1, n)

	require.NoError(t, c.NetworkLinkEndpoints().Delete(ctx, "env-1", nle.ID))
	require.NoError(t, c.NetworkLinkEndpoints().WaitDeleted(ctx, "env-1", nle.ID, quick...))
	require.NoError(t, a.WaitDeleted(ctx, "env-1", nls.ID, id, quick...))

	var ie *InputError
	_, _, err = a.List(ctx, "env-1", "", nil)
	require.ErrorAs(t, err, &ie)
	assert.Equal(t, "spec.network_link_service", ie.Field)
}

// mustOne reads the one association of service.
func (r *resource[T, C, U, O]) mustOne(t *testing.T, ctx context.Context, service string) *T {
	items, _, err := r.doList(ctx, place{"env-1", service}, nil)
	require.NoError(t, err)
	require.Len(t, items, 1)
	return &items[0]
}

// A kind whose provisioning fails ends WaitReady with ErrFailed, for every
// handle.
func TestEveryHandleWaiterFails(t *testing.T) {
	c, _ := fakeClient(t, fake.WithFailures(1))
	ctx := context.Background()
	net, err := c.Networks().Create(ctx, api.NetworkCreateRequest{Spec: api.NetworkSpec{Cloud: "GCP", Region: "us-central1", ConnectionTypes: []string{"PEERING"}, Environment: envRef()}})
	require.NoError(t, err)
	_, err = c.Networks().WaitReady(ctx, "env-1", net.ID, quick...)
	assert.ErrorIs(t, err, ErrFailed)
	tgwa, err := c.TransitGatewayAttachments().Create(ctx, api.TransitGatewayAttachmentCreateRequest{Spec: api.TransitGatewayAttachmentSpec{
		Environment: envRef(), Network: netRef(), Cloud: AWSTransitGateway("arn", "tgw-1", "10.0.0.0/8")}})
	require.NoError(t, err)
	_, err = c.TransitGatewayAttachments().WaitReady(ctx, "env-1", tgwa.ID, quick...)
	var pe *PhaseError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "transit gateway attachment", pe.Kind)
}

// Create checks what each kind needs before sending anything.
func TestEveryHandleChecksItsCreate(t *testing.T) {
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) { t.Errorf("sent %s %s", r.Method, r.URL) })
	c := newTestClient(t, s)
	ctx := context.Background()
	for field, create := range map[string]func() error{
		"spec.environment.id": func() error { _, err := c.Networks().Create(ctx, api.NetworkCreateRequest{}); return err },
		"spec.region": func() error {
			_, err := c.Networks().Create(ctx, api.NetworkCreateRequest{Spec: api.NetworkSpec{Cloud: "AWS", ConnectionTypes: []string{"PRIVATELINK"}, Environment: envRef()}})
			return err
		},
		"spec.connection_types": func() error {
			_, err := c.Networks().Create(ctx, api.NetworkCreateRequest{Spec: api.NetworkSpec{Cloud: "AWS", Region: "r", Environment: envRef()}})
			return err
		},
		"spec.network.id": func() error {
			_, err := c.Peerings().Create(ctx, api.PeeringCreateRequest{Spec: api.PeeringSpec{Environment: envRef()}})
			return err
		},
		"spec.cloud": func() error {
			_, err := c.Peerings().Create(ctx, api.PeeringCreateRequest{Spec: api.PeeringSpec{Environment: envRef(), Network: netRef()}})
			return err
		},
		"spec.config": func() error {
			_, err := c.Gateways().Create(ctx, api.GatewayCreateRequest{Spec: api.GatewaySpec{Environment: envRef()}})
			return err
		},
		"spec.config.region": func() error {
			_, err := c.Gateways().Create(ctx, api.GatewayCreateRequest{Spec: api.GatewaySpec{Environment: envRef(), Config: AWSEgressPrivateLinkGateway("")}})
			return err
		},
		"spec.gateway.id": func() error {
			_, err := c.AccessPoints().Create(ctx, api.AccessPointCreateRequest{Spec: api.AccessPointSpec{Environment: envRef(),
				Config: AWSEgressPrivateLinkEndpoint("com.amazonaws.vpce.us-east-2.vpce-svc-1")}})
			return err
		},
		"spec.domain": func() error {
			_, err := c.DNSRecords().Create(ctx, api.DNSRecordCreateRequest{Spec: api.DNSRecordSpec{Environment: envRef(),
				Gateway: api.TypedEnvScopedObjectReference{ID: "gw-1"}, Config: PrivateLinkAccessPointRecord("ap-1")}})
			return err
		},
		"spec.config.dns_server_ips": func() error {
			_, err := c.DNSForwarders().Create(ctx, api.DNSForwarderCreateRequest{Spec: api.DNSForwarderSpec{Environment: envRef(), Gateway: Ref("gw-1"), Config: ForwardViaIP()}})
			return err
		},
		"spec.private_link_attachment.id": func() error {
			_, err := c.PrivateLinkAttachmentConnections().Create(ctx, api.PrivateLinkAttachmentConnectionCreateRequest{Spec: api.PrivateLinkAttachmentConnectionSpec{
				Environment: envRef(), Cloud: AWSAttachmentConnection("vpce-1")}})
			return err
		},
		"spec.cloud ": func() error { // an attachment's cloud (the key's space keeps it apart from a peering's)
			_, err := c.PrivateLinkAttachments().Create(ctx, api.PrivateLinkAttachmentCreateRequest{Spec: api.PrivateLinkAttachmentSpec{Environment: envRef(), Region: "us-east-2"}})
			return err
		},
		"spec.network_link_service.id": func() error {
			_, err := c.NetworkLinkEndpoints().Create(ctx, api.NetworkLinkEndpointCreateRequest{Spec: api.NetworkLinkEndpointSpec{Environment: globalEnv(), Network: scopedNet()}})
			return err
		},
	} {
		var ie *InputError
		require.ErrorAs(t, create(), &ie, field)
		assert.Equal(t, strings.TrimSpace(field), ie.Field)
	}
}

// creator makes the i-th distinct, unnamed resource of one kind, and counts
// what the fake stored of that kind.
type creator struct {
	create func(ctx context.Context, c *Client, i int) (any, error)
	stored func(f *fake.Server) int
}

func created[T any](v *T, err error) (any, error) { return v, err }

var creators = map[string]creator{
	"networks": {func(ctx context.Context, c *Client, i int) (any, error) {
		return created(c.Networks().Create(ctx, api.NetworkCreateRequest{Spec: api.NetworkSpec{Cloud: "AWS", Region: "us-east-2",
			ConnectionTypes: []string{"PEERING"}, Cidr: Ptr(fmt.Sprintf("10.%d.0.0/16", i)), Environment: envRef()}}))
	}, func(f *fake.Server) int { return len(f.Networks()) }},
	"peerings": {func(ctx context.Context, c *Client, i int) (any, error) {
		return created(c.Peerings().Create(ctx, api.PeeringCreateRequest{Spec: api.PeeringSpec{Environment: envRef(), Network: netRef(),
			Cloud: AzurePeering(fmt.Sprint("tenant-", i), "vnet-1", "eastus")}}))
	}, func(f *fake.Server) int { return len(f.Peerings()) }},
	"transit gateway attachments": {func(ctx context.Context, c *Client, i int) (any, error) {
		return created(c.TransitGatewayAttachments().Create(ctx, api.TransitGatewayAttachmentCreateRequest{Spec: api.TransitGatewayAttachmentSpec{
			Environment: envRef(), Network: netRef(), Cloud: AWSTransitGateway(fmt.Sprint("arn-", i), "tgw-1")}}))
	}, func(f *fake.Server) int { return len(f.TransitGatewayAttachments()) }},
	"network link endpoints": {func(ctx context.Context, c *Client, i int) (any, error) {
		return created(c.NetworkLinkEndpoints().Create(ctx, api.NetworkLinkEndpointCreateRequest{Spec: api.NetworkLinkEndpointSpec{
			Environment: globalEnv(), Network: scopedNet(), NetworkLinkService: api.EnvScopedObjectReference{ID: fmt.Sprint("nls-", i)}}}))
	}, func(f *fake.Server) int { return len(f.NetworkLinkEndpoints()) }},
	"network link services": {func(ctx context.Context, c *Client, i int) (any, error) {
		return created(c.NetworkLinkServices().Create(ctx, api.NetworkLinkServiceCreateRequest{Spec: api.NetworkLinkServiceSpec{
			Environment: globalEnv(), Network: scopedNet(), Description: Ptr(fmt.Sprint("service ", i))}}))
	}, func(f *fake.Server) int { return len(f.NetworkLinkServices()) }},
	"gateways": {func(ctx context.Context, c *Client, i int) (any, error) {
		return created(c.Gateways().Create(ctx, api.GatewayCreateRequest{Spec: api.GatewaySpec{Environment: envRef(),
			Config: AWSPrivateNetworkInterfaceGateway("us-east-2", fmt.Sprint("use2-az", i))}}))
	}, func(f *fake.Server) int { return len(f.Gateways()) }},
	"access points": {func(ctx context.Context, c *Client, i int) (any, error) {
		return created(c.AccessPoints().Create(ctx, api.AccessPointCreateRequest{Spec: api.AccessPointSpec{Environment: envRef(),
			Gateway: api.ObjectReference{ID: "gw-1"}, Config: AWSEgressPrivateLinkEndpoint(fmt.Sprint("com.amazonaws.vpce.us-east-2.vpce-svc-", i))}}))
	}, func(f *fake.Server) int { return len(f.AccessPoints()) }},
	"DNS records": {func(ctx context.Context, c *Client, i int) (any, error) {
		return created(c.DNSRecords().Create(ctx, api.DNSRecordCreateRequest{Spec: api.DNSRecordSpec{Environment: envRef(), Domain: "db.example.com",
			Gateway: api.TypedEnvScopedObjectReference{ID: "gw-1"}, Config: PrivateLinkAccessPointRecord(fmt.Sprint("ap-", i))}}))
	}, func(f *fake.Server) int { return len(f.DNSRecords()) }},
	"DNS forwarders": {func(ctx context.Context, c *Client, i int) (any, error) {
		return created(c.DNSForwarders().Create(ctx, api.DNSForwarderCreateRequest{Spec: api.DNSForwarderSpec{Environment: envRef(),
			Gateway: api.ObjectReference{ID: "gw-1"}, Domains: []string{"example.com"}, Config: ForwardViaIP(fmt.Sprint("10.0.0.", i+1))}}))
	}, func(f *fake.Server) int { return len(f.DNSForwarders()) }},
	"private link attachments": {func(ctx context.Context, c *Client, i int) (any, error) {
		return created(c.PrivateLinkAttachments().Create(ctx, api.PrivateLinkAttachmentCreateRequest{Spec: api.PrivateLinkAttachmentSpec{Environment: envRef(),
			Cloud: "AWS", Region: fmt.Sprint("region-", i)}}))
	}, func(f *fake.Server) int { return len(f.PrivateLinkAttachments()) }},
	"private link attachment connections": {func(ctx context.Context, c *Client, i int) (any, error) {
		return created(c.PrivateLinkAttachmentConnections().Create(ctx, api.PrivateLinkAttachmentConnectionCreateRequest{Spec: api.PrivateLinkAttachmentConnectionSpec{
			Environment: envRef(), PrivateLinkAttachment: api.ObjectReference{ID: "platt-1"}, Cloud: AWSAttachmentConnection(fmt.Sprint("vpce-", i))}}))
	}, func(f *fake.Server) int { return len(f.PrivateLinkAttachmentConnections()) }},
	"private link accesses": {func(ctx context.Context, c *Client, i int) (any, error) {
		return created(c.PrivateLinkAccesses().Create(ctx, api.PrivateLinkAccessCreateRequest{Spec: api.PrivateLinkAccessSpec{
			Environment: envRef(), Network: netRef(), Cloud: AzureCloud(fmt.Sprint("sub-", i))}}))
	}, func(f *fake.Server) int { return len(f.PrivateLinkAccesses()) }},
}

// Against a server with no uniqueness rule that stores every create and
// loses its answer, unnamed creates of every kind store exactly one
// resource each, return it, and are never sent twice.
// So too against a fake that answers union kinds in the recorded spelling
// (the create rule's comparison of what it sent with what it reads back
// takes the two spellings as one): 0 extra resources, no error.
func TestLostCreatesOfEveryKindNeverDuplicate(t *testing.T) {
	require.Len(t, creators, len(kindCases), "a creator for every creatable kind")
	for spelling, opts := range kindSpellings {
		for name, cr := range creators {
			t.Run(spelling+"/"+name, func(t *testing.T) {
				fr := lossyFront(t, opts...)
				c := fr.client(t)
				ids := map[string]bool{}
				for i := range 5 {
					got, err := cr.create(context.Background(), c, i)
					require.NoError(t, err, "create %d", i)
					ids[asDoc(t, got)["id"].(string)] = true
				}
				assert.Len(t, ids, 5, "every call got its own resource")
				assert.Equal(t, 5, cr.stored(fr.f), "stored exactly one per create")
			})
		}
	}
}
