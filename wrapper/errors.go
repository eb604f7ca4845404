package wrapper

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

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
	ErrFailed           = errors.New("confluent: resource failed") // a waiter saw phase FAILED; see *PhaseError
	ErrUnsafeLink       = errors.New("confluent: refused a link to another host")
	ErrPageTokenRepeat  = errors.New("confluent: page token repeated")
)

// RateLimit holds the rate-limit figures a response carried. A field is -1
// when its header was absent.
type RateLimit struct {
	Limit     int
	Remaining int
	// Reset is how long until the window resets (X-RateLimit-Reset is
	// relative seconds, not an epoch time).
	Reset time.Duration
	// RetryAfter is the wait the server asked for (Retry-After), or 0.
	RetryAfter time.Duration
}

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

// newAPIError builds an *APIError from an answer whose body has been read
// (at most the configured cap).
func newAPIError(resp *http.Response, body []byte) *APIError {
	e := &APIError{
		StatusCode: resp.StatusCode,
		RequestID:  resp.Header.Get("X-Request-Id"),
		RateLimit:  parseRateLimit(resp.Header, time.Now()),
		Location:   resp.Header.Get("Location"),
	}
	if resp.Request != nil {
		e.Method = resp.Request.Method
		e.Path = resp.Request.URL.Path
		auth := resp.Request.Header.Get("Authorization")
		body = scrubCredentials(body, auth)
		e.Errors, e.BodySnippet = parseFailure(body)
		// JSON escapes (\/, \u0041) can hide an echo from the byte pass:
		// scrub the decoded text too.
		e.BodySnippet = scrubText(e.BodySnippet, auth)
		for i := range e.Errors {
			scrubError(&e.Errors[i], auth)
		}
		return e
	}
	e.Errors, e.BodySnippet = parseFailure(body)
	return e
}

func scrubText(s, authorization string) string {
	return string(scrubCredentials([]byte(s), authorization))
}

func scrubError(fe *api.Error, authorization string) {
	for _, p := range []*string{fe.Code, fe.Title, fe.Detail, fe.ID, fe.Status} {
		if p != nil {
			*p = scrubText(*p, authorization)
		}
	}
	if fe.Source != nil {
		for _, p := range []*string{fe.Source.Pointer, fe.Source.Parameter} {
			if p != nil {
				*p = scrubText(*p, authorization)
			}
		}
	}
}

// scrubCredentials blanks out of an error body the credentials the request
// carried, in case the server echoes them: the header's value, its token,
// and for basic auth the decoded key:secret and the secret alone.
func scrubCredentials(body []byte, authorization string) []byte {
	if authorization == "" || len(body) == 0 {
		return body
	}
	secrets := []string{authorization}
	if scheme, token, ok := strings.Cut(authorization, " "); ok && token != "" {
		secrets = append(secrets, token)
		if strings.EqualFold(scheme, "basic") {
			if raw, err := base64.StdEncoding.DecodeString(token); err == nil {
				if _, pass, ok := strings.Cut(string(raw), ":"); ok && pass != "" {
					secrets = append(secrets, string(raw), pass)
				}
			}
		}
	}
	for _, sec := range secrets {
		if len(sec) >= 4 {
			body = bytes.ReplaceAll(body, []byte(sec), []byte(redacted))
		}
	}
	return body
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

// PhaseError is returned by the waiters when a resource reaches phase
// FAILED. It matches ErrFailed.
type PhaseError struct {
	Kind, ID     string
	Phase        string
	ErrorCode    string
	ErrorMessage string
}

func (e *PhaseError) Error() string {
	msg := fmt.Sprintf("confluent: %s %s is %s", e.Kind, e.ID, e.Phase)
	if e.ErrorCode != "" {
		msg += " [" + e.ErrorCode + "]"
	}
	if e.ErrorMessage != "" {
		msg += ": " + e.ErrorMessage
	}
	return msg
}

// Is makes errors.Is(err, ErrFailed) true.
func (e *PhaseError) Is(target error) bool { return target == ErrFailed }

// AmbiguousCreateError reports a create whose outcome is unknown: an
// attempt's answer was lost, or was a server error, and the call could not
// settle whether that attempt took effect: the retry met 409 naming ID and
// that resource could not be read back (Conflict is set), or the call ended
// otherwise (a 5xx, a timeout, a cancelled wait: in Err). Look for the resource before creating it again. It
// unwraps to Conflict and Err.
type AmbiguousCreateError struct {
	Kind string
	// ID is the resource the 409 named; empty when no 409 came.
	ID       string
	Conflict *APIError
	Err      error
}

func (e *AmbiguousCreateError) Error() string {
	if e.ID != "" {
		return fmt.Sprintf("confluent: create of %s may have succeeded as %s: an answer was lost, the retry met 409, and reading %s back failed: %v",
			e.Kind, e.ID, e.ID, e.Err)
	}
	return fmt.Sprintf("confluent: create of %s may have succeeded (an attempt may have been stored before the call failed): %v", e.Kind, e.Err)
}

// Unwrap returns the 409, when there was one, and the error that ended the
// call.
func (e *AmbiguousCreateError) Unwrap() []error {
	if e.Conflict == nil {
		return []error{e.Err}
	}
	return []error{e.Conflict, e.Err}
}

// parseRateLimit reads the rate-limit headers; absent figures are -1.
func parseRateLimit(h http.Header, now time.Time) RateLimit {
	rl := RateLimit{Limit: headerInt(h, "X-RateLimit-Limit"), Remaining: headerInt(h, "X-RateLimit-Remaining"), Reset: -1}
	if d, ok := parseSeconds(h.Get("X-RateLimit-Reset")); ok {
		rl.Reset = d
	}
	if d, ok := parseRetryAfter(h.Get("Retry-After"), now); ok {
		rl.RetryAfter = d
	}
	return rl
}

func headerInt(h http.Header, name string) int {
	v := strings.TrimSpace(h.Get(name))
	if v == "" {
		return -1
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return -1
	}
	return n
}

// maxHeaderWait bounds any wait a header can ask for, so that a hostile or
// broken value cannot park a caller for days.
const maxHeaderWait = time.Hour

// parseSeconds reads a non-negative number of seconds (fractions allowed).
func parseSeconds(v string) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f < 0 || math.IsNaN(f) {
		return 0, false
	}
	if f > maxHeaderWait.Seconds() {
		return maxHeaderWait, true
	}
	return time.Duration(f * float64(time.Second)), true
}

// parseRetryAfter reads Retry-After as seconds or as an HTTP date.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	if d, ok := parseSeconds(v); ok {
		return d, true
	}
	t, err := http.ParseTime(strings.TrimSpace(v))
	if err != nil {
		return 0, false
	}
	d := t.Sub(now)
	if d < 0 {
		d = 0
	}
	if d > maxHeaderWait {
		d = maxHeaderWait
	}
	return d, true
}
