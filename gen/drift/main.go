// Command drift checks the OpenAPI fragment against an upstream document,
// for the operations the fragment covers, and lists every difference in
// what the two say: operations and operationIds, parameters, request
// bodies, status codes, headers, body schemas and security.
//
// Both documents are resolved before they are compared ($refs followed,
// allOf overlays merged), so only meaning counts, not the way a document is
// written; descriptions, examples, titles and component names never count.
// A difference inside a component schema of the fragment is reported once,
// under that component's name, however many operations reach it; oneOf
// branches are paired by discriminator value, so their order does not
// count either. With -config, the deviations gen/normalize.yaml declares
// are expected and not reported.
//
//	go run ./drift -fragment ../spec/networking-v1.yaml -upstream path/to/openapi.yaml -config normalize.yaml
//
// Exit status: 0 when there is no drift, 1 when there is (grouped by
// component or operation on standard output), 2 when a file cannot be read
// or parsed or the flags are wrong.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"go.yaml.in/yaml/v3"

	"github.com/ccloud-go/networking/gen/internal/normalize"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("drift", flag.ContinueOnError)
	flags.SetOutput(stderr)
	fragPath := flags.String("fragment", "../spec/networking-v1.yaml", "the OpenAPI fragment")
	var ups []string
	flags.Func("upstream", "an upstream OpenAPI document: FILE, or NAME=FILE for the configured document NAME (repeatable; without it, every vendored document)", func(v string) error {
		ups = append(ups, v)
		return nil
	})
	cfgPath := flags.String("config", "", "the normalizer's configuration: its documents, and its deviations, which are expected")
	if err := flags.Parse(args); err != nil {
		return 2
	}
	if *fragPath == "" || flags.NArg() > 0 {
		fmt.Fprintln(stderr, "usage: drift -fragment spec/networking-v1.yaml [-upstream [NAME=]FILE]... [-config gen/normalize.yaml]")
		return 2
	}
	expected, documents, err := deviations(*cfgPath)
	if err != nil {
		fmt.Fprintln(stderr, "drift:", err)
		return 2
	}
	aliasPrefix, err := kindAliasPrefix(*cfgPath)
	if err != nil {
		fmt.Fprintln(stderr, "drift:", err)
		return 2
	}
	frag, err := load(*fragPath)
	if err != nil {
		fmt.Fprintln(stderr, "drift:", err)
		return 2
	}
	if !documents {
		// A configuration without documents (or none): the whole fragment
		// against one upstream document.
		if len(ups) != 1 {
			fmt.Fprintln(stderr, "drift: give one -upstream FILE (the configuration lists no documents)")
			return 2
		}
		up, err := load(ups[0])
		if err != nil {
			fmt.Fprintln(stderr, "drift:", err)
			return 2
		}
		return report(stdout, "", frag, up, nil, nil, expected, aliasPrefix)
	}
	cfg, err := normalize.LoadConfig(*cfgPath)
	if err != nil {
		fmt.Fprintln(stderr, "drift:", err)
		return 2
	}
	pairs, err := pairsOf(cfg, ups)
	if err != nil {
		fmt.Fprintln(stderr, "drift:", err)
		return 2
	}
	code := 0
	for _, p := range pairs {
		up, err := load(p.file)
		if err != nil {
			fmt.Fprintln(stderr, "drift:", err)
			return 2
		}
		prefix := ""
		if len(pairs) > 1 {
			prefix = p.doc.Name + ": "
		}
		code = max(code, report(stdout, prefix, only(frag, p.doc.Operations), up, p.doc.Operations, keptElsewhere(cfg, p.doc), expected, aliasPrefix))
	}
	return code
}

// pair is an upstream file and the configured document it is a version of.
type pair struct {
	doc  *normalize.Document
	file string
}

// pairsOf reads the -upstream flags: NAME=FILE, or FILE, whose document is
// recognised by its content; none means every vendored document.
func pairsOf(cfg *normalize.Config, ups []string) ([]pair, error) {
	if len(ups) == 0 {
		var out []pair
		for i := range cfg.Documents {
			out = append(out, pair{&cfg.Documents[i], cfg.Path(&cfg.Documents[i])})
		}
		return out, nil
	}
	var out []pair
	for _, u := range ups {
		if name, file, ok := strings.Cut(u, "="); ok && cfg.Document(name) != nil {
			out = append(out, pair{cfg.Document(name), file})
			continue
		}
		raw, err := os.ReadFile(u)
		if err != nil {
			return nil, err
		}
		d, err := cfg.Recognise(raw)
		if err != nil {
			return nil, fmt.Errorf("which document is %s a version of? %w", u, err)
		}
		out = append(out, pair{d, u})
	}
	return out, nil
}

// report compares frag with up and prints the differences, grouped, or
// that there are none; prefix names the document when there are several.
// With keep, it also lists the operations up has that keep leaves out,
// naming the other document that keeps one (elsewhere: operationId to it).
// Kind aliases (aliasPrefix, from the configuration) are declared too.
func report(w io.Writer, prefix string, frag, up *openapi3.T, keep []string, elsewhere map[string]string, expected []deviation, aliasPrefix string) int {
	all, compared, aliases := compareDocsAliased(frag, up, aliasPrefix)
	var lines []string
	deviated := 0
	for _, line := range all {
		if isExpected(line, expected) {
			deviated++
			continue
		}
		lines = append(lines, line)
	}
	if keep != nil {
		if left := leftOut(up, keep, elsewhere); len(left) > 0 {
			fmt.Fprintf(w, "%soperations upstream has that gen/normalize.yaml does not keep (add a line to type one):\n", prefix)
			for _, l := range left {
				fmt.Fprintf(w, "  %s\n", l)
			}
		}
	}
	note := ""
	if deviated > 0 {
		note = fmt.Sprintf("; %d declared deviation(s) left out", deviated)
	}
	if aliases > 0 {
		note += fmt.Sprintf("; %d declared kind alias(es)", aliases)
	}
	if len(lines) == 0 {
		fmt.Fprintf(w, "%sno drift (%d operations compared%s)\n", prefix, compared, note)
		return 0
	}
	writeGrouped(w, lines)
	fmt.Fprintf(w, "%sdrift: %d difference(s) in %d operations compared%s\n", prefix, len(lines), compared, note)
	return 1
}

