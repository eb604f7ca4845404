package wrapper

import "fmt"

// secret holds a credential. Every way of printing it prints a placeholder,
// so that a secret cannot leak through %v, %+v, %#v, %s or %q of a value
// that holds it.
type secret struct{ v string }

const redacted = "[REDACTED]"

func (secret) String() string               { return redacted }
func (secret) GoString() string             { return redacted }
func (secret) Format(f fmt.State, _ rune)   { _, _ = f.Write([]byte(redacted)) }
func (secret) MarshalText() ([]byte, error) { return []byte(redacted), nil }
func (s secret) reveal() string             { return s.v }
