package wrapper

import (
	"context"
	"iter"

	"github.com/ccloud-go/networking/api"
)

// IPAddresses lists the IP address ranges Confluent Cloud uses
// (/networking/v1/ip-addresses), for firewall rules: by cloud, region,
// service and address type, through listNetworkingV1IpAddresses only. It
// is read in no environment, and its items have no id.
type IPAddresses struct {
	r *resource[api.IPAddress, struct{}, struct{}, IPAddressListOptions]
}

func newIPAddresses(c *Client) *IPAddresses {
	return &IPAddresses{r: newResource(c, opsIPAddresses())}
}

// List reads one page and returns the token of the next one, "" on the
// last page. opts may be nil.
func (h *IPAddresses) List(ctx context.Context, opts *IPAddressListOptions) ([]api.IPAddress, string, error) {
	return h.r.doList(ctx, place{}, opts)
}

// All iterates over every range that matches opts (which may be nil), a
// page at a time. An error ends the sequence.
func (h *IPAddresses) All(ctx context.Context, opts *IPAddressListOptions) iter.Seq2[api.IPAddress, error] {
	return h.r.doAll(ctx, place{}, opts)
}
