package wrapper

import (
	"context"
	"encoding/json"
	"maps"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ccloud-go/networking/api"
	"github.com/ccloud-go/networking/fake"
	"github.com/ccloud-go/networking/spec/openapi"
)

// These tests read the spec, so that a change upstream that the wrapper
// does not carry fails here, naming the file to change.

func fragment(t *testing.T) *openapi3.T {
	t.Helper()
	doc, err := openapi.Load()
	require.NoError(t, err)
	return doc
}

// served says whether a path of the spec is of a collection the fake
// declares it serves (fake.Collections), which are those the wrapper has
// handles for. The spec types more (api/); these tests take up a
// collection when the fake does, and then ask the wrapper for its handle.
func served(path string) bool {
	collection := strings.TrimSuffix(path, "/{id}")
	return slices.Contains(fake.Collections(), collection)
}

// servedSchemas names the component schemas the operations of the served
// collections reach.
func servedSchemas(doc *openapi3.T) map[string]bool {
	out := map[string]bool{}
	seen := map[*openapi3.Schema]bool{}
	var walk func(ref *openapi3.SchemaRef)
	walk = func(ref *openapi3.SchemaRef) {
		if ref == nil || ref.Value == nil || seen[ref.Value] {
			return
		}
		seen[ref.Value] = true
		if ref.Ref != "" {
			out[ref.Ref[strings.LastIndex(ref.Ref, "/")+1:]] = true
		}
		s := ref.Value
		for _, p := range s.Properties {
			walk(p)
		}
		walk(s.Items)
		walk(s.AdditionalProperties.Schema)
		for _, list := range [][]*openapi3.SchemaRef{s.OneOf, s.AnyOf, s.AllOf} {
			for _, e := range list {
				walk(e)
			}
		}
	}
	for path, item := range doc.Paths.Map() {
		if !served(path) {
			continue
		}
		for _, op := range item.Operations() {
			if op.RequestBody != nil {
				for _, mt := range op.RequestBody.Value.Content {
					walk(mt.Schema)
				}
			}
			for _, r := range op.Responses.Map() {
				for _, mt := range r.Value.Content {
					walk(mt.Schema)
				}
			}
		}
	}
	return out
}

// phaseValues collects every value listed for a status.phase property in
// doc, by schema, of the schemas the served collections reach.
func phaseValues(doc *openapi3.T) map[string][]string {
	out := map[string][]string{}
	reached := servedSchemas(doc)
	for name, ref := range doc.Components.Schemas {
		if ref.Value == nil || !reached[name] {
			continue
		}
		p, ok := ref.Value.Properties["phase"]
		if !ok || p.Value == nil {
			continue
		}
		for _, v := range p.Value.Enum {
			if s, ok := v.(string); ok {
				out[name] = append(out[name], s)
			}
		}
		if ext, ok := p.Value.Extensions["x-extensible-enum"].([]any); ok {
			for _, v := range ext {
				if s, ok := v.(string); ok {
					out[name] = append(out[name], s)
				}
			}
		}
	}
	return out
}

// Every phase the fragment lists for a served collection is classified by
// the waiters (api.PhaseKindOf, generated from gen/phases.yaml), and each
// kind does to each waiter what it says.
func TestEveryPhaseIsClassified(t *testing.T) {
	seen := 0
	for schema, values := range phaseValues(fragment(t)) {
		require.NotEmpty(t, values, schema)
		for _, v := range values {
			seen++
			ready, deleted := stepFor(v, false), stepFor(v, true)
			switch api.PhaseKindOf(v) {
			case api.PhaseKindOnTheWay:
				assert.Equal(t, []waitStep{keepPolling, keepPolling}, []waitStep{ready, deleted}, v)
			case api.PhaseKindReady:
				assert.Equal(t, []waitStep{done, keepPolling}, []waitStep{ready, deleted}, v)
			case api.PhaseKindFailed:
				assert.Equal(t, []waitStep{stopFailed, stopFailed}, []waitStep{ready, deleted}, v)
			case api.PhaseKindStopped, api.PhaseKindLeaving:
				assert.Equal(t, []waitStep{stopStopped, keepPolling}, []waitStep{ready, deleted}, v)
			default:
				t.Errorf("%s lists phase %q, which the waiters do not classify: gen/bounds should have stopped (gen/phases.yaml)", schema, v)
			}
		}
	}
	assert.Positive(t, seen, "the spec's phases were found")
	assert.Equal(t, stopUnknown, stepFor("SOMETHING_NEW", false))
	assert.Equal(t, stopUnknown, stepFor("SOMETHING_NEW", true))
}

