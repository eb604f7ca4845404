package wrapper

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/ccloud-go/networking/api"
)

// transport is the api.HttpRequestDoer behind the generated client. For
// each attempt, in this order: wait for the pacer, copy the request, set
// the user agent, add credentials (fresh from the auth editor, and only
// for the base URL's host), send, cap the answer's body, record the
// rate-limit window, log. Between attempts it applies the RetryPolicy.
type transport struct {
	next      api.HttpRequestDoer
	base      *url.URL
	auth      api.RequestEditorFn
	userAgent string
	retry     RetryPolicy
	pacer     *pacer // nil when pacing is off
	maxBody   int64
	log       *slog.Logger // nil when logging is off
}

// callState is shared between one call of the wrapper and its attempts.
type callState struct {
	// dedupable says that the server refuses a duplicate of this create
	// with 409, which makes retrying it after an ambiguous failure safe.
	dedupable bool
	// ambiguous is set once an attempt failed in a way that leaves unknown
	// whether the server acted on it.
	ambiguous bool
	attempts  int
}

type callStateKey struct{}

func withCallState(ctx context.Context, st *callState) context.Context {
	return context.WithValue(ctx, callStateKey{}, st)
}

func stateFrom(ctx context.Context) *callState {
	if st, ok := ctx.Value(callStateKey{}).(*callState); ok {
		return st
	}
	return &callState{}
}

// sameOrigin reports whether u has the base URL's scheme and host.
func (t *transport) sameOrigin(u *url.URL) bool {
	return u.Scheme == t.base.Scheme && strings.EqualFold(u.Host, t.base.Host)
}

// Do sends req with retries. It returns the last answer when retries run
// out on a status code, and the last transport error otherwise.
func (t *transport) Do(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	st := stateFrom(ctx)
	maxAttempts := t.retry.MaxAttempts
	if req.Body != nil && req.Body != http.NoBody && req.GetBody == nil {
		// A body that cannot be read twice (a caller's own reader through
		// API()) is sent once.
		maxAttempts = 1
	}
	var waited time.Duration
	for attempt := 1; ; attempt++ {
		st.attempts = attempt
		if t.pacer != nil {
			w, err := t.pacer.wait(ctx, t.retry.MaxTotalWait-waited)
			waited += w
			if err != nil {
				return nil, fmt.Errorf("confluent: %s %s: held for the rate limit: %w", req.Method, req.URL.Path, err)
			}
		}
		resp, err := t.attempt(ctx, req, attempt)
		now := time.Now()

		retry, reason := t.shouldRetry(ctx, req.Method, st, resp, err)
		if !retry || attempt >= maxAttempts {
			if err != nil {
				return nil, t.wrapTransportErr(req, st, attempt, err)
			}
			return resp, nil
		}
		d, source := t.retry.delay(attempt, resp, now)
		if waited+d > t.retry.MaxTotalWait || !fits(ctx, d) {
			// The wait does not fit: give back what we have now.
			if err != nil {
				return nil, t.wrapTransportErr(req, st, attempt, err)
			}
			return resp, nil
		}
		if resp != nil {
			drain(resp)
		}
		if t.log != nil {
			t.debug(ctx, "confluent retry", "method", req.Method, "path", req.URL.Path,
				"attempt", attempt, "reason", reason, "delay", d, "delay_source", source)
		}
		if err := sleep(ctx, d); err != nil {
			return nil, &TransportError{Method: req.Method, Path: req.URL.Path, Attempts: attempt,
				Err:            fmt.Errorf("stopped while waiting %s to retry after %s: %w", d.Round(time.Millisecond), reason, err),
				MayHaveApplied: req.Method != http.MethodGet && st.ambiguous}
		}
		waited += d
	}
}

// shouldRetry applies the retry rules and records ambiguity in st.
func (t *transport) shouldRetry(ctx context.Context, method string, st *callState, resp *http.Response, err error) (bool, string) {
	if err != nil {
		if ctx.Err() != nil {
			return false, ""
		}
		if errors.Is(err, ErrUnsafeLink) || errors.Is(err, ErrUnauthenticated) {
			return false, ""
		}
		if notSent(err) {
			return true, "not sent: " + shortErr(err)
		}
		st.ambiguous = true
		if method == http.MethodPost && !st.dedupable {
			return false, ""
		}
		return true, "transport: " + shortErr(err)
	}
	retry, ambiguous := retryableStatus(resp.StatusCode)
	if !retry {
		return false, ""
	}
	if ambiguous {
		st.ambiguous = true
		if method == http.MethodPost && !st.dedupable {
			return false, ""
		}
	}
	return true, fmt.Sprintf("status %d", resp.StatusCode)
}

