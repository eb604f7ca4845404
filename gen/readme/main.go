// Command readme builds every Go snippet of the README the way a reader
// would, so that none drifts from the code: each in a scratch module outside
// the repository.
//
//   - A snippet that starts with "package" is a whole program. It is built in
//     a module of its own after the README's `go get` commands for other
//     modules, and nothing else: no `go mod tidy` the README does not ask for.
//   - Any other snippet is the body of a function that has ctx
//     (context.Context) and c (*wrapper.Client) in scope, and returns an
//     error. A leading import block is kept; the packages it names not, but
//     uses (api, wrapper, fake, fmt, errors, time, ...), are imported for it.
//     These are built together in one module that depends on this one the
//     way the README's Install section says: a replace to the clone and
//     `go mod tidy`.
//
// A compile error names the README's line. Usage:
//
//	go run -C gen ./readme -readme ../README.md -module ..
//
// It needs the Go module proxy (for the modules the README tells readers to
// get), so it is run by CI, not by go test.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// modulePath is this repository's module.
const modulePath = "github.com/ccloud-go/networking"

// known are the packages a fragment may use without importing them.
var known = map[string]string{
	"context": "context",
	"errors":  "errors",
	"fmt":     "fmt",
	"http":    "net/http",
	"log":     "log",
	"os":      "os",
	"slog":    "log/slog",
	"time":    "time",
	"api":     modulePath + "/api",
	"fake":    modulePath + "/fake",
	"wrapper": modulePath + "/wrapper",
}

// snippet is one fenced Go block: its text and the README line it starts on.
type snippet struct {
	line int
	text string
}

func main() {
	readme := flag.String("readme", "README.md", "the README to check")
	module := flag.String("module", ".", "the root of this module's clone")
	keep := flag.Bool("keep", false, "keep the scratch modules and print where they are")
	flag.Parse()
	if err := run(*readme, *module, *keep); err != nil {
		fmt.Fprintln(os.Stderr, "readme:", err)
		os.Exit(1)
	}
}

func run(readme, module string, keep bool) error {
	readme, err := filepath.Abs(readme)
	if err != nil {
		return err
	}
	module, err = filepath.Abs(module)
	if err != nil {
		return err
	}
	snippets, gets, err := parseReadme(readme)
	if err != nil {
		return err
	}
	if len(snippets) == 0 {
		return fmt.Errorf("%s has no Go snippet", readme)
	}
	scratch, err := os.MkdirTemp("", "readme-snippets-")
	if err != nil {
		return err
	}
	if keep {
		fmt.Println("scratch modules in", scratch)
	} else {
		defer func() { _ = os.RemoveAll(scratch) }()
	}
	var fragments []snippet
	programs := 0
	for _, s := range snippets {
		if !strings.HasPrefix(strings.TrimSpace(s.text), "package ") {
			fragments = append(fragments, s)
			continue
		}
		programs++
		dir := filepath.Join(scratch, fmt.Sprintf("program%d", programs))
		if err := buildProgram(dir, readme, module, s, gets); err != nil {
			return err
		}
	}
	if len(fragments) > 0 {
		if err := buildFragments(filepath.Join(scratch, "fragments"), readme, module, fragments); err != nil {
			return err
		}
	}
	fmt.Printf("readme: %d snippets build (%d programs, %d fragments)\n", len(snippets), programs, len(fragments))
	return nil
}

// goGet matches a `go get` command of the README, in a code span or a shell
// block.
var goGet = regexp.MustCompile("go get ([^\\s`]+)")

// parseReadme returns the Go blocks and the arguments of every `go get`
// for another module.
func parseReadme(path string) ([]snippet, []string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	var (
		out  []snippet
		gets []string
		cur  *snippet
		n    int
	)
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		n++
		line := sc.Text()
		trimmed := strings.TrimSpace(line)
		switch {
		case cur != nil && trimmed == "```":
			out = append(out, *cur)
			cur = nil
			continue
		case cur != nil:
			cur.text += line + "\n"
			continue
		case trimmed == "```go":
			cur = &snippet{line: n + 1}
			continue
		}
		for _, m := range goGet.FindAllStringSubmatch(line, -1) {
			if !strings.HasPrefix(m[1], modulePath) && !slices.Contains(gets, m[1]) {
				gets = append(gets, m[1])
			}
		}
	}
	if cur != nil {
		return nil, nil, fmt.Errorf("%s:%d: Go block never closed", path, cur.line-1)
	}
	return out, gets, sc.Err()
}