// only is frag with just the operations listed in ops.
func only(frag *openapi3.T, ops []string) *openapi3.T {
	keep := map[string]bool{}
	for _, op := range ops {
		keep[op] = true
	}
	out := *frag
	out.Paths = openapi3.NewPaths()
	for path, item := range frag.Paths.Map() {
		sub := &openapi3.PathItem{Parameters: item.Parameters}
		for method, op := range item.Operations() {
			if keep[op.OperationID] {
				sub.SetOperation(method, op)
			}
		}
		if len(sub.Operations()) > 0 {
			out.Paths.Set(path, sub)
		}
	}
	return &out
}

// leftOut lists up's operations that keep does not name, as
// "operationId (METHOD path)".
func leftOut(up *openapi3.T, keep []string, elsewhere map[string]string) []string {
	var out []string
	for path, item := range up.Paths.Map() {
		for method, op := range item.Operations() {
			if slices.Contains(keep, op.OperationID) {
				continue
			}
			line := fmt.Sprintf("%s (%s %s)", op.OperationID, method, path)
			if other, ok := elsewhere[op.OperationID]; ok {
				// Adding it here would type it twice: the file carries
				// another document's operation (or is not this document).
				line += fmt.Sprintf(": kept from %s already; this file is not that document", other)
			}
			out = append(out, line)
		}
	}
	slices.Sort(out)
	return out
}

// keptElsewhere maps each operationId another configured document keeps
// to that document's name.
func keptElsewhere(cfg *normalize.Config, doc *normalize.Document) map[string]string {
	out := map[string]string{}
	for _, d := range cfg.Documents {
		if d.Name == doc.Name {
			continue
		}
		for _, op := range d.Operations {
			out[op] = d.Name
		}
	}
	return out
}

// writeGrouped prints the lines (sorted, each "group: detail") under one
// heading per group: a component schema, or an operation's place.
func writeGrouped(w io.Writer, lines []string) {
	last := ""
	for _, line := range lines {
		group, detail, _ := strings.Cut(line, ": ")
		if group != last {
			fmt.Fprintf(w, "%s:\n", group)
			last = group
		}
		fmt.Fprintf(w, "  %s\n", detail)
	}
}

// deviation is a keyword the normalizer sets on a component, or on one of
// its properties, on purpose.
type deviation struct{ schema, property, keyword string }

// deviations reads the configuration's deviations, and whether it lists
// upstream documents.
func deviations(path string) ([]deviation, bool, error) {
	if path == "" {
		return nil, false, nil
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, false, err
	}
	var cfg struct {
		Documents  []any `yaml:"documents"`
		Deviations []struct {
			Schema   string         `yaml:"schema"`
			Property string         `yaml:"property"`
			Set      map[string]any `yaml:"set"`
		} `yaml:"deviations"`
	}
	if err := yaml.Unmarshal(raw, &cfg); err != nil {
		return nil, false, fmt.Errorf("%s: %w", path, err)
	}
	var out []deviation
	for _, d := range cfg.Deviations {
		for k := range d.Set {
			out = append(out, deviation{d.Schema, d.Property, k})
		}
	}
	return out, len(cfg.Documents) > 0, nil
}

// kindAliasPrefix reads the configuration's union-kind-aliases prefix:
// mapping keys it makes are declared, not drift.
func kindAliasPrefix(path string) (string, error) {
	if path == "" {
		return "", nil
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	var cfg struct {
		Aliases struct {
			Prefix string `yaml:"prefix"`
		} `yaml:"union-kind-aliases"`
	}
	if err := yaml.Unmarshal(raw, &cfg); err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	return cfg.Aliases.Prefix, nil
}

func isExpected(line string, expected []deviation) bool {
	for _, d := range expected {
		if strings.HasPrefix(line, "schema "+d.schema+": ."+d.property+": "+d.keyword+" differs ") {
			return true
		}
		if d.keyword == "readOnly" && d.property != "" && slices.Contains(readOnlyLines(d), line) {
			return true
		}
	}
	return false
}

// readOnlyLines are the other lines a property's readOnly deviation makes
// in request bodies, where the readOnly rule drops the property on one
// side only: the property, and its place in the required list, are on the
// schema itself.
func readOnlyLines(d deviation) []string {
	at := "schema " + d.schema + ": .: "
	var out []string
	for _, what := range []string{
		"property %q is sent in requests in the fragment but readOnly upstream",
		"property %q is readOnly in the fragment but sent in requests upstream",
		"required %q missing upstream",
		"required %q missing in fragment",
	} {
		out = append(out, at+fmt.Sprintf(what, d.property))
	}
	return out
}

// load reads an OpenAPI 3 document and resolves its local $refs. It does
// not validate: upstream need not pass kin-openapi's validation.
func load(path string) (*openapi3.T, error) {
	doc, err := openapi3.NewLoader().LoadFromFile(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if doc.OpenAPI == "" || doc.Paths == nil {
		return nil, fmt.Errorf("%s: not an OpenAPI 3 document (no openapi version or no paths)", path)
	}
	return doc, nil
}