// attempt sends req itself the first time (the generated client made it
// for this call alone) and a copy with a fresh body after that.
func (t *transport) attempt(ctx context.Context, req *http.Request, n int) (*http.Response, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	r := req
	if n > 1 {
		r = req.Clone(ctx)
		if req.GetBody != nil {
			body, err := req.GetBody()
			if err != nil {
				return nil, err
			}
			r.Body = body
		}
	}
	if t.userAgent != "" {
		r.Header.Set("User-Agent", t.userAgent)
	}
	if r.Header.Get("Accept") == "" {
		r.Header.Set("Accept", "application/json")
	}
	if t.auth != nil && t.sameOrigin(r.URL) {
		if err := t.auth(ctx, r); err != nil {
			return nil, err
		}
	}
	start := time.Now()
	resp, err := t.next.Do(r)
	if err != nil {
		if t.log != nil {
			t.debug(ctx, "confluent attempt", "method", r.Method, "path", r.URL.Path, "error", shortErr(err), "elapsed", time.Since(start))
		}
		return nil, err
	}
	resp.Body = &cappedBody{rc: resp.Body, left: t.maxBody}
	if t.pacer != nil {
		t.pacer.observe(resp, start)
	}
	if t.log != nil {
		t.debug(ctx, "confluent attempt", "method", r.Method, "path", r.URL.Path, "status", resp.StatusCode,
			"request_id", resp.Header.Get("X-Request-Id"), "elapsed", time.Since(start))
	}
	return resp, nil
}

// debug logs at debug level. Callers check t.log first, so that building
// the arguments costs nothing when logging is off.
func (t *transport) debug(ctx context.Context, msg string, args ...any) {
	t.log.DebugContext(ctx, msg, args...)
}

func (t *transport) wrapTransportErr(req *http.Request, st *callState, attempts int, err error) error {
	if errors.Is(err, ErrUnauthenticated) || errors.Is(err, ErrRateLimited) {
		return err
	}
	return &TransportError{Method: req.Method, Path: req.URL.Path, Attempts: attempts, Err: err,
		MayHaveApplied: req.Method != http.MethodGet && (st.ambiguous || !notSent(err))}
}

// TransportError reports that no answer came back: the connection failed,
// was reset, or timed out, after Attempts attempts.
type TransportError struct {
	Method, Path string
	Attempts     int
	Err          error
	// MayHaveApplied is set for a change (POST, PATCH, DELETE) that may
	// have reached the server: its effect is unknown, so read the resource
	// back before acting on the failure.
	MayHaveApplied bool
}

func (e *TransportError) Error() string {
	unknown := ""
	if e.MayHaveApplied {
		unknown = " (it may have been applied)"
	}
	return fmt.Sprintf("confluent: %s %s: no answer after %d attempt(s)%s: %s", e.Method, e.Path, e.Attempts, unknown, shortErr(e.Err))
}

func (e *TransportError) Unwrap() error { return e.Err }

// shortErr prints a transport error without the URL's query string.
func shortErr(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err.Error()
	}
	return err.Error()
}

// drain discards a little of a body so its connection can be reused.
func drain(resp *http.Response) {
	_, _ = io.CopyN(io.Discard, resp.Body, 64<<10)
	_ = resp.Body.Close()
}

// cappedBody fails with ErrResponseTooLarge once more than left bytes have
// been read, so a huge answer costs at most the cap in memory.
type cappedBody struct {
	rc   io.ReadCloser
	left int64
}

func (b *cappedBody) Read(p []byte) (int, error) {
	if b.left < 0 {
		return 0, ErrResponseTooLarge
	}
	if int64(len(p))-1 > b.left {
		p = p[:b.left+1]
	}
	n, err := b.rc.Read(p)
	b.left -= int64(n)
	if b.left < 0 {
		return n, ErrResponseTooLarge
	}
	return n, err
}

func (b *cappedBody) Close() error { return b.rc.Close() }
