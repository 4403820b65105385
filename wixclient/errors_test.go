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
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestAPIErrorDecoding(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		status      int
		contentType string
		body        string
		requestID   string
		want        APIError
		wantError   string
	}{
		{
			name:   "application error",
			status: 403, requestID: "abc",
			body: `{"message":"PERMISSION_DENIED: nope","details":{"applicationError":{"code":"PERMISSION_DENIED","description":"missing scope","data":{"scope":"SCOPE.STORES.PRODUCT_READ"}}}}`,
			want: APIError{Status: 403, Message: "PERMISSION_DENIED: nope", Code: "PERMISSION_DENIED", Description: "missing scope",
				Data: json.RawMessage(`{"scope":"SCOPE.STORES.PRODUCT_READ"}`), RequestID: "abc"},
			wantError: "wix: POST /x: 403 PERMISSION_DENIED: PERMISSION_DENIED: nope (request id abc)",
		},
		{
			name:   "application error, empty description",
			status: 428, requestID: "r2",
			body:      `{"message":"FAILED_PRECONDITION: Missing Token","details":{"applicationError":{"code":"REQUIRED_APP_NOT_INSTALLED","description":""}}}`,
			want:      APIError{Status: 428, Message: "FAILED_PRECONDITION: Missing Token", Code: "REQUIRED_APP_NOT_INSTALLED", RequestID: "r2"},
			wantError: "wix: POST /x: 428 REQUIRED_APP_NOT_INSTALLED: FAILED_PRECONDITION: Missing Token (request id r2)",
		},
		{
			name:   "validation error with several violations",
			status: 400, requestID: "v1",
			body: `{"message":"contact is invalid\naddresses [at index 0] is invalid","details":{"validationError":{"fieldViolations":[` +
				`{"field":"contact.addresses[0].address.subdivision","description":"is not a valid subdivision code","violatedRule":"FORMAT","data":{"type":"SUBDIVISION"}},` +
				`{"field":"contact.emails[1]","description":"bad email","violatedRule":"OTHER","ruleName":"EMAIL"}]}}}`,
			want: APIError{Status: 400, Message: "contact is invalid\naddresses [at index 0] is invalid", RequestID: "v1",
				FieldViolations: []FieldViolation{
					{Field: "contact.addresses[0].address.subdivision", Description: "is not a valid subdivision code", ViolatedRule: "FORMAT", Data: json.RawMessage(`{"type":"SUBDIVISION"}`)},
					{Field: "contact.emails[1]", Description: "bad email", ViolatedRule: "OTHER", RuleName: "EMAIL"},
				}},
			wantError: "wix: POST /x: 400: contact is invalid addresses [at index 0] is invalid (request id v1)",
		},
		{
			name: "empty 403", status: 403,
			want:      APIError{Status: 403, Message: "Forbidden"},
			wantError: "wix: POST /x: 403: Forbidden",
		},
		{
			name: "HTML 502", status: 502, contentType: "text/html", requestID: "gw",
			body:      "<html><body><h1>502 Bad Gateway</h1></body></html>",
			want:      APIError{Status: 502, Message: "Bad Gateway", RequestID: "gw"},
			wantError: "wix: POST /x: 502: Bad Gateway (request id gw)",
		},
		{
			name: "JSON without message uses the description", status: 404,
			body:      `{"details":{"applicationError":{"code":"CONTACT_NOT_FOUND","description":"no such contact"}}}`,
			want:      APIError{Status: 404, Message: "no such contact", Code: "CONTACT_NOT_FOUND", Description: "no such contact"},
			wantError: "wix: POST /x: 404 CONTACT_NOT_FOUND: no such contact",
		},
		{
			name: "numeric code", status: 409,
			body:      `{"message":"entity has already changed","details":{"applicationError":{"code":409}}}`,
			want:      APIError{Status: 409, Message: "entity has already changed", Code: "409"},
			wantError: "wix: POST /x: 409 409: entity has already changed",
		},
		{
			name: "unknown status", status: 499, body: `[1,2]`,
			want:      APIError{Status: 499, Message: "HTTP 499"},
			wantError: "wix: POST /x: 499: HTTP 499",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if tt.requestID != "" {
					w.Header().Set("X-Wix-Request-Id", tt.requestID)
				}
				if tt.contentType != "" {
					w.Header().Set("Content-Type", tt.contentType)
				}
				w.WriteHeader(tt.status)
				io.WriteString(w, tt.body)
			}))
			defer srv.Close()
			c, _ := newTestClient(t, srv, nil)
			_, err := doRaw(context.Background(), c, rawRequest{Method: "POST", Path: "/x", Body: json.RawMessage(`{}`)})
			var ae *APIError
			if !errors.As(err, &ae) {
				t.Fatalf("err = %v, want *APIError", err)
			}
			want := tt.want
			want.Method, want.Path, want.Attempts = "POST", "/x", 1
			if !reflect.DeepEqual(*ae, want) {
				t.Errorf("decoded\n %+v\nwant\n %+v", *ae, want)
			}
			if err.Error() != tt.wantError {
				t.Errorf("Error() = %q\nwant      %q", err.Error(), tt.wantError)
			}
		})
	}
}

