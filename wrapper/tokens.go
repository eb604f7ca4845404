package wrapper

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"time"

	"golang.org/x/oauth2"

	"github.com/ccloud-go/networking/api"
)

// ContextTokenSource is a token source that honours a context: its fetch
// ends when ctx does. NewSTSTokenSource returns one. WithTokenSource uses
// TokenContext when a source has it, so a call's deadline bounds its token
// fetch too.
type ContextTokenSource interface {
	oauth2.TokenSource
	TokenContext(ctx context.Context) (*oauth2.Token, error)
}

// tokenSourceAuth authenticates with tokens from ts (for example the one
// NewSTSTokenSource returns). A token is fetched once and reused until it
// is within ten seconds of expiring (as golang.org/x/oauth2 does); each attempt of a request asks again, so
// a retry after expiry carries a fresh token. Every fetch honours the
// request's context: a ContextTokenSource is handed it, and any other
// source is left to finish in the background while the call returns when
// its context ends (its token is kept for the next call).
func tokenSourceAuth(ts oauth2.TokenSource) api.RequestEditorFn {
	tc := &tokenCache{src: ts, sem: make(chan struct{}, 1)}
	if cs, ok := ts.(ContextTokenSource); ok {
		tc.ctxSrc = cs
	}
	return func(ctx context.Context, req *http.Request) error {
		tok, err := tc.token(ctx)
		if err != nil {
			return &authError{err: err}
		}
		req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
		return nil
	}
}

// tokenEarly is how long before its expiry a token is replaced.
const tokenEarly = 10 * time.Second

// tokenCache keeps the current token and lets one fetch run at a time.
type tokenCache struct {
	src    oauth2.TokenSource
	ctxSrc ContextTokenSource // nil when src has no TokenContext
	sem    chan struct{}      // held by the fetch under way

	mu  sync.Mutex
	tok *oauth2.Token
	// pending is the result of a background fetch of a plain source that
	// outlived the call that started it.
	pending chan fetched
}

type fetched struct {
	tok *oauth2.Token
	err error
}

func (c *tokenCache) current() *oauth2.Token {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.tok != nil && c.tok.AccessToken != "" && (c.tok.Expiry.IsZero() || time.Until(c.tok.Expiry) > tokenEarly) {
		return c.tok
	}
	return nil
}

func (c *tokenCache) token(ctx context.Context) (*oauth2.Token, error) {
	if t := c.current(); t != nil {
		return t, nil
	}
	select {
	case c.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-c.sem }()
	if t := c.current(); t != nil {
		return t, nil
	}
	tok, err := c.fetch(ctx)
	if err != nil {
		return nil, err
	}
	if tok == nil || tok.AccessToken == "" {
		return nil, errors.New("token source returned an empty access token")
	}
	c.mu.Lock()
	c.tok = tok
	c.mu.Unlock()
	return tok, nil
}

// fetch asks the source once, returning when ctx ends at the latest.
func (c *tokenCache) fetch(ctx context.Context) (*oauth2.Token, error) {
	if c.ctxSrc != nil {
		return c.ctxSrc.TokenContext(ctx)
	}
	c.mu.Lock()
	ch := c.pending
	if ch == nil {
		ch = make(chan fetched, 1)
		c.pending = ch
		go func() {
			tok, err := c.src.Token()
			ch <- fetched{tok, err}
		}()
	}
	c.mu.Unlock()
	select {
	case f := <-ch:
		c.mu.Lock()
		c.pending = nil
		c.mu.Unlock()
		return f.tok, f.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}
