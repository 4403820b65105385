package wixsim

import (
	"bytes"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Fault is a misbehaviour injected in front of the emulated API. The first
// queued fault that matches a request applies to it. Exactly one of Hang,
// Reset, Status, OversizeBytes and Malformed is normally set; Latency and
// Truncate combine with the others (Latency delays, Truncate cuts the
// answer, real or injected, in half).
type Fault struct {
	// Match is a path prefix; "" matches every path.
	Match string
	// Method matches the HTTP method; "" matches every method.
	Method string
	// Times is how many matching calls the fault hits; 0 means every call
	// until ClearFaults.
	Times int
	// Status and Code make a Wix-shaped error answer; Code defaults to the
	// status's gRPC name (e.g. UNAVAILABLE for 503).
	Status int
	Code   string
	// RetryAfter is sent as the Retry-After header of the Status answer.
	RetryAfter string
	// Latency delays the answer; a client that gives up first is logged
	// as Cancelled.
	Latency time.Duration
	// Hang blocks until the request's context is cancelled.
	Hang bool
	// OversizeBytes answers 200 with a valid JSON body of this many bytes.
	OversizeBytes int
	// Malformed answers 200 with a body that is not JSON.
	Malformed bool
	// Truncate declares the full Content-Length, sends half the body and
	// closes the connection.
	Truncate bool
	// Reset closes the connection without any answer.
	Reset bool
}

type faultQueue struct {
	mu     sync.Mutex
	faults []*Fault
}

// Inject queues a fault.
func (s *Sim) Inject(f Fault) {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.faults = append(s.faults.faults, &f)
}

// ClearFaults removes every queued fault.
func (s *Sim) ClearFaults() {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.faults = nil
}

// take returns a copy of the first fault matching the request and uses up
// one of its Times.
func (q *faultQueue) take(method, path string) *Fault {
	q.mu.Lock()
	defer q.mu.Unlock()
	for i, f := range q.faults {
		if f.Method != "" && !strings.EqualFold(f.Method, method) {
			continue
		}
		if !strings.HasPrefix(path, f.Match) {
			continue
		}
		hit := *f
		if f.Times > 0 {
			f.Times--
			if f.Times == 0 {
				q.faults = append(q.faults[:i], q.faults[i+1:]...)
			}
		}
		return &hit
	}
	return nil
}

func faultError(f *Fault) *apiError {
	code := f.Code
	if code == "" {
		code = grpcName(f.Status)
	}
	e := appErr(f.Status, code, "injected fault: "+http.StatusText(f.Status))
	e.retryAfter = f.RetryAfter
	return e
}

// oversizeBody is a valid JSON object of exactly n bytes (at least the
// 15 bytes of the smallest one).
func oversizeBody(n int) []byte {
	const head, tail = `{"padding":"`, `"}`
	pad := n - len(head) - len(tail)
	if pad < 0 {
		pad = 0
	}
	var b bytes.Buffer
	b.Grow(n)
	b.WriteString(head)
	b.Write(bytes.Repeat([]byte("x"), pad))
	b.WriteString(tail)
	return b.Bytes()
}

// rateLimiter is a fixed one-minute window per key. Wix documents 200
// requests per minute per instance and no Retry-After
// (https://dev.wix.com/docs/rest/articles/get-started/rate-limits), so the
// window and header are the sim's choice.
type rateLimiter struct {
	mu         sync.Mutex
	now        func() time.Time
	perMinute  int
	retryAfter string
	windows    map[string]*rateWindow
}

type rateWindow struct {
	start time.Time
	count int
}

// SetRateLimit answers 429 RESOURCE_EXHAUSTED to requests beyond perMinute
// per key per minute, with Retry-After set when retryAfter is not empty.
// 0 disables the limit. Counting restarts on every call.
func (s *Sim) SetRateLimit(perMinute int, retryAfter string) {
	s.rate.mu.Lock()
	defer s.rate.mu.Unlock()
	s.rate.perMinute = perMinute
	s.rate.retryAfter = retryAfter
	s.rate.windows = map[string]*rateWindow{}
}

func (l *rateLimiter) allow(key string) *apiError {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.perMinute <= 0 {
		return nil
	}
	now := l.now()
	w := l.windows[key]
	if w == nil || now.Sub(w.start) >= time.Minute {
		w = &rateWindow{start: now}
		l.windows[key] = w
	}
	if w.count >= l.perMinute {
		e := appErr(http.StatusTooManyRequests, "RESOURCE_EXHAUSTED", "too many requests, try again later")
		e.retryAfter = l.retryAfter
		return e
	}
	w.count++
	return nil
}
