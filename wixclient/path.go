package wixclient

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// maxPathLen bounds an agent-supplied path. Wix paths are short; a long one
// is a mistake or an attack, and it would bloat every error that quotes it.
const maxPathLen = 2048

// maxDecodeLayers is how many rounds of percent-decoding ParsePath looks
// through. Each layer is checked, so %252e (".", encoded twice) is caught;
// a path still holding escapes after this many rounds is refused outright.
const maxDecodeLayers = 4

// maxQuotedPath bounds how much of a refused path a PathError repeats.
const maxQuotedPath = 200

// Path is a Wix API path, parsed and validated once by ParsePath. Every
// layer that judges or sends a call (the tools, the safety classifier, the
// path rules, the catalog match and the Client) takes this value, so they
// all see one form, decoded by one decoder: the form that is sent.
//
// The zero Path is not a valid path; Client.Do refuses it.
type Path struct {
	// canonical is the path as sent: unreserved escapes decoded, the hex
	// digits of the other escapes upper-cased.
	canonical string
	// segments are canonical's segments without the leading empty one and
	// without a trailing empty one ("/a/b/" has segments a, b).
	segments []string
	// decoded are the segments percent-decoded until they stop changing,
	// the form a lax server on the route might route on.
	decoded []string
}

// ParsePath canonicalises raw (see CanonicalPath) and checks that it is an
// absolute path on the Wix API host which, joined to the base URL, cannot
// reach another host or leave the path space. It refuses schemes, "//host",
// userinfo, backslashes, dot segments (plain or percent-encoded, also
// encoded several times), encoded slashes, question marks and number signs
// (any case, any depth of encoding), control characters, whitespace, raw
// non-ASCII, ';', fragments and query strings (those go in Request.Query).
// Non-ASCII must be percent-encoded UTF-8, as URLs require; Wix's own paths
// are ASCII. The error is a *PathError.
func ParsePath(raw string) (Path, error) {
	p := CanonicalPath(raw)
	decoded, reason := pathProblem(p)
	if reason != "" {
		return Path{}, &PathError{Path: quotePath(raw), Reason: reason}
	}
	return Path{canonical: p, segments: splitSegments(p), decoded: splitSegments(decoded)}, nil
}

// MustParsePath is ParsePath for paths written in the program, such as
// Query Sites; it panics on a path ParsePath refuses.
func MustParsePath(raw string) Path {
	p, err := ParsePath(raw)
	if err != nil {
		panic(err)
	}
	return p
}

// String returns the path as it is sent.
func (p Path) String() string { return p.canonical }

// IsZero reports whether p is the zero Path, which no parse returns.
func (p Path) IsZero() bool { return p.canonical == "" }

// Segments returns the segments as sent, without empty leading or trailing
// ones. The slice is shared: callers must not modify it.
func (p Path) Segments() []string { return p.segments }

// DecodedSegments returns the segments percent-decoded until they stop
// changing: what a server that decodes leniently, perhaps more than once,
// could route on. The slice is shared: callers must not modify it.
func (p Path) DecodedSegments() []string { return p.decoded }

// splitSegments splits an absolute path into its segments, dropping the
// empty one before the leading '/' and one after a trailing '/'.
func splitSegments(p string) []string {
	body := strings.TrimSuffix(p[1:], "/")
	if body == "" {
		return nil
	}
	return strings.Split(body, "/")
}

// Error reports why the path was refused.
func (e *PathError) Error() string {
	return `wix: refused path "` + e.Path + `": ` + e.Reason
}

// validatePath reports whether ParsePath would accept p as it stands
// (without canonicalising it first). The error is a *PathError.
func validatePath(p string) error {
	if _, reason := pathProblem(p); reason != "" {
		return &PathError{Path: quotePath(p), Reason: reason}
	}
	return nil
}

// pathProblem returns why p is refused, or "" and p's fully decoded form.
func pathProblem(p string) (decoded, reason string) {
	switch {
	case p == "":
		return "", "is empty"
	case len(p) > maxPathLen:
		return "", "is longer than " + strconv.Itoa(maxPathLen) + " bytes"
	case hasScheme(p):
		return "", "contains a scheme; give a path such as /contacts/v4/contacts, not a URL"
	case strings.HasPrefix(p, "//"):
		return "", "starts with // (a reference to another host)"
	case p[0] != '/':
		return "", "does not start with /"
	}
	if reason := rawCharProblem(p); reason != "" {
		return "", reason
	}
	if strings.Contains(p, "//") {
		return "", "contains an empty segment (//)"
	}
	// The path is sent exactly as given, but servers and proxies decode it,
	// some more than once and leniently: every decoded form must be just as
	// harmless.
	layer := p
	for i := 0; ; i++ {
		if reason := segmentProblem(layer); reason != "" {
			return "", reason
		}
		next, changed, reason := lenientUnescape(layer)
		if reason != "" {
			return "", reason
		}
		if !changed {
			return layer, ""
		}
		if i == maxDecodeLayers {
			return "", "is percent-encoded too many times"
		}
		if !utf8.ValidString(next) {
			// Overlong forms such as %c0%ae decode to "." on lax servers.
			return "", "contains percent-escapes that are not valid UTF-8"
		}
		layer = next
	}
}

