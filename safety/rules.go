package safety

import (
	"errors"
	"fmt"
	"net/url"
	"path"
	"strings"
)

// Rules are the operator's path allow and deny lists. Patterns are globs over
// '/'-separated segments:
//
//   - a literal segment matches itself, case-sensitively;
//   - '*' matches any run of characters inside one segment, so "*" is one
//     whole segment and "v*" matches "v1" and "v3";
//   - a "**" segment matches any number of segments, zero included, so
//     /contacts/** matches /contacts, /contacts/v4 and
//     /contacts/v4/contacts/query.
//
// Deny wins over allow. An empty allow list allows every path no deny rule
// matches; a non-empty one refuses every path that none of its rules match.
type Rules struct {
	Allow []string
	Deny  []string
}

// Decision is the outcome of Rules.Check.
type Decision struct {
	// Allowed reports whether the path may be called.
	Allowed bool
	// Rule is the pattern that decided, or "" when no single rule did (no
	// allow list, not on the allow list, or a path that is not canonical).
	Rule string
	// Reason is a sentence for the user and the audit log, e.g.
	// "denied by rule /wix-data/**".
	Reason string
}

// PatternError reports one bad pattern. Validate joins one per bad pattern.
type PatternError struct {
	List    string // "allow" or "deny"
	Pattern string // the pattern as configured
	Problem string // what is wrong with it
}

// Error names the list and the pattern, e.g. `deny rule "/x**": "**" must be
// a whole segment, not part of "x**"`.
func (e *PatternError) Error() string {
	return fmt.Sprintf("%s rule %q: %s", e.List, e.Pattern, e.Problem)
}

// Validate checks every pattern and returns all problems at once, each a
// *PatternError naming the list and the pattern, or nil when all are good.
// Run it at startup: Check fails closed on a bad deny pattern and ignores a
// bad allow pattern, which is safe but surprising.
func (r Rules) Validate() error {
	var errs []error
	for _, list := range []struct {
		name     string
		patterns []string
	}{{"allow", r.Allow}, {"deny", r.Deny}} {
		for _, p := range list.patterns {
			if _, problem := compilePattern(p); problem != "" {
				errs = append(errs, &PatternError{List: list.name, Pattern: p, Problem: problem})
			}
		}
	}
	return errors.Join(errs...)
}

// Check decides whether path may be called. The query string and fragment
// are ignored, and so is one trailing slash.
//
// A path that is not canonical (not starting with '/', containing "//", a
// "." or ".." segment, a backslash, a control character, malformed
// percent-encoding, or a percent-encoded '/', '\' or dot segment) is refused
// whatever the rules say: such a path could reach a different endpoint than
// the one the rules were written for. The HTTP client refuses these before
// this point too; this is the second line.
//
// Allow rules match the path exactly as written. Deny rules match it also
// after percent-decoding and lower-casing, so neither "%63ontacts" nor
// "/Contacts" slips past a deny rule for /contacts/**.
func (r Rules) Check(p string) Decision {
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		p = p[:i]
	}
	segs, decoded, problem := splitPath(p)
	if problem != "" {
		return Decision{Reason: "refused: the path " + problem}
	}
	folded := make([]string, len(decoded))
	for i, s := range decoded {
		folded[i] = strings.ToLower(s)
	}
	for _, d := range r.Deny {
		pat, problem := compilePattern(d)
		if problem != "" {
			// A deny rule that cannot be read must not silently allow what
			// it was meant to block.
			return Decision{Rule: d, Reason: fmt.Sprintf("refused: deny rule %q is invalid (%s)", d, problem)}
		}
		foldedPat := make([]string, len(pat))
		for i, s := range pat {
			foldedPat[i] = strings.ToLower(s)
		}
		if matchSegments(pat, segs) || matchSegments(pat, decoded) || matchSegments(foldedPat, folded) {
			return Decision{Rule: d, Reason: "denied by rule " + d}
		}
	}
	if len(r.Allow) == 0 {
		return Decision{Allowed: true, Reason: "allowed: no allow list and no deny rule matched"}
	}
	for _, a := range r.Allow {
		pat, problem := compilePattern(a)
		if problem == "" && matchSegments(pat, segs) {
			return Decision{Allowed: true, Rule: a, Reason: "allowed by rule " + a}
		}
	}
	return Decision{Reason: "not on the allow list (allow: " + strings.Join(r.Allow, ", ") + ")"}
}

