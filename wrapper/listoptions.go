package wrapper

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/ccloud-go/networking/api"
)

// Every handle's list options are a struct whose fields carry, in a
// `query` tag, the name of the query parameter they fill: a filter
// ([]string, repeated keys: any value matches), page_size (int) and
// page_token (string). What reads, checks and sends them is written here
// once, by those tags.

// checkOptions refuses a page size outside 1 to the operation's maximum
// (0: the default), a page token longer than the spec allows and an empty
// filter value; b are the operation's bounds, from the spec.
func checkOptions(opts any, b api.PageBounds) error {
	v := reflect.ValueOf(opts).Elem()
	for i := range v.NumField() {
		name := v.Type().Field(i).Tag.Get("query")
		switch f := v.Field(i); {
		case name == "page_size":
			if n := f.Int(); n < 0 || n > int64(b.MaxPageSize) {
				return &InputError{Field: name, Problem: fmt.Sprintf("%d is outside 1..%d; use 0 for the default", n, b.MaxPageSize)}
			}
		case name == "page_token":
			if b.MaxPageTokenLength > 0 && len(f.String()) > b.MaxPageTokenLength {
				return &InputError{Field: name, Problem: fmt.Sprintf("is longer than %d bytes; pass the token a List returned, unchanged", b.MaxPageTokenLength)}
			}
		case name != "":
			if err := checkFilters(name, f.Interface().([]string)); err != nil {
				return err
			}
		}
	}
	return nil
}

// optionField is the field of opts (a pointer) tagged name.
func optionField(opts any, name string) reflect.Value {
	v := reflect.ValueOf(opts).Elem()
	for i := range v.NumField() {
		if v.Type().Field(i).Tag.Get("query") == name {
			return v.Field(i)
		}
	}
	panic(fmt.Sprintf("wrapper: %T has no field tagged query:%q", opts, name)) // every options type has both; a test checks
}

func pageSize(opts any) int { return int(optionField(opts, "page_size").Int()) }

// setPage sets the page size and token of opts (a pointer).
func setPage(opts any, size int, token string) {
	optionField(opts, "page_size").SetInt(int64(size))
	optionField(opts, "page_token").SetString(token)
}

// fillParams copies what opts sets into the generated parameters struct
// of a list operation (a pointer), by matching each option's query tag
// with a parameter's form tag. An option with no such parameter is an
// error: the two are out of step with the spec.
func fillParams(params, opts any) error {
	p := reflect.ValueOf(params).Elem()
	byName := map[string]reflect.Value{}
	for i := range p.NumField() {
		name, _, _ := strings.Cut(p.Type().Field(i).Tag.Get("form"), ",")
		byName[name] = p.Field(i)
	}
	o := reflect.ValueOf(opts).Elem()
	for i := range o.NumField() {
		name := o.Type().Field(i).Tag.Get("query")
		if name == "" {
			continue
		}
		dst, ok := byName[name]
		if !ok || dst.Kind() != reflect.Pointer {
			return fmt.Errorf("confluent: %s is not an optional parameter of %s", name, p.Type().Name())
		}
		if src := o.Field(i); !src.IsZero() && (src.Kind() != reflect.Slice || src.Len() > 0) {
			val := reflect.New(dst.Type().Elem())
			val.Elem().Set(src.Convert(dst.Type().Elem()))
			dst.Set(val)
		}
	}
	return nil
}
