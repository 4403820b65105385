package catalog

import (
	"encoding/json"
	"net/url"
	"reflect"
	"strings"
	"testing"
)

func TestCheckRequest(t *testing.T) {
	t.Parallel()
	c := Default()
	cases := []struct {
		name, id, body string
		query          url.Values
		// want are substrings each expected in one problem; none means
		// the request must pass.
		want []string
	}{
		{"valid update", "crm.contacts.updateContact", `{"revision":3,"info":{"name":{"first":"Ada"}}}`, nil, nil},
		{"misspelt nested field", "crm.contacts.updateContact", `{"revision":3,"info":{"emials":{"items":[]}}}`, nil,
			[]string{"info.emials: is not a field of this request; did you mean info.emails"}},
		{"field at the wrong level", "crm.contacts.updateContact", `{"revision":3,"info":{},"emails":{}}`, nil,
			[]string{"emails: is not a field of this request; did you mean info.emails"}},
		{"deep unknown field", "crm.contacts.updateContact", `{"revision":3,"info":{"emails":{"items":[{"emial":"a@b.c"}]}}}`, nil,
			[]string{"info.emails.items[0].emial: is not a field", "email"}},
		{"string for an object", "crm.contacts.updateContact", `{"revision":3,"info":"Ada"}`, nil,
			[]string{"info: must be an object (ContactInfo), not a string"}},
		{"number as a string", "crm.contacts.updateContact", `{"revision":"3","info":{}}`, nil,
			[]string{"revision: must be a number, not a string"}},
		{"missing required", "crm.contacts.updateContact", `{"info":{"company":"Acme"}}`, nil,
			[]string{"revision: is required"}},
		{"enum value", "ecom.orders.searchOrders", `{"search":{"filter":{"status":"APPROVED"},"sort":[{"fieldName":"createdDate","order":"SIDEWAYS"}]}}`, nil,
			[]string{`sort[0].order: "SIDEWAYS" is not an order createdDate allows`}},
		{"valid search", "ecom.orders.searchOrders", `{"search":{"filter":{"status":{"$in":["APPROVED"]},"createdDate":{"$gte":"2026-01-01T00:00:00Z"}},"sort":[{"fieldName":"createdDate","order":"DESC"}],"cursorPaging":{"limit":50}}}`, nil, nil},
		{"undeclared filter field", "ecom.orders.searchOrders", `{"search":{"filter":{"statuz":"APPROVED"}}}`, nil,
			[]string{"search.filter.statuz: cannot be filtered on; did you mean status"}},
		{"disallowed operator", "ecom.orders.searchOrders", `{"search":{"filter":{"status":{"$startsWith":"APP"}}}}`, nil,
			[]string{"search.filter.status.$startsWith: is not an operator status allows; use one of $eq, $in, $ne, $nin"}},
		{"filter inside $and", "crm.contacts.queryContacts", `{"query":{"filter":{"$and":[{"info.name.first":"Ada"},{"info.nmae.last":"B"}]}}}`, nil,
			[]string{"query.filter.$and[1].info.nmae.last: cannot be filtered on; did you mean info.name.last"}},
		{"undeclared sort field", "crm.contacts.queryContacts", `{"query":{"sort":[{"fieldName":"info.shoeSize","order":"ASC"}]}}`, nil,
			[]string{`query.sort[0].fieldName: "info.shoeSize" cannot be sorted on`}},
		{"empty query body", "crm.contacts.queryContacts", `{}`, nil, nil},
		// Fields Wix's REST docs list beyond the SDK's spec, and extended fields.
		{"documented extra filter", "crm.contacts.queryContacts", `{"query":{"filter":{"info.emails.email":{"$eq":"a@b.c"},"info.extendedFields.custom.vip":true},"sort":[{"fieldName":"info.extendedFields.custom.since","order":"DESC"}]}}`, nil, nil},
		{"unknown query parameter", "crm.contacts.getContact", ``, url.Values{"fieldset": {"FULL"}}, []string{"?fieldset: is not a field of this request; did you mean fieldsets"}},
		{"known query parameter", "crm.contacts.getContact", ``, url.Values{"fieldsets": {"FULL"}}, nil},
		{"not JSON", "crm.contacts.updateContact", `{"info":`, nil, []string{"body: is not valid JSON"}},
		// picture.image is an Image the catalog spells out; its own fields
		// below the kept depth may hold anything.
		{"below the known depth", "crm.contacts.updateContact", `{"revision":3,"info":{"picture":{"image":{"id":"x","url":"https://x"}}}}`, nil, nil},
		{"map must be an object", "data.items.insertDataItem", `{"dataCollectionId":"c","dataItem":{"data":"text"}}`, nil,
			[]string{"dataItem.data: must be an object"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e, ok := c.Get(tc.id)
			if !ok {
				t.Fatalf("no endpoint %s", tc.id)
			}
			got := e.CheckRequest([]byte(tc.body), tc.query)
			var lines []string
			for _, p := range got {
				lines = append(lines, p.String())
			}
			all := strings.Join(lines, "\n")
			if len(tc.want) == 0 && len(got) > 0 {
				t.Fatalf("want no problems, got:\n%s", all)
			}
			if len(tc.want) > 0 && len(got) == 0 {
				t.Fatalf("want problems %q, got none", tc.want)
			}
			for _, w := range tc.want {
				if !strings.Contains(all, w) {
					t.Errorf("want a problem containing %q, got:\n%s", w, all)
				}
			}
			// The same body decoded as the MCP library decodes tool
			// arguments (numbers as float64) gets the same verdict.
			var decoded any
			if json.Unmarshal([]byte(tc.body), &decoded) != nil {
				return
			}
			if again := e.CheckRequestValue(decoded, tc.query); !reflect.DeepEqual(again, got) {
				t.Errorf("CheckRequestValue = %v, CheckRequest = %v", again, got)
			}
		})
	}
}

