package wrapper

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/ccloud-go/networking/api"
)

// Sentinel errors, for use with errors.Is. An *APIError matches the one its
// status code stands for; other errors of this package wrap them where noted.
var (
	ErrNotFound         = errors.New("confluent: not found")         // 404
	ErrConflict         = errors.New("confluent: conflict")          // 409
	ErrRateLimited      = errors.New("confluent: rate limited")      // 429, or a spent window that outlasts the context
	ErrUnauthenticated  = errors.New("confluent: unauthenticated")   // 401
	ErrForbidden        = errors.New("confluent: forbidden")         // 403
	ErrQuotaExceeded    = errors.New("confluent: quota exceeded")    // 402
	ErrValidation       = errors.New("confluent: validation failed") // 400 and 422
	ErrServer           = errors.New("confluent: server error")      // 5xx
	ErrInvalidInput     = errors.New("confluent: invalid input")     // refused before sending; see *InputError
	ErrResponseTooLarge = errors.New("confluent: response body too large")
	ErrFailed           = errors.New("confluent: resource failed") // a waiter saw phase FAILED or ERROR; see *PhaseError
	// ErrStopped: WaitReady saw a phase the resource does not leave for
	// READY by itself (DISCONNECTED, EXPIRED, INACTIVE), or saw it being
	// removed; see *PhaseError.
	ErrStopped = errors.New("confluent: resource will not become ready")
	// ErrUnknownPhase: a waiter saw a phase this client does not know, so
	// it cannot tell whether to wait on; see *PhaseError.
	ErrUnknownPhase = errors.New("confluent: unknown phase")
	ErrUnsafeLink   = errors.New("confluent: refused a redirect to another origin")
	// ErrOutcomeUnknown: a change may or may not have been applied, and the
	// call could not settle which; see *OutcomeUnknownError.
	ErrOutcomeUnknown  = errors.New("confluent: outcome unknown")
	ErrPageTokenRepeat = errors.New("confluent: page token repeated")
)

// APIError is the error for every answer with a status code of 400 or more.
// It works with errors.Is against the sentinels above and with errors.As.
type APIError struct {
	StatusCode int
	// Method and Path name the request (no query string, no credentials).
	Method, Path string
	RequestID    string
	// Errors are the parsed entries of the Failure body; empty when the body
	// was not a Failure (an HTML error page, say).
	Errors    []api.Error
	RateLimit RateLimit
	// Location is the Location header, sent with 409 to name the resource
	// that is in the way.
	Location string
	// BodySnippet is the start of a body that was not a Failure document,
	// with control characters removed, for diagnosis.
	BodySnippet string
}

// Error reads in one line, such as
// "confluent: 404 Not Found (request id abc): GET /networking/v1/...: Not Found: no such resource".
func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "confluent: %d %s", e.StatusCode, http.StatusText(e.StatusCode))
	if e.RequestID != "" {
		fmt.Fprintf(&b, " (request id %s)", e.RequestID)
	}
	if e.Method != "" {
		fmt.Fprintf(&b, ": %s %s", e.Method, e.Path)
	}
	for i, fe := range e.Errors {
		if i == 0 {
			b.WriteString(": ")
		} else {
			b.WriteString("; ")
		}
		b.WriteString(describeFailure(fe))
	}
	if len(e.Errors) == 0 && e.BodySnippet != "" {
		fmt.Fprintf(&b, ": %q", e.BodySnippet)
	}
	if e.StatusCode == http.StatusTooManyRequests && e.RateLimit.RetryAfter > 0 {
		fmt.Fprintf(&b, " (retry after %s)", e.RateLimit.RetryAfter)
	}
	return b.String()
}

