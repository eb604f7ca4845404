package wrapper

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"

	"golang.org/x/oauth2"

	"github.com/ccloud-go/networking/api"
)

// APIKeyAuth authenticates with a Cloud API key and its secret (HTTP basic,
// the spec's cloud-api-key scheme). It is an api.RequestEditorFn, so it also
// works with the generated client on its own.
func APIKeyAuth(key, apiSecret string) api.RequestEditorFn {
	s := secret{base64.StdEncoding.EncodeToString([]byte(key + ":" + apiSecret))}
	return func(_ context.Context, req *http.Request) error {
		req.Header.Set("Authorization", "Basic "+s.reveal())
		return nil
	}
}

// BearerAuth authenticates with a fixed bearer token.
func BearerAuth(token string) api.RequestEditorFn {
	s := secret{token}
	return func(_ context.Context, req *http.Request) error {
		req.Header.Set("Authorization", "Bearer "+s.reveal())
		return nil
	}
}

// TokenSourceAuth authenticates with tokens from ts (for example the one
// NewSTSTokenSource returns). A token is fetched once and reused until it
// expires; each attempt of a request asks again, so a retry after expiry
// carries a fresh token.
func TokenSourceAuth(ts oauth2.TokenSource) api.RequestEditorFn {
	reuse := oauth2.ReuseTokenSource(nil, ts)
	return func(_ context.Context, req *http.Request) error {
		tok, err := reuse.Token()
		if err != nil {
			return &authError{err: err}
		}
		if tok.AccessToken == "" {
			return &authError{err: errors.New("token source returned an empty access token")}
		}
		req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
		return nil
	}
}

// authError reports that no credentials could be had for a request. It
// matches ErrUnauthenticated.
type authError struct{ err error }

func (e *authError) Error() string        { return fmt.Sprintf("confluent: getting a token: %v", e.err) }
func (e *authError) Unwrap() error        { return e.err }
func (e *authError) Is(target error) bool { return target == ErrUnauthenticated }
