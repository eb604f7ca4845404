package fake

import (
	"github.com/getkin/kin-openapi/openapi3"

	"github.com/ccloud-go/networking/api"
)

const fakeOrg = "org-fake0"

func ptr[T any](v T) *T { return &v }

func crnOf(env string) string {
	return "crn://confluent.cloud/organization=" + fakeOrg + "/environment=" + env
}

func (r *record) crn() string {
	return crnOf(r.env) + "/" + kinds[r.kind].crn + "=" + r.id
}

// refTarget is what a spec reference points at, by property name.
type refTarget struct {
	path, kind, apiVersion, crn string
	global                      bool // not scoped to an environment
}

var refTargets = map[string]refTarget{
	"environment":          {path: "/org/v2/environments/", kind: "Environment", apiVersion: "org/v2", global: true},
	"network":              {path: kinds[kindNetwork].collection + "/", kind: "Network", apiVersion: "networking/v1", crn: kinds[kindNetwork].crn},
	"network_link_service": {path: kinds[kindNLS].collection + "/", kind: "NetworkLinkService", apiVersion: "networking/v1", crn: kinds[kindNLS].crn},
	"gateway":              {path: kinds[kindGateway].collection + "/", kind: "Gateway", apiVersion: "networking/v1", crn: kinds[kindGateway].crn},
	"private_link_attachment": {path: kinds[kindPLATT].collection + "/", kind: "PrivateLinkAttachment", apiVersion: "networking/v1",
		crn: kinds[kindPLATT].crn},
}

// refShapes lists, per kind and spec reference, the properties the
// reference's schema has (the fragment's answer schemas say which
// references carry kind and api_version, and which an environment).
type refShapes [numKinds]map[string]map[string]bool

func refShapesOf(doc *openapi3.T) refShapes {
	var out refShapes
	for k := range kinds {
		out[k] = map[string]map[string]bool{}
		item := doc.Paths.Value(kinds[k].collection + "/{id}")
		if item == nil || item.Get == nil {
			continue
		}
		resp := item.Get.Responses.Status(200)
		if resp == nil || resp.Value == nil {
			continue
		}
		mt := resp.Value.Content.Get("application/json")
		if mt == nil || mt.Schema == nil || mt.Schema.Value.Properties["spec"] == nil {
			continue
		}
		for name, p := range mt.Schema.Value.Properties["spec"].Value.Properties {
			if p.Value == nil || p.Value.Properties["related"] == nil {
				continue
			}
			props := map[string]bool{}
			for prop := range p.Value.Properties {
				props[prop] = true
			}
			out[k][name] = props
		}
	}
	return out
}

// document renders a record as the API answers it.
func (s *Server) document(base string, r *record) map[string]any {
	if kinds[r.kind].seeded {
		return seededDocument(r)
	}
	phase := r.phase(s.phasing())
	status := map[string]any{"phase": phase}
	if phase == api.PhaseFailed {
		status["error_code"], status["error_message"] = "PROVISIONING_FAILED", "the fake was told to fail this resource"
	}
	if f := kinds[r.kind].status; f != nil {
		f(r, phase, status)
	}
	spec := s.renderSpec(base, r)
	s.serverFilled(r, spec, status)
	if s.breakAnswers {
		delete(status, "phase")
	}
	return map[string]any{
		"api_version": "networking/v1",
		"kind":        kinds[r.kind].name,
		"id":          r.id,
		"metadata": map[string]any{
			"self":          base + kinds[r.kind].collection + "/" + r.id,
			"resource_name": r.crn(),
			"created_at":    r.created.Format(stampLayout),
			"updated_at":    r.updated.Format(stampLayout),
		},
		"spec":   spec,
		"status": status,
	}
}

// stampLayout is how answers write created_at and updated_at: RFC 3339
// in UTC with six digits of fraction, as recorded answers do. A state file
// from a fake that stamped whole seconds renders ".000000".
const stampLayout = "2006-01-02T15:04:05.000000Z07:00"

// renderSpec is the stored spec with its references filled in as the
// server fills them; an empty string is left out, as stored but unsaid.
func (s *Server) renderSpec(base string, r *record) map[string]any {
	out := make(map[string]any, len(r.spec))
	for name, v := range r.spec {
		if v == "" {
			continue
		}
		shape, isRef := s.refs[r.kind][name]
		target, known := refTargets[name]
		sent, isObject := v.(map[string]any)
		if !isRef || !known || !isObject {
			out[name] = v
			continue
		}
		id, _ := sent["id"].(string)
		ref := map[string]any{"id": id}
		if target.global {
			ref["related"], ref["resource_name"] = base+target.path+id, crnOf(id)
		} else {
			env := r.env
			if e, ok := sent["environment"].(string); ok && e != "" {
				env = e
			}
			ref["related"], ref["resource_name"] = base+target.path+id+"?environment="+env, crnOf(env)+"/"+target.crn+"="+id
			if shape["environment"] {
				ref["environment"] = env
			}
		}
		if shape["kind"] {
			ref["kind"], ref["api_version"] = target.kind, target.apiVersion
		}
		out[name] = ref
	}
	return out
}
