package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/ccloud-go/networking/api"
	"github.com/ccloud-go/networking/wrapper"
)

// lifecycle runs the steps and remembers what it made, so that a failure
// part-way still cleans up.
type lifecycle struct {
	c      *wrapper.Client
	st     *settings
	out    io.Writer
	suffix string
	start  time.Time

	nlsID  string
	plaIDs []string
	steps  int
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
	return []wrapper.WaitOption{wrapper.WithPollInterval(l.st.pollMin, l.st.pollMax), wrapper.WithProgress(l.progress)}
}

func (l *lifecycle) run(ctx context.Context) (err error) {
	defer func() {
		if err != nil {
			l.cleanup()
		}
	}()
	nls, pla := l.c.NetworkLinkServices(), l.c.PrivateLinkAccesses()
	env, network := l.st.env, l.st.network

	// 1. A network link service.
	name := "quickstart-nls-" + l.suffix
	l.step("create network link service %q", name)
	svc, err := nls.Create(ctx, api.NetworkLinkServiceCreateRequest{Spec: api.NetworkLinkServiceSpec{
		DisplayName: &name,
		Environment: api.GlobalObjectReference{ID: env},
		Network:     api.EnvScopedObjectReference{ID: network},
		Accept:      &api.NetworkLinkServiceAcceptPolicy{Environments: &[]string{env}},
	}})
	if err != nil {
		var unknown *wrapper.OutcomeUnknownError[api.NetworkLinkService]
		if errors.As(err, &unknown) {
			// They may be someone else's: name them, delete nothing.
			for _, c := range unknown.Candidates {
				l.step("may have been created: network link service %s (check before deleting)", *c.ID)
			}
		}
		return fmt.Errorf("creating the network link service: %w", err)
	}
	l.nlsID = *svc.ID
	if _, err := nls.WaitReady(ctx, env, l.nlsID, l.waitOpts()...); err != nil {
		return fmt.Errorf("waiting for network link service %s: %w", l.nlsID, err)
	}

	// 2. A private link access for each cloud.
	clouds := []struct {
		label string
		build func() (api.PrivateLinkAccessCloud, error)
	}{
		{"aws", func() (api.PrivateLinkAccessCloud, error) { return wrapper.AWSCloud(l.st.awsAccount) }},
		{"azure", func() (api.PrivateLinkAccessCloud, error) { return wrapper.AzureCloud(l.st.azureSub) }},
		{"gcp", func() (api.PrivateLinkAccessCloud, error) { return wrapper.GCPCloud(l.st.gcpProject) }},
	}
	var names []string
	for _, cl := range clouds {
		cloud, err := cl.build()
		if err != nil {
			return err
		}
		name := "quickstart-" + cl.label + "-" + l.suffix
		names = append(names, name)
		l.step("create private link access %q", name)
		created, err := pla.Create(ctx, api.PrivateLinkAccessCreateRequest{Spec: api.PrivateLinkAccessSpec{
			DisplayName: &name, Cloud: cloud,
			Environment: api.ObjectReference{ID: env}, Network: api.ObjectReference{ID: network},
		}})
		if err != nil {
			var unknown *wrapper.OutcomeUnknownError[api.PrivateLinkAccess]
			if errors.As(err, &unknown) {
				for _, c := range unknown.Candidates {
					l.step("may have been created: private link access %s (check before deleting)", *c.ID)
				}
			}
			return fmt.Errorf("creating private link access %q: %w", name, err)
		}
		l.plaIDs = append(l.plaIDs, *created.ID)
	}
	for _, id := range l.plaIDs {
		l.step("wait for private link access %s", id)
		if _, err := pla.WaitReady(ctx, env, id, l.waitOpts()...); err != nil {
			return fmt.Errorf("waiting for private link access %s: %w", id, err)
		}
	}

	// 3. List them back with filters, through the iterator.
	l.step("list private link accesses named %s in network %s that are READY", strings.Join(names, ", "), network)
	found := 0
	for item, err := range pla.All(ctx, env, &wrapper.ListOptions{DisplayNames: names, Networks: []string{network}, Phases: []string{wrapper.PhaseReady}}) {
		if err != nil {
			return fmt.Errorf("listing private link accesses: %w", err)
		}
		kind, account, _ := wrapper.CloudAccount(item.Spec.Cloud)
		fmt.Fprintf(l.out, "       %s %-28s %-31s %s\n", *item.ID, *item.Spec.DisplayName, kind, account)
		found++
	}
	if found != len(names) {
		return fmt.Errorf("the filtered list returned %d private link accesses, want %d", found, len(names))
	}

	// 4. Update.
	renamed := name + "-renamed"
	l.step("rename network link service %s to %q", l.nlsID, renamed)
	svc, err = nls.Update(ctx, l.nlsID, api.NetworkLinkServiceUpdateRequest{Spec: api.NetworkLinkServiceSpecUpdate{
		DisplayName: &renamed, Environment: api.GlobalObjectReference{ID: env}}})
	if err != nil {
		return fmt.Errorf("updating network link service %s: %w", l.nlsID, err)
	}
	if got := *svc.Spec.DisplayName; got != renamed {
		return fmt.Errorf("update answered display name %q, want %q", got, renamed)
	}
	plaName := names[0] + "-renamed"
	l.step("rename private link access %s to %q", l.plaIDs[0], plaName)
	if _, err := pla.Update(ctx, l.plaIDs[0], api.PrivateLinkAccessUpdateRequest{Spec: api.PrivateLinkAccessSpecUpdate{
		DisplayName: &plaName, Environment: api.ObjectReference{ID: env}}}); err != nil {
		return fmt.Errorf("updating private link access %s: %w", l.plaIDs[0], err)
	}

	// 5. Delete everything and wait until it is gone.
	return l.deleteAll(ctx)
}

