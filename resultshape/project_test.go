package resultshape

import (
	"encoding/json"
	"errors"
	"slices"
	"testing"
)

func TestShapeFields(t *testing.T) {
	t.Parallel()
	const contacts = `{"contacts":[` +
		`{"id":"a","revision":3,"info":{"name":{"first":"Ann","last":"Xu"},"emails":{"items":[{"email":"a@x.io","tag":"MAIN"},{"email":"a2@x.io"}]}}},` +
		`{"id":"b","info":{"name":{"last":"Yo"}}}` +
		`],"pagingMetadata":{"count":2,"offset":0,"total":2}}`
	tests := []struct {
		name      string
		in        string
		fields    []string
		want      string
		unmatched []string
	}{
		{
			name:   "nested paths through an array keep paging metadata",
			in:     contacts,
			fields: []string{"contacts.id", "contacts.info.name.first"},
			want:   `{"contacts":[{"id":"a","info":{"name":{"first":"Ann"}}},{"id":"b"}],"pagingMetadata":{"count":2,"offset":0,"total":2}}`,
		},
		{
			name:   "path through an array inside an array element",
			in:     contacts,
			fields: []string{"contacts.info.emails.items.email"},
			want:   `{"contacts":[{"info":{"emails":{"items":[{"email":"a@x.io"},{"email":"a2@x.io"}]}}},{}],"pagingMetadata":{"count":2,"offset":0,"total":2}}`,
		},
		{
			name:   "arrays of arrays",
			in:     `{"grid":[[{"a":1,"b":2}],[{"a":3},{"b":4}],[]]}`,
			fields: []string{"grid.a"},
			want:   `{"grid":[[{"a":1}],[{"a":3},{}],[]]}`,
		},
		{
			name:      "missing paths are reported, not errors",
			in:        contacts,
			fields:    []string{"contacts.nope", "nothing", "contacts.id"},
			want:      `{"contacts":[{"id":"a"},{"id":"b"}],"pagingMetadata":{"count":2,"offset":0,"total":2}}`,
			unmatched: []string{"contacts.nope", "nothing"},
		},
		{
			name:      "nothing matched leaves only paging members",
			in:        contacts,
			fields:    []string{"bogus"},
			want:      `{"pagingMetadata":{"count":2,"offset":0,"total":2}}`,
			unmatched: []string{"bogus"},
		},
		{
			name:   "every paging shape is kept",
			in:     `{"sites":[{"id":"s1","name":"n"}],"metadata":{"count":1,"cursors":{"next":"c"},"hasNext":true},"cursorPaging":{"limit":1},"nextCursor":"c","cursors":{"next":"c"},"extra":{"x":1}}`,
			fields: []string{"sites.id"},
			want:   `{"sites":[{"id":"s1"}],"metadata":{"count":1,"cursors":{"next":"c"},"hasNext":true},"cursorPaging":{"limit":1},"nextCursor":"c","cursors":{"next":"c"}}`,
		},
		{
			name:      "a path into paging metadata keeps all of it and is still checked",
			in:        contacts,
			fields:    []string{"pagingMetadata.total", "pagingMetadata.bogus"},
			want:      `{"pagingMetadata":{"count":2,"offset":0,"total":2}}`,
			unmatched: []string{"pagingMetadata.bogus"},
		},
		{
			name:      "a whole value kept by one path still checks deeper paths",
			in:        `{"contacts":[{"id":"a"}]}`,
			fields:    []string{"contacts", "contacts.bogus", "contacts.id"},
			want:      `{"contacts":[{"id":"a"}]}`,
			unmatched: []string{"contacts.bogus"},
		},
		{
			name:   "empty array is kept and paths through it are not unknown",
			in:     `{"items":[],"x":1}`,
			fields: []string{"items.id"},
			want:   `{"items":[]}`,
		},
		{
			name:      "scalar root is returned unchanged",
			in:        `"just text"`,
			fields:    []string{"a"},
			want:      `"just text"`,
			unmatched: []string{"a"},
		},
		{
			name:   "root array projects each element and drops scalars",
			in:     `[{"a":1,"b":2},{"b":3},5]`,
			fields: []string{"a"},
			want:   `[{"a":1},{}]`,
		},
		{
			name:      "path through a scalar matches nothing",
			in:        `{"a":"str","b":1}`,
			fields:    []string{"a.b"},
			want:      `{}`,
			unmatched: []string{"a.b"},
		},
		{
			name:   "key order of the input wins over the order of fields",
			in:     `{"z":1,"a":2,"m":{"y":1,"b":2},"c":3}`,
			fields: []string{"m", "z"},
			want:   `{"z":1,"m":{"y":1,"b":2}}`,
		},
		{
			name:   "numbers are copied as written",
			in:     `{"big":12345678901234567890,"huge":1e400,"tiny":-0.000000000000000000000001,"items":[{"n":1E+2,"m":0}],"drop":1}`,
			fields: []string{"big", "huge", "tiny", "items.n"},
			want:   `{"big":12345678901234567890,"huge":1e400,"tiny":-0.000000000000000000000001,"items":[{"n":1E+2}]}`,
		},
		{
			name:   "escaped names and non-ASCII text are kept as written",
			in:     `{"a\u0062":"\u00e9t\u00e9 \"q\"","c":"日本","d":0}`,
			fields: []string{"ab", "c"},
			want:   `{"a\u0062":"\u00e9t\u00e9 \"q\"","c":"日本"}`,
		},
		{
			name: "no fields keeps everything, compacted",
			in:   "{ \"a\" : [ 1 , 2.50 ],\n \"b\" : { } }",
			want: `{"a":[1,2.50],"b":{}}`,
		},
		{
			name:   "blank fields mean no selection",
			in:     `{"a":1}`,
			fields: []string{"", "  "},
			want:   `{"a":1}`,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := Shape([]byte(tc.in), Options{Fields: tc.fields})
			if err != nil {
				t.Fatalf("Shape: %v", err)
			}
			if string(res.JSON) != tc.want {
				t.Errorf("JSON\n got %s\nwant %s", res.JSON, tc.want)
			}
			if !slices.Equal(res.Unmatched, tc.unmatched) {
				t.Errorf("Unmatched = %q, want %q", res.Unmatched, tc.unmatched)
			}
			if res.Truncation != nil {
				t.Errorf("Truncation = %+v without a cap", res.Truncation)
			}
			if !json.Valid(res.JSON) {
				t.Errorf("output is not valid JSON")
			}
		})
	}
}

