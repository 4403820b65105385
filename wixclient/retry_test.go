package wixclient

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync/atomic"
	"testing"
	"time"
)

func TestIsRetryableRead(t *testing.T) {
	t.Parallel()
	tests := []struct {
		method, path string
		want         bool
	}{
		{"GET", "/contacts/v4/contacts/c1", true},
		{"get", "/anything", true},
		{"POST", "/contacts/v4/contacts/query", true},
		{"POST", "/stores/v3/products/search", true},
		{"POST", "/site-list/v2/sites/count", true},
		{"POST", "/site-list/v2/sites/query/", true},
		{"POST", "/contacts/v4/contacts", false},
		{"POST", "/wix-data/v2/bulk/items/insert", false},
		{"POST", "/x/queryX", false},
		{"POST", "/query/x", false},
		{"POST", "/stores-reader/v1/products/query-platformized", false},
		{"PUT", "/x/query", false},
		{"PATCH", "/contacts/v4/contacts/c1", false},
		{"DELETE", "/contacts/v4/contacts/c1", false},
	}
	for _, tt := range tests {
		if got := IsRetryableRead(tt.method, MustParsePath(tt.path)); got != tt.want {
			t.Errorf("IsRetryableRead(%q, %q) = %v, want %v", tt.method, tt.path, got, tt.want)
		}
	}
}

// step is one scripted answer of the retry server.
type step struct {
	status     int
	retryAfter string
	reset      bool // drop the connection with a TCP reset instead of answering
}