// compilePattern splits a pattern into segments, or returns why it is bad.
func compilePattern(p string) ([]string, string) {
	switch {
	case p == "":
		return nil, "is empty"
	case p[0] != '/':
		return nil, `must start with "/"`
	case p == "/":
		return nil, `matches nothing; use "/**" to match every path`
	case strings.HasSuffix(p, "/"):
		return nil, `must not end with "/" (write /x/** for everything under /x)`
	}
	for _, r := range p {
		if r <= ' ' || r == 0x7f {
			return nil, "contains a space or control character"
		}
		if strings.ContainsRune(`?#[]\`, r) {
			return nil, fmt.Sprintf("contains %q, which path rules do not support (only * and ** are special)", r)
		}
	}
	segs := strings.Split(p[1:], "/")
	out := segs[:0]
	for _, s := range segs {
		switch {
		case s == "":
			return nil, `contains an empty segment ("//")`
		case s == "." || s == "..":
			return nil, `must not contain "." or ".." segments`
		case strings.Contains(s, "**") && s != "**":
			return nil, fmt.Sprintf(`"**" must be a whole segment, not part of %q`, s)
		case s == "**" && len(out) > 0 && out[len(out)-1] == "**":
			continue // "/**/**" means the same as "/**"
		}
		out = append(out, s)
	}
	return out, ""
}

// splitPath returns the raw and the percent-decoded segments of p, or a
// description of why p is not canonical.
func splitPath(p string) (raw, decoded []string, problem string) {
	if p == "" || p[0] != '/' {
		return nil, nil, `does not start with "/"`
	}
	for _, r := range p {
		if r < ' ' || r == 0x7f {
			return nil, nil, "contains a control character"
		}
		if r == '\\' {
			return nil, nil, "contains a backslash"
		}
	}
	body := strings.TrimSuffix(p[1:], "/")
	if body == "" {
		return nil, nil, ""
	}
	raw = strings.Split(body, "/")
	decoded = make([]string, len(raw))
	for i, s := range raw {
		if s == "" {
			return nil, nil, `contains an empty segment ("//")`
		}
		d, problem := decodeSegment(s)
		if problem != "" {
			return nil, nil, problem
		}
		decoded[i] = d
	}
	return raw, decoded, ""
}

// decodeSegment percent-decodes s until it stops changing (a few rounds, so
// double encoding such as %252F is seen too) and refuses segments that are
// or hide path structure.
func decodeSegment(s string) (string, string) {
	d := s
	for range 4 {
		next, err := url.PathUnescape(d)
		if err != nil {
			return "", "contains malformed percent-encoding"
		}
		if strings.ContainsAny(next, "/\\") {
			return "", "contains a percent-encoded slash or backslash"
		}
		if next == "." || next == ".." {
			if s == next {
				return "", `contains a "." or ".." segment`
			}
			return "", "contains a percent-encoded dot segment"
		}
		if next == d {
			break
		}
		d = next
	}
	return d, ""
}

// matchSegments matches compiled pattern segments against path segments.
// Patterns and paths are short, so plain backtracking on "**" is enough.
func matchSegments(pat, segs []string) bool {
	for len(pat) > 0 {
		if pat[0] == "**" {
			rest := pat[1:]
			if len(rest) == 0 {
				return true
			}
			for i := 0; i <= len(segs); i++ {
				if matchSegments(rest, segs[i:]) {
					return true
				}
			}
			return false
		}
		if len(segs) == 0 {
			return false
		}
		// compilePattern has removed every character path.Match treats as
		// special except '*', and segments contain no '/', so path.Match is
		// exactly "'*' is any run within the segment".
		if ok, err := path.Match(pat[0], segs[0]); err != nil || !ok {
			return false
		}
		pat, segs = pat[1:], segs[1:]
	}
	return len(segs) == 0
}
