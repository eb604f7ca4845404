package wrapper

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/ccloud-go/networking/api"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// printed is every way a caller may print err.
func printed(err error) string {
	return fmt.Sprintf("%v\n%+v\n%#v\n%s\n%q", err, err, err, err, err)
}

// A base URL that carries a credential (user info, a query) is refused
// without the credential in the error, however the URL is malformed.
func TestBaseURLErrorsHideCredentials(t *testing.T) {
	const pw = "url-secret-XYZ"
	for _, raw := range []string{
		"https://user:" + pw + "@example.com/%zz",    // does not parse
		"https://user:" + pw + "@example.com/\x7f",   // control character
		"user:" + pw + "@example.com",                // no scheme, no host
		"ftp://user:" + pw + "@example.com",          // wrong scheme
		"https://example.com/?token=" + pw,           // a query
		"https://example.com/#" + pw,                 // a fragment
		"http://user:" + pw + "@example.com/%zz?a=1", // both
	} {
		_, err := New(WithBaseURL(raw), WithAPIKey("k", "s"))
		require.Error(t, err, raw)
		assert.ErrorIs(t, err, ErrInvalidInput, raw)
		var ie *InputError
		require.ErrorAs(t, err, &ie, raw)
		assert.Equal(t, "WithBaseURL", ie.Field)
		assert.NotContains(t, printed(err), pw, raw)
	}
}

// Credentials that cannot make a valid Authorization header (a line break
// read from a file, a colon in a basic-auth user id, RFC 7617) are refused
// by New, naming the option, rather than sent: a bearer token with a line
// break failed every call after all its retries with a transport error, and
// a key with one got a 401 that did not say why.
func TestMalformedCredentialsRefusedByNew(t *testing.T) {
	const tok = "bearer-secret-XYZ"
	for name, tc := range map[string]struct {
		opt    Option
		field  string
		hidden string
	}{
		"token with a line break":  {WithBearerToken(tok + "\r\nX-Evil: 1"), "WithBearerToken", tok},
		"token with a tab":         {WithBearerToken(tok + "\t"), "WithBearerToken", tok},
		"key with a line break":    {WithAPIKey(testKey+"\n", testSecret), "WithAPIKey", testSecret},
		"key with a colon":         {WithAPIKey("a:"+testKey, testSecret), "WithAPIKey", testSecret},
		"secret with a line break": {WithAPIKey(testKey, testSecret+"\n"), "WithAPIKey", testSecret},
		"blank secret":             {WithAPIKey(testKey, "  "), "WithAPIKey", testSecret},
	} {
		_, err := New(WithBaseURL("http://127.0.0.1:1"), tc.opt)
		require.Error(t, err, name)
		assert.ErrorIs(t, err, ErrInvalidInput, name)
		var ie *InputError
		require.ErrorAs(t, err, &ie, name)
		assert.Equal(t, tc.field, ie.Field, name)
		assert.NotContains(t, printed(err), tc.hidden, name)
	}
	// What the RFCs allow still goes through: a secret may hold a colon
	// and any printable character.
	_, err := New(WithBaseURL("http://127.0.0.1:1"), WithAPIKey(testKey, "a:b c+/="))
	assert.NoError(t, err)
}

// NewFromEnv's errors name the environment variable to fix, not an option
// the caller never wrote.
func TestNewFromEnvNamesTheVariable(t *testing.T) {
	for name, tc := range map[string]struct {
		key, secret, endpoint, field string
	}{
		"endpoint plain http": {testKey, testSecret, "http://api.example", EnvEndpoint},
		"endpoint blank":      {testKey, testSecret, "  ", EnvEndpoint},
		"endpoint no host":    {testKey, testSecret, "api.confluent.cloud", EnvEndpoint},
		"blank key":           {"  ", testSecret, "", EnvAPIKey},
		"key with a newline":  {testKey + "\n", testSecret, "", EnvAPIKey},
		"secret with newline": {testKey, testSecret + "\n", "", EnvAPISecret},
		"blank secret":        {testKey, " ", "", EnvAPISecret},
	} {
		t.Setenv(EnvAPIKey, tc.key)
		t.Setenv(EnvAPISecret, tc.secret)
		t.Setenv(EnvEndpoint, tc.endpoint)
		_, err := NewFromEnv()
		require.Error(t, err, name)
		assert.ErrorIs(t, err, ErrInvalidInput, name)
		var ie *InputError
		require.ErrorAs(t, err, &ie, name)
		assert.Equal(t, tc.field, ie.Field, name)
		assert.NotContains(t, printed(err), testSecret, name)
	}
	// An option given after the environment's is named as the option.
	t.Setenv(EnvAPIKey, testKey)
	t.Setenv(EnvAPISecret, testSecret)
	t.Setenv(EnvEndpoint, "https://api.example")
	_, err := NewFromEnv(WithBaseURL("http://api.example"))
	var ie *InputError
	require.ErrorAs(t, err, &ie)
	assert.Equal(t, "WithBaseURL", ie.Field)
}

