package wixsim

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// live sends a request through a real loopback connection.
func live(t *testing.T, ctx context.Context, srv *Server, method, path, key string) (*http.Response, []byte, error) {
	t.Helper()
	hr, err := http.NewRequestWithContext(ctx, method, srv.URL+path, strings.NewReader(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	hr.Header.Set("Authorization", key)
	hr.Header.Set("wix-site-id", SiteBakery)
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	res, err := client.Do(hr)
	if err != nil {
		return nil, nil, err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	return res, body, err
}

const ordersSearch = "/ecom/v1/orders/search"

func TestFaultStatusCodeAndTimes(t *testing.T) {
	t.Parallel()
	srv := NewServer()
	defer srv.Close()
	srv.Sim.Inject(Fault{Match: "/ecom/", Method: "POST", Times: 2, Status: 503, Code: "UNAVAILABLE", RetryAfter: "7"})
	ctx := context.Background()
	// Other paths are not hit.
	if res, _, _ := live(t, ctx, srv, "POST", "/contacts/v4/contacts/query", AgencyKey); res.StatusCode != 200 {
		t.Fatalf("unmatched path got %d", res.StatusCode)
	}
	for i := 0; i < 2; i++ {
		res, body, err := live(t, ctx, srv, "POST", ordersSearch, AgencyKey)
		if err != nil {
			t.Fatal(err)
		}
		var e map[string]any
		_ = json.Unmarshal(body, &e)
		if res.StatusCode != 503 || dig(e, "details.applicationError.code") != "UNAVAILABLE" ||
			res.Header.Get("Retry-After") != "7" || res.Header.Get("X-Wix-Request-Id") == "" {
			t.Fatalf("call %d: %d %v %s", i, res.StatusCode, res.Header, body)
		}
	}
	if res, _, _ := live(t, ctx, srv, "POST", ordersSearch, AgencyKey); res.StatusCode != 200 {
		t.Fatalf("after Times ran out got %d", res.StatusCode)
	}
}

func TestFaultEveryCallUntilCleared(t *testing.T) {
	t.Parallel()
	s := New()
	s.Inject(Fault{Status: 500})
	for i := 0; i < 3; i++ {
		wantAppError(t, site(t, s, SiteBakery, "POST", ordersSearch, nil), 500, "INTERNAL")
	}
	s.ClearFaults()
	wantStatus(t, site(t, s, SiteBakery, "POST", ordersSearch, nil), 200)
}

// Hang blocks until the client gives up; the request is logged Cancelled.
func TestFaultHangReleasesOnCancel(t *testing.T) {
	t.Parallel()
	srv := NewServer()
	defer srv.Close()
	srv.Sim.Inject(Fault{Hang: true, Times: 1})
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	_, _, err := live(t, ctx, srv, "POST", ordersSearch, AgencyKey)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want deadline exceeded", err)
	}
	waitForLog(t, srv.Sim, 1)
	got := srv.Sim.Requests()[0]
	if !got.Cancelled || got.Status != 0 || got.Path != ordersSearch {
		t.Errorf("logged %+v", got)
	}
}

// A client that gives up during Latency is logged Cancelled; a patient one
// gets the real answer.
func TestFaultLatency(t *testing.T) {
	t.Parallel()
	srv := NewServer()
	defer srv.Close()
	srv.Sim.Inject(Fault{Latency: 2 * time.Second, Times: 1})
	srv.Sim.Inject(Fault{Latency: 20 * time.Millisecond, Times: 1})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if _, _, err := live(t, ctx, srv, "POST", ordersSearch, AgencyKey); err == nil {
		t.Fatal("slow answer arrived before the deadline")
	}
	res, _, err := live(t, context.Background(), srv, "POST", ordersSearch, AgencyKey)
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("after latency: %v %v", res, err)
	}
	waitForLog(t, srv.Sim, 2)
	log := srv.Sim.Requests()
	if !log[0].Cancelled || log[1].Cancelled || log[1].Status != 200 {
		t.Errorf("log = %+v", log)
	}
}

func waitForLog(t *testing.T, s *Sim, n int) {
	t.Helper()
	for i := 0; i < 200 && len(s.Requests()) < n; i++ {
		time.Sleep(10 * time.Millisecond)
	}
	if len(s.Requests()) < n {
		t.Fatalf("log has %d entries, want %d", len(s.Requests()), n)
	}
}

func TestFaultBodies(t *testing.T) {
	t.Parallel()
	srv := NewServer()
	defer srv.Close()
	ctx := context.Background()

	srv.Sim.Inject(Fault{OversizeBytes: 1 << 20, Times: 1})
	res, body, err := live(t, ctx, srv, "POST", ordersSearch, AgencyKey)
	if err != nil || res.StatusCode != 200 || len(body) != 1<<20 || !json.Valid(body) {
		t.Fatalf("oversize: err %v, %d bytes, valid %v", err, len(body), json.Valid(body))
	}

	srv.Sim.Inject(Fault{Malformed: true, Times: 1})
	res, body, err = live(t, ctx, srv, "POST", ordersSearch, AgencyKey)
	if err != nil || res.StatusCode != 200 || json.Valid(body) {
		t.Fatalf("malformed: err %v, status %d, body %q", err, res.StatusCode, body)
	}

	srv.Sim.Inject(Fault{Truncate: true, Times: 1})
	_, _, err = live(t, ctx, srv, "POST", ordersSearch, AgencyKey)
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("truncate: err = %v, want unexpected EOF", err)
	}

	srv.Sim.Inject(Fault{Reset: true, Times: 1})
	if _, _, err = live(t, ctx, srv, "POST", ordersSearch, AgencyKey); err == nil {
		t.Fatal("reset: got an answer")
	}
	if res, _, err := live(t, ctx, srv, "POST", ordersSearch, AgencyKey); err != nil || res.StatusCode != 200 {
		t.Fatalf("after faults: %v", err)
	}
}

