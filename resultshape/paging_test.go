package resultshape

import (
	"fmt"
	"testing"
)

type nextWant struct {
	cursor  string
	offset  int // -1: nil
	hasNext bool
	total   int // -1: nil
}

func TestShapeNext(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want *nextWant
	}{
		{"offset page with more ahead", `{"contacts":[],"pagingMetadata":{"count":50,"offset":100,"total":500,"tooManyToCount":false}}`,
			&nextWant{offset: 150, hasNext: true, total: 500}},
		{"last offset page", `{"contacts":[],"pagingMetadata":{"count":50,"offset":450,"total":500}}`,
			&nextWant{offset: -1, total: 500}},
		{"too many to count", `{"contacts":[],"pagingMetadata":{"count":50,"offset":0,"total":10000,"tooManyToCount":true}}`,
			&nextWant{offset: 50, hasNext: true, total: -1}},
		{"offset 0 left out by proto3", `{"items":[],"pagingMetadata":{"count":2,"total":10}}`,
			&nextWant{offset: 2, hasNext: true, total: 10}},
		{"count left out: length of the item array", `{"items":[1,2,3],"pagingMetadata":{"total":10}}`,
			&nextWant{offset: 3, hasNext: true, total: 10}},
		{"int64 numbers written as strings", `{"items":[],"pagingMetadata":{"count":"50","offset":"0","total":"120"}}`,
			&nextWant{offset: 50, hasNext: true, total: 120}},
		{"Members: metadata wrapper", `{"members":[],"metadata":{"count":10,"offset":0,"total":11}}`,
			&nextWant{offset: 10, hasNext: true, total: 11}},
		{"cursor page", `{"products":[],"pagingMetadata":{"count":100,"cursors":{"next":"c1","prev":"c0"},"hasNext":true}}`,
			&nextWant{cursor: "c1", offset: -1, hasNext: true, total: -1}},
		{"last cursor page", `{"products":[],"pagingMetadata":{"count":3,"cursors":{},"hasNext":false}}`,
			&nextWant{offset: -1, total: -1}},
		{"PagingMetadataV2 with cursor and total", `{"dataItems":[],"pagingMetadata":{"count":2,"total":9,"cursors":{"next":"n"},"hasNext":true}}`,
			&nextWant{cursor: "n", offset: -1, hasNext: true, total: 9}},
		{"eCom orders: metadata with cursors", `{"orders":[],"metadata":{"count":100,"cursors":{"next":"o2"},"hasNext":true}}`,
			&nextWant{cursor: "o2", offset: -1, hasNext: true, total: -1}},
		{"Sites: metadata beside deprecated cursorPaging", `{"sites":[],"metadata":{"count":1,"cursors":{"next":"s2"},"hasNext":true},"cursorPaging":{"limit":1,"cursor":"old"}}`,
			&nextWant{cursor: "s2", offset: -1, hasNext: true, total: -1}},
		{"deprecated cursorPaging alone", `{"sites":[],"cursorPaging":{"cursors":{"next":"dp"},"hasNext":true}}`,
			&nextWant{cursor: "dp", offset: -1, hasNext: true, total: -1}},
		{"top-level nextCursor", `{"items":[{"a":1}],"nextCursor":"nc"}`,
			&nextWant{cursor: "nc", offset: -1, hasNext: true, total: -1}},
		{"no paging at all", `{"contact":{"id":"x"}}`, nil},
		{"metadata that is not paging", `{"item":{},"metadata":{"createdBy":"me"}}`, nil},
		{"array root", `[{"pagingMetadata":{"count":1}}]`, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := Shape([]byte(tc.in), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if got := describeNext(res.Next); got != describeWant(tc.want) {
				t.Errorf("Next = %s, want %s", got, describeWant(tc.want))
			}
		})
	}
}

func describeWant(w *nextWant) string {
	if w == nil {
		return "nil"
	}
	return fmt.Sprintf("cursor=%q offset=%d hasNext=%v total=%d", w.cursor, w.offset, w.hasNext, w.total)
}

func describeNext(n *Next) string {
	if n == nil {
		return "nil"
	}
	off, tot := -1, -1
	if n.Offset != nil {
		off = *n.Offset
	}
	if n.Total != nil {
		tot = *n.Total
	}
	return fmt.Sprintf("cursor=%q offset=%d hasNext=%v total=%d", n.Cursor, off, n.HasNext, tot)
}