func (l *lifecycle) deleteAll(ctx context.Context) error {
	nls, pla := l.c.NetworkLinkServices(), l.c.PrivateLinkAccesses()
	for len(l.plaIDs) > 0 {
		id := l.plaIDs[0]
		l.step("delete private link access %s", id)
		if err := pla.Delete(ctx, l.st.env, id); err != nil && !errors.Is(err, wrapper.ErrNotFound) {
			return fmt.Errorf("deleting private link access %s: %w", id, err)
		}
		if err := pla.WaitDeleted(ctx, l.st.env, id, l.waitOpts()...); err != nil {
			return fmt.Errorf("waiting for private link access %s to go: %w", id, err)
		}
		l.plaIDs = l.plaIDs[1:]
	}
	if l.nlsID != "" {
		l.step("delete network link service %s", l.nlsID)
		if err := nls.Delete(ctx, l.st.env, l.nlsID); err != nil && !errors.Is(err, wrapper.ErrNotFound) {
			return fmt.Errorf("deleting network link service %s: %w", l.nlsID, err)
		}
		if err := nls.WaitDeleted(ctx, l.st.env, l.nlsID, l.waitOpts()...); err != nil {
			return fmt.Errorf("waiting for network link service %s to go: %w", l.nlsID, err)
		}
		l.nlsID = ""
	}
	return nil
}

// cleanup removes what a failed run made, on a fresh deadline.
func (l *lifecycle) cleanup() {
	if l.nlsID == "" && len(l.plaIDs) == 0 {
		return
	}
	fmt.Fprintln(l.out, "cleaning up after the failure...")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := l.deleteAll(ctx); err != nil {
		fmt.Fprintln(l.out, "cleanup incomplete:", err)
	}
}

func (l *lifecycle) summary(err error) {
	status := "succeeded"
	if err != nil {
		status = "FAILED"
	}
	fmt.Fprintf(l.out, "\nsummary: %s in %s: %d steps; 1 network link service and 3 private link accesses created, listed, updated and deleted\n",
		status, time.Since(l.start).Round(time.Millisecond), l.steps)
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
