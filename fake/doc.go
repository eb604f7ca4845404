// Package fake is an in-memory Confluent Cloud networking v1 API (networks,
// peerings, transit gateway attachments, private link accesses, network link
// services and endpoints and the associations the endpoints make, gateways,
// access points, DNS records and forwarders, private link attachments and
// their connections, and a list of IP addresses) behind a real HTTP server,
// for testing code that uses this module, or any other client, without an
// account.
//
// Start serves it on a loopback port; Server is the plain http.Handler:
//
//	f, err := fake.Start(fake.WithReadyAfter(1))
//	defer f.Close()
//	c, err := wrapper.New(wrapper.WithBaseURL(f.URL), wrapper.WithAPIKey(f.Key, f.Secret))
//
// What it does, as the real API does:
//   - every operation of the collections it serves (Collections), each
//     request checked against the embedded spec (kin-openapi's
//     openapi3filter); a request that breaks it gets 400 with a Failure
//     body naming the problem; the spec's other operations get 404;
//   - read-only properties in a create or update body (id, metadata,
//     status, a reference's related and resource_name, ...; the spec's
//     readOnly marks) are dropped before validation, as the real API
//     ignores them; WithStrictReadOnly refuses them with 400 instead;
//   - ids with the upstream prefixes (n-, peer-, tgwa-, pla-, nls-, nle-,
//     nlsa-, gw-, ap-, dnsrec-, dnsf-, platt-, plattc-; kinds.go says where
//     each comes from), metadata (self, resource_name, created_at, updated_at),
//     X-Request-Id on every answer; every property a client sends is kept
//     and answered, with references filled in (related, resource_name);
//   - a network link service association for each network link endpoint,
//     in the service's environment, read with the service's id
//     (spec.network_link_service), its phase the endpoint's; it goes when
//     the endpoint does;
//   - status.phase from PROVISIONING to READY after a number of reads by
//     id (WithReadyAfter), DEPROVISIONING after a delete and then gone
//     after a number of reads by id or in a list (WithDeleteAfter), or
//     both after a time instead (WithPhaseTimes); FAILED with an error
//     code (WithFailures); a
//     gateway is CREATED instead of READY while no access point is in it,
//     and a private link attachment WAITING_FOR_CONNECTIONS until it has a
//     connection, as their documents describe;
//   - every status property the spec gives (a network's cloud details and
//     DNS names, an attachment's cloud, a gateway's cloud_gateway, an
//     access point's config, ...) in the variant the spec's choice calls
//     for, filled in every phase;
//   - the IP addresses collection (list only, no environment), seeded with
//     invented addresses in documentation ranges (RFC 5737) for two
//     regions of each cloud, every service and address type the spec lists;
//   - every filter each list operation declares (exact match, repeated
//     values match any; a list property matches by any element, a
//     reference by its id, a union by its kind; gateway_type by the config
//     kind with or without GatewaySpec, resource by the access point a DNS
//     record names), opaque page tokens bound to their query,
//     metadata.next as an absolute URL on the host the client used;
//   - 404 for unknown ids, 409 with Location for a duplicate (the same
//     display name in a network, or in an environment for networks; the
//     same cloud account in a network for private link accesses), unless
//     WithoutUniqueness; the newer kinds are never refused as duplicates,
//     since no document states a rule for them;
//   - HTTP basic auth with configured keys (WithAPIKey), or bearer tokens
//     (WithBearerToken); 401 with WWW-Authenticate otherwise.
//
// WithStateFile keeps the resources in a file across restarts, for a fake
// someone runs as a backend across Terraform runs: loaded at start, written
// whole and atomically after every change; a file the fake did not write is
// refused and left untouched.
//
// Knobs for tests, repeatable from a seed (WithSeed): a rate limit with the
// X-RateLimit-* headers and 429 with Retry-After (WithRateLimit), a share of
// 5xx answers (WithServerErrors), connections closed before acting
// (WithResets) or after storing a create (WithResetsAfterCreate), latency
// (WithLatency), and malformed answers (WithFaults). WithResponseValidation
// checks every answer against the spec before it is sent; the fake's own
// tests run with it on. Stats counts what happened.
//
// The command cmd/fakeconfluent serves the same fake for other tools.
package fake
