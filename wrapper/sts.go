package wrapper

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/oauth2"
)

// DefaultSTSTokenURL is the token endpoint of the spec's
// confluent-sts-access-token scheme.
const DefaultSTSTokenURL = "https://api.confluent.cloud/sts/v1/oauth2/token"

// The fixed values of Confluent's token exchange (RFC 8693 style).
const (
	stsGrantType          = "urn:ietf:params:oauth:grant-type:token-exchange"
	stsSubjectTokenType   = "urn:ietf:params:oauth:token-type:jwt"
	stsRequestedTokenType = "urn:ietf:params:oauth:token-type:access_token"
)

// STSConfig configures NewSTSTokenSource.
type STSConfig struct {
	// IdentityPoolID is the Confluent identity pool (pool-...) whose
	// policies the exchanged token gets. Required.
	IdentityPoolID string
	// SubjectToken yields the JWT issued by your own identity provider. It
	// is called for every exchange, so it may refresh that token. Required.
	SubjectToken oauth2.TokenSource
	// TokenURL defaults to DefaultSTSTokenURL. Plain http is refused unless
	// the host is loopback.
	TokenURL string
	// ExpiresIn asks for a token lifetime; 0 leaves it to the server.
	ExpiresIn time.Duration
	// HTTPClient sends the exchange; nil means a client with a 30 s
	// timeout. Redirects to another host are refused either way.
	HTTPClient *http.Client
}

// NewSTSTokenSource returns a token source that exchanges an external
// identity provider's JWT for a Confluent access token: a form POST of
// grant_type (token-exchange), subject_token, subject_token_type (jwt),
// requested_token_type (access_token), identity_pool_id and, when set,
// expires_in, answered by {access_token, token_type, expires_in}. Pass it to
// WithTokenSource; tokens are then reused until they expire.
func NewSTSTokenSource(ctx context.Context, cfg STSConfig) (oauth2.TokenSource, error) {
	if strings.TrimSpace(cfg.IdentityPoolID) == "" {
		return nil, &InputError{Field: "STSConfig.IdentityPoolID", Problem: "is empty; give the identity pool id (pool-...)"}
	}
	if cfg.SubjectToken == nil {
		return nil, &InputError{Field: "STSConfig.SubjectToken", Problem: "is nil; give a token source for your identity provider's JWT"}
	}
	if cfg.ExpiresIn < 0 {
		return nil, &InputError{Field: "STSConfig.ExpiresIn", Problem: "is negative; use 0 for the server's default"}
	}
	if cfg.TokenURL == "" {
		cfg.TokenURL = DefaultSTSTokenURL
	}
	u, err := checkBaseURL(cfg.TokenURL, false)
	if err != nil {
		return nil, &InputError{Field: "STSConfig.TokenURL", Problem: err.Error()}
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: 30 * time.Second}
	}
	// The form carries the identity provider's token: never let a redirect
	// take it to another host.
	cfg.HTTPClient = guardRedirects(cfg.HTTPClient)
	if ctx == nil {
		ctx = context.Background()
	}
	return &stsSource{ctx: ctx, cfg: cfg, url: u.String()}, nil
}

type stsSource struct {
	ctx context.Context
	cfg STSConfig
	url string
}

// stsReply is the exchange's answer.
type stsReply struct {
	AccessToken     string `json:"access_token"`
	IssuedTokenType string `json:"issued_token_type"`
	TokenType       string `json:"token_type"`
	ExpiresIn       int64  `json:"expires_in"`
}

// stsProblem is an OAuth error answer.
type stsProblem struct {
	Error            string `json:"error"`
	ErrorDescription string `json:"error_description"`
}

// Token performs one exchange.
func (s *stsSource) Token() (*oauth2.Token, error) {
	subject, err := s.cfg.SubjectToken.Token()
	if err != nil {
		return nil, fmt.Errorf("sts: identity provider token: %w", err)
	}
	if subject.AccessToken == "" {
		return nil, errors.New("sts: identity provider returned an empty token")
	}
	form := url.Values{
		"grant_type":           {stsGrantType},
		"subject_token":        {subject.AccessToken},
		"subject_token_type":   {stsSubjectTokenType},
		"requested_token_type": {stsRequestedTokenType},
		"identity_pool_id":     {s.cfg.IdentityPoolID},
	}
	if s.cfg.ExpiresIn > 0 {
		form.Set("expires_in", fmt.Sprint(int64(s.cfg.ExpiresIn/time.Second)))
	}
	req, err := http.NewRequestWithContext(s.ctx, http.MethodPost, s.url, strings.NewReader(form.Encode()))
	if err != nil {
		return nil, fmt.Errorf("sts: %w", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	start := time.Now()
	resp, err := s.cfg.HTTPClient.Do(req)
	if err != nil {
		// url.Error carries the URL only; the form (with the subject token)
		// is never part of it.
		return nil, fmt.Errorf("sts: exchange: %w", err)
	}
	defer func() { _ = resp.Body.Close() }()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return nil, fmt.Errorf("sts: reading answer: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		var p stsProblem
		_ = json.Unmarshal(body, &p)
		msg := fmt.Sprintf("sts: exchange refused: %d %s", resp.StatusCode, http.StatusText(resp.StatusCode))
		if p.Error != "" {
			msg += ": " + scrub(p.Error, subject.AccessToken)
		}
		if p.ErrorDescription != "" {
			msg += ": " + scrub(p.ErrorDescription, subject.AccessToken)
		}
		return nil, errors.New(msg)
	}
	var r stsReply
	if err := json.Unmarshal(body, &r); err != nil {
		return nil, errors.New("sts: answer is not a token document")
	}
	if r.AccessToken == "" {
		return nil, errors.New("sts: answer carries no access_token")
	}
	if r.TokenType != "" && !strings.EqualFold(r.TokenType, "bearer") {
		return nil, fmt.Errorf("sts: token_type %q is not Bearer", r.TokenType)
	}
	tok := &oauth2.Token{AccessToken: r.AccessToken, TokenType: "Bearer"}
	if r.ExpiresIn > 0 {
		tok.Expiry = start.Add(time.Duration(r.ExpiresIn) * time.Second)
	}
	return tok, nil
}

// scrub removes a secret from text that a server echoed back.
func scrub(text, secretValue string) string {
	if secretValue == "" {
		return text
	}
	return strings.ReplaceAll(text, secretValue, redacted)
}

// Format prints the source without the tokens it handles.
func (s *stsSource) Format(f fmt.State, _ rune) {
	fmt.Fprintf(f, "STSTokenSource{pool: %s, url: %s}", s.cfg.IdentityPoolID, s.url)
}
