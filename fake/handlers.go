package fake

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/ccloud-go/networking/api"
)

// dispatch runs the validated operation: the collection comes from the
// route's path, the verb from its method.
func (s *Server) dispatch(x *exchange) {
	if s.cfg.byTime {
		s.mu.Lock()
		s.expireLocked()
		s.mu.Unlock()
	}
	k, one, ok := kindOfPath(x.route.Path)
	switch {
	case !ok:
		s.reply(x, http.StatusNotFound, failure(404, "no_route", "Not Found", "operation not served by the fake", nil))
	case !one && x.r.Method == http.MethodGet:
		s.list(x, k)
	case !one && x.r.Method == http.MethodPost:
		s.create(x, k)
	case x.r.Method == http.MethodGet:
		s.get(x, k)
	case x.r.Method == http.MethodPatch:
		s.update(x, k)
	case x.r.Method == http.MethodDelete:
		s.delete(x, k)
	default:
		s.reply(x, http.StatusNotFound, failure(404, "no_route", "Not Found", "operation not served by the fake", nil))
	}
}

func (s *Server) newID(k kind) string {
	const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
	for {
		b := make([]byte, 6)
		for i := range b {
			b[i] = alphabet[s.rng.IntN(len(alphabet))]
		}
		id := kinds[k].prefix + string(b)
		if _, taken := s.store.byID[id]; !taken {
			return id
		}
	}
}

// specOf reads the body's spec and the environment it names.
func specOf(x *exchange) (map[string]any, string, bool) {
	var body struct {
		Spec map[string]any `json:"spec"`
	}
	if !decode(x, &body) {
		return nil, "", false
	}
	env, _ := body.Spec["environment"].(map[string]any)
	id, _ := env["id"].(string)
	return body.Spec, id, true
}

func (s *Server) create(x *exchange, k kind) {
	spec, env, ok := specOf(x)
	if !ok {
		return
	}
	rec := &record{kind: k, env: env, spec: spec}
	if d := s.cfg.storeDelay; d > 0 {
		// The backend takes d to store; a gateway in front of it may give
		// up first, answering 504 while the backend goes on.
		if g := s.cfg.gatewayTimeout; g > 0 && g < d {
			go func() {
				if s.sleep(context.Background(), d) {
					s.mu.Lock()
					if s.duplicate(rec) == nil {
						s.storeLocked(rec)
					}
					s.mu.Unlock()
				}
			}()
			if s.sleep(x.r.Context(), g) {
				s.count(func(st *Stats) { st.GatewayTimeouts++ })
				copyHeaders(x.w.Header(), x.headers)
				writeFailure(x.w, http.StatusGatewayTimeout, "gateway_timeout", "Gateway Timeout", "the backend did not answer in time", nil)
			}
			return
		}
		if !s.sleep(x.r.Context(), d) {
			return
		}
	}
	s.mu.Lock()
	if dup := s.duplicate(rec); dup != nil {
		s.stats.Conflicts++
		s.mu.Unlock()
		x.headers.Set("Location", x.base+kinds[k].collection+"/"+dup.id)
		s.reply(x, http.StatusConflict, failure(409, "already_exists", "Conflict",
			fmt.Sprintf("%s %s already uses this name or these settings in %s", kinds[k].crn, dup.id, scopeOf(dup)), nil))
		return
	}
	s.storeLocked(rec)
	resetAfter := s.cfg.createResets > 0 && s.rng.Float64() < s.cfg.createResets
	errorAfter := !resetAfter && s.cfg.createErrors > 0 && s.rng.Float64() < s.cfg.createErrors
	if resetAfter {
		s.stats.ResetsAfterSave++
	}
	if errorAfter {
		s.stats.ErrorsAfterSave++
	}
	doc := s.document(x.base, rec)
	s.mu.Unlock()
	if resetAfter {
		hangUp(x.w)
		return
	}
	if errorAfter {
		copyHeaders(x.w.Header(), x.headers)
		writeFailure(x.w, http.StatusInternalServerError, "injected", "Internal Server Error", "the fake stored this create and was told to fail the answer", nil)
		return
	}
	x.headers.Set("Location", x.base+kinds[k].collection+"/"+rec.id)
	s.reply(x, http.StatusAccepted, doc)
}

// storeLocked stores a new record; s.mu is held. With WithListLag it
// shows in lists only that long after.
func (s *Server) storeLocked(rec *record) {
	now := s.cfg.now()
	rec.id, rec.created, rec.updated = s.newID(rec.kind), now.UTC().Truncate(time.Microsecond), now.UTC().Truncate(time.Microsecond)
	rec.born = now
	if s.cfg.listLag > 0 {
		rec.listedFrom = now.Add(s.cfg.listLag)
	}
	rec.fails = s.cfg.failures > 0 && s.rng.Float64() < s.cfg.failures
	s.store.add(rec)
	if rec.kind == kindNLE {
		s.associate(rec)
	}
	s.stats.Creates++
	s.saveLocked()
}

func scopeOf(r *record) string {
	if sc := kinds[r.kind].scope; sc != "" {
		return strings.ReplaceAll(sc, "_", " ") + " " + r.ref(sc)
	}
	return "environment " + r.env
}

