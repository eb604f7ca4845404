package resilience

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ccloud-go/networking/api"
	"github.com/ccloud-go/networking/fake"
	"github.com/ccloud-go/networking/wrapper"
)

// fullTable runs every D with 20 creates a cell (make settle-table); by
// default CI runs two Ds with 6 creates a cell.
var fullTable = flag.Bool("settle-table", false, "run the whole late-store table (about a minute)")

// A settle case is one cell of the table: a fault, a delay and a kind of
// create.
type settleCase struct {
	fault string // "store delay" or "list lag"
	d     time.Duration
	kind  string // "unnamed PLA", "named PLA", "named NLS"
	// maxSettle, when not 0, is the client's RetryPolicy.MaxSettle.
	maxSettle time.Duration
}

// settleOpts is the fault of a cell on a fake with no uniqueness rule.
// Store delay: the backend stores each create d after it arrived, and a
// gateway answers 504 after d/2 (it gave up halfway). List lag: each
// create is stored at once and its answer lost at once, and lists show it
// only d later.
func settleOpts(c settleCase) []fake.Option {
	opts := []fake.Option{fake.WithoutUniqueness(), fake.WithStrictReadOnly(), fake.WithReadyAfter(1)}
	if c.fault == "store delay" {
		return append(opts, fake.WithStoreDelay(c.d), fake.WithGatewayTimeout(c.d/2))
	}
	return append(opts, fake.WithListLag(c.d), fake.WithResetsAfterCreate(1))
}

type settleResult struct {
	settleCase
	creates, ok, unknown, other, stored, extra, falseOK, storedButFailed int
	example                                                              string
}

// Every attempt's answer is lost and what it stores shows only d later:
// creates against a fake with no uniqueness rule, with the client's
// default retry policy, counting what the fake stored per create. No
// create may succeed while a second copy of it is stored or return one
// that is not its own, none may fail plainly after it was stored, and
// within the settle window (SettleDelay, 2 s, plus as long as the attempt
// waited) none may store a second copy. The table is printed.
func TestLateStores(t *testing.T) {
	if testing.Short() {
		t.Skip("waits out stores seconds late")
	}
	t.Parallel() // after the fault suite, whose leak check needs the process to itself
	ds := []time.Duration{500 * time.Millisecond, 3 * time.Second}
	perCell := 6
	if *fullTable {
		ds = []time.Duration{500 * time.Millisecond, 1500 * time.Millisecond, 3 * time.Second, 6 * time.Second}
		perCell = 20
	}
	var cases []settleCase
	for _, fault := range []string{"store delay", "list lag"} {
		for _, d := range ds {
			for _, kind := range []string{"unnamed PLA", "named PLA", "named NLS"} {
				cases = append(cases, settleCase{fault: fault, d: d, kind: kind})
			}
		}
		if *fullTable { // longer than any default window, and longer than MaxSettle allows
			for _, kind := range []string{"unnamed PLA", "named NLS"} {
				cases = append(cases, settleCase{fault: fault, d: 12 * time.Second, kind: kind},
					settleCase{fault: fault, d: 6 * time.Second, kind: kind, maxSettle: 3 * time.Second})
			}
		}
	}
	start := time.Now()
	results := make([]settleResult, len(cases))
	var wg sync.WaitGroup
	for i, c := range cases {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = runSettleCase(t, c, perCell)
		}()
	}
	wg.Wait()
	policy := "default retry policy (SettleDelay 2s)"
	if *unseenIsUnknownFlag {
		policy += " with UnseenIsUnknown"
	}
	fmt.Printf("late stores: %d creates a cell, every answer lost, %s, %s in all\n", perCell, policy, time.Since(start).Round(time.Second))
	fmt.Println("  | fault | D | kind | success | unknown | other errors | stored | extra copies | false successes | stored but failed |")
	for _, r := range results {
		d := r.d.String()
		if r.maxSettle != 0 {
			d += fmt.Sprintf(" (MaxSettle %s)", r.maxSettle)
		}
		fmt.Printf("  | %s | %s | %s | %d | %d | %d | %d | %d | %d | %d |\n", r.fault, d, r.kind, r.ok, r.unknown, r.other, r.stored, r.extra, r.falseOK, r.storedButFailed)
		if r.example != "" {
			fmt.Printf("    e.g. %s\n", r.example)
		}
		name := fmt.Sprintf("%s %s %s", r.fault, d, r.kind)
		assert.Zero(t, r.falseOK, "%s: no success while a second copy is stored, none for another's resource", name)
		assert.Zero(t, r.storedButFailed, "%s: no plain failure after a store", name)
		assert.Zero(t, r.other, "%s: every failure is an unknown outcome: %s", name, r.example)
		if r.fault == "store delay" || r.d < wrapper.DefaultSettleDelay {
			assert.Zero(t, r.extra, "%s: within the settle window, no second copy", name)
		}
	}
}

