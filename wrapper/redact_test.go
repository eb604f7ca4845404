package wrapper

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Defect 9: a credential echoed in X-Request-Id or Location, or
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
