package wrapper

// Ptr returns a pointer to a copy of v, for the optional fields of a
// request body, which the generated types make pointers:
// DisplayName: wrapper.Ptr("analytics"), or
// Accept: &api.NetworkLinkServiceAcceptPolicy{Environments: wrapper.Ptr([]string{"env-1"})}.
func Ptr[T any](v T) *T { return &v }
