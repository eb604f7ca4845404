package wrapper

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ccloud-go/networking/api"
	"github.com/ccloud-go/networking/fake"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A credential echoed in X-Request-Id or Location, or
// percent-encoded or JSON-escaped in a body that is not a Failure, reaches
// neither Error(), %#v, nor the debug log.
func TestEchoedCredentialsAreBlankedEverywhere(t *testing.T) {
	basic := base64.StdEncoding.EncodeToString([]byte(testKey + ":" + testSecret))
	jsonEscaped := strings.NewReplacer("-", `\u002d`, "V", `\u0056`).Replace(testSecret)
	echoes := map[string]func(w http.ResponseWriter, r *http.Request){
		"request id": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("X-Request-Id", "rid-"+r.Header.Get("Authorization"))
			writeRaw(w, 400, `{"errors":[{"detail":"bad"}]}`)
		},
		"location": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Location", "/x?echo="+url.QueryEscape(testSecret))
			writeRaw(w, 409, `{"errors":[{"detail":"exists"}]}`)
		},
		"percent-encoded in a page": func(w http.ResponseWriter, r *http.Request) {
			writeRaw(w, 502, "<html>proxy saw "+url.QueryEscape(testKey+":"+testSecret)+"</html>")
		},
		"json-escaped in a non-Failure body": func(w http.ResponseWriter, r *http.Request) {
			writeRaw(w, 500, `{"message":"auth was `+jsonEscaped+`"}`)
		},
		"basic token in a page": func(w http.ResponseWriter, r *http.Request) {
			writeRaw(w, 401, "denied: "+basic)
		},
		"in a cut answer's request id": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("X-Request-Id", testSecret)
			w.Header().Set("Content-Length", "100")
			w.WriteHeader(200)
			_, _ = w.Write([]byte(`{"id":`))
		},
	}
	for name, echo := range echoes {
		var logs bytes.Buffer
		s := newServer(t, echo)
		c := newTestClient(t, s, WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))),
			WithRetryPolicy(NoRetries()))
		_, err := c.NetworkLinkServices().Get(context.Background(), "env-1", "nls-1")
		require.Error(t, err, name)
		out := fmt.Sprintf("%v|%+v|%#v|%s", err, err, err, logs.String())
		var apiErr *APIError
		if errors.As(err, &apiErr) {
			out += fmt.Sprintf("|%#v|%+v", *apiErr, apiErr.Errors)
		}
		for _, sec := range []string{testSecret, basic, url.QueryEscape(testSecret), jsonEscaped} {
			assert.NotContains(t, out, sec, name)
		}
		assert.Contains(t, out, redacted, "%s: the echo was heard and blanked", name)
	}
}

func TestRedactorDecodesWhatHidesAnEcho(t *testing.T) {
	r := newRedactor("Basic " + base64.StdEncoding.EncodeToString([]byte("key:pa/ss+w0rd")))
	for _, in := range []string{"pa/ss+w0rd", "pa%2Fss%2Bw0rd", `pa\/ss+w0rd`, `pa\u002fss\u002bw0rd`, "pa%252Fss%252Bw0rd"} {
		out := r.text("x " + in + " y")
		assert.NotContains(t, out, "w0rd", in)
		assert.Contains(t, out, redacted, in)
	}
	assert.Equal(t, "nothing here %2F", r.text("nothing here %2F"), "text without an echo is left as it is")
	assert.Equal(t, "abc", newRedactor("").text("abc"))
}

// An echo hidden behind JSON escapes is still scrubbed.
func TestEscapedEchoIsScrubbed(t *testing.T) {
	const sec = "ab/cd+ef/gh"
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(401)
		_, _ = w.Write([]byte(`{"errors":[{"detail":"bad token ab\/cd+ef\/gh","title":"ab\u002fcd+ef/gh"}]}`))
	})
	c, err := New(WithBaseURL(s.URL), WithBearerToken(sec), WithRetryPolicy(NoRetries()))
	require.NoError(t, err)
	_, err = c.NetworkLinkServices().Get(context.Background(), "env-1", "nls-1")
	require.Error(t, err)
	assert.NotContains(t, err.Error(), sec)
	assert.Contains(t, err.Error(), "bad token [REDACTED]")
}

