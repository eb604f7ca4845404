package wrapper

import "github.com/ccloud-go/networking/api"

// Helpers that make a request body one statement.

// Ref names another resource by its id, for any reference of a body
// (spec.environment, spec.network, spec.network_link_service): the API's
// three reference schemas share the one Go type api.ObjectReference.
// A reference to a resource of another environment also sets Environment:
// Ref(id) with Environment: Ptr(env).
func Ref(id string) api.ObjectReference { return api.ObjectReference{ID: id} }

// Ptr returns a pointer to a copy of v, for the optional fields of a
// request body, which the generated types make pointers:
// DisplayName: wrapper.Ptr("analytics"), or
// Accept: &api.NetworkLinkServiceAcceptPolicy{Environments: wrapper.Ptr([]string{"env-1"})}.
func Ptr[T any](v T) *T { return &v }