// buildProgram builds a whole program as the README tells a reader to: in a
// new module, after its `go get` commands.
func buildProgram(dir, readme, module string, s snippet, gets []string) error {
	src := fmt.Sprintf("//line %s:%d\n%s", readme, s.line, s.text)
	if err := newModule(dir, "example.com/program", "main.go", src); err != nil {
		return err
	}
	if strings.Contains(s.text, `"`+modulePath) {
		if err := dependOnClone(dir, module); err != nil {
			return err
		}
	}
	for _, g := range gets {
		if err := goCmd(dir, "get", g); err != nil {
			return err
		}
	}
	return goCmd(dir, "build", "./...")
}

// buildFragments builds every fragment in one package of a module that
// depends on this one through a replace to the clone.
func buildFragments(dir, readme, module string, fragments []snippet) error {
	if err := newModule(dir, "example.com/fragments", "", ""); err != nil {
		return err
	}
	for i, s := range fragments {
		src, err := wrapFragment(readme, i+1, s)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("fragment%d.go", i+1)), []byte(src), 0o644); err != nil {
			return err
		}
	}
	if err := dependOnClone(dir, module); err != nil {
		return err
	}
	return goCmd(dir, "build", "./...")
}

// wrapFragment makes a fragment the body of a function with ctx and c in
// scope, importing what it uses.
func wrapFragment(readme string, n int, s snippet) (string, error) {
	imports, body, bodyLine := splitImports(readme, s)
	fn := fmt.Sprintf("func fragment%d(ctx context.Context, c *wrapper.Client) error {\n\t{\n//line %s:%d\n%s\t}\n\treturn nil\n}\n",
		n, readme, bodyLine, body)
	// Parse once without the imports it lacks to learn which it uses.
	probe := "package fragments\n" + imports + "\n" + fn
	f, err := parser.ParseFile(token.NewFileSet(), readme, probe, 0)
	if err != nil {
		return "", err
	}
	have := map[string]bool{}
	for _, im := range f.Imports {
		have[strings.Trim(im.Path.Value, `"`)] = true
	}
	need := []string{"context", modulePath + "/wrapper"}
	for _, id := range f.Unresolved {
		if p, ok := known[id.Name]; ok {
			need = append(need, p)
		}
	}
	var extra strings.Builder
	for _, p := range need {
		if !have[p] {
			have[p] = true
			fmt.Fprintf(&extra, "import %q\n", p)
		}
	}
	return "package fragments\n\n" + imports + extra.String() + "\n" + fn, nil
}

// splitImports takes a leading import block off a fragment; it returns the
// block, the rest and the README line the rest starts on.
func splitImports(readme string, s snippet) (imports, body string, line int) {
	lines := strings.SplitAfter(s.text, "\n")
	i := 0
	if len(lines) > 0 && strings.HasPrefix(lines[0], "import") {
		for i = 0; i < len(lines); i++ {
			t := strings.TrimSpace(lines[i])
			if t == ")" || (i == 0 && !strings.HasSuffix(t, "(")) {
				i++
				break
			}
		}
	}
	imports = strings.Join(lines[:i], "")
	if imports != "" {
		imports = fmt.Sprintf("//line %s:%d\n%s", readme, s.line, imports)
	}
	return imports, strings.Join(lines[i:], ""), s.line + i
}

func newModule(dir, path, file, src string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := goCmd(dir, "mod", "init", path); err != nil {
		return err
	}
	if file == "" {
		return nil
	}
	return os.WriteFile(filepath.Join(dir, file), []byte(src), 0o644)
}

// dependOnClone is the README's way to depend on this module before it is
// published: a replace to a clone, then go mod tidy.
func dependOnClone(dir, module string) error {
	if err := goCmd(dir, "mod", "edit", "-replace", modulePath+"="+module); err != nil {
		return err
	}
	return goCmd(dir, "mod", "tidy")
}

func goCmd(dir string, args ...string) error {
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("go %s (in %s): %v\n%s", strings.Join(args, " "), dir, err, out)
	}
	return nil
}
