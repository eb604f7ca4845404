package main

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// compareDocs lists every structural difference between the fragment and
// upstream for the operations the fragment covers, sorted and without
// repeats. It also reports a method upstream has on a covered path that
// the fragment lacks.
func compareDocs(frag, up *openapi3.T) ([]string, int) {
	var out []string
	compared := 0
	fragPaths := frag.Paths.Map()
	upPaths := up.Paths.Map()
	for _, path := range sortedKeys(fragPaths) {
		fItem := fragPaths[path]
		uItem := upPaths[path]
		if uItem == nil {
			out = append(out, fmt.Sprintf("%s: path missing upstream", path))
			continue
		}
		fOps, uOps := fItem.Operations(), uItem.Operations()
		for _, method := range sortedKeys(fOps, uOps) {
			where := method + " " + path
			fOp, uOp := fOps[method], uOps[method]
			switch {
			case uOp == nil:
				out = append(out, where+": operation missing upstream")
				continue
			case fOp == nil:
				out = append(out, where+": operation "+uOp.OperationID+" upstream is missing from the fragment")
				continue
			}
			compared++
			c := opComparer{where: where, out: &out, frag: frag, up: up}
			c.operation(fItem, uItem, fOp, uOp)
		}
	}
	slices.Sort(out)
	return slices.Compact(out), compared
}

type opComparer struct {
	where    string
	out      *[]string
	frag, up *openapi3.T
}

func (c opComparer) add(format string, args ...any) {
	*c.out = append(*c.out, c.where+": "+fmt.Sprintf(format, args...))
}

func (c opComparer) operation(fItem, uItem *openapi3.PathItem, fOp, uOp *openapi3.Operation) {
	if fOp.OperationID != uOp.OperationID {
		c.add("operationId: fragment %q, upstream %q", fOp.OperationID, uOp.OperationID)
	}
	c.parameters(params(fItem, fOp), params(uItem, uOp))
	c.requestBody(fOp.RequestBody, uOp.RequestBody)
	c.responses(fOp.Responses, uOp.Responses)
	c.security(fOp, uOp)
}

// params merges path-level and operation-level parameters by in and name.
func params(item *openapi3.PathItem, op *openapi3.Operation) map[string]*openapi3.Parameter {
	out := map[string]*openapi3.Parameter{}
	for _, list := range []openapi3.Parameters{item.Parameters, op.Parameters} {
		for _, p := range list {
			if p != nil && p.Value != nil {
				out[p.Value.In+" "+p.Value.Name] = p.Value
			}
		}
	}
	return out
}

func (c opComparer) parameters(f, u map[string]*openapi3.Parameter) {
	for _, key := range sortedKeys(f, u) {
		fp, up := f[key], u[key]
		switch {
		case up == nil:
			c.add("parameter %s: in the fragment, not upstream", key)
			continue
		case fp == nil:
			c.add("parameter %s: upstream, missing from the fragment", key)
			continue
		}
		if fp.Required != up.Required {
			c.add("parameter %s: required: fragment %v, upstream %v", key, fp.Required, up.Required)
		}
		if fs, us := styleOf(fp), styleOf(up); fs != us {
			c.add("parameter %s: style: fragment %s, upstream %s", key, fs, us)
		}
		d := differ{mode: asRequest, out: c.out, where: c.where + ": parameter " + key}
		d.compare("", flatten(fp.Schema), flatten(up.Schema), 0)
	}
}

// styleOf spells a parameter's serialization with the defaults filled in.
func styleOf(p *openapi3.Parameter) string {
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
	return fmt.Sprintf("%s/explode=%v", style, explode)
}

func (c opComparer) requestBody(f, u *openapi3.RequestBodyRef) {
	fb, ub := bodyOf(f), bodyOf(u)
	switch {
	case fb == nil && ub == nil:
		return
	case ub == nil:
		c.add("request body: in the fragment, not upstream")
		return
	case fb == nil:
		c.add("request body: upstream, missing from the fragment")
		return
	}
	if fb.Required != ub.Required {
		c.add("request body: required: fragment %v, upstream %v", fb.Required, ub.Required)
	}
	c.content("request body", asRequest, fb.Content, ub.Content)
}

