package wrapper

import (
	"fmt"
	"testing"

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
