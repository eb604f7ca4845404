package main

import (
	"bytes"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ccloud-go/networking/gen/internal/normalize"
	"github.com/ccloud-go/networking/gen/internal/upstreamchanges"
)

// Each of the five upstream changes issue 9 measured, applied to a copy of
// the snapshot, flows through the normalizer into the fragment untouched by
// hand, and make drift / make sync report it under the component it changes.
// (Whether the fake and wrapper carry it is for conformance/ and the
// wrapper's tests; gen/upstream-changes.sh runs the whole chain.)
func TestFiveUpstreamChangesFlowThrough(t *testing.T) {
	cfg, docs, _ := config(t)
	const main = "networking-v1"
	raw := docs[main]
	want := map[string]struct {
		inFragment []string // each appears in the new fragment
		drift      []string // each is a line of the drift report
	}{
		"new optional field": {
			[]string{"        labels:\n"},
			[]string{"schema PrivateLinkAccessSpec:", `  .: property "labels" missing in fragment`}},
		"new phase": {
			[]string{"            - SUSPENDED\n"},
			[]string{"schema PrivateLinkAccessStatus:", `  .phase: x-extensible-enum value "SUSPENDED" missing in fragment`}},
		"new list filter": {
			[]string{"    CloudFilter:\n", "        - $ref: '#/components/parameters/CloudFilter'\n"},
			[]string{"GET /networking/v1/private-link-accesses param query spec.cloud:", "  parameter missing in fragment"}},
		"new cloud variant": {
			[]string{"    OciPrivateLinkAccess:\n", "          OciPrivateLinkAccess: '#/components/schemas/OciPrivateLinkAccess'\n"},
			[]string{"schema PrivateLinkAccessCloud:", `  .: oneOf variant "OciPrivateLinkAccess" missing in fragment`}},
		"renamed field": {
			[]string{"        name:\n"},
			[]string{"schema PrivateLinkAccessSpec:", `  .: property "display_name" missing upstream`, `  .: property "name" missing in fragment`}},
	}
	require.Len(t, upstreamchanges.Five, len(want))
	for _, change := range upstreamchanges.Five {
		t.Run(change.Name, func(t *testing.T) {
			w, ok := want[change.Name]
			require.True(t, ok)
			edited, err := change.Apply(string(raw))
			require.NoError(t, err)
			frag, err := normalize.Normalize(cfg, with(docs, main, edited), true)
			require.NoError(t, err, "the normalizer cannot take this change: extend gen/internal/normalize or gen/normalize.yaml")
			for _, s := range w.inFragment {
				assert.True(t, strings.Contains(string(frag), s), "%q not in the new fragment", s)
			}

			up := filepath.Join(t.TempDir(), "upstream.yaml")
			require.NoError(t, os.WriteFile(up, []byte(edited), 0o600))
			var stdout, stderr bytes.Buffer
			code := run([]string{"-fragment", "../../spec/networking-v1.yaml", "-upstream", main + "=" + up, "-config", "../normalize.yaml"}, &stdout, &stderr)
			assert.Equal(t, 1, code, stderr.String())
			lines := strings.Split(stdout.String(), "\n")
			for _, l := range w.drift {
				assert.Contains(t, lines, l, stdout.String())
			}

			// The new fragment has no drift against the changed upstream.
			newFrag := filepath.Join(t.TempDir(), "fragment.yaml")
			require.NoError(t, os.WriteFile(newFrag, frag, 0o600))
			stdout.Reset()
			code = run([]string{"-fragment", newFrag, "-upstream", main + "=" + up, "-config", "../normalize.yaml"}, &stdout, &stderr)
			assert.Equal(t, 0, code, stdout.String())
		})
	}
}

// with is docs with document name's text replaced.
func with(docs map[string][]byte, name, text string) map[string][]byte {
	out := maps.Clone(docs)
	out[name] = []byte(text)
	return out
}
