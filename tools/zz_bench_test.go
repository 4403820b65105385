package tools

import (
	"os"
	"testing"

	"github.com/wix-mcp/wix-mcp/resultshape"
)

func BenchmarkZZRender(b *testing.B) {
	raw, _ := os.ReadFile("testdata/zz_ans.json")
	b.ReportAllocs()
	for b.Loop() {
		renderAnswer(raw, nil, 20000, "Wix answered 200")
	}
}
func BenchmarkZZShape(b *testing.B) {
	raw, _ := os.ReadFile("testdata/zz_ans.json")
	b.ReportAllocs()
	for b.Loop() {
		resultshape.Shape(raw, resultshape.Options{MaxChars: 19400, ShareInput: true})
	}
}
func BenchmarkZZShapeSan(b *testing.B) {
	raw, _ := os.ReadFile("testdata/zz_ans.json")
	b.ReportAllocs()
	for b.Loop() {
		resultshape.Shape(raw, resultshape.Options{MaxChars: 19400, ShareInput: true, Sanitize: true})
	}
}
