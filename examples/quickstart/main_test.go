package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ccloud-go/networking/fake"
)

func envOf(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestQuickstartAgainstBuiltInFake(t *testing.T) {
	for _, args := range [][]string{nil, {"-rate-limit", "10/1s", "-server-errors", "0.1"}} {
		var out bytes.Buffer
		err := run(context.Background(), args, envOf(nil), &out)
		require.NoError(t, err, out.String())
		s := out.String()
		assert.Contains(t, s, "summary: succeeded")
		for _, want := range []string{"PROVISIONING", "READY", "DEPROVISIONING", "gone", "AwsPrivateLinkAccess", "AzurePrivateLinkAccess", "GcpPrivateServiceConnectAccess",
			"create network quickstart-hub-", "create network link endpoint", "nlsa-", "network ×2, network link service ×1, private link access ×3, network link endpoint ×1, gateway ×1, access point ×1, DNS record ×1; 1 association(s) listed",
			"create gateway quickstart-gw-", "create access point quickstart-ap-", "create DNS record quickstart-dns-"} {
			assert.Contains(t, s, want)
		}
		// Torn down in reverse order: the endpoint first, the first network last.
		assert.Less(t, strings.Index(s, "delete network link endpoint"), strings.Index(s, "delete network link service"))
		assert.Less(t, strings.Index(s, "delete network link service"), strings.LastIndex(s, "delete network n-"))
		// The egress flow: made gateway, access point, DNS record; removed DNS record, access point, gateway.
		assert.Less(t, strings.Index(s, "delete DNS record dnsrec-"), strings.Index(s, "delete access point ap-"))
		assert.Less(t, strings.Index(s, "delete access point ap-"), strings.Index(s, "delete gateway gw-"))
		assert.Regexp(t, `gateway gw-\w+: CREATED`, s, "without an access point the gateway rests in CREATED")
		assert.Regexp(t, `gateway gw-\w+: READY`, s, "with one it is READY")
	}
}

// Against another server that answers as the spec says, with rate limiting
// and 10% server errors, through the environment variables.
func TestQuickstartAgainstEndpoint(t *testing.T) {
	f, err := fake.Start(fake.WithStrictReadOnly(), fake.WithAPIKey("QSKEY", "qs-secret"), fake.WithRateLimit(10, time.Second), fake.WithServerErrors(0.1), fake.WithSeed(3))
	require.NoError(t, err)
	defer func() { _ = f.Close() }()
	var out bytes.Buffer
	err = run(context.Background(), []string{"-poll", "10ms"}, envOf(map[string]string{
		"CONFLUENT_CLOUD_API_KEY": "QSKEY", "CONFLUENT_CLOUD_API_SECRET": "qs-secret", "CONFLUENT_CLOUD_ENDPOINT": f.URL,
		"CONFLUENT_ENVIRONMENT_ID": "env-abc", "CONFLUENT_NETWORK_ID": "n-abc",
	}), &out)
	require.NoError(t, err, out.String())
	assert.Contains(t, out.String(), "target: "+f.URL)
	assert.NotContains(t, out.String(), "qs-secret")
	st := f.Stats()
	assert.Positive(t, st.ServerErrors, "faults were injected")
	assert.Equal(t, st.Creates, 4, "no duplicates")
}

func TestQuickstartExplainsMissingSettings(t *testing.T) {
	var out bytes.Buffer
	err := run(context.Background(), nil, envOf(map[string]string{"CONFLUENT_CLOUD_API_KEY": "k"}), &out)
	require.Error(t, err)
	for _, name := range []string{"CONFLUENT_CLOUD_API_SECRET", "CONFLUENT_ENVIRONMENT_ID", "CONFLUENT_NETWORK_ID"} {
		assert.Contains(t, err.Error(), name)
	}
	err = run(context.Background(), []string{"-server-errors", "0.1"}, envOf(map[string]string{"CONFLUENT_CLOUD_API_KEY": "k", "CONFLUENT_CLOUD_API_SECRET": "s"}), &out)
	assert.ErrorContains(t, err, "only apply to the built-in fake")
	err = run(context.Background(), []string{"-rate-limit", "lots"}, envOf(nil), &out)
	assert.ErrorContains(t, err, "-rate-limit")
}

// A failing run exits with a clear message and cleans up what it made.
func TestQuickstartReportsFailureAndCleansUp(t *testing.T) {
	f, err := fake.Start(fake.WithAPIKey("K", "S"), fake.WithFailures(1))
	require.NoError(t, err)
	defer func() { _ = f.Close() }()
	var out bytes.Buffer
	err = run(context.Background(), []string{"-poll", "10ms"}, envOf(map[string]string{
		"CONFLUENT_CLOUD_API_KEY": "K", "CONFLUENT_CLOUD_API_SECRET": "S", "CONFLUENT_CLOUD_ENDPOINT": f.URL,
		"CONFLUENT_ENVIRONMENT_ID": "env-1", "CONFLUENT_NETWORK_ID": "n-1",
	}), &out)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "FAILED")
	assert.True(t, strings.Contains(out.String(), "cleaning up after the failure"), out.String())
	assert.Contains(t, out.String(), "summary: FAILED")
}

