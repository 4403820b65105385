package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"strings"

	"github.com/wix-mcp/wix-mcp/wixclient"
)

// Error lists every problem found in a configuration, one line each, saying
// which field, what is wrong and what to do.
type Error struct {
	Problems []string
}

func (e *Error) Error() string { return strings.Join(e.Problems, "\n") }

func (e *Error) addf(format string, args ...any) {
	e.Problems = append(e.Problems, fmt.Sprintf(format, args...))
}

// Environment reads environment variables; os.Getenv in production.
type Environment func(key string) string

// Quick-setup environment variables.
const (
	EnvAPIKey    = "WIX_API_KEY"
	EnvAccountID = "WIX_ACCOUNT_ID"
	EnvSiteID    = "WIX_SITE_ID"
	EnvHTTPToken = "WIX_MCP_HTTP_TOKEN"
)

// NewFlagSet returns the flag set Load parses, for usage output.
func NewFlagSet(name string, out io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(out)
	for _, s := range settings {
		usage := s.usage + " (env " + s.env
		if s.yaml != "" {
			usage += ", YAML " + s.yaml
		}
		usage += ")"
		if s.bool {
			fs.Bool(s.flag, s.def == "true", usage)
		} else {
			fs.String(s.flag, s.def, usage)
		}
	}
	return fs
}

// Load builds the configuration from args (without the program name), the
// environment and the YAML file they name. It returns a *Error listing every
// problem, a *FlagError when the command line does not parse, or
// flag.ErrHelp when -h was asked for, after printing the flags to usageOut.
func Load(args []string, getenv Environment, usageOut io.Writer) (*Config, error) {
	fs := NewFlagSet("wix-mcp", usageOut)
	if err := ParseFlags(fs, args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.PrintDefaults()
		}
		return nil, err
	}
	problems := &Error{}
	if fs.NArg() > 0 {
		// The argument is not echoed: a key pasted on the command line must
		// not reach logs through this message.
		problems.addf("unexpected positional argument (not shown, in case it is a key): options are flags (wix-mcp -h), and keys come only from the environment or files")
	}
	setFlags := map[string]string{}
	fs.Visit(func(f *flag.Flag) { setFlags[f.Name] = f.Value.String() })

	c := &Config{}
	// The config file is needed first: it supplies values to other settings.
	configFile := pick(settings[0], setFlags, getenv, nil)
	var file *fileConfig
	if configFile != "" {
		var fileProblems []string
		file, fileProblems = readFile(configFile)
		for _, p := range fileProblems {
			problems.addf("config file %s: %s", configFile, p)
		}
	}
	var fileValues map[string]string
	var fileLines map[string]int
	if file != nil {
		fileValues, fileLines = file.settings, file.lines
	}
	for _, s := range settings {
		v := pick(s, setFlags, getenv, fileValues)
		if v == "" && s.def == "" {
			continue
		}
		if err := s.apply(c, v); err != nil {
			problems.addf("%s: %v", describe(s, setFlags, getenv, fileValues, fileLines), err)
		}
	}
	c.HTTP.Token = Secret(strings.TrimSpace(getenv(EnvHTTPToken)))
	if raw := getenv(EnvHTTPToken); raw != "" && placeholder(raw) {
		problems.addf("%s", placeholderProblem(EnvHTTPToken))
	}

	if c.SandboxState != "" && !c.Sandbox {
		c.Warnings = append(c.Warnings, "--sandbox-state is ignored without --sandbox")
	}
	if c.Sandbox {
		if file != nil || getenv(EnvAPIKey) != "" {
			c.Warnings = append(c.Warnings, "sandbox mode: the configured accounts, sites and keys are ignored; the built-in Wix emulator is used")
		}
	} else if file != nil {
		if getenv(EnvAPIKey) != "" {
			c.Warnings = append(c.Warnings, "WIX_API_KEY is ignored because a config file is used; reference it from the file with key_env: WIX_API_KEY")
		}
		file.resolve(c, getenv, problems)
		if len(c.Accounts) == 0 && len(c.Sites) == 0 && len(problems.Problems) == 0 {
			problems.addf("config file %s configures no account and no site, so wix-mcp could reach nothing: "+
				"add an entry under accounts: (name, id and key_env or key_file) or under sites: (alias, id, and account or key_env); "+
				"to try wix-mcp without a Wix account, run it with --sandbox", configFile)
		}
	} else if configFile == "" {
		quickSetup(c, getenv, problems)
	}
	validate(c, problems)
	validateUsers(c, problems)
	validateReplicas(c, setFlags, problems)
	if c.HTTP.UnsafeNoAuth && c.Transport != TransportStdio && !IsLoopbackAddr(c.Addr) {
		problems.addf("--unsafe-no-auth is refused with a --addr that is not a loopback address: serving without a token is allowed only on one such as 127.0.0.1:8080")
	}
	if len(problems.Problems) > 0 {
		return nil, problems
	}
	return c, nil
}

// pick returns a setting's raw value by precedence: flag, environment, file,
// default.
func pick(s setting, setFlags map[string]string, getenv Environment, file map[string]string) string {
	if v, ok := setFlags[s.flag]; ok {
		return v
	}
	if v := strings.TrimSpace(getenv(s.env)); v != "" {
		return v
	}
	if s.flag == "base-url" {
		if v := strings.TrimSpace(getenv("WIX_MCP_BASE_URL")); v != "" {
			return v
		}
	}
	if v, ok := file[s.yaml]; ok && s.yaml != "" {
		return v
	}
	return s.def
}

