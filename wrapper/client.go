package wrapper

import (
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"strings"
	"sync/atomic"

	"github.com/ccloud-go/networking/api"
)

// Client is the entry point. It is safe for concurrent use; make one and
// share it, so that all calls share its rate-limit pacing.
type Client struct {
	base   *url.URL
	server string // base as the generated request builders take it
	origin originOf
	raw    *api.Client
	pipe   *pipeline
	retry  RetryPolicy
	budget *retryBudget
	// serverKey names the server's record of creates (see beginCreate).
	serverKey string
	log       *slog.Logger
	// reached is set once any answer has come from the server: until then
	// a failure to connect may be a wrong endpoint rather than an outage.
	reached atomic.Bool
	wait    waitConfig // the defaults of every wait (WithWaitDefaults)
	nls     *NetworkLinkServices
	pla     *PrivateLinkAccesses
	nets    *Networks
	peer    *Peerings
	tgwa    *TransitGatewayAttachments
	nle     *NetworkLinkEndpoints
	nlsa    *NetworkLinkServiceAssociations
	gw      *Gateways
	ap      *AccessPoints
	dnsr    *DNSRecords
	dnsf    *DNSForwarders
	plat    *PrivateLinkAttachments
	platc   *PrivateLinkAttachmentConnections
	ips     *IPAddresses
}

// Environment variables read by NewFromEnv.
const (
	EnvAPIKey    = "CONFLUENT_CLOUD_API_KEY"
	EnvAPISecret = "CONFLUENT_CLOUD_API_SECRET"
	EnvEndpoint  = "CONFLUENT_CLOUD_ENDPOINT"
)

// New makes a Client. One auth option is required (WithAPIKey,
// WithBearerToken, WithTokenSource or WithAuth). A bad option, or none for
// credentials, is an *InputError naming the option; it matches
// ErrInvalidInput.
func New(opts ...Option) (*Client, error) {
	cfg := defaultConfig()
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(&cfg); err != nil {
			return nil, err
		}
	}
	if cfg.auth == nil {
		return nil, optionError("options", "no credentials: give WithAPIKey, WithBearerToken, WithTokenSource or WithAuth, or use NewFromEnv")
	}
	base, err := checkBaseURL(cfg.baseURL, cfg.insecure)
	if err != nil {
		from := cfg.urlFrom
		if from == "" {
			from = "WithBaseURL"
		}
		return nil, optionError(from, err.Error())
	}
	if cfg.doer == nil {
		cfg.doer = defaultHTTPClient()
	}
	c := &Client{base: base, server: base.String() + "/", origin: origin(base), retry: cfg.retry,
		budget: newRetryBudget(cfg.retry.Budget), serverKey: serverKey(base), log: cfg.logger, wait: cfg.wait}
	var pc *pacer
	if !cfg.noPacing {
		pc = newPacer()
	}
	c.pipe = buildPipeline(&cfg, &c.origin, pc, c.budget, &c.reached)
	raw, err := api.NewClient(c.server, api.WithHTTPClient(&transport{pipe: c.pipe}))
	if err != nil {
		return nil, fmt.Errorf("confluent: %w", err)
	}
	c.raw = raw
	c.nls = newNetworkLinkServices(c)
	c.pla = newPrivateLinkAccesses(c)
	c.nets = newNetworks(c)
	c.peer = newPeerings(c)
	c.tgwa = newTransitGatewayAttachments(c)
	c.nle = newNetworkLinkEndpoints(c)
	c.nlsa = newNetworkLinkServiceAssociations(c)
	c.gw = newGateways(c)
	c.ap = newAccessPoints(c)
	c.dnsr = newDNSRecords(c)
	c.dnsf = newDNSForwarders(c)
	c.plat = newPrivateLinkAttachments(c)
	c.platc = newPrivateLinkAttachmentConnections(c)
	c.ips = newIPAddresses(c)
	return c, nil
}

