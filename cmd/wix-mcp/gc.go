package main

import "runtime/debug"

// Garbage collector settings for a server whose live heap is small (a few
// MiB, plus about 66 KiB per open HTTP session) and whose per-call garbage
// is large relative to it (Wix answers, JSON encodings): with Go's default
// GOGC=100 the collector ran about a fifth of the CPU under load. A higher
// GOGC lets the heap grow further between collections, and the soft memory
// limit makes the collector work harder again before the heap nears it,
// so memory stays bounded. GOGC and GOMEMLIMIT in the environment win.
const (
	defaultGCPercent   = 400
	defaultMemoryLimit = 192 << 20
)

// tuneGC applies the defaults above unless the environment sets its own.
func tuneGC(getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(defaultGCPercent)
	}
	if getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(defaultMemoryLimit)
	}
}
