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
