package wixsim

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// BenchmarkEngineQuery1000 queries 1,000 seeded blog posts through the
// generic engine with a filter, a sort and a page of 50, as an agent would.
func BenchmarkEngineQuery1000(b *testing.B) {
	s := New()
	eng := defaultEngine()
	ep := catalogEndpoint(&testing.T{}, "blog.posts.queryPosts")
	op := eng.ops[ep]
	s.mu.Lock()
	t := s.table(s.siteByID[SiteBakery], op.entity)
	t.items = seedItems(SiteBakery, op.entity, 1000)
	s.mu.Unlock()
	body := `{"query":{"filter":{"title":{"$startsWith":"Sample"}},"sort":[{"fieldName":"title","order":"DESC"}],"cursorPaging":{"limit":50}}}`
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		r := httptest.NewRequest("POST", "/blog/v3/posts/query", strings.NewReader(body))
		r.Header.Set("Authorization", AgencyKey)
		r.Header.Set("wix-site-id", SiteBakery)
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		if w.Code != http.StatusOK {
			b.Fatalf("status %d: %s", w.Code, w.Body)
		}
	}
}

// BenchmarkNew is the sim's start-up as the sandbox pays it: the engine is
// built on the first request it serves, not here.
func BenchmarkNew(b *testing.B) {
	for range b.N {
		_ = New()
	}
}

// BenchmarkEngineBuild is the one-time cost of the engine, paid by the
// first request no hand-written route serves.
func BenchmarkEngineBuild(b *testing.B) {
	cat := defaultEngine().cat
	for range b.N {
		_ = newEngine(cat)
	}
}

// BenchmarkQueryRun1000 is the query itself (filter, sort, page of 50)
// over 1,000 seeded blog posts, without HTTP and JSON encoding.
func BenchmarkQueryRun1000(b *testing.B) {
	op := defaultEngine().ops[catalogEndpoint(&testing.T{}, "blog.posts.queryPosts")]
	items := seedItems(SiteBakery, op.entity, 1000)
	q := Object{
		"filter":       map[string]any{"title": map[string]any{"$startsWith": "Sample"}},
		"sort":         []any{map[string]any{"fieldName": "title", "order": "DESC"}},
		"cursorPaging": map[string]any{"limit": 50.0},
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		res, err := op.spec.run(q, SiteBakery, items, nil)
		if err != nil || len(res.items) != 50 {
			b.Fatalf("run: %v, %d items", err, len(res.items))
		}
	}
}
