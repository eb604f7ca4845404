// Package wrapper is the client to call for Confluent Cloud networking v1:
// networks, peerings, transit gateway attachments, private link accesses,
// network link services and endpoints, and the associations the endpoints
// make; gateways, their access points, DNS records and DNS forwarders;
// private link attachments and their connections; and Confluent Cloud's IP
// address ranges. It takes and returns
// the generated types of package api, and adds what a program needs around
// them: authentication, retries that never duplicate a resource, pacing
// under rate limits, pagination, waiting for a phase, and typed errors.
//
// # Creating a client
//
// One constructor takes functional options; each is checked, and a bad value
// is an *InputError that names the option (it matches ErrInvalidInput):
//
//	c, err := wrapper.New(
//		wrapper.WithAPIKey(key, secret),
//		wrapper.WithLogger(slog.Default()),
//	)
//
// NewFromEnv reads CONFLUENT_CLOUD_API_KEY, CONFLUENT_CLOUD_API_SECRET and,
// when set, CONFLUENT_CLOUD_ENDPOINT. The base URL defaults to
// https://api.confluent.cloud; plain http is refused unless the host is
// loopback or WithInsecureHTTP is given. WithTransport instruments or
// proxies requests (an http.RoundTripper), WithHTTPClient sends them
// through an http.Client of yours; WithRetryPolicy, WithWaitDefaults and
// WithMaxResponseBytes set the client's bounds. A Client is safe for
// concurrent use: make one and share it, so that every call shares its
// rate-limit pacing.
//
// # Authentication
//
// Give exactly one of:
//   - WithAPIKey: a Cloud API key and secret, sent as HTTP basic auth;
//   - WithBearerToken: a fixed bearer token;
//   - WithTokenSource: any golang.org/x/oauth2 TokenSource. The token is
//     fetched once and reused until it expires; every attempt of a request
//     asks again, so a retry after expiry carries a fresh token;
//   - NewSTSTokenSource with WithTokenSource: Confluent's token exchange,
//     which trades your identity provider's JWT and an identity pool id for
//     a Confluent access token at the spec's token URL;
//   - WithAuth: any api.RequestEditorFn, run on every attempt.
//
// c.API() is the generated client over the same pipeline: its requests
// carry these credentials too.
// Credentials are only ever sent to the base URL's origin (scheme,
// host and port): not to a metadata.next link, a Location header or a
// redirect elsewhere. Every token fetch ends with the call's context. No
// secret appears in an error, a log line, or the printed form of any value
// of this package.
//
// # Calls
//
// Each resource has a handle: c.Networks(), c.Peerings(),
// c.TransitGatewayAttachments(), c.PrivateLinkAccesses(),
// c.NetworkLinkServices(), c.NetworkLinkEndpoints(), c.Gateways(),
// c.AccessPoints(), c.DNSRecords(), c.DNSForwarders(),
// c.PrivateLinkAttachments() and c.PrivateLinkAttachmentConnections() are
// each a Handle, with Create, Get, List, All, Update, Delete, WaitReady and
// WaitDeleted; c.IPAddresses() lists Confluent Cloud's IP address ranges
// (List and All, in no environment);
// c.NetworkLinkServiceAssociations() reads the associations of a service
// (Get, List, All and the waiters, each taking the service's id). Each
// handle's name documents the operations it calls; its List takes an
// options type with exactly the filters of its list operation. Every call
// takes a context.Context first and returns promptly when it is cancelled,
// also while waiting to retry. Get, List, All, Update, Delete and the
// waits take the environment after the context (Update puts it in the
// body's spec.environment.id, which may be left empty).
//
// A create body is one statement: the cloud unions have constructors,
// AWSCloud, AzureCloud and GCPCloud (read back with CloudAccount) for
// private link accesses, AWSPeering, AzurePeering and GCPPeering for
// peerings, AWSTransitGateway for attachments; the config unions of
// gateways, access points, DNS records and forwarders and the cloud of
// attachment connections have one per kind (AWSEgressPrivateLinkGateway,
// AWSEgressPrivateLinkEndpoint, PrivateLinkAccessPointRecord, ForwardViaIP,
// AWSAttachmentConnection, ...); Create checks what a union holds against
// what the spec requires of its kind. Ref names another resource
// (every reference of a body is an api.ObjectReference), and Ptr makes the
// pointer of an optional field:
//
//	pla, err := c.PrivateLinkAccesses().Create(ctx, api.PrivateLinkAccessCreateRequest{Spec: api.PrivateLinkAccessSpec{
//		DisplayName: wrapper.Ptr("analytics"),
//		Cloud:       wrapper.AWSCloud("123456789012"),
//		Environment: wrapper.Ref("env-00000"),
//		Network:     wrapper.Ref("n-00000"),
//	}})
//
// Input that the spec lets us check is checked before anything is sent:
// empty or malformed ids and environments, page sizes outside 1..1000, an
// AWS account that is not 12 digits (in a union however it was built),
// missing required create fields. Such an error is an *InputError naming
// the field, and matches ErrInvalidInput; so does a bad option given to
// New, naming the option.
//
// # Errors
//
// Every answer with status 400 or more is an *APIError carrying the status,
// the X-Request-Id, the parsed Failure entries (code, title, detail, source)
// and the rate-limit figures. It reads in one line, for example
//
//	confluent: 404 Not Found (request id 7f3a): GET /networking/v1/private-link-accesses/pla-1: Not Found
//
// and matches, for errors.Is, one of ErrNotFound, ErrConflict,
// ErrRateLimited, ErrUnauthenticated, ErrForbidden, ErrQuotaExceeded (402),
// ErrValidation (400 and 422) or ErrServer. A body that is not JSON (an HTML
// page from a proxy) still gives a readable error, and credentials a server
// echoes back (in the body, X-Request-Id or Location, also percent-encoded
// or JSON-escaped) are blanked out of it. A call that got no usable answer
// is a *TransportError (with the status and request id when the body was
// cut off); a success whose body is not what the spec promises (malformed,
// or without its id, spec or status.phase) is a *DecodeError; a body over
// the cap (WithMaxResponseBytes, 4 MiB by default) matches
// ErrResponseTooLarge. A token exchange that failed is an *STSError.
//
// A change whose outcome the call could not settle matches
// ErrOutcomeUnknown: test for that, whatever the call. From a handle's
// Create, Update or Delete the error is an *OutcomeUnknownError, carrying,
// for a create, the stored resources that may be its own (Candidates, each
// a value of the handle's model type, and CandidateIDs); from a request of
// the generated client (c.API()), which nothing settles by reading, it is
// a *TransportError; there a change answered 5xx (an *APIError matching
// ErrServer) may have been applied too.
//
// # Creates never duplicate
//
// Nothing in the upstream document says the server refuses a second
// resource with the same display name or cloud account (its 409 says only
// that a resource already exists), so a create is never simply sent again
// after a failure that may have been applied: a 5xx, a reset or timed-out
// connection, a cut answer, or a success whose body is unusable. Instead the
// call settles the outcome by reading what the server stored: it lists the
// resources with the filters the API has for what the create sent
// (spec.network, and spec.display_name when given) and keeps those that hold
// every field the create sent, whose metadata.created_at is no earlier than
// the moment the first attempt was sent, on the server's clock (read from
// its Date header, less a second for its whole-second precision), and that
// no other create of this client has returned.
//
//   - One such resource: it is the create's result, with a nil error.
//   - Several, or one that cannot be dated (no created_at, or no Date
//     header to read the server's clock from): *OutcomeUnknownError with
//     them as Candidates.
//   - The read failed (the context ended, say): *OutcomeUnknownError with
//     ReadErr.
//   - None. If the request may still be on its way to being stored (its
//     answer was lost or cut, or a gateway answered 502 or 504), the call
//     reads once more after RetryPolicy.SettleDelay (2 s by default), or
//     reports the outcome unknown when its context leaves no time for that.
//     Then nothing was stored, and the create is sent again (within the
//     RetryPolicy's attempts and the retry budget); if it may not be, the
//     failure comes back as a known one.
//
// A 409 after such a failure is settled the same way; a 409 on a first
// attempt is a plain conflict. So a resource is never returned to two
// creates of one client, and a resource made by another program is
// returned as the create's only if it holds every field the create sent
// and was made while the create was running: identical creates by two
// programs at once cannot be told apart. And a request held somewhere for
// longer than SettleDelay, then stored, can still make a second resource:
// no read can rule that out, only shrink it.
//
// # Retries and rate limits
//
// Requests pass through a fixed pipeline of policies, outermost first:
// retry, decode, pacing, headers, auth, log (when a logger is set) and
// send. Every attempt is paced, carries fresh credentials and reads the
// whole answer before the retry policy judges it.
//
// A 429 is always retried: the server did nothing. A request that never
// left this client (dialing failed, a token could not be had for a
// transient reason) is retried too. A 500, 502, 503 or 504, a transport
// failure, a cut body or a malformed success is retried for GET, PATCH and
// DELETE, which are safe to repeat; a create is settled as above. A delete
// retried after a lost answer that meets 404 has succeeded.
//
// The wait before a retry is Retry-After (seconds or an HTTP date) when
// sent; else X-RateLimit-Reset (relative seconds) when
// X-RateLimit-Remaining is 0; else exponential backoff with full jitter,
// capped. Attempts and the total wait are bounded (RetryPolicy), no wait is
// started that would end after the context's deadline, and a client-wide
// retry budget (RetryPolicy.Budget) runs dry in an outage, so that retries
// do not multiply the load: each retry spends from it, each first-time
// success puts a little back.
//
// Across calls the client keeps its view of the server's rate-limit window:
// it learns X-RateLimit-Limit, counts down X-RateLimit-Remaining (counting
// the requests still in flight that the server had not yet seen), and holds
// new requests while the window is spent instead of sending them into 429s.
// No hold lasts longer than a minute, whatever a header says, and none
// longer than the call's own budget; WithoutPacing turns pacing off.
//
// # Pagination
//
// List returns one page and the token of the next. All is an
// iter.Seq2[item, error] over every item: it asks for pages of 1000 unless
// told otherwise, holds one page at a time, takes only the page_token from
// metadata.next (the next page is always asked of the base URL, so a link
// rewritten by a proxy, or naming another host, sends nothing there), and
// stops with ErrPageTokenRepeat if a token comes back twice.
//
//	for pla, err := range c.PrivateLinkAccesses().All(ctx, env, nil) {
//		if err != nil {
//			return err
//		}
//		fmt.Println(pla.ID)
//	}
//
// # Waiting
//
// WaitReady polls with bounded, jittered backoff until status.phase is
// READY and returns the resource, or fails with a *PhaseError carrying
// error_code and error_message when the phase is FAILED. WaitDeleted polls
// until the resource answers 404. A poll that fails transiently (429, 5xx,
// a lost, cut or malformed answer, after the client's own retries) does not
// end the wait. Each wait takes WaitOptions:
//   - PollInterval: the bounds of the wait between polls (2s to 30s by
//     default, made for the real API, where provisioning takes minutes);
//   - MaxWait: the whole wait's bound, with the context's deadline when
//     that is sooner; without it, the kind's own: two hours for access
//     points and gateways to be ready and five to be gone
//     (AccessPointWaitReady, ...), as they take in real accounts, and
//     DefaultMaxWait (one hour) for the others;
//   - PollFailures: how many transient failures in a row are polled
//     through (DefaultPollFailures, 10);
//   - OnPoll: called after every poll with the phase seen (a logger given
//     to WithLogger also logs each poll).
//
// A gateway without an access point rests in CREATED, a DNS forwarder
// without a cluster in CREATED and a private link attachment without a
// connection in WAITING_FOR_CONNECTIONS, as their documents say: WaitReady
// returns there. WaitDeleted polls the handle's own collection for the id
// it was given, so a wait for an access point ends on that access point's
// 404, not its gateway's.
//
// WithWaitDefaults gives them to every wait of a client, and a wait's own
// options apply after those. Against the fake, whose phases move with
// reads, poll fast:
//
//	c, err := wrapper.New(wrapper.WithBaseURL(f.URL), wrapper.WithAPIKey(f.Key, f.Secret),
//		wrapper.WithWaitDefaults(wrapper.PollInterval(10*time.Millisecond, 100*time.Millisecond)))
package wrapper
