package wixclient

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

const testKey = "IST.test-secret-key-0123456789"

// sleepRecorder replaces the real wait between attempts so retry tests run
// instantly while still seeing every wait the client asked for.
type sleepRecorder struct {
	mu    sync.Mutex
	waits []time.Duration
}

func (s *sleepRecorder) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.waits = append(s.waits, d)
	s.mu.Unlock()
	return ctx.Err()
}

func (s *sleepRecorder) recorded() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.waits...)
}

// newTestClient builds a site-scoped client for srv with deterministic
// backoff (jitter returns its maximum) and recorded, instant sleeps.
func newTestClient(t *testing.T, srv *httptest.Server, mod func(*Options)) (*Client, *sleepRecorder) {
	t.Helper()
	opts := Options{
		BaseURL:     srv.URL,
		Key:         testKey,
		Scope:       SiteScope("site-1"),
		UserAgent:   "wix-mcp-test/1.0",
		Transport:   srv.Client().Transport,
		BaseBackoff: 100 * time.Millisecond,
	}
	if mod != nil {
		mod(&opts)
	}
	c, err := New(opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	rec := &sleepRecorder{}
	c.sleep = rec.sleep
	c.jitter = func(d time.Duration) time.Duration { return d }
	return c, rec
}

func TestNewValidatesOptions(t *testing.T) {
	t.Parallel()
	valid := Options{Key: testKey, Scope: AccountScope("acc-1")}
	tests := []struct {
		name    string
		mod     func(*Options)
		wantErr string // "" means New must succeed
	}{
		{"defaults", func(o *Options) {}, ""},
		{"https origin with slash", func(o *Options) { o.BaseURL = "https://www.wixapis.com/" }, ""},
		{"http on 127.0.0.1", func(o *Options) { o.BaseURL = "http://127.0.0.1:8080" }, ""},
		{"http on 127.5.6.7", func(o *Options) { o.BaseURL = "http://127.5.6.7:1" }, ""},
		{"http on ::1", func(o *Options) { o.BaseURL = "http://[::1]:9000" }, ""},
		{"http on localhost", func(o *Options) { o.BaseURL = "http://LOCALHOST:9000" }, ""},
		{"site scope", func(o *Options) { o.Scope = SiteScope("s") }, ""},
		{"empty key", func(o *Options) { o.Key = "" }, "API key is empty"},
		{"key with newline", func(o *Options) { o.Key = testKey + "\r\nX: y" }, "API key contains"},
		{"key with space", func(o *Options) { o.Key = "a " + testKey }, "API key contains"},
		{"zero scope", func(o *Options) { o.Scope = Scope{} }, "scope kind"},
		{"unknown scope kind", func(o *Options) { o.Scope = Scope{Kind: "user", ID: "x"} }, "scope kind"},
		{"empty account ID", func(o *Options) { o.Scope = AccountScope("") }, "account ID is empty"},
		{"empty site ID", func(o *Options) { o.Scope = SiteScope("") }, "site ID is empty"},
		{"site ID with CRLF", func(o *Options) { o.Scope = SiteScope("s\r\nx") }, "site ID contains"},
		{"http on public host", func(o *Options) { o.BaseURL = "http://www.wixapis.com" }, "non-loopback host"},
		{"http on loopback-looking name", func(o *Options) { o.BaseURL = "http://127.0.0.1.evil.example" }, "non-loopback host"},
		{"http on localhost subdomain", func(o *Options) { o.BaseURL = "http://localhost.evil.example" }, "non-loopback host"},
		{"http on hex IP", func(o *Options) { o.BaseURL = "http://0x7f000001" }, "non-loopback host"},
		{"ftp scheme", func(o *Options) { o.BaseURL = "ftp://127.0.0.1" }, "must use https"},
		{"no scheme", func(o *Options) { o.BaseURL = "www.wixapis.com" }, "must use https"},
		{"no host", func(o *Options) { o.BaseURL = "https://" }, "no host"},
		{"port only", func(o *Options) { o.BaseURL = "https://:443" }, "no host"},
		{"path", func(o *Options) { o.BaseURL = "https://www.wixapis.com/v1" }, "must not have a path"},
		{"query", func(o *Options) { o.BaseURL = "https://www.wixapis.com?a=b" }, "must not have a query"},
		{"empty query", func(o *Options) { o.BaseURL = "https://www.wixapis.com?" }, "must not have a query"},
		{"fragment", func(o *Options) { o.BaseURL = "https://www.wixapis.com#x" }, "must not have a fragment"},
		{"userinfo", func(o *Options) { o.BaseURL = "https://user:" + testKey + "@www.wixapis.com" }, "userinfo"},
		{"unparsable", func(o *Options) { o.BaseURL = "https://www.wix apis.com" }, "does not parse"},
		{"negative timeout", func(o *Options) { o.Timeout = -time.Second }, "must not be negative"},
		{"negative attempts", func(o *Options) { o.MaxAttempts = -1 }, "must not be negative"},
		{"user agent with newline", func(o *Options) { o.UserAgent = "a\nb" }, "user agent"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := valid
			tt.mod(&opts)
			c, err := New(opts)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("New: %v", err)
				}
				if c.Scope() != opts.Scope {
					t.Errorf("Scope() = %v, want %v", c.Scope(), opts.Scope)
				}
				return
			}
			if err == nil {
				t.Fatalf("New succeeded, want error containing %q", tt.wantErr)
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error %q does not contain %q", err, tt.wantErr)
			}
			if strings.Contains(err.Error(), testKey) {
				t.Errorf("error %q contains the key", err)
			}
		})
	}
}