// listCall runs a handle's List with options of its own type; service is
// the positional argument of the association handle.
type listCall struct {
	opts func() any // a new options value of the handle's type
	call func(c *Client, service string, o any) error
}

func listOf[T, C, U, O any](h func(*Client) *Handle[T, C, U, O]) listCall {
	return listCall{opts: func() any { return new(O) }, call: func(c *Client, _ string, o any) error {
		_, _, err := h(c).List(context.Background(), "env-1", o.(*O))
		return err
	}}
}

// listCalls runs each list operation the wrapper has a handle for.
var listCalls = map[string]listCall{
	"listNetworkingV1NetworkLinkServices":              listOf((*Client).NetworkLinkServices),
	"listNetworkingV1PrivateLinkAccesses":              listOf((*Client).PrivateLinkAccesses),
	"listNetworkingV1Networks":                         listOf((*Client).Networks),
	"listNetworkingV1Peerings":                         listOf((*Client).Peerings),
	"listNetworkingV1TransitGatewayAttachments":        listOf((*Client).TransitGatewayAttachments),
	"listNetworkingV1NetworkLinkEndpoints":             listOf((*Client).NetworkLinkEndpoints),
	"listNetworkingV1Gateways":                         listOf((*Client).Gateways),
	"listNetworkingV1AccessPoints":                     listOf((*Client).AccessPoints),
	"listNetworkingV1DnsRecords":                       listOf((*Client).DNSRecords),
	"listNetworkingV1DnsForwarders":                    listOf((*Client).DNSForwarders),
	"listNetworkingV1PrivateLinkAttachments":           listOf((*Client).PrivateLinkAttachments),
	"listNetworkingV1PrivateLinkAttachmentConnections": listOf((*Client).PrivateLinkAttachmentConnections),
	"listNetworkingV1IpAddresses": {
		opts: func() any { return new(IPAddressListOptions) },
		call: func(c *Client, _ string, o any) error {
			_, _, err := c.IPAddresses().List(context.Background(), o.(*IPAddressListOptions))
			return err
		},
	},
	"listNetworkingV1NetworkLinkServiceAssociations": {
		opts: func() any { return new(NetworkLinkServiceAssociationListOptions) },
		call: func(c *Client, service string, o any) error {
			_, _, err := c.NetworkLinkServiceAssociations().List(context.Background(), "env-1", service, o.(*NetworkLinkServiceAssociationListOptions))
			return err
		},
	},
}

// Every query parameter of every list operation in the fragment reaches
// the request: an optional one through a field of the handle's options
// type (tagged with its name), a required one (the environment, an
// association's service) as an argument. An options type has no field for
// a parameter the operation does not have.
func TestEveryListFilterReachesTheRequest(t *testing.T) {
	var mu sync.Mutex
	var queries []url.Values
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		queries = append(queries, r.URL.Query())
		mu.Unlock()
		writeJSON(w, 200, map[string]any{"data": []any{}, "metadata": map[string]any{}})
	})
	c := newTestClient(t, s)
	last := func() url.Values {
		mu.Lock()
		defer mu.Unlock()
		return queries[len(queries)-1]
	}
	checked := 0
	for path, item := range fragment(t).Paths.Map() {
		op := item.Get
		if op == nil || !strings.HasPrefix(op.OperationID, "list") || !served(path) {
			continue
		}
		lc, ok := listCalls[op.OperationID]
		if !ok {
			t.Errorf("%s (%s) has no handle: add one to wrapper/ and to listCalls", op.OperationID, path)
			continue
		}
		fields := map[string]int{}
		typ := reflect.TypeOf(lc.opts()).Elem()
		for i := range typ.NumField() {
			if q := typ.Field(i).Tag.Get("query"); q != "" {
				fields[q] = i
			}
		}
		var names []string
		for _, p := range op.Parameters {
			if p.Value.In != "query" {
				continue
			}
			name := p.Value.Name
			if p.Value.Required {
				require.NoError(t, lc.call(c, "svc-1", lc.opts()), "%s", op.OperationID)
				assert.Contains(t, []string{"env-1", "svc-1"}, last().Get(name), "%s: required %s does not reach the request", op.OperationID, name)
				assert.NotContains(t, fields, name, "%s: required %s is an argument, not an option", op.OperationID, name)
				checked++
				continue
			}
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			i, ok := fields[name]
			if !ok {
				t.Errorf("%s takes %s, which %s has no field for: add one (tag query:%q)", op.OperationID, name, typ.Name(), name)
				continue
			}
			delete(fields, name)
			o := lc.opts()
			f := reflect.ValueOf(o).Elem().Field(i)
			want := []string{"v-" + name, "w-" + name}
			switch f.Kind() {
			case reflect.Slice:
				f.Set(reflect.ValueOf(want))
			case reflect.Int:
				f.SetInt(7)
				want = []string{"7"}
			default:
				f.SetString("tok-" + name)
				want = []string{"tok-" + name}
			}
			require.NoError(t, lc.call(c, "svc-1", o), "%s %s", op.OperationID, name)
			assert.Equal(t, want, last()[name], "%s: %s does not reach the request (the handle's declaration, wrapper/listoptions.go)", op.OperationID, name)
			checked++
		}
		for name := range fields {
			t.Errorf("%s has a field for %s, which %s does not take", typ.Name(), name, op.OperationID)
		}
	}
	assert.Positive(t, checked, "the served list operations' parameters were found")
}

