package main

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// -recorded-kinds: a create sent in the document's spelling is answered in
// the recorded one, and one sent in the recorded spelling is taken.
func TestRecordedKindsFlag(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "AwsPrivateLinkAccess"},
		{[]string{"-recorded-kinds"}, "networking.v1.AwsPrivateLinkAccess"},
	} {
		url, _ := serve(t, tc.args...)
		p := &process{url: url}
		for i, sent := range []string{"AwsPrivateLinkAccess", "networking.v1.AwsPrivateLinkAccess"} {
			account := fmt.Sprintf("01234567890%d", i)
			status, raw := p.call(t, "POST", plaPath, `{"spec":{"cloud":{"account":"`+account+`","kind":"`+sent+`"},"environment":{"id":"env-abc123"},"network":{"id":"n-abc123"}}}`)
			require.Equal(t, 202, status, "%v %s: %s", tc.args, sent, raw)
			var got struct {
				Spec struct{ Cloud struct{ Kind string } }
			}
			require.NoError(t, json.Unmarshal(raw, &got))
			assert.Equal(t, tc.want, got.Spec.Cloud.Kind, "%v, sent %s", tc.args, sent)
		}
	}
}
