package fake

import (
	"bytes"
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/ccloud-go/networking/api"
	"github.com/ccloud-go/networking/spec/openapi"
)

// Server is the fake API: an http.Handler holding resources in memory.
// It is safe for concurrent use.
type Server struct {
	cfg    config
	router routers.Router
	// readOnly lists, per operation, the request properties the server
	// keeps itself.
	readOnly map[string]*roTree
	// refs lists the shape of each kind's spec references, for rendering.
	refs refShapes
	// specs are the schemas of what each creatable kind's spec may hold,
	// to check a loaded state file with.
	specs [numKinds]*openapi3.Schema
	// answers are the schemas of each kind's resource as answered, for
	// what the server fills in (serverfilled.go).
	answers [numKinds]*openapi3.Schema
	// methods are the HTTP methods of the spec's operations, in a fixed order.
	methods []string
	// spellings pairs the two spellings of every union kind (spelling.go).
	spellings kindSpellings

	mu    sync.Mutex // guards store, rng, window and stats
	store *store
	rng   *rand.Rand
	pcg   *rand.PCG // rng's source, saved with the state
	// the rate-limit window
	windowStart time.Time
	windowUsed  int
	stats       Stats

	requestSeq atomic.Uint64
	// breakAnswers drops status.phase from answers; tests only.
	breakAnswers bool
	// closing is closed when a Running fake shuts down, to end waits.
	closing chan struct{}
	// unlock releases the state file's lock (WithStateFile); s.mu guards it.
	unlock func(discard bool)
	// lockHeld says, before each write of the state, whether its lock still
	// holds the file, taking it again when its lock file was removed.
	lockHeld func() error
}

// Stats counts what the fake did, for tests.
type Stats struct {
	Requests        int // every request received
	RateLimited     int // answered 429 by the rate limit or a 429 fault
	ServerErrors    int // injected 5xx answers
	Resets          int // connections closed before acting
	ResetsAfterSave int // creates stored, then the connection closed
	ErrorsAfterSave int // creates stored, then answered 500
	GatewayTimeouts int // creates answered 504 while the backend went on to store them
	Invalid         int // requests refused by spec validation (400)
	Unauthenticated int // requests refused for credentials (401)
	Creates         int // resources stored
	Conflicts       int // creates refused as duplicates (409)
	Faults          int // malformed answers given
	ReadOnlyIgnored int // read-only properties dropped from request bodies
	StateErrors     int // changes the state file could not be written after
}

// New makes a fake. Without credential options it accepts DefaultKey and
// DefaultSecret.
func New(opts ...Option) (*Server, error) {
	cfg := defaultConfig()
	for _, o := range opts {
		if err := o(&cfg); err != nil {
			return nil, fmt.Errorf("fake: %w", err)
		}
	}
	if len(cfg.keys) == 0 && len(cfg.tokens) == 0 {
		cfg.keys[DefaultKey] = DefaultSecret
	}
	shared, err := openapi.Load()
	if err != nil {
		return nil, fmt.Errorf("fake: loading the embedded spec: %w", err)
	}
	doc := *shared    // the parsed document is shared: change a copy
	doc.Servers = nil // serve on any host
	router, err := gorillamux.NewRouter(&doc)
	if err != nil {
		return nil, fmt.Errorf("fake: routing the spec: %w", err)
	}
	if !cfg.seeded {
		cfg.seed = instanceSeed()
	}
	pcg := rand.NewPCG(cfg.seed, cfg.seed^0x9e3779b97f4a7c15)
	s := &Server{
		cfg:       cfg,
		router:    router,
		readOnly:  readOnlyTrees(&doc),
		refs:      refShapesOf(&doc),
		specs:     specSchemas(&doc),
		answers:   answerSchemas(&doc),
		methods:   specMethods(&doc),
		spellings: kindSpellingsOf(&doc),
		store:     newStore(),
		rng:       rand.New(pcg),
		pcg:       pcg,
		closing:   make(chan struct{}),
	}
	if cfg.statePath != "" {
		if err := s.openState(); err != nil {
			return nil, fmt.Errorf("fake: %w", err)
		}
	}
	seedIPAddresses(&doc, s.store)
	return s, nil
}

