package wrapper

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ccloud-go/networking/api"
	"github.com/ccloud-go/networking/spec/openapi"
)

// These tests read the spec, so that a change upstream that the wrapper
// does not carry fails here, naming the file to change.

func fragment(t *testing.T) *openapi3.T {
	t.Helper()
	doc, err := openapi.Load()
	require.NoError(t, err)
	return doc
}

// phaseValues collects every value listed for a status.phase property in
// doc, by schema.
func phaseValues(doc *openapi3.T) map[string][]string {
	out := map[string][]string{}
	for name, ref := range doc.Components.Schemas {
		if ref.Value == nil {
			continue
		}
		p, ok := ref.Value.Properties["phase"]
		if !ok || p.Value == nil {
			continue
		}
		for _, v := range p.Value.Enum {
			if s, ok := v.(string); ok {
				out[name] = append(out[name], s)
			}
		}
		if ext, ok := p.Value.Extensions["x-extensible-enum"].([]any); ok {
			for _, v := range ext {
				if s, ok := v.(string); ok {
					out[name] = append(out[name], s)
				}
			}
		}
	}
	return out
}

// Every phase the fragment, or the vendored upstream document (for the
// resources still to come), lists is classified by the waiters.
func TestEveryPhaseIsClassified(t *testing.T) {
	upstream, err := openapi3.NewLoader().LoadFromFile("../spec/upstream/networking-v1.openapi.yaml")
	require.NoError(t, err)
	seen := 0
	for _, doc := range []*openapi3.T{fragment(t), upstream} {
		for schema, values := range phaseValues(doc) {
			require.NotEmpty(t, values, schema)
			for _, v := range values {
				seen++
				if _, ok := phaseKinds[v]; !ok {
					t.Errorf("%s lists phase %q, which the waiters do not classify: add it to phaseKinds in wrapper/phases.go", schema, v)
				}
			}
		}
	}
	assert.Greater(t, seen, 20, "the spec's phases were found")
	// And what each kind of phase does to each waiter.
	for phase, kind := range phaseKinds {
		ready, deleted := stepFor(phase, false), stepFor(phase, true)
		switch kind {
		case phaseOnTheWay:
			assert.Equal(t, []waitStep{keepPolling, keepPolling}, []waitStep{ready, deleted}, phase)
		case phaseReady:
			assert.Equal(t, []waitStep{done, keepPolling}, []waitStep{ready, deleted}, phase)
		case phaseFailed:
			assert.Equal(t, []waitStep{stopFailed, stopFailed}, []waitStep{ready, deleted}, phase)
		case phaseStopped, phaseLeaving:
			assert.Equal(t, []waitStep{stopStopped, keepPolling}, []waitStep{ready, deleted}, phase)
		default:
			t.Errorf("phase %s has no kind", phase)
		}
	}
	assert.Equal(t, stopUnknown, stepFor("SOMETHING_NEW", false))
	assert.Equal(t, stopUnknown, stepFor("SOMETHING_NEW", true))
}

// listCalls runs each list operation the wrapper has a handle for.
var listCalls = map[string]func(c *Client, o *ListOptions) error{
	"listNetworkingV1NetworkLinkServices": func(c *Client, o *ListOptions) error {
		_, _, err := c.NetworkLinkServices().List(context.Background(), "env-1", o)
		return err
	},
	"listNetworkingV1PrivateLinkAccesses": func(c *Client, o *ListOptions) error {
		_, _, err := c.PrivateLinkAccesses().List(context.Background(), "env-1", o)
		return err
	},
}

// Every query parameter of every list operation in the fragment has a
// ListOptions field, and a value set there reaches the request.
func TestEveryListFilterReachesTheRequest(t *testing.T) {
	fields := map[string]int{}
	typ := reflect.TypeFor[ListOptions]()
	for i := range typ.NumField() {
		if q := typ.Field(i).Tag.Get("query"); q != "" {
			fields[q] = i
		}
	}
	var mu sync.Mutex
	var queries []url.Values
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		queries = append(queries, r.URL.Query())
		mu.Unlock()
		writeJSON(w, 200, map[string]any{"data": []any{}, "metadata": map[string]any{}})
	})
	c := newTestClient(t, s)
	checked := 0
	for path, item := range fragment(t).Paths.Map() {
		op := item.Get
		if op == nil || !strings.HasPrefix(op.OperationID, "list") {
			continue
		}
		call, ok := listCalls[op.OperationID]
		if !ok {
			t.Errorf("%s (%s) has no handle: add one to wrapper/ and to listCalls", op.OperationID, path)
			continue
		}
		var names []string
		for _, p := range op.Parameters {
			if p.Value.In == "query" && !map[string]bool{"environment": true, "page_size": true, "page_token": true}[p.Value.Name] {
				names = append(names, p.Value.Name)
			}
		}
		sort.Strings(names)
		for _, name := range names {
			i, ok := fields[name]
			if !ok {
				t.Errorf("%s filters on %s, which ListOptions has no field for: add one (tag query:%q) in wrapper/paging.go", op.OperationID, name, name)
				continue
			}
			var o ListOptions
			reflect.ValueOf(&o).Elem().Field(i).Set(reflect.ValueOf([]string{"v-" + name, "w-" + name}))
			require.NoError(t, call(c, &o), "%s %s", op.OperationID, name)
			mu.Lock()
			got := queries[len(queries)-1][name]
			mu.Unlock()
			assert.Equal(t, []string{"v-" + name, "w-" + name}, got, "%s: %s does not reach the request (wrapper/%s)", op.OperationID, name, "paging.go and the handle's list builder")
			checked++
		}
	}
	assert.GreaterOrEqual(t, checked, 6, "both list operations' three filters were checked")
}

