package wrapper

import "github.com/ccloud-go/networking/api"

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

func firstError(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
