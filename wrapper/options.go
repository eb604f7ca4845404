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
	baseURL    string
	urlFrom    string // what set baseURL, for its errors: "WithBaseURL" or EnvEndpoint
	insecure   bool
	doer       api.HttpRequestDoer
	doerName   string // the option that gave doer
	userAgent  string
	logger     *slog.Logger
	retry      RetryPolicy
	auth       api.RequestEditorFn
	authName   string
	maxBody    int64
	noPacing   bool
	wait       waitConfig
	noAdaptive bool // WithoutAdaptiveRate
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
func WithBaseURL(raw string) Option { return baseURLFrom("WithBaseURL", raw) }

// baseURLFrom sets the base URL from the source named (an option, or an
// environment variable), which New's checks of it then name.
func baseURLFrom(name, raw string) Option {
	return func(c *config) error {
		if strings.TrimSpace(raw) == "" {
			return optionError(name, "empty URL; leave it out for "+DefaultBaseURL)
		}
		c.baseURL, c.urlFrom = raw, name
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
// origin. To only instrument or proxy requests, prefer WithTransport; give
// one of the two, not both.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *config) error {
		if hc == nil {
			return optionError("WithHTTPClient", "nil client")
		}
		return c.setDoer("WithHTTPClient", guardRedirects(hc))
	}
}

