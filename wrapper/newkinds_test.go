package wrapper

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ccloud-go/networking/api"
)

// The egress private link flow against the fake: a gateway rests in
// CREATED (WaitReady returns there) until an access point is made in it;
// then it is READY. A DNS record resolves a domain to the access point.
// Each delete's wait watches its own object: the access point's wait ends
// when the access point is gone, while its gateway is still there.
func TestEgressPrivateLinkFlow(t *testing.T) {
	c, _ := fakeClient(t)
	ctx := context.Background()
	gw, err := c.Gateways().Create(ctx, api.GatewayCreateRequest{Spec: api.GatewaySpec{Environment: envRef(), Config: AWSEgressPrivateLinkGateway("us-east-2")}})
	require.NoError(t, err)
	rest, err := c.Gateways().WaitReady(ctx, "env-1", gw.ID, quick...)
	require.NoError(t, err)
	assert.Equal(t, api.PhaseCreated, rest.Status.Phase, "a gateway without an access point rests in CREATED")

	ap, err := c.AccessPoints().Create(ctx, api.AccessPointCreateRequest{Spec: api.AccessPointSpec{Environment: envRef(), Gateway: api.ObjectReference{ID: gw.ID},
		Config: AWSEgressPrivateLinkEndpoint("com.amazonaws.vpce.us-east-2.vpce-svc-1")}})
	require.NoError(t, err)
	ap, err = c.AccessPoints().WaitReady(ctx, "env-1", ap.ID, quick...)
	require.NoError(t, err)
	assert.Equal(t, api.PhaseReady, ap.Status.Phase)
	ready, err := c.Gateways().WaitReady(ctx, "env-1", gw.ID, quick...)
	require.NoError(t, err)
	assert.Equal(t, api.PhaseReady, ready.Status.Phase, "with an access point in it, the gateway is READY")

	rec, err := c.DNSRecords().Create(ctx, api.DNSRecordCreateRequest{Spec: api.DNSRecordSpec{Environment: envRef(), Domain: "db.example.com",
		Gateway: api.TypedEnvScopedObjectReference{ID: gw.ID}, Config: PrivateLinkAccessPointRecord(ap.ID)}})
	require.NoError(t, err)
	_, err = c.DNSRecords().WaitReady(ctx, "env-1", rec.ID, quick...)
	require.NoError(t, err)
	items, _, err := c.DNSRecords().List(ctx, "env-1", &DNSRecordListOptions{Resources: []string{ap.ID}, Gateways: []string{gw.ID}})
	require.NoError(t, err)
	require.Len(t, items, 1)
	assert.Equal(t, rec.ID, items[0].ID)

	require.NoError(t, c.DNSRecords().Delete(ctx, "env-1", rec.ID))
	require.NoError(t, c.DNSRecords().WaitDeleted(ctx, "env-1", rec.ID, quick...))
	require.NoError(t, c.AccessPoints().Delete(ctx, "env-1", ap.ID))
	require.NoError(t, c.AccessPoints().WaitDeleted(ctx, "env-1", ap.ID, quick...))
	_, err = c.AccessPoints().Get(ctx, "env-1", ap.ID)
	assert.ErrorIs(t, err, ErrNotFound)
	still, err := c.Gateways().Get(ctx, "env-1", gw.ID)
	require.NoError(t, err, "the access point's wait ended on its own 404, not its gateway's")
	assert.Equal(t, gw.ID, still.ID)
	require.NoError(t, c.Gateways().Delete(ctx, "env-1", gw.ID))
	require.NoError(t, c.Gateways().WaitDeleted(ctx, "env-1", gw.ID, quick...))
}

// A private link attachment rests in WAITING_FOR_CONNECTIONS until a
// connection reaches it.
func TestAttachmentWaitsForConnections(t *testing.T) {
	c, _ := fakeClient(t)
	ctx := context.Background()
	att, err := c.PrivateLinkAttachments().Create(ctx, api.PrivateLinkAttachmentCreateRequest{Spec: api.PrivateLinkAttachmentSpec{Environment: envRef(), Cloud: "AWS", Region: "us-east-2"}})
	require.NoError(t, err)
	att, err = c.PrivateLinkAttachments().WaitReady(ctx, "env-1", att.ID, quick...)
	require.NoError(t, err)
	assert.Equal(t, api.PhaseWaitingForConnections, att.Status.Phase)
	conn, err := c.PrivateLinkAttachmentConnections().Create(ctx, api.PrivateLinkAttachmentConnectionCreateRequest{Spec: api.PrivateLinkAttachmentConnectionSpec{
		Environment: envRef(), PrivateLinkAttachment: api.ObjectReference{ID: att.ID}, Cloud: AWSAttachmentConnection("vpce-1")}})
	require.NoError(t, err)
	_, err = c.PrivateLinkAttachmentConnections().WaitReady(ctx, "env-1", conn.ID, quick...)
	require.NoError(t, err)
	items, _, err := c.PrivateLinkAttachmentConnections().List(ctx, "env-1", &PrivateLinkAttachmentConnectionListOptions{PrivateLinkAttachment: att.ID})
	require.NoError(t, err)
	require.Len(t, items, 1)
	att, err = c.PrivateLinkAttachments().WaitReady(ctx, "env-1", att.ID, quick...)
	require.NoError(t, err)
	assert.Equal(t, api.PhaseReady, att.Status.Phase)
}

// IP addresses are listed in no environment, filtered by every parameter
// the document gives, and paged by All.
func TestIPAddresses(t *testing.T) {
	c, f := fakeClient(t)
	ctx := context.Background()
	seeded := len(f.IPAddresses())
	require.Positive(t, seeded)
	n := 0
	for ip, err := range c.IPAddresses().All(ctx, &IPAddressListOptions{PageSize: 7}) {
		require.NoError(t, err)
		assert.NotEmpty(t, ip.IPPrefix)
		n++
	}
	assert.Equal(t, seeded, n, "All reads every page")
	aws, _, err := c.IPAddresses().List(ctx, &IPAddressListOptions{Clouds: []string{"AWS"}, PageSize: 100})
	require.NoError(t, err)
	require.NotEmpty(t, aws)
	assert.Less(t, len(aws), seeded)
	for _, ip := range aws {
		assert.Equal(t, "AWS", deref(ip.Cloud))
	}
	var ie *InputError
	_, _, err = c.IPAddresses().List(ctx, &IPAddressListOptions{PageSize: 5000})
	require.ErrorAs(t, err, &ie)
	assert.Equal(t, "page_size", ie.Field)
}
