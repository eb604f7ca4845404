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
	// Operations are the upstream operationIds the fragment keeps, one a line.
	Operations []string `yaml:"operations"`
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
	// KeepExtensions lists the x-* keywords kept; every other is dropped.
	KeepExtensions []string `yaml:"keep-extensions"`
	// ServerFilled are the extensions set on every read-only schema that is
	// not nullable (a property or a component): what the server fills in.
	// They tell oapi-codegen to type those as plain values, not pointers
	// (see serverFilled); other tools ignore x-* keywords.
	ServerFilled map[string]any `yaml:"server-filled"`
	// Deviations change the fragment where it must differ from upstream.
	Deviations []Deviation `yaml:"deviations"`
	// Descriptions is the file of our texts (gen/descriptions.yaml),
	// relative to this configuration; without it the fragment has none.
	Descriptions string `yaml:"descriptions"`
	// Texts is what Descriptions holds, read by LoadConfig.
	Texts *Descriptions `yaml:"-"`
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
	var cfg Config
	dec := yaml.NewDecoder(bytesReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&cfg); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if err := cfg.check(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if cfg.Descriptions != "" {
		texts, err := loadDescriptions(filepath.Join(filepath.Dir(path), cfg.Descriptions))
		if err != nil {
			return nil, fmt.Errorf("%s: descriptions: %w", path, err)
		}
		cfg.Texts = texts
	}
	return &cfg, nil
}

func (c *Config) check() error {
	if len(c.Operations) == 0 {
		return fmt.Errorf("operations: list at least one operationId")
	}
	seen := map[string]bool{}
	for _, op := range c.Operations {
		if seen[op] {
			return fmt.Errorf("operations: %s is listed twice", op)
		}
		seen[op] = true
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
