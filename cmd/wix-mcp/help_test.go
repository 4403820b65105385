package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestHelpListsCommandsAndFlags: every way of asking for help prints, on
// stdout with exit 0, every command with its line and the server's flags.
func TestHelpListsCommandsAndFlags(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"--help"}, {"-h"}, {"help"}, {"--sandbox", "--help"}} {
		code, out, stderr := runCmd(t, nil, args...)
		if code != exitOK || stderr != "" {
			t.Fatalf("%v: exit %d, stderr %q", args, code, stderr)
		}
		for _, c := range commands() {
			if !strings.Contains(out, "  "+c.name+" ") || !strings.Contains(out, c.summary) {
				t.Errorf("%v: help lacks command %s and its line", args, c.name)
			}
		}
		for _, want := range []string{"--sandbox ", "--config VALUE", "WIX_MCP_TRANSPORT", "wix-mcp help COMMAND"} {
			if !strings.Contains(out, want) {
				t.Errorf("%v: help lacks %q", args, want)
			}
		}
	}
}

// TestCommandHelp: wix-mcp help CMD and wix-mcp CMD --help print the same
// help for that command on stdout.
func TestCommandHelp(t *testing.T) {
	t.Parallel()
	want := map[string][]string{
		"doctor":  {"Usage: wix-mcp doctor", "--json", "--sandbox"},
		"setup":   {"Usage: wix-mcp setup", "claude-desktop", "--write", "--force", "--transport VALUE"},
		"catalog": {"Usage: wix-mcp catalog", "--search VALUE", "--limit VALUE"},
		"token":   {"Usage: wix-mcp token new NAME", "users:"},
		"version": {"wix-mcp " + version},
		"help":    {"Commands:"},
	}
	for _, c := range commands() {
		w, ok := want[c.name]
		if !ok {
			t.Errorf("command %s has no expected help here; add it", c.name)
			continue
		}
		code, viaHelp, stderr := runCmd(t, nil, "help", c.name)
		if code != exitOK || stderr != "" {
			t.Fatalf("help %s: exit %d, stderr %q", c.name, code, stderr)
		}
		code, viaFlag, _ := runCmd(t, nil, c.name, "--help")
		if code != exitOK || viaFlag != viaHelp {
			t.Errorf("%s --help (exit %d) differs from help %s:\n%s\n---\n%s", c.name, code, c.name, viaFlag, viaHelp)
		}
		for _, s := range w {
			if !strings.Contains(viaHelp, s) {
				t.Errorf("help %s lacks %q:\n%s", c.name, s, viaHelp)
			}
		}
	}
}

// TestMistakesAreOneLine: a mistyped flag or command is one line on
// stderr with the closest match, exit 2, and no usage dump.
func TestMistakesAreOneLine(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--sandox"}, "wix-mcp: unknown flag --sandox; did you mean --sandbox?\n"},
		{[]string{"doctr"}, "wix-mcp: unknown command doctr; did you mean doctor? (wix-mcp help lists the commands)\n"},
		{[]string{"setup", "vscode", "--redonly"}, "wix-mcp setup: unknown flag --redonly; did you mean --read-only?\n"},
		{[]string{"catalog", "--serch", "x"}, "wix-mcp catalog: unknown flag --serch; did you mean --search?\n"},
		{[]string{"doctor", "--sandox"}, "unknown flag --sandox; did you mean --sandbox?"},
		{[]string{"help", "stup"}, "wix-mcp help: unknown command stup; did you mean setup? (commands: doctor, setup, catalog, token, version, help)\n"},
	} {
		code, out, stderr := runCmd(t, nil, tc.args...)
		if code != exitConfig {
			t.Errorf("%v: exit %d, want %d", tc.args, code, exitConfig)
		}
		got := stderr
		if tc.args[0] == "doctor" {
			got = out // doctor reports problems in its report
		}
		if !strings.Contains(got, tc.want) {
			t.Errorf("%v: got %q, want %q", tc.args, got, tc.want)
		}
		if strings.Count(got, "unknown") != 1 || (tc.args[0] != "doctor" && strings.Contains(got, "invalid configuration")) || strings.Contains(stderr, "Usage") {
			t.Errorf("%v: want the mistake once, without usage:\n%s", tc.args, got)
		}
	}
}

// TestEmptyConfigurationExitsTwo: a file that configures nothing stops the
// server and fails doctor with exit 2 and what to add, instead of serving
// nothing or saying "Nothing to check."
func TestEmptyConfigurationExitsTwo(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "wix-mcp.yaml")
	if err := os.WriteFile(file, []byte("accounts: []\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCmd(t, nil, "--config", file)
	if code != exitConfig || !strings.Contains(stderr, "configures no account and no site") || !strings.Contains(stderr, "key_env") {
		t.Errorf("server: exit %d, %s", code, stderr)
	}
	code, out, _ := runCmd(t, nil, "doctor", "--config", file)
	if code != exitConfig || !strings.Contains(out, "configures no account and no site") || strings.Contains(out, "Nothing to check") {
		t.Errorf("doctor: exit %d, %s", code, out)
	}
}
