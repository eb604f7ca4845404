package resilience

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/ccloud-go/networking/api"
	"github.com/ccloud-go/networking/fake"
	"github.com/ccloud-go/networking/wrapper"
)

// faultKind is one kind of fault the suite injects.
type faultKind struct {
	name string
	opts []fake.Option
}

func faultKinds(foreignHost string) []faultKind {
	return []faultKind{
		{"500/502/503/504", []fake.Option{fake.WithServerErrors(0.15)}},
		{"429 with Retry-After", []fake.Option{fake.WithFaults(fake.Faults{RateLimitRetryAfter: 0.02})}},
		{"429 with only X-RateLimit-Reset", []fake.Option{fake.WithFaults(fake.Faults{RateLimitResetOnly: 0.02})}},
		{"reset before the answer", []fake.Option{fake.WithResets(0.1)}},
		{"reset after a create was stored", []fake.Option{fake.WithResetsAfterCreate(0.3)}},
		{"truncated body", []fake.Option{fake.WithFaults(fake.Faults{TruncatedBody: 0.1})}},
		{"malformed JSON", []fake.Option{fake.WithFaults(fake.Faults{MalformedJSON: 0.1})}},
		{"slow answer past the deadline", []fake.Option{fake.WithFaults(fake.Faults{SlowAnswer: 0.03, SlowBy: 5 * time.Second})}},
		{"metadata.next on another host", []fake.Option{fake.WithFaults(fake.Faults{ForeignNextLink: 0.3, ForeignHost: foreignHost})}},
		{"repeating page token", []fake.Option{fake.WithFaults(fake.Faults{RepeatPageToken: 0.3})}},
		{"everything at once", []fake.Option{fake.WithServerErrors(0.05), fake.WithResets(0.03), fake.WithResetsAfterCreate(0.1),
			fake.WithFaults(fake.Faults{TruncatedBody: 0.03, MalformedJSON: 0.03, ForeignNextLink: 0.1, ForeignHost: foreignHost,
				RepeatPageToken: 0.1, RateLimitRetryAfter: 0.01, RateLimitResetOnly: 0.01, SlowAnswer: 0.01, SlowBy: 5 * time.Second})}},
	}
}

// tally counts the outcomes of one fault kind.
type tally struct {
	ops, ok, failed atomic.Int64
	undocumented    atomic.Int64
	mu              sync.Mutex
	examples        map[string]string // error class -> one message
	// outcome of each logical create, by marker: the id returned, or "" on error
	creates map[string]string
	// the error of each failed create, by marker
	createErrs map[string]error
}

func (t *tally) record(err error) {
	t.ops.Add(1)
	if err == nil {
		t.ok.Add(1)
		return
	}
	t.failed.Add(1)
	class := classify(err)
	if class == "" {
		t.undocumented.Add(1)
		class = "UNDOCUMENTED"
	}
	t.mu.Lock()
	if _, seen := t.examples[class]; !seen {
		t.examples[class] = err.Error()
	}
	t.mu.Unlock()
}

// classify names the documented error an error is, or "" if none.
func classify(err error) string {
	var (
		ambErr   *wrapper.AmbiguousCreateError
		apiErr   *wrapper.APIError
		tErr     *wrapper.TransportError
		decErr   *wrapper.DecodeError
		inErr    *wrapper.InputError
		phaseErr *wrapper.PhaseError
	)
	switch {
	case errors.As(err, &ambErr):
		return "AmbiguousCreateError"
	case errors.As(err, &apiErr):
		return fmt.Sprintf("APIError %d", apiErr.StatusCode)
	case errors.Is(err, wrapper.ErrUnsafeLink):
		return "ErrUnsafeLink"
	case errors.Is(err, wrapper.ErrPageTokenRepeat):
		return "ErrPageTokenRepeat"
	case errors.Is(err, wrapper.ErrRateLimited):
		return "ErrRateLimited"
	case errors.Is(err, wrapper.ErrResponseTooLarge):
		return "ErrResponseTooLarge"
	case errors.As(err, &decErr):
		return "DecodeError"
	case errors.As(err, &inErr):
		return "InputError"
	case errors.As(err, &phaseErr):
		return "PhaseError"
	case errors.As(err, &tErr) && errors.Is(err, context.DeadlineExceeded):
		return "TransportError (deadline)"
	case errors.As(err, &tErr):
		return "TransportError"
	case errors.Is(err, context.DeadlineExceeded):
		return "context deadline"
	}
	return ""
}

const (
	totalOps     = 5000
	workersPerKi = 4
	opTimeout    = 3 * time.Second
)

