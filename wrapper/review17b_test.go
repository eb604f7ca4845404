package wrapper

// Second review of issue 17: a user's test suite that starts fakes one
// after another in one process, and the program-wide record of claims.

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ccloud-go/networking/fake"
)

// stored counts the private link accesses f holds.
func storedPLAs(t *testing.T, f *fake.Server) int {
	t.Helper()
	for _, c := range f.Collections() {
		if c.Path == "/networking/v1/private-link-accesses" {
			return c.Stored
		}
	}
	t.Fatal("the fake serves no private link accesses")
	return 0
}

// A suite of tests, each with a fake of its own on one address (a fixed
// port, or one the kernel hands out again), each creating through a lost
// answer. The claims of the first test's client must not make the second
// test's create disown the resource its fake stored: every fake stores one
// resource and every create returns it.
func TestSequentialFakesOnOneAddressEachCreateOnce(t *testing.T) {
	addr := ""
	for i := range 3 {
		opts := []fake.Option{fake.WithResetsAfterCreate(1), fake.WithoutUniqueness()}
		var f *fake.Running
		var err error
		if addr == "" {
			f, err = fake.Start(opts...)
			require.NoError(t, err)
			addr = f.URL[len("http://"):]
		} else {
			f, err = fake.StartOn(addr, opts...)
			require.NoError(t, err, "the address of the first fake was taken meanwhile")
		}
		policy := fastRetries()
		policy.SettleDelay, policy.MaxSettle = 50*time.Millisecond, 50*time.Millisecond
		c, err := New(WithBaseURL(f.URL), WithAPIKey(f.Key, f.Secret), WithRetryPolicy(policy))
		require.NoError(t, err)
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		got, err := c.PrivateLinkAccesses().Create(ctx, plaCreate(t, "123456789012"))
		cancel()
		stored := storedPLAs(t, f.Server)
		require.NoError(t, f.Close())
		require.NoError(t, err, "fake %d", i)
		assert.Equal(t, 1, stored, "fake %d: resources stored for one create", i)
		require.NotNil(t, got.ID)
	}
}

// The record of claims is per server, so spellings of one server (host
// case, a default port written out, a trailing slash) share one record; a
// different path or port is another server. New makes no request.
func TestClaimsSharedAcrossSpellingsOfOneServer(t *testing.T) {
	recordOf := func(base string) string { // the key of its record in the registry
		t.Helper()
		c, err := New(WithBaseURL(base), WithAPIKey("key", "secret"))
		require.NoError(t, err)
		return c.serverKey
	}
	for _, group := range [][]string{
		{"https://review17.example", "https://REVIEW17.example", "https://review17.example:443", "https://review17.example:443/", "HTTPS://Review17.Example/"},
		{"http://localhost:18080/base", "http://LocalHost:18080/base/", "http://localhost:18080/base//"},
	} {
		first := recordOf(group[0])
		for _, other := range group[1:] {
			assert.Equal(t, first, recordOf(other), "%s and %s", group[0], other)
		}
	}
	assert.NotEqual(t, recordOf("https://review17.example"), recordOf("https://review17.example:8443"))
	assert.NotEqual(t, recordOf("https://review17.example"), recordOf("https://review17.example/other"))
	assert.NotEqual(t, recordOf("http://localhost:18080/base"), recordOf("http://localhost:18081/base"))
}