// instances counts the fakes made without WithSeed in this process, and
// processSeed is drawn once per process: instanceSeed gives each such fake
// a seed no other fake of the process has (nor, most likely, one of an
// earlier run of the program).
var (
	instances   atomic.Uint64
	processSeed = rand.Uint64()
)

func instanceSeed() uint64 { return processSeed + instances.Add(1)*0x9e3779b97f4a7c15 }

// specMethods lists the methods the spec uses, in the order RFC 9110
// defines them.
func specMethods(doc *openapi3.T) []string {
	used := map[string]bool{}
	for _, item := range doc.Paths.Map() {
		for m := range item.Operations() {
			used[m] = true
		}
	}
	var out []string
	for _, m := range []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodDelete,
		http.MethodConnect, http.MethodOptions, http.MethodTrace, http.MethodPatch} {
		if used[m] {
			out = append(out, m)
		}
	}
	return out
}

// Stats returns a copy of the counters.
func (s *Server) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stats
}

// chance draws one seeded decision.
func (s *Server) chance(p float64) bool {
	if p <= 0 {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rng.Float64() < p
}

// exchange is one request being served.
type exchange struct {
	w       http.ResponseWriter
	r       *http.Request
	base    string // scheme://host the client used
	route   *routers.Route
	params  map[string]string
	input   *openapi3filter.RequestValidationInput
	headers http.Header // rate-limit headers for the answer
}

// ServeHTTP serves one request: request id, latency, credentials, rate
// limit, injected faults, spec validation, then the operation.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Request-Id", fmt.Sprintf("fake-%08x", s.requestSeq.Add(1)))
	s.mu.Lock()
	s.stats.Requests++
	s.mu.Unlock()
	if s.cfg.latency > 0 && !s.sleep(r.Context(), s.cfg.latency) {
		return
	}
	x := &exchange{w: w, r: r, base: baseOf(r), headers: http.Header{}}
	if !s.authenticate(x) {
		return
	}
	if !s.admit(x) {
		return
	}
	if s.injectFault(x) {
		return
	}
	if !s.validate(x) {
		return
	}
	s.dispatch(x)
}

func baseOf(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// sleep waits d, or less if the request ends or the fake shuts down; it
// reports whether the whole wait passed.
func (s *Server) sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-s.closing:
		return false
	case <-t.C:
		return true
	}
}

// authenticate accepts a configured API key (basic) or bearer token.
func (s *Server) authenticate(x *exchange) bool {
	h := x.r.Header.Get("Authorization")
	ok := false
	if user, pass, isBasic := x.r.BasicAuth(); isBasic {
		if want, known := s.cfg.keys[user]; known && subtle.ConstantTimeCompare([]byte(want), []byte(pass)) == 1 {
			ok = true
		}
	} else if tok, isBearer := strings.CutPrefix(h, "Bearer "); isBearer && s.cfg.tokens[tok] {
		ok = true
	}
	if ok {
		return true
	}
	s.mu.Lock()
	s.stats.Unauthenticated++
	s.mu.Unlock()
	x.w.Header().Set("WWW-Authenticate", `Basic realm="fake confluent cloud"`)
	writeFailure(x.w, http.StatusUnauthorized, "unauthenticated", "Unauthorized",
		"send a Cloud API key as HTTP basic auth, or a bearer token the fake was given", nil)
	return false
}

