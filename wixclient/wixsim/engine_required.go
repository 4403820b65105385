package wixsim

import (
	"strings"

	"github.com/wix-mcp/wix-mcp/catalog"
)

// requiredViolations checks a request against the fields the SDK declares
// required (the catalog's Required paths, from non-optional parameters and
// @requiredField tags): a top-level field must be there unless a path
// placeholder binds it; a field one level down must be there when its
// parent is, and is checked only when the catalog lists it among the
// parent's fields (deeper paths mix in one-of alternatives, which no single
// request carries all of). Wix answers 400 with one field violation each.
func requiredViolations(ep *catalog.Endpoint, in Object, params map[string]string) *apiError {
	var vs []FieldViolation
	for _, p := range ep.Required {
		parts := strings.Split(p, ".")
		if _, bound := params[p]; bound || len(parts) > 2 {
			continue
		}
		if len(parts) == 1 {
			if v, ok := in[p]; !ok || v == nil {
				vs = append(vs, FieldViolation{Field: p, Description: "is required", ViolatedRule: "REQUIRED_FIELD"})
			}
			continue
		}
		if _, bound := params[parts[0]]; bound {
			continue
		}
		parent, ok := in[parts[0]].(map[string]any)
		if !ok || !declaresChild(ep.Request, parts[0], parts[1]) {
			continue
		}
		if v, ok := parent[parts[1]]; !ok || v == nil {
			vs = append(vs, FieldViolation{Field: p, Description: "is required", ViolatedRule: "REQUIRED_FIELD"})
		}
	}
	if len(vs) == 0 {
		return nil
	}
	return validationErr(vs...)
}

// declaresChild reports whether request field parent lists child.
func declaresChild(fields []catalog.Field, parent, child string) bool {
	for _, f := range fields {
		if f.Name != parent {
			continue
		}
		for _, sub := range f.Fields {
			if sub.Name == child {
				return true
			}
		}
	}
	return false
}
