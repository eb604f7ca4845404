// Command bounds writes api/bounds.gen.go: the limits the spec states that
// the wrapper checks before sending, and the phases of status.phase. For every list operation of the
// fragment, a PageBounds method on its generated parameters type (page_size's
// maximum and default, page_token's longest); and MaxIDLength, the shortest
// maxLength the spec gives an id (of a resource or a reference). The wrapper
// and the fake read these instead of typing the numbers by hand, so a
// document that changes them changes the code with it; the values are
// constants in the binary, so reading them costs nothing. The phases: a
// constant for every value a status's phase lists (and every one
// gen/phases.yaml has a rule for), and PhaseKindOf, what each means by
// those rules; a phase without a rule stops generation, naming the file.
//
//	go run ./bounds -fragment ../spec/networking-v1.yaml -phases phases.yaml -out ../api/bounds.gen.go
//
// Exit status: 0 when the file was written (or is unchanged), 2 on error.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"go/format"
	"io"
	"maps"
	"os"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"go.yaml.in/yaml/v3"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stderr))
}

func run(args []string, stderr io.Writer) int {
	flags := flag.NewFlagSet("bounds", flag.ContinueOnError)
	flags.SetOutput(stderr)
	fragPath := flags.String("fragment", "../spec/networking-v1.yaml", "the OpenAPI fragment")
	outPath := flags.String("out", "../api/bounds.gen.go", "the Go file to write")
	phasesPath := flags.String("phases", "phases.yaml", "the rules saying what each phase means")
	if err := flags.Parse(args); err != nil || flags.NArg() > 0 {
		return 2
	}
	doc, err := openapi3.NewLoader().LoadFromFile(*fragPath)
	if err != nil {
		fmt.Fprintln(stderr, "bounds:", err)
		return 2
	}
	rules, err := readRules(*phasesPath)
	if err != nil {
		fmt.Fprintln(stderr, "bounds:", err)
		return 2
	}
	src, err := generate(doc, rules)
	if err != nil {
		fmt.Fprintln(stderr, "bounds:", err)
		return 2
	}
	if old, err := os.ReadFile(*outPath); err == nil && bytes.Equal(old, src) {
		return 0
	}
	if err := os.WriteFile(*outPath, src, 0o644); err != nil {
		fmt.Fprintln(stderr, "bounds:", err)
		return 2
	}
	return 0
}

// bounds is what one list operation's parameters say of paging.
type bounds struct {
	op                   string
	maxSize, defaultSize int
	maxTokenLength       int
}

// rules is gen/phases.yaml.
type rules struct {
	Phases map[string]string `yaml:"phases"`
	Names  map[string]string `yaml:"names"`
	path   string
}

// kinds are the kinds a rule may give, in the order of api.PhaseKind.
var kinds = []struct{ rule, name, doc string }{
	{"on-the-way", "PhaseKindOnTheWay", "changing, towards READY"},
	{"ready", "PhaseKindReady", "ready, or as far as the resource goes by itself"},
	{"failed", "PhaseKindFailed", "failed: it will not recover"},
	{"stopped", "PhaseKindStopped", "will not become READY by itself"},
	{"leaving", "PhaseKindLeaving", "being removed"},
}

func readRules(path string) (*rules, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	r := &rules{path: path}
	if err := yaml.Unmarshal(data, r); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	for phase, kind := range r.Phases {
		if !slices.ContainsFunc(kinds, func(k struct{ rule, name, doc string }) bool { return k.rule == kind }) {
			return nil, fmt.Errorf("%s: phase %s has kind %q; give one of on-the-way, ready, failed, stopped, leaving", path, phase, kind)
		}
	}
	return r, nil
}

// phases is every value a schema's phase property lists (enum or
// x-extensible-enum), with the schemas listing it.
func phases(doc *openapi3.T) map[string][]string {
	out := map[string][]string{}
	for _, name := range slices.Sorted(maps.Keys(doc.Components.Schemas)) {
		s := doc.Components.Schemas[name].Value
		if s == nil || s.Properties["phase"] == nil || s.Properties["phase"].Value == nil {
			continue
		}
		p := s.Properties["phase"].Value
		values := slices.Clone(p.Enum)
		if ext, ok := p.Extensions["x-extensible-enum"].([]any); ok {
			values = append(values, ext...)
		}
		for _, v := range values {
			if v, ok := v.(string); ok && !slices.Contains(out[v], name) {
				out[v] = append(out[v], name)
			}
		}
	}
	return out
}

// phaseName is a phase's Go constant: Phase and the value's words
// (WAITING_FOR_CONNECTIONS: PhaseWaitingForConnections), or the configured.
func (r *rules) phaseName(phase string) string {
	if n, ok := r.Names[phase]; ok {
		return n
	}
	name := "Phase"
	for _, w := range strings.Split(strings.ToLower(phase), "_") {
		if w != "" {
			name += strings.ToUpper(w[:1]) + w[1:]
		}
	}
	return name
}

