package resultshape

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
)

// TestAdviceWhenNoItemFits: when even one item is larger than the cap,
// the note names the largest fields and offers a fields list that, sent
// back, shows an item; it never says "a limit of about 1", which loops.
func TestAdviceWhenNoItemFits(t *testing.T) {
	t.Parallel()
	for _, meta := range []string{
		`{"count":1,"offset":0,"total":3,"hasNext":true}`,
		`{"count":1,"cursors":{"next":"abc"},"hasNext":true}`,
	} {
		answer, _ := contactsAnswer(1, meta)
		const limit = 1200 // one contact is about 2 KB
		res, err := Shape(answer, Options{MaxChars: limit})
		if err != nil {
			t.Fatal(err)
		}
		if res.Truncation == nil || res.Truncation.Shown != 0 {
			t.Fatalf("want no item shown, got %+v", res.Truncation)
		}
		note := res.Truncation.Note
		if strings.Contains(note, "limit of about") || strings.Contains(note, "smaller limit") {
			t.Errorf("advice loops: %s", note)
		}
		if !strings.Contains(note, `largest field is "contacts.info" (`) {
			t.Errorf("the largest field (info, with the notes) is not named first: %s", note)
		}
		m := regexp.MustCompile(`fields (\[[^\]]*\])`).FindStringSubmatch(note)
		if m == nil {
			t.Fatalf("no fields list offered: %s", note)
		}
		var fields []string
		if err := json.Unmarshal([]byte(m[1]), &fields); err != nil || len(fields) == 0 {
			t.Fatalf("fields list %s: %v", m[1], err)
		}
		for _, f := range fields {
			if f == "contacts.info" {
				t.Errorf("the offered fields keep the largest one: %v", fields)
			}
		}
		again, err := Shape(answer, Options{MaxChars: limit, Fields: fields})
		if err != nil {
			t.Fatal(err)
		}
		if again.Truncation != nil && again.Truncation.Shown == 0 {
			t.Errorf("following the advice still shows no item: %s", again.Truncation.Note)
		}
		if !strings.Contains(string(again.JSON), `"id":"00000000-`) {
			t.Errorf("following the advice does not show the contact: %s", again.JSON)
		}
	}
}
