package wixclient

import (
	"encoding/base64"
	"strings"
	"testing"
)

// Derived forms are found at the very start and end of a large body,
// at every base64 alignment, with a second, much longer key setting the
// Wu-Manber tables' shift cap (255).
func TestFormsInHugeBodies(t *testing.T) {
	short := "IST.short-key_0+/="
	long := "IST." + strings.Repeat("eyJhbGciOiJSUzI1NiJ9", 40)
	r := NewRedactor(long, short)
	pad := strings.Repeat("q", 1<<20)
	for _, key := range []string{short, long} {
		for off := range 3 {
			for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawURLEncoding} {
				b64 := enc.EncodeToString([]byte(strings.Repeat("x", off) + key))
				for _, body := range []string{b64 + pad, pad + b64, pad[:off] + b64} {
					out := r.String(body)
					dec, _ := enc.DecodeString(strings.TrimSuffix(strings.TrimPrefix(out, pad), pad))
					if strings.Contains(out, b64[len(b64)/2-4:len(b64)/2+4]) || strings.Contains(string(dec), key) {
						t.Errorf("key %d bytes, offset %d: form survives", len(key), off)
					}
				}
			}
		}
	}
}
