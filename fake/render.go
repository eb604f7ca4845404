package fake

import (
	"github.com/ccloud-go/networking/api"
)

const fakeOrg = "org-fake0"

func ptr[T any](v T) *T { return &v }

func (r *record) crn() string {
	return "crn://confluent.cloud/organization=" + fakeOrg + "/environment=" + r.env + "/" + crnNames[r.kind] + "=" + r.id
}

func (r *record) meta(base string) *api.ObjectMeta {
	m := &api.ObjectMeta{
		Self:         ptr(base + collections[r.kind] + "/" + r.id),
		ResourceName: ptr(r.crn()),
		CreatedAt:    ptr(r.created),
		UpdatedAt:    ptr(r.updated),
	}
	return m
}

func envRef(base, env string) api.GlobalObjectReference {
	return api.GlobalObjectReference{
		ID:           env,
		Related:      ptr(base + "/org/v2/environments/" + env),
		ResourceName: ptr("crn://confluent.cloud/organization=" + fakeOrg + "/environment=" + env),
	}
}

func networkRelated(base, env, network string) (string, string) {
	return base + "/networking/v1/networks/" + network + "?environment=" + env,
		"crn://confluent.cloud/organization=" + fakeOrg + "/environment=" + env + "/network=" + network
}

func (r *record) status(readyAfter int) (phase string, code, msg *string) {
	phase = r.phase(readyAfter)
	if phase == "FAILED" {
		code, msg = ptr("PROVISIONING_FAILED"), ptr("the fake was told to fail this resource")
	}
	return phase, code, msg
}

func (r *record) networkLinkService(base string, readyAfter int) api.NetworkLinkService {
	related, crn := networkRelated(base, r.env, r.network)
	phase, code, msg := r.status(readyAfter)
	doc := api.NetworkLinkService{
		APIVersion: ptr(api.NetworkLinkServiceAPIVersionNetworkingV1),
		Kind:       ptr(api.NetworkLinkServiceKindNetworkLinkService),
		ID:         ptr(r.id),
		Metadata:   r.meta(base),
		Spec: api.NetworkLinkServiceSpec{
			Accept:      r.accept,
			Environment: envRef(base, r.env),
			Network:     api.EnvScopedObjectReference{ID: r.network, Environment: ptr(r.env), Related: &related, ResourceName: &crn},
		},
		Status: &api.NetworkLinkServiceStatus{Phase: &phase, ErrorCode: code, ErrorMessage: msg},
	}
	if r.displayName != "" {
		doc.Spec.DisplayName = ptr(r.displayName)
	}
	if r.description != "" {
		doc.Spec.Description = ptr(r.description)
	}
	return doc
}

func (r *record) privateLinkAccess(base string, readyAfter int) api.PrivateLinkAccess {
	related, crn := networkRelated(base, r.env, r.network)
	env := envRef(base, r.env)
	phase, code, msg := r.status(readyAfter)
	doc := api.PrivateLinkAccess{
		APIVersion: ptr(api.PrivateLinkAccessAPIVersionNetworkingV1),
		Kind:       ptr(api.PrivateLinkAccessKindPrivateLinkAccess),
		ID:         ptr(r.id),
		Metadata:   r.meta(base),
		Spec: api.PrivateLinkAccessSpec{
			Cloud:       r.cloud,
			Environment: api.ObjectReference{ID: r.env, Related: env.Related, ResourceName: env.ResourceName, Kind: ptr("Environment"), APIVersion: ptr("org/v2")},
			Network:     api.ObjectReference{ID: r.network, Environment: ptr(r.env), Related: &related, ResourceName: &crn, Kind: ptr("Network"), APIVersion: ptr("networking/v1")},
		},
		Status: &api.PrivateLinkAccessStatus{Phase: &phase, ErrorCode: code, ErrorMessage: msg},
	}
	if r.displayName != "" {
		doc.Spec.DisplayName = ptr(r.displayName)
	}
	return doc
}
