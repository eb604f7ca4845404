package wrapper

import (
	"fmt"
	"regexp"
	"sync"
)

// Every handle's list options type is generated (handles.gen.go) with one
// field per optional parameter of its list operation, a check and its
// paging; the checks they call are here.

// checkPageSize refuses a page size outside 1..max (0: the default).
func checkPageSize(n, max int) error {
	if n < 0 || n > max {
		return &InputError{Field: "page_size", Problem: fmt.Sprintf("%d is outside 1..%d; use 0 for the default", n, max)}
	}
	return nil
}

// checkPageToken refuses a token longer than the API's 255 bytes.
func checkPageToken(tok string) error {
	if len(tok) > 255 {
		return &InputError{Field: "page_token", Problem: "is longer than 255 bytes; pass the token a List returned, unchanged"}
	}
	return nil
}

// checkNotNone refuses a list shorter than the spec's minItems.
func checkNotNone(field string, n, min int) error {
	if n < min {
		return &InputError{Field: field, Problem: fmt.Sprintf("has %d items; give at least %d", n, min)}
	}
	return nil
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
