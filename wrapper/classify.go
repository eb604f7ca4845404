package wrapper

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"syscall"
)

// verdict is the classifier's judgement of one attempt.
type verdict struct {
	retry bool
	// unknown says the attempt may have been applied by the server although
	// the call cannot tell: a lost or cut answer, or a 5xx, to a change.
	unknown bool
	cost    int // what a retry spends from the retry budget
	reason  string
}

// classify judges an attempt by its method and outcome:
//   - nothing was sent (dialing failed, no token could be had, the pacer
//     refused): retried, whatever the method, except a request no attempt
//     can send (a header net/http refuses), which is final;
//   - 429: retried; the server did nothing;
//   - 500, 502, 503, 504, a transport failure after sending, a cut body, or
//     a success whose body does not decode: retried for GET, PATCH and
//     DELETE, which are safe to repeat; for POST the outcome is unknown and
//     the call settles it by reading (see the package documentation);
//   - anything else (4xx, 501, 505, a cancelled context): final; another
//     5xx leaves a change's outcome unknown.
func classify(ctx context.Context, method string, a *answer, err error) verdict {
	change := method != http.MethodGet && method != http.MethodHead
	repeatable := method != http.MethodPost
	if err != nil {
		// The caller's context ending stops everything; a deadline of the
		// HTTP client's own (http.Client.Timeout) is an attempt's failure.
		ended := ctx.Err() != nil
		switch {
		case errors.Is(err, errNotSent):
			if errors.Is(err, ErrInvalidInput) {
				return verdict{} // a request no attempt can send
			}
			var ae *authError
			if errors.As(err, &ae) && !ae.transient() {
				return verdict{}
			}
			if errors.Is(err, ErrRateLimited) || ended {
				return verdict{}
			}
			return verdict{retry: true, cost: retryCost, reason: "not sent: " + shortErr(err)}
		case notSent(err):
			return verdict{retry: !ended, cost: retryCost, reason: "not sent: " + shortErr(err)}
		case ended, errors.Is(err, ErrUnsafeLink), errors.Is(err, ErrResponseTooLarge):
			return verdict{unknown: change}
		}
		var te *TransportError
		if errors.As(err, &te) && te.StatusCode != 0 {
			return verdict{retry: repeatable, unknown: change, cost: retryCost, reason: "cut answer: " + shortErr(err)}
		}
		return verdict{retry: repeatable, unknown: change, cost: timeoutRetryCost, reason: "transport: " + shortErr(err)}
	}
	switch a.status {
	case http.StatusTooManyRequests:
		return verdict{retry: true, cost: retryCost, reason: "status 429"}
	case http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return verdict{retry: repeatable, unknown: change, cost: retryCost, reason: fmt.Sprintf("status %d", a.status)}
	}
	if serverMayHaveActed(a.status) {
		return verdict{unknown: change}
	}
	if a.decodeErr != nil {
		return verdict{retry: repeatable, unknown: change, cost: retryCost, reason: "undecodable answer: " + a.decodeErr.Error()}
	}
	return verdict{}
}

// serverMayHaveActed reports whether an answer's status leaves open that
// the server applied the request: any 5xx but 501 and 505, which refuse
// the method or protocol before acting.
func serverMayHaveActed(status int) bool {
	return status >= 500 && status != http.StatusNotImplemented && status != http.StatusHTTPVersionNotSupported
}

// errNotSent marks errors raised before a request left this client.
var errNotSent = errors.New("not sent")

// notSentError wraps an error raised before sending.
type notSentError struct{ err error }

func (e *notSentError) Error() string { return e.err.Error() }
func (e *notSentError) Unwrap() []error {
	return []error{e.err, errNotSent}
}

// notSent reports whether a transport error happened before any byte of
// the request could reach the server (dialing, name lookup, refused
// connection), so that even a create is safe to send again.
func notSent(err error) bool {
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return true
	}
	var dns *net.DNSError
	if errors.As(err, &dns) {
		return true
	}
	return errors.Is(err, syscall.ECONNREFUSED)
}
