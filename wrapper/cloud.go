package wrapper

import (
	"fmt"

	"github.com/ccloud-go/networking/api"
)

// The kinds of the cloud unions, as their discriminators spell them:
// api.PrivateLinkAccessCloud (Cloud*), api.PeeringCloud (Peering*) and
// api.TransitGatewayAttachmentCloud.
const (
	CloudAWS                 = string(api.AwsPrivateLinkAccessKindAwsPrivateLinkAccess)
	CloudAzure               = string(api.AzurePrivateLinkAccessKindAzurePrivateLinkAccess)
	CloudGCP                 = string(api.GcpPrivateServiceConnectAccessKindGcpPrivateServiceConnectAccess)
	PeeringAWS               = string(api.AwsPeeringKindAwsPeering)
	PeeringAzure             = string(api.AzurePeeringKindAzurePeering)
	PeeringGCP               = string(api.GcpPeeringKindGcpPeering)
	TransitGatewayAttachment = string(api.AwsTransitGatewayAttachmentKindAwsTransitGatewayAttachment)
)

// AWSCloud gives access to an AWS account (12 digits).
func AWSCloud(account string) (api.PrivateLinkAccessCloud, error) {
	var c api.PrivateLinkAccessCloud
	if err := checkAWSAccount("cloud.account", account); err != nil {
		return c, err
	}
	err := c.FromAwsPrivateLinkAccess(api.AwsPrivateLinkAccess{Account: account})
	return c, err
}

// AzureCloud gives access to an Azure subscription.
func AzureCloud(subscription string) (api.PrivateLinkAccessCloud, error) {
	var c api.PrivateLinkAccessCloud
	if err := checkNonEmpty("cloud.subscription", subscription, "the Azure subscription id"); err != nil {
		return c, err
	}
	err := c.FromAzurePrivateLinkAccess(api.AzurePrivateLinkAccess{Subscription: subscription})
	return c, err
}

// GCPCloud gives access to a Google Cloud project.
func GCPCloud(project string) (api.PrivateLinkAccessCloud, error) {
	var c api.PrivateLinkAccessCloud
	if err := checkNonEmpty("cloud.project", project, "the Google Cloud project id"); err != nil {
		return c, err
	}
	err := c.FromGcpPrivateServiceConnectAccess(api.GcpPrivateServiceConnectAccess{Project: project})
	return c, err
}

// cloudConstructors builds each kind of the union; a test derived from the
// spec checks that every variant the spec lists has one.
var cloudConstructors = map[string]func(string) (api.PrivateLinkAccessCloud, error){
	CloudAWS:   AWSCloud,
	CloudAzure: AzureCloud,
	CloudGCP:   GCPCloud,
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
		return CloudAWS, v.Account, nil
	case api.AzurePrivateLinkAccess:
		return CloudAzure, v.Subscription, nil
	case api.GcpPrivateServiceConnectAccess:
		return CloudGCP, v.Project, nil
	}
	return "", "", fmt.Errorf("confluent: cloud: unknown kind %T", v)
}

// checkCloud validates a union before it is sent.
func checkCloud(field string, c api.PrivateLinkAccessCloud) error {
	raw, _ := c.MarshalJSON()
	if len(raw) == 0 || string(raw) == "null" {
		return &InputError{Field: field, Problem: "is not set; build it with AWSCloud, AzureCloud or GCPCloud"}
	}
	kind, account, err := CloudAccount(c)
	if err != nil {
		return &InputError{Field: field + ".kind", Problem: fmt.Sprintf("must be %s, %s or %s (%v)", CloudAWS, CloudAzure, CloudGCP, err)}
	}
	switch kind {
	case CloudAWS:
		return checkAWSAccount(field+".account", account)
	case CloudAzure:
		return checkNonEmpty(field+".subscription", account, "the Azure subscription id")
	default:
		return checkNonEmpty(field+".project", account, "the Google Cloud project id")
	}
}
