package wixsim

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// maxRequestBody caps what the sim reads of a request body.
const maxRequestBody = 16 << 20

type scopeKind int

const (
	siteLevel scopeKind = iota
	accountLevel
)

type route struct {
	method string
	segs   []string
	level  scopeKind
	// platformized services (Stores catalog v3) leave the description of
	// permission errors empty, as Wix does (reported and root-caused in
	// github.com/wix/skills pull request #1119).
	platformized bool
	handle       func(*call) (any, *apiError)
}

// call is one authorised request being handled; s.mu is held.
type call struct {
	sim     *Sim
	r       *http.Request
	body    []byte
	params  map[string]string
	key     *keyState
	account *accountState
	site    *siteState
}

// answer is a response ready to be written.
type answer struct {
	status      int
	body        []byte
	contentType string
	retryAfter  string
}

func (s *Sim) routeTable() []route {
	var rs []route
	add := func(method, path string, level scopeKind, h func(*call) (any, *apiError)) {
		rs = append(rs, route{method: method, segs: strings.Split(strings.Trim(path, "/"), "/"), level: level,
			platformized: strings.HasPrefix(path, "/stores/v3/"), handle: h})
	}
	add("POST", "/site-list/v2/sites/query", accountLevel, handleQuerySites)
	add("POST", "/site-list/v2/sites/count", accountLevel, handleCountSites)
	add("GET", "/site-properties/v4/properties", siteLevel, handleSiteProperties)
	s.sitePropertiesRoutes(add)
	add("GET", "/apps-installer-service/v1/app-instances", siteLevel, handleInstalledApps)
	s.contactRoutes(add)
	add("POST", "/members/v1/members/query", siteLevel, handleQueryMembers)
	add("GET", "/members/v1/members", siteLevel, handleListMembers)
	add("GET", "/members/v1/members/{id}", siteLevel, handleGetMember)
	for _, m := range []string{"GET", "POST"} {
		add(m, "/stores/v3/products/query", siteLevel, handleQueryProducts)
		add(m, "/stores/v3/products/search", siteLevel, handleSearchProducts)
	}
	add("GET", "/stores/v3/products/{id}", siteLevel, handleGetProduct)
	add("PATCH", "/stores/v3/products/{id}", siteLevel, handleUpdateProduct)
	add("POST", "/categories/v1/categories/query", siteLevel, handleQueryCategories)
	add("POST", "/form-submission-service/v4/submissions/namespace/query", siteLevel, handleQuerySubmissions)
	s.dataRoutes(add)
	add("POST", "/ecom/v1/orders/search", siteLevel, handleSearchOrders)
	add("GET", "/ecom/v1/orders/{id}", siteLevel, handleGetOrder)
	routeWorkflows(add)
	return rs
}

func (s *Sim) contactRoutes(add func(string, string, scopeKind, func(*call) (any, *apiError))) {
	add("POST", "/contacts/v4/contacts/query", siteLevel, handleQueryContacts)
	add("GET", "/contacts/v4/contacts", siteLevel, handleListContacts)
	add("POST", "/contacts/v4/contacts", siteLevel, handleCreateContact)
	add("GET", "/contacts/v4/contacts/{id}", siteLevel, handleGetContact)
	add("PATCH", "/contacts/v4/contacts/{id}", siteLevel, handleUpdateContact)
	add("DELETE", "/contacts/v4/contacts/{id}", siteLevel, handleDeleteContact)
}

// match finds the route of a request; literal segments beat wildcards
// because literal routes are registered first.
func (s *Sim) match(method, path string) (*route, map[string]string) {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	for i := range s.routes {
		rt := &s.routes[i]
		if rt.method != method || len(rt.segs) != len(segs) {
			continue
		}
		params := map[string]string{}
		ok := true
		for j, seg := range rt.segs {
			if strings.HasPrefix(seg, "{") {
				if segs[j] == "" {
					ok = false
					break
				}
				params[strings.Trim(seg, "{}")] = segs[j]
			} else if seg != segs[j] {
				ok = false
				break
			}
		}
		if ok {
			return rt, params
		}
	}
	return nil, nil
}

