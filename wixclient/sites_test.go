package wixclient

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// sitesServer answers Query Sites with the scripted pages in order and
// records each request body, decoded, and its scope headers.
type sitesServer struct {
	pages   []string
	mu      sync.Mutex
	bodies  []any
	headers []http.Header
	hits    atomic.Int32
}

func (s *sitesServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := int(s.hits.Add(1))
	if r.Method != http.MethodPost || r.URL.Path != "/site-list/v2/sites/query" {
		http.Error(w, `{"message":"wrong endpoint"}`, http.StatusNotFound)
		return
	}
	raw, _ := io.ReadAll(r.Body)
	var body any
	if err := json.Unmarshal(raw, &body); err != nil {
		http.Error(w, `{"message":"bad json"}`, http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	s.bodies = append(s.bodies, body)
	s.headers = append(s.headers, r.Header.Clone())
	s.mu.Unlock()
	w.Header().Set("X-Wix-Request-Id", "page-"+string(rune('0'+n)))
	io.WriteString(w, s.pages[min(n, len(s.pages))-1])
}

func mustJSON(t *testing.T, s string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("bad JSON in test: %v", err)
	}
	return v
}

func TestQuerySitesPaging(t *testing.T) {
	t.Parallel()
	ss := &sitesServer{pages: []string{
		`{"sites":[{"id":"s1","name":"one","displayName":"One","namespace":"WIX","published":true,"premium":true,"viewUrl":"https://one.example"},
		           {"id":"s2","name":"headless-s2","displayName":"Two","namespace":"HEADLESS"}],
		  "metadata":{"count":2,"cursors":{"next":"cur-2"},"hasNext":true,"total":3},
		  "cursorPaging":{"cursors":{"next":"deprecated"}}}`,
		`{"sites":[{"id":"s3","name":"three","displayName":"Three","editorType":"STUDIO"}],
		  "metadata":{"count":1,"cursors":{"next":"ignored"},"hasNext":false}}`,
	}}
	srv := httptest.NewServer(ss)
	defer srv.Close()
	c, _ := newTestClient(t, srv, func(o *Options) { o.Scope = AccountScope("acc-1") })

	filter := map[string]any{"published": true}
	p1, err := c.QuerySites(context.Background(), SitesQuery{Filter: filter, Limit: 2})
	if err != nil {
		t.Fatalf("page 1: %v", err)
	}
	wantP1 := &SitesPage{
		Sites: []Site{
			{ID: "s1", Name: "one", DisplayName: "One", Namespace: "WIX", Published: true, Premium: true, ViewURL: "https://one.example"},
			{ID: "s2", Name: "headless-s2", DisplayName: "Two", Namespace: "HEADLESS"},
		},
		NextCursor: "cur-2", HasNext: true, Total: 3, RequestID: "page-1",
	}
	if !reflect.DeepEqual(p1, wantP1) {
		t.Errorf("page 1 = %+v\nwant     %+v", p1, wantP1)
	}
	p2, err := c.QuerySites(context.Background(), SitesQuery{Filter: filter, Limit: 2, Cursor: p1.NextCursor})
	if err != nil {
		t.Fatalf("page 2: %v", err)
	}
	wantP2 := &SitesPage{Sites: []Site{{ID: "s3", Name: "three", DisplayName: "Three", EditorType: "STUDIO"}}, Total: -1, RequestID: "page-2"}
	if !reflect.DeepEqual(p2, wantP2) {
		t.Errorf("page 2 = %+v\nwant     %+v", p2, wantP2)
	}

	wantBodies := []any{
		mustJSON(t, `{"query":{"filter":{"$and":[{"published":true},{"namespace":{"$in":["WIX","HEADLESS"]}}]},"cursorPaging":{"limit":2}}}`),
		mustJSON(t, `{"query":{"cursorPaging":{"limit":2,"cursor":"cur-2"}}}`),
	}
	if !reflect.DeepEqual(ss.bodies, wantBodies) {
		t.Errorf("request bodies = %v\nwant             %v", ss.bodies, wantBodies)
	}
	for i, h := range ss.headers {
		if h.Get("wix-account-id") != "acc-1" || len(h.Values("wix-site-id")) != 0 || h.Get("Authorization") != testKey {
			t.Errorf("request %d headers: account %q, site %q", i, h.Get("wix-account-id"), h.Values("wix-site-id"))
		}
	}
	if !reflect.DeepEqual(filter, map[string]any{"published": true}) {
		t.Errorf("QuerySites changed the caller's filter: %v", filter)
	}
}

func TestQuerySitesFilter(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		filter map[string]any
		want   string // the request's query.filter
	}{
		{"none: headless added", nil, `{"namespace":{"$in":["WIX","HEADLESS"]}}`},
		{"empty: headless added", map[string]any{}, `{"namespace":{"$in":["WIX","HEADLESS"]}}`},
		{"caller filter combined with $and", map[string]any{"name": map[string]any{"$startsWith": "shop"}, "premium": true},
			`{"$and":[{"name":{"$startsWith":"shop"},"premium":true},{"namespace":{"$in":["WIX","HEADLESS"]}}]}`},
		{"namespace given: left alone", map[string]any{"namespace": "WIX"}, `{"namespace":"WIX"}`},
		{"namespace inside $or: left alone", map[string]any{"$or": []any{map[string]any{"namespace": "HEADLESS"}, map[string]any{"premium": true}}},
			`{"$or":[{"namespace":"HEADLESS"},{"premium":true}]}`},
		{"namespace inside typed slice: left alone", map[string]any{"$and": []map[string]any{{"namespace": map[string]any{"$ne": "WIX"}}}},
			`{"$and":[{"namespace":{"$ne":"WIX"}}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ss := &sitesServer{pages: []string{`{"sites":[],"metadata":{"hasNext":false}}`}}
			srv := httptest.NewServer(ss)
			defer srv.Close()
			c, _ := newTestClient(t, srv, func(o *Options) { o.Scope = AccountScope("acc-1") })
			page, err := c.QuerySites(context.Background(), SitesQuery{Filter: tt.filter})
			if err != nil {
				t.Fatal(err)
			}
			if page.Sites == nil || len(page.Sites) != 0 || page.HasNext || page.NextCursor != "" {
				t.Errorf("page = %+v, want an empty last page", page)
			}
			want := mustJSON(t, `{"query":{"filter":`+tt.want+`,"cursorPaging":{"limit":100}}}`)
			if !reflect.DeepEqual(ss.bodies[0], want) {
				t.Errorf("body = %v\nwant   %v", ss.bodies[0], want)
			}
		})
	}
}

func TestQuerySitesRefusals(t *testing.T) {
	t.Parallel()
	ss := &sitesServer{pages: []string{`{"sites":[]}`}}
	srv := httptest.NewServer(ss)
	defer srv.Close()
	site, _ := newTestClient(t, srv, nil)
	if _, err := site.QuerySites(context.Background(), SitesQuery{}); !errors.Is(err, ErrAccountScopeRequired) {
		t.Errorf("site-scoped QuerySites err = %v, want ErrAccountScopeRequired", err)
	}
	acct, _ := newTestClient(t, srv, func(o *Options) { o.Scope = AccountScope("a") })
	for _, q := range []SitesQuery{
		{Limit: 101},
		{Limit: -1},
		{Filter: map[string]any{"x": func() {}}},
	} {
		if _, err := acct.QuerySites(context.Background(), q); err == nil {
			t.Errorf("QuerySites(%+v) succeeded", q)
		}
	}
	if n := ss.hits.Load(); n != 0 {
		t.Errorf("server got %d requests, want 0", n)
	}
}

func TestQuerySitesAnswers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		status   int
		answer   string
		want     *SitesPage
		wantErr  string
		wantHits int32
	}{
		{name: "cursor without hasNext means more", status: 200, answer: `{"sites":[{"id":"a"}],"metadata":{"cursors":{"next":"n"}}}`,
			want: &SitesPage{Sites: []Site{{ID: "a"}}, NextCursor: "n", HasNext: true, Total: -1, RequestID: "page-1"}, wantHits: 1},
		{name: "total zero is reported", status: 200, answer: `{"sites":[],"metadata":{"total":0}}`,
			want: &SitesPage{Sites: []Site{}, Total: 0, RequestID: "page-1"}, wantHits: 1},
		{name: "hasNext without cursor", status: 200, answer: `{"sites":[],"metadata":{"hasNext":true}}`, wantErr: "gives no cursor", wantHits: 1},
		{name: "not JSON", status: 200, answer: `<html>`, wantErr: "unusable answer: the body is not the JSON Query Sites returns", wantHits: 1},
		{name: "403 passes through", status: 403, answer: `{"message":"denied","details":{"applicationError":{"code":"PERMISSION_DENIED"}}}`,
			wantErr: "wix: POST /site-list/v2/sites/query: 403 PERMISSION_DENIED: denied", wantHits: 1},
		{name: "503 retried: Query Sites is a read", status: 503, answer: `{}`, wantErr: "503", wantHits: DefaultMaxAttempts},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var hits atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				n := hits.Add(1)
				w.Header().Set("X-Wix-Request-Id", "page-"+string(rune('0'+n)))
				w.WriteHeader(tt.status)
				io.WriteString(w, tt.answer)
			}))
			defer srv.Close()
			c, _ := newTestClient(t, srv, func(o *Options) { o.Scope = AccountScope("a") })
			page, err := c.QuerySites(context.Background(), SitesQuery{})
			if hits.Load() != tt.wantHits {
				t.Errorf("server got %d requests, want %d", hits.Load(), tt.wantHits)
			}
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want it to contain %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || !reflect.DeepEqual(page, tt.want) {
				t.Errorf("QuerySites = %+v, %v; want %+v", page, err, tt.want)
			}
		})
	}
}
