package fake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/ccloud-go/networking/api"
)

// dispatch runs the validated operation.
func (s *Server) dispatch(x *exchange) {
	switch x.route.Operation.OperationID {
	case "createNetworkingV1NetworkLinkService":
		s.create(x, kindNLS)
	case "createNetworkingV1PrivateLinkAccess":
		s.create(x, kindPLA)
	case "getNetworkingV1NetworkLinkService":
		s.get(x, kindNLS)
	case "getNetworkingV1PrivateLinkAccess":
		s.get(x, kindPLA)
	case "listNetworkingV1NetworkLinkServices":
		s.list(x, kindNLS)
	case "listNetworkingV1PrivateLinkAccesses":
		s.list(x, kindPLA)
	case "updateNetworkingV1NetworkLinkService":
		s.update(x, kindNLS)
	case "updateNetworkingV1PrivateLinkAccess":
		s.update(x, kindPLA)
	case "deleteNetworkingV1NetworkLinkService":
		s.delete(x, kindNLS)
	case "deleteNetworkingV1PrivateLinkAccess":
		s.delete(x, kindPLA)
	default:
		s.reply(x, http.StatusNotFound, failure(404, "no_route", "Not Found", "operation not served by the fake", nil))
	}
}

// render turns a record into its document.
func (s *Server) render(x *exchange, r *record) any {
	if r.kind == kindNLS {
		doc := r.networkLinkService(x.base, s.cfg.readyAfter)
		if s.breakAnswers {
			doc.Status.Phase = nil
		}
		return doc
	}
	doc := r.privateLinkAccess(x.base, s.cfg.readyAfter)
	if s.breakAnswers {
		doc.Status.Phase = nil
	}
	return doc
}

func (s *Server) newID(k kind) string {
	const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
	for {
		b := make([]byte, 6)
		for i := range b {
			b[i] = alphabet[s.rng.IntN(len(alphabet))]
		}
		id := idPrefixes[k] + string(b)
		if _, taken := s.store.byID[id]; !taken {
			return id
		}
	}
}

func (s *Server) create(x *exchange, k kind) {
	rec := &record{kind: k}
	if k == kindNLS {
		var body api.NetworkLinkServiceCreateRequest
		if !decode(x, &body) {
			return
		}
		rec.env, rec.network, rec.displayName, rec.accept = body.Spec.Environment.ID, body.Spec.Network.ID, deref(body.Spec.DisplayName), body.Spec.Accept
		rec.description = deref(body.Spec.Description)
	} else {
		var body api.PrivateLinkAccessCreateRequest
		if !decode(x, &body) {
			return
		}
		rec.env, rec.network, rec.displayName, rec.cloud = body.Spec.Environment.ID, body.Spec.Network.ID, deref(body.Spec.DisplayName), body.Spec.Cloud
		var err error
		if rec.cloudKind, rec.account, err = cloudAccount(body.Spec.Cloud); err != nil {
			s.reply(x, http.StatusUnprocessableEntity, failure(422, "invalid_cloud", "Unprocessable Entity", err.Error(), &api.ErrorSource{Pointer: ptr("/spec/cloud")}))
			return
		}
	}
	s.mu.Lock()
	if dup := s.duplicate(rec); dup != nil {
		s.stats.Conflicts++
		s.mu.Unlock()
		x.headers.Set("Location", x.base+collections[k]+"/"+dup.id)
		s.reply(x, http.StatusConflict, failure(409, "already_exists", "Conflict",
			fmt.Sprintf("%s %s already uses this name or cloud account in network %s", crnNames[k], dup.id, dup.network), nil))
		return
	}
	now := time.Now().UTC().Truncate(time.Second)
	rec.id, rec.created, rec.updated = s.newID(k), now, now
	rec.fails = s.cfg.failures > 0 && s.rng.Float64() < s.cfg.failures
	s.store.add(rec)
	s.stats.Creates++
	resetAfter := s.cfg.createResets > 0 && s.rng.Float64() < s.cfg.createResets
	errorAfter := !resetAfter && s.cfg.createErrors > 0 && s.rng.Float64() < s.cfg.createErrors
	if resetAfter {
		s.stats.ResetsAfterSave++
	}
	if errorAfter {
		s.stats.ErrorsAfterSave++
	}
	s.saveLocked()
	doc := s.render(x, rec)
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
	x.headers.Set("Location", x.base+collections[k]+"/"+rec.id)
	s.reply(x, http.StatusAccepted, doc)
}