func TestShapeRejectsNonJSON(t *testing.T) {
	t.Parallel()
	for _, in := range []string{"", "{", `{"a":}`, "{} {}", "nul", `{"a":1,}`, "\x00"} {
		_, err := Shape([]byte(in), Options{})
		if !errors.Is(err, ErrNotJSON) {
			t.Errorf("Shape(%q) error = %v, want ErrNotJSON", in, err)
		}
		var syn *json.SyntaxError
		if err != nil && !errors.As(err, &syn) {
			t.Errorf("Shape(%q) error %v does not wrap *json.SyntaxError", in, err)
		}
	}
}

// The output must never alias the caller's buffer: the lead may reuse it.
func TestShapeDoesNotAliasInput(t *testing.T) {
	t.Parallel()
	in := []byte(`{"a":1}`)
	res, err := Shape(in, Options{})
	if err != nil {
		t.Fatal(err)
	}
	in[5] = '2'
	if string(res.JSON) != `{"a":1}` {
		t.Errorf("output changed with the input: %s", res.JSON)
	}
}

// With ShareInput, an answer kept whole is the input itself (no copy);
// one that was cut is still a fresh buffer.
func TestShapeShareInput(t *testing.T) {
	t.Parallel()
	in := []byte(`{"a":1}`)
	res, err := Shape(in, Options{ShareInput: true})
	if err != nil {
		t.Fatal(err)
	}
	if string(res.JSON) != `{"a":1}` || &res.JSON[0] != &in[0] {
		t.Errorf("kept whole: got %s, shared %v", res.JSON, &res.JSON[0] == &in[0])
	}
	in = []byte(`{"a":1,"b":2}`)
	res, err = Shape(in, Options{ShareInput: true, Fields: []string{"a"}})
	if err != nil {
		t.Fatal(err)
	}
	in[5] = '9'
	if string(res.JSON) != `{"a":1}` {
		t.Errorf("projected answer changed with the input: %s", res.JSON)
	}
}
