package wrapper

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ccloud-go/networking/fake"
)

// What an attempt of a create meets, in unseenFront.
type attemptFate int

const (
	answered    attemptFate = iota // stored and answered
	lostHidden                     // stored, answer lost, and left out of every listing for an hour
	lostShown                      // stored, answer lost, listed at once
	failedEmpty                    // a 502, nothing stored
)

// unseenFront is a fake with no uniqueness rule on which the nth create
// (from 1) meets fates[n-1] (answered past the end). A store left out of
// listings for an hour shows later than any settle window: what a
// server whose lists lag more for one resource than any lag seen before
// does to a client.
func unseenFront(t *testing.T, fates ...attemptFate) *front {
	var mu sync.Mutex
	hidden := map[string]bool{}
	fr := newFront(t, nil, fake.WithoutUniqueness())
	lagging := listsLagging(fr.f, func(id string) time.Duration {
		mu.Lock()
		defer mu.Unlock()
		if hidden[id] {
			return time.Hour
		}
		return 0
	})
	fr.rule = func(w http.ResponseWriter, r *http.Request, n int) bool {
		if r.Method != http.MethodPost || r.URL.Path != nlsPath {
			return lagging(w, r, n)
		}
		fate := answered
		if n <= len(fates) {
			fate = fates[n-1]
		}
		switch fate {
		case failedEmpty:
			writeFailure(w, http.StatusBadGateway, "the gateway did not reach the backend")
		case lostHidden, lostShown:
			rec := httptest.NewRecorder()
			fr.f.ServeHTTP(rec, r)
			var doc struct{ ID string }
			require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &doc))
			mu.Lock()
			hidden[doc.ID] = fate == lostHidden
			mu.Unlock()
			hangUp(w)
		default:
			return false
		}
		return true
	}
	return fr
}

// unseenPolicy is a quick retry policy with short settle windows and
// UnseenIsUnknown set to on.
func unseenPolicy(on bool) RetryPolicy {
	p := fastRetries()
	p.MaxAttempts, p.SettleDelay, p.MaxSettle = 3, 50*time.Millisecond, time.Second
	p.UnseenIsUnknown = on
	return p
}

// unseenCreate runs one network link service create on a fresh
// unseenFront and returns its result and the ids the fake stored.
func unseenCreate(t *testing.T, on bool, fates ...attemptFate) (got string, made []string, err error) {
	t.Helper()
	fr := unseenFront(t, fates...)
	out, made, _, err := fr.createCounted(t, fr.client(t, WithRetryPolicy(unseenPolicy(on))), "svc")
	if out != nil {
		got = out.ID
	}
	return got, made, err
}

// requireUnseen checks that err is an unknown outcome because of an
// attempt whose store never showed, with the candidates and the answered
// id given.
func requireUnseen(t *testing.T, err error, candidates []string, answeredID string, unseen int) {
	t.Helper()
	require.ErrorIs(t, err, ErrOutcomeUnknown)
	assert.ErrorIs(t, err, errUnseen)
	var unk *OutcomeUnknownError
	require.ErrorAs(t, err, &unk)
	assert.ElementsMatch(t, candidates, unk.CandidateIDs)
	assert.Equal(t, answeredID, unk.AnsweredID)
	assert.Equal(t, unseen, unk.Unseen, "attempts whose store may still show")
	if answeredID != "" {
		assert.Contains(t, err.Error(), "an answer named "+answeredID)
	}
	assert.Contains(t, fmt.Sprintf("%#v", err), fmt.Sprintf("AnsweredID:%q, Unseen:%d", answeredID, unseen))
}

// A first attempt stores, loses its answer, and its resource stays out
// of listings past its settle window; the second attempt is answered. By
// default the window is the bound: the create returns the answered
// resource with a nil error, and the first copy shows later, reported by
// no call. With UnseenIsUnknown the create never takes the window for
// proof: unknown, with the answered resource among the candidates and
// named as answered, and one attempt whose store may still show.
func TestAnsweredResendAfterAnUnseenStore(t *testing.T) {
	got, made, err := unseenCreate(t, false, lostHidden)
	require.NoError(t, err, "the default: the settle window is the bound")
	require.Len(t, made, 2, "the setup: the first attempt stored too")
	assert.Equal(t, made[1], got, "the answered resource")

	_, made, err = unseenCreate(t, true, lostHidden)
	require.Len(t, made, 2, "the setup: the first attempt stored too")
	requireUnseen(t, err, []string{made[1]}, made[1], 1)
}

// Every attempt stores, loses its answer, and stays out of listings past
// its window. By default the create, having sent all its attempts, fails
// as though nothing was stored, a known failure (not ErrOutcomeUnknown),
// with three resources stored. With UnseenIsUnknown: unknown, nothing
// found, three attempts whose stores may still show.
func TestEveryAttemptUnseen(t *testing.T) {
	_, made, err := unseenCreate(t, false, lostHidden, lostHidden, lostHidden)
	require.Error(t, err)
	require.Len(t, made, 3, "the setup: every attempt stored")
	assert.NotErrorIs(t, err, ErrOutcomeUnknown, "the default: a known failure after the last attempt")

	_, made, err = unseenCreate(t, true, lostHidden, lostHidden, lostHidden)
	require.Len(t, made, 3)
	requireUnseen(t, err, nil, "", 3)
}