// Against an endpoint, networks are created only with -create-network
// (one: the endpoint comes from CONFLUENT_ENDPOINT_NETWORK_ID), and a
// given CONFLUENT_NETWORK_ID is used as it is.
func TestQuickstartCreatesNetworksOnlyWhenAsked(t *testing.T) {
	f, err := fake.Start(fake.WithAPIKey("K", "S"), fake.WithReadyAfter(1))
	require.NoError(t, err)
	defer func() { _ = f.Close() }()
	env := map[string]string{"CONFLUENT_CLOUD_API_KEY": "K", "CONFLUENT_CLOUD_API_SECRET": "S", "CONFLUENT_CLOUD_ENDPOINT": f.URL,
		"CONFLUENT_ENVIRONMENT_ID": "env-1", "CONFLUENT_ENDPOINT_NETWORK_ID": "n-spoke"}
	var out bytes.Buffer
	err = run(context.Background(), []string{"-poll", "5ms", "-create-network"}, envOf(env), &out)
	require.NoError(t, err, out.String())
	assert.Contains(t, out.String(), "network ×1, network link service ×1, private link access ×3, network link endpoint ×1; 1 association(s) listed")
	assert.Empty(t, f.Networks(), "deleted at the end")

	out.Reset()
	env["CONFLUENT_NETWORK_ID"] = "n-given"
	err = run(context.Background(), []string{"-poll", "5ms"}, envOf(env), &out)
	require.NoError(t, err, out.String())
	assert.NotContains(t, out.String(), "create network quickstart")
	assert.Equal(t, 2*6-1, f.Stats().Creates, "six creates, then five with the network given")
}

// -timeout bounds the whole run, the deletes included: a run that cannot
// finish in time returns by the deadline and says what it left behind.
func TestQuickstartTimeoutBoundsCleanup(t *testing.T) {
	f, err := fake.Start(fake.WithAPIKey("K", "S"), fake.WithLatency(100*time.Millisecond))
	require.NoError(t, err)
	defer func() { _ = f.Close() }()
	var out bytes.Buffer
	err = run(context.Background(), []string{"-poll", "5ms", "-timeout", "1s"}, envOf(map[string]string{
		"CONFLUENT_CLOUD_API_KEY": "K", "CONFLUENT_CLOUD_API_SECRET": "S", "CONFLUENT_CLOUD_ENDPOINT": f.URL,
		"CONFLUENT_ENVIRONMENT_ID": "env-1", "CONFLUENT_NETWORK_ID": "n-1",
	}), &out)
	require.Error(t, err)
	// Every request waits 100ms at the fake, one at a time: a run bounded
	// by 1s, cleanup included, sends at most about ten (fewer when the
	// machine is slow).
	assert.LessOrEqual(t, f.Stats().Requests, 12, "the run, cleanup included, sent no more than fits in its 1s bound")
	assert.Contains(t, out.String(), "summary: FAILED")
}

