package wrapper

import (
	"bytes"
	"io"
	"net/http"
	"strconv"
)

// transport is the api.HttpRequestDoer behind the generated client that
// API() returns: it sends every request through the client's pipeline, so
// raw calls get the same credentials, retries, pacing and body cap. The
// answer's body is the whole body, already read.
type transport struct{ pipe *pipeline }

func (t *transport) Do(req *http.Request) (*http.Response, error) {
	a, err := t.pipe.run(req.Context(), req, defaultCallOptions)
	if err != nil {
		return nil, err
	}
	return &http.Response{
		Status:        strconv.Itoa(a.status) + " " + http.StatusText(a.status),
		StatusCode:    a.status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        a.header,
		Body:          io.NopCloser(bytes.NewReader(a.body)),
		ContentLength: int64(len(a.body)),
		Request:       req,
	}, nil
}
