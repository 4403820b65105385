package config

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/wix-mcp/wix-mcp/ratelimit"
)

// setting is one option that can come from a flag, an environment variable
// and, for some, the YAML file. The table below is the single list of them,
// used for parsing, for --help and for the README's reference.
type setting struct {
	flag  string // flag name without dashes
	env   string // WIX_MCP_* variable
	yaml  string // top-level YAML key; empty when the file cannot set it
	def   string // default, as text
	usage string
	bool  bool // a boolean flag, settable as --flag without a value
	apply func(c *Config, v string) error
}

// Setting describes one option for documentation.
type Setting struct {
	Flag, Env, YAML, Default, Usage string
}

// Settings lists every option with its flag, variable and default.
func Settings() []Setting {
	out := make([]Setting, 0, len(settings))
	for _, s := range settings {
		out = append(out, Setting{Flag: "--" + s.flag, Env: s.env, YAML: s.yaml, Default: s.def, Usage: s.usage})
	}
	return out
}

var settings = append(coreSettings, scriptSettings...)

var coreSettings = []setting{
	{flag: "config", env: "WIX_MCP_CONFIG", usage: "YAML file with accounts, sites and their policies",
		apply: func(c *Config, v string) error { c.ConfigFile = v; return nil }},
	{flag: "transport", env: "WIX_MCP_TRANSPORT", def: "stdio", usage: "how to serve MCP: stdio, http or sse",
		apply: func(c *Config, v string) error {
			switch t := Transport(v); t {
			case TransportStdio, TransportHTTP, TransportSSE:
				c.Transport = t
				return nil
			}
			return errors.New("not a transport; use stdio, http or sse")
		}},
	{flag: "addr", env: "WIX_MCP_ADDR", def: DefaultAddr, usage: "listen address for --transport http or sse",
		apply: func(c *Config, v string) error { c.Addr = v; return nil }},
	{flag: "base-url", env: "WIX_API_BASE_URL", yaml: "base_url", def: DefaultBaseURL,
		usage: "Wix API origin; https, or http on a loopback address (local proxies, tests)",
		apply: func(c *Config, v string) error { c.BaseURL = v; return validateBaseURL(v) }},
	{flag: "timeout", env: "WIX_MCP_TIMEOUT", yaml: "timeout", def: DefaultTimeout.String(), usage: "timeout of one Wix request, as a Go duration such as 45s",
		apply: func(c *Config, v string) error { return positiveDuration(&c.Timeout, v) }},
	{flag: "log-level", env: "WIX_MCP_LOG_LEVEL", yaml: "log_level", def: "info", usage: "debug, info, warn or error",
		apply: func(c *Config, v string) error {
			switch v {
			case "debug", "info", "warn", "error":
				c.LogLevel = v
				return nil
			}
			return errors.New("not a log level; use debug, info, warn or error")
		}},
	{flag: "log-format", env: "WIX_MCP_LOG_FORMAT", yaml: "log_format", def: "json", usage: "json, or console for people; logs always go to stderr",
		apply: func(c *Config, v string) error {
			if v != "json" && v != "console" {
				return errors.New("not a log format; use json or console")
			}
			c.LogFormat = v
			return nil
		}},
	{flag: "sandbox", env: "WIX_MCP_SANDBOX", def: "false", bool: true, usage: "serve against a built-in Wix emulator with demo data; no key needed",
		apply: func(c *Config, v string) error { return parseBool(&c.Sandbox, v) }},
	{flag: "sandbox-state", env: "WIX_MCP_SANDBOX_STATE", usage: "file keeping the sandbox's data between runs (loaded at start, saved after each write), for clients that start a server per call",
		apply: func(c *Config, v string) error { c.SandboxState = v; return nil }},
	{flag: "read-only", env: "WIX_MCP_READ_ONLY", yaml: "read_only", def: "false", bool: true, usage: "refuse every write and destructive call",
		apply: func(c *Config, v string) error { return parseBool(&c.ReadOnly, v) }},
	{flag: "allow-destructive", env: "WIX_MCP_ALLOW_DESTRUCTIVE", yaml: "allow_destructive", def: "false", bool: true,
		usage: "send destructive calls without asking a person (scopes may still set confirm_destructive: true)",
		apply: func(c *Config, v string) error { return parseBool(&c.AllowDestructive, v) }},
	{flag: "confirm-timeout", env: "WIX_MCP_CONFIRM_TIMEOUT", def: DefaultConfirmTimeout.String(),
		usage: "how long a question to the person about a destructive call waits for an answer; then the call is refused and nothing is sent",
		apply: func(c *Config, v string) error { return positiveDuration(&c.ConfirmTimeout, v) }},
	{flag: "max-result-chars", env: "WIX_MCP_MAX_RESULT_CHARS", yaml: "max_result_chars", def: strconv.Itoa(DefaultMaxResultChars),
		usage: "cap on one tool result in characters; larger answers are shrunk, still valid JSON",
		apply: func(c *Config, v string) error { return intAtLeast(&c.MaxResultChars, v, 1000) }},
	{flag: "http-token-file", env: "WIX_MCP_HTTP_TOKEN_FILE", usage: "file holding the bearer token for http/sse (a token is generated into it if missing); the token itself may be given as WIX_MCP_HTTP_TOKEN",
		apply: func(c *Config, v string) error { c.HTTP.TokenFile = v; return nil }},
	{flag: "unsafe-no-auth", env: "WIX_MCP_UNSAFE_NO_AUTH", def: "false", bool: true, usage: "serve http/sse without a token; only on a loopback address",
		apply: func(c *Config, v string) error { return parseBool(&c.HTTP.UnsafeNoAuth, v) }},
	{flag: "allowed-hosts", env: "WIX_MCP_ALLOWED_HOSTS", usage: "comma-separated Host values accepted besides the listen address",
		apply: func(c *Config, v string) error { c.HTTP.AllowedHosts = splitList(v); return nil }},
	{flag: "allowed-origins", env: "WIX_MCP_ALLOWED_ORIGINS", usage: "comma-separated browser Origins accepted; requests with any other Origin get 403",
		apply: func(c *Config, v string) error { c.HTTP.AllowedOrigins = splitList(v); return nil }},
	{flag: "stateless", env: "WIX_MCP_STATELESS", def: "false", bool: true, usage: "serve http without sessions, for replicas behind a load balancer; needs --state-secret-file",
		apply: func(c *Config, v string) error { return parseBool(&c.HTTP.Stateless, v) }},
	{flag: "state-secret-file", env: "WIX_MCP_STATE_SECRET_FILE", usage: "file with a secret (32+ random bytes) shared by all replicas, sealing the state of confirmation questions; required with --stateless",
		apply: func(c *Config, v string) error { c.HTTP.StateSecretFile = v; return nil }},
	{flag: "redis-url", env: "WIX_MCP_REDIS_URL", usage: "Redis shared by replicas (redis://host:6379/0) for single-use confirmations and the shared rate budget; give a password only in the variable",
		apply: func(c *Config, v string) error { c.RedisURL = Secret(v); return validateRedisURL(v) }},
	{flag: "wix-rate-limit", env: "WIX_MCP_WIX_RATE_LIMIT", yaml: "wix_rate_limit", def: ratelimit.DefaultLimit, usage: "requests to Wix per site, as COUNT/DURATION, or off; over it a call waits up to 5s, then is refused with when to retry",
		apply: func(c *Config, v string) error {
			l, err := ratelimit.ParseLimit(v)
			c.WixRateLimit = l
			return err
		}},
	{flag: "metrics-addr", env: "WIX_MCP_METRICS_ADDR", usage: "serve Prometheus /metrics on this address without a token (else /metrics is on --addr behind the token)",
		apply: func(c *Config, v string) error { c.HTTP.MetricsAddr = v; return nil }},
	{flag: "max-body-bytes", env: "WIX_MCP_MAX_BODY_BYTES", def: strconv.Itoa(DefaultMaxBodyBytes), usage: "cap on one MCP request body over http/sse",
		apply: func(c *Config, v string) error {
			var n int
			err := intAtLeast(&n, v, 1024)
			c.HTTP.MaxBodyBytes = int64(n)
			return err
		}},
	{flag: "read-header-timeout", env: "WIX_MCP_READ_HEADER_TIMEOUT", def: "10s", usage: "time allowed to read a request's headers",
		apply: func(c *Config, v string) error { return positiveDuration(&c.HTTP.ReadHeaderTimeout, v) }},
	{flag: "idle-timeout", env: "WIX_MCP_IDLE_TIMEOUT", def: "30m", usage: "idle time after which a session or connection is closed",
		apply: func(c *Config, v string) error { return positiveDuration(&c.HTTP.IdleTimeout, v) }},
	{flag: "max-sessions", env: "WIX_MCP_MAX_SESSIONS", def: strconv.Itoa(DefaultMaxSessions), usage: "cap on concurrent MCP sessions over http/sse",
		apply: func(c *Config, v string) error { return intAtLeast(&c.HTTP.MaxSessions, v, 1) }},
	{flag: "shutdown-grace", env: "WIX_MCP_SHUTDOWN_GRACE", def: "10s", usage: "how long in-flight calls may finish after SIGINT/SIGTERM",
		apply: func(c *Config, v string) error { return positiveDuration(&c.HTTP.ShutdownGrace, v) }},
}

func parseBool(dst *bool, v string) error {
	b, err := strconv.ParseBool(v)
	if err != nil {
		return errors.New("not a boolean; use true or false")
	}
	*dst = b
	return nil
}

func positiveDuration(dst *time.Duration, v string) error {
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return errors.New("not a positive duration; write it like 30s, 2m or 1h")
	}
	*dst = d
	return nil
}

func intAtLeast(dst *int, v string, least int) error {
	n, err := strconv.Atoi(v)
	if err != nil || n < least {
		return fmt.Errorf("not a whole number of at least %d", least)
	}
	*dst = n
	return nil
}

func splitList(v string) []string {
	var out []string
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
