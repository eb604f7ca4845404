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
// is an *InputError that names the option (and matches ErrInvalidInput).
type Option func(*config) error

// optionError reports a bad option value, naming the option.
func optionError(option, problem string) error { return &InputError{Field: option, Problem: problem} }

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
	wait      waitConfig
	adaptive  bool // WithAdaptiveRate
}

func defaultConfig() config {
	return config{
		baseURL:   DefaultBaseURL,
		userAgent: userAgent(),
		retry:     DefaultRetryPolicy(),
		maxBody:   DefaultMaxResponseBytes,
		wait:      defaultWaitConfig(),
	}
}

// WithBaseURL sets the API's base URL (default DefaultBaseURL). It must be
// https, or http on a loopback host, unless WithInsecureHTTP is also given.
func WithBaseURL(raw string) Option {
	return func(c *config) error {
		if strings.TrimSpace(raw) == "" {
			return optionError("WithBaseURL", "empty URL; leave the option out for "+DefaultBaseURL)
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

// WithHTTPClient sends requests through hc, your whole client (its
// Timeout, Jar and Transport). A copy of it is used whose redirects to
// another origin are refused, so that credentials stay with the base URL's
// origin. To only instrument or proxy requests, prefer WithTransport.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *config) error {
		if hc == nil {
			return optionError("WithHTTPClient", "nil client")
		}
		c.doer = guardRedirects(hc)
		return nil
	}
}

// WithTransport sends requests through rt (an instrumented or proxied
// http.RoundTripper, say) inside a client of this package's making, which
// follows a redirect only within the base URL's origin and bounds each
// attempt to 60 seconds.
func WithTransport(rt http.RoundTripper) Option {
	return func(c *config) error {
		if rt == nil {
			return optionError("WithTransport", "nil round tripper")
		}
		hc := defaultHTTPClient()
		hc.Transport = rt
		c.doer = hc
		return nil
	}
}

// WithUserAgent adds ua (your program's name and version, say) after the
// client's own User-Agent, "ccloud-go-networking/VERSION (GOVERSION)".
// Given more than once, each is added in turn.
func WithUserAgent(ua string) Option {
	return func(c *config) error {
		if strings.ContainsAny(ua, "\r\n") {
			return optionError("WithUserAgent", "user agent contains a line break")
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
			return optionError("WithLogger", "nil logger; leave the option out to log nothing")
		}
		c.logger = l
		return nil
	}
}

// WithRetryPolicy replaces DefaultRetryPolicy.
func WithRetryPolicy(p RetryPolicy) Option {
	return func(c *config) error {
		if err := p.validate(); err != nil {
			return optionError("WithRetryPolicy", err.Error())
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
			return optionError("WithMaxResponseBytes", fmt.Sprintf("%d is outside 1024 bytes to 1 TiB", n))
		}
		c.maxBody = n
		return nil
	}
}

// WithWaitDefaults sets how every WaitReady and WaitDeleted of the client
// polls (PollInterval, MaxWait, PollFailures, OnPoll); options given to a
// wait apply after these.
func WithWaitDefaults(opts ...WaitOption) Option {
	return func(c *config) error {
		w, err := newWaitConfig(c.wait, opts)
		if err != nil {
			var ie *InputError
			if errors.As(err, &ie) {
				return optionError("WithWaitDefaults: "+ie.Field, ie.Problem)
			}
			return optionError("WithWaitDefaults", err.Error())
		}
		c.wait = w
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
			return optionError("WithAPIKey", "empty key; set the Cloud API key id")
		}
		if apiSecret == "" {
			return optionError("WithAPIKey", "empty secret; set the Cloud API key secret")
		}
		return c.setAuth("WithAPIKey", apiKeyAuth(key, apiSecret))
	}
}

// WithBearerToken authenticates with a fixed bearer token.
func WithBearerToken(token string) Option {
	return func(c *config) error {
		if strings.TrimSpace(token) == "" {
			return optionError("WithBearerToken", "empty token")
		}
		return c.setAuth("WithBearerToken", bearerAuth(token))
	}
}

// WithTokenSource authenticates with tokens from ts, such as
// NewSTSTokenSource or any golang.org/x/oauth2 source.
func WithTokenSource(ts oauth2.TokenSource) Option {
	return func(c *config) error {
		if ts == nil {
			return optionError("WithTokenSource", "nil token source")
		}
		return c.setAuth("WithTokenSource", tokenSourceAuth(ts))
	}
}

// WithAuth authenticates with any request editor; it runs on every attempt.
func WithAuth(edit api.RequestEditorFn) Option {
	return func(c *config) error {
		if edit == nil {
			return optionError("WithAuth", "nil editor")
		}
		return c.setAuth("WithAuth", edit)
	}
}

func (c *config) setAuth(name string, edit api.RequestEditorFn) error {
	if c.auth != nil {
		return optionError(name, "credentials were already set by "+c.authName+"; give one auth option")
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
