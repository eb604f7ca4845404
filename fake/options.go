package fake

import (
	"errors"
	"fmt"
	"time"
)

// Default credentials, accepted when no credential option is given.
const (
	DefaultKey    = "FAKEKEY0000000000"
	DefaultSecret = "fake-secret-not-for-production"
)

// An Option configures New and Start. Each is checked; a bad value is an
// error that names the option.
type Option func(*config) error

type config struct {
	keys        map[string]string // API key -> secret
	tokens      map[string]bool   // accepted bearer tokens
	seed        uint64
	seeded      bool // WithSeed given: else each fake draws a seed of its own
	readyAfter  int
	deleteAfter int
	// byTime: phases move with time (WithPhaseTimes), not reads.
	byTime            bool
	readyIn, deleteIn time.Duration
	// now is the clock phases follow (time.Now; tests set another).
	now          func() time.Time
	rateLimit    int
	rateWindow   time.Duration
	serverErrors float64
	resets       float64
	createResets float64
	latency      time.Duration
	failures     float64
	validateResp bool
	// strictReadOnly refuses read-only properties in request bodies.
	strictReadOnly bool
	statePath      string // WithStateFile
	faults         Faults
	noUnique       bool
	storeDelay     time.Duration // WithStoreDelay
	gatewayTimeout time.Duration // WithGatewayTimeout
	listLag        time.Duration // WithListLag
	createErrors   float64
	recordedKinds  bool // WithRecordedKinds
}

// Faults are the malformed answers the fake can give, each a share of the
// requests it applies to (0 to 1), for testing a client's defences.
type Faults struct {
	// TruncatedBody cuts a success body in half (GET of one resource and lists).
	TruncatedBody float64
	// MalformedJSON answers a success with a body that is not JSON.
	MalformedJSON float64
	// ForeignNextLink points metadata.next at ForeignHost (default
	// foreign.invalid), a host that is not the fake's.
	ForeignNextLink float64
	ForeignHost     string
	// RepeatPageToken makes metadata.next repeat the token just used.
	RepeatPageToken float64
	// SlowAnswer delays an answer by SlowBy (past a client's deadline).
	SlowAnswer float64
	SlowBy     time.Duration
	// RateLimitResetOnly answers 429 with X-RateLimit-Reset but no Retry-After.
	RateLimitResetOnly float64
	// RateLimitRetryAfter answers 429 with Retry-After.
	RateLimitRetryAfter float64
}

func defaultConfig() config {
	return config{keys: map[string]string{}, tokens: map[string]bool{}, readyAfter: 2, deleteAfter: 1, now: time.Now}
}

func share(name string, v float64) error {
	if v < 0 || v > 1 || v != v {
		return fmt.Errorf("%s: %v is not a share between 0 and 1", name, v)
	}
	return nil
}

// WithAPIKey accepts HTTP basic auth with this key and secret (several may
// be given). Without any credential option the fake accepts DefaultKey and
// DefaultSecret.
func WithAPIKey(key, secret string) Option {
	return func(c *config) error {
		if key == "" || secret == "" {
			return errors.New("WithAPIKey: key and secret must not be empty")
		}
		c.keys[key] = secret
		return nil
	}
}

// WithBearerToken accepts "Authorization: Bearer token".
func WithBearerToken(token string) Option {
	return func(c *config) error {
		if token == "" {
			return errors.New("WithBearerToken: empty token")
		}
		c.tokens[token] = true
		return nil
	}
}

// WithSeed makes every random choice (ids, faults) repeatable. Without
// it each fake draws a seed of its own, so that fakes started one after
// another in one process (a test suite's, on one address perhaps) do not
// hand out the same ids: a client's record of the resources its creates
// returned, kept per server address for the whole program, would take a
// new fake's resource for an earlier one's.
func WithSeed(seed uint64) Option {
	return func(c *config) error { c.seed, c.seeded = seed, true; return nil }
}

// WithReadyAfter sets how many reads of a new resource show PROVISIONING
// before it turns READY (default 2; 0 means READY on the first read).
func WithReadyAfter(reads int) Option {
	return func(c *config) error {
		if reads < 0 {
			return errors.New("WithReadyAfter: negative count")
		}
		c.readyAfter = reads
		return nil
	}
}

// WithDeleteAfter sets how many reads show DEPROVISIONING after a delete
// before the resource is gone (default 1).
func WithDeleteAfter(reads int) Option {
	return func(c *config) error {
		if reads < 0 {
			return errors.New("WithDeleteAfter: negative count")
		}
		c.deleteAfter = reads
		return nil
	}
}

// WithRateLimit allows limit requests per window; more get 429 with
// Retry-After. Every answer carries X-RateLimit-Limit, -Remaining and
// -Reset (whole seconds until the window resets, rounded up).
func WithRateLimit(limit int, window time.Duration) Option {
	return func(c *config) error {
		if limit < 1 || window <= 0 {
			return fmt.Errorf("WithRateLimit: need limit >= 1 and a positive window, got %d per %s", limit, window)
		}
		c.rateLimit, c.rateWindow = limit, window
		return nil
	}
}

