package wixclient

import (
	"context"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

const (
	// defaultBaseBackoff is the first retry delay when Options leaves it zero.
	defaultBaseBackoff = 200 * time.Millisecond
	// maxBackoff caps the exponential delay before jitter.
	maxBackoff = 10 * time.Second
	// maxRetryWait is the longest wait the client accepts between attempts.
	// A Retry-After asking for more is answered by returning the error at
	// once (with APIError.RetryAfter set), so the caller decides, instead of
	// an agent's tool call hanging for minutes.
	maxRetryWait = time.Minute
)

// IsRetryableRead reports whether a request is a read that may be sent
// again: any GET, or a POST whose last path segment is query, search or
// count (Wix's read-only POST endpoints). Nothing else is ever retried,
// because a repeated write could create or change data twice.
func IsRetryableRead(method string, path Path) bool {
	switch strings.ToUpper(method) {
	case http.MethodGet:
		return true
	case http.MethodPost:
		segs := path.Segments()
		if len(segs) == 0 {
			return false
		}
		last := segs[len(segs)-1]
		return last == "query" || last == "search" || last == "count"
	}
	return false
}

// retryableStatus reports whether an answer with this status is worth
// another attempt of a read. 500 is not: Wix uses it for bugs that repeat.
func retryableStatus(status int) bool {
	switch status {
	case http.StatusTooManyRequests, http.StatusBadGateway,
		http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// parseRetryAfter reads a Retry-After header: delay-seconds or an HTTP
// date. Absent, malformed or past values give zero.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs <= 0 {
			return 0
		}
		// Clamp before multiplying so a huge value cannot overflow.
		if secs > int64(24*time.Hour/time.Second) {
			secs = int64(24 * time.Hour / time.Second)
		}
		return time.Duration(secs) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(now); d > 0 {
			return d
		}
	}
	return 0
}

// backoff is the wait before attempt n+1 after n failed attempts:
// exponential from the base, capped, with full jitter.
func (c *Client) backoff(n int) time.Duration {
	d := c.baseBackoff
	for i := 1; i < n && d < maxBackoff; i++ {
		d *= 2
	}
	d = min(d, maxBackoff)
	return c.jitter(d)
}

// fullJitter picks a delay uniformly in [0, d].
func fullJitter(d time.Duration) time.Duration {
	if d <= 0 {
		return 0
	}
	return time.Duration(rand.Int64N(int64(d) + 1)) //nolint:gosec // G404: jitter needs spread, not secrecy
}

// sleepContext waits for d or until ctx is done, whichever comes first.
func sleepContext(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// retryWait decides whether to wait before another attempt and for how
// long. It refuses (ok false) when the wait is longer than maxRetryWait or
// would end after ctx's deadline: sleeping only to fail is worse than
// returning the last answer now.
func (c *Client) retryWait(ctx context.Context, attempts int, retryAfter time.Duration) (time.Duration, bool) {
	wait := retryAfter
	if wait <= 0 {
		wait = c.backoff(attempts)
	}
	if wait > maxRetryWait {
		return 0, false
	}
	if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) <= wait {
		return 0, false
	}
	return wait, true
}
