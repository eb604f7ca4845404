// Command fakeconfluent serves the in-memory fake of the Confluent Cloud
// networking v1 API on a loopback address, for testing tools against it
// without an account. It serves every collection the fake knows:
// /networking/v1/networks, /networking/v1/peerings,
// /networking/v1/transit-gateway-attachments,
// /networking/v1/private-link-accesses,
// /networking/v1/network-link-services,
// /networking/v1/network-link-endpoints,
// /networking/v1/network-link-service-associations (read only),
// /networking/v1/gateways, /networking/v1/access-points,
// /networking/v1/dns-records, /networking/v1/dns-forwarders,
// /networking/v1/private-link-attachments,
// /networking/v1/private-link-attachment-connections and
// /networking/v1/ip-addresses (list only, invented addresses).
//
//	go run ./cmd/fakeconfluent -addr 127.0.0.1:8080 -rate-limit 50/1s -server-errors 0.1
//
// With -state FILE the resources survive a restart; with -strict read-only
// properties in request bodies are refused rather than ignored.
//
// Phases move with reads by default (-ready-after, -delete-after), as a
// client's tests want. With -state, or with -ready-in or -delete-in, they
// move with time instead (default 3 s each), as a tool that polls on its
// own schedule needs: Terraform's provider first polls 5 s after a create.
//
// It prints the base URL, a credential, the collections it serves (with
// -state, how many resources each holds) and how phases move, and serves
// until interrupted.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/ccloud-go/networking/fake"
)

// defaultPhaseTime is -ready-in's and -delete-in's default: under the
// Terraform provider's first poll (5 s after a create), so that a create
// is READY when it first looks.
const defaultPhaseTime = 3 * time.Second

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr, nil))
}

