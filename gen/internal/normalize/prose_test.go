package normalize

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sharedRun is how many characters in a row an our text may share with
// upstream's prose (after case and spacing are folded) before it counts as
// copied.
const sharedRun = 40

// upstreamProse holds upstream's texts for readers, folded, to compare
// ours against: their runs of sharedRun characters, and their sentences.
type upstreamProse struct {
	runs      map[string]bool
	sentences map[string]bool // folded, end punctuation trimmed
	long      []string        // the sentences of four words or more
}

var (
	spaces    = regexp.MustCompile(`\s+`)
	sentences = regexp.MustCompile(`[.!?:;]\s+|\n+`)
)

// identifier is a word that is a name, not prose: CamelCase
// (NetworkingV1PrivateLinkAttachmentConnection), dotted or snake_case. The
// same long names are upstream's and ours; fold leaves them out.
var identifier = regexp.MustCompile(`[A-Za-z0-9]*(?:[a-z0-9][A-Z]|[A-Za-z0-9][._][A-Za-z0-9])[A-Za-z0-9._]*`)

func fold(s string) string {
	s = identifier.ReplaceAllString(s, "#")
	return strings.TrimSpace(spaces.ReplaceAllString(strings.ToLower(s), " "))
}

func trimEnd(s string) string { return strings.TrimRight(s, " .!?:;,") }

// loadUpstreamProse gathers every description, summary and title of the
// upstream documents, and every text of their x-* extensions.
func loadUpstreamProse(t *testing.T, docs map[string][]byte) *upstreamProse {
	t.Helper()
	p := &upstreamProse{runs: map[string]bool{}, sentences: map[string]bool{}}
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				if s, ok := e.(string); ok && (slices.Contains(proseKeys, k) || strings.HasPrefix(k, "x-")) {
					p.add(s)
				}
				walk(e)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	for _, raw := range docs {
		up, err := decode(raw)
		require.NoError(t, err)
		walk(up)
	}
	p.long = slices.Sorted(maps.Keys(p.sentences))
	p.long = slices.DeleteFunc(p.long, func(s string) bool { return len(strings.Fields(s)) < 4 })
	require.Greater(t, len(p.runs), 1000, "upstream's prose was not found: the check would pass vacuously")
	return p
}

func (p *upstreamProse) add(text string) {
	f := fold(text)
	for i := 0; i+sharedRun <= len(f); i++ {
		p.runs[f[i:i+sharedRun]] = true
	}
	p.sentences[trimEnd(f)] = true
	for _, s := range sentences.Split(text, -1) {
		if s = trimEnd(fold(s)); s != "" {
			p.sentences[s] = true
		}
	}
}

// copied says what of text comes from upstream's prose, or "" when
// nothing does: the whole text or one of its sentences being one of
// upstream's, an upstream sentence of four words or more inside it, or a
// run of sharedRun characters in common.
func (p *upstreamProse) copied(text string) string {
	f := fold(text)
	if !strings.ContainsFunc(f, unicode.IsLetter) {
		return "" // names only
	}
	if p.sentences[trimEnd(f)] {
		return fmt.Sprintf("it is upstream's text %q", trimEnd(f))
	}
	for _, s := range sentences.Split(text, -1) {
		if s = trimEnd(fold(s)); len(strings.Fields(s)) >= 2 && p.sentences[s] {
			return fmt.Sprintf("its sentence %q is upstream's", s)
		}
	}
	for _, s := range p.long {
		if strings.Contains(f, s) {
			return fmt.Sprintf("it contains upstream's sentence %q", s)
		}
	}
	for i := 0; i+sharedRun <= len(f); i++ {
		if p.runs[f[i:i+sharedRun]] {
			return fmt.Sprintf("it shares %q with upstream", f[i:i+sharedRun])
		}
	}
	return ""
}

// fragmentProse lists every description, summary and title of a fragment
// by where it is (a JSON-pointer-like path).
func fragmentProse(doc any) map[string]string {
	out := map[string]string{}
	var walk func(v any, at string)
	walk = func(v any, at string) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				if s, ok := e.(string); ok && slices.Contains(proseKeys, k) {
					out[at+"/"+k] = s
				}
				walk(e, at+"/"+k)
			}
		case []any:
			for i, e := range x {
				walk(e, fmt.Sprintf("%s/%d", at, i))
			}
		}
	}
	walk(doc, "")
	return out
}

// goComments returns the comment blocks of the generated Go files, each
// joined into one text, by file and line.
func goComments(t *testing.T) map[string]string {
	t.Helper()
	files, err := filepath.Glob("../../../api/*.gen.go")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	out := map[string]string{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		var block []string
		start := 0
		for i, line := range strings.Split(string(data), "\n") {
			text, ok := strings.CutPrefix(strings.TrimSpace(line), "//")
			if ok {
				if len(block) == 0 {
					start = i + 1
				}
				block = append(block, text)
				continue
			}
			if len(block) > 0 {
				out[fmt.Sprintf("%s:%d", filepath.Base(f), start)] = strings.Join(block, "\n")
				block = nil
			}
		}
	}
	return out
}

