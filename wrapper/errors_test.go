package wrapper

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ccloud-go/networking/api"
)

// Every error status becomes an *APIError that matches its sentinel.
func TestErrorStatusesMapToSentinels(t *testing.T) {
	cases := []struct {
		code     int
		sentinel error
	}{
		{400, ErrValidation},
		{401, ErrUnauthenticated},
		{402, ErrQuotaExceeded},
		{403, ErrForbidden},
		{404, ErrNotFound},
		{409, ErrConflict},
		{422, ErrValidation},
		{429, ErrRateLimited},
		{500, ErrServer},
	}
	all := []error{ErrValidation, ErrUnauthenticated, ErrQuotaExceeded, ErrForbidden, ErrNotFound, ErrConflict, ErrRateLimited, ErrServer}
	for _, tc := range cases {
		t.Run(http.StatusText(tc.code), func(t *testing.T) {
			s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
				if tc.code == 429 {
					w.Header().Set("Retry-After", "0")
				}
				writeFailure(w, tc.code, "detail for "+http.StatusText(tc.code))
			})
			c := newTestClient(t, s, WithRetryPolicy(NoRetries()))
			_, err := c.NetworkLinkServices().Get(context.Background(), "env-1", "nls-1")
			require.Error(t, err)
			var apiErr *APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, tc.code, apiErr.StatusCode)
			assert.Equal(t, "req-"+strconv.Itoa(tc.code), apiErr.RequestID)
			require.Len(t, apiErr.Errors, 1)
			assert.Equal(t, "test_error", *apiErr.Errors[0].Code)
			for _, s := range all {
				assert.Equal(t, s == tc.sentinel, errors.Is(err, s), "errors.Is(%d, %v)", tc.code, s)
			}
			msg := err.Error()
			assert.NotContains(t, msg, "\n")
			assert.True(t, strings.HasPrefix(msg, "confluent: "+strconv.Itoa(tc.code)+" "+http.StatusText(tc.code)+" (request id req-"), msg)
			assert.Contains(t, msg, "GET /networking/v1/network-link-services/nls-1")
			assert.Contains(t, msg, "detail for "+http.StatusText(tc.code))
		})
	}
}

// A non-JSON error body (an HTML 502 page) still reads clearly.
func TestHTMLErrorPage(t *testing.T) {
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("X-Request-Id", "edge-7")
		w.WriteHeader(http.StatusBadGateway)
		_, _ = w.Write([]byte("<html>\n<head><title>502 Bad Gateway</title></head>\n<body>\x01bad gateway</body></html>"))
	})
	c := newTestClient(t, s, WithRetryPolicy(NoRetries()))
	_, err := c.PrivateLinkAccesses().Get(context.Background(), "env-1", "pla-1")
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 502, apiErr.StatusCode)
	assert.Empty(t, apiErr.Errors)
	assert.True(t, errors.Is(err, ErrServer))
	assert.Equal(t, `confluent: 502 Bad Gateway (request id edge-7): GET /networking/v1/private-link-accesses/pla-1: "<html> <head><title>502 Bad Gateway</title></head> <body>bad gateway</body></html>"`, err.Error())
}

// Malformed JSON in a success answer is a DecodeError naming the request.
func TestMalformedSuccessBody(t *testing.T) {
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Request-Id", "r-9")
		_, _ = w.Write([]byte(`{"id": "nls-1", "spec": {`))
	})
	c := newTestClient(t, s)
	_, err := c.NetworkLinkServices().Get(context.Background(), "env-1", "nls-1")
	var de *DecodeError
	require.ErrorAs(t, err, &de)
	assert.Equal(t, 200, de.StatusCode)
	assert.Contains(t, err.Error(), "request id r-9")
	assert.Contains(t, err.Error(), "GET /networking/v1/network-link-services/nls-1")
}