func TestAPIErrorHint(t *testing.T) {
	t.Parallel()
	tests := []struct {
		err  APIError
		want string
	}{
		{APIError{Status: 401}, "check the key is valid and not revoked"},
		{APIError{Status: 403}, "the key lacks a permission for this API, the site is not granted to the key, or the wrong scope (site vs account)"},
		{APIError{Status: 404}, "check the path against the REST reference (dev.wix.com/docs/rest)"},
		{APIError{Status: 404, Code: "NOT_FOUND"}, "check the path against the REST reference (dev.wix.com/docs/rest)"},
		{APIError{Status: 404, Code: "CONTACT_NOT_FOUND"}, "no contact with that ID: the path is right, but Wix has no such contact on this site (deleted, or an ID from another site); query them to find the right ID"},
		{APIError{Status: 404, Code: "SITE_MEMBER_NOT_FOUND"}, "no site member with that ID: the path is right, but Wix has no such site member on this site (deleted, or an ID from another site); query them to find the right ID"},
		{APIError{Status: 404, Code: "ENTITY_NOT_FOUND"}, "no entity with that ID: the path is right, but Wix has no such entity on this site (deleted, or an ID from another site); query them to find the right ID"},
		{APIError{Status: 409}, "revision conflict: fetch the latest revision and retry"},
		{APIError{Status: 428}, "the app is not installed on the site or a premium plan is needed"},
		{APIError{Status: 429}, "rate limited: wait a minute and retry"},
		{APIError{Status: 429, RetryAfter: 30 * time.Second}, "rate limited: retry after 30s"},
		{APIError{Status: 400, FieldViolations: []FieldViolation{{Field: "a.b"}, {Field: "c"}}}, "fix those fields: a.b, c"},
		{APIError{Status: 400, FieldViolations: []FieldViolation{{Description: "x"}}}, "fix the fields the validation error names"},
		{APIError{Status: 400}, "check the request parameters and body against the REST reference (dev.wix.com/docs/rest)"},
		{APIError{Status: 500}, "Wix-side error, try again later"},
		{APIError{Status: 503}, "Wix-side error, try again later"},
		{APIError{Status: 302}, "redirects are never followed: the client only calls its base URL"},
		{APIError{Status: 418}, ""},
	}
	for _, tt := range tests {
		if got := tt.err.Hint(); got != tt.want {
			t.Errorf("Hint() for %d = %q, want %q", tt.err.Status, got, tt.want)
		}
	}
}

