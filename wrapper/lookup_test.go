package wrapper

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// lookupCall runs a handle's create lookup on a body decoded from JSON and
// returns the options it filters by.
type lookupCall func(raw []byte) (any, error)

func lookupOf[T, C, U, O any](h *Handle[T, C, U, O]) lookupCall {
	return func(raw []byte) (any, error) {
		var body C
		if err := json.Unmarshal(raw, &body); err != nil {
			return nil, err
		}
		o := h.r.lookup(&body)
		return &o, nil
	}
}

// A create whose outcome is unknown is settled by listing with every
// filter of its list operation that names a single field the create sent
// (a string, or a reference by its id): read from the spec here, not from
// the generator, so that a filter the lookup misses fails.
func TestCreateLookupsUseEveryFilterOnWhatWasSent(t *testing.T) {
	c := newTestClient(t, newServer(t, nil))
	lookups := map[string]lookupCall{
		"/networking/v1/networks":                            lookupOf(c.Networks()),
		"/networking/v1/peerings":                            lookupOf(c.Peerings()),
		"/networking/v1/transit-gateway-attachments":         lookupOf(c.TransitGatewayAttachments()),
		"/networking/v1/private-link-accesses":               lookupOf(c.PrivateLinkAccesses()),
		"/networking/v1/network-link-services":               lookupOf(c.NetworkLinkServices()),
		"/networking/v1/network-link-endpoints":              lookupOf(c.NetworkLinkEndpoints()),
		"/networking/v1/gateways":                            lookupOf(c.Gateways()),
		"/networking/v1/access-points":                       lookupOf(c.AccessPoints()),
		"/networking/v1/dns-records":                         lookupOf(c.DNSRecords()),
		"/networking/v1/dns-forwarders":                      lookupOf(c.DNSForwarders()),
		"/networking/v1/private-link-attachments":            lookupOf(c.PrivateLinkAttachments()),
		"/networking/v1/private-link-attachment-connections": lookupOf(c.PrivateLinkAttachmentConnections()),
	}
	doc := fragment(t)
	checked := 0
	for _, path := range collectionPaths {
		item := doc.Paths.Value(path)
		if item.Post == nil {
			continue
		}
		lookup, ok := lookups[path]
		if !ok {
			t.Errorf("%s has a create but no lookup here", path)
			continue
		}
		spec := item.Post.RequestBody.Value.Content.Get("application/json").Schema.Value.Properties["spec"].Value
		// A body with every single-valued field set to a value of its own.
		body := map[string]any{}
		want := map[string]string{} // filter -> the value it must carry
		for _, p := range item.Get.Parameters {
			name := p.Value.Name
			field, isSpec := strings.CutPrefix(name, "spec.")
			if p.Value.In != "query" || !isSpec || strings.Contains(field, ".") {
				continue
			}
			prop := spec.Properties[field]
			if prop == nil {
				continue
			}
			v := "v-" + field
			switch {
			case prop.Value.Type.Is("string") && len(prop.Value.Enum) == 0:
				body[field] = v
			case prop.Value.Properties["id"] != nil:
				body[field] = map[string]any{"id": v}
			default:
				continue
			}
			want[name] = v
		}
		body["environment"] = map[string]any{"id": "env-1"}
		raw, err := json.Marshal(map[string]any{"spec": body})
		require.NoError(t, err)
		got, err := lookup(raw)
		require.NoError(t, err, path)
		o := reflect.ValueOf(got).Elem()
		for name, v := range want {
			found := false
			for i := range o.NumField() {
				if o.Type().Field(i).Tag.Get("query") != name {
					continue
				}
				found = true
				switch f := o.Field(i); f.Kind() {
				case reflect.String:
					assert.Equal(t, v, f.String(), "%s: the lookup does not filter %s by what was sent", path, name)
				default:
					assert.Equal(t, []string{v}, f.Interface(), "%s: the lookup does not filter %s by what was sent", path, name)
				}
				checked++
			}
			assert.True(t, found, "%s: no option for %s", path, name)
		}
	}
	assert.GreaterOrEqual(t, checked, 20, "the filters on sent fields of all twelve creates")
}
