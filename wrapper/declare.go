package wrapper

import (
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strings"

	"github.com/ccloud-go/networking/api"
)

// declare fills h (new(Networks), say) with a resource of kind, checked by
// checkSpec (nil: nothing beyond the references every create needs) and
// settled by lookup, that calls the generated request builders of its five
// operations, as oapi-codegen writes them: create and update take an
// encoded body; get, list and delete take the operation's parameters
// struct (G, L and D). Where a resource is read (its environment) and the
// list options reach those structs by their tags, so a declaration names
// only what is its own.
func declare[T, C, U, O, G, L, D any](h *Handle[T, C, U, O], c *Client, kind string, checkSpec func(C) error, lookup func(C) O,
	create func(server, contentType string, body io.Reader) (*http.Request, error),
	get func(server, id string, params *G) (*http.Request, error),
	list func(server string, params *L) (*http.Request, error),
	update func(server, id, contentType string, body io.Reader) (*http.Request, error),
	del func(server, id string, params *D) (*http.Request, error),
) *Handle[T, C, U, O] {
	h.r = readable[T, C, U, O](c, kind, get, list)
	h.r.checkSpec, h.r.lookup, h.r.create, h.r.update = checkSpec, lookup, create, update
	h.r.del = func(server string, at place, id string) (*http.Request, error) {
		p := new(D)
		setPlace(p, at)
		return del(server, id, p)
	}
	return h
}

// inItsNetwork is the lookup of a kind made in a network and listed with
// ListOptions: the network's resources, by display name too when the
// create gives one.
func inItsNetwork[C any](body C) ListOptions {
	spec := fieldAt(reflect.ValueOf(&body), "Spec")
	network, _ := str(fieldAt(spec, "Network", "ID"))
	name, _ := str(fieldAt(spec, "DisplayName"))
	return inNetwork(network, &name)
}

// readable is a resource with its get and list operations, which every
// kind has.
func readable[T, C, U, O, G, L any](c *Client, kind string,
	get func(server, id string, params *G) (*http.Request, error),
	list func(server string, params *L) (*http.Request, error),
) *resource[T, C, U, O] {
	r := &resource[T, C, U, O]{c: c, kind: kind, bounds: pageBounds[L]()}
	r.get = func(server string, at place, id string) (*http.Request, error) {
		p := new(G)
		setPlace(p, at)
		return get(server, id, p)
	}
	r.list = func(server string, at place, o *O) (*http.Request, error) {
		p := new(L)
		setPlace(p, at)
		if err := fillParams(p, o); err != nil {
			return nil, err
		}
		return list(server, p)
	}
	return r.init()
}

// pageBounds are the paging bounds of the list operation whose parameters
// type is L, generated from the spec (api/bounds.gen.go).
func pageBounds[L any]() api.PageBounds {
	var params L
	b, ok := any(params).(interface{ PageBounds() api.PageBounds })
	if !ok {
		panic(fmt.Sprintf("wrapper: %T has no PageBounds: its list operation takes no page_size (see gen/bounds)", params))
	}
	return b.PageBounds()
}

// setPlace sets the environment parameter of a parameters struct (a
// pointer), and its spec.network_link_service when it has one.
func setPlace(params any, at place) {
	v := reflect.ValueOf(params).Elem()
	for i := range v.NumField() {
		name, _, _ := strings.Cut(v.Type().Field(i).Tag.Get("form"), ",")
		f := v.Field(i)
		switch {
		case f.Kind() != reflect.String:
		case name == "environment":
			f.SetString(at.env)
		case name == "spec.network_link_service":
			f.SetString(at.service)
		}
	}
}
