package resultshape

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// contact renders one Query Contacts (v4) item the way Wix sends it, about
// 2 KB with its notes field.
func contact(i int) string {
	notes := strings.Repeat("Called about the spring order, wants a callback. ", 30)
	return fmt.Sprintf(`{"id":"%08d-5e1c-4a9f-9b3e-0c7d2f1a6b42","revision":"%d","source":{"sourceType":"WIX_APP","appId":"151e476a-715e-ec33-db9a-a7ff4d51f70a"},`+
		`"createdDate":"2024-03-%02dT10:15:30.123Z","updatedDate":"2024-05-01T08:00:00Z","lastActivity":{"activityDate":"2024-05-01T08:00:00Z","activityType":"CONTACT_CREATED"},`+
		`"primaryInfo":{"email":"user%d@example.com","phone":"+1 555 01%04d"},"info":{"name":{"first":"Fïrst%d","last":"Last"},`+
		`"emails":{"items":[{"id":"e%d","tag":"MAIN","email":"user%d@example.com","primary":true}]},"phones":{"items":[]},`+
		`"addresses":{"items":[{"tag":"HOME","address":{"country":"US","subdivision":"US-NY","city":"New York","postalCode":"10001","addressLine1":"%d Main Street"}}]},`+
		`"extendedFields":{"items":{"contacts.displayByLastName":"Last First","emailSubscriptions.subscriptionStatus":"NOT_SET","custom.score":12345678901234567890,"custom.notes":%q}}}}`,
		i, i%7, i%28+1, i, i, i, i, i, i, notes)
}

// contactsAnswer builds a Query Contacts answer and returns it with its
// items in compact form.
func contactsAnswer(n int, meta string) ([]byte, []string) {
	var b bytes.Buffer
	items := make([]string, n)
	b.WriteString(`{"contacts":[`)
	for i := range items {
		items[i] = contact(i)
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(items[i])
	}
	b.WriteString(`],"pagingMetadata":` + meta + `}`)
	return b.Bytes(), items
}

type capped struct {
	Contacts       []json.RawMessage `json:"contacts"`
	PagingMetadata json.RawMessage   `json:"pagingMetadata"`
}

func TestCapLargeOffsetPagedAnswer(t *testing.T) {
	t.Parallel()
	const meta = `{"count":1000,"offset":2000,"total":5000,"tooManyToCount":false}`
	raw, items := contactsAnswer(1000, meta)
	if len(raw) < 2_000_000 {
		t.Fatalf("test answer is only %d bytes", len(raw))
	}
	res, err := Shape(raw, Options{MaxChars: 20000})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.JSON) > 20000 {
		t.Fatalf("len %d over the cap", len(res.JSON))
	}
	var got capped
	if err := json.Unmarshal(res.JSON, &got); err != nil {
		t.Fatalf("output is not JSON: %v", err)
	}
	k := len(got.Contacts)
	if k == 0 {
		t.Fatal("no contact kept")
	}
	for i, c := range got.Contacts {
		if string(c) != items[i] {
			t.Fatalf("contact %d changed:\n got %s\nwant %s", i, c, items[i])
		}
	}
	// The prefix is the longest that fits: one more item would break the cap.
	if len(res.JSON)+1+len(items[k]) <= 20000 {
		t.Errorf("kept %d items but item %d would also fit", k, k)
	}
	if string(got.PagingMetadata) != meta {
		t.Errorf("pagingMetadata = %s", got.PagingMetadata)
	}
	tr := res.Truncation
	if tr == nil || tr.Path != "contacts" || tr.Shown != k || tr.Total != 1000 || len(tr.Omitted) != 0 {
		t.Fatalf("Truncation = %+v, want contacts %d of 1000", tr, k)
	}
	next := 2000 + k
	for _, want := range []string{fmt.Sprintf("Showing %d of 1000 items", k), fmt.Sprintf("offset %d", next)} {
		if !strings.Contains(tr.Note, want) {
			t.Errorf("Note %q lacks %q", tr.Note, want)
		}
	}
	n := res.Next
	if n == nil || n.Offset == nil || *n.Offset != next || !n.HasNext || n.Total == nil || *n.Total != 5000 {
		t.Errorf("Next = %+v, want offset %d (offset+shown, not offset+count)", n, next)
	}
}