// A network's CIDR and zones are checked as the spec states them (the
// pattern ^\d+\.\d+\.\d+\.\d+/\d+$; exactly three zones) before sending: a
// CIDR without its prefix length was sent, and came back as a 400 holding
// the server's schema dump.
func TestNetworkCreateChecksCIDRAndZones(t *testing.T) {
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) { writeFailure(w, 500, "must not be reached") })
	c := newTestClient(t, s)
	spec := func(edit func(*api.NetworkSpec)) api.NetworkCreateRequest {
		b := api.NetworkCreateRequest{Spec: api.NetworkSpec{Cloud: "AWS", Region: "us-east-2",
			ConnectionTypes: []string{"PEERING"}, Environment: Ref("env-1")}}
		edit(&b.Spec)
		return b
	}
	for field, body := range map[string]api.NetworkCreateRequest{
		"spec.cidr":  spec(func(s *api.NetworkSpec) { s.Cidr = Ptr("10.0.0.0") }),
		"spec.zones": spec(func(s *api.NetworkSpec) { s.Zones = Ptr([]string{"use2-az1", "use2-az2"}) }),
	} {
		_, err := c.Networks().Create(context.Background(), body)
		var ie *InputError
		require.ErrorAs(t, err, &ie, field)
		assert.Equal(t, field, ie.Field)
		assert.ErrorIs(t, err, ErrInvalidInput)
	}
	assert.Zero(t, s.hits.Load(), "nothing is sent")
}

// A user agent no header can carry (NUL, DEL: not only line breaks) is
// refused by New, naming the option: it was accepted, and every call then
// failed after all its retries with a transport error.
func TestUserAgentControlCharactersRefused(t *testing.T) {
	for _, ua := range []string{"tool\x00", "tool\x7f", "tool\x1b[31m"} {
		_, err := New(WithBaseURL("http://127.0.0.1:1"), WithAPIKey("k", "s"), WithUserAgent(ua))
		var ie *InputError
		require.ErrorAs(t, err, &ie, "%q", ua)
		assert.Equal(t, "WithUserAgent", ie.Field)
	}
	_, err := New(WithBaseURL("http://127.0.0.1:1"), WithAPIKey("k", "s"), WithUserAgent("tool\tv1 (tööl)"))
	assert.NoError(t, err, "a tab and non-ASCII text are valid in a header value")
}

// A request net/http refuses to write (a header value with a control
// character, set by a WithAuth editor, say) was never sent: it fails at
// once, matching ErrInvalidInput and naming the header. It was retried 6
// times, and a create reported "outcome unknown, it may have been applied"
// after reading back in vain.
func TestUnsendableHeaderIsNotAnUnknownOutcome(t *testing.T) {
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) { writeFailure(w, 500, "must not be reached") })
	c, err := New(WithBaseURL(s.URL), WithRetryPolicy(fastRetries()), WithAuth(func(_ context.Context, r *http.Request) error {
		r.Header.Set("X-Trace", "a\x00b")
		return nil
	}))
	require.NoError(t, err)
	body := api.NetworkCreateRequest{Spec: api.NetworkSpec{Cloud: "AWS", Region: "us-east-2",
		ConnectionTypes: []string{"PRIVATELINK"}, Environment: Ref("env-1")}}
	_, err = c.Networks().Create(context.Background(), body)
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrInvalidInput)
	assert.NotErrorIs(t, err, ErrOutcomeUnknown, "nothing left the client")
	assert.ErrorContains(t, err, "X-Trace")
	_, err = c.Networks().Get(context.Background(), "env-1", "n-1")
	assert.ErrorIs(t, err, ErrInvalidInput)
	var te *TransportError
	require.ErrorAs(t, err, &te)
	assert.Equal(t, 1, te.Attempts, "not retried: it cannot succeed")
	assert.Zero(t, s.hits.Load())
}

// WithHTTPClient and WithTransport both give the client its doer: given
// together, one was silently dropped (the client's Timeout, say, or the
// instrumented transport). As with the auth options, New asks for one.
func TestOneDoerOption(t *testing.T) {
	hc := &http.Client{Timeout: time.Second}
	for _, opts := range [][]Option{
		{WithHTTPClient(hc), WithTransport(http.DefaultTransport)},
		{WithTransport(http.DefaultTransport), WithHTTPClient(hc)},
		{WithHTTPClient(hc), WithHTTPClient(hc)},
	} {
		_, err := New(append([]Option{WithAPIKey("k", "s")}, opts...)...)
		var ie *InputError
		require.ErrorAs(t, err, &ie)
		assert.Contains(t, ie.Problem, "already given by With")
	}
}
