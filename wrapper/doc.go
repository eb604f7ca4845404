// Package wrapper is the client to call for Confluent Cloud Network Link
// Services and Private Link Accesses (networking v1). It takes and returns
// the generated types of package api, and adds what a program needs around
// them: authentication, retries that never duplicate a resource, pacing
// under rate limits, pagination, waiting for a phase, and typed errors.
//
// # Creating a client
//
// One constructor takes functional options; each is checked, and a bad value
// is an error that names the option:
//
//	c, err := wrapper.New(
//		wrapper.WithAPIKey(key, secret),
//		wrapper.WithLogger(slog.Default()),
//	)
//
// NewFromEnv reads CONFLUENT_CLOUD_API_KEY, CONFLUENT_CLOUD_API_SECRET and,
// when set, CONFLUENT_CLOUD_ENDPOINT. The base URL defaults to
// https://api.confluent.cloud; plain http is refused unless the host is
// loopback or WithInsecureHTTP is given. A Client is safe for concurrent use:
// make one and share it, so that every call shares its rate-limit pacing.
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
//     a Confluent access token at the spec's token URL.
//
// The same editors (APIKeyAuth, BearerAuth, TokenSourceAuth) are
// api.RequestEditorFn values, so they also work with the generated client on
// its own. Credentials are only ever sent to the base URL's host: not to a
// metadata.next link, a Location header or a redirect elsewhere. No secret
// appears in an error, a log line, or the printed form of any value of this
// package.
//
// # Calls
//
// Each resource has a handle, c.NetworkLinkServices() and
// c.PrivateLinkAccesses(), with Create, Get, List, All, Update, Delete,
// WaitReady and WaitDeleted. Every call takes a context.Context first and
// returns promptly when it is cancelled, also while waiting to retry. The
// private link access cloud is a union; build it with AWSCloud, AzureCloud
// or GCPCloud and read it with CloudAccount.
//
// Input that the spec lets us check is checked before anything is sent:
// empty or malformed ids and environments, page sizes outside 1..1000, an
// AWS account that is not 12 digits, missing required create fields. Such an
// error is an *InputError naming the field, and matches ErrInvalidInput.
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
// echoes back are blanked out of it. A failure with no answer is a
// *TransportError, whose MayHaveApplied says whether a change may have
// reached the server; a success whose body is not valid JSON is a
// *DecodeError; a body over the cap (WithMaxResponseBytes, 4 MiB by default)
// matches ErrResponseTooLarge.
//
// # Retries and rate limits
//
// A 429 is always retried: the server did nothing. 500, 502, 503, 504 and
// transport failures are retried for GET, PATCH and DELETE. A create (POST)
// is retried on 429 and when it failed before being sent. After an ambiguous
// failure (a timeout, a reset, a 5xx) the create is retried only when the
// server refuses duplicates of it: always for private link accesses (one per
// cloud account and network), and for network link services that have a
// display name. If that retry meets 409, the resource named by its Location
// is read and, when it is what was asked for (same network, display name and
// cloud), returned as the result: a lost answer never produces a duplicate
// and never a false error. If that resource cannot be read back, or a
// create ends on a server error, the error is an *AmbiguousCreateError: the
// create may have been stored. Likewise a retried delete that meets 404 has
// succeeded.
//
// The wait before a retry is Retry-After (seconds or an HTTP date) when
// sent; else X-RateLimit-Reset (relative seconds) when
// X-RateLimit-Remaining is 0; else exponential backoff with full jitter,
// capped. Attempts and the total wait are bounded (RetryPolicy), and no wait
// is started that would end after the context's deadline: the last error
// comes back at once instead.
//
// Across calls the client remembers X-RateLimit-Remaining and
// X-RateLimit-Reset. When the window is spent it holds new requests until it
// resets instead of sending them into 429s; WithoutPacing turns this off.
//
// # Pagination
//
// List returns one page and the token of the next. All is an
// iter.Seq2[item, error] over every item: it asks for pages of 1000 unless
// told otherwise, holds one page at a time, follows metadata.next only when
// it has the base URL's scheme and host (else it stops with ErrUnsafeLink
// and sends nothing there), sends only its page_token, and stops with
// ErrPageTokenRepeat if a token comes back twice.
//
//	for pla, err := range c.PrivateLinkAccesses().All(ctx, env, nil) {
//		if err != nil {
//			return err
//		}
//		fmt.Println(*pla.ID)
//	}
//
// # Waiting
//
// WaitReady polls with bounded, jittered backoff (WithPollInterval, 2s to
// 30s by default) until status.phase is READY and returns the resource, or
// fails with a *PhaseError carrying error_code and error_message when the
// phase is FAILED. WaitDeleted polls until the resource answers 404.
// WithProgress is called after every poll with the phase seen, and a logger
// given to WithLogger logs each poll.
package wrapper