// writePhases writes the phase constants and PhaseKindOf.
func writePhases(w *bytes.Buffer, doc *openapi3.T, r *rules) error {
	listed := phases(doc)
	if len(listed) == 0 {
		return fmt.Errorf("no schema lists the values of a phase")
	}
	var missing []string
	for _, v := range slices.Sorted(maps.Keys(listed)) {
		if _, ok := r.Phases[v]; !ok {
			missing = append(missing, fmt.Sprintf("%s (listed by %s)", v, strings.Join(listed[v], ", ")))
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("the spec lists phases %s has no rule for: %s; add each to its phases, with its kind (on-the-way, ready, failed, stopped or leaving)", r.path, strings.Join(missing, "; "))
	}
	w.WriteString("\n// Phases of status.phase: every value the spec lists for a status, and\n// every one gen/phases.yaml has a rule for.\nconst (\n")
	for _, v := range slices.Sorted(maps.Keys(r.Phases)) {
		by := "no schema lists it now"
		if l := listed[v]; len(l) > 0 {
			by = "listed by " + strings.Join(l, ", ")
		}
		fmt.Fprintf(w, "\t%s = %q // %s; %s\n", r.phaseName(v), v, r.Phases[v], by)
	}
	w.WriteString(")\n\n// PhaseKind is what a phase means to a waiter (gen/phases.yaml).\ntype PhaseKind int\n\nconst (\n\t// PhaseKindUnknown: a phase neither the spec nor gen/phases.yaml lists.\n\tPhaseKindUnknown PhaseKind = iota\n")
	for _, k := range kinds {
		fmt.Fprintf(w, "\t%s // %s\n", k.name, k.doc)
	}
	w.WriteString(")\n\n// PhaseKindOf says what phase means, by the rules of gen/phases.yaml.\nfunc PhaseKindOf(phase string) PhaseKind {\n\tswitch phase {\n")
	for _, k := range kinds {
		var names []string
		for _, v := range slices.Sorted(maps.Keys(r.Phases)) {
			if r.Phases[v] == k.rule {
				names = append(names, r.phaseName(v))
			}
		}
		if len(names) > 0 {
			fmt.Fprintf(w, "\tcase %s:\n\t\treturn %s\n", strings.Join(names, ", "), k.name)
		}
	}
	w.WriteString("\t}\n\treturn PhaseKindUnknown\n}\n")
	return nil
}

func generate(doc *openapi3.T, r *rules) ([]byte, error) {
	var all []bounds
	for _, path := range doc.Paths.InMatchingOrder() {
		op := doc.Paths.Value(path).Get
		if op == nil {
			continue
		}
		var b bounds
		var size, token *openapi3.Schema
		for _, p := range op.Parameters {
			switch {
			case p.Value.In != "query":
			case p.Value.Name == "page_size":
				size = p.Value.Schema.Value
			case p.Value.Name == "page_token":
				token = p.Value.Schema.Value
			}
		}
		if size == nil {
			continue
		}
		b.op = op.OperationID
		if size.Max == nil {
			return nil, fmt.Errorf("%s: page_size has no maximum; the wrapper needs one", op.OperationID)
		}
		b.maxSize = int(*size.Max)
		if b.maxSize < 1 {
			return nil, fmt.Errorf("%s: page_size's maximum is %d; the wrapper asks for at least one item a page", op.OperationID, b.maxSize)
		}
		if d, ok := size.Default.(float64); ok {
			b.defaultSize = int(d)
		}
		if b.defaultSize > b.maxSize {
			// A page the server picks could then hold more than the
			// wrapper and the fake take a page to hold.
			return nil, fmt.Errorf("%s: page_size's default %d exceeds its maximum %d; the document contradicts itself, so keep the vendored version until upstream settles it", op.OperationID, b.defaultSize, b.maxSize)
		}
		if token != nil && token.MaxLength != nil {
			b.maxTokenLength = int(*token.MaxLength)
		}
		all = append(all, b)
	}
	if len(all) == 0 {
		return nil, fmt.Errorf("no list operation takes page_size")
	}
	slices.SortFunc(all, func(a, b bounds) int { return strings.Compare(a.op, b.op) })
	maxID, ids := 0, 0
	for _, name := range slices.Sorted(maps.Keys(doc.Components.Schemas)) {
		s := doc.Components.Schemas[name].Value
		if s == nil || s.Properties["id"] == nil || s.Properties["id"].Value.MaxLength == nil {
			continue
		}
		n := int(*s.Properties["id"].Value.MaxLength)
		if ids == 0 || n < maxID {
			maxID = n
		}
		ids++
	}
	if ids == 0 {
		return nil, fmt.Errorf("no schema gives its id a maxLength")
	}
	var w bytes.Buffer
	fmt.Fprintf(&w, `// Code generated by gen/bounds from spec/networking-v1.yaml. DO NOT EDIT.

package api

// MaxIDLength is the shortest maxLength the spec gives an id (of %d
// schemas with one: resources and references).
const MaxIDLength = %d
`, ids, maxID)
	w.WriteString(`
// PageBounds is what the spec says of a list operation's paging.
type PageBounds struct {
	// MaxPageSize is page_size's maximum; DefaultPageSize, what the server
	// uses without one (0: the spec gives none).
	MaxPageSize, DefaultPageSize int
	// MaxPageTokenLength is page_token's longest (0: the spec gives none).
	MaxPageTokenLength int
}
`)
	for _, b := range all {
		params := strings.ToUpper(b.op[:1]) + b.op[1:] + "Params"
		fmt.Fprintf(&w, "\n// PageBounds of %s, as the spec gives them.\nfunc (%s) PageBounds() PageBounds {\n\treturn PageBounds{MaxPageSize: %d, DefaultPageSize: %d, MaxPageTokenLength: %d}\n}\n",
			b.op, params, b.maxSize, b.defaultSize, b.maxTokenLength)
	}
	if err := writePhases(&w, doc, r); err != nil {
		return nil, err
	}
	return format.Source(w.Bytes())
}
