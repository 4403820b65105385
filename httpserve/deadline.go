package httpserve

import (
	"io"
	"net/http"
	"sync"
	"time"
)

// boundReads is the one place HTTP requests are read from the network. It
// runs first for every request (every path, with or without a token) and
// gives the body a deadline: http.Server's ReadHeaderTimeout bounds the
// headers, and this bounds the rest, so a client that declares
// Content-Length: 200000 and sends one byte is cut off after timeout
// instead of holding a connection (and a goroutine) for as long as it
// likes. Once the body has been read to its end the deadline is lifted,
// because a streaming answer may legitimately outlive it, and net/http
// reads the connection in the background to notice the client leaving.
//
// When the handler returns without having read the whole body, the
// deadline is moved to now: net/http would otherwise read (and wait for)
// up to 256 KiB of the rest to reuse the connection; now that read fails
// at once and the connection is closed.
func boundReads(next http.Handler, timeout time.Duration) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body == nil || r.Body == http.NoBody {
			next.ServeHTTP(w, r)
			return
		}
		rc := http.NewResponseController(w)
		// Writers without deadline support (test recorders) skip it.
		_ = rc.SetReadDeadline(time.Now().Add(timeout))
		original := r.Body
		body := &deadlineBody{ReadCloser: original, rc: rc}
		r.Body = body
		next.ServeHTTP(w, r)
		// net/http looks at the request's own body type after the handler
		// to decide how to close the connection (it waits briefly after a
		// body left unread, so the client reads the answer before a reset).
		r.Body = original
		if !body.finished() {
			_ = rc.SetReadDeadline(time.Now())
		}
	})
}

// deadlineBody lifts the read deadline when the body has been read to EOF.
type deadlineBody struct {
	io.ReadCloser
	rc *http.ResponseController

	mu   sync.Mutex
	done bool
}

func (b *deadlineBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err == io.EOF {
		b.mu.Lock()
		if !b.done {
			b.done = true
			_ = b.rc.SetReadDeadline(time.Time{})
		}
		b.mu.Unlock()
	}
	return n, err
}

func (b *deadlineBody) finished() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.done
}

// refuse answers a request the server will not serve (401, 403, 413, 400,
// 503) and closes the connection after the answer, without reading what
// is left of the body: Connection: close tells net/http not to drain it,
// and boundReads' deadline makes sure nothing waits for it.
func refuse(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Connection", "close")
	http.Error(w, msg, status)
}
