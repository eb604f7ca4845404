package wrapper

import (
	"reflect"
	"strings"
	"time"
)

// view is what every model of the networking v1 API holds, read by the
// names oapi-codegen gives the spec's properties (ID, Spec.Environment.ID,
// Status.Phase, Status.ErrorCode, Status.ErrorMessage,
// Metadata.CreatedAt), so that no resource declares how to read them.
type view struct {
	id, env   string
	hasPhase  bool
	status    status
	createdAt *time.Time // nil when the answer has none (or a zero one)
}

// viewOf reads a model or a request body (a pointer to either).
func viewOf(v any) view {
	root := reflect.ValueOf(v)
	phase, hasPhase := str(fieldAt(root, "Status", "Phase"))
	w := view{hasPhase: hasPhase && phase != ""}
	w.id, _ = str(fieldAt(root, "ID"))
	w.env, _ = str(fieldAt(root, "Spec", "Environment", "ID"))
	w.status.phase = phase
	w.status.code, _ = str(fieldAt(root, "Status", "ErrorCode"))
	w.status.message, _ = str(fieldAt(root, "Status", "ErrorMessage"))
	// Through its address: boxing the time.Time itself into an interface
	// would cost an allocation per list item.
	if at := fieldAt(root, "Metadata", "CreatedAt"); at.IsValid() && at.CanAddr() {
		if t, _ := at.Addr().Interface().(*time.Time); t != nil && !t.IsZero() {
			w.createdAt = t
		}
	}
	return w
}

// check asks an answer for what every answer of its resource must hold by
// the spec (spec.environment and status.phase) and for its id, without
// which it cannot be used (the spec's create answer leaves it optional; a
// create answer without one is settled by reading, like a lost answer).
func (w view) check() error {
	return requireFields(field{"id", w.id != ""}, field{"spec.environment", w.env != ""}, field{"status.phase", w.hasPhase})
}

// fieldAt follows names through structs and non-nil pointers; the zero Value
// when one is missing or nil.
func fieldAt(v reflect.Value, names ...string) reflect.Value {
	for _, name := range names {
		for v.Kind() == reflect.Pointer {
			if v.IsNil() {
				return reflect.Value{}
			}
			v = v.Elem()
		}
		if v.Kind() != reflect.Struct {
			return reflect.Value{}
		}
		if v = v.FieldByName(name); !v.IsValid() {
			return v
		}
	}
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return reflect.Value{}
		}
		v = v.Elem()
	}
	return v
}

// str reads a string, or a type defined on one.
func str(v reflect.Value) (string, bool) {
	if !v.IsValid() || v.Kind() != reflect.String {
		return "", false
	}
	return v.String(), true
}

// checkReferences refuses a create body whose spec leaves out the id of a
// reference the spec requires: every reference field of the Go spec type
// that is not a pointer (oapi-codegen makes optional properties pointers).
func checkReferences(body any) error {
	spec := fieldAt(reflect.ValueOf(body), "Spec")
	if !spec.IsValid() {
		return nil
	}
	t := spec.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Type.Kind() != reflect.Struct {
			continue
		}
		if _, isRef := f.Type.FieldByName("ID"); !isRef {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		id, _ := str(spec.Field(i).FieldByName("ID"))
		if err := checkID("spec."+name+".id", id); err != nil {
			return err
		}
	}
	return nil
}

// setEnvironment sets spec.environment.id of a request body (a pointer to
// one); a body without that field is left as it is.
func setEnvironment(body any, env string) {
	id := fieldAt(reflect.ValueOf(body), "Spec", "Environment", "ID")
	if id.IsValid() && id.CanSet() && id.Kind() == reflect.String {
		id.SetString(env)
	}
}