// admit applies the rate limit, setting the X-RateLimit-* headers.
func (s *Server) admit(x *exchange) bool {
	if s.cfg.rateLimit == 0 {
		return true
	}
	s.mu.Lock()
	now := time.Now()
	if now.Sub(s.windowStart) >= s.cfg.rateWindow {
		s.windowStart, s.windowUsed = now, 0
	}
	s.windowUsed++
	used := s.windowUsed
	resetIn := s.windowStart.Add(s.cfg.rateWindow).Sub(now)
	over := used > s.cfg.rateLimit
	if over {
		s.stats.RateLimited++
	}
	s.mu.Unlock()
	reset := fmt.Sprint(int(math.Ceil(resetIn.Seconds())))
	x.headers.Set("X-RateLimit-Limit", fmt.Sprint(s.cfg.rateLimit))
	x.headers.Set("X-RateLimit-Remaining", fmt.Sprint(max(0, s.cfg.rateLimit-used)))
	x.headers.Set("X-RateLimit-Reset", reset)
	if !over {
		return true
	}
	x.headers.Set("Retry-After", reset)
	copyHeaders(x.w.Header(), x.headers)
	x.w.WriteHeader(http.StatusTooManyRequests)
	return false
}

func copyHeaders(dst, src http.Header) {
	for k, v := range src {
		dst[k] = v
	}
}

var serverErrorCodes = [...]int{500, 502, 503, 504}

// injectFault answers with a configured fault instead of acting.
func (s *Server) injectFault(x *exchange) bool {
	f := s.cfg.faults
	switch {
	case s.chance(s.cfg.resets):
		s.count(func(st *Stats) { st.Resets++ })
		hangUp(x.w)
		return true
	case s.chance(s.cfg.serverErrors):
		var code int
		s.mu.Lock()
		code = serverErrorCodes[s.stats.ServerErrors%len(serverErrorCodes)]
		s.stats.ServerErrors++
		s.mu.Unlock()
		copyHeaders(x.w.Header(), x.headers)
		writeFailure(x.w, code, "injected", http.StatusText(code), "the fake was told to fail this request", nil)
		return true
	case s.chance(f.RateLimitRetryAfter):
		s.count(func(st *Stats) { st.RateLimited++; st.Faults++ })
		x.w.Header().Set("Retry-After", "1")
		x.w.Header().Set("X-RateLimit-Remaining", "0")
		x.w.Header().Set("X-RateLimit-Reset", "1")
		x.w.WriteHeader(http.StatusTooManyRequests)
		return true
	case s.chance(f.RateLimitResetOnly):
		s.count(func(st *Stats) { st.RateLimited++; st.Faults++ })
		x.w.Header().Set("X-RateLimit-Remaining", "0")
		x.w.Header().Set("X-RateLimit-Reset", "1")
		x.w.WriteHeader(http.StatusTooManyRequests)
		return true
	case s.chance(f.SlowAnswer):
		s.count(func(st *Stats) { st.Faults++ })
		if !s.sleep(x.r.Context(), f.SlowBy) {
			return true
		}
	}
	return false
}

func (s *Server) count(f func(*Stats)) {
	s.mu.Lock()
	f(&s.stats)
	s.mu.Unlock()
}

// hangUp closes the connection without an answer.
func hangUp(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
}

// validate finds the operation and checks the request against the spec.
func (s *Server) validate(x *exchange) bool {
	route, params, err := s.router.FindRoute(x.r)
	if err != nil {
		code, title := http.StatusNotFound, "Not Found"
		if errors.Is(err, routers.ErrMethodNotAllowed) {
			code, title = http.StatusMethodNotAllowed, "Method Not Allowed"
			x.w.Header().Set("Allow", strings.Join(s.allowed(x.r), ", "))
		}
		copyHeaders(x.w.Header(), x.headers)
		writeFailure(x.w, code, "no_route", title, x.r.Method+" "+x.r.URL.Path+" is not an operation of this API", nil)
		return false
	}
	x.route, x.params = route, params
	if _, _, served := kindOfPath(route.Path); !served {
		// An operation of the spec whose collection the fake does not
		// keep (Collections lists those it does).
		copyHeaders(x.w.Header(), x.headers)
		writeFailure(x.w, http.StatusNotFound, "no_route", "Not Found", x.r.Method+" "+x.r.URL.Path+" is not served by the fake", nil)
		return false
	}
	if !s.dropReadOnly(x) {
		return false
	}
	s.plainKinds(x)
	x.input = &openapi3filter.RequestValidationInput{
		Request: x.r, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, MultiError: true},
	}
	if err := openapi3filter.ValidateRequest(x.r.Context(), x.input); err != nil {
		s.count(func(st *Stats) { st.Invalid++ })
		s.reply(x, http.StatusBadRequest, failure(http.StatusBadRequest, "invalid_request", "Bad Request", describeValidation(err), nil))
		return false
	}
	return true
}

