package wrapper

import "github.com/ccloud-go/networking/api"

// The config unions of gateways, access points, DNS records and DNS
// forwarders, and the cloud union of private link attachment connections:
// a constructor for every kind the spec lists (a spec-derived test checks
// that none is missing). Each returns the union alone; Create checks what
// it holds against what the spec requires of its kind (valid* in
// handles.gen.go), naming the field, before anything is sent.
//
// Each sends its variant's kind in the document's spelling (it sets Kind,
// and the generated From* method writes that spelling too; see unions.go).

// Gateway configs: the kind of gateway and the cloud region it is in.

// AWSEgressPrivateLinkGateway is a gateway for egress private link to AWS
// services in region.
func AWSEgressPrivateLinkGateway(region string) api.GatewayConfig {
	var c api.GatewayConfig
	_ = c.FromAwsEgressPrivateLinkGatewaySpec(api.AwsEgressPrivateLinkGatewaySpec{Kind: api.AwsEgressPrivateLinkGatewaySpecKindAwsEgressPrivateLinkGatewaySpec, Region: region})
	return c
}

// AWSIngressPrivateLinkGateway is a gateway for ingress private link from
// AWS VPC endpoints in region.
func AWSIngressPrivateLinkGateway(region string) api.GatewayConfig {
	var c api.GatewayConfig
	_ = c.FromAwsIngressPrivateLinkGatewaySpec(api.AwsIngressPrivateLinkGatewaySpec{Kind: api.AwsIngressPrivateLinkGatewaySpecKindAwsIngressPrivateLinkGatewaySpec, Region: region})
	return c
}

// AWSPeeringGateway is a gateway for VPC peering in region.
func AWSPeeringGateway(region string) api.GatewayConfig {
	var c api.GatewayConfig
	_ = c.FromAwsPeeringGatewaySpec(api.AwsPeeringGatewaySpec{Kind: api.AwsPeeringGatewaySpecKindAwsPeeringGatewaySpec, Region: region})
	return c
}

// AWSPrivateNetworkInterfaceGateway is a gateway for private network
// interfaces in region, in the availability zones given (zone ids).
func AWSPrivateNetworkInterfaceGateway(region string, zones ...string) api.GatewayConfig {
	var c api.GatewayConfig
	_ = c.FromAwsPrivateNetworkInterfaceGatewaySpec(api.AwsPrivateNetworkInterfaceGatewaySpec{Kind: api.AwsPrivateNetworkInterfaceGatewaySpecKindAwsPrivateNetworkInterfaceGatewaySpec, Region: region, Zones: nonNil(zones)})
	return c
}

// AzureEgressPrivateLinkGateway is a gateway for egress private link to
// Azure services in region.
func AzureEgressPrivateLinkGateway(region string) api.GatewayConfig {
	var c api.GatewayConfig
	_ = c.FromAzureEgressPrivateLinkGatewaySpec(api.AzureEgressPrivateLinkGatewaySpec{Kind: api.AzureEgressPrivateLinkGatewaySpecKindAzureEgressPrivateLinkGatewaySpec, Region: region})
	return c
}

// AzureIngressPrivateLinkGateway is a gateway for ingress private link
// from Azure private endpoints in region.
func AzureIngressPrivateLinkGateway(region string) api.GatewayConfig {
	var c api.GatewayConfig
	_ = c.FromAzureIngressPrivateLinkGatewaySpec(api.AzureIngressPrivateLinkGatewaySpec{Kind: api.AzureIngressPrivateLinkGatewaySpecKindAzureIngressPrivateLinkGatewaySpec, Region: region})
	return c
}

// AzurePeeringGateway is a gateway for VNet peering in region.
func AzurePeeringGateway(region string) api.GatewayConfig {
	var c api.GatewayConfig
	_ = c.FromAzurePeeringGatewaySpec(api.AzurePeeringGatewaySpec{Kind: api.AzurePeeringGatewaySpecKindAzurePeeringGatewaySpec, Region: region})
	return c
}

// GCPEgressPrivateServiceConnectGateway is a gateway for egress Private
// Service Connect to Google Cloud services in region.
func GCPEgressPrivateServiceConnectGateway(region string) api.GatewayConfig {
	var c api.GatewayConfig
	_ = c.FromGcpEgressPrivateServiceConnectGatewaySpec(api.GcpEgressPrivateServiceConnectGatewaySpec{Kind: api.GcpEgressPrivateServiceConnectGatewaySpecKindGcpEgressPrivateServiceConnectGatewaySpec, Region: region})
	return c
}

