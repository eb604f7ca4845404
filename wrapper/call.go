package wrapper

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
)

// call runs one operation through the generated client and decodes a
// success into T. Any status of 400 or more becomes an *APIError.
func call[T any](ctx context.Context, st *callState, send func(context.Context) (*http.Response, error)) (*T, error) {
	resp, body, err := exchange(ctx, st, send)
	if err != nil {
		return nil, err
	}
	out := new(T)
	if err := json.Unmarshal(body, out); err != nil {
		return nil, &DecodeError{Method: resp.Request.Method, Path: resp.Request.URL.Path, StatusCode: resp.StatusCode,
			RequestID: resp.Header.Get("X-Request-Id"), Err: err}
	}
	return out, nil
}

// exchange sends, reads the whole (capped) body and turns error statuses
// into *APIError.
func exchange(ctx context.Context, st *callState, send func(context.Context) (*http.Response, error)) (*http.Response, []byte, error) {
	if ctx == nil {
		return nil, nil, errors.New("confluent: nil context")
	}
	resp, err := send(withCallState(ctx, st))
	if err != nil {
		return nil, nil, err
	}
	defer func() { _ = resp.Body.Close() }()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		if errors.Is(err, ErrResponseTooLarge) {
			return nil, nil, fmt.Errorf("%w: %s %s answered %d with more than the configured cap (WithMaxResponseBytes)",
				ErrResponseTooLarge, resp.Request.Method, resp.Request.URL.Path, resp.StatusCode)
		}
		// The server answered, so a change may well have been applied.
		change := resp.Request.Method != http.MethodGet
		st.ambiguous = st.ambiguous || change
		return nil, nil, &TransportError{Method: resp.Request.Method, Path: resp.Request.URL.Path, Attempts: st.attempts, Err: err, MayHaveApplied: change}
	}
	if resp.StatusCode >= 400 {
		return resp, nil, newAPIError(resp, body)
	}
	return resp, body, nil
}

// DecodeError reports a success answer whose body is not the document the
// spec promises (malformed or truncated JSON).
type DecodeError struct {
	Method, Path string
	StatusCode   int
	RequestID    string
	Err          error
}

func (e *DecodeError) Error() string {
	msg := fmt.Sprintf("confluent: %s %s: %d answer is not valid JSON", e.Method, e.Path, e.StatusCode)
	if e.RequestID != "" {
		msg += " (request id " + e.RequestID + ")"
	}
	return msg + ": " + e.Err.Error()
}

func (e *DecodeError) Unwrap() error { return e.Err }
