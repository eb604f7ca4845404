package wrapper

import (
	"net"
	"net/url"
	"strings"
)

// originOf is a URL's origin (RFC 6454): scheme, host and port, with the
// scheme's default port filled in and the host in lower case, so that
// https://h and https://H:443 are the same origin.
type originOf struct {
	scheme, host, port string
}

func origin(u *url.URL) originOf {
	o := originOf{scheme: strings.ToLower(u.Scheme), host: strings.ToLower(u.Hostname()), port: u.Port()}
	if o.port == "" {
		switch o.scheme {
		case "https":
			o.port = "443"
		case "http":
			o.port = "80"
		}
	}
	return o
}

// same reports whether u has this origin.
func (o *originOf) same(u *url.URL) bool {
	return origin(u) == *o
}

func (o originOf) String() string {
	return o.scheme + "://" + net.JoinHostPort(o.host, o.port)
}
