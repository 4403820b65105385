package wixclient

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// redactKey has the characters real keys carry (a JWT-like IST. key) plus
// the ones JSON and URLs escape specially: / + =.
const redactKey = "IST.eyJhbGci/Oi+J9.k3y="

// Encoders build the hostile forms of a key an answer may carry.
func escapeAll(s, format string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		fmt.Fprintf(&b, format, s[i])
	}
	return b.String()
}

func escapeEvery(s, format string, n int) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if i%n == 0 {
			fmt.Fprintf(&b, format, s[i])
		} else {
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// hostileEchoes are the encodings of redactKey each test below embeds in
// an answer. Every one must disappear.
var hostileEchoes = []struct{ name, form string }{
	{"raw", redactKey},
	{"json \\u lower", escapeAll(redactKey, `\u%04x`)},
	{"json \\u upper", escapeAll(redactKey, `\u%04X`)},
	{"json \\u every other char", escapeEvery(redactKey, `\u%04x`, 2)},
	{"json \\u every third char, upper", escapeEvery(redactKey, `\u%04X`, 3)},
	{"json escaped slash", strings.ReplaceAll(redactKey, "/", `\/`)},
	{"percent lower", escapeAll(redactKey, "%%%02x")},
	{"percent upper", escapeAll(redactKey, "%%%02X")},
	{"percent mixed with raw", escapeEvery(redactKey, "%%%02x", 2)},
	{"percent as url.QueryEscape writes it", strings.NewReplacer("/", "%2F", "+", "%2B", "=", "%3D").Replace(redactKey)},
	{"percent twice", escapeAll(redactKey, "%%25%02X")},
	{"percent of percent digits", percentOfPercentDigits(redactKey)},
	{"percent inside json escapes", escapeAll(redactKey, `\u0025%02x`)},
	{"percent digits json-escaped", jsonEscapedPercent(redactKey)},
	{"mixed case hex in one escape", escapeAll(redactKey, `\u00%02X`)},
}

// jsonEscapedPercent writes each byte as %XX with every one of the three
// characters \u-escaped.
func jsonEscapedPercent(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		h := fmt.Sprintf("%02x", s[i])
		fmt.Fprintf(&b, `\u0025\u%04x\u%04X`, h[0], h[1])
	}
	return b.String()
}

// percentOfPercentDigits writes "A" as "%%34%31": "%41" after one
// decoding, "A" after two; each hex digit of the first encoding is itself
// percent-encoded.
func percentOfPercentDigits(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		h := fmt.Sprintf("%02X", s[i])
		fmt.Fprintf(&b, "%%%%%02x%%%02x", h[0], h[1])
	}
	return b.String()
}

// leaks reports whether out still yields key when read raw, JSON-unescaped
// or percent-decoded up to twice, in every order a reader might apply them.
func leaks(out, key string) bool {
	for _, v := range []string{out, unescapeJSON(out)} {
		for range percentDepth + 1 {
			if strings.Contains(v, key) {
				return true
			}
			v = percentDecode(v)
		}
	}
	return false
}

