package wrapper

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A first attempt stores, loses its answer, and its resource stays out
// of listings past its settle window; the create sends again and that
// attempt is refused with a 4xx (a quota the hidden store itself may
// have used up, say). By default the window is the bound and the 4xx
// comes back as a known failure. With UnseenIsUnknown a known failure
// is returned only when reads showed a resource for every attempt in
// doubt, and the first attempt's never showed: unknown, one attempt
// unseen, no candidate.
func TestRefusedResendAfterAnUnseenStoreIsUnknownWithUnseenIsUnknown(t *testing.T) {
	for _, code := range []int{http.StatusBadRequest, http.StatusForbidden} {
		for _, on := range []bool{false, true} {
			fr := unseenFront(t, lostHidden)
			inner := fr.rule
			fr.rule = func(w http.ResponseWriter, r *http.Request, n int) bool {
				if r.Method == http.MethodPost && r.URL.Path == nlsPath && n == 2 {
					writeFailure(w, code, "refused")
					return true
				}
				return inner(w, r, n)
			}
			_, made, _, err := fr.createCounted(t, fr.client(t, WithRetryPolicy(unseenPolicy(on))), "svc")
			require.Len(t, made, 1, "the setup: the first attempt stored")
			require.Equal(t, 2, fr.seen["POST "+nlsPath], "the setup: sent again once")
			if !on {
				require.Error(t, err)
				assert.NotErrorIs(t, err, ErrOutcomeUnknown, "the default: the refusal, known")
				continue
			}
			requireUnseen(t, err, nil, "", 1)
		}
	}
}