func TestCapKeepsLongestPrefixExactly(t *testing.T) {
	t.Parallel()
	in := `{"items":[{"n":1},{"n":2},{"n":3},{"n":4}],"pagingMetadata":{"count":4,"offset":10,"total":100}}`
	want := `{"items":[{"n":1},{"n":2}],"pagingMetadata":{"count":4,"offset":10,"total":100}}`
	for _, max := range []int{len(want), len(want) + 7} { // the third item needs 8 more
		res, err := Shape([]byte(in), Options{MaxChars: max})
		if err != nil {
			t.Fatal(err)
		}
		if string(res.JSON) != want {
			t.Errorf("cap %d: got %s", max, res.JSON)
		}
		if res.Next == nil || res.Next.Offset == nil || *res.Next.Offset != 12 {
			t.Errorf("cap %d: Next = %+v, want offset 12", max, res.Next)
		}
	}
	res, _ := Shape([]byte(in), Options{MaxChars: len(in)})
	if string(res.JSON) != in || res.Truncation != nil {
		t.Errorf("an answer that fits was changed: %s %+v", res.JSON, res.Truncation)
	}
	if *res.Next.Offset != 14 {
		t.Errorf("uncut page: Next.Offset = %d, want 14", *res.Next.Offset)
	}
}

func TestCapCursorPagedAnswer(t *testing.T) {
	t.Parallel()
	raw, items := contactsAnswer(100, `{"count":100,"cursors":{"next":"CURSOR-2"},"hasNext":true}`)
	res, err := Shape(raw, Options{MaxChars: 10000})
	if err != nil {
		t.Fatal(err)
	}
	var got capped
	if err := json.Unmarshal(res.JSON, &got); err != nil || len(res.JSON) > 10000 {
		t.Fatalf("invalid or oversized output (%d bytes): %v", len(res.JSON), err)
	}
	k := len(got.Contacts)
	if k == 0 || string(got.Contacts[k-1]) != items[k-1] {
		t.Fatalf("kept %d contacts, last one altered", k)
	}
	if res.Next == nil || res.Next.Cursor != "CURSOR-2" || res.Next.Offset != nil || !res.Next.HasNext {
		t.Errorf("Next = %+v", res.Next)
	}
	for _, want := range []string{fmt.Sprintf("skip the %d items not shown", 100-k), "smaller limit", "fewer fields"} {
		if !strings.Contains(res.Truncation.Note, want) {
			t.Errorf("Note %q lacks %q", res.Truncation.Note, want)
		}
	}
}

func TestCapGiantValues(t *testing.T) {
	t.Parallel()
	blob := strings.Repeat("x", 500_000)
	cursor := strings.Repeat("c", 16_000)
	many := make([]string, 5000)
	for i := range many {
		many[i] = fmt.Sprintf(`"k%d":%d`, i, i)
	}
	tests := []struct {
		name    string
		in      string
		max     int
		want    string // exact output, or "" to skip
		omitted []string
		path    string
		shown   int
	}{
		{
			name:    "one giant string is replaced, its siblings stay",
			in:      `{"item":{"id":"1","notes":"` + blob + `","n":2}}`,
			max:     1000,
			want:    `{"item":{"id":"1","notes":"[omitted: 500002 chars]","n":2}}`,
			omitted: []string{"item.notes"},
		},
		{
			name:    "giant root string",
			in:      `"` + blob + `"`,
			max:     100,
			want:    `"[omitted: 500002 chars]"`,
			omitted: []string{""},
		},
		{
			name:    "an array gets back the room a placeholder freed",
			in:      `{"blob":"` + blob + `","items":[` + strings.TrimSuffix(strings.Repeat(`{"id":"abcdefgh"},`, 2000), ",") + `]}`,
			max:     2000,
			omitted: []string{"blob"},
			path:    "items",
			shown:   (2000 - len(`{"blob":"[omitted: 500002 chars]","items":[]}`) + 1) / len(`{"id":"abcdefgh"},`),
		},
		{
			name:    "cap smaller than the paging metadata alone",
			in:      `{"items":[1,2,3],"pagingMetadata":{"count":3,"cursors":{"next":"` + cursor + `"},"hasNext":true}}`,
			max:     100,
			want:    `{"items":[],"pagingMetadata":{"count":3,"cursors":{"next":"[omitted: 16002 chars]"},"hasNext":true}}`,
			omitted: []string{"pagingMetadata.cursors.next"},
			path:    "items",
		},
		{
			name:    "many small members: the object goes as a whole",
			in:      `{"id":"x","map":{` + strings.Join(many, ",") + `}}`,
			max:     64,
			omitted: []string{"map"},
		},
		{
			name:    "cap below the minimum is raised to it",
			in:      `{"map":{` + strings.Join(many, ",") + `}}`,
			max:     3,
			omitted: []string{"map"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := Shape([]byte(tc.in), Options{MaxChars: tc.max})
			if err != nil {
				t.Fatal(err)
			}
			if !json.Valid(res.JSON) || len(res.JSON) > max(tc.max, MinMaxChars) {
				t.Fatalf("invalid or oversized (%d bytes): %.200s", len(res.JSON), res.JSON)
			}
			if tc.want != "" && string(res.JSON) != tc.want {
				t.Errorf("got  %s\nwant %s", res.JSON, tc.want)
			}
			tr := res.Truncation
			if tr == nil {
				t.Fatal("no Truncation")
			}
			if strings.Join(tr.Omitted, "|") != strings.Join(tc.omitted, "|") || tr.Path != tc.path || tr.Shown != tc.shown {
				t.Errorf("Truncation = %+v", tr)
			}
			if !strings.Contains(tr.Note, "[omitted: N chars]") {
				t.Errorf("Note %q does not explain placeholders", tr.Note)
			}
		})
	}
}