func bodyOf(r *openapi3.RequestBodyRef) *openapi3.RequestBody {
	if r == nil {
		return nil
	}
	return r.Value
}

func (c opComparer) content(where string, m mode, f, u openapi3.Content) {
	for _, ct := range sortedKeys(f, u) {
		fm, um := f[ct], u[ct]
		switch {
		case um == nil:
			c.add("%s: content type %s in the fragment, not upstream", where, ct)
		case fm == nil:
			c.add("%s: content type %s upstream, missing from the fragment", where, ct)
		default:
			d := differ{mode: m, out: c.out, where: c.where + ": " + where}
			d.compare("", flatten(fm.Schema), flatten(um.Schema), 0)
		}
	}
}

func (c opComparer) responses(f, u *openapi3.Responses) {
	fm, um := f.Map(), u.Map()
	for _, code := range sortedKeys(fm, um) {
		fr, ur := fm[code], um[code]
		switch {
		case ur == nil || ur.Value == nil:
			c.add("response %s: in the fragment, not upstream", code)
			continue
		case fr == nil || fr.Value == nil:
			c.add("response %s: upstream, missing from the fragment", code)
			continue
		}
		c.headers("response "+code, fr.Value.Headers, ur.Value.Headers)
		c.content("response "+code+" body", asResponse, fr.Value.Content, ur.Value.Content)
	}
}

func (c opComparer) headers(where string, f, u openapi3.Headers) {
	canon := func(h openapi3.Headers) map[string]*openapi3.HeaderRef {
		out := map[string]*openapi3.HeaderRef{}
		for name, ref := range h {
			out[http.CanonicalHeaderKey(name)] = ref
		}
		return out
	}
	fh, uh := canon(f), canon(u)
	for _, name := range sortedKeys(fh, uh) {
		fr, ur := fh[name], uh[name]
		switch {
		case ur == nil:
			c.add("%s: header %s in the fragment, not upstream", where, name)
		case fr == nil:
			c.add("%s: header %s upstream, missing from the fragment", where, name)
		case fr.Value != nil && ur.Value != nil:
			d := differ{mode: asResponse, out: c.out, where: c.where + ": " + where + ": header " + name}
			d.compare("", flatten(fr.Value.Schema), flatten(ur.Value.Schema), 0)
		}
	}
}

func (c opComparer) security(fOp, uOp *openapi3.Operation) {
	names := func(doc *openapi3.T, op *openapi3.Operation) []string {
		reqs := doc.Security
		if op.Security != nil {
			reqs = *op.Security
		}
		var out []string
		for _, req := range reqs {
			for name := range req {
				out = append(out, name)
			}
		}
		slices.Sort(out)
		return slices.Compact(out)
	}
	fn, un := names(c.frag, fOp), names(c.up, uOp)
	if !slices.Equal(fn, un) {
		c.add("security: fragment %v, upstream %v", fn, un)
		return
	}
	for _, name := range fn {
		fs, us := scheme(c.frag, name), scheme(c.up, name)
		if fs != us {
			c.add("security scheme %s: fragment %s, upstream %s", name, fs, us)
		}
	}
}

// scheme spells the parts of a security scheme that matter to a client.
func scheme(doc *openapi3.T, name string) string {
	if doc.Components == nil || doc.Components.SecuritySchemes[name] == nil || doc.Components.SecuritySchemes[name].Value == nil {
		return "(undefined)"
	}
	s := doc.Components.SecuritySchemes[name].Value
	parts := []string{"type=" + s.Type}
	if s.Scheme != "" {
		parts = append(parts, "scheme="+strings.ToLower(s.Scheme))
	}
	if s.Flows != nil && s.Flows.ClientCredentials != nil {
		parts = append(parts, "tokenUrl="+s.Flows.ClientCredentials.TokenURL)
	}
	return strings.Join(parts, " ")
}
