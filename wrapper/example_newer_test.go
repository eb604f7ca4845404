package wrapper_test

import (
	"context"
	"fmt"
	"time"

	"github.com/ccloud-go/networking/api"
	"github.com/ccloud-go/networking/fake"
	"github.com/ccloud-go/networking/wrapper"
)

// exampleClient starts a fake (in place of https://api.confluent.cloud) and
// a client of it; stop closes the fake.
func exampleClient() (c *wrapper.Client, stop func()) {
	f, err := fake.Start(fake.WithSeed(1), fake.WithReadyAfter(1))
	if err != nil {
		panic(err)
	}
	c, err = wrapper.New(wrapper.WithBaseURL(f.URL), wrapper.WithAPIKey(f.Key, f.Secret),
		wrapper.WithWaitDefaults(wrapper.PollInterval(10*time.Millisecond, 100*time.Millisecond)))
	if err != nil {
		panic(err)
	}
	return c, func() { _ = f.Close() }
}

// exampleGateway makes an egress private link gateway in AWS us-east-2.
func exampleGateway(ctx context.Context, c *wrapper.Client) *api.Gateway {
	gw, err := c.Gateways().Create(ctx, api.GatewayCreateRequest{Spec: api.GatewaySpec{
		DisplayName: wrapper.Ptr("egress"),
		Environment: wrapper.Ref("env-00000"),
		Config:      wrapper.AWSEgressPrivateLinkGateway("us-east-2"),
	}})
	if err != nil {
		panic(err)
	}
	return gw
}

// Make a gateway for egress private link and wait for it: it rests in
// CREATED until an access point is made in it.
func ExampleClient_Gateways() {
	c, stop := exampleClient()
	defer stop()
	ctx := context.Background()
	gw := exampleGateway(ctx, c)
	gw, err := c.Gateways().WaitReady(ctx, "env-00000", gw.ID)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(*gw.Spec.DisplayName, gw.Status.Phase)
	// Output:
	// egress CREATED
}

// Reach an AWS VPC endpoint service from a gateway: an access point.
func ExampleClient_AccessPoints() {
	c, stop := exampleClient()
	defer stop()
	ctx := context.Background()
	gw := exampleGateway(ctx, c)
	ap, err := c.AccessPoints().Create(ctx, api.AccessPointCreateRequest{Spec: api.AccessPointSpec{
		Environment: wrapper.Ref("env-00000"),
		Gateway:     wrapper.Ref(gw.ID),
		Config:      wrapper.AWSEgressPrivateLinkEndpoint("com.amazonaws.vpce.us-east-2.vpce-svc-0123456789abcdef0"),
	}})
	if err != nil {
		fmt.Println(err)
		return
	}
	ap, err = c.AccessPoints().WaitReady(ctx, "env-00000", ap.ID)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(ap.Status.Phase)
	// Output:
	// READY
}

// Resolve a domain to an access point: a DNS record of its gateway.
func ExampleClient_DNSRecords() {
	c, stop := exampleClient()
	defer stop()
	ctx := context.Background()
	gw := exampleGateway(ctx, c)
	rec, err := c.DNSRecords().Create(ctx, api.DNSRecordCreateRequest{Spec: api.DNSRecordSpec{
		Environment: wrapper.Ref("env-00000"),
		Gateway:     api.TypedEnvScopedObjectReference{ID: gw.ID},
		Domain:      "db.internal.example.com",
		Config:      wrapper.PrivateLinkAccessPointRecord("ap-00000"),
	}})
	if err != nil {
		fmt.Println(err)
		return
	}
	items, _, err := c.DNSRecords().List(ctx, "env-00000", &wrapper.DNSRecordListOptions{Domains: []string{"db.internal.example.com"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(items), items[0].ID == rec.ID, items[0].Spec.Domain)
	// Output:
	// 1 true db.internal.example.com
}

// Resolve a private domain through your own DNS servers.
func ExampleClient_DNSForwarders() {
	c, stop := exampleClient()
	defer stop()
	ctx := context.Background()
	gw := exampleGateway(ctx, c)
	fwd, err := c.DNSForwarders().Create(ctx, api.DNSForwarderCreateRequest{Spec: api.DNSForwarderSpec{
		Environment: wrapper.Ref("env-00000"),
		Gateway:     wrapper.Ref(gw.ID),
		Domains:     []string{"corp.example.com"},
		Config:      wrapper.ForwardViaIP("10.0.0.2", "10.0.0.3"),
	}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(fwd.Spec.Domains)
	// A bad address is refused before anything is sent, naming the field.
	_, err = c.DNSForwarders().Create(ctx, api.DNSForwarderCreateRequest{Spec: api.DNSForwarderSpec{
		Environment: wrapper.Ref("env-00000"),
		Gateway:     wrapper.Ref(gw.ID),
		Config:      wrapper.ForwardViaIP("ns1.example.com"),
	}})
	fmt.Println(err)
	// Output:
	// [corp.example.com]
	// confluent: invalid spec.config.dns_server_ips[0]: "ns1.example.com" is not an IPv4 address such as 10.0.0.2
}

// Make a private link attachment for Enterprise clusters and wait until it
// waits for connections.
func ExampleClient_PrivateLinkAttachments() {
	c, stop := exampleClient()
	defer stop()
	ctx := context.Background()
	att, err := c.PrivateLinkAttachments().Create(ctx, api.PrivateLinkAttachmentCreateRequest{Spec: api.PrivateLinkAttachmentSpec{
		Environment: wrapper.Ref("env-00000"),
		Cloud:       "AWS",
		Region:      "us-east-2",
	}})
	if err != nil {
		fmt.Println(err)
		return
	}
	att, err = c.PrivateLinkAttachments().WaitReady(ctx, "env-00000", att.ID)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(att.Status.Phase)
	// Output:
	// WAITING_FOR_CONNECTIONS
}

// Register your VPC endpoint with a private link attachment.
func ExampleClient_PrivateLinkAttachmentConnections() {
	c, stop := exampleClient()
	defer stop()
	ctx := context.Background()
	conn, err := c.PrivateLinkAttachmentConnections().Create(ctx, api.PrivateLinkAttachmentConnectionCreateRequest{Spec: api.PrivateLinkAttachmentConnectionSpec{
		Environment:           wrapper.Ref("env-00000"),
		PrivateLinkAttachment: wrapper.Ref("platt-00000"),
		Cloud:                 wrapper.AWSAttachmentConnection("vpce-0123456789abcdef0"),
	}})
	if err != nil {
		fmt.Println(err)
		return
	}
	conn, err = c.PrivateLinkAttachmentConnections().WaitReady(ctx, "env-00000", conn.ID)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(conn.Status.Phase)
	// Output:
	// READY
}

// List the egress IP address ranges of AWS, for a firewall.
func ExampleClient_IPAddresses() {
	c, stop := exampleClient()
	defer stop()
	n := 0
	for ip, err := range c.IPAddresses().All(context.Background(), &wrapper.IPAddressListOptions{Clouds: []string{"AWS"}, AddressTypes: []string{"EGRESS"}}) {
		if err != nil {
			fmt.Println(err)
			return
		}
		if *ip.Cloud == "AWS" && *ip.AddressType == "EGRESS" {
			n++
		}
	}
	fmt.Println(n > 0)
	// Output:
	// true
}
