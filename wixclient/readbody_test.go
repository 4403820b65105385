package wixclient

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

// A chunked answer cut short before its terminating zero-length chunk is
// refused like a Content-Length one: net/http's chunked reader reports it
// as io.ErrUnexpectedEOF, which must not be taken for the end of the
// answer (io.ReadFull would), even when what arrived is valid JSON.
func TestTruncatedChunkedBody(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, raw string }{
		// cut inside a chunk: 0x40 bytes promised, 18 sent
		{"inside a chunk", "40\r\n{\"contact\":{\"id\":"},
		// cut between chunks: a complete, valid-JSON first chunk, no last chunk
		{"between chunks", "7\r\n[1,2,3]\r\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				io.Copy(io.Discard, r.Body)
				if conn := hijack(t, w); conn != nil {
					fmt.Fprint(conn, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"+tc.raw)
					conn.Close()
				}
			}))
			defer srv.Close()
			c, _ := newTestClient(t, srv, func(o *Options) { o.MaxAttempts = 1 })
			resp, err := doRaw(context.Background(), c, rawRequest{Method: "POST", Path: "/contacts/v4/contacts", Body: json.RawMessage(`{}`)})
			if err == nil {
				t.Fatalf("a cut-short chunked answer was accepted: body %q", resp.Body)
			}
			if !errors.Is(err, io.ErrUnexpectedEOF) {
				t.Errorf("err = %v, want a cut-short error", err)
			}
		})
	}
}
