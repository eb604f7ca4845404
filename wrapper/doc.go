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
// when set, CONFLUENT_CLOUD_ENDPOINT; its errors name the variable, and it
// refuses to start while a variable that looks meant for the endpoint
// (CONFLUENT_ENDPOINT, CONFLUENT_CLOUD_URL, a misspelling) is set instead.
// The base URL defaults to https://api.confluent.cloud; plain http is
// refused unless the host is loopback or WithInsecureHTTP is given. It is
// the API's root, or a proxy's path in front of it: one holding
// /networking/v1, which every operation's path starts with, is refused. WithTransport
// instruments or proxies requests (an http.RoundTripper), WithHTTPClient
// sends them through an http.Client of yours (one or the other);
// WithRetryPolicy, WithWaitDefaults and WithMaxResponseBytes set the
// client's bounds. A Client is safe for concurrent use: make one and share
// it, so that every call shares its rate-limit pacing.
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
// empty or malformed ids and environments, page sizes outside what the
// list operation allows (its bounds are generated from the spec), an AWS
// account that is not 12 digits (in a union however it was built), missing
// required create fields, a nil context (the field is ctx). Such an error
// is an *InputError naming the field, and matches ErrInvalidInput; so does a bad option given to New, naming
// the option, and a request no attempt can send (a header with a control
// character, from a WithAuth editor, say), naming the header: it is not
// retried, and a change it carried was not applied.
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
// that a resource already exists), how soon a stored resource shows in a
// list, or that the clock of the Date header is the one that stamps
// metadata.created_at. So a create settles every doubt by reading what the
// server stored, and assumes none of those.
//
// Before it is sent, a create lists the resources with the filters the API
// has for what it sends (spec.network, and spec.display_name when given)
// and notes those that hold every field it sends: they are not its own,
// whatever their dates. If that read fails, the create is not sent.
//
// An attempt whose outcome is unknown (a 5xx, a reset or timed-out
// connection, a cut answer, a success whose body is unusable) may have
// stored one resource, and may still store it after its answer: a gateway
// that gave up may leave a backend working. So the create is never simply
// sent again. It reads again, and counts as its own a resource that holds
// every field it sent, was not there before it was sent, and is not
// another create's of this program (every Client of one server shares
// the record, however its URL spells the scheme, port, path and the host's
// name or address; localhost, every loopback address and the unspecified
// 0.0.0.0 and :: are one host; two
// other names of one machine are two servers to it): neither one that
// create returned, nor one a create still waiting for its answer may be
// about to be answered with (a create waits for that answer first, and
// decides on no read until then), nor one holding fields it did not send
// that a running create which sent more did send (that create settles it
// first: it is far likelier its store).
//
//   - Two or more such resources (an answered one included): an attempt
//     stored a second; *OutcomeUnknownError with them all as Candidates.
//   - Fewer than the attempts in doubt: the create waits until each of
//     those attempts has had its settle window to show what it stored
//     (RetryPolicy.SettleDelay after it ended, plus as long again as it
//     waited, plus the longest this program has recently seen a store take
//     to show, at most RetryPolicy.MaxSettle), and reads again. When its
//     context leaves no time for that: *OutcomeUnknownError. When
//     MaxSettle cut a window shorter than that, an attempt may still store
//     after it: *OutcomeUnknownError too, never success nor a send again.
//   - One: it is the create's result, with a nil error (with
//     RetryPolicy.UnseenIsUnknown, only when it accounts for every attempt
//     that may have stored one; see below). A success answer
//     after a doubt is returned the same way, once no earlier attempt may
//     still store a second, and once the listing shows the resource that
//     answer named: a listing without it is behind the store, so the
//     create reads again (learning how long stores take to show) until it
//     does, and when it does not within that attempt's settle window,
//     reports the outcome unknown.
//   - None: nothing was stored, and the create is sent again (within the
//     RetryPolicy's attempts and the retry budget); when it may not be,
//     the failure comes back as a known one (with UnseenIsUnknown, as an
//     unknown outcome). After a success whose body was unusable, the
//     outcome stays unknown.
//
// Each claim (a resource returned to a create) keeps the resource's
// metadata.created_at, which never changes. A create that reads a resource
// with the id of a claim made before its first listing was sent, yet
// missing from that listing, compares them. Another created_at: it is
// another resource, the server handed the id out again (a test server
// started anew on an earlier one's address, with the same seed); the claim
// is dropped and the resource counted like any other. The two are
// compared as instants at the coarser of their precisions (a list that
// gives milliseconds where the create answer gave microseconds, or trims
// trailing zeros, still names the same instant). The same created_at, to
// a fraction of a second: it is the claimed resource, so lists lag
// behind the store, and the time since its attempt was sent bounds how
// much (the least such bound is kept): every create of the program against
// that server then waits that long for what its own attempts stored, for
// ten minutes, even when it has found as many resources as it has attempts
// in doubt (one that an earlier create stored and gave up on may show
// first). When nothing tells the two apart (either has no created_at, or
// both are the same whole second: a server that stamps whole seconds and
// hands ids out again, started anew within that second), such a resource
// makes the outcome unknown at once, with it among the Candidates: taking
// it for the claimed one would hide the create's own resource, send again
// and return the second copy as success.
//
// A create that ends (with any outcome: success, unknown, a known
// failure) while some of its attempts in doubt may have stored a resource
// that no read showed it (it counted fewer resources than attempts that
// may have stored one) leaves a ghost in the record of its server for ten
// minutes: what it sent, how many such stores may still show, and the
// matching ids it read. Lists may lag by more for one resource than for
// another, or lag more than they did: such a store may show only after
// the create ended, free, while a later identical create's own store is
// still hidden. So a later create that has read one matching resource,
// not named by an answer, that it would take as its own, reports its
// outcome unknown instead, with that resource among the Candidates, while
// a ghost's sent fields match it: nothing read tells the two apart. A
// ghost holds no create up (a create answered after no doubt, or one that
// its own answer named, is unaffected). It is laid to rest, one store at a
// time, by a later create's first listing: a matching resource there with
// a created_at, that no create claimed and no create with an attempt in
// doubt read, while no other create that sent those fields is running,
// is counted as a ghost's store; and by a later create that ended with
// more resources counted than its attempts could store (the excess is
// others' stores). A resource of another program holding every field may
// be the one a first listing counted, the ghost's own store showing later
// still: so a ghost laid to rest that way still makes unknown a resource
// whose created_at is not after the latest it counted (its own store, made
// before it ended, is not, when lists lag behind the store; one made by a
// backend still working after that other program's resource is, and is
// taken). When a first listing sent within MaxSettle of the ghost's end
// shows its store, the time since the ghost's first attempt in doubt was
// sent is learned as a slow store (above).
//
// A 409 on a first attempt is a plain conflict. A 409 after a doubt may
// name the create's own resource, stored but not yet listed: the resource
// its Location names is read by id and counted like one found by listing.
// The 409 comes back as a conflict only when that resource is not the
// create's own; when the answer names none, the outcome is unknown.
//
// So within one program a resource is never returned to two creates, and a
// create never returns success while it knows of a second copy or while an
// attempt may still store one within its window. What no read can rule out:
// a resource made by another program holding every field the create sent,
// between its first listing and its last read, is taken for the create's
// own (identical creates by two programs at once cannot be told apart);
// two identical creates of this program, both in doubt at once, may each
// return what the other's attempt stored (they sent the same fields, and
// each returns one resource; a stored resource no create returned is
// still left, within the window, only by one that reports its outcome
// unknown);
// a resource among the Candidates of a create that ended unknown is not
// held for it: a later identical create may return it as its own;
// a server whose create answer gives a resource another instant as
// created_at than its lists do (not merely fewer digits), with lists
// behind the store, has that resource taken for
// a new one with a reused id by a later identical create;
// and an attempt whose resource shows later than its settle window (next).
//
// # The settle window is the bound, unless RetryPolicy.UnseenIsUnknown
//
// The upstream documents (spec/upstream/) declare no idempotency key (no
// header parameter at all) and say nothing of how soon a list shows a
// stored resource; shared/upstream's BEHAVIOUR.md, what the real API is
// known to do, adds neither. So
// no client can prove that an attempt in doubt stored nothing: a store
// may always show later. By default the settle window, which the caller
// sets (SettleDelay, MaxSettle), is the bound: an attempt in doubt whose
// store no read showed within its window counts as having stored nothing.
// What the default promises: a create returns success only for a resource
// it can show is its own, and only when no other attempt of it stored a
// resource that showed within that attempt's window; a known failure
// after a doubt, only when no attempt's store showed within its window.
// A copy that shows later than its window may exist after either: the
// create may have returned success with the resource a later attempt's
// answer named (or the one a read showed for a later attempt), or, when
// every attempt was such an attempt, failed as though nothing was stored.
// This happens to the first creates against a server whose lists lag
// some resource by more than SettleDelay, before anything this program
// has seen says stores take that long. Such a create leaves a ghost
// (above), so that later creates never return that copy as their own.
// Each such store that a later read shows (a resource no other create of
// the program was answered with) is remembered for ten minutes, and every
// create of the program against that server waits that long after;
// waiting longer (SettleDelay) shrinks what is left, nothing removes it.
//
// RetryPolicy.UnseenIsUnknown takes no window for proof. A create that had
// an attempt in doubt then returns success, or a known failure, only when
// reads showed a resource for every such attempt; otherwise it returns
// *OutcomeUnknownError: Candidates hold what it found, AnsweredID names
// the one a success answer named (stored, and the create's own), and
// Unseen counts the attempts whose stores never showed, as many copies as
// may still appear. That is also so after a 409 naming another's resource,
// and when the create may not be sent again. The cost: nothing read tells
// an attempt that stored nothing (a 502 from a gateway that never reached
// the backend, a connection reset before the request arrived) from one
// whose store has not shown yet, so every create with such an attempt
// ends unknown, though it made exactly one resource, or none; a create
// sent more than once never returns success. It is still sent again after
// such an attempt, so that the caller has a resource an answer named to
// take, knowingly, when it chooses to (the common case, a 5xx that stored
// nothing, then leaves exactly that one resource).
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
// Across calls the client keeps its view of the server's rate-limit window
// (X-RateLimit-Limit, X-RateLimit-Remaining, and X-RateLimit-Reset in
// relative seconds, as the upstream document describes them): it learns
// the limit, counts down what the window has left (the first figures of a
// window less every request still in flight; after a reset, its own count
// from the limit, lowered only when a figure shows another client's
// requests), and holds new requests while the window is spent, until the
// reset counted from the answer's arrival, instead of sending them into
// 429s. Once half the window's count is spent, the rest goes out evenly up
// to the reset, which a fixed window allows as well as a burst. That is
// the model the document describes; a server that keeps a token bucket
// instead (the reset then says when the bucket would be full) shows it in
// its answers: Remaining no lower in an answer than in the one that
// arrived before its request was sent, more often than a fixed window as
// long as the longest reset seen can reset. Three such within that time
// and the client counts the bucket's tokens, refilled at the limit over
// that reset, and sends at that rate instead of in bursts; a 429 sends it
// back to the fixed window. A window shorter than half a second, given in
// whole seconds, would pass for a bucket. A 429 is held for its
// Retry-After, else for the reset when it says no request is left, or
// when 429s are at least half of the last answers (a server refusing
// whatever its figures say).
// No hold lasts longer than a minute, whatever a header says, and none
// longer than the call's own budget; WithoutPacing turns pacing off.
//
// A client cannot see the requests of other clients on the same API key
// (other jobs, other processes): they spend the window it counts. So a
// client that meets 429s the key's limit explains learns a send rate from
// them, in the spirit of AWS SDK v2's adaptive retry mode: 0.7 of the rate
// the server was taking its requests at, cut again at each such 429, and
// from then on pacing the client along with the window, without bursts.
// Between 429s the rate follows X-RateLimit-Remaining, which every client
// of the key reads alike: it falls while less than a quarter of the limit
// is left, climbs while half or more is, and holds between, so the
// clients settle on what the window refills before they meet 429s. From a
// server whose answers carry no such figures it grows back along a cubic
// curve instead. A 429 is taken as the limit reached only when the
// server's answers carry X-RateLimit-Remaining and the 429 says 0 or an
// answer of the last two seconds said a quarter of the window or less was
// left, or, from a server whose answers carry no such figures, when 429s
// are at least three and a tenth of that time's answers; any other 429 is
// a stray (a gateway, a fault) and is only waited out and retried. Without
// figures, a gateway that sheds a share of requests whatever the rate
// looks like a limit at first; but a limit's 429s stop once the rate is
// cut below it, and shedding's do not. So after a cut on at most 30% of
// 429s the client looks at the next two seconds before cutting again: 429s
// at half the share or more, coming one at a time rather than in runs
// (a limit refuses in runs), are taken for shedding, and from then on
// only a share a tenth above that one cuts the rate. (Cutting at every one held
// a client behind a gateway shedding a tenth of requests to 3-15 requests
// a second, whatever the server could take.)
// It is on by default; WithoutAdaptiveRate turns it off. With 16
// goroutines spread over 8 clients on one key limited to 20 requests a
// second, 1-4% of requests meet a 429 (a third did without it); a
// client alone on its key meets almost none, and uses 0.9-1.0 of the
// bucket's refill (TestManyClientsOneKey prints the figures).
//
// # Pagination
//
// List returns one page and the token of the next. All is an
// iter.Seq2[item, error] over every item: it asks for the largest pages the
// spec allows unless told otherwise, holds one page at a time, takes only the page_token from
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
// end the wait; but a client that has never had an answer from its server
// (a wrong endpoint: nobody listening, or something listening that does
// not speak HTTP, or plain HTTP reached over TLS) fails its wait on the
// first poll that gets no answer, with an error naming the endpoint and
// CONFLUENT_CLOUD_ENDPOINT. Each wait takes WaitOptions:
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
