package safety

import (
	"errors"
	"fmt"
	"path"
	"strings"

	"github.com/wix-mcp/wix-mcp/wixclient"
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
// Rules are what the configuration holds; Compile turns them into the
// RuleSet that checks calls.
type Rules struct {
	Allow []string
	Deny  []string
}

// Decision is the outcome of Rules.Check.
type Decision struct {
	// Allowed reports whether the path may be called.
	Allowed bool
	// Rule is the pattern that decided, or "" when no single rule did (no
	// allow list, or not on the allow list).
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

// RuleSet is Rules compiled once, when the configuration loads: the
// patterns split into segments, and the deny patterns also lower-cased. It
// is immutable and safe for concurrent use.
type RuleSet struct {
	allow []rule
	deny  []rule
}

type rule struct {
	pattern string   // as configured, for messages
	segs    []string // compiled segments
	folded  []string // segs lower-cased, for deny matching
}

// Compile checks every pattern and compiles them. It returns all problems
// at once, each a *PatternError naming the list and the pattern.
func (r Rules) Compile() (*RuleSet, error) {
	var errs []error
	set := &RuleSet{}
	for _, list := range []struct {
		name     string
		patterns []string
		into     *[]rule
	}{{"allow", r.Allow, &set.allow}, {"deny", r.Deny, &set.deny}} {
		for _, p := range list.patterns {
			segs, problem := compilePattern(p)
			if problem != "" {
				errs = append(errs, &PatternError{List: list.name, Pattern: p, Problem: problem})
				continue
			}
			folded := make([]string, len(segs))
			for i, s := range segs {
				folded[i] = strings.ToLower(s)
			}
			*list.into = append(*list.into, rule{pattern: p, segs: segs, folded: folded})
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return set, nil
}

// Empty reports whether the set has no rules at all, so it allows every
// path; a nil RuleSet is empty.
func (s *RuleSet) Empty() bool { return s == nil || len(s.allow) == 0 && len(s.deny) == 0 }

// Check decides whether p may be called. p is already canonical and
// validated (wixclient.ParsePath guarantees it), so only the rules decide.
//
// Allow rules match the path's segments as sent. Deny rules match them also
// fully percent-decoded and lower-cased, so neither "%2563ontacts" nor
// "/Contacts" slips past a deny rule for /contacts/** on a server that
// decodes or folds case before routing. A nil RuleSet allows everything.
func (s *RuleSet) Check(p wixclient.Path) Decision {
	if s.Empty() {
		return Decision{Allowed: true, Reason: "allowed: no allow list and no deny rule matched"}
	}
	segs, decoded := p.Segments(), p.DecodedSegments()
	var folded []string
	if len(s.deny) > 0 {
		folded = make([]string, len(decoded))
		for i, d := range decoded {
			folded[i] = strings.ToLower(d)
		}
	}
	for _, d := range s.deny {
		if matchSegments(d.segs, segs) || matchSegments(d.segs, decoded) || matchSegments(d.folded, folded) {
			return Decision{Rule: d.pattern, Reason: "denied by rule " + d.pattern}
		}
	}
	if len(s.allow) == 0 {
		return Decision{Allowed: true, Reason: "allowed: no allow list and no deny rule matched"}
	}
	for _, a := range s.allow {
		if matchSegments(a.segs, segs) {
			return Decision{Allowed: true, Rule: a.pattern, Reason: "allowed by rule " + a.pattern}
		}
	}
	return Decision{Reason: "not on the allow list (allow: " + strings.Join(s.Allow(), ", ") + ")"}
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

// Allow returns the allow patterns as configured.
func (s *RuleSet) Allow() []string { return s.patterns(s.allowRules()) }

// Deny returns the deny patterns as configured.
func (s *RuleSet) Deny() []string { return s.patterns(s.denyRules()) }

func (s *RuleSet) allowRules() []rule {
	if s == nil {
		return nil
	}
	return s.allow
}

func (s *RuleSet) denyRules() []rule {
	if s == nil {
		return nil
	}
	return s.deny
}

func (s *RuleSet) patterns(rules []rule) []string {
	out := make([]string, len(rules))
	for i, r := range rules {
		out[i] = r.pattern
	}
	return out
}