// duplicate applies the fake's uniqueness rule, unless it was turned off.
func (s *Server) duplicate(r *record) *record {
	if s.cfg.noUnique {
		return nil
	}
	return s.store.duplicate(r)
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
		fmt.Sprintf("no %s %q in this environment", crnNames[k], id), &api.ErrorSource{Parameter: ptr("id")}))
}

func (s *Server) get(x *exchange, k kind) {
	env, id := x.r.URL.Query().Get("environment"), x.params["id"]
	s.mu.Lock()
	rec := s.store.get(k, env, id)
	if rec == nil {
		s.mu.Unlock()
		s.notFound(x, k, id)
		return
	}
	if rec.deleting {
		rec.readsSinceDelete++
		if rec.readsSinceDelete > s.cfg.deleteAfter {
			s.store.remove(rec)
			s.saveLocked()
			s.mu.Unlock()
			s.notFound(x, k, id)
			return
		}
		s.saveLocked()
	} else {
		rec.reads++
		if rec.reads <= s.cfg.readyAfter+1 { // later reads change no phase
			s.saveLocked()
		}
	}
	doc := s.render(x, rec)
	s.mu.Unlock()
	s.replyMaybeBroken(x, http.StatusOK, doc)
}

func (s *Server) list(x *exchange, k kind) {
	q := x.r.URL.Query()
	f := filter{env: q.Get("environment"), names: q["spec.display_name"], phases: q["status.phase"], networks: q["spec.network"]}
	size := 10
	if v := q.Get("page_size"); v != "" {
		size, _ = strconv.Atoi(v)
	}
	if size < 1 {
		s.reply(x, http.StatusBadRequest, failure(400, "invalid_page_size", "Bad Request", "page_size must be at least 1", &api.ErrorSource{Parameter: ptr("page_size")}))
		return
	}
	offset := 0
	token := q.Get("page_token")
	if token != "" {
		var ok bool
		if offset, ok = decodeToken(k, f, token); !ok {
			s.reply(x, http.StatusBadRequest, failure(400, "invalid_page_token", "Bad Request",
				"page_token is not one this fake issued for this query", &api.ErrorSource{Parameter: ptr("page_token")}))
			return
		}
	}
	s.mu.Lock()
	recs, next := s.store.page(k, f, offset, size, s.cfg.readyAfter)
	meta := api.ListMeta{}
	if next >= 0 {
		nq := url.Values{"environment": {f.env}, "page_size": {strconv.Itoa(size)}, "page_token": {encodeToken(k, f, next)}}
		for key, vals := range map[string][]string{"spec.display_name": f.names, "status.phase": f.phases, "spec.network": f.networks} {
			if len(vals) > 0 {
				nq[key] = vals
			}
		}
		link := x.base + collections[k] + "?" + nq.Encode()
		if token != "" && s.cfg.faults.RepeatPageToken > 0 && s.rng.Float64() < s.cfg.faults.RepeatPageToken {
			nq.Set("page_token", token)
			link = x.base + collections[k] + "?" + nq.Encode()
			s.stats.Faults++
		}
		if s.cfg.faults.ForeignNextLink > 0 && s.rng.Float64() < s.cfg.faults.ForeignNextLink {
			host := s.cfg.faults.ForeignHost
			if host == "" {
				host = "foreign.invalid"
			}
			link = "http://" + host + collections[k] + "?" + nq.Encode()
			s.stats.Faults++
		}
		meta.Next = &link
	}
	var body any
	if k == kindNLS {
		data := make([]api.NetworkLinkService, len(recs))
		for i, r := range recs {
			data[i] = r.networkLinkService(x.base, s.cfg.readyAfter)
		}
		body = api.NetworkLinkServiceList{APIVersion: ptr(api.NetworkLinkServiceListAPIVersionNetworkingV1),
			Kind: ptr(api.NetworkLinkServiceListKindNetworkLinkServiceList), Metadata: meta, Data: data}
	} else {
		data := make([]api.PrivateLinkAccess, len(recs))
		for i, r := range recs {
			data[i] = r.privateLinkAccess(x.base, s.cfg.readyAfter)
		}
		body = api.PrivateLinkAccessList{APIVersion: ptr(api.PrivateLinkAccessListAPIVersionNetworkingV1),
			Kind: ptr(api.PrivateLinkAccessListKindPrivateLinkAccessList), Metadata: meta, Data: data}
	}
	s.mu.Unlock()
	s.replyMaybeBroken(x, http.StatusOK, body)
}

