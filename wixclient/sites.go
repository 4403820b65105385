package wixclient

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
)

// QuerySitesPath is Wix's account-level Query Sites endpoint
// (https://dev.wix.com/docs/rest/account-level/sites/sites/query-sites).
var QuerySitesPath = MustParsePath("/site-list/v2/sites/query")

// MaxSitesLimit is the largest page Query Sites serves.
const MaxSitesLimit = 100

// headlessNamespaces asks for classic and headless sites alike; without it
// Wix returns only namespace WIX and headless projects go missing.
var headlessNamespaces = map[string]any{"namespace": map[string]any{"$in": []any{"WIX", "HEADLESS"}}}

// QuerySites fetches one page of the account's sites. It needs an
// account-scoped client (ErrAccountScopeRequired otherwise). The first page
// sends the filter, with headless sites included unless the filter names
// namespace itself; later pages send only the cursor, which encodes the
// rest.
func (c *Client) QuerySites(ctx context.Context, q SitesQuery) (*SitesPage, error) {
	if c.scope.Kind != ScopeAccount {
		return nil, ErrAccountScopeRequired
	}
	limit := q.Limit
	if limit == 0 {
		limit = MaxSitesLimit
	}
	if limit < 1 || limit > MaxSitesLimit {
		return nil, fmt.Errorf("wix: query sites: limit %d is outside 1..%d", q.Limit, MaxSitesLimit)
	}
	body, err := sitesQueryBody(q, limit)
	if err != nil {
		return nil, err
	}
	resp, err := c.Do(ctx, Request{Method: http.MethodPost, Path: QuerySitesPath, Body: body})
	if err != nil {
		return nil, err
	}
	return decodeSitesPage(resp)
}

type sitesQueryRequest struct {
	Query sitesQueryBodyQuery `json:"query"`
}

type sitesQueryBodyQuery struct {
	Filter       map[string]any `json:"filter,omitempty"`
	CursorPaging cursorPaging   `json:"cursorPaging"`
}

type cursorPaging struct {
	Limit  int    `json:"limit"`
	Cursor string `json:"cursor,omitempty"`
}

func sitesQueryBody(q SitesQuery, limit int) (json.RawMessage, error) {
	req := sitesQueryRequest{Query: sitesQueryBodyQuery{CursorPaging: cursorPaging{Limit: limit, Cursor: q.Cursor}}}
	if q.Cursor == "" {
		req.Query.Filter = withHeadless(q.Filter)
	}
	b, err := json.Marshal(req)
	if err != nil {
		return nil, fmt.Errorf("wix: query sites: encode filter: %w", err)
	}
	return b, nil
}

// withHeadless adds the namespace condition to a filter that does not
// already constrain namespace, leaving the caller's map untouched.
func withHeadless(filter map[string]any) map[string]any {
	switch {
	case len(filter) == 0:
		return headlessNamespaces
	case mentionsField(filter, "namespace"):
		return filter
	}
	return map[string]any{"$and": []any{filter, headlessNamespaces}}
}

// mentionsField reports whether name is a key anywhere in a filter,
// including inside $and, $or and $not.
func mentionsField(v any, name string) bool {
	switch t := v.(type) {
	case map[string]any:
		for k, sub := range t {
			if k == name || mentionsField(sub, name) {
				return true
			}
		}
	case []any:
		for _, sub := range t {
			if mentionsField(sub, name) {
				return true
			}
		}
	case []map[string]any:
		for _, sub := range t {
			if mentionsField(sub, name) {
				return true
			}
		}
	}
	return false
}

type sitesQueryResponse struct {
	Sites    []Site `json:"sites"`
	Metadata struct {
		Cursors struct {
			Next string `json:"next"`
		} `json:"cursors"`
		HasNext *bool `json:"hasNext"`
		Total   *int  `json:"total"`
	} `json:"metadata"`
}

func decodeSitesPage(resp *Response) (*SitesPage, error) {
	var r sitesQueryResponse
	if err := json.Unmarshal(resp.Body, &r); err != nil {
		return nil, &AnswerError{Method: "POST", Path: QuerySitesPath.String(), RequestID: resp.RequestID, Reason: "the body is not the JSON Query Sites returns (" + err.Error() + ")"}
	}
	page := &SitesPage{Sites: r.Sites, Total: -1, RequestID: resp.RequestID}
	if page.Sites == nil {
		page.Sites = []Site{}
	}
	if r.Metadata.HasNext != nil {
		page.HasNext = *r.Metadata.HasNext
	} else {
		page.HasNext = r.Metadata.Cursors.Next != ""
	}
	if page.HasNext {
		page.NextCursor = r.Metadata.Cursors.Next
		if page.NextCursor == "" {
			return nil, &AnswerError{Method: "POST", Path: QuerySitesPath.String(), RequestID: resp.RequestID, Reason: "it says hasNext but gives no cursor"}
		}
	}
	if r.Metadata.Total != nil {
		page.Total = *r.Metadata.Total
	}
	return page, nil
}
