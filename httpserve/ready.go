package httpserve

import (
	"context"
	"io"
	"net/http"
	"strconv"
	"sync/atomic"

	"github.com/rs/zerolog"
)

// ready answers /readyz: 200 when the server can serve calls, 503 while
// draining or while check fails (Redis unreachable). Like /healthz it
// needs no token, so it says no more than "ready" or "not ready"; the
// reason goes to the log.
func ready(draining *atomic.Bool, check func(context.Context) error, log zerolog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "Method Not Allowed", http.StatusMethodNotAllowed)
			return
		}
		status, body := http.StatusOK, "ready\n"
		switch {
		case draining.Load():
			status, body = http.StatusServiceUnavailable, "draining\n"
		case check != nil:
			if err := check(r.Context()); err != nil {
				log.Warn().Err(err).Msg("not ready")
				status, body = http.StatusServiceUnavailable, "not ready\n"
			}
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(status)
		if r.Method == http.MethodGet {
			_, _ = io.WriteString(w, body) // the client may be gone
		}
	})
}