// A 502 that stored nothing, then an answered attempt: one resource, as
// the default reports. With UnseenIsUnknown it is unknown all the same:
// nothing read tells a 502 that stored nothing from a store not shown
// yet. This is what the option costs. Likewise when every attempt is
// such a 502: the default's known failure becomes unknown.
func TestAnsweredResendAfterA502ThatStoredNothing(t *testing.T) {
	got, made, err := unseenCreate(t, false, failedEmpty)
	require.NoError(t, err)
	assert.Equal(t, []string{got}, made)

	_, made, err = unseenCreate(t, true, failedEmpty)
	require.Len(t, made, 1)
	requireUnseen(t, err, made, made[0], 1)

	// Three such 502s: by default a known failure (the last 502), with
	// the option unknown.
	_, made, err = unseenCreate(t, false, failedEmpty, failedEmpty, failedEmpty)
	assert.Empty(t, made)
	assert.ErrorIs(t, err, ErrServer)
	assert.NotErrorIs(t, err, ErrOutcomeUnknown)

	_, made, err = unseenCreate(t, true, failedEmpty, failedEmpty, failedEmpty)
	assert.Empty(t, made)
	requireUnseen(t, err, nil, "", 3)
}

// A 502 that stored nothing, then an attempt whose answer is lost and
// whose store shows: the read finds one resource for two attempts in
// doubt. The default adopts it; UnseenIsUnknown does not (unknown, the
// resource a candidate, no answer, one attempt unseen).
func TestAdoptedAfterA502ThatStoredNothing(t *testing.T) {
	got, made, err := unseenCreate(t, false, failedEmpty, lostShown)
	require.NoError(t, err)
	assert.Equal(t, []string{got}, made)

	_, made, err = unseenCreate(t, true, failedEmpty, lostShown)
	require.Len(t, made, 1)
	requireUnseen(t, err, made, "", 1)
}

// What UnseenIsUnknown leaves as it was: a create answered at once, and
// one whose only attempt in doubt stored a resource a read showed (every
// attempt accounted for), return success.
func TestUnseenIsUnknownKeepsSettledCreates(t *testing.T) {
	got, made, err := unseenCreate(t, true)
	require.NoError(t, err, "no doubt")
	assert.Equal(t, []string{got}, made)

	got, made, err = unseenCreate(t, true, lostShown)
	require.NoError(t, err, "the one attempt in doubt is accounted for")
	assert.Equal(t, []string{got}, made)
}

// The loop of TestListLagThatVariesAfterItWasLearnedIsNeverAFalseSuccess
// with UnseenIsUnknown: lists whose lag differs per resource, or grows
// after it was learned. By default up to a few creates of 40 return
// success while a copy of theirs stays hidden past their window; with the
// option none does: every copy beyond one comes from a create that
// reports its outcome unknown.
func TestListLagThatVariesWithUnseenIsUnknownNeverSucceedsBesideACopy(t *testing.T) {
	var n atomic.Int64
	for name, lagOf := range variedLags(&n) {
		t.Run(name, func(t *testing.T) {
			res := lagLoop(t, lagOf, &n, true)
			// lagLoop fails on a plain error, so a copy beyond one is
			// stored only by a create that reports its outcome unknown
			// (one such create may store up to MaxAttempts) or by a
			// success counted here.
			assert.Zero(t, res.hiddenCopy, "success while a second copy of the create's is stored")
		})
	}
}

// A 502, then an answered attempt, then every listing refused: the
// outcome is unknown (the 502 may have stored), and the resource the
// answer named is among the candidates, named by AnsweredID, whatever
// the reads gave (the candidates were empty when the read failed).
func TestAnsweredResourceIsACandidateWhenReadingFails(t *testing.T) {
	var fr *front
	var answeredAt atomic.Bool
	fr = newFront(t, func(w http.ResponseWriter, r *http.Request, n int) bool {
		switch {
		case r.Method == http.MethodPost && n == 1:
			writeFailure(w, http.StatusBadGateway, "the gateway did not reach the backend")
		case r.Method == http.MethodPost:
			fr.f.ServeHTTP(w, r)
			answeredAt.Store(true)
		case r.Method == http.MethodGet && answeredAt.Load():
			writeFailure(w, http.StatusForbidden, "no longer allowed to list")
		default:
			return false
		}
		return true
	}, fake.WithoutUniqueness())
	_, made, _, err := fr.createCounted(t, fr.client(t, WithRetryPolicy(unseenPolicy(false))), "svc")
	require.Len(t, made, 1)
	require.ErrorIs(t, err, ErrOutcomeUnknown)
	var unk *OutcomeUnknownError
	require.ErrorAs(t, err, &unk)
	assert.Equal(t, made, unk.CandidateIDs)
	assert.Equal(t, made[0], unk.AnsweredID)
	assert.Equal(t, 1, unk.Unseen, "the 502 may have stored")
	assert.ErrorIs(t, err, ErrForbidden, "why reading did not settle it")
}
