package spec_test

import (
	"os/exec"
	"strings"
	"testing"
)

// A program importing api or wrapper links no OpenAPI, YAML or JSON-schema
// library: only the fake and validators (through spec/openapi) pay for them.
// If this fails, something under api/ or wrapper/ imports spec/openapi or a
// parser directly; parse in a package only the fake imports instead.
func TestClientLinksNoSpecParser(t *testing.T) {
	// go test puts its own GOROOT/bin first on the PATH of what a test runs.
	const goTool = "go"
	for _, pkg := range []string{"github.com/ccloud-go/networking/api", "github.com/ccloud-go/networking/wrapper", "github.com/ccloud-go/networking/spec"} {
		out, err := exec.Command(goTool, "list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}", pkg).CombinedOutput()
		if err != nil {
			t.Fatalf("go list -deps %s: %v\n%s", pkg, err, out)
		}
		for _, dep := range strings.Fields(string(out)) {
			for _, banned := range []string{"kin-openapi", "yaml", "jsonschema", "oapi-codegen/v2", "golang.org/x/text"} {
				if strings.Contains(dep, banned) {
					t.Errorf("%s links %s (matched %q)", pkg, dep, banned)
				}
			}
		}
	}
}
