// Command handles writes wrapper/handles.gen.go: for every collection of
// the fragment, what the wrapper's handle needs to call it without
// reflection, read from the spec (its list filters, the references and
// fields a create requires, the unions and their variants, the filters by
// which a create's outcome is settled) and from the Go names oapi-codegen
// gave them in api/models.gen.go.
//
// What it writes per collection (Gateways, say):
//   - GatewayListOptions, one field per optional query parameter of the list
//     operation, with its check and paging;
//   - opsGateways, the generated request builders of the collection's
//     operations adapted to the wrapper's place and options, the view of
//     its model (id, spec.environment.id, status, metadata.created_at), the
//     check of a create body (required references, required fields,
//     unions), and the lookup that lists what a create may have stored.
//
// The handle itself (its type, documentation and place on Client) stays
// hand-written in wrapper/.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"os"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/getkin/kin-openapi/openapi3"
)

func main() {
	specPath := flag.String("spec", "../spec/networking-v1.yaml", "the fragment")
	models := flag.String("models", "../api/models.gen.go", "oapi-codegen's models")
	out := flag.String("out", "../wrapper/handles.gen.go", "the file to write")
	flag.Parse()
	if err := run(*specPath, *models, *out); err != nil {
		fmt.Fprintln(os.Stderr, "handles:", err)
		os.Exit(1)
	}
}

func run(specPath, modelsPath, out string) error {
	doc, err := openapi3.NewLoader().LoadFromFile(specPath)
	if err != nil {
		return err
	}
	g, err := newGoTypes(modelsPath)
	if err != nil {
		return err
	}
	src, err := generate(doc, g)
	if err != nil {
		return err
	}
	formatted, err := format.Source(src)
	if err != nil {
		return fmt.Errorf("formatting the output: %w\n%s", err, src)
	}
	return os.WriteFile(out, formatted, 0o644)
}

// goTypes are the declarations of api/models.gen.go.
type goTypes struct {
	structs  map[string]*ast.StructType
	aliases  map[string]ast.Expr
	variants map[string][]string // union type -> variant types, by its From methods
	names    []string
}

func newGoTypes(path string) (*goTypes, error) {
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
	if err != nil {
		return nil, err
	}
	g := &goTypes{structs: map[string]*ast.StructType{}, aliases: map[string]ast.Expr{}, variants: map[string][]string{}}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.GenDecl:
			for _, s := range d.Specs {
				ts, ok := s.(*ast.TypeSpec)
				if !ok {
					continue
				}
				g.names = append(g.names, ts.Name.Name)
				if st, ok := ts.Type.(*ast.StructType); ok {
					g.structs[ts.Name.Name] = st
				} else {
					g.aliases[ts.Name.Name] = ts.Type
				}
			}
		case *ast.FuncDecl:
			if d.Recv == nil || !strings.HasPrefix(d.Name.Name, "From") || len(d.Type.Params.List) != 1 {
				continue
			}
			recv := exprString(d.Recv.List[0].Type)
			recv = strings.TrimPrefix(recv, "*")
			g.variants[recv] = append(g.variants[recv], exprString(d.Type.Params.List[0].Type))
		}
	}
	return g, nil
}

// typeOf is the Go type oapi-codegen gave a component schema: the one name
// that spells it, up to case (initialisms: DNSRecord for DnsRecord).
func (g *goTypes) typeOf(schema string) (string, error) {
	var found []string
	for _, n := range g.names {
		if strings.EqualFold(n, schema) {
			found = append(found, n)
		}
	}
	if len(found) != 1 {
		return "", fmt.Errorf("schema %s: Go types %v", schema, found)
	}
	return found[0], nil
}

// goField is a field of a generated struct.
type goField struct {
	name, json, typ string
	ptr             bool
}

