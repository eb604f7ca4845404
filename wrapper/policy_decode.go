package wrapper

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
	return a, nil
}