// Every variant of the private link access cloud union has a constructor
// whose result the input checks accept and CloudAccount reads back.
func TestEveryCloudVariantHasAConstructor(t *testing.T) {
	cloud := fragment(t).Components.Schemas["PrivateLinkAccessSpec"].Value.Properties["cloud"].Value
	require.NotNil(t, cloud.Discriminator, "the cloud union keeps its discriminator")
	require.NotEmpty(t, cloud.OneOf)
	for _, variant := range cloud.OneOf {
		kinds := variant.Value.Properties["kind"].Value.Enum
		require.Len(t, kinds, 1, variant.Ref)
		kind := kinds[0].(string)
		build, ok := cloudConstructors[kind]
		if !ok {
			t.Errorf("cloud variant %s (%s) has no constructor: add one to wrapper/cloud.go", kind, variant.Ref)
			continue
		}
		id := "project-1"
		if kind == PrivateLinkAccessAWS {
			id = "123456789012"
		}
		u := build(id)
		require.NoError(t, validPrivateLinkAccessCloud("spec.cloud", u), kind)
		gotKind, gotID, err := CloudAccount(u)
		require.NoError(t, err)
		assert.Equal(t, []string{kind, id}, []string{gotKind, gotID})
	}
	assert.Len(t, cloudConstructors, len(cloud.OneOf), "no constructor for a variant the spec lacks")
}

// bodyTypes are the Go types of the request bodies the wrapper sends.
var bodyTypes = map[string]func() any{
	"createNetworkingV1NetworkLinkService":              func() any { return new(api.NetworkLinkServiceCreateRequest) },
	"updateNetworkingV1NetworkLinkService":              func() any { return new(api.NetworkLinkServiceUpdateRequest) },
	"createNetworkingV1PrivateLinkAccess":               func() any { return new(api.PrivateLinkAccessCreateRequest) },
	"updateNetworkingV1PrivateLinkAccess":               func() any { return new(api.PrivateLinkAccessUpdateRequest) },
	"createNetworkingV1Network":                         func() any { return new(api.NetworkCreateRequest) },
	"updateNetworkingV1Network":                         func() any { return new(api.NetworkUpdateRequest) },
	"createNetworkingV1Peering":                         func() any { return new(api.PeeringCreateRequest) },
	"updateNetworkingV1Peering":                         func() any { return new(api.PeeringUpdateRequest) },
	"createNetworkingV1TransitGatewayAttachment":        func() any { return new(api.TransitGatewayAttachmentCreateRequest) },
	"updateNetworkingV1TransitGatewayAttachment":        func() any { return new(api.TransitGatewayAttachmentUpdateRequest) },
	"createNetworkingV1NetworkLinkEndpoint":             func() any { return new(api.NetworkLinkEndpointCreateRequest) },
	"updateNetworkingV1NetworkLinkEndpoint":             func() any { return new(api.NetworkLinkEndpointUpdateRequest) },
	"createNetworkingV1Gateway":                         func() any { return new(api.GatewayCreateRequest) },
	"updateNetworkingV1Gateway":                         func() any { return new(api.GatewayUpdateRequest) },
	"createNetworkingV1AccessPoint":                     func() any { return new(api.AccessPointCreateRequest) },
	"updateNetworkingV1AccessPoint":                     func() any { return new(api.AccessPointUpdateRequest) },
	"createNetworkingV1DnsRecord":                       func() any { return new(api.DNSRecordCreateRequest) },
	"updateNetworkingV1DnsRecord":                       func() any { return new(api.DNSRecordUpdateRequest) },
	"createNetworkingV1DnsForwarder":                    func() any { return new(api.DNSForwarderCreateRequest) },
	"updateNetworkingV1DnsForwarder":                    func() any { return new(api.DNSForwarderUpdateRequest) },
	"createNetworkingV1PrivateLinkAttachment":           func() any { return new(api.PrivateLinkAttachmentCreateRequest) },
	"updateNetworkingV1PrivateLinkAttachment":           func() any { return new(api.PrivateLinkAttachmentUpdateRequest) },
	"createNetworkingV1PrivateLinkAttachmentConnection": func() any { return new(api.PrivateLinkAttachmentConnectionCreateRequest) },
	"updateNetworkingV1PrivateLinkAttachmentConnection": func() any { return new(api.PrivateLinkAttachmentConnectionUpdateRequest) },
}

