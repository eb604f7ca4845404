package wrapper

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ccloud-go/networking/fake"
)

// tagCreates is a front rule that writes into each network link service
// create, as the server stores it, a description naming the create that
// sent it (the last word of its User-Agent): every stored resource then
// says which create stored it, while it still holds every field each
// identical create sent.
func tagCreates(f http.Handler) func(w http.ResponseWriter, r *http.Request, n int) bool {
	return func(w http.ResponseWriter, r *http.Request, _ int) bool {
		if r.Method != http.MethodPost || r.URL.Path != nlsPath {
			return false
		}
		raw, err := io.ReadAll(r.Body)
		if err != nil {
			return true
		}
		var doc map[string]any
		if json.Unmarshal(raw, &doc) == nil {
			if spec, ok := doc["spec"].(map[string]any); ok {
				ua := strings.Fields(r.UserAgent())
				spec["description"] = ua[len(ua)-1]
				raw, _ = json.Marshal(doc)
			}
		}
		r.Body, r.ContentLength = io.NopCloser(bytes.NewReader(raw)), int64(len(raw))
		f.ServeHTTP(w, r)
		return true
	}
}

// Identical creates at once from several goroutines, each create through
// a Client of its own, the Clients spelling the one loopback server three
// ways, against a server with no uniqueness rule whose faults all fall
// within the settle window: answers lost or failed after the store, 5xx
// before it, lists behind the store, a gateway that gives up while the
// backend stores. Whatever each create reports, what the server holds
// says what happened.
// A create may return an identical create's store taken while that one was
// in doubt too (the two are interchangeable, and the other sends again):
// counted, not asserted. What is asserted: no resource is returned to two
// creates, every success is stored, and a resource no create returned was
// stored by a create that reported its outcome unknown.
func TestConcurrentIdenticalCreatesAcrossSpellingsNeverShareOrLie(t *testing.T) {
	goroutines, each := 6, 6
	if n := os.Getenv("CONCURRENT_CREATES_G"); n != "" {
		goroutines, _ = strconv.Atoi(n)
	}
	cases := map[string][]fake.Option{
		"answers lost or failed after the store, 5xx before it": {fake.WithResetsAfterCreate(0.2), fake.WithServerErrorsAfterCreate(0.1), fake.WithServerErrors(0.05)},
		"lists 100 ms behind, answers lost after the store":     {fake.WithListLag(100 * time.Millisecond), fake.WithResetsAfterCreate(0.25)},
		"a gateway gives up at 50 ms, the store takes 150 ms":   {fake.WithStoreDelay(150 * time.Millisecond), fake.WithGatewayTimeout(50 * time.Millisecond)},
	}
	for name, opts := range cases {
		t.Run(name, func(t *testing.T) {
			var fr *front
			fr = newFront(t, func(w http.ResponseWriter, r *http.Request, n int) bool {
				return tagCreates(fr.f)(w, r, n)
			}, append([]fake.Option{fake.WithoutUniqueness()}, opts...)...)
			port := fr.srv.URL[strings.LastIndex(fr.srv.URL, ":")+1:]
			bases := []string{fr.srv.URL, "http://localhost:" + port, "http://[::ffff:127.0.0.1]:" + port}
			policy := fastRetries()
			policy.SettleDelay, policy.MaxSettle = 200*time.Millisecond, 2*time.Second
			type result struct {
				tag string
				id  string
				err error
			}
			results := make(chan result, goroutines*each)
			var wg sync.WaitGroup
			for g := range goroutines {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := range each {
						tag := fmt.Sprintf("g%d-%d", g, i)
						c, err := New(WithBaseURL(bases[(g+i)%len(bases)]), WithAPIKey(testKey, testSecret), WithRetryPolicy(policy), WithUserAgent(tag))
						if err != nil {
							results <- result{tag: tag, err: err}
							continue
						}
						ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
						got, err := c.NetworkLinkServices().Create(ctx, nlsCreate("svc"))
						cancel()
						r := result{tag: tag, err: err}
						if got != nil {
							r.id = got.ID
						}
						results <- r
					}
				}()
			}
			wg.Wait()
			close(results)
			time.Sleep(300 * time.Millisecond) // stores a gateway gave up on land (drain, not asserted)
			madeBy, creator := map[string][]string{}, map[string]string{}
			for _, s := range fr.f.NetworkLinkServices() {
				if s.Spec.Description != nil {
					madeBy[*s.Spec.Description] = append(madeBy[*s.Spec.Description], s.ID)
					creator[s.ID] = *s.Spec.Description
				}
			}
			returnedTo, outcome := map[string]string{}, map[string]string{}
			ok, unknown, known, twice, missing, swapped := 0, 0, 0, 0, 0, 0
			for r := range results {
				switch {
				case r.err == nil:
					ok++
					outcome[r.tag] = "success"
					if other, seen := returnedTo[r.id]; seen {
						twice++
						t.Logf("%s and %s both returned %s", other, r.tag, r.id)
					}
					returnedTo[r.id] = r.tag
					switch by, stored := creator[r.id]; {
					case !stored:
						missing++
						t.Logf("%s: success with %s, which is not stored", r.tag, r.id)
					case by != r.tag:
						// An identical create's store, taken while that create
						// was in doubt too: the two are interchangeable.
						swapped++
					}
				case errors.Is(r.err, ErrOutcomeUnknown):
					unknown++
					outcome[r.tag] = "unknown"
				default:
					known++
					outcome[r.tag] = "known failure"
				}
			}
			// A stored resource no create returned is an extra copy: only a
			// create that reported its outcome unknown may have left one.
			orphans, unreported := 0, 0
			for id, by := range creator {
				if _, returned := returnedTo[id]; !returned {
					orphans++
					if outcome[by] != "unknown" {
						unreported++
						t.Logf("%s stored %s, returned to no create, and ended with %s", by, id, outcome[by])
					}
				}
			}
			t.Logf("%s: %d creates: success %d (an identical create's store %d), unknown %d, known failure %d; stored %d, returned to none %d (by a create not unknown %d); returned twice %d, not stored %d",
				name, goroutines*each, ok, swapped, unknown, known, len(creator), orphans, unreported, twice, missing)
			assert.Zero(t, twice, "a resource returned to two creates")
			assert.Zero(t, missing, "a success for a resource that is not stored")
			assert.Zero(t, unreported, "an extra copy stored within the window by a create that did not report its outcome unknown")
			if !strings.Contains(name, "gateway") { // every create there is in doubt at once: each reads the others' stores
				require.Positive(t, ok, "the setup: some creates succeed")
			}
		})
	}
}