// BenchmarkCheckRequest is the pre-send check on typical bodies: an
// update with nested fields and a search with filter, sort and paging.
func BenchmarkCheckRequest(b *testing.B) {
	c := Default()
	update, _ := c.Get("crm.contacts.updateContact")
	search, _ := c.Get("ecom.orders.searchOrders")
	bodies := []struct {
		e    *Endpoint
		body []byte
	}{
		{update, []byte(`{"revision":3,"info":{"name":{"first":"Ada","last":"Baker"},"emails":{"items":[{"tag":"MAIN","email":"ada@example.com"}]},"company":"Sandbox Bakery"}}`)},
		{search, []byte(`{"search":{"filter":{"status":{"$in":["APPROVED"]},"createdDate":{"$gte":"2026-01-01T00:00:00Z"},"buyerInfo.email":"ada@example.com"},"sort":[{"fieldName":"createdDate","order":"DESC"}],"cursorPaging":{"limit":50}}}`)},
	}
	b.Run("encoded", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			x := bodies[i%len(bodies)]
			if p := x.e.CheckRequest(x.body, nil); len(p) != 0 {
				b.Fatal(p)
			}
		}
	})
	// As the call tools check: the arguments the MCP library decoded.
	decoded := make([]any, len(bodies))
	for i, x := range bodies {
		if err := json.Unmarshal(x.body, &decoded[i]); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("decoded", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			x := bodies[i%len(bodies)]
			if p := x.e.CheckRequestValue(decoded[i%len(bodies)], nil); len(p) != 0 {
				b.Fatal(p)
			}
		}
	})
}

