package wrapper

import (
	"encoding/json"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ccloud-go/networking/api"
)

type sample struct {
	good, bad json.Marshaler
	check     func(field string, u json.Marshaler) error
	field     string // the field bad is refused for, below spec.<union>
}

func gatewaySample(build func(string) api.GatewayConfig) sample {
	return sample{build("us-east-2"), build(" "), func(f string, u json.Marshaler) error { return validGatewayConfig(f, u.(api.GatewayConfig)) }, ".region"}
}

func accessPointSample(good, bad api.AccessPointConfig, field string) sample {
	return sample{good, bad, func(f string, u json.Marshaler) error { return validAccessPointConfig(f, u.(api.AccessPointConfig)) }, field}
}

func connectionSample(build func(string) api.PrivateLinkAttachmentConnectionCloud, field string) sample {
	return sample{build("vpce-1"), build(""), func(f string, u json.Marshaler) error {
		return validPrivateLinkAttachmentConnectionCloud(f, u.(api.PrivateLinkAttachmentConnectionCloud))
	}, field}
}

// constructorSamples: one per kind of the unions of the newer collections.
// A kind the spec lists without an entry here fails the test below.
var constructorSamples = map[string]sample{
	"AwsEgressPrivateLinkGatewaySpec":            gatewaySample(AWSEgressPrivateLinkGateway),
	"AwsIngressPrivateLinkGatewaySpec":           gatewaySample(AWSIngressPrivateLinkGateway),
	"AwsPeeringGatewaySpec":                      gatewaySample(AWSPeeringGateway),
	"AwsPrivateNetworkInterfaceGatewaySpec":      gatewaySample(func(r string) api.GatewayConfig { return AWSPrivateNetworkInterfaceGateway(r, "use1-az1") }),
	"AzureEgressPrivateLinkGatewaySpec":          gatewaySample(AzureEgressPrivateLinkGateway),
	"AzureIngressPrivateLinkGatewaySpec":         gatewaySample(AzureIngressPrivateLinkGateway),
	"AzurePeeringGatewaySpec":                    gatewaySample(AzurePeeringGateway),
	"GcpEgressPrivateServiceConnectGatewaySpec":  gatewaySample(GCPEgressPrivateServiceConnectGateway),
	"GcpIngressPrivateServiceConnectGatewaySpec": gatewaySample(GCPIngressPrivateServiceConnectGateway),
	"GcpPeeringGatewaySpec":                      gatewaySample(GCPPeeringGateway),
	"AwsEgressPrivateLinkEndpoint": accessPointSample(AWSEgressPrivateLinkEndpoint("com.amazonaws.vpce.us-east-2.vpce-svc-1"),
		AWSEgressPrivateLinkEndpoint(""), ".vpc_endpoint_service_name"),
	"AwsIngressPrivateLinkEndpoint": accessPointSample(AWSIngressPrivateLinkEndpoint("vpce-1"), AWSIngressPrivateLinkEndpoint(""), ".vpc_endpoint_id"),
	"AwsPrivateNetworkInterface": accessPointSample(AWSPrivateNetworkInterface("123456789012", "eni-1"),
		AWSPrivateNetworkInterface("1234", "eni-1"), ".account"),
	"AzureEgressPrivateLinkEndpoint": accessPointSample(AzureEgressPrivateLinkEndpoint("/subscriptions/s/pls", "sqlServer"),
		AzureEgressPrivateLinkEndpoint("", ""), ".private_link_service_resource_id"),
	"AzureIngressPrivateLinkEndpoint": accessPointSample(AzureIngressPrivateLinkEndpoint("/subscriptions/s/pe"), AzureIngressPrivateLinkEndpoint(""),
		".private_endpoint_resource_id"),
	"GcpEgressPrivateServiceConnectEndpoint": accessPointSample(GCPEgressPrivateServiceConnectEndpoint("ALL_GOOGLE_APIS"),
		GCPEgressPrivateServiceConnectEndpoint(""), ".private_service_connect_endpoint_target"),
	"GcpIngressPrivateServiceConnectEndpoint": accessPointSample(GCPIngressPrivateServiceConnectEndpoint("123"),
		GCPIngressPrivateServiceConnectEndpoint(""), ".private_service_connect_connection_id"),
	"PrivateLinkAccessPoint": {PrivateLinkAccessPointRecord("ap-1"), PrivateLinkAccessPointRecord(""),
		func(f string, u json.Marshaler) error { return validDNSRecordConfig(f, u.(api.DNSRecordConfig)) }, ".resource_id"},
	"ForwardViaIp": {ForwardViaIP("10.0.0.2", "10.0.0.3"), ForwardViaIP("10.0.0.2", "ns1"),
		func(f string, u json.Marshaler) error { return validDNSForwarderConfig(f, u.(api.DNSForwarderConfig)) }, ".dns_server_ips[1]"},
	"ForwardViaGcpDnsZones": {ForwardViaGCPDNSZones(map[string]api.NetworkingV1ForwardViaGcpDNSZonesDomainMappings{
		"example.com": {Zone: Ptr("zone-1"), Project: Ptr("project-1")}}), nil,
		func(f string, u json.Marshaler) error { return validDNSForwarderConfig(f, u.(api.DNSForwarderConfig)) }, ""},
	"AwsPrivateLinkAttachmentConnection":   connectionSample(AWSAttachmentConnection, ".vpc_endpoint_id"),
	"AzurePrivateLinkAttachmentConnection": connectionSample(AzureAttachmentConnection, ".private_endpoint_resource_id"),
	"GcpPrivateLinkAttachmentConnection":   connectionSample(GCPAttachmentConnection, ".private_service_connect_connection_id"),
}

