package normalize

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"
	"strings"
)

const (
	schemaPrefix   = "#/components/schemas/"
	responsePrefix = "#/components/responses/"
	paramPrefix    = "#/components/parameters/"
)

// normalizer is the state the passes (passes.go) share while they turn the
// upstream documents into the fragment: they keep the configured
// operations, write every body as one named schema (the overlays' required
// lists merged in), unwrap and drop the allOf overlays that only wrap a
// $ref or carry examples, name the parameters and error answers, and emit
// only the components reachable from what they keep.
type normalizer struct {
	cfg     *Config
	trees   map[string]map[string]any // every document, decoded, by name
	sources []source                  // every document, in order

	paths           map[string]any // the fragment's paths (select operations)
	applied         []Deviation    // the deviations applied (deviations)
	out             map[string]any // the fragment (assemble)
	missing, unused []string       // what descriptions lack and hold in vain (describe)

	// The document being read: its name, tree and components.
	doc      string
	up       map[string]any
	upSchema map[string]any  // upstream components.schemas
	upResp   map[string]any  // upstream components.responses
	names    map[string]bool // every document's schema names, renamed

	schemas    map[string]any    // fragment schemas, by fragment name
	origin     map[string]string // fragment schema name -> where it was made
	pending    []string          // upstream schema names still to emit
	emitted    map[string]bool   // upstream schema names emitted
	required   map[string]reqSet // overlay required lists for a component
	params     map[string]any
	responses  map[string]any
	respFrom   map[string]string // fragment response name -> where it was made
	tags       map[string]bool
	tagList    []any
	schemes    map[string]bool
	secSchemes map[string]any    // kept security schemes, by name
	secFrom    map[string]string // where each was read
	shared     map[string]any    // servers and security, which every document must share
	sharedFrom map[string]string
	errs       []string
}

// reqSet is a required list an overlay puts on a component, and where.
type reqSet struct {
	names []string
	at    string
}

// Normalize derives the fragment from the upstream documents' bytes, by
// configured document name. withDeviations false leaves out the configured
// deviations: that fragment must say exactly what upstream says (the drift
// test checks it).
func Normalize(cfg *Config, upstream map[string][]byte, withDeviations bool) ([]byte, error) {
	r, err := Derive(cfg, upstream, withDeviations)
	if err != nil {
		return nil, err
	}
	return r.Fragment, nil
}

// Result is a derived fragment and what is still to be written for it.
type Result struct {
	Fragment []byte
	// Undescribed lists the places of the fragment that gen/descriptions.yaml
	// has no text for, as its keys ("schemas: ListMeta.first").
	Undescribed []string
	// Unused lists the keys of gen/descriptions.yaml that match nothing in
	// the fragment (a typo, or a part the fragment no longer has).
	Unused []string
}

// Derive is Normalize, with the descriptions still missing and unused.
// Upstream's prose never reaches the fragment: every description, summary
// and title is dropped, and ours (cfg.Texts) are set in their place. It
// runs the passes (passes.go) in their order and stops after the first
// that finds something it cannot do.
func Derive(cfg *Config, upstream map[string][]byte, withDeviations bool) (*Result, error) {
	n, err := newNormalizer(cfg, upstream)
	if err != nil {
		return nil, err
	}
	for _, p := range passes(withDeviations) {
		p.run(n)
		if len(n.errs) > 0 {
			slices.Sort(n.errs)
			return nil, fmt.Errorf("cannot normalize (%s):\n  %s", p.name, strings.Join(slices.Compact(n.errs), "\n  "))
		}
	}
	out, err := encode(n.out, header(n.sources, n.applied, n.cfg.UnionKindAliases))
	if err != nil {
		return nil, err
	}
	return &Result{Fragment: out, Undescribed: n.missing, Unused: n.unused}, nil
}

