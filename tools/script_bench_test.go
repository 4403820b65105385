package tools_test

import (
	"fmt"
	"testing"
)

// scriptCallMessage is a run_wix_script call whose script makes the same
// one Wix request as toolCallMessage(id, "GET", benchPath, "").
func scriptCallMessage(id int) []byte {
	src := fmt.Sprintf(`return await wix.site().get(%q)`, benchPath)
	return []byte(fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"tools/call","params":{"name":"run_wix_script","arguments":{"script":%q}}}`, id, src))
}

// BenchmarkScriptOneCall is BenchmarkToolCallInProcess's request made by a
// one-call script: the difference of the two p50s is what a run costs over
// the same call through call_site_api (a fresh runtime, the prelude, the
// event loop and the rendering).
func BenchmarkScriptOneCall(b *testing.B) {
	upstream, _ := benchUpstream(b)
	benchInProcess(b, benchServer(b, upstream), scriptCallMessage(1))
}
