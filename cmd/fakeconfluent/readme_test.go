package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ccloud-go/networking/fake"
)

// The README's Terraform section runs as written: its command line starts
// the fake (on a free port and a temporary state file instead of 8080 and
// the working directory), and the credential it gives is the fake's.
func TestReadmeTerraformSection(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	require.NoError(t, err)
	readme := string(raw)
	start := strings.Index(readme, "## Test your Terraform configuration without an account")
	require.GreaterOrEqual(t, start, 0, "the section is gone")
	section := readme[start:]
	section = section[:strings.Index(section[3:], "\n## ")+3]

	for _, want := range []string{fake.DefaultKey, fake.DefaultSecret, `endpoint         = "http://127.0.0.1:8080"`,
		"CONFLUENT_CLOUD_API_KEY=" + fake.DefaultKey, "CONFLUENT_CLOUD_API_SECRET=" + fake.DefaultSecret} {
		assert.Contains(t, section, want)
	}
	line := regexp.MustCompile(`(?m)^go run \./cmd/fakeconfluent (.*)$`).FindStringSubmatch(section)
	require.NotNil(t, line, "no command line in the section")
	args := strings.Fields(line[1])
	state := filepath.Join(t.TempDir(), "fake-state.json")
	for i := range args {
		switch {
		case i > 0 && args[i-1] == "-addr":
			args[i] = "127.0.0.1:0"
		case i > 0 && args[i-1] == "-state":
			args[i] = state
		}
	}
	url, out := serve(t, args...)
	assert.Contains(t, out.String(), "state in "+state)
	status, _ := (&process{url: url}).call(t, "POST", plaPath, `{"spec":{"cloud":{"account":"012345678901","kind":"AwsPrivateLinkAccess"},"environment":{"id":"env-abc123","related":"","resource_name":""},"network":{"id":"n-abc123","related":"","resource_name":""}}}`)
	assert.Equal(t, 202, status)
	_, err = os.Stat(state)
	assert.NoError(t, err, "the state file was not written")
}