// GCPIngressPrivateServiceConnectGateway is a gateway for ingress Private
// Service Connect in region.
func GCPIngressPrivateServiceConnectGateway(region string) api.GatewayConfig {
	var c api.GatewayConfig
	_ = c.FromGcpIngressPrivateServiceConnectGatewaySpec(api.GcpIngressPrivateServiceConnectGatewaySpec{Kind: api.GcpIngressPrivateServiceConnectGatewaySpecKindGcpIngressPrivateServiceConnectGatewaySpec, Region: region})
	return c
}

// GCPPeeringGateway is a gateway for VPC network peering in region.
func GCPPeeringGateway(region string) api.GatewayConfig {
	var c api.GatewayConfig
	_ = c.FromGcpPeeringGatewaySpec(api.GcpPeeringGatewaySpec{Kind: api.GcpPeeringGatewaySpecKindGcpPeeringGatewaySpec, Region: region})
	return c
}

// Access point configs: the endpoint a gateway makes.

// AWSEgressPrivateLinkEndpoint reaches the AWS VPC endpoint service named
// serviceName (com.amazonaws.vpce.<region>.vpce-svc-...) from an egress
// private link gateway.
func AWSEgressPrivateLinkEndpoint(serviceName string) api.AccessPointConfig {
	var c api.AccessPointConfig
	_ = c.FromAwsEgressPrivateLinkEndpoint(api.AwsEgressPrivateLinkEndpoint{Kind: api.AwsEgressPrivateLinkEndpointKindAwsEgressPrivateLinkEndpoint, VpcEndpointServiceName: serviceName})
	return c
}

// AWSIngressPrivateLinkEndpoint lets the AWS VPC endpoint vpcEndpointID in
// through an ingress private link gateway.
func AWSIngressPrivateLinkEndpoint(vpcEndpointID string) api.AccessPointConfig {
	var c api.AccessPointConfig
	_ = c.FromAwsIngressPrivateLinkEndpoint(api.AwsIngressPrivateLinkEndpoint{Kind: api.AwsIngressPrivateLinkEndpointKindAwsIngressPrivateLinkEndpoint, VpcEndpointID: vpcEndpointID})
	return c
}

// AWSPrivateNetworkInterface attaches the network interfaces (ids) of an
// AWS account (12 digits) to a private network interface gateway.
func AWSPrivateNetworkInterface(account string, networkInterfaces ...string) api.AccessPointConfig {
	var c api.AccessPointConfig
	nis := nonNil(networkInterfaces)
	_ = c.FromAwsPrivateNetworkInterface(api.AwsPrivateNetworkInterface{Kind: api.AwsPrivateNetworkInterfaceKindAwsPrivateNetworkInterface, Account: &account, NetworkInterfaces: &nis})
	return c
}

// AzureEgressPrivateLinkEndpoint reaches the Azure private link service
// with resource id serviceResourceID (and its subresource, when not "")
// from an egress private link gateway.
func AzureEgressPrivateLinkEndpoint(serviceResourceID, subresource string) api.AccessPointConfig {
	var c api.AccessPointConfig
	v := api.AzureEgressPrivateLinkEndpoint{Kind: api.AzureEgressPrivateLinkEndpointKindAzureEgressPrivateLinkEndpoint, PrivateLinkServiceResourceID: serviceResourceID}
	if subresource != "" {
		v.PrivateLinkSubresourceName = &subresource
	}
	_ = c.FromAzureEgressPrivateLinkEndpoint(v)
	return c
}

// AzureIngressPrivateLinkEndpoint lets the Azure private endpoint with
// resource id endpointResourceID in through an ingress gateway.
func AzureIngressPrivateLinkEndpoint(endpointResourceID string) api.AccessPointConfig {
	var c api.AccessPointConfig
	_ = c.FromAzureIngressPrivateLinkEndpoint(api.AzureIngressPrivateLinkEndpoint{Kind: api.AzureIngressPrivateLinkEndpointKindAzureIngressPrivateLinkEndpoint, PrivateEndpointResourceID: endpointResourceID})
	return c
}

