package wrapper

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A base URL on the unspecified address (0.0.0.0 or ::, as a server's
// listen address is often written) reaches the local machine: a
// connection to it lands on the loopback server of that port. It must
// share the record of creates of the loopback spellings of that server,
// or two Clients of one program, one on 0.0.0.0 and one on 127.0.0.1,
// keep two records and may both return one resource. Ports, schemes and
// path prefixes still tell servers apart. New makes no request.
func TestUnspecifiedAddressSharesTheLoopbackRecord(t *testing.T) {
	keyOf := func(base string) string {
		t.Helper()
		c, err := New(WithBaseURL(base), WithAPIKey("key", "secret"), WithInsecureHTTP())
		require.NoError(t, err)
		return c.serverKey
	}
	for _, other := range []string{"http://0.0.0.0:8080", "http://[::]:8080", "http://[0:0:0:0:0:0:0:0]:8080/"} {
		assert.Equal(t, keyOf("http://127.0.0.1:8080"), keyOf(other), other)
	}
	assert.NotEqual(t, keyOf("http://127.0.0.1:8080"), keyOf("http://0.0.0.0:8081"), "another port")
	assert.NotEqual(t, keyOf("http://localhost:8080"), keyOf("https://localhost:8080"), "another scheme")
	assert.NotEqual(t, keyOf("http://localhost:8080/a"), keyOf("http://localhost:8080/b"), "another path prefix")
	assert.Equal(t, keyOf("http://localhost:8080/a"), keyOf("http://127.0.0.1:8080/a/"), "one path prefix")
}