// TestErrorsNeverContainKey builds every kind of error with a known key,
// including answers that echo the key back, and checks no text shows it.
func TestErrorsNeverContainKey(t *testing.T) {
	t.Parallel()
	echo := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key := r.Header.Get("Authorization")
		w.Header().Set("X-Wix-Request-Id", "id-"+key)
		switch r.URL.Path {
		case "/echo-app":
			w.WriteHeader(401)
			fmt.Fprintf(w, `{"message":"bad token %s","details":{"applicationError":{"code":"%s","description":"token %s","data":{"token":"%s"}}}}`, key, key, key, key)
		case "/echo-validation":
			w.WriteHeader(400)
			fmt.Fprintf(w, `{"message":"m","details":{"validationError":{"fieldViolations":[{"field":"%s","description":"%s","violatedRule":"%s","ruleName":"%s","data":{"k":"%s"}}]}}}`, key, key, key, key, key)
		case "/echo-html":
			w.WriteHeader(403)
			fmt.Fprintf(w, "<p>%s</p>", key)
		case "/big":
			w.Write([]byte(strings.Repeat(key, 100)))
		case "/cut":
			if conn := hijack(t, w); conn != nil {
				fmt.Fprintf(conn, "HTTP/1.1 200 OK\r\nContent-Length: 400\r\n\r\n%s", key)
				conn.Close()
			}
		case "/reset":
			if conn := hijack(t, w); conn != nil {
				conn.(*net.TCPConn).SetLinger(0)
				conn.Close()
			}
		case "/slow":
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
		case "/429":
			w.Header().Set("Retry-After", "3600")
			w.WriteHeader(429)
		}
	}))
	defer echo.Close()
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()

	var errs []error
	for _, o := range []Options{
		{Key: testKey}, {Key: testKey, Scope: SiteScope("")}, {Key: testKey + "\n", Scope: SiteScope("s")},
		{Key: testKey, Scope: SiteScope(testKey + "\n")},
		{Key: testKey, Scope: SiteScope("s"), BaseURL: "https://user:" + testKey + "@host"},
		{Key: testKey, Scope: SiteScope("s"), BaseURL: "http://" + testKey + ".example"},
		{Key: testKey, Scope: SiteScope("s"), BaseURL: "https://h/" + testKey},
		{Key: testKey, Scope: SiteScope("s"), BaseURL: "https://h?" + testKey},
		{Key: testKey, Scope: SiteScope("s"), BaseURL: "https://h#" + testKey},
		{Key: testKey, Scope: SiteScope("s"), BaseURL: "https://" + testKey + " x"},
		{Key: testKey, Scope: SiteScope("s"), UserAgent: testKey + "\n"},
	} {
		_, err := New(o)
		errs = append(errs, err)
	}

	c, _ := newTestClient(t, echo, func(o *Options) { o.MaxBodyBytes = 500 })
	impatient, _ := newTestClient(t, echo, func(o *Options) { o.Timeout = 50 * time.Millisecond })
	ctx := context.Background()
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	for _, r := range []struct {
		ctx context.Context
		req rawRequest
	}{
		{ctx, rawRequest{Method: "GET", Path: "/echo-app"}},
		{ctx, rawRequest{Method: "GET", Path: "/echo-validation"}},
		{ctx, rawRequest{Method: "GET", Path: "/echo-html"}},
		{ctx, rawRequest{Method: "GET", Path: "/big"}},
		{ctx, rawRequest{Method: "POST", Path: "/cut", Body: json.RawMessage(`{}`)}},
		{ctx, rawRequest{Method: "POST", Path: "/reset", Body: json.RawMessage(`{}`)}},
		{ctx, rawRequest{Method: "GET", Path: "/429"}},
		{cancelled, rawRequest{Method: "GET", Path: "/echo-app"}},
		{ctx, rawRequest{Method: "POST", Path: "/" + testKey, Body: json.RawMessage(testKey)}},
		{ctx, rawRequest{Method: testKey, Path: "/x"}},
	} {
		_, err := doRaw(r.ctx, c, r.req)
		errs = append(errs, err)
	}
	_, err := doRaw(ctx, impatient, rawRequest{Method: "GET", Path: "/slow"})
	errs = append(errs, err)
	refused, _ := newTestClient(t, closed, nil)
	_, err = doRaw(ctx, refused, rawRequest{Method: "GET", Path: "/x"})
	errs = append(errs, err)
	_, err = c.QuerySites(ctx, SitesQuery{})
	errs = append(errs, err)

	kinds := map[string]int{}
	for i, err := range errs {
		if err == nil {
			t.Errorf("case %d: no error", i)
			continue
		}
		t.Logf("case %d: %v", i, err)
		texts := []string{err.Error(), fmt.Sprintf("%+v", err)}
		var ae *APIError
		var te *TransportError
		var pe *PathError
		switch {
		case errors.As(err, &ae):
			kinds["api"]++
			texts = append(texts, ae.Hint(), string(ae.Data), ae.Code, ae.Description, ae.RequestID)
			for _, v := range ae.FieldViolations {
				texts = append(texts, v.Field, v.Description, v.ViolatedRule, v.RuleName, string(v.Data))
			}
		case errors.As(err, &te):
			kinds["transport"]++
		case errors.As(err, &pe):
			kinds["path"]++
		default:
			kinds["other"]++
		}
		for _, s := range texts {
			if strings.Contains(s, testKey) {
				t.Errorf("case %d: %q contains the key", i, s)
			}
		}
	}
	// Make sure the cases produced what they were meant to, not just errors.
	want := map[string]int{"api": 4, "transport": 6, "other": 14}
	for k, n := range want {
		if kinds[k] != n {
			t.Errorf("%d %s errors, want %d (all: %v)", kinds[k], k, n, kinds)
		}
	}
	if !slices.ContainsFunc(errs, func(e error) bool { return e != nil && strings.Contains(e.Error(), redactedText) }) {
		t.Error("no error shows the redaction marker; the echo cases did not echo")
	}
}
