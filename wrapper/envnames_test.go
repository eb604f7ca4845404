package wrapper

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A variable that looks meant for CONFLUENT_CLOUD_ENDPOINT, set while it is
// not, is refused by NewFromEnv naming both: it was ignored, and a client
// meant for the fake or a proxy went to the real API. Names meant for the
// key and secret are named in the error that says those are not set.
func TestNewFromEnvNamesAStrayVariable(t *testing.T) {
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) { writeFailure(w, http.StatusNotFound, "none") })
	set := func(t *testing.T, kv map[string]string) {
		for _, name := range []string{EnvAPIKey, EnvAPISecret, EnvEndpoint} {
			t.Setenv(name, "")
		}
		for k, v := range kv {
			t.Setenv(k, v)
		}
	}
	for _, stray := range []string{"CONFLUENT_CLOUD_ENDPOINTS", "confluent_cloud_endpoint", "CONFLUENT_CLOUD_ENDPIONT",
		"CONFLUENT_ENDPOINT", "CONFLUENT_CLOUD_API_ENDPOINT", "CONFLUENT_CLOUD_URL", "CONFLUENT_BASE_URL"} {
		t.Run(stray, func(t *testing.T) {
			set(t, map[string]string{EnvAPIKey: testKey, EnvAPISecret: testSecret, stray: s.URL})
			_, err := NewFromEnv()
			require.ErrorIs(t, err, ErrInvalidInput)
			var ie *InputError
			require.ErrorAs(t, err, &ie)
			assert.Equal(t, EnvEndpoint, ie.Field)
			assert.Contains(t, ie.Problem, stray)
			assert.Contains(t, ie.Problem, "rename it "+EnvEndpoint)
			assert.NotContains(t, printed(err), testSecret)

			// Set as it should be, the stray one does not matter.
			t.Setenv(EnvEndpoint, s.URL)
			_, err = NewFromEnv()
			require.NoError(t, err)
		})
	}
	// Variables of other meanings are not taken for it.
	set(t, map[string]string{EnvAPIKey: testKey, EnvAPISecret: testSecret, "CONFLUENT_ENDPOINT_NETWORK_ID": "n-1",
		"CONFLUENT_SCHEMA_REGISTRY_URL": "https://sr.example", "CONFLUENT_KAFKA_REST_ENDPOINT": "https://k.example",
		"CONFLUENT_ENVIRONMENT_ID": "env-1", "CONFLUENT_CLOUD_EMAIL": "a@example.com"})
	_, err := NewFromEnv()
	require.NoError(t, err)

	for stray, want := range map[string]string{"CONFLUENT_API_KEY": EnvAPIKey, "CONFLUENT_CLOUD_KEY": EnvAPIKey,
		"CONFLUENT_CLOUD_API_SECERT": EnvAPISecret, "CONFLUENT_API_SECRET": EnvAPISecret} {
		t.Run(stray, func(t *testing.T) {
			kv := map[string]string{EnvAPIKey: testKey, EnvAPISecret: testSecret, stray: "x"}
			delete(kv, want)
			set(t, kv)
			_, err := NewFromEnv()
			var ie *InputError
			require.ErrorAs(t, err, &ie)
			assert.Equal(t, want, ie.Field)
			assert.Contains(t, ie.Problem, stray+" is set, but this client reads "+want)
		})
	}
	assert.Zero(t, s.hits.Load())
}
