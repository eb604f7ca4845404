package wrapper

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testToken is a bearer token that must never show up in any output.
const testToken = "eyJhbGciOiJSUzI1NiJ9.c3ViamVjdC10aGF0LW11c3Qtbm90LWxlYWs.sig-0123456789abcdef"

// A FAILED resource whose status.error_message echoes the credential the
// poll carried: the *PhaseError of WaitReady and WaitDeleted blanks it,
// for an API key and for a bearer token.
func TestPhaseErrorsBlankEchoedCredentials(t *testing.T) {
	for name, tc := range map[string]struct {
		opt    Option
		secret string
	}{
		"api key":      {WithAPIKey(testKey, testSecret), testSecret},
		"bearer token": {WithBearerToken(testToken), testToken},
	} {
		s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
			doc := nlsDoc("nls-1", "FAILED")
			doc["status"] = map[string]any{"phase": "FAILED", "error_code": "auth " + r.Header.Get("Authorization"),
				"error_message": "the call with secret " + tc.secret + " failed"}
			writeJSON(w, 200, doc)
		})
		c, err := New(WithBaseURL(s.URL), tc.opt, WithRetryPolicy(fastRetries()))
		require.NoError(t, err)
		for wait, call := range map[string]func() error{
			"WaitReady": func() error {
				_, err := c.NetworkLinkServices().WaitReady(context.Background(), "env-1", "nls-1", PollInterval(time.Millisecond, time.Millisecond))
				return err
			},
			"WaitDeleted": func() error {
				return c.NetworkLinkServices().WaitDeleted(context.Background(), "env-1", "nls-1", PollInterval(time.Millisecond, time.Millisecond))
			},
		} {
			err := call()
			var pe *PhaseError
			require.True(t, errors.As(err, &pe), "%s %s: %v", name, wait, err)
			out := fmt.Sprintf("%v|%+v|%#v|%s|%s", err, err, err, pe.ErrorCode, pe.ErrorMessage)
			assert.NotContains(t, out, tc.secret, "%s %s", name, wait)
			assert.Contains(t, out, redacted, "%s %s: the echo was heard and blanked", name, wait)
		}
	}
}

// The forms a server or proxy may echo a credential in beyond those of
// TestEchoedCredentialsAreBlankedEverywhere: key:secret in base64url
// without padding (and the other base64 alphabets), and a bearer token
// less its first characters, as a log line that shortens tokens shows it.
func TestRedactorBlanksEncodedAndShortenedCredentials(t *testing.T) {
	basic := newRedactor("Basic " + base64.StdEncoding.EncodeToString([]byte(testKey+":"+testSecret)))
	pair := []byte(testKey + ":" + testSecret)
	for name, echo := range map[string]string{
		"base64url unpadded":   base64.RawURLEncoding.EncodeToString(pair),
		"base64url padded":     base64.URLEncoding.EncodeToString(pair),
		"base64 unpadded":      base64.RawStdEncoding.EncodeToString(pair),
		"secret base64url":     base64.RawURLEncoding.EncodeToString([]byte(testSecret)),
		"secret less 4 chars":  testSecret[4:],
		"secret less its tail": testSecret[:len(testSecret)-5],
	} {
		out := basic.text("proxy saw <" + echo + "> and refused")
		assert.NotContains(t, out, echo, name)
		assert.Contains(t, out, redacted, name)
	}
	bearer := newRedactor("Bearer " + testToken)
	for name, echo := range map[string]string{
		"token less its first characters": testToken[7:],
		"token less more of its start":    testToken[20:],
		"token's middle":                  testToken[10 : len(testToken)-10],
	} {
		out := bearer.text(`{"detail":"token ...` + echo + ` expired"}`)
		assert.NotContains(t, out, echo, name)
		assert.Contains(t, out, redacted, name)
	}
	// Ordinary text that shares a few characters with a secret is left alone.
	assert.Equal(t, "Value That Must", basic.text("Value That Must"))
	assert.Equal(t, "key TESTKEY123 is unknown", basic.text("key TESTKEY123 is unknown"), "the key id is not a secret")
}
