package httpserve

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// MinTokenLength is the shortest bearer token accepted. Anything shorter
// is guessable enough that a network-reachable server should not run on it.
const MinTokenLength = 16

// Token is the bearer token HTTP and SSE clients must present.
type Token struct {
	// Value is the token itself. It must never be logged.
	Value string
	// File is where the token was read from or written to; empty when it
	// came from the environment.
	File string
	// Generated is true when the token was created by this call.
	Generated bool
	// Warning describes a problem worth logging that does not stop the
	// server, such as a token file readable by other users.
	Warning string
}

// DefaultTokenFile is where a generated token is kept when no file is
// configured: wix-mcp/http-token under the user's configuration directory.
func DefaultTokenFile() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("no configuration directory for the generated HTTP token (set --http-token-file or WIX_MCP_HTTP_TOKEN): %w", err)
	}
	return filepath.Join(dir, "wix-mcp", "http-token"), nil
}

// ResolveToken returns the bearer token: fromEnv when it is set, else the
// content of file (DefaultTokenFile when file is empty). When the file does
// not exist, a random token is generated and written to it, readable only
// by its owner.
func ResolveToken(fromEnv, file string) (Token, error) {
	if v := strings.TrimSpace(fromEnv); v != "" {
		if len(v) < MinTokenLength {
			return Token{}, fmt.Errorf("WIX_MCP_HTTP_TOKEN is shorter than %d characters; use a long random value (for example: openssl rand -base64 32)", MinTokenLength)
		}
		return Token{Value: v}, nil
	}
	if file == "" {
		var err error
		if file, err = DefaultTokenFile(); err != nil {
			return Token{}, err
		}
	}
	tok, err := readTokenFile(file)
	if errors.Is(err, fs.ErrNotExist) {
		return generateTokenFile(file)
	}
	return tok, err
}

func readTokenFile(path string) (Token, error) {
	info, err := os.Stat(path)
	if err != nil {
		return Token{}, err
	}
	data, err := os.ReadFile(path) //nolint:gosec // G304: the operator names this file in the configuration
	if err != nil {
		return Token{}, fmt.Errorf("reading the HTTP token file %s: %w", path, err)
	}
	tok := Token{Value: strings.TrimSpace(string(data)), File: path}
	if len(tok.Value) < MinTokenLength {
		return Token{}, fmt.Errorf("the HTTP token file %s holds fewer than %d characters; delete it to have a token generated, or write a long random value into it", path, MinTokenLength)
	}
	if perm := info.Mode().Perm(); perm&0o077 != 0 {
		tok.Warning = fmt.Sprintf("the HTTP token file %s is readable by group or others (mode %04o); run chmod 600 %s", path, perm, path)
	}
	return tok, nil
}

// generateTokenFile writes a new random token. The token is written to a
// private temporary file first and then hard-linked into place, which fails
// if the file exists: two servers starting at once agree on one token, and
// neither can read a file the other has created but not yet written.
func generateTokenFile(path string) (Token, error) {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return Token{}, fmt.Errorf("generating the HTTP token: %w", err)
	}
	value := base64.RawURLEncoding.EncodeToString(raw)
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return Token{}, fmt.Errorf("creating the directory for the HTTP token file %s: %w", path, err)
	}
	tmp, err := os.CreateTemp(dir, ".http-token-*") // mode 0600
	if err != nil {
		return Token{}, fmt.Errorf("creating the HTTP token file %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	_, werr := tmp.WriteString(value + "\n")
	if err := errors.Join(werr, tmp.Close()); err != nil {
		return Token{}, fmt.Errorf("writing the HTTP token file %s: %w", path, err)
	}
	if err := os.Link(tmp.Name(), path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return readTokenFile(path)
		}
		return Token{}, fmt.Errorf("creating the HTTP token file %s: %w", path, err)
	}
	return Token{Value: value, File: path, Generated: true}, nil
}
