package wixsim

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"
)

// req is one test request; key, site and account become the Authorization,
// wix-site-id and wix-account-id headers when not empty.
type req struct {
	method, path       string
	key, site, account string
	body               any // marshalled to JSON unless it is a string
}

type resp struct {
	status int
	header http.Header
	raw    []byte
	json   map[string]any
}

func (r req) send(t testing.TB, h http.Handler) resp {
	t.Helper()
	var body io.Reader
	switch b := r.body.(type) {
	case nil:
	case string:
		body = strings.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		body = bytes.NewReader(raw)
	}
	hr := httptest.NewRequest(r.method, r.path, body)
	if r.key != "" {
		hr.Header.Set("Authorization", r.key)
	}
	if r.site != "" {
		hr.Header.Set("wix-site-id", r.site)
	}
	if r.account != "" {
		hr.Header.Set("wix-account-id", r.account)
	}
	if body != nil {
		hr.Header.Set("Content-Type", "application/json")
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, hr)
	out := resp{status: w.Code, header: w.Header(), raw: w.Body.Bytes()}
	_ = json.Unmarshal(out.raw, &out.json)
	return out
}

// site sends a site-level request with the agency key.
func site(t testing.TB, h http.Handler, siteID, method, path string, body any) resp {
	t.Helper()
	return req{method: method, path: path, key: AgencyKey, site: siteID, body: body}.send(t, h)
}

// account sends an account-level request with the agency key.
func account(t testing.TB, h http.Handler, method, path string, body any) resp {
	t.Helper()
	return req{method: method, path: path, key: AgencyKey, account: AgencyAccountID, body: body}.send(t, h)
}

// dig walks a dotted path through decoded JSON; numeric parts index arrays.
func dig(v any, path string) any {
	for _, p := range strings.Split(path, ".") {
		switch t := v.(type) {
		case map[string]any:
			v = t[p]
		case []any:
			i := 0
			for _, c := range p {
				i = i*10 + int(c-'0')
			}
			if i >= len(t) {
				return nil
			}
			v = t[i]
		default:
			return nil
		}
	}
	return v
}

// list returns the array at path, failing the test if it is not one.
func list(t testing.TB, r resp, path string) []any {
	t.Helper()
	l, ok := dig(r.json, path).([]any)
	if !ok {
		t.Fatalf("%s is not an array in %s", path, r.raw)
	}
	return l
}

// pluck collects field of every element of the array at path.
func pluck(t testing.TB, r resp, path, field string) []string {
	t.Helper()
	var out []string
	for _, e := range list(t, r, path) {
		s, _ := dig(e, field).(string)
		out = append(out, s)
	}
	return out
}

func sorted(s []string) []string {
	out := append([]string(nil), s...)
	sort.Strings(out)
	return out
}

func wantStatus(t testing.TB, r resp, status int) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status = %d, want %d; body %s", r.status, status, r.raw)
	}
}

// wantAppError checks Wix's application error shape.
func wantAppError(t testing.TB, r resp, status int, code string) {
	t.Helper()
	wantStatus(t, r, status)
	if got := dig(r.json, "details.applicationError.code"); got != code {
		t.Fatalf("applicationError.code = %v, want %s; body %s", got, code, r.raw)
	}
	if msg, _ := r.json["message"].(string); msg == "" {
		t.Fatalf("error without message: %s", r.raw)
	}
}

// wantViolation checks a 400 validation error whose first violation's
// description contains want.
func wantViolation(t testing.TB, r resp, want string) map[string]any {
	t.Helper()
	wantStatus(t, r, http.StatusBadRequest)
	vs, _ := dig(r.json, "details.validationError.fieldViolations").([]any)
	if len(vs) == 0 {
		t.Fatalf("no fieldViolations in %s", r.raw)
	}
	v := vs[0].(map[string]any)
	if d, _ := v["description"].(string); !strings.Contains(d, want) {
		t.Fatalf("violation description %q does not contain %q", d, want)
	}
	if v["violatedRule"] == "" || v["violatedRule"] == nil {
		t.Fatalf("violation without violatedRule: %v", v)
	}
	return v
}