// ServeHTTP answers one request: faults first (they stand for trouble in
// front of Wix), then routing, authentication, the rate limit,
// authorisation and the endpoint.
func (s *Sim) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	reqID := fmt.Sprintf("sim-%08d", s.reqSeq.Add(1))
	w.Header().Set("X-Wix-Request-Id", reqID)
	body, readErr := io.ReadAll(io.LimitReader(r.Body, maxRequestBody+1))
	entry := Request{
		Method: r.Method, Path: r.URL.Path, RawQuery: r.URL.RawQuery,
		SiteID: r.Header.Get("wix-site-id"), AccountID: r.Header.Get("wix-account-id"),
		HasKey: r.Header.Get("Authorization") != "", Body: logBody(body), RequestID: reqID,
	}
	// The entry is logged before the answer is written when there is one,
	// so a client that has its answer always finds its request in the log.
	logged := false
	defer func() {
		if !logged {
			s.log.add(entry)
		}
	}()

	ctx := r.Context()
	f := s.faults.take(r.Method, r.URL.Path)
	var ans *answer
	if f != nil {
		if f.Latency > 0 && !sleep(ctx, f.Latency) {
			entry.Cancelled = true
			return
		}
		switch {
		case f.Hang:
			<-ctx.Done()
			entry.Cancelled = true
			return
		case f.Reset:
			// Logged before the reset: the client sees the reset at once
			// and may read the log before this handler returns.
			s.log.add(entry)
			logged = true
			resetConnection(w)
			return
		case f.Status != 0:
			ans = errorAnswer(faultError(f))
		case f.OversizeBytes > 0:
			ans = &answer{status: http.StatusOK, body: oversizeBody(f.OversizeBytes)}
		case f.Malformed:
			ans = &answer{status: http.StatusOK, body: []byte("<html><body>502 Bad Gateway</body></html>\n")}
		}
	}
	if ans == nil {
		switch {
		case readErr != nil:
			ans = errorAnswer(violation("body", "cannot read request body", "OTHER"))
		case len(body) > maxRequestBody:
			ans = errorAnswer(violation("body", "request body is too large", "MAX_SIZE"))
		default:
			ans = s.serve(r, body)
		}
	}
	if ctx.Err() != nil {
		// The client went away before the answer could be written.
		entry.Cancelled = true
		return
	}
	entry.Status = ans.status
	s.log.add(entry)
	logged = true
	writeAnswer(w, ans, f != nil && f.Truncate)
}

// serve routes, authenticates and runs the endpoint.
func (s *Sim) serve(r *http.Request, body []byte) *answer {
	rt, params := s.match(r.Method, r.URL.Path)
	if rt == nil || s.shadowed(rt, r.Method, r.URL.Path) {
		rt, params = s.engineRoute(r.Method, r.URL.Path)
	}
	if rt == nil {
		return errorAnswer(appErr(http.StatusNotFound, "NOT_FOUND",
			fmt.Sprintf("no API at %s %s", r.Method, r.URL.Path)))
	}
	key, err := s.authenticate(r)
	if err != nil {
		return errorAnswer(err)
	}
	if err := s.rate.allow(key.key); err != nil {
		return errorAnswer(err)
	}
	s.mu.Lock()
	c := &call{sim: s, r: r, body: body, params: params, key: key}
	err = s.stateIn()
	if err == nil {
		err = s.authorize(c, rt)
	}
	var out any
	if err == nil {
		out, err = rt.handle(c)
	}
	if err == nil && r.Method != http.MethodGet {
		err = s.stateOut()
	}
	s.mu.Unlock()
	if err != nil {
		if rt.platformized && err.status == http.StatusForbidden && err.app != nil {
			err.app.Description = ""
		}
		return errorAnswer(err)
	}
	if ep, _, ok := endpointOf(defaultEngine(), r.Method, r.URL.Path); ok && !projects(r, body) {
		out = withAlwaysPresent(ep, out)
	}
	b, mErr := json.Marshal(out)
	if mErr != nil {
		return errorAnswer(appErr(http.StatusInternalServerError, "INTERNAL", "cannot encode answer"))
	}
	return &answer{status: http.StatusOK, body: b}
}

func errorAnswer(e *apiError) *answer {
	b, _ := json.Marshal(e.body())
	return &answer{status: e.status, body: b, retryAfter: e.retryAfter}
}

func writeAnswer(w http.ResponseWriter, a *answer, truncate bool) {
	h := w.Header()
	ct := a.contentType
	if ct == "" {
		ct = "application/json"
	}
	h.Set("Content-Type", ct)
	if a.retryAfter != "" {
		h.Set("Retry-After", a.retryAfter)
	}
	body := a.body
	h.Set("Content-Length", strconv.Itoa(len(body)))
	if truncate {
		// Promise the whole body, send half: net/http then closes the
		// connection and the client sees an unexpected EOF.
		body = body[:len(body)/2]
	}
	w.WriteHeader(a.status)
	_, _ = w.Write(body) //nolint:gosec // G705: a JSON API answer, never rendered as HTML
}

// sleep waits d or until ctx is done; it reports whether d elapsed.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// resetConnection drops the connection without an answer, with an RST
// where the platform allows it.
func resetConnection(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		_ = tc.SetLinger(0)
	}
	_ = conn.Close()
}
