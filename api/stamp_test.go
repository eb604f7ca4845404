package api_test

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ccloud-go/networking/api"
)

// Every From* and Merge* method of every union writes its variant's kind
// in the document's spelling, as it did before the fragment mapped a second
// spelling (networking.v1.<Schema>) to each variant: code that builds a
// union from a variant without setting Kind must not start sending "".
// A Kind the caller set in the recorded spelling is overwritten too.
func TestUnionConstructorsWriteTheDocumentsKind(t *testing.T) {
	unions := map[string]any{
		"AccessPointConfig":                          &api.AccessPointConfig{},
		"AccessPointSpecUpdateConfig":                &api.AccessPointSpecUpdateConfig{},
		"AccessPointStatusConfig":                    &api.AccessPointStatusConfig{},
		"DNSForwarderConfig":                         &api.DNSForwarderConfig{},
		"DNSForwarderSpecUpdateConfig":               &api.DNSForwarderSpecUpdateConfig{},
		"DNSRecordConfig":                            &api.DNSRecordConfig{},
		"DNSRecordSpecUpdateConfig":                  &api.DNSRecordSpecUpdateConfig{},
		"GatewayConfig":                              &api.GatewayConfig{},
		"GatewayStatusCloudGateway":                  &api.GatewayStatusCloudGateway{},
		"NetworkStatusCloud":                         &api.NetworkStatusCloud{},
		"PeeringCloud":                               &api.PeeringCloud{},
		"PrivateLinkAccessCloud":                     &api.PrivateLinkAccessCloud{},
		"PrivateLinkAttachmentConnectionCloud":       &api.PrivateLinkAttachmentConnectionCloud{},
		"PrivateLinkAttachmentConnectionStatusCloud": &api.PrivateLinkAttachmentConnectionStatusCloud{},
		"PrivateLinkAttachmentStatusCloud":           &api.PrivateLinkAttachmentStatusCloud{},
		"TransitGatewayAttachmentCloud":              &api.TransitGatewayAttachmentCloud{},
		"TransitGatewayAttachmentStatusCloud":        &api.TransitGatewayAttachmentStatusCloud{},
	}
	// The table holds every union models.gen.go declares.
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "models.gen.go", nil, parser.SkipObjectResolution)
	require.NoError(t, err)
	var declared []string
	for _, d := range f.Decls {
		if fn, ok := d.(*ast.FuncDecl); ok && fn.Name.Name == "ValueByDiscriminator" && fn.Recv != nil {
			declared = append(declared, fn.Recv.List[0].Type.(*ast.Ident).Name)
		}
	}
	slices.Sort(declared)
	listed := make([]string, 0, len(unions))
	for name := range unions {
		listed = append(listed, name)
	}
	slices.Sort(listed)
	require.Equal(t, declared, listed, "add the unions models.gen.go declares to this table")

	methods := 0
	for name, u := range unions {
		v := reflect.ValueOf(u)
		for i := 0; i < v.NumMethod(); i++ {
			m := v.Type().Method(i)
			if !strings.HasPrefix(m.Name, "From") && !strings.HasPrefix(m.Name, "Merge") {
				continue
			}
			methods++
			arg := reflect.New(m.Type.In(1)).Elem()
			if f := arg.FieldByName("Kind"); f.IsValid() && f.Kind() == reflect.String {
				// The caller's kind, in the recorded spelling: the
				// method's own stamp wins, as before.
				f.SetString("networking.v1." + m.Type.In(1).Name())
			}
			fresh := reflect.New(v.Type().Elem())
			out := fresh.MethodByName(m.Name).Call([]reflect.Value{arg})
			require.Nil(t, out[0].Interface(), "%s.%s", name, m.Name)
			raw, err := json.Marshal(fresh.Interface())
			require.NoError(t, err)
			var got struct {
				Kind string `json:"kind"`
			}
			require.NoError(t, json.Unmarshal(raw, &got))
			assert.NotEmpty(t, got.Kind, "%s.%s wrote no kind: %s", name, m.Name, raw)
			assert.NotContains(t, got.Kind, ".", "%s.%s wrote the recorded spelling: %s", name, m.Name, raw)
			byDisc := fresh.MethodByName("ValueByDiscriminator").Call(nil)
			assert.Nil(t, byDisc[1].Interface(), "%s.%s: %s", name, m.Name, raw)
			if byDisc[1].IsNil() {
				assert.Equal(t, m.Type.In(1), reflect.TypeOf(byDisc[0].Interface()), "%s.%s reads back as another variant", name, m.Name)
			}
		}
	}
	assert.Positive(t, methods)
}