func TestRetryMatrix(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	const base = 100 * time.Millisecond
	tests := []struct {
		name        string
		method      string
		path        string
		maxAttempts int
		steps       []step
		wantHits    int
		wantStatus  int // final APIError status; 0 means success or transport error
		wantTranspt bool
		wantWaits   []time.Duration
	}{
		{name: "429 Retry-After seconds", method: "GET", path: "/x", steps: []step{{status: 429, retryAfter: "2"}, {status: 200}},
			wantHits: 2, wantWaits: []time.Duration{2 * time.Second}},
		{name: "503 Retry-After HTTP date", method: "GET", path: "/x",
			steps:    []step{{status: 503, retryAfter: now.Add(3 * time.Second).Format(http.TimeFormat)}, {status: 200}},
			wantHits: 2, wantWaits: []time.Duration{3 * time.Second}},
		{name: "502 then 504 then OK, exponential backoff", method: "GET", path: "/x", steps: []step{{status: 502}, {status: 504}, {status: 200}},
			wantHits: 3, wantWaits: []time.Duration{base, 2 * base}},
		{name: "503 every time gives up after MaxAttempts", method: "GET", path: "/x", steps: []step{{status: 503}, {status: 503}, {status: 503}, {status: 200}},
			wantHits: 3, wantStatus: 503, wantWaits: []time.Duration{base, 2 * base}},
		{name: "MaxAttempts 5", method: "GET", path: "/x", maxAttempts: 5, steps: []step{{status: 503}, {status: 503}, {status: 503}, {status: 503}, {status: 503}, {status: 200}},
			wantHits: 5, wantStatus: 503, wantWaits: []time.Duration{base, 2 * base, 4 * base, 8 * base}},
		{name: "MaxAttempts 1 disables retries", method: "GET", path: "/x", maxAttempts: 1, steps: []step{{status: 503}, {status: 200}},
			wantHits: 1, wantStatus: 503},
		{name: "POST query is a read", method: "POST", path: "/contacts/v4/contacts/query", steps: []step{{status: 503}, {status: 200}},
			wantHits: 2, wantWaits: []time.Duration{base}},
		{name: "connection reset twice then OK", method: "GET", path: "/x", steps: []step{{reset: true}, {reset: true}, {status: 200}},
			wantHits: 3, wantWaits: []time.Duration{base, 2 * base}},
		{name: "connection reset every time", method: "GET", path: "/x", steps: []step{{reset: true}, {reset: true}, {reset: true}},
			wantHits: 3, wantTranspt: true, wantWaits: []time.Duration{base, 2 * base}},
		{name: "500 not retried", method: "GET", path: "/x", steps: []step{{status: 500}, {status: 200}}, wantHits: 1, wantStatus: 500},
		{name: "400 not retried", method: "GET", path: "/x", steps: []step{{status: 400}, {status: 200}}, wantHits: 1, wantStatus: 400},
		{name: "404 not retried", method: "POST", path: "/x/search", steps: []step{{status: 404}, {status: 200}}, wantHits: 1, wantStatus: 404},
		{name: "write 503 sent once", method: "POST", path: "/contacts/v4/contacts", steps: []step{{status: 503}, {status: 200}}, wantHits: 1, wantStatus: 503},
		{name: "write 429 sent once", method: "POST", path: "/contacts/v4/contacts", steps: []step{{status: 429, retryAfter: "1"}, {status: 200}}, wantHits: 1, wantStatus: 429},
		{name: "write reset sent once", method: "POST", path: "/contacts/v4/contacts", steps: []step{{reset: true}, {status: 200}}, wantHits: 1, wantTranspt: true},
		{name: "PATCH 502 sent once", method: "PATCH", path: "/contacts/v4/contacts/c1", steps: []step{{status: 502}, {status: 200}}, wantHits: 1, wantStatus: 502},
		{name: "PUT 504 sent once", method: "PUT", path: "/x/query", steps: []step{{status: 504}, {status: 200}}, wantHits: 1, wantStatus: 504},
		{name: "DELETE 503 sent once", method: "DELETE", path: "/contacts/v4/contacts/c1", steps: []step{{status: 503}, {status: 200}}, wantHits: 1, wantStatus: 503},
		{name: "Retry-After beyond the longest wait", method: "GET", path: "/x", steps: []step{{status: 429, retryAfter: "3600"}, {status: 200}},
			wantHits: 1, wantStatus: 429},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var hits atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				n := int(hits.Add(1))
				s := tt.steps[min(n, len(tt.steps))-1]
				if s.reset {
					if conn := hijack(t, w); conn != nil {
						conn.(*net.TCPConn).SetLinger(0)
						conn.Close()
					}
					return
				}
				if s.retryAfter != "" {
					w.Header().Set("Retry-After", s.retryAfter)
				}
				w.WriteHeader(s.status)
				w.Write([]byte(`{"message":"scripted"}`))
			}))
			defer srv.Close()
			c, rec := newTestClient(t, srv, func(o *Options) { o.MaxAttempts = tt.maxAttempts; o.BaseBackoff = base })
			c.now = func() time.Time { return now }
			var body json.RawMessage
			if tt.method == "POST" {
				body = json.RawMessage(`{}`)
			}
			resp, err := doRaw(context.Background(), c, rawRequest{Method: tt.method, Path: tt.path, Body: body})

			if got := int(hits.Load()); got != tt.wantHits {
				t.Errorf("server got %d requests, want %d", got, tt.wantHits)
			}
			if got := rec.recorded(); !slices.Equal(got, tt.wantWaits) {
				t.Errorf("waits = %v, want %v", got, tt.wantWaits)
			}
			var ae *APIError
			var te *TransportError
			switch {
			case tt.wantStatus != 0:
				if !errors.As(err, &ae) || ae.Status != tt.wantStatus || ae.Attempts != tt.wantHits {
					t.Fatalf("err = %v, want *APIError %d after %d attempts", err, tt.wantStatus, tt.wantHits)
				}
			case tt.wantTranspt:
				if !errors.As(err, &te) || te.Attempts != tt.wantHits || te.Timeout {
					t.Fatalf("err = %v, want *TransportError after %d attempts", err, tt.wantHits)
				}
			default:
				if err != nil || resp.Attempts != tt.wantHits {
					t.Fatalf("Do = %+v, %v; want success after %d attempts", resp, err, tt.wantHits)
				}
			}
		})
	}
}

func TestRetryRespectsDeadline(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		retryAfter string
		backoff    time.Duration
	}{
		{"Retry-After past the deadline", "5", 10 * time.Millisecond},
		{"backoff past the deadline", "", 10 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var hits atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				hits.Add(1)
				if tt.retryAfter != "" {
					w.Header().Set("Retry-After", tt.retryAfter)
				}
				w.WriteHeader(http.StatusTooManyRequests)
			}))
			defer srv.Close()
			c, rec := newTestClient(t, srv, func(o *Options) { o.BaseBackoff = tt.backoff })
			c.sleep = sleepContext // a real wait would show up as a slow test
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			_, err := doRaw(ctx, c, rawRequest{Method: "GET", Path: "/x"})
			var ae *APIError
			if !errors.As(err, &ae) || ae.Status != 429 || ae.Attempts != 1 {
				t.Fatalf("err = %v, want the 429 after one attempt", err)
			}
			if ctx.Err() != nil {
				t.Error("Do returned only after the deadline; it should stop at once")
			}
			if n := hits.Load(); n != 1 {
				t.Errorf("server got %d requests, want 1", n)
			}
			if w := rec.recorded(); len(w) != 0 {
				t.Errorf("recorded waits %v", w)
			}
		})
	}
}