// dropReadOnly takes the read-only properties out of the body before
// validation, or refuses them in strict mode.
func (s *Server) dropReadOnly(x *exchange) bool {
	t := s.readOnly[x.route.Operation.OperationID]
	if t == nil {
		return true
	}
	found, err := readOnlyInBody(x.r, t, s.cfg.strictReadOnly)
	if err != nil {
		copyHeaders(x.w.Header(), x.headers)
		writeFailure(x.w, http.StatusBadRequest, "invalid_body", "Bad Request", "the body could not be read: "+err.Error(), nil)
		return false
	}
	if len(found) == 0 {
		return true
	}
	if !s.cfg.strictReadOnly {
		s.count(func(st *Stats) { st.ReadOnlyIgnored += len(found) })
		return true
	}
	s.count(func(st *Stats) { st.Invalid++ })
	s.reply(x, http.StatusBadRequest, failure(http.StatusBadRequest, "invalid_request", "Bad Request",
		describeReadOnly(found), &api.ErrorSource{Pointer: ptr(found[0])}))
	return false
}

// allowed lists the methods the spec serves on the request's path, for
// the Allow header of a 405 (RFC 9110, section 15.5.6).
func (s *Server) allowed(r *http.Request) []string {
	var out []string
	for _, m := range s.methods {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, _, err := s.router.FindRoute(probe); err == nil {
			out = append(out, m)
		}
	}
	return out
}

// describeValidation turns kin-openapi's report into one line per problem.
func describeValidation(err error) string {
	var me openapi3.MultiError
	if errors.As(err, &me) {
		parts := make([]string, 0, len(me))
		for _, e := range me {
			parts = append(parts, oneLine(e.Error()))
		}
		return strings.Join(parts, "; ")
	}
	return oneLine(err.Error())
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// failure builds a Failure body.
func failure(code int, errCode, title, detail string, source *api.ErrorSource) api.Failure {
	return api.Failure{Errors: []api.Error{{
		Status: ptr(fmt.Sprint(code)), Code: ptr(errCode), Title: ptr(title), Detail: ptr(detail), Source: source,
	}}}
}

func writeFailure(w http.ResponseWriter, code int, errCode, title, detail string, source *api.ErrorSource) {
	body, _ := json.Marshal(failure(code, errCode, title, detail, source))
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_, _ = w.Write(body)
}

// reply sends a JSON answer (body nil for none), checking it against the
// spec first when response validation is on.
func (s *Server) reply(x *exchange, code int, body any) {
	var raw []byte
	if body != nil {
		var err error
		if raw, err = json.Marshal(body); err != nil {
			panic(err)
		}
	}
	h := x.w.Header()
	copyHeaders(h, x.headers)
	if raw != nil {
		h.Set("Content-Type", "application/json")
	}
	if s.cfg.validateResp && x.input != nil {
		in := &openapi3filter.ResponseValidationInput{
			RequestValidationInput: x.input, Status: code, Header: h, Body: io.NopCloser(bytes.NewReader(raw)),
			Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
		}
		if err := openapi3filter.ValidateResponse(x.r.Context(), in); err != nil {
			h.Del("Location")
			writeFailure(x.w, http.StatusInternalServerError, "invalid_response", "Fake answer breaks the spec", describeValidation(err), nil)
			return
		}
	}
	if s.cfg.recordedKinds && raw != nil {
		// Checked above in the document's spelling, whose enums the
		// spec gives; sent in the recorded one.
		raw = respellJSON(raw, s.spellings.recorded)
	}
	x.w.WriteHeader(code)
	if raw != nil {
		_, _ = x.w.Write(raw)
	}
}