func runSettleCase(t *testing.T, c settleCase, n int) settleResult {
	f, err := fake.Start(settleOpts(c)...)
	require.NoError(t, err)
	defer func() { _ = f.Close() }()
	opts := []wrapper.Option{wrapper.WithBaseURL(f.URL), wrapper.WithAPIKey(f.Key, f.Secret)}
	if c.maxSettle != 0 || *unseenIsUnknownFlag {
		pol := wrapper.DefaultRetryPolicy()
		pol.MaxSettle = cmp.Or(c.maxSettle, pol.MaxSettle)
		pol.UnseenIsUnknown = *unseenIsUnknownFlag
		opts = append(opts, wrapper.WithRetryPolicy(pol))
	}
	cl, err := wrapper.New(opts...)
	require.NoError(t, err)
	res := settleResult{settleCase: c, creates: n}
	ids := make([]string, n)
	errs := make([]error, n)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				ids[i], errs[i] = settleCreate(cl, c, marker(c, i))
			}
		}()
	}
	wg.Wait()
	time.Sleep(c.d + 200*time.Millisecond) // every attempt sent is stored and listed by now
	stored := map[string][]string{}        // marker -> ids
	for _, p := range f.PrivateLinkAccesses() {
		_, m, err := wrapper.CloudAccount(p.Spec.Cloud)
		require.NoError(t, err)
		stored[m] = append(stored[m], p.ID)
	}
	for _, s := range f.NetworkLinkServices() {
		m := (*s.Spec.Accept.Environments)[0]
		stored[m] = append(stored[m], s.ID)
	}
	for i := range n {
		m := marker(c, i)
		copies := stored[m]
		res.stored += len(copies)
		if len(copies) > 1 {
			res.extra += len(copies) - 1
		}
		switch {
		case errs[i] == nil:
			res.ok++
			if len(copies) != 1 || copies[0] != ids[i] {
				res.falseOK++
				res.example = fmt.Sprintf("create %s returned %s; stored: %v", m, ids[i], copies)
			}
		case errors.Is(errs[i], wrapper.ErrOutcomeUnknown):
			res.unknown++
		default:
			res.other++
			res.example = errs[i].Error()
			if len(copies) > 0 {
				res.storedButFailed++
			}
		}
	}
	return res
}

func marker(c settleCase, i int) string {
	return strings.NewReplacer(" ", "-", ".", "_").Replace(fmt.Sprintf("%s-%s-%s-%d", c.fault, c.d, c.kind, i))
}

// settleCreate makes the create of a cell, marked by m, and returns the id.
func settleCreate(c *wrapper.Client, sc settleCase, m string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	var name *string
	if strings.HasPrefix(sc.kind, "named") {
		name = ptr("named-" + m)
	}
	if strings.HasSuffix(sc.kind, "NLS") {
		got, err := c.NetworkLinkServices().Create(ctx, api.NetworkLinkServiceCreateRequest{Spec: api.NetworkLinkServiceSpec{
			DisplayName: name, Environment: api.GlobalObjectReference{ID: "env-1"}, Network: api.EnvScopedObjectReference{ID: "n-1"},
			Accept: &api.NetworkLinkServiceAcceptPolicy{Environments: &[]string{m}}}})
		if err != nil {
			return "", err
		}
		return got.ID, nil
	}
	cloud := wrapper.GCPCloud(m)
	got, err := c.PrivateLinkAccesses().Create(ctx, api.PrivateLinkAccessCreateRequest{Spec: api.PrivateLinkAccessSpec{
		DisplayName: name, Cloud: cloud, Environment: api.ObjectReference{ID: "env-1"}, Network: api.ObjectReference{ID: "n-1"}}})
	if err != nil {
		return "", err
	}
	return got.ID, nil
}
