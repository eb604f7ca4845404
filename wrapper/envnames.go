package wrapper

import (
	"os"
	"strings"
)

// strayVariable returns the name of a variable set in environ (os.Environ's
// form) that looks meant for want, one of the variables NewFromEnv reads,
// but is not it; "" when there is none. Such a name is want in another
// case or with a slip of up to two letters (CONFLUENT_CLOUD_ENDPIONT), or
// one of the spellings other tools and habits suggest
// (CONFLUENT_ENDPOINT, CONFLUENT_CLOUD_URL, CONFLUENT_API_KEY): without
// this check such a variable is silently ignored, and the client talks to
// the real API, or says the key is not set, with no hint why.
func strayVariable(environ []string, want string) string {
	target := squeeze(want)
	var tails []string
	switch want {
	case EnvEndpoint:
		tails = []string{"ENDPOINT", "ENDPOINTS", "URL", "HOST"}
	case EnvAPIKey:
		tails = []string{"APIKEY", "KEY", "APIKEYID", "KEYID"}
	case EnvAPISecret:
		tails = []string{"APISECRET", "SECRET", "APIKEYSECRET", "KEYSECRET"}
	}
	for _, kv := range environ {
		name, value, _ := strings.Cut(kv, "=")
		if name == want || strings.TrimSpace(value) == "" {
			continue
		}
		n := squeeze(name)
		// A longer name of its own that starts with want and a separator
		// (CONFLUENT_CLOUD_ENDPOINT_ID) is no slip of want.
		u := strings.ToUpper(name)
		own := strings.HasPrefix(u, want+"_") || strings.HasPrefix(u, want+"-")
		if !own && editDistance(n, target) <= 2 {
			return name
		}
		rest, ok := strings.CutPrefix(n, "CONFLUENT")
		if !ok {
			continue
		}
		for _, tail := range tails {
			mid, ok := strings.CutSuffix(rest, tail)
			if !ok {
				continue
			}
			switch mid {
			case "", "CLOUD", "API", "CLOUDAPI", "BASE", "CLOUDBASE", "REST", "CLOUDREST":
				return name
			}
		}
	}
	return ""
}

// strayHint is what an error about want adds when a variable looks meant
// for it.
func strayHint(want string) string {
	if stray := strayVariable(os.Environ(), want); stray != "" {
		return "; " + stray + " is set, but this client reads " + want + ": rename it"
	}
	return ""
}

// squeeze is name in upper case without '_' and '-'.
func squeeze(name string) string {
	return strings.NewReplacer("_", "", "-", "").Replace(strings.ToUpper(name))
}

// editDistance is the Levenshtein distance of a and b, in bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
