package wrapper

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"

	"github.com/ccloud-go/networking/api"
)

// apiKeyAuth authenticates with a Cloud API key and its secret (HTTP basic,
// the spec's cloud-api-key scheme).
func apiKeyAuth(key, apiSecret string) api.RequestEditorFn {
	s := secret{base64.StdEncoding.EncodeToString([]byte(key + ":" + apiSecret))}
	return func(_ context.Context, req *http.Request) error {
		req.Header.Set("Authorization", "Basic "+s.reveal())
		return nil
	}
}

// bearerAuth authenticates with a fixed bearer token.
func bearerAuth(token string) api.RequestEditorFn {
	s := secret{token}
	return func(_ context.Context, req *http.Request) error {
		req.Header.Set("Authorization", "Bearer "+s.reveal())
		return nil
	}
}

// authError reports that no credentials could be had for a request. It
// matches ErrUnauthenticated.
type authError struct{ err error }

func (e *authError) Error() string { return fmt.Sprintf("confluent: getting a token: %v", e.err) }
func (e *authError) Unwrap() error { return e.err }

// Is makes a token fetch that failed for good match ErrUnauthenticated; a
// transient failure (the token endpoint's 5xx, a reset) does not.
func (e *authError) Is(target error) bool { return target == ErrUnauthenticated && !e.transient() }

// transient reports whether asking again may bring a token: the token
// endpoint answered 429 or 5xx, or did not answer, or the wait for it ended.
func (e *authError) transient() bool {
	var se *STSError
	if errors.As(e.err, &se) {
		return se.transient()
	}
	var te *TransportError
	if errors.As(e.err, &te) || isContextErr(e.err) {
		return true
	}
	var ne interface{ Timeout() bool }
	return errors.As(e.err, &ne)
}
