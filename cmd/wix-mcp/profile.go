//go:build pprof

package main

import (
	"os"
	"runtime/pprof"
)

// With the pprof build tag (go build -tags pprof), WIX_MCP_CPUPROFILE names
// a file that receives a CPU profile of the whole run, for finding where a
// benchmark's time goes. Release builds have no such hook.
func init() {
	path := os.Getenv("WIX_MCP_CPUPROFILE")
	if path == "" {
		return
	}
	f, err := os.Create(path) //nolint:gosec // G304: named by the person profiling
	if err != nil {
		return
	}
	if pprof.StartCPUProfile(f) != nil {
		return
	}
	stopProfile = func() { pprof.StopCPUProfile(); _ = f.Close() }
}
