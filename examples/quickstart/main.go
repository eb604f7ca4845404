// Command quickstart runs a private networking lifecycle through the
// wrapper: a PrivateLink network, a network link service in it, a private
// link access for each cloud (listed back with filters), a network link
// endpoint reaching the service from a second network and the association
// it makes, an update, and the egress private link flow (a gateway, an
// access point in it, a DNS record for the access point); then it deletes
// everything in reverse order and waits until each is gone.
//
// With no credentials in the environment it starts the in-memory fake and
// runs against it, creating both networks:
//
//	go run ./examples/quickstart
//	go run ./examples/quickstart -rate-limit 20/1s -server-errors 0.1
//
// With CONFLUENT_CLOUD_API_KEY and CONFLUENT_CLOUD_API_SECRET set it runs
// against CONFLUENT_CLOUD_ENDPOINT (default https://api.confluent.cloud)
// in CONFLUENT_ENVIRONMENT_ID. It uses the network CONFLUENT_NETWORK_ID;
// only with -create-network does it create networks (real networks cost
// money). The endpoint is made from CONFLUENT_ENDPOINT_NETWORK_ID (another
// PrivateLink network) when set, or from a second new network with
// -create-network; otherwise that step is skipped. Everything it creates
// it deletes at the end. With CONFLUENT_EGRESS_SERVICE_NAME (an AWS VPC
// endpoint service name) it also runs the egress private link flow: a
// gateway, an access point in it reaching that service, and a DNS record
// (for CONFLUENT_EGRESS_DOMAIN, or a made-up domain) resolving to it; the
// fake runs it always. -timeout bounds the whole run, the deletes
// included: a third of it (at most two minutes) is kept for them.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/ccloud-go/networking/fake"
	"github.com/ccloud-go/networking/wrapper"
)

func main() {
	os.Exit(exitCode(run(context.Background(), os.Args[1:], os.Getenv, os.Stdout), os.Stderr))
}

// exitCode is 0 for a run that succeeded or only printed its usage (-h),
// else 1 after saying why on w.
func exitCode(err error, w io.Writer) int {
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return 0
	}
	fmt.Fprintln(w, "quickstart failed:", err)
	return 1
}

// settings is what the run needs, from flags and the environment.
type settings struct {
	env, network  string
	originNetwork string // the endpoint's network; "" to create one (createNetwork) or skip
	createNetwork bool
	region        string
	clientOpts    []wrapper.Option
	timeout       time.Duration
	awsAccount    string
	azureSub      string
	gcpProject    string
	target        string
	// egressService is the VPC endpoint service the egress flow's access
	// point reaches ("" skips the flow), egressDomain its DNS record's
	// domain ("" for a made-up one).
	egressService, egressDomain string
	stop                        func()
	fakeStats                   func() fake.Stats
}

func run(ctx context.Context, args []string, getenv func(string) string, out io.Writer) error {
	st, err := configure(args, getenv, out)
	if err != nil {
		return err
	}
	defer st.stop()
	// The whole run ends by the timeout; the steps end sooner, so that the
	// deletes have the rest.
	ctx, cancel := context.WithTimeout(ctx, st.timeout)
	defer cancel()
	work, stopWork := context.WithTimeout(ctx, st.timeout-min(st.timeout/3, 2*time.Minute))
	defer stopWork()

	c, err := wrapper.New(st.clientOpts...)
	if err != nil {
		return err
	}
	network := st.network
	if network == "" {
		network = "(new)"
	}
	fmt.Fprintf(out, "target: %s (environment %s, network %s)\n", st.target, st.env, network)
	l := &lifecycle{c: c, st: st, out: out, suffix: strconv.FormatInt(time.Now().UnixNano()%1_000_000, 36), start: time.Now(), counts: map[string]int{}}
	err = l.run(work)
	if err != nil && len(l.made) > 0 {
		fmt.Fprintln(out, "cleaning up after the failure...")
	}
	if terr := l.teardown(ctx); terr != nil {
		err = errors.Join(err, terr)
	}
	l.summary(err)
	return err
}

