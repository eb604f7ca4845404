package wrapper

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/ccloud-go/networking/api"
)

// Fuzz targets for everything that parses what the network sends. The seed
// corpus (here and under testdata/fuzz) runs as ordinary tests; `make fuzz`
// explores further.

// Error bodies: any bytes give a one-line error that keeps its status.
func FuzzErrorBody(f *testing.F) {
	f.Add(502, []byte(`<html><body>bad gateway</body></html>`))
	f.Add(404, []byte(`{"errors":[{"status":"404","title":"Not Found","detail":"no such thing","source":{"pointer":"/id"}}]}`))
	f.Add(400, []byte(`{"errors":[]}`))
	f.Add(422, []byte(`{"errors":[{"code":null,"source":{}}]}`))
	f.Add(500, []byte("\x00\xff\xfe"))
	f.Add(429, []byte(``))
	f.Fuzz(func(t *testing.T, code int, body []byte) {
		if code < 400 || code > 599 {
			code = 400 + (abs(code) % 200)
		}
		e := newAPIError(&answer{status: code, header: http.Header{}, method: "GET", path: "/p", body: body, auth: "Basic a2V5OnNlY3JldA=="})
		msg := e.Error()
		if strings.IndexFunc(msg, func(r rune) bool { return r < 0x20 || r == 0x7f }) >= 0 {
			t.Fatalf("error holds control characters or spans lines: %q", msg)
		}
		if !strings.HasPrefix(msg, "confluent: ") || e.StatusCode != code {
			t.Fatalf("bad error %q for %d", msg, code)
		}
		if !utf8.ValidString(e.BodySnippet) || utf8.RuneCountInString(e.BodySnippet) > 210 {
			t.Fatalf("snippet not short printable text: %q", e.BodySnippet)
		}
	})
}

func abs(n int) int {
	if n < 0 {
		if n == -n { // the smallest int
			return 0
		}
		return -n
	}
	return n
}

// Retry-After and the rate-limit headers: never negative, never past the
// cap, never a panic.
func FuzzRateLimitHeaders(f *testing.F) {
	f.Add("2", "0", "1", "50")
	f.Add("Wed, 21 Oct 2015 07:28:00 GMT", "5", "0.25", "x")
	f.Add("-1", "-5", "NaN", "")
	f.Add("1e309", "99999999999999999999", "Inf", "1")
	f.Fuzz(func(t *testing.T, retryAfter, remaining, reset, limit string) {
		h := http.Header{}
		h.Set("Retry-After", retryAfter)
		h.Set("X-RateLimit-Remaining", remaining)
		h.Set("X-RateLimit-Reset", reset)
		h.Set("X-RateLimit-Limit", limit)
		now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		rl := parseRateLimit(h, now)
		if rl.RetryAfter < 0 || rl.RetryAfter > maxHeaderWait || rl.Reset > maxHeaderWait || rl.Reset < -1 {
			t.Fatalf("out of range: %+v", rl)
		}
		if rl.Remaining < -1 || rl.Limit < -1 {
			t.Fatalf("negative count: %+v", rl)
		}
		p := DefaultRetryPolicy()
		d, source := p.delay(1, &answer{status: 429, header: h, received: now})
		if d < 0 || d > maxHeaderWait || source == "" {
			t.Fatalf("delay %s from %q", d, source)
		}
		pc := newPacer()
		pc.observe(1, 429, h, now, now)
		pc.observe(1, 200, h, now, now)
		pc.mu.Lock()
		defer pc.mu.Unlock()
		if !pc.resetAt.IsZero() && time.Until(pc.resetAt) > maxPacerHold {
			t.Fatalf("the pacer would hold for %s", time.Until(pc.resetAt))
		}
	})
}

// metadata.next links: a link with a page token passes whatever its host
// (only the token is used), and what passes is exactly that token.
func FuzzNextLink(f *testing.F) {
	f.Add("https://api.confluent.cloud/networking/v1/private-link-accesses?page_token=abc")
	f.Add("https://evil.example/networking/v1/private-link-accesses?page_token=abc")
	f.Add("//api.confluent.cloud/x?page_token=a")
	f.Add("https://API.CONFLUENT.CLOUD/x?page_token=%zz")
	f.Add("http://api.confluent.cloud/x?page_token=a")
	f.Add("https://api.confluent.cloud@evil.example/?page_token=a")
	f.Add("")
	f.Fuzz(func(t *testing.T, next string) {
		max := api.ListNetworkingV1PrivateLinkAccessesParams{}.PageBounds().MaxPageTokenLength
		tok, err := nextToken(&next, max)
		if err != nil {
			return
		}
		if next == "" {
			if tok != "" {
				t.Fatal("token from an empty link")
			}
			return
		}
		u, perr := url.Parse(next)
		if perr != nil {
			t.Fatalf("accepted an unparsable link %q", next)
		}
		if tok == "" || tok != u.Query().Get("page_token") || len(tok) > max {
			t.Fatalf("token %q from %q", tok, next)
		}
	})
}

// The cloud union: any JSON either reads as one of the three clouds or is
// refused, and what checkCloud accepts round-trips.
func FuzzCloudUnion(f *testing.F) {
	f.Add([]byte(`{"kind":"AwsPrivateLinkAccess","account":"123456789012"}`))
	f.Add([]byte(`{"kind":"AzurePrivateLinkAccess","subscription":"s"}`))
	f.Add([]byte(`{"kind":"GcpPrivateServiceConnectAccess","project":"p"}`))
	f.Add([]byte(`{"kind":"AwsPrivateLinkAccess","account":12}`))
	f.Add([]byte(`{"kind":7}`))
	f.Add([]byte(`null`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		var c api.PrivateLinkAccessCloud
		if err := json.Unmarshal(raw, &c); err != nil {
			return
		}
		kind, account, err := CloudAccount(c)
		if err != nil {
			return
		}
		switch kind {
		case PrivateLinkAccessAWS, PrivateLinkAccessAzure, PrivateLinkAccessGCP:
		default:
			t.Fatalf("unknown kind %q accepted", kind)
		}
		if validPrivateLinkAccessCloud("spec.cloud", c) != nil {
			return
		}
		if kind == PrivateLinkAccessAWS && !awsPattern.MatchString(account) {
			t.Fatalf("bad AWS account %q passed the check", account)
		}
		again, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		var back api.PrivateLinkAccessCloud
		if err := json.Unmarshal(again, &back); err != nil {
			t.Fatal(err)
		}
		k2, a2, err := CloudAccount(back)
		if err != nil || k2 != kind || a2 != account {
			t.Fatalf("round trip changed %s/%s into %s/%s (%v)", kind, account, k2, a2, err)
		}
	})
}

// awsPattern is the spec's pattern for an AWS account, the oracle the
// hand-written check is fuzzed against.
var awsPattern = regexp.MustCompile(`^\d{12}$`)