// run serves until stop is closed (or a signal arrives when stop is nil).
func run(args []string, stdout, stderr io.Writer, stop <-chan struct{}) int {
	fs := flag.NewFlagSet("fakeconfluent", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "loopback address to serve on (port 0 picks a free one)")
	key := fs.String("key", fake.DefaultKey, "Cloud API key the fake accepts")
	secret := fs.String("secret", fake.DefaultSecret, "secret for -key")
	token := fs.String("bearer", "", "also accept this bearer token")
	seed := fs.Uint64("seed", 0, "seed for ids and injected faults, to repeat a run (not given: one of its own each start)")
	readyAfter := fs.Int("ready-after", 2, "reads of a new resource that show PROVISIONING before READY")
	deleteAfter := fs.Int("delete-after", 1, "reads that show DEPROVISIONING after a delete")
	readyIn := fs.Duration("ready-in", defaultPhaseTime, "time a new resource shows PROVISIONING before READY; given, or with -state, phases move with time rather than reads")
	deleteIn := fs.Duration("delete-in", defaultPhaseTime, "time a deleted resource shows DEPROVISIONING before it is gone (as -ready-in)")
	rate := fs.String("rate-limit", "", "requests per window, such as 50/1s (empty: no limit)")
	serverErrors := fs.Float64("server-errors", 0, "share of requests answered 500/502/503/504")
	resets := fs.Float64("resets", 0, "share of connections closed before acting")
	latency := fs.Duration("latency", 0, "delay before every answer")
	failures := fs.Float64("failures", 0, "share of new resources that end in FAILED")
	state := fs.String("state", "", "keep resources in this file: loaded at start, rewritten after every change; one fake a file (locked), symlinks followed")
	strict := fs.Bool("strict", false, "refuse read-only properties (id, status, a reference's related, ...) in request bodies instead of ignoring them")
	recorded := fs.Bool("recorded-kinds", false, "answer union kinds as recorded real answers spell them (networking.v1.AwsPeering); requests are read in either spelling")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	if (given["ready-in"] || given["delete-in"]) && (given["ready-after"] || given["delete-after"]) {
		fmt.Fprintln(stderr, "fakeconfluent: -ready-in and -delete-in (time) exclude -ready-after and -delete-after (reads)")
		return 2
	}
	byTime := given["ready-in"] || given["delete-in"] || *state != "" && !given["ready-after"] && !given["delete-after"]
	opts := []fake.Option{
		fake.WithAPIKey(*key, *secret), fake.WithReadyAfter(*readyAfter),
		fake.WithDeleteAfter(*deleteAfter), fake.WithServerErrors(*serverErrors), fake.WithResets(*resets),
		fake.WithLatency(*latency), fake.WithFailures(*failures),
	}
	phases := fmt.Sprintf("READY after %d reads by id, gone after %d reads in DEPROVISIONING (by id or in a list)", *readyAfter, *deleteAfter)
	if byTime {
		opts = append(opts, fake.WithPhaseTimes(*readyIn, *deleteIn))
		phases = fmt.Sprintf("READY %s after a create, gone %s after a delete", *readyIn, *deleteIn)
	}
	if given["seed"] {
		opts = append(opts, fake.WithSeed(*seed))
	}
	if *strict {
		opts = append(opts, fake.WithStrictReadOnly())
	}
	if *recorded {
		opts = append(opts, fake.WithRecordedKinds())
	}
	if *state != "" {
		opts = append(opts, fake.WithStateFile(*state))
	}
	if *token != "" {
		opts = append(opts, fake.WithBearerToken(*token))
	}
	if *rate != "" {
		limit, window, err := parseRate(*rate)
		if err != nil {
			fmt.Fprintln(stderr, "fakeconfluent: -rate-limit:", err)
			return 2
		}
		opts = append(opts, fake.WithRateLimit(limit, window))
	}
	f, err := fake.StartOn(*addr, opts...)
	if err != nil {
		fmt.Fprintln(stderr, "fakeconfluent:", err)
		return 1
	}
	defer func() { _ = f.Close() }()
	fmt.Fprintf(stdout, "fake Confluent Cloud networking API at %s\n", f.URL)
	fmt.Fprintf(stdout, "  CONFLUENT_CLOUD_ENDPOINT=%s\n  CONFLUENT_CLOUD_API_KEY=%s\n  CONFLUENT_CLOUD_API_SECRET=%s\n", f.URL, *key, *secret)
	printCollections(stdout, f.Collections(), *state)
	fmt.Fprintf(stdout, "  phases: %s\n", phases)
	if stop == nil {
		sig := make(chan os.Signal, 1)
		signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
		<-sig
	} else {
		<-stop
	}
	return 0
}

// parseRate reads "N/duration".
func parseRate(s string) (int, time.Duration, error) {
	n, d, ok := strings.Cut(s, "/")
	if !ok {
		return 0, 0, fmt.Errorf("%q: want N/duration, such as 50/1s", s)
	}
	limit, err := strconv.Atoi(n)
	if err != nil || limit < 1 {
		return 0, 0, fmt.Errorf("%q: %q is not a positive count", s, n)
	}
	window, err := time.ParseDuration(d)
	if err != nil || window <= 0 {
		return 0, 0, fmt.Errorf("%q: %q is not a positive duration", s, d)
	}
	return limit, window, nil
}

// printCollections says which collections the fake serves and, with a
// state file, what each holds and how many resources the file keeps.
func printCollections(w io.Writer, cs []fake.Collection, state string) {
	total := 0
	parts := make([]string, len(cs))
	for i, c := range cs {
		parts[i] = c.Path
		if state != "" {
			parts[i] = fmt.Sprintf("%s (%d)", c.Path, c.Stored)
		}
		if !c.Seeded {
			total += c.Stored
		}
	}
	fmt.Fprintf(w, "  serving %d collections: %s\n", len(cs), strings.Join(parts, ", "))
	if state != "" {
		fmt.Fprintf(w, "  state in %s: %d resources\n", state, total)
	}
}