// describeFailure prints one Failure entry on one line; the server's text
// is folded and stripped of control characters.
func describeFailure(fe api.Error) string {
	text := func(p *string) string {
		if p == nil {
			return ""
		}
		return snippet([]byte(*p), 300)
	}
	code, title, detail := text(fe.Code), text(fe.Title), text(fe.Detail)
	var parts []string
	if code != "" {
		parts = append(parts, "["+code+"]")
	}
	if title != "" {
		parts = append(parts, title)
	}
	if detail != "" && detail != title {
		parts = append(parts, detail)
	}
	if fe.Source != nil {
		if ptr := text(fe.Source.Pointer); ptr != "" {
			parts = append(parts, "(at "+ptr+")")
		} else if param := text(fe.Source.Parameter); param != "" {
			parts = append(parts, "(parameter "+param+")")
		}
	}
	if len(parts) == 0 {
		return "no detail given"
	}
	return strings.Join(parts, " ")
}

// Is reports whether the status code stands for target.
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound
	case ErrConflict:
		return e.StatusCode == http.StatusConflict
	case ErrRateLimited:
		return e.StatusCode == http.StatusTooManyRequests
	case ErrUnauthenticated:
		return e.StatusCode == http.StatusUnauthorized
	case ErrForbidden:
		return e.StatusCode == http.StatusForbidden
	case ErrQuotaExceeded:
		return e.StatusCode == http.StatusPaymentRequired
	case ErrValidation:
		return e.StatusCode == http.StatusBadRequest || e.StatusCode == http.StatusUnprocessableEntity
	case ErrServer:
		return e.StatusCode >= 500
	}
	return false
}

// parseFailure reads a Failure document; anything else comes back as a
// short printable snippet.
func parseFailure(body []byte) ([]api.Error, string) {
	var f api.Failure
	if len(body) > 0 && json.Unmarshal(body, &f) == nil && len(f.Errors) > 0 {
		return f.Errors, ""
	}
	return nil, snippet(body, 200)
}

// snippet keeps the first max runes of body that print, folding runs of
// white space, so that an HTML error page still says something in one line.
func snippet(body []byte, max int) string {
	var b strings.Builder
	space := false
	n := 0
	for _, r := range string(body) {
		if n >= max {
			b.WriteString("...")
			break
		}
		switch {
		case r == ' ' || r == '\n' || r == '\t' || r == '\r':
			if !space && b.Len() > 0 {
				b.WriteByte(' ')
				n++
			}
			space = true
			continue
		case r < 0x20 || r == 0x7f || r == 0xfffd:
			continue
		}
		space = false
		b.WriteRune(r)
		n++
	}
	return strings.TrimSpace(b.String())
}

// errNilContext is what every call given a nil context returns, before
// anything is sent.
func errNilContext() error {
	return &InputError{Field: "ctx", Problem: "nil context; pass context.Background(), or a context of yours to bound the call"}
}

// InputError reports a value refused before any request was sent. It
// matches ErrInvalidInput.
type InputError struct {
	Field   string // the offending field, as a path such as spec.cloud.account
	Problem string // what is wrong and how to fix it
}

func (e *InputError) Error() string {
	return "confluent: invalid " + e.Field + ": " + e.Problem
}

// Is makes errors.Is(err, ErrInvalidInput) true.
func (e *InputError) Is(target error) bool { return target == ErrInvalidInput }

// PhaseError is returned by the waiters when a resource reaches a phase
// that ends the wait without success. It matches ErrFailed (FAILED,
// ERROR), ErrStopped (WaitReady on DISCONNECTED, EXPIRED, INACTIVE or a
// resource being removed) or ErrUnknownPhase (a phase this client does not
// know: an upstream change, reported rather than waited on).
type PhaseError struct {
	Kind, ID     string
	Phase        string
	ErrorCode    string
	ErrorMessage string
	step         waitStep
}

func (e *PhaseError) Error() string {
	msg := fmt.Sprintf("confluent: %s %s is %s", e.Kind, e.ID, e.Phase)
	if e.ErrorCode != "" {
		msg += " [" + e.ErrorCode + "]"
	}
	if e.ErrorMessage != "" {
		msg += ": " + e.ErrorMessage
	}
	switch e.step {
	case stopStopped:
		msg += " (it does not become READY by itself)"
	case stopUnknown:
		msg += " (a phase this client does not know; it may need updating)"
	}
	return msg
}

