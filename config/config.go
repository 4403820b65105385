// Package config loads and validates wix-mcp's configuration from flags, the
// environment and an optional YAML file, in one place.
//
// Precedence, highest first: a flag set on the command line, its WIX_MCP_*
// environment variable, the YAML file, the default. Keys never come from
// flags: only from environment variables or files that the configuration
// names, so they never show in a process listing.
package config

import (
	"time"

	"github.com/wix-mcp/wix-mcp/ratelimit"
	"github.com/wix-mcp/wix-mcp/safety"
	"github.com/wix-mcp/wix-mcp/wixclient"
)

// Transport is how MCP is served.
type Transport string

// The transports.
const (
	// TransportStdio serves one client over stdin and stdout, as desktop
	// clients spawn the server.
	TransportStdio Transport = "stdio"
	// TransportHTTP is streamable HTTP at /mcp.
	TransportHTTP Transport = "http"
	// TransportSSE is the older HTTP+SSE transport at /sse and /message.
	TransportSSE Transport = "sse"
)

// Config is the whole, validated configuration of one wix-mcp process.
type Config struct {
	// Transport is how MCP is served.
	Transport Transport
	// Addr is the listen address of the HTTP and SSE transports.
	Addr string
	// BaseURL is the Wix API origin: https, or http on a loopback address.
	BaseURL string
	// Timeout bounds each upstream request attempt.
	Timeout time.Duration
	// LogLevel is zerolog's level name: debug, info, warn or error.
	LogLevel string
	// LogFormat is "json" (default) or "console" for people.
	LogFormat string
	// Sandbox serves the tools against an in-process Wix emulator with seed
	// data; no key or account is needed and none is used.
	Sandbox bool
	// SandboxState is a file keeping the sandbox's data across processes
	// (loaded at start, saved after each write); empty keeps it in memory.
	SandboxState string
	// ReadOnly refuses every write and destructive call, for all scopes.
	ReadOnly bool
	// AllowDestructive lets destructive calls through without asking a
	// person, unless a scope sets confirm_destructive: true.
	AllowDestructive bool
	// MaxResultChars caps the size of one tool result for the model.
	MaxResultChars int
	// ConfirmTimeout bounds how long a question to the person about a
	// destructive call stays open; past it the call is refused, unsent.
	ConfirmTimeout time.Duration
	// ConfigFile is the YAML file the accounts and sites came from, if any.
	ConfigFile string
	// Accounts are the Wix accounts whose keys the server holds.
	Accounts []Account
	// Sites are named sites; each uses its account's key or a key of its own.
	Sites []Site
	// RedisURL, when set, is the Redis the replicas share: single use of
	// confirmations and the rate budget. It may hold a password, so it is
	// a Secret.
	RedisURL Secret
	// WixRateLimit is the per-site budget of requests to Wix; zero is off.
	WixRateLimit ratelimit.Limit
	// Users are the people or programs that may use the HTTP and SSE
	// transports, each with its own token and reach; empty means the
	// single HTTP token reaches everything.
	Users []User
	// HTTP configures the HTTP and SSE transports.
	HTTP HTTP
	// Script bounds each run of run_wix_script.
	Script ScriptLimits
	// Warnings are problems worth a log line that do not stop the server,
	// e.g. a key file readable by others.
	Warnings []string
}

// Policy is the safety settings an account or a site may carry.
type Policy struct {
	// ReadOnly refuses writes and destructive calls in this scope.
	ReadOnly bool `yaml:"read_only"`
	// Allow lists glob path patterns; when set, other paths are refused.
	Allow []string `yaml:"allow"`
	// Deny lists glob path patterns that are always refused; deny wins.
	Deny []string `yaml:"deny"`
	// ConfirmDestructive overrides whether destructive calls need a
	// person's confirmation in this scope; nil inherits.
	ConfirmDestructive *bool `yaml:"confirm_destructive"`
	// Rules are Allow and Deny compiled once, when the configuration loads;
	// nil when the scope has neither.
	Rules *safety.RuleSet `yaml:"-"`
}

// Account is one Wix account and its API key.
type Account struct {
	// Name is how tools and logs refer to the account, e.g. "agency".
	Name string
	// ID is the Wix account ID sent as wix-account-id.
	ID string
	// Key is the account's API key.
	Key Secret
	// KeySource says where the key came from, e.g. "env WIX_API_KEY" or
	// "file /run/secrets/wix"; safe to show.
	KeySource string
	// Policy holds the account's safety settings; its sites inherit them.
	Policy Policy
}

// Site is a named Wix site.
type Site struct {
	// Alias is the site's short name, usable as site_id in tools.
	Alias string
	// ID is the Wix site ID sent as wix-site-id.
	ID string
	// Account names the account whose key the site uses; empty when the
	// site has a key of its own.
	Account string
	// Key is the site's own key, when it has one; else the account's key.
	Key Secret
	// KeySource says where the key came from; safe to show.
	KeySource string
	// Pin makes this the only site the server reaches: tools drop their
	// site argument. Set by WIX_SITE_ID, or by pin: true in the file.
	Pin bool
	// Policy holds the site's safety settings, on top of its account's.
	Policy Policy
}

// HTTP configures the HTTP and SSE transports.
type HTTP struct {
	// Token is the bearer token clients must send; empty means TokenFile,
	// or a generated token when TokenFile is empty too.
	Token Secret
	// TokenFile holds the token; a generated token is written here (0600).
	TokenFile string
	// UnsafeNoAuth serves without a token; refused unless Addr is loopback.
	UnsafeNoAuth bool
	// AllowedHosts are Host header values accepted besides the listen address.
	AllowedHosts []string
	// AllowedOrigins are browser Origins accepted; any other Origin gets 403.
	AllowedOrigins []string
	// Stateless serves without sessions (no elicitation or progress).
	Stateless bool
	// MaxBodyBytes caps the size of an MCP request body.
	MaxBodyBytes int64
	// ReadHeaderTimeout bounds reading a request's headers.
	ReadHeaderTimeout time.Duration
	// IdleTimeout ends sessions and keep-alive connections left idle.
	IdleTimeout time.Duration
	// MaxSessions caps concurrent MCP sessions.
	MaxSessions int
	// ShutdownGrace is how long in-flight calls may finish on shutdown.
	ShutdownGrace time.Duration
	// StateSecretFile holds the secret shared by replicas that seals the
	// state of confirmation questions; required with Stateless.
	StateSecretFile string
	// StateSecret is the content of StateSecretFile.
	StateSecret Secret
	// MetricsAddr, when set, serves /metrics there without authentication
	// instead of on the main listener behind the bearer token.
	MetricsAddr string
}

// Defaults. The Wix API's own defaults are the Wix client's.
const (
	DefaultBaseURL        = wixclient.DefaultBaseURL
	DefaultAddr           = "127.0.0.1:8080"
	DefaultTimeout        = wixclient.DefaultTimeout
	DefaultMaxResultChars = 20000
	// DefaultConfirmTimeout is how long a confirmation question waits: long
	// enough to read a summary and decide, short enough that a question
	// nobody sees does not hold a call for good.
	DefaultConfirmTimeout = 5 * time.Minute
	DefaultMaxBodyBytes   = 1 << 20
	DefaultMaxSessions    = 1000
)

// DefaultAccountName names the account configured from WIX_API_KEY and
// WIX_ACCOUNT_ID.
const DefaultAccountName = "default"

// Account returns the configured account with that name.
func (c *Config) Account(name string) (*Account, bool) {
	for i := range c.Accounts {
		if c.Accounts[i].Name == name {
			return &c.Accounts[i], true
		}
	}
	return nil, false
}