// example builds a document holding every property of s, recording the
// paths of the read-only and the writable leaves.
func example(s *openapi3.Schema, path string, readOnly, writable map[string]bool, depth int) any {
	if depth > 8 {
		return nil
	}
	if len(s.OneOf) > 0 {
		return example(s.OneOf[0].Value, path, readOnly, writable, depth+1)
	}
	switch {
	case s.Type.Is("object") || len(s.Properties) > 0:
		obj := map[string]any{}
		for name, p := range s.Properties {
			obj[name] = example(p.Value, path+"."+name, readOnly, writable, depth+1)
		}
		return obj
	case s.Type.Is("array"):
		return []any{example(s.Items.Value, path+"[0]", readOnly, writable, depth+1)}
	}
	if s.ReadOnly {
		readOnly[path] = true
	} else {
		writable[path] = true
	}
	switch {
	case len(s.Enum) > 0:
		return s.Enum[0]
	case s.Type.Is("integer"), s.Type.Is("number"):
		return 1
	case s.Type.Is("boolean"):
		return true
	}
	return "x"
}

// leaves lists the paths of the leaves of a decoded JSON document.
func leaves(v any, path string, out map[string]bool) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			leaves(x, path+"."+k, out)
		}
	case []any:
		for _, x := range v {
			leaves(x, path+"[0]", out)
		}
	default:
		out[path] = true
	}
}

// Every readOnly property of every request body is dropped before
// sending, even when the caller's value (a model read back) holds it, and
// every writable one is kept.
func TestRequestBodiesCarryNoReadOnlyProperty(t *testing.T) {
	checked := 0
	for path, item := range fragment(t).Paths.Map() {
		if !served(path) {
			continue
		}
		for _, op := range []*openapi3.Operation{item.Post, item.Patch} {
			if op == nil || op.RequestBody == nil {
				continue
			}
			newBody, ok := bodyTypes[op.OperationID]
			if !ok {
				t.Errorf("%s (%s) sends a body the wrapper does not know: add its type to bodyTypes and a handle in wrapper/", op.OperationID, path)
				continue
			}
			readOnly, writable := map[string]bool{}, map[string]bool{}
			doc := example(op.RequestBody.Value.Content.Get("application/json").Schema.Value, "", readOnly, writable, 0)
			raw, err := json.Marshal(doc)
			require.NoError(t, err)
			body := newBody()
			require.NoError(t, json.Unmarshal(raw, body), op.OperationID)
			out, err := requestBody(body)
			require.NoError(t, err)
			var sent any
			require.NoError(t, json.Unmarshal(out, &sent))
			got := map[string]bool{}
			leaves(sent, "", got)
			for p := range readOnly {
				assert.False(t, got[p], "%s sends read-only %s: drop it in wrapper/body.go", op.OperationID, p)
				checked++
			}
			for p := range writable {
				assert.True(t, got[p], "%s lost writable %s in wrapper/body.go", op.OperationID, p)
			}
		}
	}
	assert.Positive(t, checked, "the served bodies' read-only properties were found")
}

