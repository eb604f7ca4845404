package wrapper

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Two Clients of one program on one loopback server, one with the URL
// httptest gave (127.0.0.1) and one with another name of the same
// address: A's create is stored but its answer held; B's identical create
// is answered 500 with nothing stored, and reads A's resource. The record
// of creates is per server, "however its URL is spelled" (doc.go): B must
// wait for A's answer and never return A's resource. Each record was keyed
// on the host as written, so localhost and 127.0.0.1 (or ::ffff:127.0.0.1)
// kept two records and both creates returned A's one resource.
func TestLoopbackSpellingsOfOneServerShareOneRecord(t *testing.T) {
	for name, host := range map[string]string{
		"localhost":              "localhost",
		"IPv4-mapped IPv6":       "[::ffff:127.0.0.1]",
		"one spelling (control)": "",
	} {
		t.Run(name, func(t *testing.T) {
			var other string
			fr, r1, r2 := heldAnswerAndA500(t, func(fr *front, p RetryPolicy) *Client {
				other = fr.srv.URL
				if host != "" {
					other = "http://" + host + ":" + fr.srv.URL[strings.LastIndex(fr.srv.URL, ":")+1:]
				}
				b, err := New(WithBaseURL(other), WithAPIKey(testKey, testSecret), WithRetryPolicy(p))
				require.NoError(t, err)
				return b
			})
			var ids []string
			for _, r := range []svcResult{r1, r2} {
				if r.err == nil {
					ids = append(ids, r.id)
				}
			}
			t.Logf("%s: A and B on %s and %s: %d successes %v; errors %v / %v; stored %d",
				name, fr.srv.URL, other, len(ids), ids, r1.err, r2.err, len(fr.f.NetworkLinkServices()))
			require.Len(t, ids, 1, "one create stored, one succeeds")
			assert.Len(t, fr.f.NetworkLinkServices(), 1)
		})
	}
}

// Spellings of one address or name share a record: an IPv6 address
// written out or compressed, a name with its final dot. Another name or
// address (not loopback) is another server. New makes no request.
func TestAddressSpellingsShareOneRecord(t *testing.T) {
	keyOf := func(base string) string {
		t.Helper()
		c, err := New(WithBaseURL(base), WithAPIKey("key", "secret"))
		require.NoError(t, err)
		return c.serverKey
	}
	for _, group := range [][]string{
		{"https://[2001:db8::1]", "https://[2001:0DB8:0:0:0:0:0:1]:443", "https://[2001:db8:0::1]/"},
		{"https://api.example", "https://api.example.", "https://API.example.:443/"},
		{"http://localhost:8080", "http://127.0.0.1:8080", "http://[::1]:8080", "http://[0:0:0:0:0:0:0:1]:8080"},
	} {
		for _, other := range group[1:] {
			assert.Equal(t, keyOf(group[0]), keyOf(other), "%s and %s", group[0], other)
		}
	}
	assert.NotEqual(t, keyOf("https://api.example"), keyOf("https://[2001:db8::1]"))
	assert.NotEqual(t, keyOf("http://localhost:8080"), keyOf("http://localhost:8081"))
}