// GCPEgressPrivateServiceConnectEndpoint reaches target from an egress
// Private Service Connect gateway: the URI of a published service's service
// attachment, or ALL_GOOGLE_APIS for Google's global APIs.
func GCPEgressPrivateServiceConnectEndpoint(target string) api.AccessPointConfig {
	var c api.AccessPointConfig
	_ = c.FromGcpEgressPrivateServiceConnectEndpoint(api.GcpEgressPrivateServiceConnectEndpoint{Kind: api.GcpEgressPrivateServiceConnectEndpointKindGcpEgressPrivateServiceConnectEndpoint, PrivateServiceConnectEndpointTarget: target})
	return c
}

// GCPIngressPrivateServiceConnectEndpoint lets the Private Service Connect
// connection connectionID in through an ingress gateway.
func GCPIngressPrivateServiceConnectEndpoint(connectionID string) api.AccessPointConfig {
	var c api.AccessPointConfig
	_ = c.FromGcpIngressPrivateServiceConnectEndpoint(api.GcpIngressPrivateServiceConnectEndpoint{Kind: api.GcpIngressPrivateServiceConnectEndpointKindGcpIngressPrivateServiceConnectEndpoint, PrivateServiceConnectConnectionID: connectionID})
	return c
}

// DNS record and forwarder configs.

// PrivateLinkAccessPointRecord resolves a DNS record's domain to the
// access point accessPointID (ap-...).
func PrivateLinkAccessPointRecord(accessPointID string) api.DNSRecordConfig {
	var c api.DNSRecordConfig
	_ = c.FromPrivateLinkAccessPoint(api.PrivateLinkAccessPoint{Kind: api.PrivateLinkAccessPointKindPrivateLinkAccessPoint, ResourceID: accessPointID})
	return c
}

// ForwardViaIP forwards a DNS forwarder's domains to the DNS servers at
// ips (IPv4 addresses, at least one).
func ForwardViaIP(ips ...string) api.DNSForwarderConfig {
	var c api.DNSForwarderConfig
	_ = c.FromForwardViaIP(api.ForwardViaIP{Kind: api.ForwardViaIPKindForwardViaIP, DNSServerIps: nonNil(ips)})
	return c
}

// ForwardViaGCPDNSZones forwards each domain of a DNS forwarder to a Cloud
// DNS zone of a Google Cloud project: zones maps a domain to its zone and
// project.
func ForwardViaGCPDNSZones(zones map[string]api.NetworkingV1ForwardViaGcpDNSZonesDomainMappings) api.DNSForwarderConfig {
	var c api.DNSForwarderConfig
	if zones == nil {
		zones = map[string]api.NetworkingV1ForwardViaGcpDNSZonesDomainMappings{}
	}
	_ = c.FromForwardViaGcpDNSZones(api.ForwardViaGcpDNSZones{Kind: api.ForwardViaGcpDNSZonesKindForwardViaGcpDNSZones, DomainMappings: zones})
	return c
}

// Private link attachment connection clouds: the user's endpoint.

// AWSAttachmentConnection registers the AWS VPC endpoint vpcEndpointID
// with a private link attachment.
func AWSAttachmentConnection(vpcEndpointID string) api.PrivateLinkAttachmentConnectionCloud {
	var c api.PrivateLinkAttachmentConnectionCloud
	_ = c.FromAwsPrivateLinkAttachmentConnection(api.AwsPrivateLinkAttachmentConnection{Kind: api.AwsPrivateLinkAttachmentConnectionKindAwsPrivateLinkAttachmentConnection, VpcEndpointID: vpcEndpointID})
	return c
}

// AzureAttachmentConnection registers the Azure private endpoint with
// resource id endpointResourceID with a private link attachment.
func AzureAttachmentConnection(endpointResourceID string) api.PrivateLinkAttachmentConnectionCloud {
	var c api.PrivateLinkAttachmentConnectionCloud
	_ = c.FromAzurePrivateLinkAttachmentConnection(api.AzurePrivateLinkAttachmentConnection{Kind: api.AzurePrivateLinkAttachmentConnectionKindAzurePrivateLinkAttachmentConnection, PrivateEndpointResourceID: endpointResourceID})
	return c
}

// GCPAttachmentConnection registers the Private Service Connect connection
// connectionID with a private link attachment.
func GCPAttachmentConnection(connectionID string) api.PrivateLinkAttachmentConnectionCloud {
	var c api.PrivateLinkAttachmentConnectionCloud
	_ = c.FromGcpPrivateLinkAttachmentConnection(api.GcpPrivateLinkAttachmentConnection{Kind: api.GcpPrivateLinkAttachmentConnectionKindGcpPrivateLinkAttachmentConnection, PrivateServiceConnectConnectionID: connectionID})
	return c
}