// A server echoing the API secret in every field of a Failure body and in
// its headers, plain, percent-encoded, JSON-escaped, in base64, and split
// in two halves across two fields: no form of it reaches the error.
func TestSecretEchoedEverywhereNeverInErrors(t *testing.T) {
	pair := testKey + ":" + testSecret
	esc := ""
	for _, r := range testSecret {
		esc += fmt.Sprintf(`\u%04x`, r)
	}
	half := len(testSecret) / 2
	forms := []string{testSecret, url.QueryEscape(testSecret), url.PathEscape(pair), base64.StdEncoding.EncodeToString([]byte(pair)),
		base64.RawURLEncoding.EncodeToString([]byte(pair))}
	for _, code := range []int{400, 409, 429, 500} {
		s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
			for i, f := range forms {
				w.Header().Set(fmt.Sprintf("X-Echo-%d", i), f)
			}
			w.Header().Set("X-Request-Id", testSecret)
			w.Header().Set("Location", "/networking/v1/network-link-services/"+url.PathEscape(testSecret))
			w.Header().Set("Retry-After", "0")
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(code)
			_, _ = fmt.Fprintf(w, `{"errors":[{"id":%q,"status":%q,"code":"%s","title":%q,"detail":%q,"source":{"pointer":%q,"parameter":%q}},`+
				`{"detail":%q,"title":%q,"code":%q}]}`,
				testSecret, testSecret, esc, url.QueryEscape(testSecret), "auth "+r.Header.Get("Authorization"),
				base64.RawURLEncoding.EncodeToString([]byte(pair)), pair,
				testSecret[:half], testSecret[half:], r.Header.Get("Authorization")[6:])
		})
		c := newTestClient(t, s)
		_, err := c.NetworkLinkServices().Get(context.Background(), "env-1", "nls-1")
		require.Error(t, err)
		out := fmt.Sprintf("%v|%+v|%#v", err, err, err)
		var ae *APIError
		if errors.As(err, &ae) {
			out += fmt.Sprintf("%#v", *ae)
			for _, e := range ae.Errors {
				out += fmt.Sprintf("%#v", e) + deref(e.Detail) + deref(e.Title) + deref(e.Code) + deref(e.ID) + deref(e.Status)
				if e.Source != nil {
					out += deref(e.Source.Pointer) + deref(e.Source.Parameter)
				}
			}
		}
		for _, f := range append(forms, testSecret[:half], testSecret[half:]) {
			assert.NotContains(t, out, f, "status %d", code)
		}
	}
}

// A server that redirects to a URL echoing the credential, on a port
// nobody listens on: the transport error names that URL, never the secret.
func TestRedirectEchoingTheSecretNeverInErrors(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	dead := ln.Addr().String()
	require.NoError(t, ln.Close())
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://"+dead+"/x?auth="+url.QueryEscape(r.Header.Get("Authorization"))+"&s="+testSecret, http.StatusFound)
	})
	c := newTestClient(t, s)
	_, err = c.NetworkLinkServices().Get(context.Background(), "env-1", "nls-1")
	require.Error(t, err)
	out := fmt.Sprintf("%v|%+v|%#v", err, err, err)
	assert.NotContains(t, out, testSecret)
	assert.NotContains(t, out, base64.StdEncoding.EncodeToString([]byte(testKey+":"+testSecret)))
	assert.NotContains(t, out, url.QueryEscape(base64.StdEncoding.EncodeToString([]byte(testKey+":"+testSecret))))
}