func (s *Server) update(x *exchange, k kind) {
	id := x.params["id"]
	var env string
	var name, description *string
	var accept *api.NetworkLinkServiceAcceptPolicy
	if k == kindNLS {
		var body api.NetworkLinkServiceUpdateRequest
		if !decode(x, &body) {
			return
		}
		env, name, accept, description = body.Spec.Environment.ID, body.Spec.DisplayName, body.Spec.Accept, body.Spec.Description
	} else {
		var body api.PrivateLinkAccessUpdateRequest
		if !decode(x, &body) {
			return
		}
		env, name = body.Spec.Environment.ID, body.Spec.DisplayName
	}
	s.mu.Lock()
	rec := s.store.get(k, env, id)
	if rec == nil || rec.deleting {
		s.mu.Unlock()
		s.notFound(x, k, id)
		return
	}
	if name != nil && *name != rec.displayName {
		probe := *rec
		probe.displayName, probe.account, probe.cloudKind = *name, "", ""
		if dup := s.duplicate(&probe); dup != nil && dup != rec {
			s.mu.Unlock()
			x.headers.Set("Location", x.base+collections[k]+"/"+dup.id)
			s.reply(x, http.StatusConflict, failure(409, "already_exists", "Conflict", "another resource in this network has that display name", nil))
			return
		}
		rec.displayName = *name
	}
	if accept != nil {
		rec.accept = accept
	}
	if description != nil {
		rec.description = *description
	}
	rec.updated = time.Now().UTC().Truncate(time.Second)
	s.saveLocked()
	doc := s.render(x, rec)
	s.mu.Unlock()
	s.reply(x, http.StatusOK, doc)
}

func (s *Server) delete(x *exchange, k kind) {
	env, id := x.r.URL.Query().Get("environment"), x.params["id"]
	s.mu.Lock()
	rec := s.store.get(k, env, id)
	if rec == nil {
		s.mu.Unlock()
		s.notFound(x, k, id)
		return
	}
	if !rec.deleting {
		rec.deleting = true
		rec.updated = time.Now().UTC().Truncate(time.Second)
	}
	if s.cfg.deleteAfter == 0 {
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

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// cloudAccount reads the union's kind and account.
func cloudAccount(c api.PrivateLinkAccessCloud) (string, string, error) {
	v, err := c.ValueByDiscriminator()
	if err != nil {
		return "", "", err
	}
	switch v := v.(type) {
	case api.AwsPrivateLinkAccess:
		return string(v.Kind), v.Account, nil
	case api.AzurePrivateLinkAccess:
		return string(v.Kind), v.Subscription, nil
	case api.GcpPrivateServiceConnectAccess:
		return string(v.Kind), v.Project, nil
	}
	return "", "", fmt.Errorf("unknown cloud %T", v)
}
