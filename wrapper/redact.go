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
// echo is percent-encoded, JSON-escaped or in any base64 alphabet, padded
// or not. A run of secretRun or more characters of a secret (half of a
// shorter secret: see runFor) is blanked too, as when a token is shown
// less its first characters or a secret is echoed split across fields.
type redactor struct {
	secrets []string
	// pieces holds every run of run characters of the secrets long
	// enough to have one.
	pieces map[string]bool
	run    int
}

// minSecret is the shortest value treated as a secret: shorter ones would
// blank out ordinary words.
const minSecret = 4

// secretRun is the longest run of a secret's characters that must show
// to be blanked on its own: long enough that no ordinary text holds one by
// chance. For a secret shorter than twice that, the run is half the
// secret (never under minRun), so that a secret echoed in two halves, one
// per field, is blanked in both.
const secretRun = 16

// minRun is the shortest run of a secret's characters ever blanked alone.
const minRun = 8

// runFor is the run length for the given secrets: the shortest one's half,
// between minRun and secretRun.
func runFor(secrets []string) int {
	run := secretRun
	for _, s := range secrets {
		if len(s) >= minSecret {
			run = min(run, max(minRun, len(s)/2))
		}
	}
	return run
}

// encodings are the base64 alphabets a credential may be echoed in.
var encodings = []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding}

func newRedactor(authorization string) redactor {
	if authorization == "" {
		return redactor{}
	}
	secrets := []string{authorization}
	var whole []string // secrets whose every long run is secret too
	if scheme, token, ok := strings.Cut(authorization, " "); ok && token != "" {
		secrets = append(secrets, token)
		whole = append(whole, token)
		if strings.EqualFold(scheme, "basic") {
			if raw, err := base64.StdEncoding.DecodeString(token); err == nil {
				if _, pass, ok := strings.Cut(string(raw), ":"); ok && pass != "" {
					// The key id alone is not secret: the pair is blanked
					// whole, the secret also in part.
					secrets = append(secrets, string(raw), pass)
					whole = append(whole, pass)
					for _, enc := range encodings {
						whole = append(whole, enc.EncodeToString(raw), enc.EncodeToString([]byte(pass)))
					}
				}
			}
		}
	}
	r := redactSecrets(append(secrets, whole...)...)
	r.run = runFor(whole)
	for _, s := range whole {
		r.addPieces(s)
	}
	return r
}

// addPieces records every run of r.run characters of s.
func (r *redactor) addPieces(s string) {
	if r.run == 0 {
		r.run = secretRun
	}
	if len(s) < r.run {
		return
	}
	if r.pieces == nil {
		r.pieces = map[string]bool{}
	}
	for i := 0; i+r.run <= len(s); i++ {
		r.pieces[s[i:i+r.run]] = true
	}
}

// blankPieces blanks every run of s made of overlapping pieces of a
// secret: the longest stretch of a secret's characters that s holds.
func (r redactor) blankPieces(s string) string {
	if len(r.pieces) == 0 || len(s) < r.run {
		return s
	}
	var b strings.Builder
	last, end := 0, -1 // end: where the run being blanked ends
	for i := 0; i+r.run <= len(s); i++ {
		if !r.pieces[s[i:i+r.run]] {
			continue
		}
		if i > end { // a new run
			if end >= 0 {
				b.WriteString(redacted)
				last = end
			}
			b.WriteString(s[last:i])
		}
		end = i + r.run
	}
	if end < 0 {
		return s
	}
	b.WriteString(redacted)
	b.WriteString(s[end:])
	return b.String()
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
	if len(r.secrets) == 0 && len(r.pieces) == 0 || s == "" {
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
	return r.blankPieces(s)
}

func (r redactor) holds(s string) bool {
	for _, sec := range r.secrets {
		if strings.Contains(s, sec) {
			return true
		}
	}
	return r.blankPieces(s) != s
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