// unionSamples builds one value of each kind of every union a request body
// holds, with this package's constructors.
var unionSamples = map[string]func() (json.Marshaler, error){
	PeeringAWS: func() (json.Marshaler, error) {
		c := AWSPeering("123456789012", "vpc-1", "us-east-2", "10.0.0.0/16")
		return c, validPeeringCloud("cloud", c)
	},
	PeeringAzure: func() (json.Marshaler, error) {
		c := AzurePeering("tenant-1", "vnet-1", "eastus")
		return c, validPeeringCloud("cloud", c)
	},
	PeeringGCP: func() (json.Marshaler, error) {
		c := GCPPeering("project-1", "vpc-1", true)
		return c, validPeeringCloud("cloud", c)
	},
	TransitGatewayAttachmentAWS: func() (json.Marshaler, error) {
		c := AWSTransitGateway("arn:aws:ram:us-east-2:123456789012:resource-share/x", "tgw-1", "10.0.0.0/16")
		return c, validTransitGatewayAttachmentCloud("cloud", c)
	},
}

// Every kind of every oneOf a create body holds (the clouds of peerings,
// transit gateway attachments and private link accesses) has a
// constructor, whose value carries that kind.
func TestEveryUnionVariantHasAConstructor(t *testing.T) {
	samples := maps.Clone(unionSamples)
	for k, s := range constructorSamples {
		samples[k] = func() (json.Marshaler, error) { return s.good, nil }
	}
	for k, build := range cloudConstructors {
		samples[k] = func() (json.Marshaler, error) {
			c := build("id-1")
			if k == PrivateLinkAccessAWS {
				c = build("123456789012")
			}
			return c, validPrivateLinkAccessCloud("cloud", c)
		}
	}
	seen := 0
	for path, item := range fragment(t).Paths.Map() {
		if item.Post == nil || item.Post.RequestBody == nil || !served(path) {
			continue
		}
		spec := item.Post.RequestBody.Value.Content.Get("application/json").Schema.Value.Properties["spec"].Value
		for name, p := range spec.Properties {
			for _, variant := range p.Value.OneOf {
				kinds := variant.Value.Properties["kind"].Value.Enum
				require.Len(t, kinds, 1, variant.Ref)
				kind := kinds[0].(string)
				seen++
				build, ok := samples[kind]
				if !ok {
					t.Errorf("%s spec.%s: kind %s has no constructor: add one to wrapper/unions.go (and here)", path, name, kind)
					continue
				}
				v, err := build()
				require.NoError(t, err, kind)
				raw, err := v.MarshalJSON()
				require.NoError(t, err)
				var got struct{ Kind string }
				require.NoError(t, json.Unmarshal(raw, &got))
				assert.Equal(t, kind, got.Kind)
			}
		}
	}
	assert.Positive(t, seen, "the create bodies' unions were found")
}

// The create's check refuses in a union what the spec refuses, naming the
// field.
func TestUnionChecksRefuseBadInput(t *testing.T) {
	for name, tc := range map[string]struct {
		build func() error
		field string
	}{
		"aws account":  {func() error { return validPeeringCloud("cloud", AWSPeering("12345", "vpc-1", "r", "10.0.0.0/16")) }, "cloud.account"},
		"aws route":    {func() error { return validPeeringCloud("cloud", AWSPeering("123456789012", "vpc-1", "r", "10.0.0.0")) }, "cloud.routes[0]"},
		"aws vpc":      {func() error { return validPeeringCloud("cloud", AWSPeering("123456789012", "", "r")) }, "cloud.vpc"},
		"azure tenant": {func() error { return validPeeringCloud("cloud", AzurePeering(" ", "v", "r")) }, "cloud.tenant"},
		"gcp network":  {func() error { return validPeeringCloud("cloud", GCPPeering("p", "", false)) }, "cloud.vpc_network"},
		"tgw share":    {func() error { return validTransitGatewayAttachmentCloud("cloud", AWSTransitGateway("", "tgw-1")) }, "cloud.ram_share_arn"},
		"tgw second route": {func() error {
			return validTransitGatewayAttachmentCloud("cloud", AWSTransitGateway("arn", "tgw-1", "10.0.0.0/16", "x/8"))
		}, "cloud.routes[1]"},
	} {
		var ie *InputError
		err := tc.build()
		require.ErrorAs(t, err, &ie, name)
		assert.Equal(t, tc.field, ie.Field, name)
	}
	var empty api.PeeringCloud
	var ie *InputError
	require.ErrorAs(t, validPeeringCloud("spec.cloud", empty), &ie)
	assert.Equal(t, "spec.cloud", ie.Field, "an empty union is not set")
}
