package tools

import (
	"fmt"
	"strings"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/wix-mcp/wix-mcp/catalog"
)

// validateArg is the call tools' switch for the pre-send check.
const validateArg = "validate"

// validateDescription is what the model reads about turning the check off.
const validateDescription = "Check the body and query against the catalog's description of this endpoint before sending (default true): " +
	"unknown or misspelt fields, wrong JSON types, filters or sorts on undeclared fields and missing required fields are refused with the right names, since Wix silently ignores many of them. " +
	"Pass false only when the catalog is behind Wix (a field Wix added recently is refused)."

// maxProblemsShown bounds a refusal; the first few are enough to fix a call.
const maxProblemsShown = 8

// checkAgainstCatalog refuses a call to a catalog endpoint whose body or
// query does not fit the endpoint's request type, before the gate asks
// anyone or anything is sent. Paths the catalog does not know pass.
func (c *Caller) checkAgainstCatalog(req mcp.CallToolRequest, call *apiCall) error {
	if v, ok := req.GetArguments()[validateArg]; ok {
		b, isBool := v.(bool)
		if !isBool {
			return argErrorf("%s must be true or false", validateArg)
		}
		if !b {
			return nil
		}
	}
	return c.checkCall(call)
}

// checkCall is the pre-send check of one call, for the call tools and for
// every call a script makes.
func (c *Caller) checkCall(call *apiCall) error {
	e, ok := call.endpoint(c.Catalog)
	if !ok {
		return nil
	}
	var problems []catalog.Problem
	if call.decodedBody != nil {
		problems = e.CheckRequestValue(call.decodedBody, call.query)
	} else {
		problems = e.CheckRequest(call.body, call.query)
	}
	if len(problems) == 0 {
		return nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Refused before sending: the request does not fit %s (%s %s, id %s). Nothing was sent.\n", e.Title, e.Method, e.Path, e.ID)
	for i, p := range problems {
		if i == maxProblemsShown {
			fmt.Fprintf(&b, "- … and %d more\n", len(problems)-i)
			break
		}
		b.WriteString("- " + p.String() + "\n")
	}
	b.WriteString("Fix the request (describe_wix_api with this id lists its fields, filters and sorts), or pass validate: false if you are sure Wix accepts it.")
	return &refusalError{b.String()}
}