// fields lists the fields of a struct type (following an alias).
func (g *goTypes) fields(typ string) []goField {
	for {
		a, ok := g.aliases[typ]
		if !ok {
			break
		}
		typ = exprString(a)
	}
	st := g.structs[typ]
	if st == nil {
		return nil
	}
	var out []goField
	for _, f := range st.Fields.List {
		if len(f.Names) != 1 || f.Tag == nil {
			continue
		}
		tag, _ := strconv.Unquote(f.Tag.Value)
		key := reflect.StructTag(tag).Get("json")
		if key == "" {
			key = reflect.StructTag(tag).Get("form")
		}
		name, _, _ := strings.Cut(key, ",")
		t := exprString(f.Type)
		out = append(out, goField{name: f.Names[0].Name, json: name, typ: strings.TrimPrefix(t, "*"), ptr: strings.HasPrefix(t, "*")})
	}
	return out
}

func (g *goTypes) field(typ, json string) (goField, bool) {
	for _, f := range g.fields(typ) {
		if f.json == json {
			return f, true
		}
	}
	return goField{}, false
}

// resolve follows aliases to the type a name stands for.
func (g *goTypes) resolve(typ string) string {
	for {
		a, ok := g.aliases[typ]
		if !ok {
			return typ
		}
		typ = exprString(a)
	}
}

func (g *goTypes) isReference(typ string) bool {
	_, ok := g.field(typ, "id")
	return ok && g.structs[g.resolve(typ)] != nil
}

func exprString(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name
	case *ast.StarExpr:
		return "*" + exprString(e.X)
	case *ast.ArrayType:
		return "[]" + exprString(e.Elt)
	case *ast.SelectorExpr:
		return exprString(e.X) + "." + e.Sel.Name
	case *ast.MapType:
		return "map[" + exprString(e.Key) + "]" + exprString(e.Value)
	case *ast.InterfaceType:
		return "interface{}"
	}
	return fmt.Sprintf("%T", e)
}

// collection is one list path of the fragment and its operations.
type collection struct {
	path                           string
	handle, model, options         string
	kind                           string
	list, get, create, update, del *openapi3.Operation
	createType, updateType         string
	params                         []*openapi3.Parameter // the list's optional query parameters
	required                       []string              // its required query parameters
}

func schemaName(ref *openapi3.SchemaRef) string {
	return ref.Ref[strings.LastIndex(ref.Ref, "/")+1:]
}

func bodySchema(op *openapi3.Operation) *openapi3.SchemaRef {
	return op.RequestBody.Value.Content.Get("application/json").Schema
}

func collections(doc *openapi3.T, g *goTypes) ([]*collection, error) {
	var out []*collection
	for _, path := range doc.Paths.InMatchingOrder() {
		item := doc.Paths.Value(path)
		if strings.Contains(path, "{") || item.Get == nil || !strings.HasPrefix(item.Get.OperationID, "list") {
			continue
		}
		c := &collection{path: path, list: item.Get, create: item.Post}
		if one := doc.Paths.Value(path + "/{id}"); one != nil {
			c.get, c.update, c.del = one.Get, one.Patch, one.Delete
		}
		// The model is what a get answers, else what a page holds.
		model := item.Get.Responses.Status(200).Value.Content.Get("application/json").Schema.Value.Properties["data"].Value.Items
		if c.get != nil {
			model = c.get.Responses.Status(200).Value.Content.Get("application/json").Schema
		}
		var err error
		if c.model, err = g.typeOf(schemaName(model)); err != nil {
			return nil, err
		}
		suffix := strings.TrimPrefix(item.Get.OperationID, "listNetworkingV1")
		if len(suffix) < len(c.model) || !strings.EqualFold(suffix[:len(c.model)], c.model) {
			return nil, fmt.Errorf("%s: list %s is not of %s", path, item.Get.OperationID, c.model)
		}
		c.handle = c.model + suffix[len(c.model):]
		c.kind = words(c.model)
		if c.create != nil {
			if c.createType, err = g.typeOf(schemaName(bodySchema(c.create))); err != nil {
				return nil, err
			}
		}
		if c.update != nil {
			if c.updateType, err = g.typeOf(schemaName(bodySchema(c.update))); err != nil {
				return nil, err
			}
		}
		for _, p := range item.Get.Parameters {
			if p.Value.In != "query" {
				continue
			}
			if p.Value.Required {
				c.required = append(c.required, p.Value.Name)
			} else {
				c.params = append(c.params, p.Value)
			}
		}
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].handle < out[j].handle })
	return out, nil
}

