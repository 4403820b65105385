package httpserve

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// inflight counts the answers the server still owes its clients, so a
// graceful shutdown knows when it may close the streams. Streamable HTTP
// answers a call on the POST that made it, so a running POST is owed work.
// The SSE transport answers 202 at once and writes the real answer later
// on the session's event stream, so there a request is owed work from its
// POST until an answer with an ID goes out on its stream.
type inflight struct {
	mu    sync.Mutex
	posts int
	sse   map[string]int // SSE session ID → requests awaiting their answer
}

func newInflight() *inflight { return &inflight{sse: map[string]int{}} }

// pending returns how many answers are still owed.
func (f *inflight) pending() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := f.posts
	for _, c := range f.sse {
		n += c
	}
	return n
}

// drain waits until nothing is owed or ctx ends, and reports whether
// everything was answered.
func (f *inflight) drain(ctx context.Context) bool {
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for f.pending() > 0 {
		select {
		case <-ctx.Done():
			return false
		case <-tick.C:
		}
	}
	return true
}

func (f *inflight) addPost(d int) {
	f.mu.Lock()
	f.posts += d
	f.mu.Unlock()
}

func (f *inflight) addSSE(session string, d int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if n := f.sse[session] + d; n > 0 {
		f.sse[session] = n
	} else {
		delete(f.sse, session)
	}
}

// dropSSE forgets a session whose stream ended: its answers can no longer
// be delivered, so they are not worth waiting for.
func (f *inflight) dropSSE(session string) {
	f.mu.Lock()
	delete(f.sse, session)
	f.mu.Unlock()
}

// trackPosts counts running POSTs of the streamable HTTP endpoint.
func (f *inflight) trackPosts(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			f.addPost(1)
			defer f.addPost(-1)
		}
		next.ServeHTTP(w, r)
	})
}

// trackSSEMessages counts requests posted to the SSE message endpoint. The
// count goes up before mcp-go sees the request, so the answer cannot be
// written (and counted down) first; a request mcp-go refuses (not 202) is
// answered on the POST itself and counted down at once.
func (f *inflight) trackSSEMessages(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		m := peekMessage(r)
		session := r.URL.Query().Get("sessionId")
		if r.Method != http.MethodPost || m.Method == "" || len(m.ID) == 0 || session == "" {
			next.ServeHTTP(w, r)
			return
		}
		f.addSSE(session, 1)
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		if sw.status != http.StatusAccepted {
			f.addSSE(session, -1)
		}
	})
}

// trackSSEStream watches what an SSE stream writes: the endpoint event
// names the session, and each JSON-RPC answer settles one owed request.
func (f *inflight) trackSSEStream(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sw := &sseWatcher{ResponseWriter: w, owed: f}
		defer func() {
			if sw.session != "" {
				f.dropSSE(sw.session)
			}
		}()
		next.ServeHTTP(sw, r)
	})
}

// sseWatcher relies on mcp-go writing each SSE event with one Write call.
type sseWatcher struct {
	http.ResponseWriter
	owed    *inflight
	session string
}

func (s *sseWatcher) Write(b []byte) (int, error) {
	n, err := s.ResponseWriter.Write(b)
	if err == nil {
		s.observe(string(b))
	}
	return n, err
}

func (s *sseWatcher) observe(event string) {
	var kind, data string
	for _, line := range strings.Split(event, "\n") {
		line = strings.TrimRight(line, "\r")
		if v, ok := strings.CutPrefix(line, "event:"); ok {
			kind = strings.TrimSpace(v)
		} else if v, ok := strings.CutPrefix(line, "data:"); ok {
			data = strings.TrimSpace(v)
		}
	}
	switch {
	case kind == "endpoint" && s.session == "":
		if u, err := url.Parse(data); err == nil {
			s.session = u.Query().Get("sessionId")
		}
	case s.session != "" && data != "":
		var m rpcMessage
		if json.Unmarshal([]byte(data), &m) == nil && m.Method == "" && len(m.ID) > 0 {
			s.owed.addSSE(s.session, -1)
		}
	}
}

func (s *sseWatcher) Flush() {
	if f, ok := s.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (s *sseWatcher) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// statusWriter records the status code a handler sends.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (s *statusWriter) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusWriter) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	return s.ResponseWriter.Write(b)
}

func (s *statusWriter) Unwrap() http.ResponseWriter { return s.ResponseWriter }
