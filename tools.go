//go:build tools

// This file pins the versions of the code generator and linters in go.mod,
// so that `go generate` and `make lint` run the same tools on every machine.
package networking

import (
	_ "github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen"
)