func TestDoSendsExactHeaders(t *testing.T) {
	t.Parallel()
	type seen struct {
		method, path, rawQuery, body string
		header                       http.Header
	}
	tests := []struct {
		name        string
		scope       Scope
		req         rawRequest
		wantScopeH  string
		wantOtherH  string
		wantCT      string
		wantRawPath string
		wantQuery   string
	}{
		{
			name:  "site GET without body",
			scope: SiteScope("site-123"),
			req: rawRequest{Method: "GET", Path: "/contacts/v4/contacts/abc",
				Query: url.Values{"fieldsets": {"FULL", "BASIC"}, "paging.limit": {"10"}}},
			wantScopeH: "wix-site-id", wantOtherH: "wix-account-id",
			wantRawPath: "/contacts/v4/contacts/abc",
			wantQuery:   "fieldsets=FULL&fieldsets=BASIC&paging.limit=10",
		},
		{
			name:       "account POST with body",
			scope:      AccountScope("acc-9"),
			req:        rawRequest{Method: "POST", Path: "/site-list/v2/sites/query", Body: json.RawMessage(`{"query":{}}`)},
			wantScopeH: "wix-account-id", wantOtherH: "wix-site-id", wantCT: "application/json",
			wantRawPath: "/site-list/v2/sites/query",
		},
		{
			name:       "lower-case method, encoded segment",
			scope:      SiteScope("s"),
			req:        rawRequest{Method: "delete", Path: "/wix-data/v2/items/a%20b"},
			wantScopeH: "wix-site-id", wantOtherH: "wix-account-id",
			wantRawPath: "/wix-data/v2/items/a%20b",
		},
		{
			name:       "PATCH with body",
			scope:      SiteScope("s"),
			req:        rawRequest{Method: "PATCH", Path: "/contacts/v4/contacts/c1", Body: json.RawMessage(`{"revision":1}`)},
			wantScopeH: "wix-site-id", wantOtherH: "wix-account-id", wantCT: "application/json",
			wantRawPath: "/contacts/v4/contacts/c1",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := make(chan seen, 1)
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				b, _ := io.ReadAll(r.Body)
				got <- seen{r.Method, r.URL.EscapedPath(), r.URL.RawQuery, string(b), r.Header.Clone()}
				w.Header().Set("X-Wix-Request-Id", "req-1")
				w.Write([]byte(`{"ok":true}`))
			}))
			defer srv.Close()
			c, _ := newTestClient(t, srv, func(o *Options) { o.Scope = tt.scope })
			resp, err := doRaw(context.Background(), c, tt.req)
			if err != nil {
				t.Fatalf("Do: %v", err)
			}
			if resp.Status != 200 || string(resp.Body) != `{"ok":true}` || resp.RequestID != "req-1" || resp.Attempts != 1 {
				t.Errorf("response = %+v", resp)
			}
			s := <-got
			if want := strings.ToUpper(tt.req.Method); s.method != want {
				t.Errorf("method = %q, want %q", s.method, want)
			}
			if s.path != tt.wantRawPath || s.rawQuery != tt.wantQuery {
				t.Errorf("sent %q?%q, want %q?%q", s.path, s.rawQuery, tt.wantRawPath, tt.wantQuery)
			}
			if s.body != string(tt.req.Body) {
				t.Errorf("body = %q, want %q", s.body, tt.req.Body)
			}
			checks := map[string]string{
				"Authorization": testKey, // raw, no "Bearer "
				tt.wantScopeH:   tt.scope.ID,
				"User-Agent":    "wix-mcp-test/1.0",
				"Accept":        "application/json",
				"Content-Type":  tt.wantCT,
				tt.wantOtherH:   "",
			}
			for name, want := range checks {
				if vals := s.header.Values(name); (want == "" && len(vals) != 0) || (want != "" && (len(vals) != 1 || vals[0] != want)) {
					t.Errorf("header %s = %q, want %q", name, vals, want)
				}
			}
		})
	}
}