// -h prints the usage and is no failure; a bad flag is one, said once.
func TestHelpExitsZero(t *testing.T) {
	var out, stderr bytes.Buffer
	err := run(context.Background(), []string{"-h"}, envOf(nil), &out)
	assert.Equal(t, 0, exitCode(err, &stderr))
	assert.Contains(t, out.String(), "Usage: quickstart")
	assert.Contains(t, out.String(), "-timeout")
	assert.Empty(t, stderr.String())

	out.Reset()
	err = run(context.Background(), []string{"-no-such-flag"}, envOf(nil), &out)
	assert.Equal(t, 1, exitCode(err, &stderr))
	assert.Contains(t, stderr.String(), "quickstart failed: flag provided but not defined")
	assert.Equal(t, 1, exitCode(errors.New("x"), &stderr))
}

// Against a fake that answers union kinds as recorded real answers spell
// them (networking.v1.AwsPrivateLinkAccess; shared/upstream BEHAVIOUR.md):
// the whole lifecycle, networks and the egress flow included, succeeds,
// each cloud is read, and nothing is stored twice.
func TestQuickstartAgainstRecordedKinds(t *testing.T) {
	f, err := fake.Start(fake.WithRecordedKinds(), fake.WithAPIKey("QSKEY", "qs-secret"), fake.WithReadyAfter(1), fake.WithDeleteAfter(1))
	require.NoError(t, err)
	defer func() { _ = f.Close() }()
	var out bytes.Buffer
	err = run(context.Background(), []string{"-poll", "5ms", "-create-network"}, envOf(map[string]string{
		"CONFLUENT_CLOUD_API_KEY": "QSKEY", "CONFLUENT_CLOUD_API_SECRET": "qs-secret", "CONFLUENT_CLOUD_ENDPOINT": f.URL,
		"CONFLUENT_ENVIRONMENT_ID":      "env-abc",
		"CONFLUENT_EGRESS_SERVICE_NAME": "com.amazonaws.vpce.us-east-2.vpce-svc-0quickstart0000000",
		"CONFLUENT_EGRESS_DOMAIN":       "db.internal.example.com",
	}), &out)
	require.NoError(t, err, out.String())
	s := out.String()
	for _, want := range []string{"summary: succeeded", "AwsPrivateLinkAccess", "AzurePrivateLinkAccess", "GcpPrivateServiceConnectAccess",
		"network ×2, network link service ×1, private link access ×3, network link endpoint ×1, gateway ×1, access point ×1, DNS record ×1; 1 association(s) listed"} {
		assert.Contains(t, s, want)
	}
	// The listing reads each cloud union: its kind and account.
	assert.Regexp(t, `pla-\w+ +\S+ +AwsPrivateLinkAccess +123456789012`, s)
	assert.Regexp(t, `pla-\w+ +\S+ +AzurePrivateLinkAccess +00000000-0000-0000-0000-000000000000`, s)
	assert.Regexp(t, `pla-\w+ +\S+ +GcpPrivateServiceConnectAccess +quickstart-project`, s)
	assert.Equal(t, 10, f.Stats().Creates, "no duplicates")

	// The fake did answer in the recorded spelling.
	req, err := http.NewRequest(http.MethodPost, f.URL+"/networking/v1/private-link-accesses", strings.NewReader(
		`{"spec":{"cloud":{"kind":"AwsPrivateLinkAccess","account":"123456789012"},"environment":{"id":"env-abc"},"network":{"id":"n-abc"}}}`))
	require.NoError(t, err)
	req.SetBasicAuth("QSKEY", "qs-secret")
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer func() { _ = resp.Body.Close() }()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	assert.Contains(t, string(raw), `"kind":"networking.v1.AwsPrivateLinkAccess"`)
}
