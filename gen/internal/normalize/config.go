package normalize

import (
	"fmt"
	"os"
	"path/filepath"

	"go.yaml.in/yaml/v3"
)

// Config is gen/normalize.yaml: what the fragment keeps of upstream, the
// names it gives to what upstream leaves unnamed, and every deliberate
// deviation from upstream with its reason.
type Config struct {
	// Info is the fragment's title and description (ours, not upstream's).
	Info struct {
		Title       string `yaml:"title"`
		Description string `yaml:"description"`
	} `yaml:"info"`
	// UpstreamDir is the folder of the vendored upstream documents,
	// relative to this configuration.
	UpstreamDir string `yaml:"upstream-dir"`
	// Documents are the upstream documents the fragment is derived from, in
	// order, each with the operations kept of it. Components that several
	// of them declare must agree.
	Documents []Document `yaml:"documents"`
	// StripPrefix is taken off upstream component names (networking.v1.Network
	// becomes Network).
	StripPrefix string `yaml:"strip-prefix"`
	// OperationPrefix is taken off an operationId after its verb to name the
	// resource (createNetworkingV1Network: Network).
	OperationPrefix string `yaml:"operation-prefix"`
	// Rename maps an upstream component name (schema or response) to the
	// fragment's name, where stripping the prefix is not enough.
	Rename map[string]string `yaml:"rename"`
	// Parameters names the parameter components: "in name" (or
	// "operationId:in name" for one operation) to a component name. Without
	// an entry, a parameter is named by rule (see parameterName).
	Parameters map[string]string `yaml:"parameters"`
	// PerResource lists parameters ("in name") named after their
	// operation's resource always (query page_size: GatewaysPageSize), so
	// that one document bounding it differently never renames another's.
	PerResource []string `yaml:"per-resource"`
	// KeepExtensions lists the x-* keywords kept; every other is dropped.
	KeepExtensions []string `yaml:"keep-extensions"`
	// ServerFilled are the extensions set on every read-only schema that is
	// not nullable (a property or a component): what the server fills in.
	// They tell oapi-codegen to type those as plain values, not pointers
	// (see serverFilled); other tools ignore x-* keywords.
	ServerFilled map[string]any `yaml:"server-filled"`
	// UnionKindAliases, when set, maps every union's kinds in a second
	// spelling too (kindaliases.go); drift knows them as declared.
	UnionKindAliases *KindAliases `yaml:"union-kind-aliases"`
	// Deviations change the fragment where it must differ from upstream.
	Deviations []Deviation `yaml:"deviations"`
	// Descriptions is the file of our texts (gen/descriptions.yaml),
	// relative to this configuration; without it the fragment has none.
	Descriptions string `yaml:"descriptions"`
	// Texts is what Descriptions holds, read by LoadConfig.
	Texts *Descriptions `yaml:"-"`

	dir string // where the configuration is
}

// Path is where the document's vendored file is.
func (c *Config) Path(d *Document) string {
	return filepath.Join(c.relative(c.UpstreamDir), d.File)
}

// relative is a path the configuration gives, relative to it unless absolute.
func (c *Config) relative(p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(c.dir, p)
}

// ReadDocuments reads every configured document's vendored file, by name.
func (c *Config) ReadDocuments() (map[string][]byte, error) {
	out := map[string][]byte{}
	for i := range c.Documents {
		raw, err := os.ReadFile(c.Path(&c.Documents[i]))
		if err != nil {
			return nil, fmt.Errorf("document %s: %w", c.Documents[i].Name, err)
		}
		out[c.Documents[i].Name] = raw
	}
	return out, nil
}

// Document is one vendored upstream document and the operationIds the
// fragment keeps of it, one a line.
type Document struct {
	// Name names the document in messages (networking-gateway).
	Name string `yaml:"name"`
	// File is the document's file in UpstreamDir.
	File string `yaml:"file"`
	// Operations are the upstream operationIds kept of it.
	Operations []string `yaml:"operations"`
	// Rename names components of this document apart where they differ
	// from another document's of the same name (upstream name: fragment
	// name); it comes before the shared Rename.
	Rename map[string]string `yaml:"rename,omitempty"`
}

// Operations are the operationIds the fragment keeps, of every document,
// in the configured order.
func (c *Config) Operations() []string {
	var out []string
	for _, d := range c.Documents {
		out = append(out, d.Operations...)
	}
	return out
}

// Document is the configured document named name, or nil.
func (c *Config) Document(name string) *Document {
	for i := range c.Documents {
		if c.Documents[i].Name == name {
			return &c.Documents[i]
		}
	}
	return nil
}

// Deviation sets keywords of one component schema of the fragment, or of
// one of its properties when Property is given.
type Deviation struct {
	Schema   string         `yaml:"schema"`
	Property string         `yaml:"property,omitempty"`
	Set      map[string]any `yaml:"set"`
	Reason   string         `yaml:"reason"`
}

func LoadConfig(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	cfg := Config{dir: filepath.Dir(path)}
	dec := yaml.NewDecoder(bytesReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&cfg); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if err := cfg.check(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if cfg.Descriptions != "" {
		texts, err := loadDescriptions(cfg.relative(cfg.Descriptions))
		if err != nil {
			return nil, fmt.Errorf("%s: descriptions: %w", path, err)
		}
		cfg.Texts = texts
	}
	return &cfg, nil
}

func (c *Config) check() error {
	if len(c.Documents) == 0 {
		return fmt.Errorf("documents: list at least one upstream document")
	}
	seen, names := map[string]string{}, map[string]bool{}
	for i, d := range c.Documents {
		if d.Name == "" || d.File == "" {
			return fmt.Errorf("documents[%d]: give its name and file", i)
		}
		if names[d.Name] {
			return fmt.Errorf("documents: %s is listed twice", d.Name)
		}
		names[d.Name] = true
		if len(d.Operations) == 0 {
			return fmt.Errorf("documents[%d] (%s): list at least one operationId", i, d.Name)
		}
		for _, op := range d.Operations {
			if prev, ok := seen[op]; ok {
				return fmt.Errorf("documents: %s is listed twice (%s and %s)", op, prev, d.Name)
			}
			seen[op] = d.Name
		}
	}
	if a := c.UnionKindAliases; a != nil && (a.Prefix == "" || a.Reason == "") {
		return fmt.Errorf("union-kind-aliases: give the prefix and the reason")
	}
	for i, d := range c.Deviations {
		if d.Schema == "" || len(d.Set) == 0 {
			return fmt.Errorf("deviations[%d]: give the schema and what to set", i)
		}
		if d.Reason == "" {
			return fmt.Errorf("deviations[%d] (%s): every deviation needs a reason", i, d.Schema)
		}
	}
	return nil
}
