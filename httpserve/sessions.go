package httpserve

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"sync"

	"github.com/mark3labs/mcp-go/server"
)

// sessionIDHeader is the streamable HTTP transport's session header.
const sessionIDHeader = "Mcp-Session-Id"

// errUnknownSession is what Validate reports for an ID it never issued or
// has forgotten; mcp-go answers 404, which tells clients to start over.
var errUnknownSession = errors.New("unknown session")

// sessionLimiter is the session ID manager of the stateful streamable HTTP
// transport. It issues random IDs, remembers the live ones, forgets them on
// DELETE or idle expiry (mcp-go's sweeper calls Terminate), and caps how
// many may be live at once.
//
// The cap is enforced before a request reaches mcp-go, because Generate
// cannot refuse: an initialize request first reserves a slot, and the slot
// is released when the request ends, by which time the new session (if
// any) is in the live set. A session is thus counted twice for the length
// of its initialize request, which can only make admission stricter.
type sessionLimiter struct {
	max      int
	mu       sync.Mutex
	live     map[string]struct{}
	reserved int
}

var _ server.SessionIdManager = (*sessionLimiter)(nil)

func newSessionLimiter(limit int) *sessionLimiter {
	return &sessionLimiter{max: limit, live: map[string]struct{}{}}
}

// Generate issues a new session ID from the system's secure random source.
func (l *sessionLimiter) Generate() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		// crypto/rand does not fail on supported platforms; an ID nobody
		// can use is the safe answer if it ever does.
		return ""
	}
	id := "mcp-session-" + hex.EncodeToString(b[:])
	l.mu.Lock()
	l.live[id] = struct{}{}
	l.mu.Unlock()
	return id
}

// Validate reports an unknown or expired ID as an error.
func (l *sessionLimiter) Validate(id string) (isTerminated bool, err error) {
	if !l.known(id) {
		return false, errUnknownSession
	}
	return false, nil
}

// Terminate forgets the session. Terminated IDs are not remembered: a
// client presenting one gets the same 404 as for an unknown ID.
func (l *sessionLimiter) Terminate(id string) (isNotAllowed bool, err error) {
	l.mu.Lock()
	delete(l.live, id)
	l.mu.Unlock()
	return false, nil
}

func (l *sessionLimiter) known(id string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	_, ok := l.live[id]
	return ok
}

// reserve takes a slot for a new session, or reports that all are taken.
func (l *sessionLimiter) reserve() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.live)+l.reserved >= l.max {
		return false
	}
	l.reserved++
	return true
}

// release returns a slot taken by reserve.
func (l *sessionLimiter) release() {
	l.mu.Lock()
	l.reserved--
	l.mu.Unlock()
}

// count returns the number of live sessions.
func (l *sessionLimiter) count() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.live)
}

// limitSessions guards the stateful /mcp endpoint: new sessions only up to
// the cap, and GET and DELETE only for live sessions. mcp-go would open a
// listening stream, and keep its state, for any session ID a GET names.
func limitSessions(l *sessionLimiter, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get(sessionIDHeader)
		switch r.Method {
		case http.MethodGet, http.MethodDelete:
			if id == "" {
				refuse(w, http.StatusBadRequest, "Bad Request: Mcp-Session-Id header required")
				return
			}
			if !l.known(id) {
				refuse(w, http.StatusNotFound, "Not Found: unknown or expired session")
				return
			}
		case http.MethodPost:
			// mcp-go starts a new session for every initialize, whatever
			// Mcp-Session-Id the client sends with it, so every initialize
			// needs a free slot.
			if isInitialize(r) {
				if !l.reserve() {
					tooManySessions(w)
					return
				}
				defer l.release()
			}
		}
		next.ServeHTTP(w, r)
	})
}

// streamLimiter caps concurrent SSE streams, each of which is one session
// of the SSE transport.
type streamLimiter struct {
	max  int
	mu   sync.Mutex
	open int
}

func (l *streamLimiter) acquire() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.open >= l.max {
		return false
	}
	l.open++
	return true
}

func (l *streamLimiter) releaseStream() {
	l.mu.Lock()
	l.open--
	l.mu.Unlock()
}

func tooManySessions(w http.ResponseWriter) {
	w.Header().Set("Retry-After", "30")
	refuse(w, http.StatusServiceUnavailable, "Service Unavailable: too many concurrent sessions (--max-sessions)")
}

// rpcMessage is the part of a JSON-RPC message the middleware looks at.
type rpcMessage struct {
	ID     json.RawMessage `json:"id"`
	Method string          `json:"method"`
}

// peekMessage decodes the (already buffered, size-limited) request body
// without consuming it. A batch or invalid body yields the zero message;
// mcp-go answers those itself.
func peekMessage(r *http.Request) rpcMessage {
	var m rpcMessage
	_ = json.Unmarshal(peekBody(r), &m)
	return m
}

// peekBody returns the buffered request body without consuming it, or nil.
func peekBody(r *http.Request) []byte {
	if r.Body == nil || r.GetBody == nil {
		return nil
	}
	body, err := r.GetBody()
	if err != nil {
		return nil
	}
	defer body.Close()
	data, _ := io.ReadAll(body)
	return data
}

// isInitialize reports whether the request is a JSON-RPC initialize. The
// body is decoded only when it holds the word, or a backslash (which could
// escape one of its letters: "initiali\u007ae" is initialize too), so the
// other calls, every plain tools/call among them, cost a byte search
// instead of a JSON decode.
func isInitialize(r *http.Request) bool {
	body := peekBody(r)
	if !bytes.Contains(body, []byte(`"initialize"`)) && bytes.IndexByte(body, '\\') < 0 {
		return false
	}
	var m rpcMessage
	_ = json.Unmarshal(body, &m)
	return m.Method == "initialize"
}