func TestDoRefusesBadMethodAndBody(t *testing.T) {
	t.Parallel()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	c, _ := newTestClient(t, srv, nil)
	for _, r := range []rawRequest{
		{Method: "TRACE", Path: "/x"},
		{Method: "GET /evil HTTP/1.1\r\n", Path: "/x"},
		{Method: "POST", Path: "/x", Body: json.RawMessage(`{"a":`)},
	} {
		if _, err := doRaw(context.Background(), c, r); err == nil {
			t.Errorf("Do(%q %q) succeeded", r.Method, r.Body)
		}
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("server got %d requests, want 0", n)
	}
}

func TestCallerCancellationAbortsUpstream(t *testing.T) {
	t.Parallel()
	started := make(chan struct{})
	upstreamCancelled := make(chan bool, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(started)
		select {
		case <-r.Context().Done():
			upstreamCancelled <- true
		case <-time.After(5 * time.Second):
			upstreamCancelled <- false
		}
	}))
	defer srv.Close()
	c, rec := newTestClient(t, srv, nil)
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-started
		cancel()
	}()
	_, err := doRaw(ctx, c, rawRequest{Method: "GET", Path: "/stores/v3/products/p1"})
	var te *TransportError
	if !errors.As(err, &te) {
		t.Fatalf("err = %v, want *TransportError", err)
	}
	if !errors.Is(err, context.Canceled) || te.Timeout || te.Attempts != 1 {
		t.Errorf("err = %v (timeout %v, attempts %d), want a single cancelled attempt", err, te.Timeout, te.Attempts)
	}
	if !<-upstreamCancelled {
		t.Error("the upstream handler never saw its request context done")
	}
	if w := rec.recorded(); len(w) != 0 {
		t.Errorf("waited %v before retrying a cancelled call", w)
	}
}

func TestPerAttemptTimeout(t *testing.T) {
	t.Parallel()
	var hits atomic.Int32
	upstreamDone := make(chan bool, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		select {
		case <-r.Context().Done():
			upstreamDone <- true
		case <-time.After(5 * time.Second):
			upstreamDone <- false
		}
	}))
	defer srv.Close()
	c, _ := newTestClient(t, srv, func(o *Options) { o.Timeout = 50 * time.Millisecond })
	_, err := doRaw(context.Background(), c, rawRequest{Method: "GET", Path: "/contacts/v4/contacts"})
	var te *TransportError
	if !errors.As(err, &te) || !te.Timeout {
		t.Fatalf("err = %#v, want *TransportError with Timeout", err)
	}
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "no answer within 50ms") {
		t.Errorf("err = %v", err)
	}
	if !<-upstreamDone {
		t.Error("the upstream handler never saw its request context done")
	}
	if n := hits.Load(); n != 1 {
		t.Errorf("server got %d requests, want 1 (timeouts are not retried)", n)
	}
}

func TestBodyCap(t *testing.T) {
	t.Parallel()
	const limit = 64
	tests := []struct {
		name     string
		status   int
		size     int
		chunked  bool
		wantFail bool
	}{
		{"exactly the cap", 200, limit, false, false},
		{"exactly the cap, chunked", 200, limit, true, false},
		{"empty, with length", 200, 0, false, false},
		{"one byte over, with length", 200, limit + 1, false, true},
		{"far over, chunked", 200, 10 * limit, true, true},
		{"error body over the cap", 404, limit + 1, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(tt.status)
				body := []byte(strings.Repeat("x", tt.size))
				if tt.chunked {
					w.Write(body[:1])
					w.(http.Flusher).Flush()
					body = body[1:]
				}
				w.Write(body)
			}))
			defer srv.Close()
			c, _ := newTestClient(t, srv, func(o *Options) { o.MaxBodyBytes = limit })
			resp, err := doRaw(context.Background(), c, rawRequest{Method: "GET", Path: "/x"})
			if !tt.wantFail {
				if err != nil || len(resp.Body) != tt.size {
					t.Fatalf("Do = %v, %v; want the %d-byte body", resp, err, tt.size)
				}
				return
			}
			var te *TransportError
			if !errors.As(err, &te) || !errors.Is(err, ErrBodyTooLarge) {
				t.Fatalf("err = %v, want *TransportError wrapping ErrBodyTooLarge", err)
			}
			if !strings.Contains(err.Error(), "exceeded 64 bytes") || te.Attempts != 1 {
				t.Errorf("err = %v (attempts %d)", err, te.Attempts)
			}
		})
	}
}

