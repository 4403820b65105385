package catalog

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
)

// Description is an endpoint told compactly: what an agent needs to build
// a valid call (and a person to read), without the catalog's full type
// trees. Field trees are summarised as one line per top-level field.
type Description struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	// Methods are the verbs Wix serves the path with: the SDK's, then its
	// fallback (a GET query also takes the same request as a POST body).
	Methods []string    `json:"methods"`
	Path    string      `json:"path"`
	Aliases []string    `json:"aliases,omitempty"`
	Scope   string      `json:"scope"`
	Class   string      `json:"class"`
	Paging  *PagingHelp `json:"paging,omitempty"`
	// Filter maps an operator list ("$eq $in $ne") to the fields that
	// allow exactly those operators; "*" means any operator.
	Filter map[string][]string `json:"filter,omitempty"`
	// Sort lists sortable fields; each takes order ASC or DESC unless
	// SortOrders says otherwise.
	Sort       []string            `json:"sort,omitempty"`
	SortOrders map[string][]string `json:"sortOrders,omitempty"`
	// Values are the enum values of filterable fields, from the entity.
	Values   map[string][]string `json:"values,omitempty"`
	Required []string            `json:"required,omitempty"`
	// FieldMask names the request field an update's mask goes in.
	FieldMask   string          `json:"fieldMask,omitempty"`
	Note        string          `json:"note,omitempty"`
	ExampleBody json.RawMessage `json:"exampleBody,omitempty"`
	Request     []string        `json:"request,omitempty"`
	Response    []string        `json:"response,omitempty"`
	DocsURL     string          `json:"docsUrl,omitempty"`
}

// PagingHelp says how to page a list.
type PagingHelp struct {
	Style string `json:"style"`
	// Field is where the page size and cursor or offset go
	// ("query.cursorPaging").
	Field    string `json:"field"`
	MaxLimit int    `json:"maxLimit,omitempty"`
	// Metadata is the response field with the next cursor or the total.
	Metadata string `json:"metadata,omitempty"`
}

// Summary depths: how much of a type a description spells out.
const (
	requestSummaryDepth  = 3
	responseSummaryDepth = 1
	summaryMaxFields     = 14
)

// Describe builds the endpoint's description.
func (e *Endpoint) Describe() *Description {
	d := &Description{
		ID: e.ID, Title: e.Title, Methods: []string{e.Method}, Path: e.Path, Aliases: e.Aliases,
		Scope: string(e.Scope), Class: string(e.Class), Required: e.Required, FieldMask: e.FieldMask, DocsURL: e.DocsURL,
		ExampleBody: e.ExampleBody(),
	}
	if e.FallbackMethod != "" && e.FallbackMethod != e.Method {
		d.Methods = append(d.Methods, e.FallbackMethod)
	}
	if e.Paging != nil {
		d.Paging = &PagingHelp{Style: e.Paging.Style, Field: e.pagingField(), MaxLimit: e.Paging.MaxLimit, Metadata: e.Paging.Metadata}
	}
	if len(e.Filterable) > 0 {
		d.Filter = map[string][]string{}
		for _, f := range e.Filterable {
			key := strings.Join(slices.Sorted(slices.Values(f.Operators)), " ")
			d.Filter[key] = append(d.Filter[key], f.Name)
			if vals := e.entityEnum(f.Name); len(vals) > 0 {
				if d.Values == nil {
					d.Values = map[string][]string{}
				}
				d.Values[f.Name] = vals
			}
		}
	}
	for _, s := range e.Sortable {
		d.Sort = append(d.Sort, s.Name)
		if len(s.Operators) != 2 {
			if d.SortOrders == nil {
				d.SortOrders = map[string][]string{}
			}
			d.SortOrders[s.Name] = s.Operators
		}
	}
	var notes []string
	if e.isUpdate() {
		if e.FieldMask != "" {
			notes = append(notes, fmt.Sprintf("An update changes only the paths %s names (comma-separated, e.g. \"name,description\"); send the entity's current revision.", e.FieldMask))
		} else {
			notes = append(notes, "An update changes only the fields sent: omit what should stay as it is, and never send blank values (\"\", {}) for fields you do not mean to clear.")
		}
	}
	if len(d.Methods) > 1 {
		notes = append(notes, fmt.Sprintf("Wix takes this as %s with the request in the query string, or as %s with the same request as the body.", d.Methods[0], d.Methods[1]))
	}
	if e.HandWritten {
		notes = append(notes, "Hand-written entry (no SDK package describes this endpoint); fields are from Wix's documentation.")
	}
	d.Note = strings.Join(notes, " ")
	for _, f := range e.Request {
		d.Request = append(d.Request, summarize(f, requestSummaryDepth))
	}
	for _, f := range e.Response {
		d.Response = append(d.Response, summarize(f, responseSummaryDepth))
	}
	return d
}

