package wrapper

import (
	"log/slog"
	"time"
)

// logPolicy logs every attempt at debug level: method, path, attempt,
// status or error, request id (with any echoed credential blanked out) and
// time taken. It is left out of the pipeline when no logger is set.
type logPolicy struct{ log *slog.Logger }

func (logPolicy) name() string { return "log" }

func (p logPolicy) do(x *exchange, next next) (*answer, error) {
	start := time.Now()
	a, err := next(x)
	if err != nil {
		p.log.DebugContext(x.ctx, "confluent attempt", "method", x.req.Method, "path", x.req.URL.Path, "attempt", x.n,
			"error", newRedactor(x.req.Header.Get("Authorization")).text(shortErr(err)), "elapsed", time.Since(start))
		return a, err
	}
	p.log.DebugContext(x.ctx, "confluent attempt", "method", x.req.Method, "path", x.req.URL.Path, "attempt", x.n,
		"status", a.status, "request_id", newRedactor(a.auth).text(a.requestID()), "bytes", len(a.body), "elapsed", time.Since(start))
	return a, err
}
