package wrapper

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
)

// send runs one operation's request through the pipeline and returns its
// decoded result: an answer of 400 or more is an *APIError, a success that
// did not decode a *DecodeError, and no usable answer a *TransportError.
func send[T any](ctx context.Context, c *Client, req *http.Request, opts *callOptions) (*T, *answer, error) {
	if ctx == nil {
		return nil, nil, errNilContext()
	}
	a, err := c.pipe.run(ctx, req.WithContext(ctx), opts)
	if err != nil {
		return nil, nil, err
	}
	if a.status >= 400 {
		return nil, a, newAPIError(a)
	}
	if a.decodeErr != nil {
		return nil, a, newDecodeError(a)
	}
	out, _ := a.value.(*T)
	return out, a, nil
}

// decoder makes the callOptions of an operation whose success body is a T,
// checked by check (which may be nil) for what the spec requires.
func decoder[T any](check func(*T) error) *callOptions {
	return &callOptions{decode: func(body []byte) (any, error) {
		if len(body) == 0 {
			return nil, errors.New("the body is empty")
		}
		v := new(T)
		if err := json.Unmarshal(body, v); err != nil {
			return nil, err
		}
		if check != nil {
			if err := check(v); err != nil {
				return nil, err
			}
		}
		return v, nil
	}}
}
