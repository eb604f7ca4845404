package networking

// The generator lives in its own module (gen/go.mod), so that neither it nor
// its dependencies enter the module graph of a program importing this one.
// First the fragment is derived from the vendored upstream documents that
// gen/normalize.yaml lists, then oapi-codegen types it: one package, api,
// whose package comment gen/pkgdoc writes in place of oapi-codegen's.
//go:generate go run -C gen ./normalize -config normalize.yaml -out ../spec/networking-v1.yaml
//go:generate go run -C gen github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen -config models.yaml ../spec/networking-v1.yaml
//go:generate go run -C gen ./stampkinds -models ../api/models.gen.go
//go:generate go run -C gen github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen -config client.yaml ../spec/networking-v1.yaml
//go:generate go run -C gen ./pkgdoc -dir ../api models.gen.go client.gen.go
//go:generate go run -C gen ./bounds -fragment ../spec/networking-v1.yaml -phases phases.yaml -out ../api/bounds.gen.go

// Then gen/handles writes what each collection's handle calls, from the
// fragment and the types oapi-codegen wrote: wrapper/handles.gen.go.
//go:generate go run -C gen ./handles -spec ../spec/networking-v1.yaml -models ../api/models.gen.go -out ../wrapper/handles.gen.go
