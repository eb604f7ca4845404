package wrapper

import (
	"fmt"
	"strings"

	"github.com/ccloud-go/networking/api"
)

// The cloud unions of peerings and transit gateway attachments: each kind
// has a constructor, and the create's input check checks what the spec
// lets us check on a union however it was built. (A network's cloud is a plain string, AWS, GCP or AZURE; its
// status.cloud union is only read, with api.NetworkStatusCloud's
// ValueByDiscriminator.)
//
// Every union reads its kind in both spellings, the document's
// ("AwsPeering") and the one recorded real answers use
// ("networking.v1.AwsPeering"; shared/upstream BEHAVIOUR.md): the fragment
// maps both to the variant (gen/normalize.yaml, union-kind-aliases). The
// constructors send the document's spelling: they set Kind, and the
// generated From* methods write it whatever Kind holds (oapi-codegen stamps
// a variant with one mapping key only; gen/stampkinds stamps the rest).

// AWSPeering peers with a VPC of an AWS account (12 digits) in
// customerRegion; routes are the VPC's CIDR blocks. Create checks them.
func AWSPeering(account, vpc, customerRegion string, routes ...string) api.PeeringCloud {
	var c api.PeeringCloud
	_ = c.FromAwsPeering(api.AwsPeering{Kind: api.AwsPeeringKindAwsPeering, Account: account, Vpc: vpc, CustomerRegion: customerRegion, Routes: nonNil(routes)})
	return c
}

// AzurePeering peers with a VNet (its resource id) of an Azure tenant in
// customerRegion.
func AzurePeering(tenant, vnet, customerRegion string) api.PeeringCloud {
	var c api.PeeringCloud
	_ = c.FromAzurePeering(api.AzurePeering{Kind: api.AzurePeeringKindAzurePeering, Tenant: tenant, Vnet: vnet, CustomerRegion: customerRegion})
	return c
}

// GCPPeering peers with a VPC network of a Google Cloud project, importing
// its custom routes when asked.
func GCPPeering(project, vpcNetwork string, importCustomRoutes bool) api.PeeringCloud {
	var c api.PeeringCloud
	_ = c.FromGcpPeering(api.GcpPeering{Kind: api.GcpPeeringKindGcpPeering, Project: project, VpcNetwork: vpcNetwork, ImportCustomRoutes: &importCustomRoutes})
	return c
}

// AWSTransitGateway attaches to an AWS transit gateway shared through the
// Resource Access Manager share ramShareARN; routes are the CIDR blocks to
// send through it.
func AWSTransitGateway(ramShareARN, transitGatewayID string, routes ...string) api.TransitGatewayAttachmentCloud {
	var c api.TransitGatewayAttachmentCloud
	_ = c.FromAwsTransitGatewayAttachment(api.AwsTransitGatewayAttachment{Kind: api.AwsTransitGatewayAttachmentKindAwsTransitGatewayAttachment, RAMShareArn: ramShareARN, TransitGatewayID: transitGatewayID, Routes: nonNil(routes)})
	return c
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// unionKinds names a union's kinds for an error.
func unionKinds(kinds ...string) string { return strings.Join(kinds, ", ") }

func checkPeeringCloud(field string, c api.PeeringCloud) error {
	v, err := c.ValueByDiscriminator()
	if err != nil {
		return &InputError{Field: field + ".kind", Problem: fmt.Sprintf("must be one of %s; build it with AWSPeering, AzurePeering or GCPPeering (%v)",
			unionKinds(PeeringAWS, PeeringAzure, PeeringGCP), err)}
	}
	switch v := v.(type) {
	case api.AwsPeering:
		return firstError(checkAWSAccount(field+".account", v.Account), checkNonEmpty(field+".vpc", v.Vpc, "the VPC id"),
			checkNonEmpty(field+".customer_region", v.CustomerRegion, "the VPC's region"), checkRoutes(field+".routes", v.Routes))
	case api.AzurePeering:
		return firstError(checkNonEmpty(field+".tenant", v.Tenant, "the Azure tenant id"), checkNonEmpty(field+".vnet", v.Vnet, "the VNet's resource id"),
			checkNonEmpty(field+".customer_region", v.CustomerRegion, "the VNet's region"))
	case api.GcpPeering:
		return firstError(checkNonEmpty(field+".project", v.Project, "the Google Cloud project id"), checkNonEmpty(field+".vpc_network", v.VpcNetwork, "the VPC network's name"))
	}
	return &InputError{Field: field + ".kind", Problem: fmt.Sprintf("%T is not a peering cloud", v)}
}

func checkAttachmentCloud(field string, c api.TransitGatewayAttachmentCloud) error {
	v, err := c.ValueByDiscriminator()
	if err != nil {
		return &InputError{Field: field + ".kind", Problem: fmt.Sprintf("must be %s; build it with AWSTransitGateway (%v)", TransitGatewayAttachmentAWS, err)}
	}
	if v, ok := v.(api.AwsTransitGatewayAttachment); ok {
		return firstError(checkNonEmpty(field+".ram_share_arn", v.RAMShareArn, "the ARN of the RAM share"),
			checkNonEmpty(field+".transit_gateway_id", v.TransitGatewayID, "the transit gateway's id"), checkRoutes(field+".routes", v.Routes))
	}
	return &InputError{Field: field + ".kind", Problem: fmt.Sprintf("%T is not a transit gateway attachment cloud", v)}
}

// checkRoutes checks every route against the spec's pattern for a CIDR
// block, ^\d+\.\d+\.\d+\.\d+/\d+$.
func checkRoutes(field string, routes []string) error {
	for i, r := range routes {
		if !isCIDR(r) {
			return &InputError{Field: fmt.Sprintf("%s[%d]", field, i), Problem: fmt.Sprintf("%q is not an IPv4 CIDR block such as 10.0.0.0/16", r)}
		}
	}
	return nil
}

// isCIDR matches ^\d+\.\d+\.\d+\.\d+/\d+$.
func isCIDR(s string) bool {
	addr, bits, ok := strings.Cut(s, "/")
	parts := strings.Split(addr, ".")
	if !ok || len(parts) != 4 || !digits(bits) {
		return false
	}
	for _, p := range parts {
		if !digits(p) {
			return false
		}
	}
	return true
}

func digits(s string) bool {
	if s == "" {
		return false
	}
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func firstError(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// The checks of the create bodies that hold a cloud union.

func checkPeeringSpec(b api.PeeringCreateRequest) error {
	return checkPeeringCloud("spec.cloud", b.Spec.Cloud)
}

func checkPrivateLinkAccessSpec(b api.PrivateLinkAccessCreateRequest) error {
	return checkCloud("spec.cloud", b.Spec.Cloud)
}

func checkAttachmentSpec(b api.TransitGatewayAttachmentCreateRequest) error {
	return checkAttachmentCloud("spec.cloud", b.Spec.Cloud)
}
