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
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"go.yaml.in/yaml/v3"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("drift", flag.ContinueOnError)
	flags.SetOutput(stderr)
	fragPath := flags.String("fragment", "../spec/networking-v1.yaml", "the OpenAPI fragment")
	upPath := flags.String("upstream", "", "the upstream OpenAPI document (required)")
	cfgPath := flags.String("config", "", "the normalizer's configuration, whose deviations are expected")
	if err := flags.Parse(args); err != nil {
		return 2
	}
	if *upPath == "" || *fragPath == "" || flags.NArg() > 0 {
		fmt.Fprintln(stderr, "usage: drift -fragment spec/networking-v1.yaml -upstream path/to/openapi.yaml [-config gen/normalize.yaml]")
		return 2
	}
	expected, err := deviations(*cfgPath)
	if err != nil {
		fmt.Fprintln(stderr, "drift:", err)
		return 2
	}
	frag, err := load(*fragPath)
	if err != nil {
		fmt.Fprintln(stderr, "drift:", err)
		return 2
	}
	up, err := load(*upPath)
	if err != nil {
		fmt.Fprintln(stderr, "drift:", err)
		return 2
	}
	all, compared := compareDocs(frag, up)
	var lines []string
	deviated := 0
	for _, line := range all {
		if isExpected(line, expected) {
			deviated++
			continue
		}
		lines = append(lines, line)
	}
	note := ""
	if deviated > 0 {
		note = fmt.Sprintf("; %d declared deviation(s) left out", deviated)
	}
	if len(lines) == 0 {
		fmt.Fprintf(stdout, "no drift (%d operations compared%s)\n", compared, note)
		return 0
	}
	writeGrouped(stdout, lines)
	fmt.Fprintf(stdout, "drift: %d difference(s) in %d operations compared%s\n", len(lines), compared, note)
	return 1
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

func deviations(path string) ([]deviation, error) {
	if path == "" {
		return nil, nil
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var cfg struct {
		Deviations []struct {
			Schema   string         `yaml:"schema"`
			Property string         `yaml:"property"`
			Set      map[string]any `yaml:"set"`
		} `yaml:"deviations"`
	}
	if err := yaml.Unmarshal(raw, &cfg); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var out []deviation
	for _, d := range cfg.Deviations {
		for k := range d.Set {
			out = append(out, deviation{d.Schema, d.Property, k})
		}
	}
	return out, nil
}

func isExpected(line string, expected []deviation) bool {
	for _, d := range expected {
		if strings.HasPrefix(line, "schema "+d.schema+": ."+d.property+": "+d.keyword+" differs ") {
			return true
		}
	}
	return false
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