// Against the fake with each kind of fault, run mixed operations and count
// what happened. Nothing may be duplicated, no credential may reach another
// host, no goroutine may leak, and every failure must be a documented error.
func TestFaultInjection(t *testing.T) {
	if testing.Short() {
		t.Skip("runs 5,000 operations")
	}
	ignoreBefore := goleak.IgnoreCurrent()

	// The "other host": a loopback server on another port, which must never
	// be asked anything, least of all with credentials.
	var foreignHits, foreignCreds atomic.Int64
	foreign := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		foreignHits.Add(1)
		if r.Header.Get("Authorization") != "" {
			foreignCreds.Add(1)
		}
		w.WriteHeader(http.StatusTeapot)
	}))
	foreignHost := strings.TrimPrefix(foreign.URL, "http://")

	kinds := faultKinds(foreignHost)
	perKind := (totalOps + len(kinds) - 1) / len(kinds)
	start := time.Now()
	var total, totalOK, totalFailed, totalUndocumented, totalDuplicates, totalOrphans, totalFalse atomic.Int64
	var wg sync.WaitGroup
	results := make([]string, len(kinds))
	for i, kind := range kinds {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := runKind(t, kind, uint64(i+1), perKind)
			results[i] = r.line
			total.Add(r.ops)
			totalOK.Add(r.ok)
			totalFailed.Add(r.failed)
			totalUndocumented.Add(r.undocumented)
			totalDuplicates.Add(r.duplicates)
			totalOrphans.Add(r.orphans)
			totalFalse.Add(r.falseErrors)
		}()
	}
	wg.Wait()
	foreign.Close()
	// Every fake and client is closed by now: whatever goroutine is left
	// over was leaked.
	leaked := 0
	if err := goleak.Find(ignoreBefore); err != nil {
		leaked = strings.Count(err.Error(), "\nGoroutine ") + strings.Count(err.Error(), "[Goroutine ")
		t.Errorf("goroutines leaked: %v", err)
	}
	for _, line := range results {
		fmt.Println(line)
	}
	summary := fmt.Sprintf("fault suite: %d operations in %s: %d succeeded, %d failed with a documented error, %d undocumented; duplicates created: %d; creates reported failed but stored: %d, of which not flagged MayHaveApplied: %d; requests to the other host: %d (with credentials: %d); goroutines leaked: %d",
		total.Load(), time.Since(start).Round(time.Millisecond), totalOK.Load(), totalFailed.Load()-totalUndocumented.Load(), totalUndocumented.Load(),
		totalDuplicates.Load(), totalOrphans.Load(), totalFalse.Load(), foreignHits.Load(), foreignCreds.Load(), leaked)
	fmt.Println(summary)
	t.Log(summary)

	assert.GreaterOrEqual(t, total.Load(), int64(totalOps))
	assert.Zero(t, totalUndocumented.Load(), "every failure is a documented error")
	assert.Zero(t, totalDuplicates.Load(), "no duplicates")
	assert.Zero(t, totalFalse.Load(), "no false errors")
	assert.Zero(t, foreignCreds.Load(), "no credentials to another host")
	assert.Zero(t, foreignHits.Load(), "nothing sent to another host")
	assert.Greater(t, totalOK.Load(), total.Load()*8/10, "most operations succeed despite the faults")
}

type kindResult struct {
	line                                                            string
	ops, ok, failed, undocumented, duplicates, orphans, falseErrors int64
}

// runKind runs n operations against one fake with one kind of fault.
func runKind(t *testing.T, kind faultKind, seed uint64, n int) kindResult {
	f, err := fake.Start(append([]fake.Option{fake.WithSeed(seed), fake.WithReadyAfter(1), fake.WithDeleteAfter(0)}, kind.opts...)...)
	require.NoError(t, err)
	defer func() { _ = f.Close() }()
	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 8}}
	defer hc.CloseIdleConnections()
	c, err := wrapper.New(wrapper.WithBaseURL(f.URL), wrapper.WithAPIKey(f.Key, f.Secret), wrapper.WithHTTPClient(hc),
		wrapper.WithRetryPolicy(wrapper.RetryPolicy{MaxAttempts: 6, BaseDelay: 2 * time.Millisecond, MaxDelay: 50 * time.Millisecond, MaxTotalWait: 3 * time.Second}))
	require.NoError(t, err)

	tl := &tally{examples: map[string]string{}, creates: map[string]string{}, createErrs: map[string]error{}}
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := range workersPerKi {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []string // ids this worker made, for get/update/delete
			for {
				i := int(next.Add(1))
				if i > n {
					return
				}
				mine = step(c, tl, fmt.Sprintf("s%d-w%d-%d", seed, w, i), i, mine)
			}
		}()
	}
	wg.Wait()

	// Duplicates: more than one stored resource for one logical create.
	// Network link services carry their marker in accept.environments
	// (some have no display name, which the server cannot de-duplicate);
	// private link accesses in their GCP project.
	stored := map[string]int{}
	for _, s := range f.NetworkLinkServices() {
		stored[(*s.Spec.Accept.Environments)[0]]++
	}
	for _, p := range f.PrivateLinkAccesses() {
		_, account, err := wrapper.CloudAccount(p.Spec.Cloud)
		require.NoError(t, err)
		stored[account]++
	}
	// A create that failed although the resource was stored is honest only
	// when its error says the outcome is unknown.
	var duplicates, orphans, falseErrors int64
	tl.mu.Lock()
	for marker, id := range tl.creates {
		if stored[marker] > 1 {
			duplicates += int64(stored[marker] - 1)
		}
		if id == "" && stored[marker] > 0 {
			orphans++
			var te *wrapper.TransportError
			var ae *wrapper.AmbiguousCreateError
			honest := errors.As(tl.createErrs[marker], &ae) || errors.As(tl.createErrs[marker], &te) && te.MayHaveApplied
			if !honest {
				falseErrors++
				t.Errorf("%s: create %s was stored but failed with %v", kind.name, marker, tl.createErrs[marker])
			}
		}
	}
	classes := make([]string, 0, len(tl.examples))
	for class := range tl.examples {
		classes = append(classes, class)
	}
	tl.mu.Unlock()
	st := f.Stats()
	line := fmt.Sprintf("  %-32s ops=%d ok=%d failed=%d undocumented=%d duplicates=%d failed-but-stored=%d (false errors %d) | fake: requests=%d 5xx=%d resets=%d resets-after-save=%d 429=%d faults=%d conflicts=%d | errors seen: %s",
		kind.name, tl.ops.Load(), tl.ok.Load(), tl.failed.Load(), tl.undocumented.Load(), duplicates, orphans, falseErrors,
		st.Requests, st.ServerErrors, st.Resets, st.ResetsAfterSave, st.RateLimited, st.Faults, st.Conflicts, strings.Join(classes, ", "))
	for class, msg := range tl.examples {
		if class == "UNDOCUMENTED" {
			t.Errorf("%s: undocumented error: %s", kind.name, msg)
		}
	}
	return kindResult{line: line, ops: tl.ops.Load(), ok: tl.ok.Load(), failed: tl.failed.Load(), undocumented: tl.undocumented.Load(),
		duplicates: duplicates, orphans: orphans, falseErrors: falseErrors}
}

