package httpserve

import (
	"bytes"
	"crypto/sha256"
	"crypto/subtle"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/rs/zerolog"

	"github.com/wix-mcp/wix-mcp/access"
)

// guard is the security middleware in front of every MCP endpoint. Its
// checks run in the order a careful reviewer expects: a draining server
// refuses new work; Host and Origin are checked before anything else so a
// rebinding or cross-site page learns nothing, not even whether a token is
// needed; CORS preflights (which browsers send without credentials) are
// answered for allowlisted origins only; then the bearer token; then the
// body size.
type guard struct {
	policy *hostPolicy
	// tokenHash is the SHA-256 of the token. Comparing hashes keeps the
	// comparison constant-time in the token's length too.
	tokenHash [32]byte
	// users, when set, replaces the single token: each user has its own.
	users       *access.Users
	requireAuth bool
	maxBody     int64
	draining    *atomic.Bool
	log         zerolog.Logger
}

// corsAllowHeaders are the request headers an MCP client in a browser sends.
const corsAllowHeaders = "Authorization, Content-Type, Accept, Mcp-Session-Id, Mcp-Protocol-Version, Last-Event-ID"

func (g *guard) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if g.draining.Load() {
			refuse(w, http.StatusServiceUnavailable, "Service Unavailable: the server is shutting down")
			return
		}
		if !g.policy.hostAllowed(r.Host) {
			g.log.Warn().Str("host", r.Host).Str("remote", r.RemoteAddr).Str("path", r.URL.Path).
				Msg("refused a request with a Host header that does not name this server (DNS rebinding?); add it with --allowed-hosts if it is legitimate")
			refuse(w, http.StatusForbidden, "Forbidden: Host not allowed")
			return
		}
		w.Header().Add("Vary", "Origin")
		origin := r.Header.Get("Origin")
		if origin != "" {
			if !g.policy.originAllowed(origin, r.Host) {
				g.log.Warn().Str("origin", origin).Str("remote", r.RemoteAddr).Str("path", r.URL.Path).
					Msg("refused a cross-site request; add the origin with --allowed-origins if it is legitimate")
				refuse(w, http.StatusForbidden, "Forbidden: Origin not allowed")
				return
			}
			w = &corsWriter{ResponseWriter: w, origin: origin}
			if r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "" {
				h := w.Header()
				h.Set("Access-Control-Allow-Methods", "GET, POST, DELETE, OPTIONS")
				h.Set("Access-Control-Allow-Headers", corsAllowHeaders)
				h.Set("Access-Control-Max-Age", "600")
				w.WriteHeader(http.StatusNoContent)
				return
			}
		} else {
			// mcp-go's SSE handler allows every origin unless told
			// otherwise; no wildcard may go out.
			w = &corsWriter{ResponseWriter: w}
		}
		if g.requireAuth {
			authed, ok := g.authenticate(r)
			if !ok {
				w.Header().Set("WWW-Authenticate", `Bearer realm="wix-mcp"`)
				refuse(w, http.StatusUnauthorized, "Unauthorized: send the server's token as Authorization: Bearer <token>")
				return
			}
			r = authed
		}
		if r.Body != nil && r.Body != http.NoBody {
			body, status := g.readBody(r)
			if status != 0 {
				if status == http.StatusRequestEntityTooLarge {
					refuse(w, status, fmt.Sprintf("Request Entity Too Large: the limit is %d bytes (--max-body-bytes)", g.maxBody))
				} else {
					refuse(w, status, "Bad Request: the request body could not be read in time or in full")
				}
				return
			}
			// GetBody lets later middleware peek at the JSON-RPC method.
			r.Body = io.NopCloser(bytes.NewReader(body))
			r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
			r.ContentLength = int64(len(body))
		}
		next.ServeHTTP(w, r)
	})
}

// authenticate checks the bearer token in constant time. With users
// configured, the request goes on carrying the user whose token it is.
func (g *guard) authenticate(r *http.Request) (*http.Request, bool) {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return r, false
	}
	token = strings.TrimSpace(token)
	if g.users != nil {
		u, ok := g.users.Authenticate(token)
		if !ok {
			return r, false
		}
		return r.WithContext(access.WithUser(r.Context(), u)), true
	}
	sum := sha256Sum(token)
	return r, subtle.ConstantTimeCompare(sum[:], g.tokenHash[:]) == 1
}

func sha256Sum(s string) [32]byte { return sha256.Sum256([]byte(s)) }

// readBody reads the whole body up to the limit; boundReads, in front of
// every handler, bounds how long that may take. mcp-go buffers the body in
// memory anyway, so this costs no extra copy of consequence.
func (g *guard) readBody(r *http.Request) ([]byte, int) {
	if r.ContentLength > g.maxBody {
		return nil, http.StatusRequestEntityTooLarge
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, g.maxBody+1))
	if err != nil {
		return nil, http.StatusBadRequest
	}
	if int64(len(body)) > g.maxBody {
		return nil, http.StatusRequestEntityTooLarge
	}
	return body, 0
}

// corsWriter sets the response's Access-Control-Allow-Origin to the
// request's allowlisted origin, or removes it, just before the header is
// sent, whatever the handler behind it set.
type corsWriter struct {
	http.ResponseWriter
	origin string
	done   bool
}

func (c *corsWriter) fix() {
	if c.done {
		return
	}
	c.done = true
	h := c.Header()
	if c.origin == "" {
		h.Del("Access-Control-Allow-Origin")
		return
	}
	h.Set("Access-Control-Allow-Origin", c.origin)
	h.Set("Access-Control-Expose-Headers", "Mcp-Session-Id, WWW-Authenticate")
}

func (c *corsWriter) WriteHeader(code int) {
	c.fix()
	c.ResponseWriter.WriteHeader(code)
}

func (c *corsWriter) Write(b []byte) (int, error) {
	c.fix()
	return c.ResponseWriter.Write(b)
}

// Flush keeps streaming working: mcp-go's SSE handler requires http.Flusher.
func (c *corsWriter) Flush() {
	c.fix()
	if f, ok := c.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap lets http.ResponseController reach the connection.
func (c *corsWriter) Unwrap() http.ResponseWriter { return c.ResponseWriter }

// health answers /healthz: 200 while serving, 503 while draining, and
// nothing else, so it needs no authentication.
func health(draining *atomic.Bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "Method Not Allowed", http.StatusMethodNotAllowed)
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		status, body := http.StatusOK, "ok\n"
		if draining.Load() {
			status, body = http.StatusServiceUnavailable, "draining\n"
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(status)
		if r.Method == http.MethodGet {
			_, _ = io.WriteString(w, body) // the client may be gone; nothing to do about it
		}
	})
}
