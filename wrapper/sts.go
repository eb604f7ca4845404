package wrapper

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
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
//
// The source is a ContextTokenSource: each exchange ends with the context
// of the call that needs it. A 429, a 5xx or a lost answer is tried again
// (3 tries in all, with jittered backoff) within that context; a refusal
// is an *STSError. ctx is used only by Token, which has no context of its
// own; it may be nil.
func NewSTSTokenSource(ctx context.Context, cfg STSConfig) (ContextTokenSource, error) {
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
	// take it to another origin.
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

// STSError reports a token exchange that did not give a token: the
// endpoint refused it (StatusCode 400 or more, with the OAuth error and
// its description), answered with something that is not a token, or did
// not answer (StatusCode 0, Err says why). A refusal (4xx but 429) matches
// ErrUnauthenticated; a 5xx matches ErrServer.
type STSError struct {
	StatusCode  int
	RequestID   string
	Code        string // the OAuth "error" value
	Description string
	Err         error
}

func (e *STSError) Error() string {
	var b strings.Builder
	b.WriteString("confluent: sts token exchange")
	if e.StatusCode != 0 {
		fmt.Fprintf(&b, ": %d %s", e.StatusCode, http.StatusText(e.StatusCode))
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, " (request id %s)", e.RequestID)
	}
	for _, s := range []string{e.Code, e.Description} {
		if s != "" {
			b.WriteString(": " + s)
		}
	}
	if e.Err != nil {
		b.WriteString(": " + shortErr(e.Err))
	}
	return b.String()
}

func (e *STSError) Unwrap() error { return e.Err }

// Is matches ErrUnauthenticated for a refusal and ErrServer for a 5xx.
func (e *STSError) Is(target error) bool {
	switch target {
	case ErrUnauthenticated:
		return e.StatusCode >= 400 && e.StatusCode < 500 && e.StatusCode != http.StatusTooManyRequests
	case ErrServer:
		return e.StatusCode >= 500
	}
	return false
}

// transient reports whether trying again may give a token.
func (e *STSError) transient() bool {
	return e.StatusCode == 0 && e.Err != nil || e.StatusCode == http.StatusTooManyRequests || e.StatusCode >= 500
}

// stsTries is how many exchanges one fetch may try.
const stsTries = 3

// Token performs an exchange under the context given at construction.
func (s *stsSource) Token() (*oauth2.Token, error) { return s.TokenContext(s.ctx) }

// TokenContext performs an exchange, trying again after a transient
// failure, until ctx ends.
func (s *stsSource) TokenContext(ctx context.Context) (*oauth2.Token, error) {
	subject, err := subjectToken(ctx, s.cfg.SubjectToken)
	if err != nil {
		return nil, &STSError{Err: fmt.Errorf("identity provider token: %w", err)}
	}
	if subject == nil || subject.AccessToken == "" {
		return nil, &STSError{Err: errors.New("the identity provider returned an empty token")}
	}
	red := redactSecrets(subject.AccessToken)
	red.addPieces(subject.AccessToken)
	for try := 1; ; try++ {
		tok, err := s.exchange(ctx, subject.AccessToken, red)
		var se *STSError
		if err == nil || !errors.As(err, &se) || !se.transient() || try == stsTries || ctx.Err() != nil {
			return tok, err
		}
		d := time.Duration(rand.N(int64(100*time.Millisecond) << try))
		if !fits(ctx, d) {
			return nil, err
		}
		if serr := sleep(ctx, d); serr != nil {
			return nil, err
		}
	}
}

// subjectToken asks the identity provider's source for its token, within
// ctx: a ContextTokenSource is handed ctx; any other is left to finish in
// the background when ctx ends first.
func subjectToken(ctx context.Context, src oauth2.TokenSource) (*oauth2.Token, error) {
	if cs, ok := src.(ContextTokenSource); ok {
		return cs.TokenContext(ctx)
	}
	type result struct {
		tok *oauth2.Token
		err error
	}
	ch := make(chan result, 1)
	go func() {
		tok, err := src.Token()
		ch <- result{tok, err}
	}()
	select {
	case r := <-ch:
		return r.tok, r.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// exchange makes one token request.
func (s *stsSource) exchange(ctx context.Context, subject string, red redactor) (*oauth2.Token, error) {
	form := url.Values{
		"grant_type":           {stsGrantType},
		"subject_token":        {subject},
		"subject_token_type":   {stsSubjectTokenType},
		"requested_token_type": {stsRequestedTokenType},
		"identity_pool_id":     {s.cfg.IdentityPoolID},
	}
	if s.cfg.ExpiresIn > 0 {
		form.Set("expires_in", fmt.Sprint(int64(s.cfg.ExpiresIn/time.Second)))
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.url, strings.NewReader(form.Encode()))
	if err != nil {
		return nil, &STSError{Err: err}
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	start := time.Now()
	resp, err := s.cfg.HTTPClient.Do(req)
	if err != nil {
		// url.Error carries the URL only; the form (with the subject token)
		// is never part of it.
		return nil, &STSError{Err: err}
	}
	defer func() { _ = resp.Body.Close() }()
	rid := red.text(resp.Header.Get("X-Request-Id"))
	body, err := readCapped(resp.Body, 1<<20)
	if err != nil {
		return nil, &STSError{StatusCode: resp.StatusCode, RequestID: rid, Err: fmt.Errorf("reading the answer: %w", err)}
	}
	if resp.StatusCode != http.StatusOK {
		var p stsProblem
		_ = json.Unmarshal(body, &p)
		return nil, &STSError{StatusCode: resp.StatusCode, RequestID: rid,
			Code: snippet([]byte(red.text(p.Error)), 100), Description: snippet([]byte(red.text(p.ErrorDescription)), 300)}
	}
	var r stsReply
	if err := json.Unmarshal(body, &r); err != nil {
		return nil, &STSError{StatusCode: resp.StatusCode, RequestID: rid, Err: errors.New("the answer is not a token document")}
	}
	if r.AccessToken == "" {
		return nil, &STSError{StatusCode: resp.StatusCode, RequestID: rid, Err: errors.New("the answer carries no access_token")}
	}
	if r.TokenType != "" && !strings.EqualFold(r.TokenType, "bearer") {
		return nil, &STSError{StatusCode: resp.StatusCode, RequestID: rid, Err: fmt.Errorf("token_type %q is not Bearer", red.text(r.TokenType))}
	}
	tok := &oauth2.Token{AccessToken: r.AccessToken, TokenType: "Bearer"}
	if r.ExpiresIn > 0 {
		tok.Expiry = start.Add(time.Duration(r.ExpiresIn) * time.Second)
	}
	return tok, nil
}

// Format prints the source without the tokens it handles.
func (s *stsSource) Format(f fmt.State, _ rune) {
	fmt.Fprintf(f, "STSTokenSource{pool: %s, url: %s}", s.cfg.IdentityPoolID, s.url)
}
