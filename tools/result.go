package tools

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/wix-mcp/wix-mcp/scopes"
	"github.com/wix-mcp/wix-mcp/untrusted"
	"github.com/wix-mcp/wix-mcp/wixclient"
)

// toolError turns an error into what the model should see. Errors the model
// or the user can act on become isError results that say what happened and
// what to do; anything else is a bug and becomes a JSON-RPC error.
func toolError(err error) (*mcp.CallToolResult, error) {
	var (
		apiErr       *wixclient.APIError
		pathErr      *wixclient.PathError
		transportErr *wixclient.TransportError
		answerErr    *wixclient.AnswerError
		scopeErr     *scopes.Error
		badArg       *argError
		refusal      *refusalError
	)
	switch {
	case errors.As(err, &badArg):
		return mcp.NewToolResultError("Invalid arguments: " + badArg.msg), nil
	case errors.As(err, &scopeErr):
		return mcp.NewToolResultError(scopeErr.Error()), nil
	case errors.As(err, &refusal):
		return mcp.NewToolResultError(refusal.Error()), nil
	case errors.As(err, &pathErr):
		return mcp.NewToolResultError(fmt.Sprintf("Path refused before sending: %s. Pass an absolute path on the Wix API host, such as /contacts/v4/contacts/query; put query-string parameters in the query argument.", pathErr.Error())), nil
	case errors.As(err, &apiErr):
		return mcp.NewToolResultError(describeAPIError(apiErr)), nil
	case errors.As(err, &transportErr):
		return mcp.NewToolResultError(describeTransportError(transportErr)), nil
	case errors.As(err, &answerErr):
		return mcp.NewToolResultError(fmt.Sprintf("Wix's answer to %s %s cannot be used: %s. This usually means a proxy or an outage page answered instead of Wix; try again later, and check WIX_API_BASE_URL if it persists.", answerErr.Method, answerErr.Path, untrusted.Line(answerErr.Reason))), nil
	case errors.Is(err, context.Canceled):
		return mcp.NewToolResultError("The call was cancelled before Wix answered."), nil
	case errors.Is(err, context.DeadlineExceeded):
		return mcp.NewToolResultError("The call ran out of time before Wix answered; try again or ask for less."), nil
	}
	return nil, err
}

// describeAPIError renders a Wix error with everything the model needs to
// correct the call: status, Wix's codes, message and field violations, the
// request ID, and a hint. Wix's own words often repeat data that anyone
// could have written (a contact's name in a validation message), so they
// are cleaned and fenced like any other Wix data; the status, code, request
// ID and hint stay outside, Wix's code and request ID reduced to a safe
// line (untrusted.Line) because Wix, or whatever answered, chose them.
func describeAPIError(e *wixclient.APIError) string {
	return describeAPIErrorHint(e, e.Hint())
}

// describeAPIErrorHint is describeAPIError with the hint given.
func describeAPIErrorHint(e *wixclient.APIError, hint string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Wix answered %d", e.Status)
	if e.Code != "" {
		fmt.Fprintf(&b, " %s", untrusted.Line(e.Code))
	}
	fmt.Fprintf(&b, " for %s %s.\n", e.Method, e.Path)
	if e.RequestID != "" {
		fmt.Fprintf(&b, "Wix request ID: %s\n", untrusted.Line(e.RequestID))
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, "Attempts: %d\n", e.Attempts)
	}
	if hint != "" {
		fmt.Fprintf(&b, "Hint: %s\n", hint)
	}
	var wix strings.Builder
	if e.Message != "" {
		fmt.Fprintf(&wix, "message: %s\n", e.Message)
	}
	if e.Description != "" && e.Description != e.Message {
		fmt.Fprintf(&wix, "description: %s\n", e.Description)
	}
	for _, v := range e.FieldViolations {
		fmt.Fprintf(&wix, "field %s: %s", v.Field, v.Description)
		if v.ViolatedRule != "" {
			fmt.Fprintf(&wix, " [%s]", v.ViolatedRule)
		}
		wix.WriteString("\n")
	}
	if len(e.Data) > 0 && string(e.Data) != "{}" && string(e.Data) != "null" {
		fmt.Fprintf(&wix, "data: %s\n", e.Data)
	}
	if wix.Len() > 0 {
		b.WriteString("Wix's error details:\n")
		b.WriteString(untrusted.Wrap(strings.TrimRight(wix.String(), "\n")))
	}
	return strings.TrimRight(b.String(), "\n")
}

func describeTransportError(e *wixclient.TransportError) string {
	if e.Timeout {
		return fmt.Sprintf("Wix did not answer %s %s in time (%d attempt(s)); try again later, or ask for less (a smaller limit or fewer fields).", e.Method, e.Path, e.Attempts)
	}
	// The cause can quote what the other end sent (net/http quotes a
	// malformed status line), so it is reduced to a safe line.
	return fmt.Sprintf("No usable answer from Wix for %s %s after %d attempt(s): %s. Try again later.", e.Method, e.Path, e.Attempts, untrusted.Line(fmt.Sprint(e.Err)))
}

// refusalError is a call the server refused by policy before sending it.
type refusalError struct{ msg string }

func (e *refusalError) Error() string { return e.msg }

// callError renders a failed call. When Wix answered 404, or the path is
// not a known endpoint, the closest catalog entries are added, so the model
// can correct the path without guessing again.
func (c *Caller) callError(err error, call *apiCall) (*mcp.CallToolResult, error) {
	res, rerr := toolError(err)
	if res == nil || rerr != nil {
		return res, rerr
	}
	var apiErr *wixclient.APIError
	is404 := errors.As(err, &apiErr) && apiErr.Status == 404
	if is404 {
		if _, missing := apiErr.MissingEntity(); missing {
			return res, nil // the path was right: other endpoints would mislead
		}
	}
	if c.Catalog == nil {
		return res, nil
	}
	ep, known := call.endpoint(c.Catalog)
	if known && is404 {
		return knownEndpoint404(apiErr, ep), nil
	}
	if known {
		return res, nil
	}
	suggestions := c.Catalog().Suggest(call.method, call.path, 3)
	if len(suggestions) == 0 {
		return res, nil
	}
	var b strings.Builder
	b.WriteString("\nKnown endpoints closest to this path (describe_wix_api shows their bodies):")
	for _, e := range suggestions {
		fmt.Fprintf(&b, "\n- %s %s (%s, %s-level)", e.Method, e.Path, e.Title, e.Scope)
	}
	res.Content = append(res.Content, mcp.NewTextContent(b.String()))
	return res, nil
}

// resultText joins a result's text content.
func resultText(res *mcp.CallToolResult) string {
	var parts []string
	for _, c := range res.Content {
		if tc, ok := c.(mcp.TextContent); ok {
			parts = append(parts, tc.Text)
		}
	}
	return strings.Join(parts, "\n")
}