// sharedFilters are the filters of ListOptions, the options type of every
// list that takes exactly these.
var sharedFilters = []string{"spec.display_name", "status.phase", "spec.network", "page_size", "page_token"}

func (c *collection) paramNames() []string {
	var names []string
	for _, p := range c.params {
		names = append(names, p.Name)
	}
	return names
}

// initialisms are spelled in capitals in a Go name.
var initialisms = map[string]string{"id": "ID", "cidr": "CIDR", "ip": "IP", "dns": "DNS"}

// single reports whether a filter takes one value (a string) rather than a list.
func single(p *openapi3.Parameter) bool {
	return p.Schema != nil && p.Schema.Value != nil && p.Schema.Value.Type.Is("string")
}

// fieldOf names the field of a list parameter (see optionField); a filter
// of one value is named in the singular.
func fieldOf(p *openapi3.Parameter) string {
	if single(p) && p.Name != "page_token" {
		return strings.TrimSuffix(optionField(p.Name), "s")
	}
	return optionField(p.Name)
}

// optionField names the field of a list parameter: the last segment of its
// name, camel-cased, in the plural (spec.display_name: DisplayNames).
func optionField(param string) string {
	switch param {
	case "page_size":
		return "PageSize"
	case "page_token":
		return "PageToken"
	}
	last := param[strings.LastIndex(param, ".")+1:]
	var b strings.Builder
	for _, w := range strings.Split(last, "_") {
		if up, ok := initialisms[w]; ok {
			b.WriteString(up)
			continue
		}
		b.WriteString(strings.ToUpper(w[:1]) + w[1:])
	}
	name := b.String()
	if !strings.HasSuffix(name, "s") {
		name += "s"
	}
	return name
}

// words spells a Go type name as a kind for messages: DNSRecord is "DNS
// record", NetworkLinkService "network link service".
func words(name string) string {
	var out []string
	rs := []rune(name)
	start := 0
	for i := 1; i <= len(rs); i++ {
		if i < len(rs) && !(unicode.IsUpper(rs[i]) && (unicode.IsLower(rs[i-1]) || i+1 < len(rs) && unicode.IsLower(rs[i+1]))) {
			continue
		}
		w := string(rs[start:i])
		if _, ok := initialisms[strings.ToLower(w)]; !ok {
			w = strings.ToLower(w)
		}
		out = append(out, w)
		start = i
	}
	return strings.Join(out, " ")
}

// firstSentence is a description's first sentence, for a field comment.
func firstSentence(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if i := strings.Index(s, ". "); i >= 0 {
		s = s[:i+1]
	}
	return s
}

type writer struct {
	bytes.Buffer
	g        *goTypes
	doc      *openapi3.T
	unions   map[string]*openapi3.Schema // Go union type -> its schema, to write a check for
	patterns map[string]bool
}

func (w *writer) p(format string, args ...any) { fmt.Fprintf(&w.Buffer, format+"\n", args...) }