func TestAPIErrorDescribesEveryPart(t *testing.T) {
	code, title, detail, ptr, param := "bad_cloud", "Invalid", "account must be 12 digits", "/spec/cloud/account", "page_size"
	e := &APIError{StatusCode: 422, Method: "POST", Path: "/p", RequestID: "x"}
	e.Errors = append(e.Errors, apiErrorEntry(&code, &title, &detail, &ptr, nil), apiErrorEntry(nil, nil, nil, nil, &param), apiErrorEntry(nil, nil, nil, nil, nil))
	assert.Equal(t, "confluent: 422 Unprocessable Entity (request id x): POST /p: [bad_cloud] Invalid account must be 12 digits (at /spec/cloud/account); (parameter page_size); no detail given", e.Error())

	rl := &APIError{StatusCode: 429, RateLimit: RateLimit{RetryAfter: 3 * time.Second}}
	assert.Equal(t, "confluent: 429 Too Many Requests (retry after 3s)", rl.Error())
}

func TestRateLimitFiguresOnError(t *testing.T) {
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-RateLimit-Limit", "50")
		w.Header().Set("X-RateLimit-Remaining", "0")
		w.Header().Set("X-RateLimit-Reset", "2")
		w.Header().Set("Retry-After", "2")
		w.WriteHeader(429)
	})
	c := newTestClient(t, s, WithRetryPolicy(NoRetries()), WithoutPacing())
	_, err := c.NetworkLinkServices().Get(context.Background(), "env-1", "nls-1")
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, RateLimit{Limit: 50, Remaining: 0, Reset: 2 * time.Second, RetryAfter: 2 * time.Second}, apiErr.RateLimit)
	assert.ErrorIs(t, err, ErrRateLimited)
}

func TestInputAndPhaseErrors(t *testing.T) {
	ie := &InputError{Field: "spec.cloud.account", Problem: "must be 12 digits"}
	assert.ErrorIs(t, ie, ErrInvalidInput)
	assert.Equal(t, "confluent: invalid spec.cloud.account: must be 12 digits", ie.Error())
	pe := &PhaseError{Kind: "private link access", ID: "pla-1", Phase: "FAILED", ErrorCode: "E1", ErrorMessage: "no capacity"}
	assert.ErrorIs(t, pe, ErrFailed)
	assert.Equal(t, "confluent: private link access pla-1 is FAILED [E1]: no capacity", pe.Error())
}

func TestSnippetFoldsAndTruncates(t *testing.T) {
	assert.Equal(t, "a b c", snippet([]byte("  a \n\t b\r\nc  "), 100))
	assert.Equal(t, "abc...", snippet([]byte("abcdef"), 3))
	assert.Equal(t, "", snippet(nil, 10))
	assert.Equal(t, "ok", snippet([]byte{0x00, 'o', 0x7f, 'k', 0xff}, 10))
}

func TestParseSecondsAndRetryAfter(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for in, want := range map[string]time.Duration{"0": 0, "2": 2 * time.Second, "0.25": 250 * time.Millisecond, " 3 ": 3 * time.Second, "99999999": time.Hour} {
		d, ok := parseSeconds(in)
		assert.True(t, ok, in)
		assert.Equal(t, want, d, in)
	}
	for _, in := range []string{"", "-1", "NaN", "abc", "1e400x"} {
		_, ok := parseSeconds(in)
		assert.False(t, ok, in)
	}
	d, ok := parseRetryAfter([]string{now.Add(5 * time.Second).Format(http.TimeFormat)}, now)
	assert.True(t, ok)
	assert.Equal(t, 5*time.Second, d)
	d, ok = parseRetryAfter([]string{now.Add(-5 * time.Second).Format(http.TimeFormat)}, now)
	assert.True(t, ok)
	assert.Equal(t, time.Duration(0), d)
	d, ok = parseRetryAfter([]string{now.Add(48 * time.Hour).Format(http.TimeFormat)}, now)
	assert.True(t, ok)
	assert.Equal(t, time.Hour, d)
	_, ok = parseRetryAfter([]string{"tomorrow"}, now)
	assert.False(t, ok)
}

func apiErrorEntry(code, title, detail, pointer, parameter *string) api.Error {
	e := api.Error{Code: code, Title: title, Detail: detail}
	if pointer != nil || parameter != nil {
		e.Source = &api.ErrorSource{Pointer: pointer, Parameter: parameter}
	}
	return e
}