// WithTransport sends requests through rt (an instrumented or proxied
// http.RoundTripper, say) inside a client of this package's making, which
// follows a redirect only within the base URL's origin and bounds each
// attempt to 60 seconds. Give it or WithHTTPClient, not both.
func WithTransport(rt http.RoundTripper) Option {
	return func(c *config) error {
		if rt == nil {
			return optionError("WithTransport", "nil round tripper")
		}
		hc := defaultHTTPClient()
		hc.Transport = rt
		return c.setDoer("WithTransport", hc)
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
		if i := strings.IndexFunc(ua, func(r rune) bool { return (r < 0x20 && r != '\t') || r == 0x7f }); i >= 0 {
			return optionError("WithUserAgent", fmt.Sprintf("user agent holds a control character at byte %d; no header can carry it", i))
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

// WithRetryPolicy replaces DefaultRetryPolicy. Start from that and change
// what you need (p := DefaultRetryPolicy(); p.SettleDelay = 10 * time.Second):
// MaxAttempts, BaseDelay and MaxDelay have no default for 0.
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

// WithoutAdaptiveRate turns off the send rate a client learns from the
// 429s it meets when the window was running low (see the package
// documentation, "Rate limits"). It is on by default, as for programs that
// share an API key with others (several jobs or processes on one key):
// pacing alone counts the server's window, which the others spend too.
// It has no effect with WithoutPacing, which turns it off as well.
func WithoutAdaptiveRate() Option {
	return func(c *config) error { c.noAdaptive = true; return nil }
}

// WithAdaptiveRate is the default since the adaptive rate ignores stray
// 429s; it is kept so that programs which opted in still build.
//
// Deprecated: the adaptive rate is on unless WithoutAdaptiveRate.
func WithAdaptiveRate() Option {
	return func(c *config) error { c.noAdaptive = false; return nil }
}

// WithAPIKey authenticates with a Cloud API key and secret. Neither may hold
// a control character (a line break read from a file, say), nor the key a
// colon: HTTP basic auth cannot carry them (RFC 7617).
func WithAPIKey(key, apiSecret string) Option {
	return func(c *config) error {
		if err := checkAPIKey("WithAPIKey", "WithAPIKey", key, apiSecret); err != nil {
			return err
		}
		return c.setAuth("WithAPIKey", apiKeyAuth(key, apiSecret))
	}
}

// checkAPIKey refuses a key and secret that HTTP basic auth cannot carry,
// naming keyName or secretName (an option, or an environment variable).
// The errors never show the secret.
func checkAPIKey(keyName, secretName, key, apiSecret string) error {
	switch {
	case strings.TrimSpace(key) == "":
		return optionError(keyName, "empty key; set the Cloud API key id")
	case strings.Contains(key, ":"):
		return optionError(keyName, "the key holds a colon, which basic auth cannot carry; give the Cloud API key id alone")
	case controlAt(key) >= 0:
		return optionError(keyName, fmt.Sprintf("the key holds a control character at byte %d (a line break?); trim it", controlAt(key)))
	case strings.TrimSpace(apiSecret) == "":
		return optionError(secretName, "empty secret; set the Cloud API key secret")
	case controlAt(apiSecret) >= 0:
		return optionError(secretName, fmt.Sprintf("the secret holds a control character at byte %d (a line break?); trim it", controlAt(apiSecret)))
	}
	return nil
}

// controlAt is the index of the first control character (below 0x20, or
// DEL) in s, or -1.
func controlAt(s string) int {
	return strings.IndexFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f })
}

// WithBearerToken authenticates with a fixed bearer token. It may hold no
// white space or control character (RFC 6750's token syntax).
func WithBearerToken(token string) Option {
	return func(c *config) error {
		if strings.TrimSpace(token) == "" {
			return optionError("WithBearerToken", "empty token")
		}
		if i := strings.IndexFunc(token, func(r rune) bool { return r <= ' ' || r == 0x7f }); i >= 0 {
			return optionError("WithBearerToken", fmt.Sprintf("the token holds white space or a control character at byte %d (a line break?); trim it", i))
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

// setDoer keeps the client requests go through; WithHTTPClient and
// WithTransport both give one, so only one of them may be given.
func (c *config) setDoer(name string, d api.HttpRequestDoer) error {
	if c.doer != nil {
		return optionError(name, "a client was already given by "+c.doerName+"; give one of WithHTTPClient (your client, its Timeout included) and WithTransport (only its RoundTripper)")
	}
	c.doer, c.doerName = d, name
	return nil
}

func (c *config) setAuth(name string, edit api.RequestEditorFn) error {
	if c.auth != nil {
		return optionError(name, "credentials were already set by "+c.authName+"; give one auth option")
	}
	c.auth, c.authName = edit, name
	return nil
}

// checkBaseURL parses a base URL and refuses plain http to a host that is
// not loopback unless insecure is set. Its errors show the URL without user
// info, query or fragment (shownURL), where a credential may sit.
func checkBaseURL(raw string, insecure bool) (*url.URL, error) {
	shown := shownURL(raw)
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		// url.Parse's error repeats the whole URL: keep only its reason.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, fmt.Errorf("cannot parse %q: %v", shown, err)
	}
	if u.Host == "" {
		return nil, fmt.Errorf("%q has no host; give a URL such as %s", shown, DefaultBaseURL)
	}
	if u.User != nil {
		return nil, errors.New("the URL carries user info; pass credentials with an auth option instead")
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("%q has a query or fragment; give only scheme, host and an optional path", shown)
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !insecure && !isLoopback(u.Hostname()) {
			return nil, fmt.Errorf("%q is plain http to a host that is not loopback; use https, or WithInsecureHTTP to allow it", shown)
		}
	default:
		return nil, fmt.Errorf("%q: scheme must be https (or http on loopback)", shown)
	}
	// Both forms of the path lose the slash, so that an escape in it
	// (/a%2Fb/) is still sent as written.
	u.Path, u.RawPath = strings.TrimRight(u.Path, "/"), strings.TrimRight(u.RawPath, "/")
	// Every operation's path starts with /networking/v1, so a base URL
	// that holds it would ask for /networking/v1/networking/v1/...: the
	// API's address copied with an operation's prefix, refused here rather
	// than answered 404 by the server.
	if p := u.Path + "/"; strings.Contains(p, apiPrefix+"/") {
		return nil, fmt.Errorf("%q holds %s, which every operation's path already starts with; give the API's root, such as %s", shown, apiPrefix, DefaultBaseURL)
	}
	return u, nil
}

// apiPrefix starts the path of every operation of the API.
const apiPrefix = "/networking/v1"

// shownURL is raw as an error may show it: user info and anything from a
// query or fragment on are replaced by a placeholder. It works on the text,
// so that a URL that does not parse is hidden as well as one that does.
func shownURL(raw string) string {
	s := strings.TrimSpace(raw)
	if i := strings.IndexAny(s, "?#"); i >= 0 {
		s = s[:i+1] + redacted
	}
	scheme, rest := "", s
	if i := strings.Index(s, "://"); i >= 0 {
		scheme, rest = s[:i+3], s[i+3:]
	}
	authority := rest
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		authority = rest[:i]
	}
	if i := strings.LastIndex(authority, "@"); i >= 0 {
		rest = redacted + rest[i:]
	}
	return scheme + rest
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
