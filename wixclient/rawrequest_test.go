package wixclient

import (
	"context"
	"encoding/json"
	"net/url"
)

// rawRequest is a Request whose path is still the caller's string, as an
// agent supplies it; doRaw parses it the way the tools do before sending.
type rawRequest struct {
	Method string
	Path   string
	Query  url.Values
	Body   json.RawMessage
}

// doRaw parses r.Path with ParsePath and sends r with c, so tests of hostile
// paths see the refusal an agent would see, and nothing is sent.
func doRaw(ctx context.Context, c *Client, r rawRequest) (*Response, error) {
	p, err := ParsePath(r.Path)
	if err != nil {
		return nil, err
	}
	return c.Do(ctx, Request{Method: r.Method, Path: p, Query: r.Query, Body: r.Body})
}
