package httpserve

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/rs/zerolog"
)

const testToken = "0123456789abcdef-test-token"

// newTestGuard guards a handler that echoes the body's length and sets a
// wildcard CORS header, as mcp-go's SSE handler does.
func newTestGuard(t *testing.T, requireAuth bool, origins []string) (http.Handler, *atomic.Bool) {
	t.Helper()
	policy, err := newHostPolicy("127.0.0.1:8080", []string{"mcp.example.com"}, origins)
	if err != nil {
		t.Fatal(err)
	}
	draining := &atomic.Bool{}
	g := &guard{policy: policy, requireAuth: requireAuth, tokenHash: sha256Sum(testToken), maxBody: 64, draining: draining, log: zerolog.Nop()}
	next := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		w.Header().Set("Access-Control-Allow-Origin", "*")
		io.WriteString(w, "reached "+strings.Repeat("x", len(b)))
	})
	return g.wrap(next), draining
}

func TestGuard(t *testing.T) {
	t.Parallel()
	type req struct {
		method, host, origin, auth, body string
		chunked                          bool
		preflight                        bool
	}
	tests := []struct {
		name       string
		noAuth     bool
		origins    []string
		req        req
		wantStatus int
		wantACAO   string
		wantWWW    bool
	}{
		{name: "no token", req: req{}, wantStatus: 401, wantWWW: true},
		{name: "wrong token", req: req{auth: "Bearer wrong-token-wrong-token"}, wantStatus: 401, wantWWW: true},
		{name: "token prefix", req: req{auth: "Bearer " + testToken[:10]}, wantStatus: 401, wantWWW: true},
		{name: "basic scheme", req: req{auth: "Basic " + testToken}, wantStatus: 401, wantWWW: true},
		{name: "token without scheme", req: req{auth: testToken}, wantStatus: 401, wantWWW: true},
		{name: "right token", req: req{auth: "Bearer " + testToken}, wantStatus: 200},
		{name: "scheme is case-insensitive", req: req{auth: "bearer " + testToken}, wantStatus: 200},
		{name: "no auth mode", noAuth: true, req: req{}, wantStatus: 200},
		{name: "rebinding host beats missing token", req: req{host: "evil.example:8080"}, wantStatus: 403},
		{name: "rebinding host with token", req: req{host: "evil.example:8080", auth: "Bearer " + testToken}, wantStatus: 403},
		{name: "rebinding host without auth", noAuth: true, req: req{host: "evil.example:8080"}, wantStatus: 403},
		{name: "allowlisted host", req: req{host: "mcp.example.com", auth: "Bearer " + testToken}, wantStatus: 200},
		{name: "foreign origin", req: req{origin: "https://evil.example", auth: "Bearer " + testToken}, wantStatus: 403},
		{name: "foreign origin without auth", noAuth: true, req: req{origin: "https://evil.example"}, wantStatus: 403},
		{name: "null origin", req: req{origin: "null", auth: "Bearer " + testToken}, wantStatus: 403},
		{name: "allowed origin", origins: []string{"https://app.example.com"}, req: req{origin: "https://app.example.com", auth: "Bearer " + testToken}, wantStatus: 200, wantACAO: "https://app.example.com"},
		{name: "allowed origin still needs the token", origins: []string{"https://app.example.com"}, req: req{origin: "https://app.example.com"}, wantStatus: 401, wantACAO: "https://app.example.com", wantWWW: true},
		{name: "same origin", req: req{host: "127.0.0.1:8080", origin: "http://127.0.0.1:8080", auth: "Bearer " + testToken}, wantStatus: 200, wantACAO: "http://127.0.0.1:8080"},
		{name: "preflight from allowed origin needs no token", origins: []string{"https://app.example.com"}, req: req{method: "OPTIONS", origin: "https://app.example.com", preflight: true}, wantStatus: 204, wantACAO: "https://app.example.com"},
		{name: "preflight from foreign origin", req: req{method: "OPTIONS", origin: "https://evil.example", preflight: true}, wantStatus: 403},
		{name: "body at the limit", req: req{auth: "Bearer " + testToken, body: strings.Repeat("a", 64)}, wantStatus: 200},
		{name: "body over the limit", req: req{auth: "Bearer " + testToken, body: strings.Repeat("a", 65)}, wantStatus: 413},
		{name: "chunked body over the limit", req: req{auth: "Bearer " + testToken, body: strings.Repeat("a", 65), chunked: true}, wantStatus: 413},
		{name: "oversized body without token is 401", req: req{body: strings.Repeat("a", 1000)}, wantStatus: 401, wantWWW: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, _ := newTestGuard(t, !tt.noAuth, tt.origins)
			method := tt.req.method
			if method == "" {
				method = "POST"
			}
			var body io.Reader = strings.NewReader(tt.req.body)
			if tt.req.chunked {
				body = io.MultiReader(strings.NewReader(tt.req.body)) // unknown length
			}
			r := httptest.NewRequest(method, "http://localhost:8080/mcp", body)
			if tt.req.chunked {
				r.ContentLength = -1
			}
			if tt.req.host != "" {
				r.Host = tt.req.host
			}
			if tt.req.origin != "" {
				r.Header.Set("Origin", tt.req.origin)
			}
			if tt.req.auth != "" {
				r.Header.Set("Authorization", tt.req.auth)
			}
			if tt.req.preflight {
				r.Header.Set("Access-Control-Request-Method", "POST")
				r.Header.Set("Access-Control-Request-Headers", "authorization, content-type")
			}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code != tt.wantStatus {
				t.Fatalf("status %d, want %d; body %q", w.Code, tt.wantStatus, w.Body.String())
			}
			if got := w.Header().Get("Access-Control-Allow-Origin"); got != tt.wantACAO {
				t.Errorf("Access-Control-Allow-Origin = %q, want %q", got, tt.wantACAO)
			}
			if got := w.Header().Get("WWW-Authenticate"); (got != "") != tt.wantWWW || (tt.wantWWW && !strings.HasPrefix(got, "Bearer")) {
				t.Errorf("WWW-Authenticate = %q", got)
			}
			if w.Code == 200 && !strings.HasPrefix(w.Body.String(), "reached") {
				t.Errorf("handler not reached: %q", w.Body.String())
			}
			if w.Code != 200 && strings.Contains(w.Body.String(), "reached") {
				t.Errorf("handler reached on a refused request")
			}
			if strings.Contains(w.Body.String(), testToken) {
				t.Errorf("the token is echoed")
			}
			if tt.req.preflight && w.Code == 204 && !strings.Contains(w.Header().Get("Access-Control-Allow-Headers"), "Authorization") {
				t.Errorf("preflight must allow the Authorization header: %q", w.Header().Get("Access-Control-Allow-Headers"))
			}
		})
	}
}

func TestGuardDraining(t *testing.T) {
	t.Parallel()
	h, draining := newTestGuard(t, true, nil)
	draining.Store(true)
	r := httptest.NewRequest("POST", "http://localhost:8080/mcp", strings.NewReader("{}"))
	r.Header.Set("Authorization", "Bearer "+testToken)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != http.StatusServiceUnavailable {
		t.Errorf("status %d while draining, want 503", w.Code)
	}
}

func TestHealth(t *testing.T) {
	t.Parallel()
	draining := &atomic.Bool{}
	h := health(draining)
	for _, tt := range []struct {
		method   string
		draining bool
		want     int
		body     string
	}{
		{"GET", false, 200, "ok\n"},
		{"HEAD", false, 200, ""},
		{"POST", false, 405, "Method Not Allowed\n"},
		{"GET", true, 503, "draining\n"},
	} {
		draining.Store(tt.draining)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(tt.method, "/healthz", nil))
		if w.Code != tt.want || w.Body.String() != tt.body {
			t.Errorf("%s draining=%v: %d %q, want %d %q", tt.method, tt.draining, w.Code, w.Body.String(), tt.want, tt.body)
		}
	}
}
