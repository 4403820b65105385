package config

import (
	"io"
	"strings"
	"testing"
	"time"
)

// TestScriptLimits sets each limit by flag, environment and YAML, checks
// the defaults, and refuses values that make no sense.
func TestScriptLimits(t *testing.T) {
	t.Parallel()
	c, err := Load([]string{"--sandbox"}, envOf(nil), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.Script != DefaultScriptLimits() {
		t.Errorf("defaults = %+v, want %+v", c.Script, DefaultScriptLimits())
	}
	file := writeFile(t, "c.yaml", "script_timeout: 5s\nscript_max_calls: 7\nscript_max_in_flight: 2\nscript_max_read_bytes: 4096\nscript_max_bytes: 1000\nscript_max_console_bytes: 300\nscript_max_heap_bytes: 134217728\n", 0o600)
	c, err = Load([]string{"--sandbox", "--config", file, "--script-max-calls", "9"}, envOf(map[string]string{"WIX_MCP_SCRIPT_MAX_IN_FLIGHT": "3"}), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	want := ScriptLimits{WallTime: 5 * time.Second, MaxCalls: 9, MaxInFlight: 3, MaxReadBytes: 4096, MaxScriptBytes: 1000, MaxConsoleBytes: 300, MaxHeapBytes: 128 << 20}
	if c.Script != want {
		t.Errorf("limits = %+v, want %+v (flag over env over file)", c.Script, want)
	}
	for _, bad := range [][]string{
		{"--script-timeout", "0s"}, {"--script-max-calls", "0"}, {"--script-max-in-flight", "-1"},
		{"--script-max-read-bytes", "10"}, {"--script-max-bytes", "1"}, {"--script-max-console-bytes", "x"}, {"--script-max-heap-bytes", "1000"},
	} {
		if _, err := Load(append([]string{"--sandbox"}, bad...), envOf(nil), io.Discard); err == nil || !strings.Contains(err.Error(), bad[0]) {
			t.Errorf("%v: want an error naming the flag, got %v", bad, err)
		}
	}
	if got := (ScriptLimits{MaxCalls: 5}).WithDefaults(); got.MaxCalls != 5 || got.WallTime != DefaultScriptWallTime || got.MaxHeapBytes != DefaultScriptMaxHeapBytes {
		t.Errorf("WithDefaults = %+v", got)
	}
}