// associate makes the association a network link endpoint shows on its
// service's side. It lives in the service's environment: the stored
// service's, else the one the reference names, else the endpoint's.
func (s *Server) associate(nle *record) {
	svc, _ := nle.spec["network_link_service"].(map[string]any)
	svcID, _ := svc["id"].(string)
	env := nle.env
	if e, ok := svc["environment"].(string); ok && e != "" {
		env = e
	}
	if stored := s.store.byID[svcID]; stored != nil && stored.kind == kindNLS {
		env = stored.env
	}
	name := nle.displayName()
	if name == "" {
		name = nle.id
	}
	spec := map[string]any{
		"display_name":          name,
		"environment":           map[string]any{"id": env},
		"network_link_endpoint": nle.id,
		"network_link_service":  map[string]any{"id": svcID, "environment": env},
	}
	if d, ok := nle.spec["description"].(string); ok && d != "" {
		spec["description"] = d
	}
	s.store.add(&record{kind: kindNLSA, id: s.newID(kindNLSA), env: env, spec: spec, created: nle.created, updated: nle.created, born: nle.born, endpoint: nle})
}

// duplicate applies the fake's uniqueness rule, unless it was turned off.
func (s *Server) duplicate(r *record) *record {
	if s.cfg.noUnique {
		return nil
	}
	return s.store.duplicate(r, true)
}

func decode(x *exchange, into any) bool {
	// The validator has read the body and put it back.
	if err := json.NewDecoder(x.r.Body).Decode(into); err != nil {
		writeFailure(x.w, http.StatusBadRequest, "invalid_body", "Bad Request", "the body is not JSON: "+err.Error(), nil)
		return false
	}
	return true
}

func (s *Server) notFound(x *exchange, k kind, id string) {
	s.reply(x, http.StatusNotFound, failure(404, "not_found", "Not Found",
		fmt.Sprintf("no %s %q in this environment", kinds[k].crn, id), &api.ErrorSource{Parameter: ptr("id")}))
}

// visible finds the record a get or delete names: one of the kind in the
// environment asked for, which (for an association) belongs to the
// network link service asked for.
func (s *Server) visible(x *exchange, k kind) *record {
	q := x.r.URL.Query()
	rec := s.store.get(k, q.Get("environment"), x.params["id"])
	if rec != nil && k == kindNLSA && rec.ref("network_link_service") != q.Get("spec.network_link_service") {
		return nil
	}
	return rec
}

func (s *Server) get(x *exchange, k kind) {
	id := x.params["id"]
	s.mu.Lock()
	rec := s.visible(x, k)
	if rec == nil {
		s.mu.Unlock()
		s.notFound(x, k, id)
		return
	}
	switch {
	case rec.endpoint != nil:
		// An association's phase is its endpoint's; reading it moves nothing.
	case rec.deleting:
		if !s.cfg.byTime {
			rec.readsSinceDelete++
		}
		if s.gone(rec, s.cfg.now()) {
			s.store.remove(rec)
			s.saveLocked()
			s.mu.Unlock()
			s.notFound(x, k, id)
			return
		}
		s.saveLocked()
	default:
		rec.reads++
		if rec.reads <= s.cfg.readyAfter+1 { // later reads change no phase
			s.saveLocked()
		}
	}
	doc := s.document(x.base, rec)
	s.mu.Unlock()
	s.replyMaybeBroken(x, http.StatusOK, doc)
}

// listFilter reads the filter parameters the list operation declares:
// every query parameter but the environment and paging.
func listFilter(x *exchange) filter {
	q := x.r.URL.Query()
	f := filter{env: q.Get("environment"), by: map[string][]string{}}
	for _, p := range x.route.Operation.Parameters {
		name := p.Value.Name
		if p.Value.In == "query" && !notFilters[name] && len(q[name]) > 0 {
			f.by[name] = q[name]
		}
	}
	return f
}

// notFilters are the query parameters of a list that do not narrow it by
// a resource's values.
var notFilters = map[string]bool{"environment": true, "page_size": true, "page_token": true}

// defaultPageSize is the default the operation's page_size parameter has in
// the spec (what the server uses without one); 0 when it gives none, which
// the check below then refuses.
func defaultPageSize(x *exchange) int {
	for _, p := range x.route.Operation.Parameters {
		if p.Value.In == "query" && p.Value.Name == "page_size" && p.Value.Schema != nil {
			if d, ok := p.Value.Schema.Value.Default.(float64); ok {
				return int(d)
			}
		}
	}
	return 0
}

