package wrapper

import (
	"context"
	"net/http"
	"testing"

	"github.com/ccloud-go/networking/api"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The generated create checks bound lists inside a union's variant as the
// spec does (ForwardViaIp.dns_server_ips: minItems 1, maxItems 3), as they
// do the spec's own lists (connection_types: minItems 1): four DNS servers
// were sent, and came back as a 400. Each is refused before sending,
// naming the field and what to give.
func TestCreateChecksListBoundsInVariants(t *testing.T) {
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) { writeFailure(w, 500, "must not be reached") })
	c := newTestClient(t, s)
	check := func(err error, field, problem string) {
		t.Helper()
		var ie *InputError
		require.ErrorAs(t, err, &ie, field)
		assert.Equal(t, field, ie.Field)
		assert.Equal(t, problem, ie.Problem)
	}
	_, err := c.DNSForwarders().Create(context.Background(), api.DNSForwarderCreateRequest{Spec: api.DNSForwarderSpec{
		Environment: Ref("env-1"), Gateway: Ref("gw-1"), Domains: []string{"corp.example.com"},
		Config: ForwardViaIP("10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5"),
	}})
	check(err, "spec.config.dns_server_ips", "has 4 items; give 1 to 3")
	_, err = c.Networks().Create(context.Background(), api.NetworkCreateRequest{Spec: api.NetworkSpec{
		Cloud: "AWS", Region: "us-east-2", Environment: Ref("env-1"), ConnectionTypes: []string{},
	}})
	check(err, "spec.connection_types", "is empty; give at least 1")
	assert.Zero(t, s.hits.Load(), "nothing is sent")
}
