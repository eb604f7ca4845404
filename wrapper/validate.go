package wrapper

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/ccloud-go/networking/api"
)

// maxIDLength is the spec's maxLength for ids and references, generated
// from it (gen/bounds).
const maxIDLength = api.MaxIDLength

// checkID refuses an id or environment that cannot name a resource: empty,
// too long, a dot segment, or holding white space or control characters.
func checkID(field, v string) error {
	switch {
	case v == "":
		return &InputError{Field: field, Problem: "is empty; give the resource's id"}
	case len(v) > maxIDLength:
		return &InputError{Field: field, Problem: fmt.Sprintf("is %d bytes long; the API allows at most %d", len(v), maxIDLength)}
	case v == "." || v == "..":
		return &InputError{Field: field, Problem: fmt.Sprintf("%q is not an id", v)}
	}
	if i := strings.IndexFunc(v, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }); i >= 0 {
		return &InputError{Field: field, Problem: fmt.Sprintf("holds white space or a control character at byte %d; ids have none", i)}
	}
	return nil
}

func checkNonEmpty(field, v, what string) error {
	if strings.TrimSpace(v) == "" {
		return &InputError{Field: field, Problem: "is empty; give " + what}
	}
	return nil
}

// checkFilters refuses empty filter values, which would match nothing.
func checkFilters(field string, values []string) error {
	for i, v := range values {
		if v == "" {
			return &InputError{Field: fmt.Sprintf("%s[%d]", field, i), Problem: "is empty; drop it or give a value to match"}
		}
	}
	return nil
}

// fmtIndex names the list item an answer check failed on.
func fmtIndex(i int, err error) error { return fmt.Errorf("data[%d]: %w", i, err) }