// Answers of unknown length are read through pooled buffers: a body
// handed out must stay as it was when later answers reuse the buffer.
func TestChunkedBodiesDoNotShareMemory(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fill := r.URL.Query().Get("fill")
		w.Write([]byte(fill))
		w.(http.Flusher).Flush() // no Content-Length: chunked
		w.Write([]byte(strings.Repeat(fill, chunkedSize(fill)-1)))
	}))
	defer srv.Close()
	c, _ := newTestClient(t, srv, nil)
	var bodies [][]byte
	for _, fill := range []string{"a", "b", "c", "d"} {
		resp, err := doRaw(context.Background(), c, rawRequest{Method: "GET", Path: "/x", Query: url.Values{"fill": {fill}}})
		if err != nil {
			t.Fatal(err)
		}
		bodies = append(bodies, resp.Body)
	}
	for i, fill := range []string{"a", "b", "c", "d"} {
		if want := strings.Repeat(fill, chunkedSize(fill)); string(bodies[i]) != want {
			t.Errorf("body %d changed after later calls: starts %q, %d bytes", i, bodies[i][:min(8, len(bodies[i]))], len(bodies[i]))
		}
	}
}

// chunkedSize is how long the answer filled with fill is: some fit the
// client's 32 KiB read scratch, some do not.
func chunkedSize(fill string) int {
	if fill == "b" || fill == "d" {
		return 40 << 10
	}
	return 3001
}

// hijack takes the raw connection from a handler, for answers net/http
// would refuse to write.
func hijack(t *testing.T, w http.ResponseWriter) net.Conn {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err != nil {
		t.Errorf("hijack: %v", err)
		return nil
	}
	return conn
}

func TestTruncatedBody(t *testing.T) {
	t.Parallel()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		io.Copy(io.Discard, r.Body)
		if conn := hijack(t, w); conn != nil {
			fmt.Fprint(conn, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"contact\":{\"id\":")
			conn.Close()
		}
	}))
	defer srv.Close()
	c, _ := newTestClient(t, srv, nil)
	resp, err := doRaw(context.Background(), c, rawRequest{Method: "POST", Path: "/contacts/v4/contacts", Body: json.RawMessage(`{}`)})
	var te *TransportError
	if !errors.As(err, &te) {
		t.Fatalf("Do = %v, %v; want *TransportError", resp, err)
	}
	if !errors.Is(err, io.ErrUnexpectedEOF) || !strings.Contains(err.Error(), "cut short") {
		t.Errorf("err = %v, want a cut-short error", err)
	}
	if n := hits.Load(); n != 1 {
		t.Errorf("a write was sent %d times", n)
	}
}

func TestConcurrentUse(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Wix-Request-Id", r.URL.Path)
		w.Write([]byte(r.URL.Path))
	}))
	defer srv.Close()
	c, _ := newTestClient(t, srv, nil)
	var wg sync.WaitGroup
	errs := make(chan error, 32)
	for i := range 32 {
		wg.Go(func() {
			p := fmt.Sprintf("/items/%d", i)
			resp, err := doRaw(context.Background(), c, rawRequest{Method: "GET", Path: p})
			switch {
			case err != nil:
				errs <- err
			case string(resp.Body) != p || resp.RequestID != p:
				errs <- fmt.Errorf("asked %s, got %s", p, resp.Body)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestClientPrintsWithoutKey(t *testing.T) {
	t.Parallel()
	c, err := New(Options{Key: testKey, Scope: SiteScope("s1")})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{fmt.Sprintf("%v", c), fmt.Sprintf("%+v", c), fmt.Sprintf("%#v", c), fmt.Sprint(*c)} {
		if strings.Contains(s, testKey) {
			t.Errorf("printed client %q contains the key", s)
		}
	}
}

// BenchmarkDo measures a whole small read over loopback: validation,
// headers, the round trip and decoding the answer.
func BenchmarkDo(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"contact":{"id":"c1"}}`))
	}))
	defer srv.Close()
	c, err := New(Options{BaseURL: srv.URL, Key: testKey, Scope: SiteScope("s"), Transport: srv.Client().Transport})
	if err != nil {
		b.Fatal(err)
	}
	req := Request{Method: "GET", Path: MustParsePath("/contacts/v4/contacts/c1")}
	for b.Loop() {
		if _, err := c.Do(context.Background(), req); err != nil {
			b.Fatal(err)
		}
	}
}
