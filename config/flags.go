package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/wix-mcp/wix-mcp/internal/closest"
)

// FlagError is a command line that does not parse, said in one line: the
// flag that is wrong and, for an unknown one, the closest known flag.
type FlagError struct{ msg string }

func (e *FlagError) Error() string { return e.msg }

// ParseFlags parses args with fs without printing anything: it returns
// flag.ErrHelp when help was asked for, a *FlagError for a mistake, or nil.
// Package flag alone prints the error and then the whole usage, which
// buries the one line that matters.
func ParseFlags(fs *flag.FlagSet, args []string) error {
	out := fs.Output()
	fs.SetOutput(io.Discard)
	defer fs.SetOutput(out)
	fs.Usage = func() {} // printed by the caller when help is asked for
	err := fs.Parse(args)
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return err
	}
	return &FlagError{msg: describeFlagError(fs, err.Error())}
}

// describeFlagError rewords package flag's messages (which use a single
// dash and say "not defined") for people, with a "did you mean" hint.
func describeFlagError(fs *flag.FlagSet, msg string) string {
	help := fmt.Sprintf("run %s --help for the flags", fs.Name())
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: "); ok {
		name = strings.TrimLeft(name, "-")
		var names []string
		fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
		if near := closest.Word(name, names); near != "" {
			return fmt.Sprintf("unknown flag --%s; did you mean --%s?", name, near)
		}
		lower := strings.ToLower(name)
		if strings.Contains(lower, "key") || strings.Contains(lower, "token") {
			return fmt.Sprintf("unknown flag --%s: keys and tokens are never flags (they would show in process listings); set %s, or name a key file in the --config file", name, EnvAPIKey)
		}
		return fmt.Sprintf("unknown flag --%s; %s", name, help)
	}
	if name, ok := strings.CutPrefix(msg, "flag needs an argument: "); ok {
		return fmt.Sprintf("flag --%s needs a value, e.g. --%s=VALUE", strings.TrimLeft(name, "-"), strings.TrimLeft(name, "-"))
	}
	// "invalid value ... for flag -x: ..." and the like: one line as is,
	// with the double dash people type.
	return strings.Replace(msg, " -", " --", 1) + "; " + help
}