// lenientUnescape decodes every well-formed %XX and keeps anything else as
// is, the way the laxest server on the route might. It refuses escapes
// that decode to a separator, which would change the path's shape; to "?"
// or "#", which a proxy that decodes once would route as the start of a
// query or fragment ("/items/remove%3F/query" is judged as a query and
// routed as "remove"); or to a control character, which could split or
// corrupt a request line.
func lenientUnescape(s string) (decoded string, changed bool, reason string) {
	if !strings.Contains(s, "%") {
		return s, false, ""
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			c := unhex(s[i+1])<<4 | unhex(s[i+2])
			switch {
			case c == '/' || c == '\\':
				return "", false, "contains a percent-encoded / or \\"
			case c == '?' || c == '#':
				return "", false, "contains a percent-encoded ? or # (it would start a query or fragment once decoded)"
			case c < 0x20 || c == 0x7f:
				return "", false, "contains a percent-encoded control character"
			}
			b.WriteByte(c)
			i += 2
			changed = true
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String(), changed, ""
}

// hasScheme reports whether p contains "scheme:" at its start or "://"
// anywhere, the shapes that make a URL out of a path.
func hasScheme(p string) bool {
	if strings.Contains(p, "://") {
		return true
	}
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c == ':':
			return i > 0
		case isAlpha(c):
		case i > 0 && (isDigit(c) || c == '+' || c == '-' || c == '.'):
		default:
			return false
		}
	}
	return false
}

// rawCharProblem checks each byte of the path as given. Only characters RFC
// 3986 allows unescaped in a path are accepted, minus "@" (userinfo).
func rawCharProblem(p string) string {
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c < 0x20 || c == 0x7f:
			return "contains a control character"
		case c == ' ' || c == '\t':
			return "contains whitespace; percent-encode it"
		case c >= 0x80:
			return "contains non-ASCII characters; percent-encode them as UTF-8"
		case c == '\\':
			return `contains a backslash`
		case c == '@':
			return "contains @ (userinfo)"
		case c == '#':
			return "contains a fragment (#)"
		case c == '?':
			return "contains a query (?); pass parameters in Request.Query"
		case c == '{' || c == '}':
			return "contains an unfilled {placeholder}"
		case c == '%':
			if i+2 >= len(p) || !isHex(p[i+1]) || !isHex(p[i+2]) {
				return "contains a malformed percent-escape"
			}
		case c == ';':
			// Matrix parameters: some servers strip them before routing,
			// so "/void;x" could reach the void endpoint while the safety
			// gate judged a different path. No Wix path uses them.
			return "contains ';' (matrix parameters are not used by Wix)"
		case isAlpha(c) || isDigit(c) || strings.IndexByte("-._~!$&'()*+,=:/", c) >= 0:
		default:
			return "contains " + strconv.QuoteRune(rune(c)) + ", which must be percent-encoded"
		}
	}
	return ""
}

// segmentProblem refuses "." and ".." segments, also with matrix
// parameters (";x"), which some servers strip before resolving dots.
func segmentProblem(p string) string {
	for seg := range strings.SplitSeq(p, "/") {
		if i := strings.IndexByte(seg, ';'); i >= 0 {
			seg = seg[:i]
		}
		if seg == "." || seg == ".." {
			return "contains a . or .. segment"
		}
	}
	return ""
}

// quotePath renders a refused path safely for an error message: control
// and non-ASCII characters escaped, length bounded.
func quotePath(p string) string {
	truncated := false
	if len(p) > maxQuotedPath {
		p, truncated = p[:maxQuotedPath], true
	}
	q := strconv.QuoteToASCII(p)
	q = q[1 : len(q)-1]
	if truncated {
		q += "..."
	}
	return q
}

func isAlpha(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
func isDigit(c byte) bool { return '0' <= c && c <= '9' }
func unhex(c byte) byte {
	switch {
	case isDigit(c):
		return c - '0'
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10
	default:
		return c - 'A' + 10
	}
}

func isHex(c byte) bool {
	return isDigit(c) || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// CanonicalPath decodes percent-escapes of unreserved characters (letters,
// digits, "-", ".", "_", "~"), which RFC 3986 section 6.2.2.2 says mean the same
// as the characters themselves, and upper-cases the hex digits of the
// escapes it keeps. Servers decode such escapes before routing, so without
// this "/gift-cards/%76oid" would be judged by the safety gate as one path
// and run at Wix as "/gift-cards/void". Do sends the canonical form, and
// callers that check a path (policy, classification) must check this same
// form. Malformed escapes are left for ParsePath to refuse.
func CanonicalPath(p string) string {
	if strings.IndexByte(p, '%') < 0 {
		return p
	}
	var b strings.Builder
	b.Grow(len(p))
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c != '%' || i+2 >= len(p) || !isHex(p[i+1]) || !isHex(p[i+2]) {
			b.WriteByte(c)
			continue
		}
		d := unhex(p[i+1])<<4 | unhex(p[i+2])
		if isAlpha(d) || isDigit(d) || d == '-' || d == '.' || d == '_' || d == '~' {
			b.WriteByte(d)
		} else {
			b.WriteByte('%')
			b.WriteString(strings.ToUpper(p[i+1 : i+3]))
		}
		i += 2
	}
	return b.String()
}