func TestCancelDuringRetryWait(t *testing.T) {
	t.Parallel()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	c, _ := newTestClient(t, srv, nil)
	ctx, cancel := context.WithCancel(context.Background())
	c.sleep = func(ctx context.Context, d time.Duration) error {
		cancel()
		return sleepContext(ctx, d)
	}
	_, err := doRaw(ctx, c, rawRequest{Method: "GET", Path: "/x"})
	var te *TransportError
	if !errors.As(err, &te) || !errors.Is(err, context.Canceled) || te.Attempts != 1 {
		t.Fatalf("err = %v, want a cancelled *TransportError after 1 attempt", err)
	}
	if want := "wix: GET /x: canceled while waiting to retry after HTTP 503: context canceled"; err.Error() != want {
		t.Errorf("err = %q, want %q", err, want)
	}
	if n := hits.Load(); n != 1 {
		t.Errorf("server got %d requests, want 1", n)
	}
}

func TestCallerDeadlineIsNotRetried(t *testing.T) {
	t.Parallel()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	}))
	defer srv.Close()
	c, rec := newTestClient(t, srv, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := doRaw(ctx, c, rawRequest{Method: "GET", Path: "/x"})
	var te *TransportError
	if !errors.As(err, &te) || te.Timeout || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %#v, want a *TransportError for the caller's deadline", err)
	}
	if n := hits.Load(); n != 1 || len(rec.recorded()) != 0 {
		t.Errorf("server got %d requests and the client waited %v; want 1 and none", n, rec.recorded())
	}
}

func TestConnectionRefusedIsRetried(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.NotFoundHandler())
	srv.Close() // nothing listens there any more
	c, rec := newTestClient(t, srv, nil)
	_, err := doRaw(context.Background(), c, rawRequest{Method: "GET", Path: "/x"})
	var te *TransportError
	if !errors.As(err, &te) || te.Attempts != DefaultMaxAttempts || te.Timeout {
		t.Fatalf("err = %v, want a *TransportError after %d attempts", err, DefaultMaxAttempts)
	}
	if len(rec.recorded()) != DefaultMaxAttempts-1 {
		t.Errorf("waits = %v", rec.recorded())
	}
}

func TestBackoff(t *testing.T) {
	t.Parallel()
	c := &Client{baseBackoff: time.Second, jitter: func(d time.Duration) time.Duration { return d }}
	want := []time.Duration{1, 2, 4, 8, 10, 10, 10}
	for i, w := range want {
		if got := c.backoff(i + 1); got != w*time.Second {
			t.Errorf("backoff(%d) = %v, want %v", i+1, got, w*time.Second)
		}
	}
	if got := c.backoff(1000); got != maxBackoff {
		t.Errorf("backoff(1000) = %v, want the cap", got)
	}
	for range 1000 {
		if d := fullJitter(time.Second); d < 0 || d > time.Second {
			t.Fatalf("fullJitter(1s) = %v, outside [0, 1s]", d)
		}
	}
	if d := fullJitter(0); d != 0 {
		t.Errorf("fullJitter(0) = %v", d)
	}
}

func TestParseRetryAfter(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"", 0},
		{"7", 7 * time.Second},
		{" 7 ", 7 * time.Second},
		{"0", 0},
		{"-3", 0},
		{"soon", 0},
		{"1.5", 0},
		{"99999999999999999", 24 * time.Hour},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second},
		{now.Add(-time.Minute).Format(http.TimeFormat), 0},
		{"Thursday, 26-Nov-26 12:00:05 GMT", 5 * time.Second}, // RFC 850, also allowed by HTTP
	}
	for _, tt := range tests {
		if got := parseRetryAfter(tt.in, now); got != tt.want {
			t.Errorf("parseRetryAfter(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