// No text of the fragment, nor of the Go code generated from it, is
// upstream's prose: every one is ours, from gen/descriptions.yaml. A
// failure names the key to rewrite there (or, for a text that is not ours
// at all, where the normalizer let it through).
func TestNoUpstreamProse(t *testing.T) {
	cfg, raw := inputs(t)
	prose := loadUpstreamProse(t, raw)
	require.NotNil(t, cfg.Texts, "gen/normalize.yaml names no descriptions file")

	entries := cfg.Texts.Entries()
	for _, key := range slices.Sorted(maps.Keys(entries)) {
		if why := prose.copied(entries[key]); why != "" {
			t.Errorf("gen/descriptions.yaml %s: %s; write it in our own words", key, why)
		}
	}

	frag, err := os.ReadFile("../../../spec/networking-v1.yaml")
	require.NoError(t, err)
	doc, err := decode(frag)
	require.NoError(t, err)
	ours := map[string]bool{cfg.Info.Title: true, cfg.Info.Description: true}
	var filled []*regexp.Regexp // texts with an {enum} hole, as they read once filled
	for _, text := range entries {
		ours[text] = true
		if strings.Contains(text, enumHole) {
			filled = append(filled, regexp.MustCompile("^"+strings.ReplaceAll(regexp.QuoteMeta(text), regexp.QuoteMeta(enumHole), ".+")+"$"))
		}
	}
	isOurs := func(text string) bool {
		return ours[text] || slices.ContainsFunc(filled, func(re *regexp.Regexp) bool { return re.MatchString(text) })
	}
	// The texts an answer without one of ours gets.
	for code := 100; code < 600; code++ {
		ours[statusText(fmt.Sprint(code))] = true
	}
	for name := range asMap(asMap(doc["components"])["responses"]) {
		ours[name] = true
	}
	texts := fragmentProse(doc)
	require.NotEmpty(t, texts)
	for _, at := range slices.Sorted(maps.Keys(texts)) {
		text := texts[at]
		if why := prose.copied(text); why != "" {
			t.Errorf("spec/networking-v1.yaml %s: %s", at, why)
		}
		if !isOurs(text) {
			t.Errorf("spec/networking-v1.yaml %s: %q is not one of our texts (gen/descriptions.yaml); the normalizer let it through", at, text)
		}
	}

	for at, text := range goComments(t) {
		if why := prose.copied(text); why != "" {
			t.Errorf("api/%s: a doc comment: %s", at, why)
		}
	}
}

// The check finds what it looks for: an upstream description, one of its
// sentences in other words, and a long run of its characters.
func TestProseCheckFindsCopies(t *testing.T) {
	_, raw := inputs(t)
	prose := loadUpstreamProse(t, raw)
	up, err := decode(raw[main])
	require.NoError(t, err)
	upSchema := func(name string) string {
		return asString(asMap(asMap(asMap(up["components"])["schemas"])[name])["description"])
	}
	desc := upSchema("networking.v1.PrivateLinkAccessSpec")
	require.Equal(t, "The desired state of the Private Link Access", desc)
	assert.Contains(t, prose.copied(desc+"."), "is upstream's text")
	assert.Contains(t, prose.copied("Ours first. "+desc), "sentence")
	meta := upSchema("ObjectMeta")
	require.Greater(t, len(meta), 60)
	assert.Contains(t, prose.copied("Ours: "+strings.ToUpper(meta[4:50])+", said otherwise"), "shares")
	assert.Empty(t, prose.copied("The desired state of a private link access."))
	assert.Empty(t, prose.copied("Seconds until the current window resets, relative to now (not an epoch time)."))
}

// A key that matches nothing in the fragment is a typo or a leftover: the
// checked-in file has none. The places still without a text are listed
// (make undescribed) for someone to write.
func TestEveryDescriptionIsUsed(t *testing.T) {
	cfg, raw := inputs(t)
	r, err := Derive(cfg, raw, true)
	require.NoError(t, err)
	for _, k := range r.Unused {
		t.Errorf("gen/descriptions.yaml %s matches nothing in the fragment: fix or remove it", k)
	}
	t.Logf("%d text(s) of ours; %d place(s) without one (make undescribed lists them)", len(cfg.Texts.Entries()), len(r.Undescribed))

	cfg.Texts.Schemas["Gadget.size"] = "A stray key."
	r, err = Derive(cfg, raw, true)
	require.NoError(t, err)
	assert.Equal(t, []string{"schemas: Gadget.size"}, r.Unused)
}

// An operation added without texts gets none (an answer gets its status
// text), is listed as undescribed, and still carries no upstream prose.
func TestMissingTextsAreListedNotInvented(t *testing.T) {
	cfg, raw := inputs(t)
	prose := loadUpstreamProse(t, raw)
	// Every operation has its texts: take the network's away, as if its
	// operation had just been added.
	delete(cfg.Texts.Operations, "getNetworkingV1Network")
	for key := range cfg.Texts.Schemas {
		if key == "Network" || strings.HasPrefix(key, "Network.") {
			delete(cfg.Texts.Schemas, key)
		}
	}
	r, err := Derive(cfg, raw, true)
	require.NoError(t, err)
	assert.Contains(t, r.Undescribed, "operations: getNetworkingV1Network.summary")
	assert.Contains(t, r.Undescribed, "operations: getNetworkingV1Network.responses.200")
	assert.Contains(t, r.Undescribed, "schemas: Network")
	doc, err := decode(r.Fragment)
	require.NoError(t, err)
	op := asMap(asMap(asMap(doc["paths"])["/networking/v1/networks/{id}"])["get"])
	assert.NotContains(t, op, "summary")
	assert.NotContains(t, op, "description")
	assert.Equal(t, "OK.", asMap(asMap(op["responses"])["200"])["description"])
	texts := fragmentProse(doc)
	for _, at := range slices.Sorted(maps.Keys(texts)) {
		if why := prose.copied(texts[at]); why != "" {
			t.Errorf("%s: %s", at, why)
		}
	}
}
