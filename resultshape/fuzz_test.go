package resultshape

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// FuzzShape checks the promises that hold for any input: non-JSON is an
// error and nothing else is; the output is valid JSON within the cap (for
// caps of at least MinMaxChars); an answer that fits is not touched; and a
// cut is always reported.
func FuzzShape(f *testing.F) {
	f.Add([]byte(`{"contacts":[{"id":"a","info":{"name":{"first":"A"}}},{"id":"b"}],"pagingMetadata":{"count":2,"offset":0,"total":9}}`), 40, "contacts.id,contacts.info.name.first")
	f.Add([]byte(`[[1,2],[3,[4,5]],"x"]`), 10, "")
	f.Fuzz(func(t *testing.T, raw []byte, maxChars int, fields string) {
		var fs []string
		if fields != "" {
			fs = strings.Split(fields, ",")
		}
		uncapped, err := Shape(raw, Options{Fields: fs})
		if json.Valid(raw) != (err == nil) {
			t.Fatalf("json.Valid=%v but Shape error = %v", json.Valid(raw), err)
		}
		if err != nil {
			return
		}
		if !json.Valid(uncapped.JSON) {
			t.Fatalf("uncapped output is not JSON: %s", uncapped.JSON)
		}
		if fs == nil {
			var compact bytes.Buffer
			_ = json.Compact(&compact, raw)
			if !bytes.Equal(uncapped.JSON, compact.Bytes()) {
				t.Fatalf("no fields, no cap changed the answer:\n got %s\nwant %s", uncapped.JSON, compact.Bytes())
			}
		}
		for _, u := range uncapped.Unmatched {
			if !slices.Contains(fs, u) {
				t.Fatalf("Unmatched %q was not requested", u)
			}
		}
		limit := MinMaxChars + abs(maxChars)%4096
		res, err := Shape(raw, Options{Fields: fs, MaxChars: limit})
		if err != nil {
			t.Fatal(err)
		}
		if !json.Valid(res.JSON) || len(res.JSON) > limit {
			t.Fatalf("cap %d: %d bytes, valid=%v: %s", limit, len(res.JSON), json.Valid(res.JSON), res.JSON)
		}
		fits := len(uncapped.JSON) <= limit
		if fits != (res.Truncation == nil) {
			t.Fatalf("cap %d, uncapped %d bytes, Truncation = %+v", limit, len(uncapped.JSON), res.Truncation)
		}
		if fits && !bytes.Equal(res.JSON, uncapped.JSON) {
			t.Fatalf("an answer within the cap was changed")
		}
		if tr := res.Truncation; tr != nil && (tr.Shown < 0 || tr.Shown > tr.Total || tr.Note == "") {
			t.Fatalf("bad Truncation %+v", tr)
		}
	})
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// FuzzCompact holds the fast scanner to encoding/json: the same inputs are
// accepted and the compact forms are identical.
func FuzzCompact(f *testing.F) {
	for _, s := range []string{`{"a":[1,-0.5e+3,"x\u00e9\n"]}`, " [ true , null ,\tfalse ] ", `{"a":}`, `"\x01"`, `01`, `1.`, `-`, `[1,]`, `{"a" 1}`, `"\ud800"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		var want bytes.Buffer
		stdErr := json.Compact(&want, raw)
		ok, spaced, _ := validJSON(raw, nil)
		if ok != (stdErr == nil) {
			t.Fatalf("validJSON = %v, encoding/json error = %v", ok, stdErr)
		}
		if !ok {
			return
		}
		got := raw
		if spaced {
			got = stripSpace(raw)
		}
		if !bytes.Equal(got, want.Bytes()) {
			t.Fatalf("compact form differs:\n got %q\nwant %q", got, want.Bytes())
		}
		checkContainerEnds(t, got)
	})
}

func TestValidJSONNestingLimitMatchesEncodingJSON(t *testing.T) {
	t.Parallel()
	for _, depth := range []int{maxDepth, maxDepth + 1} {
		for _, pair := range []string{"[]", `{"a":}`} {
			opening, closing := strings.Repeat(pair[:len(pair)-1], depth), strings.Repeat(pair[len(pair)-1:], depth)
			in := []byte(opening + "0" + closing)
			if pair == "[]" {
				in = []byte(opening + closing)
			}
			ok, _, _ := validJSON(in, nil)
			if ok != json.Valid(in) {
				t.Errorf("depth %d %s: validJSON = %v, json.Valid = %v", depth, pair, ok, json.Valid(in))
			}
			if _, err := Shape(in, Options{MaxChars: MinMaxChars}); (err == nil) != ok {
				t.Errorf("depth %d %s: Shape error = %v", depth, pair, err)
			}
		}
	}
}

// checkContainerEnds compares the up-front index used for deep answers with
// the scan used otherwise, at every container of compact JSON b.
func checkContainerEnds(t *testing.T, b []byte) {
	t.Helper()
	indexed := newSlab(len(b))
	var idx index
	if ok, spaced, _ := validJSON(b, &idx); !ok || spaced {
		t.Fatalf("validJSON(%q) = %v, spaced %v", b, ok, spaced)
	}
	indexed.spans = idx.spans
	scan := newSlab(len(b)) // no spans: skipValue scans
	containers := 0
	for i := 0; i < len(b); i++ {
		switch b[i] {
		case '"':
			i = skipString(b, i) - 1
		case '{', '[':
			want := scan.skipValue(b, i, -1) - i
			got, found := indexed.containerLen(i)
			if want == 2 {
				// Empty containers are not recorded: skipValue sees
				// them in two bytes.
				if found {
					t.Fatalf("empty container at %d recorded as %d bytes", i, got)
				}
				continue
			}
			containers++
			if !found || got != want {
				t.Fatalf("container at %d: spans say %d bytes (found %v), scan %d", i, got, found, want)
			}
			if via := indexed.skipValue(b, i, 0) - i; via != want {
				t.Fatalf("container at %d: skipValue with spans gives %d bytes, scan %d", i, via, want)
			}
		}
	}
	if containers != len(indexed.spans) {
		t.Fatalf("%d spans recorded for %d non-empty containers", len(indexed.spans), containers)
	}
}

func TestDeepAnswer(t *testing.T) {
	t.Parallel()
	const depth = 200
	in := strings.Repeat(`{"a":[1,{"b":"x"},`, depth) + `"` + strings.Repeat("z", 5000) + `"` + strings.Repeat("]}", depth)
	checkContainerEnds(t, []byte(in))
	path := strings.TrimSuffix(strings.Repeat("a.", 3), ".") + ".b"
	res, err := Shape([]byte(in), Options{Fields: []string{path}, MaxChars: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"a":[{},{"a":[{},{"a":[{"b":"x"},{}]}]}]}`; string(res.JSON) != want {
		t.Errorf("got  %s\nwant %s", res.JSON, want)
	}
	res, err = Shape([]byte(in), Options{MaxChars: 1000})
	if err != nil || !json.Valid(res.JSON) || len(res.JSON) > 1000 || res.Truncation == nil || res.Truncation.Path != "a" {
		t.Fatalf("err %v, %d bytes, %+v", err, len(res.JSON), res.Truncation)
	}
	if want := `{"a":[1,{"b":"x"}]}`; string(res.JSON) != want {
		t.Errorf("got  %s\nwant %s", res.JSON, want)
	}
}
