package wixsim

import "sync"

// maxLoggedBody caps how much of a request body the log keeps.
const maxLoggedBody = 1 << 20

// Request is one logged request. It never holds the API key: HasKey only
// says whether an Authorization header was sent.
type Request struct {
	Method, Path, RawQuery string
	// SiteID and AccountID are the wix-site-id and wix-account-id headers.
	SiteID, AccountID string
	HasKey            bool
	// Body is the request body, at most 1 MiB of it.
	Body []byte
	// Status is the status written; 0 when no answer was written (the
	// client went away, or a Reset fault dropped the connection).
	Status int
	// Cancelled is true when the request's context ended (the client went
	// away) before the answer was written.
	Cancelled bool
	// RequestID is the X-Wix-Request-Id header of the answer.
	RequestID string
}

type requestLog struct {
	mu       sync.Mutex
	capacity int
	entries  []Request // ring buffer once full
	start    int
}

func logBody(b []byte) []byte {
	if len(b) > maxLoggedBody {
		b = b[:maxLoggedBody]
	}
	return append([]byte(nil), b...)
}

func (l *requestLog) add(r Request) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.capacity <= 0 {
		return
	}
	if len(l.entries) < l.capacity {
		l.entries = append(l.entries, r)
		return
	}
	l.entries[l.start] = r
	l.start = (l.start + 1) % l.capacity
}

// Requests returns the request log, oldest first. A request is logged when
// its handler returns, so a hanging request appears once it is released.
func (s *Sim) Requests() []Request {
	l := &s.log
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]Request, 0, len(l.entries))
	out = append(out, l.entries[l.start:]...)
	out = append(out, l.entries[:l.start]...)
	return out
}

// ResetRequests empties the request log.
func (s *Sim) ResetRequests() {
	s.log.mu.Lock()
	defer s.log.mu.Unlock()
	s.log.entries = nil
	s.log.start = 0
}
