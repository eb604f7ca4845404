package wrapper

import "errors"

// decodePolicy decodes a success body inside the attempt, when the call
// asked for a result, so that a malformed or incomplete answer is judged by
// the retry policy like a cut one.
type decodePolicy struct{}

func (decodePolicy) name() string { return "decode" }

func (decodePolicy) do(x *exchange, next next) (*answer, error) {
	a, err := next(x)
	if err != nil || x.opts.decode == nil || a.status < 200 || a.status > 299 {
		return a, err
	}
	a.value, a.decodeErr = x.opts.decode(a.body)
	if a.decodeErr != nil {
		a.decodeErr = blanked(newRedactor(a.auth), a.decodeErr)
	}
	return a, nil
}

// blanked returns err, or when its text holds a credential, an error of
// that text blanked: a decoding error quotes the value it could not read
// (time.ParseError does), and a server may echo a credential in any field.
// The original is dropped, not wrapped, since its fields hold the value.
func blanked(r redactor, err error) error {
	msg := err.Error()
	if b := r.text(msg); b != msg {
		return errors.New(b)
	}
	return err
}
