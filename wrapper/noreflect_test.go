package wrapper

import (
	"go/parser"
	"go/token"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// What a handle needs of its kind is generated (handles.gen.go by
// gen/handles), so no call looks at a value by reflection: no file of the
// package imports reflect.
func TestNoReflectionInThePackage(t *testing.T) {
	entries, err := os.ReadDir(".")
	require.NoError(t, err)
	checked := 0
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, parser.ImportsOnly)
		require.NoError(t, err)
		for _, imp := range f.Imports {
			if path, _ := strconv.Unquote(imp.Path.Value); path == "reflect" {
				t.Errorf("%s imports reflect: generate what it reads instead (gen/handles)", name)
			}
		}
		checked++
	}
	require.Greater(t, checked, 40)
}
