package wrapper

import (
	"fmt"
	"regexp"
	"sync"
)

// Every handle's list options type is generated (handles.gen.go) with one
// field per optional parameter of its list operation, a check and its
// paging; the checks they call are here.

// checkNotNone refuses a list shorter than the spec's minItems.
func checkNotNone(field string, n, min int) error {
	if n < min {
		return &InputError{Field: field, Problem: fmt.Sprintf("has %d items; give at least %d", n, min)}
	}
	return nil
}

// checkItems refuses a list of n items outside the spec's minItems and
// maxItems (max -1: none).
func checkItems(field string, n, min, max int) error {
	switch {
	case n < min && n == 0:
		return &InputError{Field: field, Problem: fmt.Sprintf("is empty; give at least %d", min)}
	case n < min || (max >= 0 && n > max):
		if min == max {
			return &InputError{Field: field, Problem: fmt.Sprintf("has %d items; give exactly %d, or leave it out where the API allows", n, min)}
		}
		if max < 0 {
			return &InputError{Field: field, Problem: fmt.Sprintf("has %d items; give at least %d", n, min)}
		}
		return &InputError{Field: field, Problem: fmt.Sprintf("has %d items; give %d to %d", n, min, max)}
	}
	return nil
}

// checkItemsPtr is checkItems for an optional list: nil is not given.
func checkItemsPtr[T any](field string, v *[]T, min, max int) error {
	if v == nil {
		return nil
	}
	return checkItems(field, len(*v), min, max)
}

// patterns are the spec's patterns, compiled when first used.
var patterns sync.Map // string -> *regexp.Regexp

func matches(pattern, v string) bool {
	re, ok := patterns.Load(pattern)
	if !ok {
		re, _ = patterns.LoadOrStore(pattern, regexp.MustCompile(pattern))
	}
	return re.(*regexp.Regexp).MatchString(v)
}

// patternHints say what the spec's patterns stand for, for a message that
// says what to give; a pattern not here is named as it is.
var patternHints = map[string]string{
	`^\d{12}$`:                 "an AWS account number; give exactly 12 digits, such as 123456789012",
	`^\d+\.\d+\.\d+\.\d+/\d+$`: "an IPv4 CIDR block such as 10.0.0.0/16",
	`^\d+\.\d+\.\d+\.\d+$`:     "an IPv4 address such as 10.0.0.2",
}

// checkPattern refuses a value the spec's pattern does not match.
func checkPattern(field, v, pattern string) error {
	if matches(pattern, v) {
		return nil
	}
	if hint, ok := patternHints[pattern]; ok {
		return &InputError{Field: field, Problem: fmt.Sprintf("%q is not %s", v, hint)}
	}
	return &InputError{Field: field, Problem: fmt.Sprintf("%q does not match the API's pattern %s", v, pattern)}
}

func checkPatternPtr(field string, v *string, pattern string) error {
	if v == nil {
		return nil
	}
	return checkPattern(field, *v, pattern)
}

func checkPatterns(field string, vs []string, pattern string) error {
	for i, v := range vs {
		if err := checkPattern(fmt.Sprintf("%s[%d]", field, i), v, pattern); err != nil {
			return err
		}
	}
	return nil
}

// checkFilter refuses a filter of one value that holds white space or
// control characters (an id would not); empty is no filter.
func checkFilter(field, v string) error {
	if v == "" {
		return nil
	}
	return checkID(field, v)
}
