package normalize

import (
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oapi-codegen/oapi-codegen/v2/pkg/codegen"
)

// goTypeName is the Go type name oapi-codegen gives a component schema
// under the name normalizer gen/models.yaml and gen/client.yaml configure
// (ToCamelCaseWithInitialisms): DNSRecord for DnsRecord, IPAddress for
// IpAddress. An x-go-type naming a schema's type must spell it so.
//
// oapi-codegen keeps its naming rules in package state that only
// codegen.Generate sets; generating from an empty document once sets them.
func goTypeName(schema string) string {
	goNamesOnce.Do(func() {
		_, goNamesErr = codegen.Generate(&openapi3.T{OpenAPI: "3.0.3", Info: &openapi3.Info{Title: "names", Version: "0"}, Paths: openapi3.NewPaths()},
			codegen.Configuration{
				PackageName:   "names",
				Generate:      codegen.GenerateOptions{Models: true},
				OutputOptions: codegen.OutputOptions{NameNormalizer: string(codegen.NameNormalizerFunctionToCamelCaseWithInitialisms)},
			})
	})
	if goNamesErr != nil {
		panic("oapi-codegen's naming rules: " + goNamesErr.Error())
	}
	return codegen.SchemaNameToTypeName(schema)
}

var (
	goNamesOnce sync.Once
	goNamesErr  error
)