// Every variant of the private link access cloud union has a constructor
// whose result the input checks accept and CloudAccount reads back.
func TestEveryCloudVariantHasAConstructor(t *testing.T) {
	cloud := fragment(t).Components.Schemas["PrivateLinkAccessSpec"].Value.Properties["cloud"].Value
	require.NotNil(t, cloud.Discriminator, "the cloud union keeps its discriminator")
	require.NotEmpty(t, cloud.OneOf)
	for _, variant := range cloud.OneOf {
		kinds := variant.Value.Properties["kind"].Value.Enum
		require.Len(t, kinds, 1, variant.Ref)
		kind := kinds[0].(string)
		build, ok := cloudConstructors[kind]
		if !ok {
			t.Errorf("cloud variant %s (%s) has no constructor: add one to wrapper/cloud.go", kind, variant.Ref)
			continue
		}
		id := "project-1"
		if kind == CloudAWS {
			id = "123456789012"
		}
		u, err := build(id)
		require.NoError(t, err, kind)
		require.NoError(t, checkCloud("spec.cloud", u), kind)
		gotKind, gotID, err := CloudAccount(u)
		require.NoError(t, err)
		assert.Equal(t, []string{kind, id}, []string{gotKind, gotID})
	}
	assert.Len(t, cloudConstructors, len(cloud.OneOf), "no constructor for a variant the spec lacks")
}

// bodyTypes are the Go types of the request bodies the wrapper sends.
var bodyTypes = map[string]func() any{
	"createNetworkingV1NetworkLinkService": func() any { return new(api.NetworkLinkServiceCreateRequest) },
	"updateNetworkingV1NetworkLinkService": func() any { return new(api.NetworkLinkServiceUpdateRequest) },
	"createNetworkingV1PrivateLinkAccess":  func() any { return new(api.PrivateLinkAccessCreateRequest) },
	"updateNetworkingV1PrivateLinkAccess":  func() any { return new(api.PrivateLinkAccessUpdateRequest) },
}

// example builds a document holding every property of s, recording the
// paths of the read-only and the writable leaves.
func example(s *openapi3.Schema, path string, readOnly, writable map[string]bool, depth int) any {
	if depth > 8 {
		return nil
	}
	if len(s.OneOf) > 0 {
		return example(s.OneOf[0].Value, path, readOnly, writable, depth+1)
	}
	switch {
	case s.Type.Is("object") || len(s.Properties) > 0:
		obj := map[string]any{}
		for name, p := range s.Properties {
			obj[name] = example(p.Value, path+"."+name, readOnly, writable, depth+1)
		}
		return obj
	case s.Type.Is("array"):
		return []any{example(s.Items.Value, path+"[0]", readOnly, writable, depth+1)}
	}
	if s.ReadOnly {
		readOnly[path] = true
	} else {
		writable[path] = true
	}
	switch {
	case len(s.Enum) > 0:
		return s.Enum[0]
	case s.Type.Is("integer"), s.Type.Is("number"):
		return 1
	case s.Type.Is("boolean"):
		return true
	}
	return "x"
}

// leaves lists the paths of the leaves of a decoded JSON document.
func leaves(v any, path string, out map[string]bool) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			leaves(x, path+"."+k, out)
		}
	case []any:
		for _, x := range v {
			leaves(x, path+"[0]", out)
		}
	default:
		out[path] = true
	}
}

// Every readOnly property of every request body is dropped before
// sending, even when the caller's value (a model read back) holds it, and
// every writable one is kept.
func TestRequestBodiesCarryNoReadOnlyProperty(t *testing.T) {
	checked := 0
	for path, item := range fragment(t).Paths.Map() {
		for _, op := range []*openapi3.Operation{item.Post, item.Patch} {
			if op == nil || op.RequestBody == nil {
				continue
			}
			newBody, ok := bodyTypes[op.OperationID]
			if !ok {
				t.Errorf("%s (%s) sends a body the wrapper does not know: add its type to bodyTypes and a handle in wrapper/", op.OperationID, path)
				continue
			}
			readOnly, writable := map[string]bool{}, map[string]bool{}
			doc := example(op.RequestBody.Value.Content.Get("application/json").Schema.Value, "", readOnly, writable, 0)
			raw, err := json.Marshal(doc)
			require.NoError(t, err)
			body := newBody()
			require.NoError(t, json.Unmarshal(raw, body), op.OperationID)
			out, err := requestBody(body)
			require.NoError(t, err)
			var sent any
			require.NoError(t, json.Unmarshal(out, &sent))
			got := map[string]bool{}
			leaves(sent, "", got)
			for p := range readOnly {
				assert.False(t, got[p], "%s sends read-only %s: drop it in wrapper/body.go", op.OperationID, p)
				checked++
			}
			for p := range writable {
				assert.True(t, got[p], "%s lost writable %s in wrapper/body.go", op.OperationID, p)
			}
		}
	}
	assert.GreaterOrEqual(t, checked, 14, "the read-only properties of all four bodies were checked")
}

// The AWS account check agrees with the pattern the spec gives.
func TestAWSAccountCheckFollowsTheSpecPattern(t *testing.T) {
	account := fragment(t).Components.Schemas["AwsPrivateLinkAccess"].Value.Properties["account"].Value
	re := regexp.MustCompile(account.Pattern)
	for _, v := range []string{"123456789012", "12345678901", "1234567890123", "12345678901a", "", "１２３４５６７８９０１２", " 123456789012", "000000000000"} {
		assert.Equal(t, re.MatchString(v), isAWSAccount(v), "%q: wrapper/validate.go disagrees with the spec's pattern %s", v, account.Pattern)
	}
}
