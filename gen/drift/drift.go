package main

import (
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// compareDocs compares every operation of the fragment with the operation
// at the same path and method upstream. It returns one sorted line per
// difference, without repeats, and how many operations were compared.
//
// Only the fragment's operations count: upstream may have many more
// resources. The exception is a method upstream has on a path the fragment
// covers, which is reported as missing in the fragment.
func compareDocs(frag, up *openapi3.T) ([]string, int) {
	lines, compared, _ := compareDocsAliased(frag, up, "")
	return lines, compared
}

// compareDocsAliased is compareDocs where a discriminator mapping key of
// the fragment that is aliasPrefix before another of its keys, naming the
// same variant, is declared (gen/normalize.yaml union-kind-aliases), not
// drift; it also returns how many such keys there were.
func compareDocsAliased(frag, up *openapi3.T, aliasPrefix string) ([]string, int, int) {
	c := &checker{frag: newSide(frag), up: newSide(up), aliasPrefix: aliasPrefix, aliases: map[string]bool{}}
	upByShape := map[string]string{}
	for path := range up.Paths.Map() {
		upByShape[pathShape(path)] = path
	}
	fragPaths := frag.Paths.Map()
	for _, path := range keys(fragPaths) {
		fItem := fragPaths[path]
		var uItem *openapi3.PathItem
		if upPath, ok := upByShape[pathShape(path)]; ok {
			uItem = up.Paths.Value(upPath)
		}
		c.pathItem(path, fItem, uItem)
	}
	slices.Sort(c.lines)
	return slices.Compact(c.lines), c.compared, len(c.aliases)
}

var templateParam = regexp.MustCompile(`\{[^}]*\}`)

// pathShape forgets the names of path template parameters, so that a
// renamed {id} still matches and is reported as a parameter difference.
func pathShape(path string) string {
	return templateParam.ReplaceAllString(path, "{}")
}

type checker struct {
	frag, up    side
	lines       []string
	compared    int
	aliasPrefix string          // union-kind-aliases' prefix, or ""
	aliases     map[string]bool // the declared alias keys seen, by group and key
}

func (c *checker) add(where, msg string) {
	c.lines = append(c.lines, where+": "+msg)
}

func (c *checker) pathItem(path string, fItem, uItem *openapi3.PathItem) {
	fOps := fItem.Operations()
	uOps := map[string]*openapi3.Operation{}
	if uItem != nil {
		uOps = uItem.Operations()
	}
	for _, method := range union(fOps, uOps) {
		where := method + " " + path
		fOp, uOp := fOps[method], uOps[method]
		switch {
		case uOp == nil:
			c.add(where, "operation missing upstream")
		case fOp == nil:
			c.add(where, fmt.Sprintf("operation missing in fragment (upstream operationId %q)", uOp.OperationID))
		default:
			c.compared++
			c.operation(where, fItem, uItem, fOp, uOp)
		}
	}
}

func (c *checker) operation(where string, fItem, uItem *openapi3.PathItem, fOp, uOp *openapi3.Operation) {
	if fOp.OperationID != uOp.OperationID {
		c.add(where, differs("operationId", fOp.OperationID, uOp.OperationID))
	}
	c.parameters(where, parameters(fItem, fOp), parameters(uItem, uOp))
	c.requestBody(where, fOp.RequestBody, uOp.RequestBody)
	c.responses(where, fOp.Responses, uOp.Responses)
	c.security(where, fOp, uOp)
}

// schemas compares two schemas at where, the root spelled root.
func (c *checker) schemas(where, root string, m mode, f, u *openapi3.SchemaRef) {
	d := &schemaDiff{
		frag: c.frag, up: c.up, mode: m, active: map[string]bool{},
		emit:        func(group, loc, msg string) { c.add(group+": "+loc, msg) },
		aliasPrefix: c.aliasPrefix,
		aliased:     func(group, key string) { c.aliases[group+" "+key] = true },
	}
	d.compare(where, root, []*openapi3.Schema{value(f)}, []*openapi3.Schema{value(u)})
}

// parameters merges path-level and operation-level parameters (the
// operation's win), keyed by location and name.
func parameters(item *openapi3.PathItem, op *openapi3.Operation) map[string]*openapi3.Parameter {
	out := map[string]*openapi3.Parameter{}
	for _, list := range []openapi3.Parameters{item.Parameters, op.Parameters} {
		for _, ref := range list {
			if ref == nil || ref.Value == nil {
				continue
			}
			p := ref.Value
			name := p.Name
			if p.In == openapi3.ParameterInHeader {
				name = http.CanonicalHeaderKey(name)
			}
			out[p.In+" "+name] = p
		}
	}
	return out
}

func (c *checker) parameters(where string, f, u map[string]*openapi3.Parameter) {
	for _, key := range union(f, u) {
		at := where + " param " + key
		fp, up := f[key], u[key]
		switch {
		case up == nil:
			c.add(at, "parameter missing upstream")
		case fp == nil:
			c.add(at, "parameter missing in fragment")
		default:
			if fp.Required != up.Required {
				c.add(at, differs("required", fmt.Sprint(fp.Required), fmt.Sprint(up.Required)))
			}
			fs, fe := serialization(fp)
			us, ue := serialization(up)
			if fs != us {
				c.add(at, differs("style", fs, us))
			}
			if fe != ue {
				c.add(at, differs("explode", fmt.Sprint(fe), fmt.Sprint(ue)))
			}
			c.schemas(at, "schema", asResponse, fp.Schema, up.Schema)
		}
	}
}

// serialization spells a parameter's style and explode with the defaults
// OpenAPI gives them filled in.
func serialization(p *openapi3.Parameter) (string, bool) {
	style := p.Style
	if style == "" {
		style = "simple"
		if p.In == openapi3.ParameterInQuery || p.In == openapi3.ParameterInCookie {
			style = "form"
		}
	}
	explode := style == "form"
	if p.Explode != nil {
		explode = *p.Explode
	}
	return style, explode
}

func (c *checker) requestBody(where string, f, u *openapi3.RequestBodyRef) {
	at := where + " request body"
	var fb, ub *openapi3.RequestBody
	if f != nil {
		fb = f.Value
	}
	if u != nil {
		ub = u.Value
	}
	switch {
	case fb == nil && ub == nil:
		return
	case ub == nil:
		c.add(at, "request body missing upstream")
		return
	case fb == nil:
		c.add(at, "request body missing in fragment")
		return
	}
	if fb.Required != ub.Required {
		c.add(at, differs("required", fmt.Sprint(fb.Required), fmt.Sprint(ub.Required)))
	}
	c.content(at, at, asRequest, fb.Content, ub.Content)
}

// content compares the media types of a body, reported at where, and the
// schema of each, reported at label (plus the media type unless JSON).
func (c *checker) content(where, label string, m mode, f, u openapi3.Content) {
	for _, ct := range union(f, u) {
		fm, um := f[ct], u[ct]
		switch {
		case um == nil:
			c.add(where, fmt.Sprintf("content type %q missing upstream", ct))
		case fm == nil:
			c.add(where, fmt.Sprintf("content type %q missing in fragment", ct))
		default:
			at := label
			if ct != "application/json" {
				at += " " + ct
			}
			c.schemas(at, ".", m, fm.Schema, um.Schema)
		}
	}
}

func (c *checker) responses(where string, f, u *openapi3.Responses) {
	fm, um := f.Map(), u.Map()
	for _, code := range union(fm, um) {
		at := where + " " + code
		fr, ur := fm[code], um[code]
		switch {
		case ur == nil || ur.Value == nil:
			c.add(at, "response missing upstream")
		case fr == nil || fr.Value == nil:
			c.add(at, "response missing in fragment")
		default:
			c.headers(at, fr.Value.Headers, ur.Value.Headers)
			c.content(at, at+" body", asResponse, fr.Value.Content, ur.Value.Content)
		}
	}
}

// headers compares header names without regard to case, and each header's
// schema with the same rules as a body's.
func (c *checker) headers(where string, f, u openapi3.Headers) {
	byKey := func(h openapi3.Headers) map[string]string {
		out := map[string]string{}
		for name := range h {
			out[strings.ToLower(name)] = name
		}
		return out
	}
	fn, un := byKey(f), byKey(u)
	for _, key := range union(fn, un) {
		fName, inF := fn[key]
		uName, inU := un[key]
		switch {
		case !inU:
			c.add(where+" header "+fName, "header missing upstream")
		case !inF:
			c.add(where+" header "+uName, "header missing in fragment")
		default:
			fh, uh := f[fName], u[uName]
			if fh == nil || uh == nil || fh.Value == nil || uh.Value == nil {
				continue
			}
			c.schemas(where+" header "+fName, "schema", asResponse, fh.Value.Schema, uh.Value.Schema)
		}
	}
}

// security compares the operation's requirements (each spelled as the
// sorted names of its schemes) and the definition of each scheme used.
func (c *checker) security(where string, fOp, uOp *openapi3.Operation) {
	fReqs, fNames := requirements(c.frag.doc, fOp)
	uReqs, uNames := requirements(c.up.doc, uOp)
	d := &schemaDiff{emit: func(group, loc, msg string) { c.add(group, msg) }}
	d.set(where+" security", "", "requirement", fReqs, uReqs)
	for _, name := range fNames {
		if !slices.Contains(uNames, name) {
			continue
		}
		at := where + " security scheme " + name
		ff, uf := schemeFacts(c.frag.doc, name), schemeFacts(c.up.doc, name)
		for _, fact := range union(ff, uf) {
			d.scalar(at, "", fact, ff[fact], uf[fact])
		}
	}
}

func requirements(doc *openapi3.T, op *openapi3.Operation) (reqs, names []string) {
	list := doc.Security
	if op.Security != nil {
		list = *op.Security
	}
	for _, req := range list {
		schemes := keys(req)
		names = append(names, schemes...)
		if len(schemes) == 0 {
			reqs = append(reqs, "(none)")
			continue
		}
		reqs = append(reqs, strings.Join(schemes, "+"))
	}
	slices.Sort(reqs)
	slices.Sort(names)
	return slices.Compact(reqs), slices.Compact(names)
}

// schemeFacts lists what a client needs of a security scheme: its type,
// HTTP scheme, API key placement and the URLs of its OAuth flows.
func schemeFacts(doc *openapi3.T, name string) map[string]string {
	var ref *openapi3.SecuritySchemeRef
	if doc.Components != nil {
		ref = doc.Components.SecuritySchemes[name]
	}
	if ref == nil || ref.Value == nil {
		return map[string]string{"definition": "missing"}
	}
	s := ref.Value
	facts := map[string]string{
		"definition": "present",
		"type":       s.Type,
		"scheme":     strings.ToLower(s.Scheme),
		"in":         s.In,
		"name":       s.Name,
	}
	if s.Flows != nil {
		for kind, flow := range map[string]*openapi3.OAuthFlow{
			"implicit":          s.Flows.Implicit,
			"password":          s.Flows.Password,
			"clientCredentials": s.Flows.ClientCredentials,
			"authorizationCode": s.Flows.AuthorizationCode,
		} {
			if flow == nil {
				continue
			}
			facts["flows."+kind+".tokenUrl"] = flow.TokenURL
			facts["flows."+kind+".authorizationUrl"] = flow.AuthorizationURL
			if flow.TokenURL == "" && flow.AuthorizationURL == "" {
				facts["flows."+kind] = "present"
			}
		}
	}
	return facts
}
