package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/ccloud-go/networking/api"
	"github.com/ccloud-go/networking/wrapper"
)

// lifecycle runs the steps and remembers what it made, so that the end of
// the run, or a failure part-way, removes it in reverse order.
type lifecycle struct {
	c      *wrapper.Client
	st     *settings
	out    io.Writer
	suffix string
	start  time.Time

	made    []made         // in the order made
	counts  map[string]int // what was made, by kind
	assocs  int            // associations listed
	steps   int
	renamed string
}

// made is one resource the run created, and how to remove it.
type made struct {
	what, id string
	remove   func(ctx context.Context) error // delete, then wait until gone
}

func (l *lifecycle) step(format string, args ...any) {
	l.steps++
	fmt.Fprintf(l.out, "[%2d] %s\n", l.steps, fmt.Sprintf(format, args...))
}

func (l *lifecycle) progress(p wrapper.Poll) {
	phase := p.Phase
	if phase == "" {
		phase = "gone"
	}
	fmt.Fprintf(l.out, "       %s %s: %s (poll %d, %s)\n", p.Kind, p.ID, phase, p.Attempt, p.Elapsed.Round(time.Millisecond))
}

func (l *lifecycle) waitOpts() []wrapper.WaitOption {
	return []wrapper.WaitOption{wrapper.OnPoll(l.progress)}
}

// idOf reads the id of any model of package api.
func idOf(model any) string {
	raw, _ := json.Marshal(model)
	var doc struct{ ID string }
	_ = json.Unmarshal(raw, &doc)
	return doc.ID
}

// createReady creates one resource with h, remembers it for removal, and
// waits until it is READY.
func createReady[T, C, U, O any](ctx context.Context, l *lifecycle, kind, name string, h *wrapper.Handle[T, C, U, O], body C) (string, error) {
	what := kind + " " + name
	l.step("create %s", what)
	got, err := h.Create(ctx, body)
	if err != nil {
		var unknown *wrapper.OutcomeUnknownError
		if errors.As(err, &unknown) {
			// They may be someone else's: name them, delete nothing.
			for _, id := range unknown.CandidateIDs {
				l.step("may have been created: %s (check before deleting)", id)
			}
		}
		return "", fmt.Errorf("creating %s: %w", what, err)
	}
	id, env := idOf(got), l.st.env
	l.counts[kind]++
	l.made = append(l.made, made{what: kind + " " + id, id: id, remove: func(ctx context.Context) error {
		if err := h.Delete(ctx, env, id); err != nil && !errors.Is(err, wrapper.ErrNotFound) {
			return err
		}
		return h.WaitDeleted(ctx, env, id, l.waitOpts()...)
	}})
	if _, err := h.WaitReady(ctx, env, id, l.waitOpts()...); err != nil {
		return "", fmt.Errorf("waiting for %s %s: %w", what, id, err)
	}
	return id, nil
}

// newNetwork is a PrivateLink network in AWS.
func (l *lifecycle) newNetwork(name string) api.NetworkCreateRequest {
	return api.NetworkCreateRequest{Spec: api.NetworkSpec{DisplayName: &name, Cloud: "AWS", Region: l.st.region,
		ConnectionTypes: []string{"PRIVATELINK"}, Environment: wrapper.Ref(l.st.env)}}
}

func (l *lifecycle) run(ctx context.Context) error {
	env, network := l.st.env, l.st.network
	var err error

	// 1. The network everything else lives in, unless one was given.
	if network == "" {
		if network, err = createReady(ctx, l, "network", "quickstart-hub-"+l.suffix, l.c.Networks(), l.newNetwork("quickstart-hub-"+l.suffix)); err != nil {
			return err
		}
	}

	// 2. A network link service in it, accepting endpoints of this environment.
	name := "quickstart-nls-" + l.suffix
	svc, err := createReady(ctx, l, "network link service", name, l.c.NetworkLinkServices(), api.NetworkLinkServiceCreateRequest{Spec: api.NetworkLinkServiceSpec{
		DisplayName: &name, Environment: wrapper.Ref(env), Network: wrapper.Ref(network),
		Accept: &api.NetworkLinkServiceAcceptPolicy{Environments: wrapper.Ptr([]string{env})},
	}})
	if err != nil {
		return err
	}

	// 3. A private link access for each cloud, listed back with filters.
	if err := l.privateLinkAccesses(ctx, network); err != nil {
		return err
	}

	// 4. A network link endpoint reaching the service from another network,
	// and the association it makes on the service's side.
	if err := l.endpoint(ctx, svc); err != nil {
		return err
	}

	// 5. Update.
	renamed := name + "-renamed"
	l.step("rename network link service %s to %q", svc, renamed)
	got, err := l.c.NetworkLinkServices().Update(ctx, env, svc, api.NetworkLinkServiceUpdateRequest{Spec: api.NetworkLinkServiceSpecUpdate{
		DisplayName: &renamed}})
	if err != nil {
		return fmt.Errorf("updating network link service %s: %w", svc, err)
	}
	if *got.Spec.DisplayName != renamed {
		return fmt.Errorf("update answered display name %q, want %q", *got.Spec.DisplayName, renamed)
	}
	l.renamed = renamed

	// 6. Egress private link: a gateway, an access point, a DNS record.
	return l.egress(ctx)
}

