package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseReadme(t *testing.T) {
	path := filepath.Join(t.TempDir(), "README.md")
	doc := "# t\n\n`go get example.com/other/pkg@v1.2.3`, not `go get github.com/ccloud-go/networking@latest`\n\n" +
		"```go\nfmt.Println(1)\n```\n\n```sh\ngo get example.com/other/pkg@v1.2.3\n```\n\n```go\npackage main\n\nfunc main() {}\n```\n"
	require.NoError(t, os.WriteFile(path, []byte(doc), 0o644))
	snippets, gets, err := parseReadme(path)
	require.NoError(t, err)
	assert.Equal(t, []string{"example.com/other/pkg@v1.2.3"}, gets, "each other module once; ours is the clone")
	require.Len(t, snippets, 2)
	assert.Equal(t, snippet{line: 6, text: "fmt.Println(1)\n"}, snippets[0])
	assert.Equal(t, 14, snippets[1].line)

	require.NoError(t, os.WriteFile(path, []byte("```go\nx := 1\n"), 0o644))
	_, _, err = parseReadme(path)
	assert.ErrorContains(t, err, "never closed")
}

// A fragment becomes a function body that imports what it uses, keeps its
// own import block, and reports errors at the README's lines.
func TestWrapFragment(t *testing.T) {
	src, err := wrapFragment("/r/README.md", 2, snippet{line: 10, text: "import (\n\t\"github.com/ccloud-go/networking/api\"\n)\n\n" +
		"var b api.NetworkCreateRequest\nfmt.Println(b, time.Second, errors.New(\"x\"))\n"})
	require.NoError(t, err)
	assert.Contains(t, src, "//line /r/README.md:10\nimport (\n\t\"github.com/ccloud-go/networking/api\"\n)\n")
	for _, want := range []string{`import "fmt"`, `import "time"`, `import "errors"`, `import "context"`, `import "github.com/ccloud-go/networking/wrapper"`} {
		assert.Contains(t, src, want)
	}
	assert.Equal(t, 1, strings.Count(src, "networking/api\""), "an import the block has is not added again")
	assert.Contains(t, src, "func fragment2(ctx context.Context, c *wrapper.Client) error {\n\t{\n//line /r/README.md:13\n\nvar b")
}
