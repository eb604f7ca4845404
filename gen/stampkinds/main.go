// Command stampkinds makes the From* and Merge* methods of every union in
// api/models.gen.go write their variant's kind again. oapi-codegen writes
// the discriminator only when each variant has one mapping key; the
// fragment maps two (the document's AwsPeering and the recorded
// networking.v1.AwsPeering, gen/normalize.yaml union-kind-aliases), so
// without this pass a union built from a variant whose Kind is unset would
// send "kind": "", where it used to send the document's spelling.
//
// The pass reads, from each union's ValueByDiscriminator, the keys that
// name each variant, and stamps the one the others extend (AwsPeering of
// networking.v1.AwsPeering) exactly as oapi-codegen stamps a variant with
// one key. It edits only methods that stamp nothing.
//
//	go run ./stampkinds -models ../api/models.gen.go
//
// Exit status: 0 when the file was written (or is unchanged), 2 on error.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stderr))
}

func run(args []string, stderr io.Writer) int {
	flags := flag.NewFlagSet("stampkinds", flag.ContinueOnError)
	flags.SetOutput(stderr)
	path := flags.String("models", "../api/models.gen.go", "the generated models to edit in place")
	if err := flags.Parse(args); err != nil || flags.NArg() > 0 {
		return 2
	}
	src, err := os.ReadFile(*path)
	if err != nil {
		fmt.Fprintln(stderr, "stampkinds:", err)
		return 2
	}
	out, err := stamp(src)
	if err != nil {
		fmt.Fprintln(stderr, "stampkinds:", err)
		return 2
	}
	if bytes.Equal(out, src) {
		return 0
	}
	if err := os.WriteFile(*path, out, 0o644); err != nil {
		fmt.Fprintln(stderr, "stampkinds:", err)
		return 2
	}
	return 0
}

// marshal is the statement every From*/Merge* method begins with; the
// stamp goes right after it.
const marshal = "b, err := json.Marshal(v)\n"

func stamp(src []byte) ([]byte, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "models.gen.go", src, parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	// union type -> variant method suffix (AwsPeering) -> its keys;
	// union type -> discriminator property.
	keys := map[string]map[string][]string{}
	property := map[string]string{}
	for _, d := range f.Decls {
		fn, ok := d.(*ast.FuncDecl)
		if !ok || fn.Recv == nil || fn.Body == nil {
			continue
		}
		union := receiver(fn)
		switch fn.Name.Name {
		case "ValueByDiscriminator":
			keys[union] = variantKeys(fn)
		case "Discriminator":
			p, err := discriminatorProperty(fn)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", union, err)
			}
			property[union] = p
		}
	}
	type insert struct {
		at   int
		text string
	}
	var inserts []insert
	for _, d := range f.Decls {
		fn, ok := d.(*ast.FuncDecl)
		if !ok || fn.Recv == nil || fn.Body == nil {
			continue
		}
		union := receiver(fn)
		variant, ok := strings.CutPrefix(fn.Name.Name, "From")
		if !ok {
			if variant, ok = strings.CutPrefix(fn.Name.Name, "Merge"); !ok {
				continue
			}
		}
		ks := keys[union][variant]
		if len(ks) < 2 {
			continue // one key (or none): oapi-codegen's own stamp, or none to give
		}
		body := src[fset.Position(fn.Body.Lbrace).Offset:fset.Position(fn.Body.Rbrace).Offset]
		if bytes.Contains(body, []byte("runtime.JSONMerge(b,")) {
			continue // stamped already
		}
		doc, err := documentKey(ks)
		if err != nil {
			return nil, fmt.Errorf("%s.%s: %w", union, fn.Name.Name, err)
		}
		at := bytes.Index(body, []byte(marshal))
		if at < 0 || property[union] == "" {
			return nil, fmt.Errorf("%s.%s: not the shape oapi-codegen writes (no %q, or no Discriminator method)", union, fn.Name.Name, strings.TrimSpace(marshal))
		}
		patch := strconv.Quote(property[union]) + ":" + strconv.Quote(doc)
		inserts = append(inserts, insert{
			at:   fset.Position(fn.Body.Lbrace).Offset + at + len(marshal),
			text: "if err != nil {\nreturn err\n}\nb, err = runtime.JSONMerge(b, []byte(`{" + patch + "}`))\n",
		})
	}
	if len(inserts) == 0 {
		return src, nil
	}
	var out bytes.Buffer
	last := 0
	for _, in := range inserts {
		out.Write(src[last:in.at])
		out.WriteString(in.text)
		last = in.at
	}
	out.Write(src[last:])
	return format.Source(out.Bytes())
}

func receiver(fn *ast.FuncDecl) string {
	switch t := fn.Recv.List[0].Type.(type) {
	case *ast.Ident:
		return t.Name
	case *ast.StarExpr:
		if id, ok := t.X.(*ast.Ident); ok {
			return id.Name
		}
	}
	return ""
}

// variantKeys reads ValueByDiscriminator's switch: each case's key and the
// As* method it returns.
func variantKeys(fn *ast.FuncDecl) map[string][]string {
	out := map[string][]string{}
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		cc, ok := n.(*ast.CaseClause)
		if !ok || len(cc.List) != 1 || len(cc.Body) != 1 {
			return true
		}
		lit, ok := cc.List[0].(*ast.BasicLit)
		ret, ok2 := cc.Body[0].(*ast.ReturnStmt)
		if !ok || !ok2 || lit.Kind != token.STRING || len(ret.Results) != 1 {
			return true
		}
		call, ok := ret.Results[0].(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		variant, ok := strings.CutPrefix(sel.Sel.Name, "As")
		key, err := strconv.Unquote(lit.Value)
		if ok && err == nil {
			out[variant] = append(out[variant], key)
		}
		return true
	})
	return out
}

// discriminatorProperty is the JSON name Discriminator reads (kind).
func discriminatorProperty(fn *ast.FuncDecl) (string, error) {
	var tag string
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		if f, ok := n.(*ast.Field); ok && f.Tag != nil && tag == "" {
			tag = f.Tag.Value
		}
		return true
	})
	t, err := strconv.Unquote(tag)
	if err != nil {
		return "", fmt.Errorf("the Discriminator method declares no tagged field")
	}
	name, ok := strings.CutPrefix(t, `json:"`)
	if !ok {
		return "", fmt.Errorf("the Discriminator method's field tag %s is not a json tag", t)
	}
	name, _, _ = strings.Cut(name, `"`)
	name, _, _ = strings.Cut(name, ",")
	return name, nil
}

// documentKey is, of the keys naming one variant, the one every other
// ends in after a dot: AwsPeering of networking.v1.AwsPeering. Any other
// set of keys has no spelling to prefer, and stops generation.
func documentKey(keys []string) (string, error) {
	var found []string
	for _, k := range keys {
		ok := true
		for _, other := range keys {
			if other != k && !strings.HasSuffix(other, "."+k) {
				ok = false
			}
		}
		if ok {
			found = append(found, k)
		}
	}
	if len(found) != 1 {
		slices.Sort(keys)
		return "", fmt.Errorf("keys %q name one variant, and none is the one the others extend after a dot: no spelling to write", keys)
	}
	return found[0], nil
}