func (e *Endpoint) pagingField() string {
	key := "paging"
	if e.Paging.Style == "cursor" {
		key = "cursorPaging"
	}
	holder := e.Request
	if h := findField(e.Request, e.QueryKey); h != nil && len(h.Fields) > 0 {
		holder = h.Fields
		if findField(holder, key) == nil && findField(holder, "paging") != nil {
			key = "paging"
		}
		return e.QueryKey + "." + key
	}
	if findField(holder, key) == nil && findField(holder, "limit") != nil {
		return "limit"
	}
	return key
}

// entityEnum finds the enum values of a filterable field in the entity the
// endpoint lists (the response's first array of objects).
func (e *Endpoint) entityEnum(name string) []string {
	for _, r := range e.Response {
		if !strings.HasSuffix(r.Type, "[]") || len(r.Fields) == 0 {
			continue
		}
		fields := r.Fields
		var f *Field
		for _, part := range strings.Split(name, ".") {
			if f = findField(fields, part); f == nil {
				return nil
			}
			fields = f.Fields
		}
		return f.Enum
	}
	return nil
}

// summarize is a field in one line: "info: ContactInfo {name {first,
// last}, emails {items[]}, …}", with enum values inline.
func summarize(f Field, depth int) string {
	var b strings.Builder
	b.WriteString(f.Name)
	b.WriteString(": ")
	writeType(&b, f, depth)
	return b.String()
}

func writeType(b *strings.Builder, f Field, depth int) {
	switch {
	case len(f.Enum) > 0:
		b.WriteString(strings.Join(f.Enum, "|"))
		if strings.HasSuffix(f.Type, "[]") {
			b.WriteString(" []")
		}
	case f.Max > 0:
		fmt.Fprintf(b, "%s (max %d)", f.Type, f.Max)
	default:
		b.WriteString(f.Type)
	}
	if depth <= 0 || len(f.Fields) == 0 {
		return
	}
	b.WriteString(" {")
	for i, sub := range f.Fields {
		if i == summaryMaxFields {
			fmt.Fprintf(b, ", … %d more", len(f.Fields)-i)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(sub.Name)
		if len(sub.Enum) > 0 || (depth > 1 && len(sub.Fields) > 0) || sub.Max > 0 {
			b.WriteString(": ")
			writeType(b, sub, depth-1)
		}
	}
	b.WriteString("}")
}

// Text renders the description for a person reading a terminal.
func (d *Description) Text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n  %s %s\n", d.Title, strings.Join(d.Methods, "|"), d.Path)
	for _, a := range d.Aliases {
		fmt.Fprintf(&b, "  also %s\n", a)
	}
	fmt.Fprintf(&b, "  id %s, %s-level, %s\n", d.ID, d.Scope, d.Class)
	if d.Note != "" {
		fmt.Fprintf(&b, "\n%s\n", d.Note)
	}
	if d.Paging != nil {
		fmt.Fprintf(&b, "\nPaging: %s, in %s", d.Paging.Style, d.Paging.Field)
		if d.Paging.MaxLimit > 0 {
			fmt.Fprintf(&b, ", limit at most %d", d.Paging.MaxLimit)
		}
		if d.Paging.Metadata != "" {
			fmt.Fprintf(&b, "; the answer's %s says what comes next", d.Paging.Metadata)
		}
		b.WriteString("\n")
	}
	if len(d.Filter) > 0 {
		b.WriteString("\nFilter on:\n")
		ops := make([]string, 0, len(d.Filter))
		for k := range d.Filter {
			ops = append(ops, k)
		}
		sort.Strings(ops)
		for _, op := range ops {
			label := op
			if op == "*" {
				label = "any operator"
			}
			fmt.Fprintf(&b, "  %s with %s\n", strings.Join(d.Filter[op], ", "), label)
		}
	}
	if len(d.Values) > 0 {
		b.WriteString("\nValues:\n")
		for _, k := range slices.Sorted(maps.Keys(d.Values)) {
			fmt.Fprintf(&b, "  %s: %s\n", k, strings.Join(d.Values[k], ", "))
		}
	}
	if len(d.Sort) > 0 {
		fmt.Fprintf(&b, "\nSort on (ASC or DESC): %s\n", strings.Join(d.Sort, ", "))
	}
	if len(d.Required) > 0 {
		fmt.Fprintf(&b, "\nRequired: %s\n", strings.Join(d.Required, ", "))
	}
	section := func(title string, lines []string) {
		if len(lines) == 0 {
			return
		}
		fmt.Fprintf(&b, "\n%s:\n", title)
		for _, l := range lines {
			fmt.Fprintf(&b, "  %s\n", l)
		}
	}
	section("Request", d.Request)
	section("Response", d.Response)
	if len(d.ExampleBody) > 0 {
		fmt.Fprintf(&b, "\nExample body (replace the <…> values):\n  %s\n", d.ExampleBody)
	}
	if d.DocsURL != "" {
		fmt.Fprintf(&b, "\nDocs: %s\n", d.DocsURL)
	}
	return b.String()
}
