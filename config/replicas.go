package config

import (
	"fmt"
	"net/url"

	"github.com/redis/go-redis/v9"

	"github.com/wix-mcp/wix-mcp/sealedstate"
)

// validateReplicas checks the settings replicas share: a stateless server
// needs the state secret (without it no replica could trust another's
// question), read here from its file.
func validateReplicas(c *Config, setFlags map[string]string, problems *Error) {
	h := &c.HTTP
	if h.Stateless && c.Transport == "http" && h.StateSecretFile == "" {
		problems.addf("--stateless needs --state-secret-file (or WIX_MCP_STATE_SECRET_FILE): a file with a secret of %d or more random bytes, the same on every replica (for example: openssl rand -base64 48 > state-secret; chmod 600 state-secret)", sealedstate.MinSecretBytes)
	}
	if h.StateSecretFile != "" {
		v, warning, err := readKeyFile(h.StateSecretFile)
		switch {
		case err != nil:
			problems.addf("--state-secret-file %s cannot be read: %v", h.StateSecretFile, err)
		case len(v) < sealedstate.MinSecretBytes:
			problems.addf("--state-secret-file %s holds %d bytes; it needs at least %d random bytes (openssl rand -base64 48)", h.StateSecretFile, len(v), sealedstate.MinSecretBytes)
		default:
			h.StateSecret = Secret(v)
		}
		if warning != "" {
			c.Warnings = append(c.Warnings, warning)
		}
	}
	if _, onArgv := setFlags["redis-url"]; onArgv && c.RedisURL != "" {
		if u, err := url.Parse(c.RedisURL.Reveal()); err == nil && u.User != nil {
			if _, hasPassword := u.User.Password(); hasPassword {
				problems.addf("--redis-url holds a password, which a process listing would show; pass the URL in WIX_MCP_REDIS_URL instead")
			}
		}
	}
}

// validateRedisURL accepts what go-redis accepts; the message never
// repeats the URL, which may hold a password.
func validateRedisURL(v string) error {
	if _, err := redis.ParseURL(v); err != nil {
		return fmt.Errorf("not a Redis URL (write redis://HOST:6379/0, or rediss:// for TLS)")
	}
	return nil
}
