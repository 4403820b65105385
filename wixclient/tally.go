package wixclient

import (
	"context"
	"net/http"
	"sync"
)

// Tally counts the HTTP requests sent to Wix for one unit of work, such as
// one tool call: every attempt of every request, retries and site-owner
// lookups included, because it is filled in by the Client's transport and
// not by the code that asked. Attach it with WithTally; it is safe for
// concurrent use (a script's calls run in parallel).
type Tally struct {
	mu        sync.Mutex
	requests  int
	status    int
	requestID string
}

// TallySnapshot is what a Tally holds at one moment.
type TallySnapshot struct {
	// Requests is how many HTTP requests were sent, answered or not.
	Requests int
	// Status is the HTTP status of the last answer; 0 when the last request
	// got no answer or none was sent.
	Status int
	// RequestID is the X-Wix-Request-Id of the last answer that had one.
	RequestID string
}

type tallyKey struct{}

// WithTally returns a context whose Wix requests are counted into t.
func WithTally(ctx context.Context, t *Tally) context.Context {
	return context.WithValue(ctx, tallyKey{}, t)
}

// Snapshot returns the counts so far.
func (t *Tally) Snapshot() TallySnapshot {
	t.mu.Lock()
	defer t.mu.Unlock()
	return TallySnapshot{Requests: t.requests, Status: t.status, RequestID: t.requestID}
}

func (t *Tally) add(status int, requestID string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.requests++
	t.status = status
	if requestID != "" {
		t.requestID = requestID
	}
}

// tallyTransport counts each request that leaves the Client into the Tally
// of its context, at the last point before the network.
// The request ID is Wix's text, so it passes the key's redaction like every
// other header that leaves the Client.
type tallyTransport struct {
	next http.RoundTripper
	key  *apiKey
}

func (t tallyTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(req)
	if tally, ok := req.Context().Value(tallyKey{}).(*Tally); ok {
		status, id := 0, ""
		if resp != nil {
			status, id = resp.StatusCode, t.key.redact(resp.Header.Get("X-Wix-Request-Id"))
		}
		tally.add(status, id)
	}
	return resp, err
}
