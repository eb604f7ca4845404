package wrapper

import (
	"encoding/base64"
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/ccloud-go/networking/api"
)

// redactor blanks out of server text the credentials a request carried,
// in case the server echoes them: the Authorization value, its token, and
// for basic auth the decoded key:secret and the secret alone, also when the
// echo is percent-encoded or JSON-escaped.
type redactor struct{ secrets []string }

// minSecret is the shortest value treated as a secret: shorter ones would
// blank out ordinary words.
const minSecret = 4

func newRedactor(authorization string) redactor {
	if authorization == "" {
		return redactor{}
	}
	secrets := []string{authorization}
	if scheme, token, ok := strings.Cut(authorization, " "); ok && token != "" {
		secrets = append(secrets, token)
		if strings.EqualFold(scheme, "basic") {
			if raw, err := base64.StdEncoding.DecodeString(token); err == nil {
				if _, pass, ok := strings.Cut(string(raw), ":"); ok && pass != "" {
					secrets = append(secrets, string(raw), pass)
				}
			}
		}
	}
	return redactSecrets(secrets...)
}

// redactSecrets blanks out the given secrets and their encoded forms.
func redactSecrets(secrets ...string) redactor {
	var r redactor
	for _, s := range secrets {
		if len(s) < minSecret {
			continue
		}
		r.secrets = append(r.secrets, s, url.QueryEscape(s), url.PathEscape(s))
		if j, err := json.Marshal(s); err == nil {
			r.secrets = append(r.secrets, string(j[1:len(j)-1]))
		}
	}
	return r
}

// text returns s with every credential blanked out. Where an echo hides
// behind percent-encoding or JSON escapes, the decoded text is returned,
// blanked.
func (r redactor) text(s string) string {
	if len(r.secrets) == 0 || s == "" {
		return s
	}
	for range 3 { // an echo may be encoded more than once
		decoded := false
		for _, d := range []string{unescapeJSON(s), percentDecode(s), percentDecode(unescapeJSON(s))} {
			if d != s && r.holds(d) {
				s, decoded = d, true
				break
			}
		}
		if !decoded {
			break
		}
	}
	for _, sec := range r.secrets {
		s = strings.ReplaceAll(s, sec, redacted)
	}
	return s
}

func (r redactor) holds(s string) bool {
	for _, sec := range r.secrets {
		if strings.Contains(s, sec) {
			return true
		}
	}
	return false
}

// failure blanks credentials out of every text of a Failure entry.
func (r redactor) failure(fe *api.Error) {
	if len(r.secrets) == 0 {
		return
	}
	for _, p := range []*string{fe.Code, fe.Title, fe.Detail, fe.ID, fe.Status} {
		if p != nil {
			*p = r.text(*p)
		}
	}
	if fe.Source != nil {
		for _, p := range []*string{fe.Source.Pointer, fe.Source.Parameter} {
			if p != nil {
				*p = r.text(*p)
			}
		}
	}
}

func percentDecode(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	if d, err := url.QueryUnescape(s); err == nil {
		return d
	}
	if d, err := url.PathUnescape(s); err == nil {
		return d
	}
	return s
}

// unescapeJSON undoes the escapes a JSON string may hold (\" \\ \/ \b \f
// \n \r \t \uXXXX) wherever they stand in s, leaving anything else alone.
func unescapeJSON(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 == len(s) {
			b.WriteByte(c)
			continue
		}
		switch e := s[i+1]; e {
		case '"', '\\', '/':
			b.WriteByte(e)
			i++
		case 'b':
			b.WriteByte('\b')
			i++
		case 'f':
			b.WriteByte('\f')
			i++
		case 'n':
			b.WriteByte('\n')
			i++
		case 'r':
			b.WriteByte('\r')
			i++
		case 't':
			b.WriteByte('\t')
			i++
		case 'u':
			if i+6 <= len(s) {
				if n, err := strconv.ParseUint(s[i+2:i+6], 16, 32); err == nil {
					r := rune(n)
					if utf8.ValidRune(r) {
						b.WriteRune(r)
					}
					i += 5
					continue
				}
			}
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