func (s *Server) list(x *exchange, k kind) {
	q := x.r.URL.Query()
	f := listFilter(x)
	size := defaultPageSize(x)
	if v := q.Get("page_size"); v != "" {
		size, _ = strconv.Atoi(v)
	}
	if size < 1 {
		s.reply(x, http.StatusBadRequest, failure(400, "invalid_page_size", "Bad Request", "page_size must be at least 1", &api.ErrorSource{Parameter: ptr("page_size")}))
		return
	}
	var after uint64
	token := q.Get("page_token")
	if token != "" {
		var ok bool
		if after, ok = decodeToken(k, f, token); !ok {
			s.reply(x, http.StatusBadRequest, failure(400, "invalid_page_token", "Bad Request",
				"page_token is not one this fake issued for this query", &api.ErrorSource{Parameter: ptr("page_token")}))
			return
		}
	}
	s.mu.Lock()
	recs, next := s.pageLocked(k, f, after, size, s.phasing())
	meta := map[string]any{}
	if next > 0 {
		meta["next"] = s.nextLink(x, k, f, size, token, next)
	}
	data := make([]any, len(recs))
	for i, r := range recs {
		data[i] = s.document(x.base, r)
	}
	s.mu.Unlock()
	body := map[string]any{"api_version": "networking/v1", "kind": kinds[k].name + "List", "metadata": meta, "data": data}
	s.replyMaybeBroken(x, http.StatusOK, body)
}

// nextLink is metadata.next, with the faults that spoil it; s.mu is held.
func (s *Server) nextLink(x *exchange, k kind, f filter, size int, token string, next uint64) string {
	nq := url.Values{"page_size": {strconv.Itoa(size)}, "page_token": {encodeToken(k, f, next)}}
	if f.env != "" { // IP addresses have none
		nq.Set("environment", f.env)
	}
	for key, vals := range f.by {
		nq[key] = vals
	}
	link := x.base + kinds[k].collection + "?" + nq.Encode()
	if token != "" && s.cfg.faults.RepeatPageToken > 0 && s.rng.Float64() < s.cfg.faults.RepeatPageToken {
		nq.Set("page_token", token)
		link = x.base + kinds[k].collection + "?" + nq.Encode()
		s.stats.Faults++
	}
	if s.cfg.faults.ForeignNextLink > 0 && s.rng.Float64() < s.cfg.faults.ForeignNextLink {
		host := s.cfg.faults.ForeignHost
		if host == "" {
			host = "foreign.invalid"
		}
		link = "http://" + host + kinds[k].collection + "?" + nq.Encode()
		s.stats.Faults++
	}
	return link
}

func (s *Server) update(x *exchange, k kind) {
	id := x.params["id"]
	change, env, ok := specOf(x)
	if !ok {
		return
	}
	s.mu.Lock()
	rec := s.store.get(k, env, id)
	if rec == nil || rec.deleting {
		s.mu.Unlock()
		s.notFound(x, k, id)
		return
	}
	if name, ok := change["display_name"].(string); ok && name != rec.displayName() && !s.cfg.noUnique {
		probe := *rec
		probe.spec = map[string]any{"display_name": name}
		if sc := kinds[k].scope; sc != "" {
			probe.spec[sc] = rec.spec[sc]
		}
		if dup := s.store.duplicate(&probe, false); dup != nil && dup != rec {
			s.mu.Unlock()
			x.headers.Set("Location", x.base+kinds[k].collection+"/"+dup.id)
			s.reply(x, http.StatusConflict, failure(409, "already_exists", "Conflict", "another resource in this "+strings.Fields(scopeOf(rec))[0]+" has that display name", nil))
			return
		}
	}
	for key, v := range change {
		if key != "environment" {
			rec.spec[key] = v
		}
	}
	rec.updated = s.cfg.now().UTC().Truncate(time.Microsecond)
	s.saveLocked()
	doc := s.document(x.base, rec)
	s.mu.Unlock()
	s.reply(x, http.StatusOK, doc)
}

func (s *Server) delete(x *exchange, k kind) {
	id := x.params["id"]
	s.mu.Lock()
	rec := s.visible(x, k)
	if rec == nil {
		s.mu.Unlock()
		s.notFound(x, k, id)
		return
	}
	if !rec.deleting {
		rec.deleting = true
		rec.deletedAt = s.cfg.now()
		rec.updated = rec.deletedAt.UTC().Truncate(time.Microsecond)
	}
	if s.cfg.byTime && s.gone(rec, rec.deletedAt) || !s.cfg.byTime && s.cfg.deleteAfter == 0 {
		s.store.remove(rec)
	}
	s.saveLocked()
	s.mu.Unlock()
	s.reply(x, http.StatusNoContent, nil)
}

// replyMaybeBroken answers a read, unless a fault says to break the body.
func (s *Server) replyMaybeBroken(x *exchange, code int, body any) {
	f := s.cfg.faults
	switch {
	case s.chance(f.TruncatedBody):
		s.count(func(st *Stats) { st.Faults++ })
		raw, _ := json.Marshal(body)
		copyHeaders(x.w.Header(), x.headers)
		x.w.Header().Set("Content-Type", "application/json")
		x.w.WriteHeader(code)
		_, _ = x.w.Write(raw[:len(raw)/2])
	case s.chance(f.MalformedJSON):
		s.count(func(st *Stats) { st.Faults++ })
		copyHeaders(x.w.Header(), x.headers)
		x.w.Header().Set("Content-Type", "application/json")
		x.w.WriteHeader(code)
		_, _ = x.w.Write([]byte(`{"api_version": "networking/v1", "data": [ }`))
	default:
		s.reply(x, code, body)
	}
}
