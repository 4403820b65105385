package resultshape

import "testing"

func benchAnswer(b *testing.B) []byte {
	raw, _ := contactsAnswer(1000, `{"count":1000,"offset":0,"total":5000,"tooManyToCount":false}`)
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	b.ResetTimer()
	return raw
}

// BenchmarkShape2MB is the common case: a large page capped for a model.
func BenchmarkShape2MB(b *testing.B) {
	raw := benchAnswer(b)
	for b.Loop() {
		if _, err := Shape(raw, Options{MaxChars: 20000}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkProject2MB selects a few fields from every item, without a cap.
func BenchmarkProject2MB(b *testing.B) {
	raw := benchAnswer(b)
	opts := Options{Fields: []string{"contacts.id", "contacts.info.name.first", "contacts.info.emails.items.email"}}
	for b.Loop() {
		if _, err := Shape(raw, opts); err != nil {
			b.Fatal(err)
		}
	}
}
