package main

import (
	"context"
	"fmt"

	"github.com/ccloud-go/networking/api"
	"github.com/ccloud-go/networking/wrapper"
)

// egress runs the egress private link flow: a gateway, an access point in
// it reaching a VPC endpoint service, and a DNS record resolving a domain
// to the access point, each waited on; the teardown removes them in
// reverse. A gateway rests in CREATED until an access point is in it, so
// it is waited on again once the access point is READY.
func (l *lifecycle) egress(ctx context.Context) error {
	if l.st.egressService == "" {
		l.step("no egress private link: set CONFLUENT_EGRESS_SERVICE_NAME to an AWS VPC endpoint service name (com.amazonaws.vpce.<region>.vpce-svc-...) to make a gateway, an access point and a DNS record")
		return nil
	}
	env := api.ObjectReference{ID: l.st.env}
	name := "quickstart-gw-" + l.suffix
	gw, err := createReady(ctx, l, "gateway", name, l.c.Gateways(), api.GatewayCreateRequest{Spec: api.GatewaySpec{
		DisplayName: &name, Environment: env, Config: wrapper.AWSEgressPrivateLinkGateway(l.st.region),
	}})
	if err != nil {
		return err
	}
	name = "quickstart-ap-" + l.suffix
	ap, err := createReady(ctx, l, "access point", name, l.c.AccessPoints(), api.AccessPointCreateRequest{Spec: api.AccessPointSpec{
		DisplayName: &name, Environment: env, Gateway: api.ObjectReference{ID: gw},
		Config: wrapper.AWSEgressPrivateLinkEndpoint(l.st.egressService),
	}})
	if err != nil {
		return err
	}
	l.step("wait for gateway %s, now with an access point", gw)
	got, err := l.c.Gateways().WaitReady(ctx, l.st.env, gw, l.waitOpts()...)
	if err != nil {
		return fmt.Errorf("waiting for gateway %s: %w", gw, err)
	}
	if got.Status.Phase != api.PhaseReady {
		return fmt.Errorf("gateway %s is %s with an access point in it, want %s", gw, got.Status.Phase, api.PhaseReady)
	}
	name = "quickstart-dns-" + l.suffix
	domain := l.st.egressDomain
	if domain == "" {
		domain = "quickstart-" + l.suffix + ".internal.example.com"
	}
	_, err = createReady(ctx, l, "DNS record", name, l.c.DNSRecords(), api.DNSRecordCreateRequest{Spec: api.DNSRecordSpec{
		DisplayName: &name, Environment: env, Gateway: api.TypedEnvScopedObjectReference{ID: gw}, Domain: domain,
		Config: wrapper.PrivateLinkAccessPointRecord(ap),
	}})
	return err
}