func generate(doc *openapi3.T, g *goTypes) ([]byte, error) {
	cs, err := collections(doc, g)
	if err != nil {
		return nil, err
	}
	w := &writer{g: g, doc: doc, unions: map[string]*openapi3.Schema{}, patterns: map[string]bool{}}
	w.p("// Code generated by gen/handles from the fragment and api/models.gen.go; DO NOT EDIT.")
	w.p("")
	w.p("package wrapper")
	w.p("")
	w.p("import (\n\"fmt\"\n\"net/http\"\n\n\"github.com/ccloud-go/networking/api\"\n)")
	written := map[string]bool{}
	for _, c := range cs {
		c.options = c.model + "ListOptions"
		if slices.Equal(c.paramNames(), sharedFilters) || slices.Equal(sortedCopy(c.paramNames()), sortedCopy(sharedFilters)) {
			c.options = "ListOptions"
		}
		if !written[c.options] {
			written[c.options] = true
			w.options(c)
		}
		if err := w.ops(c); err != nil {
			return nil, fmt.Errorf("%s: %w", c.path, err)
		}
	}
	names := make([]string, 0, len(w.unions))
	for n := range w.unions {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if err := w.unionCheck(n, w.unions[n]); err != nil {
			return nil, err
		}
	}
	w.p("// collectionPaths are the collections the generated handles call, in the order of their handles' names.")
	w.p("var collectionPaths = []string{")
	for _, c := range cs {
		w.p("%q, // %s", c.path, c.handle)
	}
	w.p("}")
	return w.Bytes(), nil
}

func sortedCopy(s []string) []string {
	c := slices.Clone(s)
	sort.Strings(c)
	return c
}

func (w *writer) options(c *collection) {
	if c.options == "ListOptions" {
		w.p("\n// ListOptions filters and pages the List and All of the handles whose list")
		w.p("// operation takes a display name, a phase and a network (peerings, private")
		w.p("// link accesses, transit gateway attachments, network link services).")
	} else {
		w.p("\n// %s filters and pages %s' List and All: one field per", c.options, c.handle)
		w.p("// optional parameter of %s.", c.list.OperationID)
	}
	w.p("// Filters with several values match any of them; different filters must all match.")
	w.p("type %s struct {", c.options)
	for _, p := range c.params {
		switch p.Name {
		case "page_size":
			w.p("// PageSize is the page length, 1 to %d (the list operation's PageBounds", maxOf(p))
			w.p("// in api/, from the spec). Zero means the server's default for List,")
			w.p("// and that maximum for All.")
			w.p("PageSize int `query:\"page_size\"`")
		case "page_token":
			w.p("// PageToken continues a List from the token an earlier List returned.")
			w.p("// All ignores it and always starts at the first page.")
			w.p("PageToken string `query:\"page_token\"`")
		default:
			if d := firstSentence(p.Description); d != "" {
				w.p("// %s: %s", fieldOf(p), d)
			}
			typ := "[]string"
			if single(p) {
				typ = "string"
			}
			w.p("%s %s `query:%q`", fieldOf(p), typ, p.Name)
		}
	}
	w.p("}")
	w.p("\nfunc (o *%s) check() error {", c.options)
	w.p("return firstError(")
	for _, p := range c.params {
		switch p.Name {
		case "page_size", "page_token": // checked against the operation's PageBounds
		default:
			if single(p) {
				w.p("checkFilter(%q, o.%s),", p.Name, fieldOf(p))
			} else {
				w.p("checkFilters(%q, o.%s),", p.Name, fieldOf(p))
			}
		}
	}
	w.p(")\n}")
	w.p("\nfunc (o *%s) paging() (*int, *string) { return &o.PageSize, &o.PageToken }", c.options)
}

func maxOf(p *openapi3.Parameter) int {
	if s := p.Schema.Value; s != nil && s.Max != nil {
		return int(*s.Max)
	}
	return 1000
}

// access is a Go expression reaching a JSON path below root, with the
// nil checks its pointers need.
type access struct {
	expr, typ string
	guards    []string
	ptr       bool
	ok        bool
}