func (l *lifecycle) privateLinkAccesses(ctx context.Context, network string) error {
	pla := l.c.PrivateLinkAccesses()
	clouds := []struct {
		label string
		cloud api.PrivateLinkAccessCloud
	}{
		{"aws", wrapper.AWSCloud(l.st.awsAccount)},
		{"azure", wrapper.AzureCloud(l.st.azureSub)},
		{"gcp", wrapper.GCPCloud(l.st.gcpProject)},
	}
	var names []string
	for _, cl := range clouds {
		name := "quickstart-" + cl.label + "-" + l.suffix
		names = append(names, name)
		if _, err := createReady(ctx, l, "private link access", name, pla, api.PrivateLinkAccessCreateRequest{Spec: api.PrivateLinkAccessSpec{
			DisplayName: &name, Cloud: cl.cloud, Environment: wrapper.Ref(l.st.env), Network: wrapper.Ref(network),
		}}); err != nil {
			return err
		}
	}
	l.step("list private link accesses named %s in network %s that are READY", strings.Join(names, ", "), network)
	found := 0
	for item, err := range pla.All(ctx, l.st.env, &wrapper.ListOptions{DisplayNames: names, Networks: []string{network}, Phases: []string{api.PhaseReady}}) {
		if err != nil {
			return fmt.Errorf("listing private link accesses: %w", err)
		}
		kind, account, _ := wrapper.CloudAccount(item.Spec.Cloud)
		fmt.Fprintf(l.out, "       %s %-28s %-31s %s\n", item.ID, *item.Spec.DisplayName, kind, account)
		found++
	}
	if found != len(names) {
		return fmt.Errorf("the filtered list returned %d private link accesses, want %d", found, len(names))
	}
	return nil
}

func (l *lifecycle) endpoint(ctx context.Context, svc string) error {
	origin := l.st.originNetwork
	if origin == "" && l.st.createNetwork {
		var err error
		name := "quickstart-spoke-" + l.suffix
		if origin, err = createReady(ctx, l, "network", name, l.c.Networks(), l.newNetwork(name)); err != nil {
			return err
		}
	}
	if origin == "" {
		l.step("no network link endpoint: set CONFLUENT_ENDPOINT_NETWORK_ID to another PrivateLink network to make one")
	} else {
		name := "quickstart-nle-" + l.suffix
		if _, err := createReady(ctx, l, "network link endpoint", name, l.c.NetworkLinkEndpoints(), api.NetworkLinkEndpointCreateRequest{Spec: api.NetworkLinkEndpointSpec{
			DisplayName: &name, Environment: wrapper.Ref(l.st.env), Network: wrapper.Ref(origin),
			NetworkLinkService: api.ObjectReference{ID: svc, Environment: &l.st.env},
		}}); err != nil {
			return err
		}
	}
	l.step("list the associations of network link service %s", svc)
	for a, err := range l.c.NetworkLinkServiceAssociations().All(ctx, l.st.env, svc, nil) {
		if err != nil {
			return fmt.Errorf("listing the associations of %s: %w", svc, err)
		}
		fmt.Fprintf(l.out, "       %s endpoint %s %s\n", a.ID, a.Spec.NetworkLinkEndpoint, a.Status.Phase)
		l.assocs++
	}
	if origin != "" && l.assocs == 0 {
		return fmt.Errorf("network link service %s shows no association for the endpoint", svc)
	}
	return nil
}

// teardown removes what the run made, the last made first, until ctx ends.
func (l *lifecycle) teardown(ctx context.Context) error {
	for len(l.made) > 0 {
		m := l.made[len(l.made)-1]
		l.step("delete %s", m.what)
		if err := m.remove(ctx); err != nil {
			return fmt.Errorf("removing %s: %w", m.what, err)
		}
		l.made = l.made[:len(l.made)-1]
	}
	return nil
}

func (l *lifecycle) summary(err error) {
	status := "succeeded"
	if err != nil {
		status = "FAILED"
	}
	var made []string
	for _, kind := range []string{"network", "network link service", "private link access", "network link endpoint", "gateway", "access point", "DNS record"} {
		if n := l.counts[kind]; n > 0 {
			made = append(made, fmt.Sprintf("%s ×%d", kind, n))
		}
	}
	fmt.Fprintf(l.out, "\nsummary: %s in %s: %d steps; created, read until READY and deleted: %s; %d association(s) listed\n",
		status, time.Since(l.start).Round(time.Millisecond), l.steps, strings.Join(made, ", "), l.assocs)
	if len(l.made) > 0 {
		fmt.Fprintln(l.out, "left behind (remove by hand):")
		for _, m := range l.made {
			fmt.Fprintln(l.out, "  ", m.what)
		}
	}
	if l.st.fakeStats != nil {
		s := l.st.fakeStats()
		fmt.Fprintf(l.out, "fake saw %d requests: %d answered 429, %d injected server errors, %d answered 409\n",
			s.Requests, s.RateLimited, s.ServerErrors, s.Conflicts)
	}
}

// newLogger logs the client's retries when QUICKSTART_LOG=debug.
func newLogger(level string, out io.Writer) *slog.Logger {
	if level != "debug" {
		return nil
	}
	return slog.New(slog.NewTextHandler(out, &slog.HandlerOptions{Level: slog.LevelDebug}))
}
