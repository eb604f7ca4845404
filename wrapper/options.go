package wrapper

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"github.com/ccloud-go/networking/api"
)

// DefaultBaseURL is the Confluent Cloud API.
const DefaultBaseURL = "https://api.confluent.cloud"

// DefaultMaxResponseBytes caps the body of any one answer.
const DefaultMaxResponseBytes = 4 << 20

// An Option configures New. Options are checked when New runs; a bad value
// is an error that names the option.
type Option func(*config) error

type config struct {
	baseURL   string
	insecure  bool
	doer      api.HttpRequestDoer
	userAgent string
	logger    *slog.Logger
	retry     RetryPolicy
	auth      api.RequestEditorFn
	authName  string
	maxBody   int64
	noPacing  bool
	adaptive  bool // WithAdaptiveRate
}

func defaultConfig() config {
	return config{
		baseURL:   DefaultBaseURL,
		userAgent: userAgent(),
		retry:     DefaultRetryPolicy(),
		maxBody:   DefaultMaxResponseBytes,
	}
}

// WithBaseURL sets the API's base URL (default DefaultBaseURL). It must be
// https, or http on a loopback host, unless WithInsecureHTTP is also given.
func WithBaseURL(raw string) Option {
	return func(c *config) error {
		if strings.TrimSpace(raw) == "" {
			return errors.New("WithBaseURL: empty URL; leave the option out for " + DefaultBaseURL)
		}
		c.baseURL = raw
		return nil
	}
}

// WithInsecureHTTP allows a plain http base URL on a host that is not
// loopback. Credentials then cross the network in clear text.
func WithInsecureHTTP() Option {
	return func(c *config) error { c.insecure = true; return nil }
}

// WithHTTPClient sends requests through hc. Redirects to another host are
// refused, so that credentials stay with the base URL's host.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *config) error {
		if hc == nil {
			return errors.New("WithHTTPClient: nil client")
		}
		c.doer = guardRedirects(hc)
		return nil
	}
}

// WithTransport sends requests through rt (an instrumented or proxied
// http.RoundTripper, say) inside a client of this package's making, which
// follows a redirect only within the base URL's origin and bounds each
// attempt to 60 seconds. Prefer it to WithDoer for instrumentation: the
// redirect rule then holds.
func WithTransport(rt http.RoundTripper) Option {
	return func(c *config) error {
		if rt == nil {
			return errors.New("WithTransport: nil round tripper")
		}
		hc := defaultHTTPClient()
		hc.Transport = rt
		c.doer = hc
		return nil
	}
}

// WithDoer sends requests through any api.HttpRequestDoer. An *http.Client
// given here is treated as by WithHTTPClient. Any other doer is opaque to
// this client: if it follows redirects, it decides which headers go along,
// and Go's http.Client keeps Authorization on a redirect to another port of
// the same host. So a doer given here must not follow redirects to another
// origin; use WithTransport or WithHTTPClient for that guarantee. An answer
// that comes back from another origin than the base URL's is refused with
// ErrUnsafeLink, and credentials are only ever added to requests for the
// base URL's origin.
func WithDoer(d api.HttpRequestDoer) Option {
	return func(c *config) error {
		if d == nil {
			return errors.New("WithDoer: nil doer")
		}
		if hc, ok := d.(*http.Client); ok {
			if hc == nil {
				return errors.New("WithDoer: nil *http.Client")
			}
			d = guardRedirects(hc)
		}
		c.doer = d
		return nil
	}
}

// WithUserAgent adds ua (your program's name and version, say) after the
// client's own User-Agent, "ccloud-go-networking/VERSION (GOVERSION)".
// Given more than once, each is added in turn.
func WithUserAgent(ua string) Option {
	return func(c *config) error {
		if strings.ContainsAny(ua, "\r\n") {
			return errors.New("WithUserAgent: user agent contains a line break")
		}
		if ua = strings.TrimSpace(ua); ua != "" {
			c.userAgent += " " + ua
		}
		return nil
	}
}

// WithLogger logs each attempt, retry and wait at debug level, and each poll
// of a waiter at info level. Credentials are never logged.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) error {
		if l == nil {
			return errors.New("WithLogger: nil logger; leave the option out to log nothing")
		}
		c.logger = l
		return nil
	}
}

// WithRetryPolicy replaces DefaultRetryPolicy.
func WithRetryPolicy(p RetryPolicy) Option {
	return func(c *config) error {
		if err := p.validate(); err != nil {
			return fmt.Errorf("WithRetryPolicy: %w", err)
		}
		c.retry = p.withDefaults()
		return nil
	}
}