func (w *writer) reach(root, typ string, path ...string) access {
	a := access{expr: root, typ: typ, ok: true}
	for i, name := range path {
		f, ok := w.g.field(a.typ, name)
		if !ok {
			return access{}
		}
		a.expr += "." + f.name
		a.typ = f.typ
		a.ptr = f.ptr
		if f.ptr && i < len(path)-1 {
			a.guards = append(a.guards, a.expr+" != nil")
		}
	}
	return a
}

// value is the expression of a's value, and the guards under which it may be read.
func (a access) value() (string, string) {
	guards := slices.Clone(a.guards)
	expr := a.expr
	if a.ptr {
		guards = append(guards, a.expr+" != nil")
		expr = "*" + a.expr
	}
	return expr, strings.Join(guards, " && ")
}

func guarded(cond, stmt string) string {
	if cond == "" {
		return stmt
	}
	return "if " + cond + " {\n" + stmt + "\n}"
}

func (w *writer) ops(c *collection) error {
	g := w.g
	createT, updateT := "struct{}", "struct{}"
	if c.createType != "" {
		createT = "api." + c.createType
	}
	if c.updateType != "" {
		updateT = "api." + c.updateType
	}
	typ := fmt.Sprintf("ops[api.%s, %s, %s, %s]", c.model, createT, updateT, c.options)
	w.p("\n// ops%s calls %s, from its operations in the fragment.", c.handle, c.path)
	w.p("func ops%s() %s {", c.handle, typ)
	w.p("return %s{", typ)
	w.p("kind: %q,", c.kind)
	w.p("path: %q,", c.path)
	w.p("view: view%s,", c.model)
	for _, r := range c.required {
		if r != "environment" && r != "spec.network_link_service" {
			// A stop, not a guess: the handle's methods take the
			// environment (and an association's service) and nothing else.
			return fmt.Errorf("type place (wrapper/resource.go) has no field for %s, a query parameter the list requires: give it one and the handle a way to take it, then a case in gen/handles/main.go ops (a handle takes the environment, and an association its service)", r)
		}
	}
	place := func() string {
		var b strings.Builder
		for _, r := range c.required {
			switch r {
			case "environment":
				b.WriteString("Environment: at.env, ")
			case "spec.network_link_service":
				b.WriteString("SpecNetworkLinkService: at.service, ")
			}
		}
		return b.String()
	}
	if slices.Contains(c.required, "spec.network_link_service") {
		w.p("inService: true,")
	}
	if !slices.Contains(c.required, "environment") {
		w.p("global: true,")
	}
	upper := func(op string) string { return strings.ToUpper(op[:1]) + op[1:] }
	if c.get != nil {
		w.p("get: func(server string, at place, id string) (*http.Request, error) {")
		w.p("return api.New%sRequest(server, id, &api.%sParams{%s})\n},", upper(c.get.OperationID), upper(c.get.OperationID), place())
	}
	w.p("list: func(server string, at place, o *%s) (*http.Request, error) {", c.options)
	lp := upper(c.list.OperationID) + "Params"
	w.p("p := api.%s{%s}", lp, place())
	for _, prm := range c.params {
		f, ok := g.field(lp, prm.Name)
		if !ok || !f.ptr {
			return fmt.Errorf("%s has no optional field for %s", lp, prm.Name)
		}
		of := fieldOf(prm)
		cond := fmt.Sprintf("len(o.%s) > 0", of)
		if single(prm) {
			cond = fmt.Sprintf("o.%s != \"\"", of)
		}
		switch prm.Name {
		case "page_size":
			cond = "o.PageSize != 0"
		case "page_token":
			cond = `o.PageToken != ""`
		}
		w.p("if %s {\nv := api.%s(o.%s)\np.%s = &v\n}", cond, f.typ, of, f.name)
	}
	w.p("return api.New%sRequest(server, &p)\n},", upper(c.list.OperationID))
	w.p("bounds: api.%s{}.PageBounds(),", lp)
	w.p("options: (*%s).check,", c.options)
	w.p("paging: (*%s).paging,", c.options)
	if c.del != nil {
		w.p("del: func(server string, at place, id string) (*http.Request, error) {")
		w.p("return api.New%sRequest(server, id, &api.%sParams{%s})\n},", upper(c.del.OperationID), upper(c.del.OperationID), place())
	}
	if c.create != nil {
		w.p("create: api.New%sRequestWithBody,", upper(c.create.OperationID))
		if err := w.createChecks(c); err != nil {
			return err
		}
	}
	if c.update != nil {
		w.p("update: api.New%sRequestWithBody,", upper(c.update.OperationID))
		a := w.reach("b", c.updateType, "spec", "environment", "id")
		if !a.ok || a.ptr || len(a.guards) > 0 {
			return fmt.Errorf("%s: spec.environment.id is not a plain field", c.updateType)
		}
		w.p("updateEnv: func(b *%s) *string { return &%s },", updateT, a.expr)
	}
	w.p("}\n}")
	return w.view(c)
}

