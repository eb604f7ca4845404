// Command drift compares the checked-in spec fragment with an upstream
// OpenAPI document, for the operations the fragment covers, and lists every
// structural difference: operations, parameters, request bodies, status
// codes, headers, schema properties (type, format, enum, pattern, required,
// readOnly, lengths and bounds) and security schemes. $refs and allOf
// overlays are resolved first, so the way a document is written does not
// count, only what it says; descriptions and examples never count.
//
//	go run ./gen/drift -fragment spec/networking-v1.yaml -upstream path/to/openapi.yaml
//
// Exit status: 0 with no drift, 1 with a list of differences, 2 when a file
// cannot be read or parsed or the flags are wrong.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/getkin/kin-openapi/openapi3"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("drift", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fragPath := fs.String("fragment", "spec/networking-v1.yaml", "the checked-in fragment")
	upPath := fs.String("upstream", "", "the upstream OpenAPI document (required)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *upPath == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "drift: give -upstream path/to/openapi.yaml (and optionally -fragment)")
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
	diffs, compared := compareDocs(frag, up)
	if len(diffs) == 0 {
		fmt.Fprintf(stdout, "no drift (%d operations compared)\n", compared)
		return 0
	}
	fmt.Fprintf(stdout, "drift: %d difference(s) in %d operations compared:\n", len(diffs), compared)
	for _, d := range diffs {
		fmt.Fprintln(stdout, "  "+d)
	}
	return 1
}

func load(path string) (*openapi3.T, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromFile(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if doc.Paths == nil {
		return nil, fmt.Errorf("%s: no paths", path)
	}
	return doc, nil
}
