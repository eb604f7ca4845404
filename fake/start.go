package fake

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"
)

// Running is a fake serving on a loopback address.
type Running struct {
	*Server
	// URL is the base URL to give a client, such as http://127.0.0.1:40123.
	URL string
	// Key and Secret are a credential the fake accepts.
	Key, Secret string

	srv       *http.Server
	ln        net.Listener
	closeOnce sync.Once
}

// Start serves a new fake on 127.0.0.1 at a free port. Close it when done.
func Start(opts ...Option) (*Running, error) {
	return StartOn("127.0.0.1:0", opts...)
}

// StartOn serves a new fake on addr, which must be a loopback address.
func StartOn(addr string, opts ...Option) (*Running, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("fake: address %q: %w", addr, err)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return nil, fmt.Errorf("fake: address %q is not loopback; the fake only serves on 127.0.0.1, ::1 or localhost", addr)
	}
	s, err := New(opts...)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("fake: %w", err)
	}
	rs := &Running{Server: s, URL: "http://" + ln.Addr().String(), ln: ln,
		srv: &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}}
	for k, v := range s.cfg.keys {
		rs.Key, rs.Secret = k, v
		break
	}
	go func() { _ = rs.srv.Serve(ln) }()
	return rs, nil
}

// Close stops serving and closes open connections.
func (r *Running) Close() error {
	r.closeOnce.Do(func() { close(r.closing) })
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	defer func() { _ = r.Server.Close() }() // after the last change is saved
	if err := r.srv.Shutdown(ctx); err != nil {
		return r.srv.Close()
	}
	return nil
}
