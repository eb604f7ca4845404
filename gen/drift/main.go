// Command drift checks the checked-in OpenAPI fragment against an upstream
// document, for the operations the fragment covers, and lists every
// difference in what the two say: operations and operationIds, parameters,
// request bodies, status codes, headers, body schemas and security.
//
// Both documents are resolved before they are compared ($refs followed,
// allOf overlays merged), so only meaning counts, not the way a document is
// written; descriptions, examples, titles and component names never count.
//
//	go run ./gen/drift -fragment spec/networking-v1.yaml -upstream path/to/openapi.yaml
//
// Exit status: 0 when there is no drift, 1 when there is (one line per
// difference on standard output), 2 when a file cannot be read or parsed or
// the flags are wrong.
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
	flags := flag.NewFlagSet("drift", flag.ContinueOnError)
	flags.SetOutput(stderr)
	fragPath := flags.String("fragment", "spec/networking-v1.yaml", "the checked-in OpenAPI fragment")
	upPath := flags.String("upstream", "", "the upstream OpenAPI document (required)")
	if err := flags.Parse(args); err != nil {
		return 2
	}
	if *upPath == "" || *fragPath == "" || flags.NArg() > 0 {
		fmt.Fprintln(stderr, "usage: drift -fragment spec/networking-v1.yaml -upstream path/to/openapi.yaml")
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
	lines, compared := compareDocs(frag, up)
	if len(lines) == 0 {
		fmt.Fprintf(stdout, "no drift (%d operations compared)\n", compared)
		return 0
	}
	for _, line := range lines {
		fmt.Fprintln(stdout, line)
	}
	fmt.Fprintf(stdout, "drift: %d difference(s) in %d operations compared\n", len(lines), compared)
	return 1
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