// Every kind of every union in the create body of a collection the older
// constructors (unions.go, cloud.go) do not cover has a constructor, whose
// value carries that kind, passes the create's check, and whose bad input
// is refused naming the field.
func TestEveryConfigVariantHasAConstructor(t *testing.T) {
	doc := fragment(t)
	seen := 0
	for _, path := range collectionPaths {
		item := doc.Paths.Value(path)
		if item.Post == nil {
			continue
		}
		spec := item.Post.RequestBody.Value.Content.Get("application/json").Schema.Value.Properties["spec"].Value
		for name, p := range spec.Properties {
			for _, variant := range p.Value.OneOf {
				kind := variant.Value.Properties["kind"].Value.Enum[0].(string)
				if _, old := unionSamples[kind]; old || cloudConstructors[kind] != nil {
					continue
				}
				seen++
				s, ok := constructorSamples[kind]
				if !ok {
					t.Errorf("%s spec.%s: kind %s has no constructor: add one to wrapper/configs.go and a sample here", path, name, kind)
					continue
				}
				raw, err := s.good.MarshalJSON()
				require.NoError(t, err)
				var got struct{ Kind string }
				require.NoError(t, json.Unmarshal(raw, &got))
				assert.Equal(t, kind, got.Kind)
				assert.NoError(t, s.check("spec."+name, s.good), kind)
				if s.bad == nil || s.field == "" {
					continue // the kind requires nothing a constructor takes
				}
				var ie *InputError
				require.ErrorAs(t, s.check("spec."+name, s.bad), &ie, kind)
				assert.Equal(t, "spec."+name+s.field, ie.Field, kind)
			}
		}
	}
	assert.Equal(t, len(constructorSamples), seen, "a sample for every kind, and none for a kind the spec lacks")
}

// Every pattern a message explains is one the spec gives.
func TestPatternHintsAreTheSpecs(t *testing.T) {
	used := map[string]bool{}
	var walk func(s *openapi3.Schema, depth int)
	walk = func(s *openapi3.Schema, depth int) {
		if s == nil || depth > 12 {
			return
		}
		used[s.Pattern] = true
		for _, p := range s.Properties {
			walk(p.Value, depth+1)
		}
		if s.Items != nil {
			walk(s.Items.Value, depth+1)
		}
		for _, o := range s.OneOf {
			walk(o.Value, depth+1)
		}
	}
	for _, ref := range fragment(t).Components.Schemas {
		walk(ref.Value, 0)
	}
	for p := range patternHints {
		assert.True(t, used[p], "wrapper/listoptions.go explains %s, which the spec does not use", p)
	}
}