// Debug logs of calls against a server echoing the credential in its
// headers and bodies, through retries and a create settled by reading.
func TestDebugLogsNeverHoldTheSecret(t *testing.T) {
	var buf bytes.Buffer
	var mu sync.Mutex
	logger := slog.New(slog.NewTextHandler(&lockedWriter{w: &buf, mu: &mu}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	var fr *front
	fr = newFront(t, func(w http.ResponseWriter, r *http.Request, n int) bool {
		w.Header().Set("X-Echo", r.Header.Get("Authorization"))
		w.Header().Set("X-Secret", testSecret)
		if r.Method == http.MethodPost && n == 1 {
			w.Header().Set("Retry-After", "0")
			writeFailure(w, http.StatusTooManyRequests, "slow "+testSecret+" "+r.Header.Get("Authorization"))
			return true
		}
		if r.Method == http.MethodPost && n == 2 {
			storeThenHangUp(fr.f, w, r)
			return true
		}
		return false
	}, fake.WithoutUniqueness())
	c := fr.client(t, WithLogger(logger))
	_, err := c.NetworkLinkServices().Create(context.Background(), nlsCreate("svc"))
	require.NoError(t, err)
	mu.Lock()
	out := buf.String()
	mu.Unlock()
	assert.NotEmpty(t, out)
	assert.NotContains(t, out, testSecret)
	assert.NotContains(t, out, base64.StdEncoding.EncodeToString([]byte(testKey+":"+testSecret)))
}

// A create whose outcome is unknown, against a server that echoes the
// credentials in the stored resources (status.error_message) and in its
// 500: the candidates stay the server's data as read, but no form of the
// secret reaches the error's text, however it is printed or logged.
func TestUnknownOutcomeWithEchoingCandidatesNeverPrintsTheSecret(t *testing.T) {
	pair := testKey + ":" + testSecret
	var mu sync.Mutex
	stored := []any{}
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		auth := r.Header.Get("Authorization")
		if r.Method == http.MethodPost {
			for i := range 2 { // a server that stores twice
				doc := nlsDoc(fmt.Sprintf("nls-%d", len(stored)+i), api.PhaseFailed)
				doc["status"].(map[string]any)["error_message"] = "denied " + testSecret + " " + auth + " " + auth[8:] +
					" " + base64.RawURLEncoding.EncodeToString([]byte(pair))
				stored = append(stored, doc)
			}
			w.Header().Set("X-Echo", auth)
			writeFailure(w, http.StatusInternalServerError, "oops "+testSecret+" "+auth)
			return
		}
		writeJSON(w, 200, map[string]any{"api_version": "networking/v1", "kind": "NetworkLinkServiceList", "metadata": map[string]any{}, "data": stored})
	})
	var logs bytes.Buffer
	var lmu sync.Mutex
	logger := slog.New(slog.NewJSONHandler(&lockedWriter{w: &logs, mu: &lmu}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c := newTestClient(t, s, WithLogger(logger))
	_, err := c.NetworkLinkServices().Create(context.Background(), nlsCreate("svc"))
	var unknown *OutcomeUnknownError
	require.ErrorAs(t, err, &unknown)
	require.Len(t, unknown.CandidateIDs, 2)
	var text bytes.Buffer
	slog.New(slog.NewTextHandler(&text, nil)).Error("create failed", "err", err)
	slog.New(slog.NewJSONHandler(&text, nil)).Error("create failed", "err", err)
	lmu.Lock()
	out := fmt.Sprintf("%v|%+v|%s|%q|%#v", err, err, err, err, err) + text.String() + logs.String()
	lmu.Unlock()
	for _, f := range []string{testSecret, testSecret[2:], base64.StdEncoding.EncodeToString([]byte(pair)),
		base64.RawURLEncoding.EncodeToString([]byte(pair))} {
		assert.NotContains(t, out, f)
	}
}

// A success answer that does not decode because a field the client
// parses (created_at, a time) holds a credential the server echoed: the
// decoding error quotes the value it could not parse, and it came out
// verbatim in the *DecodeError of Get and WaitReady, in the create's
// *OutcomeUnknownError, and in the retry's debug log line.
func TestUndecodableAnswerEchoingTheSecretNeverInErrors(t *testing.T) {
	pair := testKey + ":" + testSecret
	for _, echo := range []string{testSecret, base64.RawURLEncoding.EncodeToString([]byte(pair)), base64.StdEncoding.EncodeToString([]byte(pair))} {
		s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
			doc := nlsDoc("nls-1", "READY")
			doc["metadata"] = map[string]any{"created_at": echo}
			if r.Method == http.MethodGet && r.URL.Path == nlsPath {
				writeJSON(w, 200, map[string]any{"api_version": "networking/v1", "kind": "NetworkLinkServiceList", "metadata": map[string]any{}, "data": []any{}})
				return
			}
			writeJSON(w, map[string]int{http.MethodPost: 202}[r.Method]+map[string]int{http.MethodGet: 200}[r.Method], doc)
		})
		var logs bytes.Buffer
		c := newTestClient(t, s, WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
		_, gerr := c.NetworkLinkServices().Get(context.Background(), "env-1", "nls-1")
		_, werr := c.NetworkLinkServices().WaitReady(context.Background(), "env-1", "nls-1", PollInterval(time.Millisecond, time.Millisecond), MaxWait(5*time.Second))
		_, cerr := c.NetworkLinkServices().Create(context.Background(), nlsCreate("svc"))
		out := logs.String()
		for _, err := range []error{gerr, werr, cerr} {
			require.Error(t, err)
			out += fmt.Sprintf("%v|%+v|%#v", err, err, err)
			var de *DecodeError
			if errors.As(err, &de) {
				out += fmt.Sprintf("%#v|%#v", *de, de.Err)
			}
		}
		assert.ErrorIs(t, cerr, ErrOutcomeUnknown)
		assert.NotContains(t, out, echo)
		assert.Contains(t, out, redacted, "the echo was heard and blanked")
	}
}
