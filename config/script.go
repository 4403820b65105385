package config

import (
	"strconv"
	"time"
)

// ScriptLimits bound one run of the run_wix_script tool.
type ScriptLimits struct {
	// WallTime bounds a run from start to result; time spent waiting for a
	// person to answer a confirmation does not count.
	WallTime time.Duration
	// MaxCalls bounds the Wix calls of one run; later calls are refused.
	MaxCalls int
	// MaxInFlight bounds the calls of one run waiting for Wix at once;
	// more wait their turn (Promise.all still works).
	MaxInFlight int
	// MaxReadBytes bounds the bytes of Wix answers one run reads; calls
	// after the budget is spent are refused.
	MaxReadBytes int64
	// MaxScriptBytes bounds the script's source.
	MaxScriptBytes int
	// MaxConsoleBytes bounds the console.log output kept for the result.
	MaxConsoleBytes int
	// MaxHeapBytes is the server's Go heap size at which scripts running
	// JavaScript are stopped, the backstop against huge allocations.
	MaxHeapBytes uint64
}

// Defaults of ScriptLimits.
const (
	DefaultScriptWallTime        = 60 * time.Second
	DefaultScriptMaxCalls        = 200
	DefaultScriptMaxInFlight     = 8
	DefaultScriptMaxReadBytes    = 64 << 20
	DefaultScriptMaxScriptBytes  = 64 << 10
	DefaultScriptMaxConsoleBytes = 8 << 10
	DefaultScriptMaxHeapBytes    = 512 << 20
)

// DefaultScriptLimits returns the limits with every default.
func DefaultScriptLimits() ScriptLimits {
	return ScriptLimits{
		WallTime: DefaultScriptWallTime, MaxCalls: DefaultScriptMaxCalls, MaxInFlight: DefaultScriptMaxInFlight,
		MaxReadBytes: DefaultScriptMaxReadBytes, MaxScriptBytes: DefaultScriptMaxScriptBytes,
		MaxConsoleBytes: DefaultScriptMaxConsoleBytes, MaxHeapBytes: DefaultScriptMaxHeapBytes,
	}
}

// WithDefaults returns l with every zero field set to its default.
func (l ScriptLimits) WithDefaults() ScriptLimits {
	d := DefaultScriptLimits()
	if l.WallTime <= 0 {
		l.WallTime = d.WallTime
	}
	if l.MaxCalls <= 0 {
		l.MaxCalls = d.MaxCalls
	}
	if l.MaxInFlight <= 0 {
		l.MaxInFlight = d.MaxInFlight
	}
	if l.MaxReadBytes <= 0 {
		l.MaxReadBytes = d.MaxReadBytes
	}
	if l.MaxScriptBytes <= 0 {
		l.MaxScriptBytes = d.MaxScriptBytes
	}
	if l.MaxConsoleBytes <= 0 {
		l.MaxConsoleBytes = d.MaxConsoleBytes
	}
	if l.MaxHeapBytes == 0 {
		l.MaxHeapBytes = d.MaxHeapBytes
	}
	return l
}

// scriptSettings are the settings of ScriptLimits, part of the settings table.
var scriptSettings = []setting{
	{flag: "script-timeout", env: "WIX_MCP_SCRIPT_TIMEOUT", yaml: "script_timeout", def: DefaultScriptWallTime.String(),
		usage: "wall time of one run_wix_script run (time waiting for a person's confirmation excluded)",
		apply: func(c *Config, v string) error { return positiveDuration(&c.Script.WallTime, v) }},
	{flag: "script-max-calls", env: "WIX_MCP_SCRIPT_MAX_CALLS", yaml: "script_max_calls", def: strconv.Itoa(DefaultScriptMaxCalls),
		usage: "most Wix calls one run_wix_script run may make",
		apply: func(c *Config, v string) error { return intAtLeast(&c.Script.MaxCalls, v, 1) }},
	{flag: "script-max-in-flight", env: "WIX_MCP_SCRIPT_MAX_IN_FLIGHT", yaml: "script_max_in_flight", def: strconv.Itoa(DefaultScriptMaxInFlight),
		usage: "most Wix calls of one run waiting for an answer at once",
		apply: func(c *Config, v string) error { return intAtLeast(&c.Script.MaxInFlight, v, 1) }},
	{flag: "script-max-read-bytes", env: "WIX_MCP_SCRIPT_MAX_READ_BYTES", yaml: "script_max_read_bytes", def: strconv.Itoa(DefaultScriptMaxReadBytes),
		usage: "most bytes of Wix answers one run may read",
		apply: func(c *Config, v string) error {
			var n int
			err := intAtLeast(&n, v, 1024)
			c.Script.MaxReadBytes = int64(n)
			return err
		}},
	{flag: "script-max-bytes", env: "WIX_MCP_SCRIPT_MAX_BYTES", yaml: "script_max_bytes", def: strconv.Itoa(DefaultScriptMaxScriptBytes),
		usage: "longest script run_wix_script accepts, in bytes",
		apply: func(c *Config, v string) error { return intAtLeast(&c.Script.MaxScriptBytes, v, 64) }},
	{flag: "script-max-console-bytes", env: "WIX_MCP_SCRIPT_MAX_CONSOLE_BYTES", yaml: "script_max_console_bytes", def: strconv.Itoa(DefaultScriptMaxConsoleBytes),
		usage: "console.log output of one run kept for its result, in bytes",
		apply: func(c *Config, v string) error { return intAtLeast(&c.Script.MaxConsoleBytes, v, 256) }},
	{flag: "script-max-heap-bytes", env: "WIX_MCP_SCRIPT_MAX_HEAP_BYTES", yaml: "script_max_heap_bytes", def: strconv.Itoa(DefaultScriptMaxHeapBytes),
		usage: "server heap size at which running scripts are stopped (the backstop against huge allocations)",
		apply: func(c *Config, v string) error {
			var n int
			err := intAtLeast(&n, v, 64<<20)
			c.Script.MaxHeapBytes = uint64(n) //nolint:gosec // G115: at least 64 MiB, so positive
			return err
		}},
}