// createChecks writes what a create body is checked and settled by.
func (w *writer) createChecks(c *collection) error {
	g := w.g
	body := "api." + c.createType
	spec := bodySchema(c.create).Value.Properties["spec"]
	specField, ok := g.field(c.createType, "spec")
	if spec == nil || !ok || specField.ptr {
		return fmt.Errorf("%s: no required spec", c.createType)
	}
	env := w.reach("b", c.createType, "spec", "environment", "id")
	w.p("createEnv: func(b *%s) string { return %s },", body, env.expr)
	// The check: required references, required strings, unions.
	w.p("checkCreate: func(b *%s) error {", body)
	w.p("return firstError(")
	// References first, then required fields, then unions: a body is
	// told first what it must name.
	var refs, fields, unions []string
	for _, name := range sortedKeys(spec.Value.Properties) {
		prop := spec.Value.Properties[name].Value
		required := slices.Contains(spec.Value.Required, name)
		f, ok := g.field(specField.typ, name)
		if !ok || prop.ReadOnly {
			continue
		}
		expr := "b.Spec." + f.name
		switch {
		case g.isReference(f.typ) && !f.ptr && required:
			refs = append(refs, fmt.Sprintf("checkID(%q, %s.ID),", "spec."+name+".id", expr))
		case len(prop.OneOf) > 0 && !f.ptr:
			w.unions[f.typ] = prop
			unions = append(unions, fmt.Sprintf("valid%s(%q, %s),", f.typ, "spec."+name, expr))
		case prop.Type.Is("string") && required && !f.ptr && len(prop.Enum) == 0:
			fields = append(fields, fmt.Sprintf("checkNonEmpty(%q, string(%s), %q),", "spec."+name, expr, describe(name, prop)))
		}
		if prop.Type.Is("array") && (prop.MinItems > 0 || prop.MaxItems != nil) {
			max := -1
			if prop.MaxItems != nil {
				max = int(*prop.MaxItems)
			}
			if f.ptr {
				fields = append(fields, fmt.Sprintf("checkItemsPtr(%q, %s, %d, %d),", "spec."+name, expr, prop.MinItems, max))
			} else {
				fields = append(fields, fmt.Sprintf("checkItems(%q, len(%s), %d, %d),", "spec."+name, expr, prop.MinItems, max))
			}
		}
		if prop.Type.Is("string") && prop.Pattern != "" {
			if f.ptr {
				fields = append(fields, fmt.Sprintf("checkPatternPtr(%q, %s, %q),", "spec."+name, expr, prop.Pattern))
			} else {
				fields = append(fields, fmt.Sprintf("checkPattern(%q, string(%s), %q),", "spec."+name, expr, prop.Pattern))
			}
		}
	}
	if slices.Contains(refs, `checkID("spec.environment.id", b.Spec.Environment.ID),`) {
		refs = append([]string{`checkID("spec.environment.id", b.Spec.Environment.ID),`}, slices.DeleteFunc(refs, func(s string) bool { return strings.Contains(s, `"spec.environment.id"`) })...)
	}
	for _, l := range slices.Concat(refs, fields, unions) {
		w.p("%s", l)
	}
	w.p(")\n},")
	// The lookup: every list filter on a field of the spec a create sends.
	w.p("lookup: func(b *%s) (o %s) {", body, c.options)
	for _, prm := range c.params {
		path := strings.Split(prm.Name, ".")
		if path[0] != "spec" {
			continue
		}
		a := w.reach("b", c.createType, path...)
		if !a.ok {
			continue
		}
		of := fieldOf(prm)
		switch {
		case single(prm) && g.isReference(a.typ) && !a.ptr:
			w.p(guarded(strings.Join(a.guards, " && "), fmt.Sprintf("o.%s = %s.ID", of, a.expr)))
		case single(prm):
			continue
		case g.isReference(a.typ):
			a.guards = append(a.guards, a.expr+".ID != \"\"")
			if a.ptr {
				a.guards = append(a.guards[:len(a.guards)-1], a.expr+" != nil", a.expr+".ID != \"\"")
			}
			w.p(guarded(strings.Join(a.guards, " && "), fmt.Sprintf("o.%s = []string{%s.ID}", of, a.expr)))
		case strings.HasPrefix(g.resolve(a.typ), "[]"):
			// A list sent (a network's connection types) is not looked up
			// by: how the server reads several values in one filter is
			// not known (BEHAVIOUR.md), and a filter read too narrowly
			// would hide what the create stored.
			continue
		default:
			v, cond := a.value()
			if cond != "" {
				cond += " && "
			}
			w.p(guarded(cond+v+" != \"\"", fmt.Sprintf("o.%s = []string{string(%s)}", of, v)))
		}
	}
	w.p("return o\n},")
	return nil
}