// Is matches the sentinel for the phase seen.
func (e *PhaseError) Is(target error) bool {
	switch e.step {
	case stopStopped:
		return target == ErrStopped
	case stopUnknown:
		return target == ErrUnknownPhase
	}
	return target == ErrFailed
}

// newAPIError builds an *APIError from an answer of status 400 or more.
// Credentials the request carried are blanked out of everything kept from
// the answer, in case the server echoes them.
func newAPIError(a *answer) *APIError {
	red := newRedactor(a.auth)
	e := &APIError{
		StatusCode: a.status,
		Method:     a.method,
		Path:       a.path,
		RequestID:  red.text(a.requestID()),
		RateLimit:  parseRateLimit(a.header, a.received),
		Location:   red.text(a.header.Get("Location")),
	}
	e.Errors, e.BodySnippet = parseFailure(a.body)
	if e.BodySnippet != "" {
		e.BodySnippet = snippet([]byte(red.text(string(a.body))), 200)
	}
	for i := range e.Errors {
		red.failure(&e.Errors[i])
	}
	return e
}

// TransportError reports a call that ended without a usable answer: the
// connection failed, was reset or timed out, the body was cut off
// (StatusCode and RequestID are then those of the cut answer), or the call
// stopped while waiting to retry. It matches ErrOutcomeUnknown when the
// request was a change that may have been applied.
type TransportError struct {
	Method, Path string
	Attempts     int
	// StatusCode and RequestID are set when an answer began but its body
	// could not be read whole.
	StatusCode int
	RequestID  string
	Err        error
	unknown    bool
}

func (e *TransportError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "confluent: %s %s: ", e.Method, e.Path)
	if e.StatusCode != 0 {
		fmt.Fprintf(&b, "answer %d cut off", e.StatusCode)
		if e.RequestID != "" {
			fmt.Fprintf(&b, " (request id %s)", e.RequestID)
		}
	} else {
		b.WriteString("no answer")
	}
	fmt.Fprintf(&b, " after %d attempt(s)", e.Attempts)
	if e.unknown {
		b.WriteString(" (it may have been applied)")
	}
	b.WriteString(": ")
	b.WriteString(shortErr(e.Err))
	return b.String()
}

func (e *TransportError) Unwrap() error { return e.Err }

// Is makes errors.Is(err, ErrOutcomeUnknown) true for a change that may
// have been applied.
func (e *TransportError) Is(target error) bool { return target == ErrOutcomeUnknown && e.unknown }

// DecodeError reports a success answer whose body is not what the spec
// promises: malformed or truncated JSON, or a document without a field the
// spec requires.
type DecodeError struct {
	Method, Path string
	StatusCode   int
	RequestID    string
	Err          error
}

func (e *DecodeError) Error() string {
	msg := fmt.Sprintf("confluent: %s %s: the %d answer is not what the spec promises", e.Method, e.Path, e.StatusCode)
	if e.RequestID != "" {
		msg += " (request id " + e.RequestID + ")"
	}
	return msg + ": " + e.Err.Error()
}

func (e *DecodeError) Unwrap() error { return e.Err }

func newDecodeError(a *answer) *DecodeError {
	return &DecodeError{Method: a.method, Path: a.path, StatusCode: a.status,
		RequestID: newRedactor(a.auth).text(a.requestID()), Err: a.decodeErr}
}

// OutcomeUnknownError reports a change whose outcome the call could not
// settle: it may or may not have been applied. For a create, Candidates
// holds the stored resources that match every field the create sent and
// were made after it began (none when reading them back failed: see
// ReadErr). Look before acting again. It matches ErrOutcomeUnknown and
// unwraps to the error that ended the call and to ReadErr.
type OutcomeUnknownError struct {
	Op   string // "create", "update" or "delete"
	Kind string // such as "private link access"
	ID   string // the resource, for update and delete
	// Candidates are resources that may be what the create made, each a
	// value of the handle's model type (api.PrivateLinkAccess for
	// c.PrivateLinkAccesses(), and so on); CandidateIDs are their ids, in
	// the same order.
	Candidates   []any
	CandidateIDs []string
	// AnsweredID, for a create, is the id of the candidate a success
	// answer named ("" when no answer named one): it is stored, and is this
	// create's own. Unseen is how many of the create's attempts may have
	// stored a resource that is not among the Candidates (an attempt whose
	// answer was lost and whose store no read showed): as many more copies
	// may still show. A caller that takes AnsweredID with Unseen above 0
	// takes it knowing that another copy may show later.
	AnsweredID string
	Unseen     int
	// Err is what ended the call; ReadErr, when set, why reading back did
	// not settle it.
	Err, ReadErr error
	// red blanks the credentials the create's requests carried out of the
	// ids when the error is printed: they are the server's, as read, and a
	// server may echo a credential in one.
	red redactor
}

