package wrapper

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// Variables that other tools or a user's own scripts set next to ours are
// not taken for a misspelt CONFLUENT_CLOUD_ENDPOINT: the confluent CLI's
// login variables, and a longer name that starts with ours and a separator
// (CONFLUENT_CLOUD_ENDPOINT_ID, an access point's id, say) was refused as a
// slip of two letters.
func TestNewFromEnvTakesOtherToolsVariables(t *testing.T) {
	for _, name := range []string{"CONFLUENT_CLOUD_ENDPOINT_ID", "CONFLUENT_CLOUD_ENDPOINT_IP", "confluent_cloud_endpoint_id",
		"CONFLUENT_CLOUD_EMAIL", "CONFLUENT_CLOUD_PASSWORD", "CONFLUENT_CLOUD_REGION", "CONFLUENT_CLOUD_ORGANIZATION_ID",
		"CONFLUENT_PLATFORM_MDS_URL"} {
		t.Run(name, func(t *testing.T) {
			t.Setenv(EnvEndpoint, "")
			t.Setenv(EnvAPIKey, testKey)
			t.Setenv(EnvAPISecret, testSecret)
			t.Setenv(name, "x")
			_, err := NewFromEnv()
			require.NoError(t, err)
		})
	}
}