// Wix docs (dev.wix.com/docs/rest/articles/get-started/errors): 429 RESOURCE_EXHAUSTED beyond the limit, per key,
// Retry-After when configured; the window is one minute.
func TestRateLimit(t *testing.T) {
	t.Parallel()
	s := New()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	s.rate.now = func() time.Time { return now }
	s.SetRateLimit(3, "30")
	for i := 0; i < 3; i++ {
		wantStatus(t, site(t, s, SiteBakery, "POST", ordersSearch, nil), 200)
	}
	r := site(t, s, SiteBakery, "POST", ordersSearch, nil)
	wantAppError(t, r, http.StatusTooManyRequests, "RESOURCE_EXHAUSTED")
	if r.header.Get("Retry-After") != "30" {
		t.Errorf("Retry-After = %q", r.header.Get("Retry-After"))
	}
	// Another key has its own budget.
	wantStatus(t, req{method: "POST", path: ordersSearch, key: RestrictedKey, site: SiteBakery}.send(t, s), 200)
	now = now.Add(time.Minute)
	wantStatus(t, site(t, s, SiteBakery, "POST", ordersSearch, nil), 200)
	s.SetRateLimit(0, "")
	for i := 0; i < 10; i++ {
		wantStatus(t, site(t, s, SiteBakery, "POST", ordersSearch, nil), 200)
	}
}

func TestRequestLog(t *testing.T) {
	t.Parallel()
	s := New(WithRequestLog(2))
	site(t, s, SiteBakery, "GET", "/contacts/v4/contacts?paging.limit=1", nil)
	site(t, s, SiteBakery, "POST", ordersSearch, map[string]any{"search": map[string]any{}})
	account(t, s, "POST", querySites, nil)
	log := s.Requests()
	if len(log) != 2 {
		t.Fatalf("log kept %d, want capacity 2", len(log))
	}
	first := log[0]
	if first.Method != "POST" || first.Path != ordersSearch || first.SiteID != SiteBakery || string(first.Body) != `{"search":{}}` ||
		first.Status != 200 || !first.HasKey || first.RequestID == "" {
		t.Errorf("entry = %+v", first)
	}
	if log[1].AccountID != AgencyAccountID || log[1].Path != querySites {
		t.Errorf("entry = %+v", log[1])
	}
	s.ResetRequests()
	if len(s.Requests()) != 0 {
		t.Error("ResetRequests left entries")
	}
	site(t, s, SiteBakery, "GET", "/contacts/v4/contacts?paging.limit=1", nil)
	if l := s.Requests(); len(l) != 1 || l[0].RawQuery != "paging.limit=1" {
		t.Errorf("after reset: %+v", l)
	}
}

// Close returns even while a request hangs, releasing it.
func TestServerCloseReleasesHangingRequests(t *testing.T) {
	t.Parallel()
	srv := NewServer()
	srv.Sim.Inject(Fault{Hang: true})
	errc := make(chan error, 1)
	go func() {
		_, _, err := live(t, context.Background(), srv, "POST", ordersSearch, AgencyKey)
		errc <- err
	}()
	waitFor(t, func() bool { return srv.Sim.reqSeq.Load() > 0 })
	srv.Close()
	if err := <-errc; err == nil {
		t.Fatal("hanging request got an answer")
	}
	if l := srv.Sim.Requests(); len(l) != 1 || !l[0].Cancelled {
		t.Errorf("log = %+v", l)
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for i := 0; i < 500 && !cond(); i++ {
		time.Sleep(5 * time.Millisecond)
	}
	if !cond() {
		t.Fatal("condition not met in time")
	}
}
