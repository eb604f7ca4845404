package wrapper

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/ccloud-go/networking/api"
)

// sendPolicy is the last step: it sends the attempt and reads the whole
// answer, at most maxBody bytes, before the attempt ends. A body that is
// cut off fails the attempt with a *TransportError that keeps the status
// and request id, so the retry policy can judge it.
type sendPolicy struct {
	doer    api.HttpRequestDoer
	maxBody int64
	base    *originOf
	reached *atomic.Bool // set once any answer has come from the server
}

func (*sendPolicy) name() string { return "send" }

func (s *sendPolicy) do(x *exchange, _ next) (*answer, error) {
	if err := x.ctx.Err(); err != nil {
		return nil, &notSentError{err}
	}
	if err := checkHeaders(x.req.Header); err != nil {
		return nil, &notSentError{err}
	}
	sent := time.Now()
	resp, err := s.doer.Do(x.req)
	if err != nil {
		return nil, err
	}
	defer func() { _ = resp.Body.Close() }()
	if s.reached != nil {
		s.reached.Store(true)
	}
	if resp.Request != nil && resp.Request.URL != nil && !s.base.same(resp.Request.URL) {
		// A doer followed a redirect away from the base URL's origin.
		return nil, fmt.Errorf("%w: the answer came from %s after a redirect", ErrUnsafeLink, origin(resp.Request.URL).String())
	}
	a := &answer{status: resp.StatusCode, header: resp.Header, method: x.req.Method, path: x.req.URL.Path,
		auth: x.req.Header.Get("Authorization"), sent: sent}
	a.body, err = readCapped(resp.Body, s.maxBody)
	a.received = time.Now()
	if err != nil {
		if errors.Is(err, ErrResponseTooLarge) {
			return nil, fmt.Errorf("%w: %s %s answered %d with more than the configured cap (WithMaxResponseBytes)",
				ErrResponseTooLarge, a.method, a.path, a.status)
		}
		return nil, &TransportError{Method: a.method, Path: a.path, StatusCode: a.status,
			RequestID: newRedactor(a.auth).text(a.requestID()), Err: fmt.Errorf("reading the answer: %w", err)}
	}
	return a, nil
}

// checkHeaders refuses what net/http would refuse to write: a header name
// that is not a token, or a value with a control character other than tab.
// Such a request never leaves the client and cannot succeed if tried again,
// so the error is final and says what to fix (the values are not shown: a
// header may carry a credential).
func checkHeaders(h http.Header) error {
	for name, values := range h {
		if name == "" || strings.IndexFunc(name, func(r rune) bool { return r <= ' ' || r >= 0x7f || strings.ContainsRune(`"(),/:;<=>?@[\]{}`, r) }) >= 0 {
			return &InputError{Field: fmt.Sprintf("header %q", name), Problem: "is not a valid header name; no request can carry it"}
		}
		for _, v := range values {
			if i := strings.IndexFunc(v, func(r rune) bool { return (r < ' ' && r != '\t') || r == 0x7f }); i >= 0 {
				return &InputError{Field: "header " + name, Problem: fmt.Sprintf("holds a control character at byte %d; no request can carry it", i)}
			}
		}
	}
	return nil
}

// readCapped reads r to the end, failing with ErrResponseTooLarge past max
// bytes.
func readCapped(r io.Reader, max int64) ([]byte, error) {
	b, err := io.ReadAll(&io.LimitedReader{R: r, N: max + 1})
	if int64(len(b)) > max {
		return nil, ErrResponseTooLarge
	}
	return b, err
}

// headersPolicy sets the headers every attempt carries.
type headersPolicy struct{ userAgent string }

func (headersPolicy) name() string { return "headers" }

func (h headersPolicy) do(x *exchange, next next) (*answer, error) {
	if h.userAgent != "" {
		x.req.Header["User-Agent"] = []string{h.userAgent}
	}
	if _, ok := x.req.Header["Accept"]; !ok {
		x.req.Header["Accept"] = acceptJSON
	}
	return next(x)
}

var acceptJSON = []string{"application/json"}

// authPolicy adds credentials to every attempt, fresh from the editor, and
// only when the request goes to the base URL's origin.
type authPolicy struct {
	edit api.RequestEditorFn
	base *originOf
}

func (authPolicy) name() string { return "auth" }

func (p authPolicy) do(x *exchange, next next) (*answer, error) {
	if p.edit != nil && p.base.same(x.req.URL) {
		if err := p.edit(x.ctx, x.req); err != nil {
			return nil, &notSentError{err}
		}
	}
	return next(x)
}