// WithServerErrors answers this share of requests with 500, 502, 503 or
// 504 (in turn) without acting on them.
func WithServerErrors(rate float64) Option {
	return func(c *config) error { c.serverErrors = rate; return share("WithServerErrors", rate) }
}

// WithResets closes the connection of this share of requests before
// acting on them. It needs a connection to close: served by Start or an
// http.Server over HTTP/1.1 (the writer must be an http.Hijacker); with any
// other writer the handler aborts with http.ErrAbortHandler.
func WithResets(rate float64) Option {
	return func(c *config) error { c.resets = rate; return share("WithResets", rate) }
}

// WithResetsAfterCreate stores this share of creates and then closes the
// connection without answering: the client cannot know it succeeded.
func WithResetsAfterCreate(rate float64) Option {
	return func(c *config) error { c.createResets = rate; return share("WithResetsAfterCreate", rate) }
}

// WithServerErrorsAfterCreate stores this share of creates and then
// answers 500: the client cannot know that the create succeeded.
func WithServerErrorsAfterCreate(rate float64) Option {
	return func(c *config) error { c.createErrors = rate; return share("WithServerErrorsAfterCreate", rate) }
}

// WithoutUniqueness drops the fake's duplicate rule: creates and renames
// that would clash on a display name or a cloud account are stored rather
// than answered 409. The upstream document states no such rule (its 409
// says only that a resource already exists), so a client must not depend
// on one; this mode checks that it does not.
func WithoutUniqueness() Option {
	return func(c *config) error { c.noUnique = true; return nil }
}

// WithStoreDelay makes every create take d to be stored (and stamped
// created_at); its answer comes once it is stored, unless a gateway gives
// up first (WithGatewayTimeout). A backend still working when a client
// has stopped waiting is what a client settling a create must allow for.
func WithStoreDelay(d time.Duration) Option {
	return func(c *config) error {
		if d < 0 {
			return errors.New("WithStoreDelay: negative duration")
		}
		c.storeDelay = d
		return nil
	}
}

// WithGatewayTimeout puts a gateway in front of creates that answers 504
// after d when the backend is slower (WithStoreDelay); the backend goes on
// and stores the create anyway.
func WithGatewayTimeout(d time.Duration) Option {
	return func(c *config) error {
		if d < 0 {
			return errors.New("WithGatewayTimeout: negative duration")
		}
		c.gatewayTimeout = d
		return nil
	}
}

// WithListLag shows a new resource in lists only d after it was stored;
// reading it by id shows it at once. A listing that lags the store is what
// eventually consistent indexes do; the upstream document promises nothing
// about how soon a create shows in a list.
func WithListLag(d time.Duration) Option {
	return func(c *config) error {
		if d < 0 {
			return errors.New("WithListLag: negative duration")
		}
		c.listLag = d
		return nil
	}
}

// WithLatency delays every answer.
func WithLatency(d time.Duration) Option {
	return func(c *config) error {
		if d < 0 {
			return errors.New("WithLatency: negative duration")
		}
		c.latency = d
		return nil
	}
}

// WithFailures makes this share of new resources end in FAILED instead of
// READY, with an error_code and error_message.
func WithFailures(rate float64) Option {
	return func(c *config) error { c.failures = rate; return share("WithFailures", rate) }
}

// WithResponseValidation checks every answer against the spec before it
// is sent; an answer that does not conform becomes a 500 naming the
// problem. Tests turn it on to prove the fake says only what the spec
// allows.
func WithResponseValidation() Option {
	return func(c *config) error { c.validateResp = true; return nil }
}

// WithFaults turns on malformed answers.
func WithFaults(f Faults) Option {
	return func(c *config) error {
		for name, v := range map[string]float64{
			"TruncatedBody": f.TruncatedBody, "MalformedJSON": f.MalformedJSON, "ForeignNextLink": f.ForeignNextLink,
			"RepeatPageToken": f.RepeatPageToken, "SlowAnswer": f.SlowAnswer,
			"RateLimitResetOnly": f.RateLimitResetOnly, "RateLimitRetryAfter": f.RateLimitRetryAfter,
		} {
			if err := share("WithFaults "+name, v); err != nil {
				return err
			}
		}
		if f.SlowAnswer > 0 && f.SlowBy <= 0 {
			return errors.New("WithFaults: SlowAnswer needs a positive SlowBy")
		}
		c.faults = f
		return nil
	}
}

// WithRecordedKinds answers every union's kind as recorded real answers
// spell it, "networking.v1.AwsPeering" where the spec's enum says
// "AwsPeering" (shared/upstream BEHAVIOUR.md), so that a client can be
// tried against both spellings. Request bodies are read in either
// spelling, with or without it. Response validation
// (WithResponseValidation) checks an answer before it is respelled.
func WithRecordedKinds() Option {
	return func(c *config) error { c.recordedKinds = true; return nil }
}

// WithStrictReadOnly refuses a create or update whose body carries a
// read-only property (such as spec.environment.related, id or status) with
// 400 naming it. By default the fake drops them before validation, as the
// real API evidently does: Confluent's own SDK always sends the references'
// read-only fields, and tools built on it work against the real API. Turn
// it on to check that a client sends only what the server reads.
func WithStrictReadOnly() Option {
	return func(c *config) error { c.strictReadOnly = true; return nil }
}