// describe names where a bad value came from, so the message says what to fix.
func describe(s setting, setFlags map[string]string, getenv Environment, file map[string]string, lines map[string]int) string {
	switch {
	case setFlags[s.flag] != "":
		return "--" + s.flag
	case strings.TrimSpace(getenv(s.env)) != "":
		return s.env
	case s.yaml != "" && file[s.yaml] != "":
		return fmt.Sprintf("config file line %d, %s", lines[s.yaml], s.yaml)
	}
	return "--" + s.flag
}

// quickSetup configures one account (and optionally one pinned site) from
// WIX_API_KEY, WIX_ACCOUNT_ID and WIX_SITE_ID.
func quickSetup(c *Config, getenv Environment, problems *Error) {
	key := strings.TrimSpace(getenv(EnvAPIKey))
	accountID := strings.TrimSpace(getenv(EnvAccountID))
	siteID := strings.TrimSpace(getenv(EnvSiteID))
	// A variable that is set but holds a placeholder, or only blanks, is a
	// client that did not substitute it: say so instead of "not set".
	refused := false
	for _, v := range []string{EnvAPIKey, EnvAccountID, EnvSiteID} {
		if raw := getenv(v); raw != "" && placeholder(raw) {
			problems.addf("%s", placeholderProblem(v))
			refused = true
		}
	}
	if refused {
		return
	}
	if key == "" && accountID == "" && siteID == "" {
		problems.addf("no Wix configuration: either set WIX_API_KEY with WIX_ACCOUNT_ID (and optionally WIX_SITE_ID), " +
			"or pass --config FILE (or WIX_MCP_CONFIG) naming a YAML file with accounts and sites; " +
			"to try wix-mcp without a Wix account, run it with --sandbox")
		return
	}
	if key == "" {
		problems.addf("WIX_API_KEY is not set: create a key at https://manage.wix.com/account/api-keys and export it as WIX_API_KEY")
		return
	}
	if accountID == "" && siteID == "" {
		problems.addf("WIX_ACCOUNT_ID is not set: copy the account ID shown in the API Keys Manager and export it as WIX_ACCOUNT_ID (or set WIX_SITE_ID for one site)")
		return
	}
	source := "env " + EnvAPIKey
	if accountID != "" {
		c.Accounts = append(c.Accounts, Account{Name: DefaultAccountName, ID: accountID, Key: Secret(key), KeySource: source})
	}
	if siteID != "" {
		site := Site{Alias: "site", ID: siteID, Pin: true}
		if accountID != "" {
			site.Account = DefaultAccountName
		} else {
			site.Key, site.KeySource = Secret(key), source
		}
		c.Sites = append(c.Sites, site)
	}
}

// validateBaseURL accepts https URLs, and http only on a loopback host, with
// no path, query or credentials. Its messages (wixclient's) never quote the
// URL: a key pasted into it, or userinfo in it, must not be printed.
func validateBaseURL(raw string) error {
	return wixclient.CheckBaseURL(raw)
}

// IsLoopbackAddr reports whether a listen address such as 127.0.0.1:8080 is
// reachable only from this machine.
func IsLoopbackAddr(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	return wixclient.IsLoopbackHost(host)
}

// readKeyFile reads a key or token from a file, warning when other users can
// read it. Its error never holds the path, which may be a key pasted into
// key_file by mistake.
func readKeyFile(path string) (value string, warning string, err error) {
	info, err := os.Stat(path)
	if err != nil {
		return "", "", fileProblem(err)
	}
	// A key is a short line. A FIFO, a device or a huge file is a mistake,
	// and reading one could block start-up for good (a named pipe nobody
	// writes, /dev/zero) or fill memory.
	switch {
	case !info.Mode().IsRegular():
		return "", "", errors.New("it is not a regular file")
	case info.Size() > maxKeyFileBytes:
		return "", "", fmt.Errorf("it is %d bytes; a key file holds only the key (at most %d bytes)", info.Size(), maxKeyFileBytes)
	}
	if info.Mode().Perm()&0o077 != 0 {
		warning = fmt.Sprintf("key file %s is readable by group or others (mode %04o); run chmod 600 %s", path, info.Mode().Perm(), path)
	}
	f, err := os.Open(path) //nolint:gosec // G304: the key_file the user's config names
	if err != nil {
		return "", "", fileProblem(err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxKeyFileBytes+1))
	if err != nil {
		return "", "", fileProblem(err)
	}
	if len(data) > maxKeyFileBytes {
		return "", "", fmt.Errorf("it grew past %d bytes while it was read", maxKeyFileBytes)
	}
	return strings.TrimSpace(string(data)), warning, nil
}

// maxKeyFileBytes bounds a key file; Wix API keys are well under 4 KB.
const maxKeyFileBytes = 64 << 10

// fileProblem says why a file could not be read without naming it.
func fileProblem(err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return errors.New("no such file")
	case errors.Is(err, fs.ErrPermission):
		return errors.New("permission denied")
	}
	return errors.New("it cannot be read (not a regular, readable file)")
}
