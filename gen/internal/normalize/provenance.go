package normalize

import (
	"fmt"
	"os"
	"strings"
)

// Provenance is where a vendored document came from: its path and commit
// in the upstream repository, that commit's date, and the file's sha256.
type Provenance struct {
	Path, Commit, Date, SHA256 string
}

// Record rewrites the entry for file in the provenance file at path (the
// "- file:" item of spec/upstream/PROVENANCE.yaml and the lines under it),
// keeping every other line as it is. An entry not there yet is added.
func Record(path, file string, p Provenance) error {
	raw, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	for k, v := range map[string]string{"path": p.Path, "commit": p.Commit, "date": p.Date, "sha256": p.SHA256} {
		if v == "" || strings.ContainsAny(v, "\n:#") {
			return fmt.Errorf("provenance of %s: %s %q is empty or not one plain word", file, k, v)
		}
	}
	entry := []string{
		"  - file: " + file,
		"    path: " + p.Path,
		"    commit: " + p.Commit,
		"    date: " + p.Date,
		"    sha256: " + p.SHA256,
	}
	lines := strings.Split(strings.TrimRight(string(raw), "\n"), "\n")
	var out []string
	found := false
	for i := 0; i < len(lines); i++ {
		if lines[i] != "  - file: "+file {
			out = append(out, lines[i])
			continue
		}
		found = true
		out = append(out, entry...)
		for i+1 < len(lines) && strings.HasPrefix(lines[i+1], "    ") {
			i++
		}
	}
	if !found {
		out = append(out, entry...)
	}
	return os.WriteFile(path, []byte(strings.Join(out, "\n")+"\n"), 0o644)
}

// ReadProvenance returns the entry for file in the provenance file at path.
func ReadProvenance(path, file string) (Provenance, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return Provenance{}, err
	}
	var p Provenance
	in := false
	for line := range strings.SplitSeq(string(raw), "\n") {
		if strings.HasPrefix(line, "  - file: ") {
			in = line == "  - file: "+file
			continue
		}
		k, v, ok := strings.Cut(strings.TrimSpace(line), ": ")
		if !in || !ok {
			continue
		}
		switch k {
		case "path":
			p.Path = v
		case "commit":
			p.Commit = v
		case "date":
			p.Date = v
		case "sha256":
			p.SHA256 = v
		}
	}
	if p.Path == "" {
		return p, fmt.Errorf("%s has no entry for %s", path, file)
	}
	return p, nil
}