// step runs operation i: creates of both kinds (with and without a
// display name), reads, full listings, updates and deletes, in turn.
func step(c *wrapper.Client, tl *tally, marker string, i int, mine []string) []string {
	ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
	defer cancel()
	env, network := "env-1", "n-1"
	pla, nls := c.PrivateLinkAccesses(), c.NetworkLinkServices()
	logCreate := func(id string, err error) {
		tl.mu.Lock()
		tl.creates[marker] = id
		if err != nil {
			tl.createErrs[marker] = err
		}
		tl.mu.Unlock()
	}
	switch i % 7 {
	case 0, 1: // a private link access, marked by its GCP project
		cloud, _ := wrapper.GCPCloud(marker)
		name := "pla-" + marker
		got, err := pla.Create(ctx, api.PrivateLinkAccessCreateRequest{Spec: api.PrivateLinkAccessSpec{
			DisplayName: &name, Cloud: cloud, Environment: api.ObjectReference{ID: env}, Network: api.ObjectReference{ID: network}}})
		tl.record(err)
		if err != nil {
			logCreate("", err)
			return mine
		}
		logCreate(*got.ID, nil)
		return append(mine, *got.ID)
	case 2: // a network link service, with a display name on even steps only
		body := api.NetworkLinkServiceCreateRequest{Spec: api.NetworkLinkServiceSpec{
			Environment: api.GlobalObjectReference{ID: env}, Network: api.EnvScopedObjectReference{ID: network},
			Accept: &api.NetworkLinkServiceAcceptPolicy{Environments: &[]string{marker}}}}
		if i%2 == 0 {
			name := "nls-" + marker
			body.Spec.DisplayName = &name
		}
		got, err := nls.Create(ctx, body)
		tl.record(err)
		if err != nil {
			logCreate("", err)
		} else {
			logCreate(*got.ID, nil)
		}
		return mine
	case 3:
		if len(mine) == 0 {
			_, err := pla.Get(ctx, env, "pla-nosuch")
			tl.record(ignoreNotFound(err))
			return mine
		}
		_, err := pla.Get(ctx, env, mine[len(mine)-1])
		tl.record(err)
	case 4:
		for _, err := range pla.All(ctx, env, &wrapper.ListOptions{PageSize: 25}) {
			if err != nil {
				tl.record(err)
				return mine
			}
		}
		tl.record(nil)
	case 5:
		if len(mine) == 0 {
			tl.record(nil)
			return mine
		}
		name := "renamed-" + marker
		_, err := pla.Update(ctx, mine[0], api.PrivateLinkAccessUpdateRequest{Spec: api.PrivateLinkAccessSpecUpdate{
			DisplayName: &name, Environment: api.ObjectReference{ID: env}}})
		tl.record(err)
	case 6:
		if len(mine) == 0 {
			tl.record(nil)
			return mine
		}
		err := pla.Delete(ctx, env, mine[0])
		tl.record(err)
		if err == nil {
			mine = mine[1:]
		}
	}
	return mine
}

func ignoreNotFound(err error) error {
	if errors.Is(err, wrapper.ErrNotFound) {
		return nil
	}
	return err
}