// outcomeUnknownError builds the error for a change of a resource of model
// T; found are the candidates of a create.
func outcomeUnknownError[T any](op, kind, id string, found []T, view func(*T) view, err, readErr error) *OutcomeUnknownError {
	e := &OutcomeUnknownError{Op: op, Kind: kind, ID: id, Err: err, ReadErr: readErr}
	for i := range found {
		e.Candidates = append(e.Candidates, found[i])
		e.CandidateIDs = append(e.CandidateIDs, view(&found[i]).id)
	}
	return e
}

func (e *OutcomeUnknownError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "confluent: %s of %s", e.Op, e.Kind)
	if e.ID != "" {
		b.WriteString(" " + e.ID)
	}
	b.WriteString(": outcome unknown, it may have been applied")
	switch {
	case len(e.Candidates) > 0 && e.ReadErr != nil: // the reason, beside the candidates
		fmt.Fprintf(&b, " (%d stored resources match it: %s; not settled by reading back: %v)", len(e.Candidates), e.red.text(strings.Join(e.CandidateIDs, ", ")), e.ReadErr)
	case len(e.Candidates) > 0:
		fmt.Fprintf(&b, " (%d stored resources match it: %s)", len(e.Candidates), e.red.text(strings.Join(e.CandidateIDs, ", ")))
	case e.ReadErr != nil:
		fmt.Fprintf(&b, " (not settled by reading back: %v)", e.ReadErr)
	}
	if e.AnsweredID != "" {
		fmt.Fprintf(&b, " (an answer named %s)", e.red.text(e.AnsweredID))
	}
	if e.Unseen > 0 {
		fmt.Fprintf(&b, " (%d attempt(s) may have stored a resource not shown yet)", e.Unseen)
	}
	if e.Err != nil { // nil when the last answer was a success
		fmt.Fprintf(&b, ": %v", e.Err)
	}
	return b.String()
}

// GoString, for %#v, names the candidates by id and leaves out what they
// hold: their fields are the server's, as read, and a server that echoes
// credentials (in a status.error_message, say) would have %#v of the
// error print them. The candidates themselves are left as read.
func (e *OutcomeUnknownError) GoString() string {
	var ids []string
	if e.CandidateIDs != nil {
		ids = make([]string, len(e.CandidateIDs))
		for i, id := range e.CandidateIDs {
			ids[i] = e.red.text(id)
		}
	}
	return fmt.Sprintf("&wrapper.OutcomeUnknownError{Op:%q, Kind:%q, ID:%q, Candidates:[%d, by id in CandidateIDs], CandidateIDs:%#v, AnsweredID:%q, Unseen:%d, Err:%#v, ReadErr:%#v}",
		e.Op, e.Kind, e.ID, len(e.Candidates), ids, e.red.text(e.AnsweredID), e.Unseen, e.Err, e.ReadErr)
}

// Is makes errors.Is(err, ErrOutcomeUnknown) true.
func (e *OutcomeUnknownError) Is(target error) bool { return target == ErrOutcomeUnknown }

// Unwrap returns the error that ended the call and the read-back error.
func (e *OutcomeUnknownError) Unwrap() []error {
	if e.ReadErr == nil {
		return []error{e.Err}
	}
	return []error{e.Err, e.ReadErr}
}

// shortErr prints a transport error without the URL's query string.
func shortErr(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err.Error()
	}
	return err.Error()
}

func isContextErr(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}