// newNormalizer decodes every configured document.
func newNormalizer(cfg *Config, upstream map[string][]byte) (*normalizer, error) {
	n := &normalizer{
		cfg: cfg, trees: map[string]map[string]any{}, paths: map[string]any{},
		schemas: map[string]any{}, origin: map[string]string{}, names: map[string]bool{},
		required: map[string]reqSet{}, params: map[string]any{}, responses: map[string]any{},
		respFrom: map[string]string{}, secSchemes: map[string]any{}, secFrom: map[string]string{},
		shared: map[string]any{}, sharedFrom: map[string]string{},
	}
	for _, d := range cfg.Documents {
		raw, ok := upstream[d.Name]
		if !ok {
			return nil, fmt.Errorf("document %s: not given", d.Name)
		}
		up, err := decode(raw)
		if err != nil {
			return nil, fmt.Errorf("document %s: %w", d.Name, err)
		}
		n.trees[d.Name] = up
		sum := sha256.Sum256(raw)
		n.sources = append(n.sources, source{name: d.Name, file: d.File, version: asString(asMap(up["info"])["version"]), sha256: hex.EncodeToString(sum[:])})
		for upName := range asMap(asMap(up["components"])["schemas"]) {
			n.names[n.rename(upName)] = true
		}
	}
	return n, nil
}

func header(sources []source, applied []Deviation, aliases *KindAliases) string {
	var b strings.Builder
	b.WriteString("Code generated by gen/normalize from the documents in spec/upstream/\n")
	b.WriteString("and gen/normalize.yaml; its texts are ours, from gen/descriptions.yaml.\n")
	b.WriteString("DO NOT EDIT: change the configuration or the texts and run make generate.\n")
	b.WriteString("Upstream sha256:\n")
	for _, s := range sources {
		fmt.Fprintf(&b, "  %s %s\n", s.sha256, s.file)
	}
	if aliases != nil && aliases.Prefix != "" {
		fmt.Fprintf(&b, "\nEvery discriminator mapping also maps %s<Schema> to <Schema>:\n", aliases.Prefix)
		b.WriteString(wrap(aliases.Reason, "  ", 78))
	}
	if len(applied) > 0 {
		b.WriteString("\nDeliberate deviations from upstream:\n")
		for _, d := range applied {
			fmt.Fprintf(&b, "- %s: set %s.\n", d.Schema, strings.Join(slices.Sorted(maps.Keys(d.Set)), ", "))
			b.WriteString(wrap(d.Reason, "  ", 78))
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

// wrap breaks text into lines of at most width characters, each indented.
func wrap(text, indent string, width int) string {
	var b strings.Builder
	line := indent
	for _, word := range strings.Fields(text) {
		if len(line) > len(indent) && len(line)+1+len(word) > width {
			b.WriteString(line + "\n")
			line = indent
		}
		if len(line) > len(indent) {
			line += " "
		}
		line += word
	}
	if len(line) > len(indent) {
		b.WriteString(line + "\n")
	}
	return b.String()
}

func (n *normalizer) fail(format string, args ...any) {
	if n.doc != "" {
		format = n.doc + ": " + format
	}
	n.errs = append(n.errs, fmt.Sprintf(format, args...))
}

// info names the fragment's version after its sources: the first
// document's version, and the digest of every document's digest.
func (n *normalizer) info(sources []source) map[string]any {
	all := sha256.New()
	var list []any
	for _, s := range sources {
		all.Write([]byte(s.sha256))
		list = append(list, map[string]any{"document": s.name, "version": s.version, "sha256": s.sha256})
	}
	digest := hex.EncodeToString(all.Sum(nil))
	return map[string]any{
		"title":       n.cfg.Info.Title,
		"description": n.cfg.Info.Description,
		"version":     sources[0].version + "+upstream." + digest[:12],
		"x-upstream":  list,
	}
}

// meaning is a tree's canonical spelling without descriptions, which say
// the same thing in different words from one operation to the next.
func meaning(v any) string {
	return canonical(stripKeys(clone(v), "description"))
}

func stripKeys(v any, keys ...string) any {
	switch x := v.(type) {
	case map[string]any:
		for _, k := range keys {
			delete(x, k)
		}
		for _, e := range x {
			stripKeys(e, keys...)
		}
	case []any:
		for _, e := range x {
			stripKeys(e, keys...)
		}
	}
	return v
}