// WithMaxResponseBytes caps the size of any one answer's body (default
// DefaultMaxResponseBytes); a larger body fails with ErrResponseTooLarge.
func WithMaxResponseBytes(n int64) Option {
	return func(c *config) error {
		if n < 1024 || n > 1<<40 {
			return fmt.Errorf("WithMaxResponseBytes: %d is outside 1024 bytes to 1 TiB", n)
		}
		c.maxBody = n
		return nil
	}
}

// WithoutPacing turns off the holding of requests while the server's
// rate-limit window is spent. 429 answers are still retried.
func WithoutPacing() Option {
	return func(c *config) error { c.noPacing = true; return nil }
}

// WithAdaptiveRate makes the client learn a send rate from the 429s it
// meets, for programs that share an API key with others (several jobs or
// processes on one key): pacing alone counts the server's window, which
// the others spend too. Like AWS SDK v2's adaptive retry mode it is
// opted into: a client alone on its key, or one meeting a stray 429 now
// and then, does better without it. It has no effect with WithoutPacing.
func WithAdaptiveRate() Option {
	return func(c *config) error { c.adaptive = true; return nil }
}

// WithAPIKey authenticates with a Cloud API key and secret.
func WithAPIKey(key, apiSecret string) Option {
	return func(c *config) error {
		if strings.TrimSpace(key) == "" {
			return errors.New("WithAPIKey: empty key; set the Cloud API key id")
		}
		if apiSecret == "" {
			return errors.New("WithAPIKey: empty secret; set the Cloud API key secret")
		}
		return c.setAuth("WithAPIKey", APIKeyAuth(key, apiSecret))
	}
}

// WithBearerToken authenticates with a fixed bearer token.
func WithBearerToken(token string) Option {
	return func(c *config) error {
		if strings.TrimSpace(token) == "" {
			return errors.New("WithBearerToken: empty token")
		}
		return c.setAuth("WithBearerToken", BearerAuth(token))
	}
}

// WithTokenSource authenticates with tokens from ts, such as
// NewSTSTokenSource or any golang.org/x/oauth2 source.
func WithTokenSource(ts oauth2.TokenSource) Option {
	return func(c *config) error {
		if ts == nil {
			return errors.New("WithTokenSource: nil token source")
		}
		return c.setAuth("WithTokenSource", TokenSourceAuth(ts))
	}
}

// WithAuth authenticates with any request editor; it runs on every attempt.
func WithAuth(edit api.RequestEditorFn) Option {
	return func(c *config) error {
		if edit == nil {
			return errors.New("WithAuth: nil editor")
		}
		return c.setAuth("WithAuth", edit)
	}
}

func (c *config) setAuth(name string, edit api.RequestEditorFn) error {
	if c.auth != nil {
		return fmt.Errorf("%s: credentials were already set by %s; give one auth option", name, c.authName)
	}
	c.auth, c.authName = edit, name
	return nil
}

// checkBaseURL parses a base URL and refuses plain http to a host that is
// not loopback unless insecure is set.
func checkBaseURL(raw string, insecure bool) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, fmt.Errorf("cannot parse %q: %v", raw, err)
	}
	if u.Host == "" {
		return nil, fmt.Errorf("%q has no host; give a URL such as %s", raw, DefaultBaseURL)
	}
	if u.User != nil {
		return nil, errors.New("the URL carries user info; pass credentials with an auth option instead")
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("%q has a query or fragment; give only scheme, host and an optional path", raw)
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !insecure && !isLoopback(u.Hostname()) {
			return nil, fmt.Errorf("%q is plain http to a host that is not loopback; use https, or WithInsecureHTTP to allow it", raw)
		}
	default:
		return nil, fmt.Errorf("%q: scheme must be https (or http on loopback)", raw)
	}
	u.Path = strings.TrimRight(u.Path, "/")
	return u, nil
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// guardRedirects returns a copy of hc that follows a redirect only to the
// origin (scheme, host and port) of the request it came from.
func guardRedirects(hc *http.Client) *http.Client {
	cp := *hc
	prev := hc.CheckRedirect
	cp.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		first := origin(via[0].URL)
		if !first.same(req.URL) {
			to := origin(req.URL)
			return fmt.Errorf("%w: redirect from %s to %s", ErrUnsafeLink, first.String(), to.String())
		}
		if prev != nil {
			return prev(req, via)
		}
		if len(via) >= 10 {
			return errors.New("stopped after 10 redirects")
		}
		return nil
	}
	return &cp
}

// defaultHTTPClient is used when no client is given: a timeout per attempt
// keeps a stalled connection from hanging a caller without a deadline.
func defaultHTTPClient() *http.Client {
	return guardRedirects(&http.Client{Timeout: 60 * time.Second})
}