func TestCheckRequestQueryString(t *testing.T) {
	t.Parallel()
	e, ok := Default().Get("analytics-data.analytics-data.getAnalyticsData")
	if !ok {
		t.Fatal("no Get Analytics Data")
	}
	var required []string
	for _, r := range e.Required {
		if !strings.Contains(r, ".") {
			required = append(required, r)
		}
	}
	if len(required) == 0 {
		t.Fatal("Get Analytics Data declares no required top-level field; pick another endpoint for this test")
	}
	q := url.Values{}
	for _, r := range required {
		q.Set(r+".x", "1") // a member of the field counts as the field
	}
	for _, p := range e.CheckRequest(nil, q) {
		if strings.HasSuffix(p.Message, "is required") {
			t.Errorf("sent as members, still required: %s", p)
		}
	}
	if got := e.CheckRequest(nil, url.Values{".r": {"eyJ9"}}); len(got) != 0 {
		t.Errorf("the SDK's encoded request is not inspected: %v", got)
	}
	if got := e.CheckRequest(nil, nil); len(got) == 0 {
		t.Errorf("nothing sent: want %v named as required", required)
	}
}

// FuzzCheckRequest feeds arbitrary bodies and query strings to the check of
// a few endpoints with deep request types and query specs: it must never
// panic, and every problem it reports names a path and says what is wrong.
func FuzzCheckRequest(f *testing.F) {
	for _, seed := range []string{
		`{}`, `[]`, `null`, `"x"`, `{"info":{"emails":{"items":[{"email":1}]}}}`,
		`{"query":{"filter":{"$and":[{"$or":[{"info.name.first":{"$in":[1,2]}}]},{"$not":{"id":"x"}}]},"sort":[{"fieldName":1},{"order":"UP"}]}}`,
		`{"search":{"filter":{"status":{"$startsWith":{}}},"cursorPaging":{"limit":"10"}}}`,
		`{"revision":{"a":[[[[]]]]}}`,
	} {
		f.Add(seed, "fieldsets=FULL&paging.limit=5")
	}
	c := Default()
	var eps []*Endpoint
	for _, id := range []string{"crm.contacts.updateContact", "crm.contacts.queryContacts", "ecom.orders.searchOrders", "crm.contacts.getContact"} {
		e, ok := c.Get(id)
		if !ok {
			f.Fatalf("no endpoint %s", id)
		}
		eps = append(eps, e)
	}
	f.Fuzz(func(t *testing.T, body, rawQuery string) {
		q, _ := url.ParseQuery(rawQuery)
		var decoded any
		isJSON := json.Unmarshal([]byte(body), &decoded) == nil
		for _, e := range eps {
			got := e.CheckRequest([]byte(body), q)
			for _, p := range got {
				if p.Path == "" || p.Message == "" {
					t.Fatalf("%s: empty problem %+v for %q", e.ID, p, body)
				}
			}
			if !isJSON {
				continue
			}
			// The decoded arguments of a tool call get the same problems
			// (a number's text may differ: 1e2 decodes to 100).
			again := e.CheckRequestValue(decoded, q)
			if len(again) != len(got) {
				t.Fatalf("%s: %q: CheckRequestValue = %v, CheckRequest = %v", e.ID, body, again, got)
			}
			for i := range got {
				if again[i].Path != got[i].Path {
					t.Fatalf("%s: %q: CheckRequestValue = %v, CheckRequest = %v", e.ID, body, again, got)
				}
			}
		}
	})
}

// Go values that encoding/json never decodes to (an int, a []string) are
// checked as the JSON they encode to.
func TestCheckRequestValueNormalisesGoTypes(t *testing.T) {
	t.Parallel()
	e, ok := Default().Get("crm.contacts.updateContact")
	if !ok {
		t.Fatal("no Update Contact")
	}
	good := map[string]any{"revision": 3, "info": map[string]any{"labelKeys": map[string]any{"items": []string{"custom.vip"}}}}
	if p := e.CheckRequestValue(good, nil); len(p) != 0 {
		t.Errorf("a valid body built with Go types: %v", p)
	}
	bad := map[string]any{"revision": "3", "info": map[string]any{"emials": []int{1}}}
	got := e.CheckRequestValue(bad, nil)
	if len(got) != 2 || !strings.Contains(got[0].String()+got[1].String(), "info.emials") {
		t.Errorf("problems = %v, want revision's type and info.emials", got)
	}
}
