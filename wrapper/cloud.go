package wrapper

import (
	"fmt"

	"github.com/ccloud-go/networking/api"
)

// The kinds of the cloud unions, as their discriminators spell them: of
// api.PrivateLinkAccessCloud, api.PeeringCloud and
// api.TransitGatewayAttachmentCloud.
const (
	PrivateLinkAccessAWS        = string(api.AwsPrivateLinkAccessKindAwsPrivateLinkAccess)
	PrivateLinkAccessAzure      = string(api.AzurePrivateLinkAccessKindAzurePrivateLinkAccess)
	PrivateLinkAccessGCP        = string(api.GcpPrivateServiceConnectAccessKindGcpPrivateServiceConnectAccess)
	PeeringAWS                  = string(api.AwsPeeringKindAwsPeering)
	PeeringAzure                = string(api.AzurePeeringKindAzurePeering)
	PeeringGCP                  = string(api.GcpPeeringKindGcpPeering)
	TransitGatewayAttachmentAWS = string(api.AwsTransitGatewayAttachmentKindAwsTransitGatewayAttachment)
)

// The constructors of the cloud unions return the union alone, so that a
// create body is one statement; what they are given is checked when the
// body is sent: Create refuses a bad value before any request, with an
// *InputError naming the field (spec.cloud.account, say). A union's From
// methods only fail to encode what JSON cannot hold, which plain strings
// never are.

// AWSCloud gives a private link access to an AWS account (12 digits).
func AWSCloud(account string) api.PrivateLinkAccessCloud {
	var c api.PrivateLinkAccessCloud
	_ = c.FromAwsPrivateLinkAccess(api.AwsPrivateLinkAccess{Kind: api.AwsPrivateLinkAccessKindAwsPrivateLinkAccess, Account: account})
	return c
}

// AzureCloud gives a private link access to an Azure subscription.
func AzureCloud(subscription string) api.PrivateLinkAccessCloud {
	var c api.PrivateLinkAccessCloud
	_ = c.FromAzurePrivateLinkAccess(api.AzurePrivateLinkAccess{Kind: api.AzurePrivateLinkAccessKindAzurePrivateLinkAccess, Subscription: subscription})
	return c
}

// GCPCloud gives a private link access to a Google Cloud project.
func GCPCloud(project string) api.PrivateLinkAccessCloud {
	var c api.PrivateLinkAccessCloud
	_ = c.FromGcpPrivateServiceConnectAccess(api.GcpPrivateServiceConnectAccess{Kind: api.GcpPrivateServiceConnectAccessKindGcpPrivateServiceConnectAccess, Project: project})
	return c
}

// cloudConstructors builds each kind of the union; a test derived from the
// spec checks that every variant the spec lists has one.
var cloudConstructors = map[string]func(string) api.PrivateLinkAccessCloud{
	PrivateLinkAccessAWS:   AWSCloud,
	PrivateLinkAccessAzure: AzureCloud,
	PrivateLinkAccessGCP:   GCPCloud,
}

// CloudAccount tells which cloud a union holds and the account,
// subscription or project it names.
func CloudAccount(c api.PrivateLinkAccessCloud) (kind, account string, err error) {
	v, err := c.ValueByDiscriminator()
	if err != nil {
		return "", "", fmt.Errorf("confluent: cloud: %w", err)
	}
	switch v := v.(type) {
	case api.AwsPrivateLinkAccess:
		return PrivateLinkAccessAWS, v.Account, nil
	case api.AzurePrivateLinkAccess:
		return PrivateLinkAccessAzure, v.Subscription, nil
	case api.GcpPrivateServiceConnectAccess:
		return PrivateLinkAccessGCP, v.Project, nil
	}
	return "", "", fmt.Errorf("confluent: cloud: unknown kind %T", v)
}