// unescapeJSON undoes JSON string escapes wherever they appear, left to
// right as a JSON decoder reads them.
func unescapeJSON(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 >= len(s) {
			b.WriteByte(s[i])
			continue
		}
		switch n := s[i+1]; {
		case n == 'u' && i+6 <= len(s):
			if v, ok := hexValue(s[i+2 : i+6]); ok {
				b.WriteRune(rune(v))
				i += 5
				continue
			}
			b.WriteByte(s[i])
		case n == '/' || n == '"' || n == '\\':
			b.WriteByte(n)
			i++
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// percentDecode undoes %XX wherever XX is hex, as a lenient URL decoder.
func percentDecode(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+3 <= len(s) {
			if v, ok := hexValue(s[i+1 : i+3]); ok {
				b.WriteByte(byte(v))
				i += 2
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func TestRedactorRemovesEveryEncoding(t *testing.T) {
	t.Parallel()
	r := NewRedactor(redactKey, "IST.other-account-key-42")
	for _, tc := range hostileEchoes {
		for _, wrap := range []struct{ name, before, after string }{
			{"alone", "", ""},
			{"in a JSON string", `{"message":"invalid token `, ` for site"}`},
			{"twice", "a ", " and " + tc.form},
			{"glued to letters", "xx", "yy"},
			{"after an escaped backslash", `{"m":"\\`, `"}`},
		} {
			t.Run(tc.name+"/"+wrap.name, func(t *testing.T) {
				t.Parallel()
				in := wrap.before + tc.form + wrap.after
				if !leaks(in, redactKey) {
					t.Fatalf("test bug: %q does not carry the key", in)
				}
				out := r.String(in)
				if leaks(out, redactKey) {
					t.Fatalf("String(%q) = %q still carries the key", in, out)
				}
				if !strings.Contains(out, redactedText) {
					t.Fatalf("String(%q) = %q has no redaction mark", in, out)
				}
				if json.Valid([]byte(in)) && !json.Valid([]byte(out)) {
					t.Fatalf("redacting valid JSON %q gave invalid JSON %q", in, out)
				}
				if got := string(r.Bytes([]byte(in))); got != out {
					t.Fatalf("Bytes and String differ: %q vs %q", got, out)
				}
			})
		}
	}
}

func TestRedactorKeepsOtherText(t *testing.T) {
	t.Parallel()
	r := NewRedactor(redactKey)
	for _, in := range []string{
		"",
		`{"items":[{"id":"a1","name":"Zoë \u00e9"}],"path":"%2Fa%2Fb"}`,
		"IST.eyJhbGci/Oi+J9.k3y", // the key minus its last character
		"ST.eyJhbGci/Oi+J9.k3y=", // minus its first
		strings.ToLower(redactKey),
		`\\\\u0041 %%% %4 %zz \u12`,
	} {
		if got := r.String(in); got != in {
			t.Errorf("String(%q) = %q, want it unchanged", in, got)
		}
	}
	var nilRedactor *Redactor
	if got := nilRedactor.String(redactKey); got != redactKey {
		t.Errorf("a nil Redactor changed text: %q", got)
	}
}

func TestRedactorHeader(t *testing.T) {
	t.Parallel()
	r := NewRedactor(redactKey)
	h := http.Header{
		"X-Wix-Request-Id": {"req-" + escapeAll(redactKey, "%%%02x")},
		"X-Echo":           {"a", redactKey},
		"X-" + redactKey:   {"v"},
	}
	got := r.Header(h)
	for k, vs := range got {
		if leaks(k, redactKey) {
			t.Errorf("header name %q leaks", k)
		}
		for _, v := range vs {
			if leaks(v, redactKey) {
				t.Errorf("header %s value %q leaks", k, v)
			}
		}
	}
	if h.Get("X-Echo") != "a" || h.Values("X-Echo")[1] != redactKey {
		t.Error("Header modified its input")
	}
}

// TestClientRedactsEveryAnswer sends each hostile echo back in every place
// an answer can carry it and checks what callers of Do receive: body,
// request ID, and every text of the error (Error() is what logs print).
func TestClientRedactsEveryAnswer(t *testing.T) {
	t.Parallel()
	const otherKey = "IST.another-configured-key.77"
	places := []struct {
		name   string
		status int
		ctype  string
		body   func(form string) string
		header func(form string) string
	}{
		{"success JSON body", 200, "application/json", func(f string) string { return `{"echo":"` + f + `"}` }, nil},
		{"success non-JSON body", 200, "text/html", func(f string) string { return "<p>token " + f + "</p>" }, nil},
		{"success request ID header", 200, "application/json", func(string) string { return `{}` }, func(f string) string { return "rid-" + f }},
		{"error message", 401, "application/json", func(f string) string { return `{"message":"bad token ` + f + `"}` }, nil},
		{"error code and details", 400, "application/json", func(f string) string {
			return `{"message":"m","details":{"applicationError":{"code":"` + f + `","description":"` + f + `","data":{"k":"` + f + `"}},"validationError":{"fieldViolations":[{"field":"` + f + `","description":"` + f + `"}]}}}`
		}, nil},
		{"error non-JSON body", 502, "text/html", func(f string) string { return "<h1>" + f + "</h1>" }, nil},
		{"error request ID header", 403, "application/json", func(string) string { return `{"message":"no"}` }, func(f string) string { return f }},
	}
	for _, key := range []string{redactKey, otherKey} {
		for _, p := range places {
			for _, tc := range hostileEchoes {
				form := tc.form
				if key == otherKey {
					if tc.name != "raw" {
						continue // the encodings are covered for the client's own key
					}
					form = otherKey
				}
				t.Run(p.name+"/"+tc.name+"/"+key[:8], func(t *testing.T) {
					t.Parallel()
					srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
						if p.header != nil {
							w.Header().Set("X-Wix-Request-Id", p.header(form))
						}
						w.Header().Set("Content-Type", p.ctype)
						w.WriteHeader(p.status)
						_, _ = w.Write([]byte(p.body(form)))
					}))
					defer srv.Close()
					c, _ := newTestClient(t, srv, func(o *Options) {
						o.Key = redactKey
						o.Redactor = NewRedactor(otherKey)
						o.MaxAttempts = 1
					})
					resp, err := c.Do(context.Background(), Request{Method: "POST", Path: MustParsePath("/x/v1/y")})
					var seen []string
					if resp != nil {
						seen = append(seen, string(resp.Body), resp.RequestID)
					}
					if err != nil {
						seen = append(seen, err.Error(), fmt.Sprintf("%+v", err))
						var ae *APIError
						if errors.As(err, &ae) {
							raw, _ := json.Marshal(ae)
							seen = append(seen, string(raw))
						}
					}
					for _, s := range seen {
						if leaks(s, key) {
							t.Fatalf("the caller received %q", s)
						}
					}
				})
			}
		}
	}
}

// FuzzRedactor embeds a key, each byte encoded as chosen by the fuzzer,
// in arbitrary text, and checks no reading of the output yields the key.
func FuzzRedactor(f *testing.F) {
	f.Add("prefix ", " suffix", redactKey, []byte{0, 1, 2, 3, 4, 5, 6, 7})
	f.Add(`{"a":"\\`, `"}`, "IST.abcdefgh", []byte{1, 1, 1})
	f.Add("%%", "%", "abcdefgh", []byte{3, 4, 5})
	f.Fuzz(func(t *testing.T, before, after, key string, modes []byte) {
		if !fuzzableKey(key) {
			return
		}
		r := NewRedactor(key)
		enc := encodeWith(key, modes)
		in := before + enc + after
		out := r.String(in)
		if leaks(out, key) {
			t.Fatalf("key %q leaks from %q as %q", key, in, out)
		}
		// Inside a JSON string, redacting keeps the document valid JSON.
		doc := `{"message":"` + enc + `"}`
		if json.Valid([]byte(doc)) && !json.Valid([]byte(r.String(doc))) {
			t.Fatalf("valid JSON %q became invalid: %q", doc, r.String(doc))
		}
	})
}

// fuzzableKey keeps keys shaped like real ones (base64url, '.', '+', '/',
// '=', at least 8 characters) that cannot be read inside the redaction
// mark itself.
func fuzzableKey(k string) bool {
	if len(k) < 8 || strings.Contains(k, "REDACTED") {
		return false
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		ok := (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strings.IndexByte("._-+/=", c) >= 0
		if !ok {
			return false
		}
	}
	return true
}

// encodeWith writes each byte of key in the form modes picks for it.
func encodeWith(key string, modes []byte) string {
	var b strings.Builder
	for i := 0; i < len(key); i++ {
		m := byte(0)
		if len(modes) > 0 {
			m = modes[i%len(modes)]
		}
		c := key[i]
		h := fmt.Sprintf("%02x", c)
		switch m % 8 {
		case 0:
			b.WriteByte(c)
		case 1:
			fmt.Fprintf(&b, `\u%04x`, c)
		case 2:
			fmt.Fprintf(&b, `\u%04X`, c)
		case 3:
			fmt.Fprintf(&b, "%%%02X", c)
		case 4:
			fmt.Fprintf(&b, "%%25%02x", c)
		case 5:
			fmt.Fprintf(&b, `\u0025%s`, h)
		case 6:
			fmt.Fprintf(&b, "%%%%%02x%%%02X", h[0], h[1])
		case 7:
			if c == '/' {
				b.WriteString(`\/`)
			} else {
				fmt.Fprintf(&b, `%%\u%04x%c`, h[0], h[1])
			}
		}
	}
	return b.String()
}

// BenchmarkRedactor measures redacting a 1 MB JSON answer full of escapes
// and percent signs (the worst case for candidate positions) with two keys.
func BenchmarkRedactor(b *testing.B) {
	item := `{"id":"a1b2","title":"Caf\u00e9 \"Dune\" 50% off \/ %2F","url":"https:\/\/x.wixsite.com\/a?b=%41"},`
	body := "[" + strings.Repeat(item, (1<<20)/len(item)) + "{}]"
	r := NewRedactor(redactKey, "IST.another-configured-key.77")
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		_ = r.String(body)
	}
}
