package wrapper

import (
	"runtime"
	"runtime/debug"
	"sync"
)

// modulePath is this module, as go.mod names it.
const modulePath = "github.com/ccloud-go/networking"

// userAgent is "ccloud-go-networking/VERSION (GOVERSION)", VERSION being
// the module's version in the program's build info: a release tag for a
// program that depends on it, "(devel)" when built inside this module,
// "unknown" without build info. It is worked out once.
var userAgent = sync.OnceValue(func() string {
	version := "unknown"
	if bi, ok := debug.ReadBuildInfo(); ok {
		version = moduleVersion(bi)
	}
	return "ccloud-go-networking/" + version + " (" + runtime.Version() + ")"
})

// moduleVersion finds this module's version in bi.
func moduleVersion(bi *debug.BuildInfo) string {
	if bi.Main.Path == modulePath && bi.Main.Version != "" {
		return bi.Main.Version
	}
	for _, dep := range bi.Deps {
		if dep.Path == modulePath {
			if dep.Replace != nil && dep.Replace.Version != "" {
				return dep.Replace.Version
			}
			if dep.Version != "" {
				return dep.Version
			}
		}
	}
	return "unknown"
}