// NewFromEnv makes a Client from CONFLUENT_CLOUD_API_KEY and
// CONFLUENT_CLOUD_API_SECRET, and CONFLUENT_CLOUD_ENDPOINT when set (else
// DefaultBaseURL). Options given here apply after the environment's. A
// variable missing or malformed is an *InputError naming it. So is
// CONFLUENT_CLOUD_ENDPOINT left unset while a variable that looks meant for
// it is set (CONFLUENT_ENDPOINT, CONFLUENT_CLOUD_URL, or the name with a
// slip of a letter or two): set CONFLUENT_CLOUD_ENDPOINT, to DefaultBaseURL
// for the real API.
func NewFromEnv(opts ...Option) (*Client, error) {
	key, sec := os.Getenv(EnvAPIKey), os.Getenv(EnvAPISecret)
	switch noKey, noSec := strings.TrimSpace(key) == "", strings.TrimSpace(sec) == ""; {
	case noKey && noSec:
		return nil, optionError(EnvAPIKey, fmt.Sprintf("%s and %s are not set; set both to a Cloud API key and its secret", EnvAPIKey, EnvAPISecret)+
			strayHint(EnvAPIKey)+strayHint(EnvAPISecret))
	case noKey:
		return nil, optionError(EnvAPIKey, fmt.Sprintf("%s is set but %s is not; set the Cloud API key id", EnvAPISecret, EnvAPIKey)+strayHint(EnvAPIKey))
	case noSec:
		return nil, optionError(EnvAPISecret, fmt.Sprintf("%s is set but %s is not; set the Cloud API key secret", EnvAPIKey, EnvAPISecret)+strayHint(EnvAPISecret))
	}
	if err := checkAPIKey(EnvAPIKey, EnvAPISecret, key, sec); err != nil {
		return nil, err
	}
	env := []Option{WithAPIKey(key, sec)}
	if ep := os.Getenv(EnvEndpoint); ep != "" {
		env = append(env, baseURLFrom(EnvEndpoint, ep))
	} else if stray := strayVariable(os.Environ(), EnvEndpoint); stray != "" {
		// Meant for the fake or a proxy, say; ignored, the client would
		// go to the real API.
		return nil, optionError(EnvEndpoint, fmt.Sprintf("%s is not set, but %s is, which this client does not read; rename it %s, or set %s=%s for the real API",
			EnvEndpoint, stray, EnvEndpoint, EnvEndpoint, DefaultBaseURL))
	}
	return New(append(env, opts...)...)
}

// NetworkLinkServices is the handle for network link services.
func (c *Client) NetworkLinkServices() *NetworkLinkServices { return c.nls }

// PrivateLinkAccesses is the handle for private link accesses.
func (c *Client) PrivateLinkAccesses() *PrivateLinkAccesses { return c.pla }

// Networks is the handle for networks.
func (c *Client) Networks() *Networks { return c.nets }

// Peerings is the handle for peerings.
func (c *Client) Peerings() *Peerings { return c.peer }

// TransitGatewayAttachments is the handle for transit gateway attachments.
func (c *Client) TransitGatewayAttachments() *TransitGatewayAttachments { return c.tgwa }

// NetworkLinkEndpoints is the handle for network link endpoints.
func (c *Client) NetworkLinkEndpoints() *NetworkLinkEndpoints { return c.nle }

// NetworkLinkServiceAssociations is the handle for the associations of
// network link services (read only).
func (c *Client) NetworkLinkServiceAssociations() *NetworkLinkServiceAssociations { return c.nlsa }

// Gateways is the handle for gateways.
func (c *Client) Gateways() *Gateways { return c.gw }

// AccessPoints is the handle for the access points of gateways.
func (c *Client) AccessPoints() *AccessPoints { return c.ap }

// DNSRecords is the handle for the DNS records of gateways.
func (c *Client) DNSRecords() *DNSRecords { return c.dnsr }

// DNSForwarders is the handle for DNS forwarders.
func (c *Client) DNSForwarders() *DNSForwarders { return c.dnsf }

// PrivateLinkAttachments is the handle for private link attachments.
func (c *Client) PrivateLinkAttachments() *PrivateLinkAttachments { return c.plat }

// PrivateLinkAttachmentConnections is the handle for the connections of
// private link attachments.
func (c *Client) PrivateLinkAttachmentConnections() *PrivateLinkAttachmentConnections { return c.platc }

// IPAddresses is the handle for Confluent Cloud's IP address ranges (read
// only).
func (c *Client) IPAddresses() *IPAddresses { return c.ips }

// API returns the generated client underneath, for anything the handles do
// not cover. Its requests go through the same credentials, retries, pacing
// and body cap.
func (c *Client) API() *api.Client { return c.raw }

// BaseURL returns the base URL requests go to.
func (c *Client) BaseURL() string { return c.base.String() }