// With the cursor cut out of the output, Next still carries it in full.
func TestCapKeepsCursorInNext(t *testing.T) {
	t.Parallel()
	cursor := strings.Repeat("c", 16_000)
	res, err := Shape([]byte(`{"items":[],"pagingMetadata":{"cursors":{"next":"`+cursor+`"},"hasNext":true}}`), Options{MaxChars: 200})
	if err != nil {
		t.Fatal(err)
	}
	if res.Next == nil || res.Next.Cursor != cursor || !res.Next.HasNext {
		t.Errorf("Next lost the cursor: %.80v", res.Next)
	}
}

func TestCapSeveralArrays(t *testing.T) {
	t.Parallel()
	a := strings.TrimSuffix(strings.Repeat(`"aaaaaaaaaa",`, 300), ",")
	b := strings.TrimSuffix(strings.Repeat(`"bbbbbbbbbb",`, 200), ",")
	res, err := Shape([]byte(`{"a":[`+a+`],"b":[`+b+`]}`), Options{MaxChars: 500})
	if err != nil {
		t.Fatal(err)
	}
	var got struct{ A, B []string }
	if err := json.Unmarshal(res.JSON, &got); err != nil || len(res.JSON) > 500 {
		t.Fatalf("invalid or oversized: %s", res.JSON)
	}
	if len(got.A) != 0 || len(got.B) == 0 {
		t.Errorf("want a emptied and b cut, got %d and %d", len(got.A), len(got.B))
	}
	tr := res.Truncation
	if tr.Path != "a" || tr.Shown != 0 || tr.Total != 300 || !strings.Contains(tr.Note, fmt.Sprintf(`Also cut: "b" (%d of 200)`, len(got.B))) {
		t.Errorf("Truncation = %+v", tr)
	}
}

func TestCapWithFields(t *testing.T) {
	t.Parallel()
	raw, _ := contactsAnswer(1000, `{"count":1000,"offset":0,"total":1000}`)
	res, err := Shape(raw, Options{Fields: []string{"contacts.id", "contacts.info.name"}, MaxChars: 20000})
	if err != nil {
		t.Fatal(err)
	}
	var got capped
	if err := json.Unmarshal(res.JSON, &got); err != nil || len(res.JSON) > 20000 {
		t.Fatalf("invalid or oversized: %v", err)
	}
	k := len(got.Contacts)
	want := fmt.Sprintf(`{"id":"%08d-5e1c-4a9f-9b3e-0c7d2f1a6b42","info":{"name":{"first":"Fïrst%d","last":"Last"}}}`, k-1, k-1)
	if k < 100 || string(got.Contacts[k-1]) != want {
		t.Errorf("kept %d, last = %s", k, got.Contacts[k-1])
	}
	if res.Truncation.Shown != k || *res.Next.Offset != k || res.Next.Total == nil {
		t.Errorf("Truncation %+v Next %+v", res.Truncation, res.Next)
	}
}

// When the whole answer becomes a placeholder, the arrays cut on the way are
// not reported: nothing of them is left to describe.
func TestCapWholeAnswerOmitted(t *testing.T) {
	t.Parallel()
	many := make([]string, 3000)
	for i := range many {
		many[i] = fmt.Sprintf(`"k%d":%d`, i, i)
	}
	in := `{"items":[1,2,3],"m":{` + strings.Join(many, ",") + `}}`
	res, err := Shape([]byte(in), Options{MaxChars: 1})
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf(`"[omitted: %d chars]"`, len(in)-len(`1,2,3`))
	if string(res.JSON) != want {
		t.Errorf("got %s, want %s", res.JSON, want)
	}
	tr := res.Truncation
	if tr == nil || tr.Path != "" || tr.Total != 0 || len(tr.Omitted) != 1 || tr.Omitted[0] != "" || !strings.Contains(tr.Note, "the whole answer") {
		t.Errorf("Truncation = %+v", tr)
	}
}