// configure picks the target: the fake when no credentials are set, else
// the endpoint the environment names.
func configure(args []string, getenv func(string) string, out io.Writer) (*settings, error) {
	fs := flag.NewFlagSet("quickstart", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.Usage = func() {
		fmt.Fprintln(out, "Usage: quickstart [flags]")
		fmt.Fprintln(out, "Runs the whole lifecycle against the built-in fake, or, with CONFLUENT_CLOUD_API_KEY and")
		fmt.Fprintln(out, "CONFLUENT_CLOUD_API_SECRET set, against CONFLUENT_CLOUD_ENDPOINT (see the README).")
		fs.PrintDefaults()
	}
	rate := fs.String("rate-limit", "", "fake only: requests per window, such as 20/1s")
	serverErrors := fs.Float64("server-errors", 0, "fake only: share of requests answered with a 5xx")
	timeout := fs.Duration("timeout", 5*time.Minute, "give up after this long")
	poll := fs.Duration("poll", 0, "shortest wait between polls (default 20ms on the fake, 2s elsewhere); the longest is 10 times it")
	createNetwork := fs.Bool("create-network", false, "real accounts: create the networks (they cost money) instead of using CONFLUENT_NETWORK_ID")
	region := fs.String("region", "us-east-2", "the AWS region of networks it creates")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if *timeout <= 0 {
		return nil, errors.New("-timeout must be positive")
	}
	st := &settings{timeout: *timeout, region: *region, createNetwork: *createNetwork, awsAccount: "123456789012", azureSub: "00000000-0000-0000-0000-000000000000",
		gcpProject: "quickstart-project", stop: func() {}}
	logger := newLogger(getenv("QUICKSTART_LOG"), out)
	if logger != nil {
		st.clientOpts = append(st.clientOpts, wrapper.WithLogger(logger))
	}

	key, secret := getenv(wrapper.EnvAPIKey), getenv(wrapper.EnvAPISecret)
	if key == "" && secret == "" {
		opts := []fake.Option{fake.WithReadyAfter(1), fake.WithDeleteAfter(1), fake.WithServerErrors(*serverErrors)}
		if *rate != "" {
			limit, window, err := parseRate(*rate)
			if err != nil {
				return nil, fmt.Errorf("-rate-limit: %w", err)
			}
			opts = append(opts, fake.WithRateLimit(limit, window))
		}
		f, err := fake.Start(opts...)
		if err != nil {
			return nil, err
		}
		st.stop = func() { _ = f.Close() }
		st.fakeStats = f.Stats
		st.env, st.createNetwork = "env-quickstart", true // the fake's networks cost nothing
		st.egressService = "com.amazonaws.vpce." + st.region + ".vpce-svc-0quickstart0000000"
		st.setPoll(*poll, 20*time.Millisecond)
		st.target = "in-process fake at " + f.URL + " (no credentials in the environment)"
		if *rate != "" || *serverErrors > 0 {
			st.target += fmt.Sprintf(" with rate limit %q and %.0f%% server errors", *rate, *serverErrors*100)
		}
		st.clientOpts = append(st.clientOpts, wrapper.WithBaseURL(f.URL), wrapper.WithAPIKey(f.Key, f.Secret))
		return st, nil
	}
	if *rate != "" || *serverErrors > 0 {
		return nil, errors.New("-rate-limit and -server-errors only apply to the built-in fake; unset CONFLUENT_CLOUD_API_KEY to use it")
	}
	var missing []string
	needs := []string{wrapper.EnvAPIKey, wrapper.EnvAPISecret, "CONFLUENT_ENVIRONMENT_ID"}
	if !*createNetwork {
		needs = append(needs, "CONFLUENT_NETWORK_ID")
	}
	for _, name := range needs {
		if getenv(name) == "" {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("running against a real endpoint needs %s set (CONFLUENT_NETWORK_ID, or -create-network to create networks, which cost money; unset both API key variables to use the built-in fake instead)", strings.Join(missing, ", "))
	}
	st.env, st.originNetwork = getenv("CONFLUENT_ENVIRONMENT_ID"), getenv("CONFLUENT_ENDPOINT_NETWORK_ID")
	st.egressService, st.egressDomain = getenv("CONFLUENT_EGRESS_SERVICE_NAME"), getenv("CONFLUENT_EGRESS_DOMAIN")
	if !*createNetwork {
		st.network = getenv("CONFLUENT_NETWORK_ID")
	}
	st.setPoll(*poll, 2*time.Second)
	endpoint := getenv(wrapper.EnvEndpoint)
	if endpoint == "" {
		endpoint = wrapper.DefaultBaseURL
	}
	st.target = endpoint
	st.clientOpts = append(st.clientOpts, wrapper.WithBaseURL(endpoint), wrapper.WithAPIKey(key, secret))
	return st, nil
}

// setPoll sets the client's poll bounds from the flag, or from def when it
// is unset.
func (st *settings) setPoll(flag, def time.Duration) {
	if flag <= 0 {
		flag = def
	}
	st.clientOpts = append(st.clientOpts, wrapper.WithWaitDefaults(wrapper.PollInterval(flag, 10*flag)))
}

// parseRate reads "N/duration".
func parseRate(s string) (int, time.Duration, error) {
	n, d, ok := strings.Cut(s, "/")
	limit, err1 := strconv.Atoi(n)
	window, err2 := time.ParseDuration(d)
	if !ok || err1 != nil || err2 != nil || limit < 1 || window <= 0 {
		return 0, 0, fmt.Errorf("%q: want N/duration, such as 20/1s", s)
	}
	return limit, window, nil
}
