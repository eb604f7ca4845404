// Command quickstart runs the whole lifecycle of both resources through the
// wrapper: create a network link service and a private link access for each
// cloud, wait for READY, list them with filters, update, delete, and wait
// until they are gone.
//
// With no credentials in the environment it starts the in-memory fake and
// runs against it:
//
//	go run ./examples/quickstart
//	go run ./examples/quickstart -rate-limit 20/1s -server-errors 0.1
//
// With CONFLUENT_CLOUD_API_KEY and CONFLUENT_CLOUD_API_SECRET set it runs
// against CONFLUENT_CLOUD_ENDPOINT (default https://api.confluent.cloud)
// and also needs CONFLUENT_ENVIRONMENT_ID and CONFLUENT_NETWORK_ID. It
// creates real resources there, and deletes them at the end.
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
	if err := run(context.Background(), os.Args[1:], os.Getenv, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart failed:", err)
		os.Exit(1)
	}
}

// settings is what the run needs, from flags and the environment.
type settings struct {
	env, network string
	clientOpts   []wrapper.Option
	pollMin      time.Duration
	pollMax      time.Duration
	timeout      time.Duration
	awsAccount   string
	azureSub     string
	gcpProject   string
	target       string
	stop         func()
	fakeStats    func() fake.Stats
}

func run(ctx context.Context, args []string, getenv func(string) string, out io.Writer) error {
	st, err := configure(args, getenv, out)
	if err != nil {
		return err
	}
	defer st.stop()
	ctx, cancel := context.WithTimeout(ctx, st.timeout)
	defer cancel()

	c, err := wrapper.New(st.clientOpts...)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "target: %s (environment %s, network %s)\n", st.target, st.env, st.network)
	l := &lifecycle{c: c, st: st, out: out, suffix: strconv.FormatInt(time.Now().UnixNano()%1_000_000, 36), start: time.Now()}
	err = l.run(ctx)
	l.summary(err)
	return err
}

// configure picks the target: the fake when no credentials are set, else
// the endpoint the environment names.
func configure(args []string, getenv func(string) string, out io.Writer) (*settings, error) {
	fs := flag.NewFlagSet("quickstart", flag.ContinueOnError)
	fs.SetOutput(out)
	rate := fs.String("rate-limit", "", "fake only: requests per window, such as 20/1s")
	serverErrors := fs.Float64("server-errors", 0, "fake only: share of requests answered with a 5xx")
	timeout := fs.Duration("timeout", 5*time.Minute, "give up after this long")
	poll := fs.Duration("poll", 0, "shortest wait between polls (default 20ms on the fake, 2s elsewhere); the longest is 10 times it")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	st := &settings{timeout: *timeout, awsAccount: "123456789012", azureSub: "00000000-0000-0000-0000-000000000000",
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
		st.env, st.network = "env-quickstart", "n-quickstart"
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
	for _, name := range []string{wrapper.EnvAPIKey, wrapper.EnvAPISecret, "CONFLUENT_ENVIRONMENT_ID", "CONFLUENT_NETWORK_ID"} {
		if getenv(name) == "" {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("running against a real endpoint needs %s set (unset both API key variables to use the built-in fake instead)", strings.Join(missing, ", "))
	}
	st.env, st.network = getenv("CONFLUENT_ENVIRONMENT_ID"), getenv("CONFLUENT_NETWORK_ID")
	st.setPoll(*poll, 2*time.Second)
	endpoint := getenv(wrapper.EnvEndpoint)
	if endpoint == "" {
		endpoint = wrapper.DefaultBaseURL
	}
	st.target = endpoint
	st.clientOpts = append(st.clientOpts, wrapper.WithBaseURL(endpoint), wrapper.WithAPIKey(key, secret))
	return st, nil
}

// setPoll sets the poll bounds from the flag, or from def when it is unset.
func (st *settings) setPoll(flag, def time.Duration) {
	if flag <= 0 {
		flag = def
	}
	st.pollMin, st.pollMax = flag, 10*flag
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