func describe(name string, s *openapi3.Schema) string {
	if d := firstSentence(s.Description); d != "" {
		return strings.TrimSuffix(strings.ToLower(d[:1])+d[1:], ".")
	}
	return "the " + strings.ReplaceAll(name, "_", " ")
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// view writes view<Model>: what every answer of the model is read and
// checked by.
func (w *writer) view(c *collection) error {
	w.p("\n// view%s reads what the wrapper needs of a %s.", c.model, c.kind)
	w.p("func view%s(m *api.%s) (v view) {", c.model, c.model)
	var required []string
	for _, f := range []struct {
		into string
		path []string
	}{
		{"v.id", []string{"id"}},
		{"v.env", []string{"spec", "environment", "id"}},
		{"v.status.phase", []string{"status", "phase"}},
		{"v.status.code", []string{"status", "error_code"}},
		{"v.status.message", []string{"status", "error_message"}},
	} {
		a := w.reach("m", c.model, f.path...)
		if !a.ok {
			continue
		}
		required = append(required, strings.Join(f.path[:min(len(f.path), 2)], "."))
		v, cond := a.value()
		w.p(guarded(cond, fmt.Sprintf("%s = string(%s)", f.into, v)))
	}
	if a := w.reach("m", c.model, "metadata", "created_at"); a.ok {
		cond := strings.Join(a.guards, " && ")
		addr := "&" + a.expr
		if a.ptr {
			if cond != "" {
				cond += " && "
			}
			cond += a.expr + " != nil"
			addr = a.expr
		}
		if cond != "" {
			cond += " && "
		}
		w.p(guarded(cond+"!"+a.expr+".IsZero()", "v.createdAt = "+addr))
	}
	var needs []string
	for _, r := range required {
		switch r {
		case "id":
			needs = append(needs, "needID")
		case "spec.environment":
			needs = append(needs, "needEnv")
		case "status.phase":
			needs = append(needs, "needPhase")
		}
	}
	if len(needs) > 0 {
		w.p("v.needs = %s", strings.Join(needs, " | "))
	}
	w.p("return v\n}")
	return nil
}

// unionCheck writes check<Union>: the union holds one of its variants,
// with every property the variant requires, each matching its pattern.
func (w *writer) unionCheck(goType string, s *openapi3.Schema) error {
	g := w.g
	var kinds []string
	type variant struct {
		goType string
		schema *openapi3.Schema
		kind   string
	}
	var vs []variant
	for _, v := range s.OneOf {
		t, err := g.typeOf(schemaName(v))
		if err != nil {
			return err
		}
		if !slices.Contains(g.variants[goType], t) {
			return fmt.Errorf("%s has no From%s", goType, t)
		}
		kind := v.Value.Properties["kind"].Value.Enum[0].(string)
		kinds = append(kinds, kind)
		vs = append(vs, variant{t, v.Value, kind})
	}
	w.p("\n// valid%s checks %s before it is sent: one of its kinds", goType, article(words(goType)))
	w.p("// (%s), with what that kind requires.", strings.Join(kinds, ", "))
	w.p("func valid%s(field string, u api.%s) error {", goType, goType)
	w.p("if raw, _ := u.MarshalJSON(); len(raw) == 0 || string(raw) == \"null\" {")
	w.p("return &InputError{Field: field, Problem: %q}", "is not set; build it with one of this package's constructors")
	w.p("}")
	w.p("v, err := u.ValueByDiscriminator()")
	w.p("if err != nil {")
	w.p("return &InputError{Field: field + \".kind\", Problem: %q + err.Error()}", "must be one of "+strings.Join(kinds, ", ")+"; build it with one of this package's constructors: ")
	w.p("}")
	w.p("switch v := v.(type) {")
	for _, v := range vs {
		w.p("case api.%s:", v.goType)
		w.p("return firstError(")
		for _, name := range sortedKeys(v.schema.Properties) {
			prop := v.schema.Properties[name].Value
			if name == "kind" || prop.ReadOnly {
				continue
			}
			f, ok := g.field(v.goType, name)
			if !ok {
				return fmt.Errorf("%s has no field %s", v.goType, name)
			}
			required := slices.Contains(v.schema.Required, name)
			expr := "v." + f.name
			switch {
			case g.isReference(f.typ) && required && !f.ptr:
				w.p("checkID(field+%q, %s.ID),", "."+name+".id", expr)
			case prop.Type.Is("string") && required && !f.ptr && len(prop.Enum) == 0:
				w.p("checkNonEmpty(field+%q, string(%s), %q),", "."+name, expr, describe(name, prop))
			case prop.Type.Is("array") && required && !f.ptr && prop.MinItems > 0:
				w.p("checkNotNone(field+%q, len(%s), %d),", "."+name, expr, prop.MinItems)
			}
			if prop.Type.Is("string") && prop.Pattern != "" {
				w.patterns[prop.Pattern] = true
				if f.ptr {
					w.p("checkPatternPtr(field+%q, %s, %q),", "."+name, expr, prop.Pattern)
				} else {
					w.p("checkPattern(field+%q, string(%s), %q),", "."+name, expr, prop.Pattern)
				}
			}
			if prop.Type.Is("array") && prop.Items != nil && prop.Items.Value.Pattern != "" {
				w.patterns[prop.Items.Value.Pattern] = true
				if f.ptr {
					return fmt.Errorf("%s.%s: a pattern on an optional list, which the generator does not check yet", v.goType, name)
				}
				w.p("checkPatterns(field+%q, %s, %q),", "."+name, expr, prop.Items.Value.Pattern)
			}
		}
		w.p(")")
	}
	w.p("}")
	w.p("return &InputError{Field: field + \".kind\", Problem: fmt.Sprintf(\"%%T is not %s\", v)}", article(words(goType)))
	w.p("}")
	return nil
}

func article(s string) string {
	if strings.ContainsRune("aeiouAEIOU", rune(s[0])) {
		return "an " + s
	}
	return "a " + s
}
