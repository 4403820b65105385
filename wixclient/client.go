package wixclient

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// defaultUserAgent is sent when Options.UserAgent is empty.
const defaultUserAgent = "wix-mcp"

// defaultTransport is shared by clients without their own Transport, so
// they share one connection pool. Every request goes to one host, so the
// pool keeps as many idle connections for it as calls commonly run at
// once; net/http's default of 2 would open (and TLS-handshake) a new
// connection for most concurrent calls.
var defaultTransport http.RoundTripper = func() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = 128
	t.MaxIdleConns = 256
	return t
}()

// Client calls the Wix REST API with one key in one scope. It is safe for
// concurrent use; its settings never change after New.
type Client struct {
	origin      string // scheme://host[:port], no trailing slash
	scheme      string
	host        string // host[:port] every request must go to
	key         *apiKey
	scope       Scope
	timeout     time.Duration
	userAgent   string
	maxBody     int64
	maxAttempts int
	baseBackoff time.Duration
	http        *http.Client

	// Seams for tests: how to wait between attempts, how to randomize a
	// backoff, and the clock used to read Retry-After dates.
	sleep  func(ctx context.Context, d time.Duration) error
	jitter func(d time.Duration) time.Duration
	now    func() time.Time
}

// New checks opts and builds a Client. Its errors never contain the key.
func New(opts Options) (*Client, error) {
	c, err := newClient(opts)
	if err != nil {
		// Messages may quote a host or an ID, which a confused caller could
		// have filled with the key.
		return nil, errors.New(newAPIKey(opts.Key, opts.Redactor).redact(err.Error()))
	}
	return c, nil
}

func newClient(opts Options) (*Client, error) {
	if opts.Key == "" {
		return nil, errors.New("wixclient: the API key is empty")
	}
	if !headerSafe(opts.Key) || strings.ContainsAny(opts.Key, " \t") {
		return nil, errors.New("wixclient: the API key contains whitespace, control or non-ASCII characters")
	}
	if err := checkScope(opts.Scope); err != nil {
		return nil, err
	}
	base, err := checkBaseURL(opts.BaseURL)
	if err != nil {
		return nil, err
	}
	if !headerSafe(opts.UserAgent) {
		return nil, errors.New("wixclient: the user agent contains control or non-ASCII characters")
	}
	if opts.Timeout < 0 || opts.MaxBodyBytes < 0 || opts.MaxAttempts < 0 || opts.BaseBackoff < 0 {
		return nil, errors.New("wixclient: Timeout, MaxBodyBytes, MaxAttempts and BaseBackoff must not be negative")
	}
	c := &Client{
		origin:      base.Scheme + "://" + base.Host,
		scheme:      base.Scheme,
		host:        base.Host,
		key:         newAPIKey(opts.Key, opts.Redactor),
		scope:       opts.Scope,
		timeout:     orDefault(opts.Timeout, DefaultTimeout),
		userAgent:   orDefault(opts.UserAgent, defaultUserAgent),
		maxBody:     orDefault(opts.MaxBodyBytes, DefaultMaxBodyBytes),
		maxAttempts: orDefault(opts.MaxAttempts, DefaultMaxAttempts),
		baseBackoff: orDefault(opts.BaseBackoff, defaultBaseBackoff),
		sleep:       sleepContext,
		jitter:      fullJitter,
		now:         time.Now,
	}
	transport := opts.Transport
	if transport == nil {
		transport = defaultTransport
	}
	c.http = &http.Client{
		Transport: tallyTransport{next: transport, key: c.key},
		// A redirect could point anywhere; the 3xx itself is the answer.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	return c, nil
}

// Scope returns the account or site the client acts for.
func (c *Client) Scope() Scope { return c.scope }

func checkScope(s Scope) error {
	if s.Kind != ScopeAccount && s.Kind != ScopeSite {
		return fmt.Errorf("wixclient: scope kind %q is neither %q nor %q", s.Kind, ScopeAccount, ScopeSite)
	}
	if s.ID == "" {
		return fmt.Errorf("wixclient: the %s ID is empty", s.Kind)
	}
	if !headerSafe(s.ID) || strings.ContainsAny(s.ID, " \t") {
		return fmt.Errorf("wixclient: the %s ID contains whitespace, control or non-ASCII characters", s.Kind)
	}
	return nil
}

// CheckBaseURL reports whether raw is a base URL New accepts: an https
// origin, or an http one on a loopback host (the local emulator and tests);
// empty means DefaultBaseURL. Its messages name the problem but never
// quote the URL, which could carry credentials or a key pasted in the
// wrong place. The configuration checks base URLs with it, so what starts
// is what the client takes.
func CheckBaseURL(raw string) error {
	_, err := checkBaseURL(raw)
	if err != nil {
		return errors.New(strings.TrimPrefix(err.Error(), "wixclient: "))
	}
	return nil
}

func checkBaseURL(raw string) (*url.URL, error) {
	if raw == "" {
		raw = DefaultBaseURL
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, errors.New("wixclient: the base URL does not parse as a URL")
	}
	switch {
	case u.Scheme != "https" && u.Scheme != "http":
		return nil, errors.New("wixclient: the base URL must use https (or http on a loopback host)")
	case u.Opaque != "" || u.Host == "" || u.Hostname() == "":
		return nil, errors.New("wixclient: the base URL has no host")
	case u.User != nil:
		return nil, errors.New("wixclient: the base URL must not contain userinfo (user:password@)")
	case u.Path != "" && u.Path != "/":
		return nil, errors.New("wixclient: the base URL must not have a path; give the origin, e.g. https://www.wixapis.com")
	case u.RawQuery != "" || u.ForceQuery:
		return nil, errors.New("wixclient: the base URL must not have a query")
	case u.Fragment != "" || strings.Contains(raw, "#"):
		return nil, errors.New("wixclient: the base URL must not have a fragment")
	case u.Scheme == "http" && !IsLoopbackHost(u.Hostname()):
		return nil, errors.New("wixclient: the base URL uses http on a non-loopback host; use https (plain http is allowed only on 127.0.0.1, ::1 or localhost)")
	}
	return u, nil
}

// IsLoopbackHost reports whether host (a name or an IP, without a port)
// names this machine only: localhost or a loopback address.
func IsLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// headerSafe reports whether s can go in a header verbatim.
func headerSafe(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			return false
		}
	}
	return true
}

func orDefault[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}

// Do sends r and returns the 2xx answer. A refused path gives a *PathError
// (nothing is sent), a non-2xx answer an *APIError, and no answer at all a
// *TransportError. Retryable reads (see IsRetryableRead) are sent again on
// 429, 502, 503, 504 and connection failures; writes are sent once.
func (c *Client) Do(ctx context.Context, r Request) (*Response, error) {
	method := strings.ToUpper(r.Method)
	if !IsMethod(method) {
		return nil, errors.New(`wix: method "` + c.key.redact(quotePath(r.Method)) + `" is not supported; use ` + methodList)
	}
	if r.Path.IsZero() {
		return nil, errors.New("wix: the request has no path (build it with ParsePath)")
	}
	path := r.Path.String()
	if len(r.Body) > 0 && !json.Valid(r.Body) {
		return nil, fmt.Errorf("wix: %s %s: the request body is not valid JSON", method, c.key.redact(path))
	}
	target, err := c.target(path, r.Query)
	if err != nil {
		return nil, err
	}
	limit := 1
	if IsRetryableRead(method, r.Path) {
		limit = c.maxAttempts
	}
	for n := 1; ; n++ {
		resp, retryAfter, retry, err := c.attempt(ctx, method, path, target, r.Body)
		if err == nil {
			resp.Attempts = n
			return resp, nil
		}
		setAttempts(err, n)
		if !retry || n >= limit {
			return nil, err
		}
		wait, ok := c.retryWait(ctx, n, retryAfter)
		if !ok {
			return nil, err
		}
		if c.sleep(ctx, wait) != nil {
			return nil, &TransportError{
				Method: method, Path: c.key.redact(path), Attempts: n,
				Err: fmt.Errorf("%s while waiting to retry after %s: %w", cancelWord(ctx.Err()), failureSummary(err), ctx.Err()),
			}
		}
	}
}

// target joins the base origin and a parsed path by concatenation, then
// parses the result once to prove it still points at the base host and
// will be sent with exactly the path that was validated. ParsePath already
// guarantees this; the check is defence in depth at the last point before
// the network.
func (c *Client) target(path string, query url.Values) (string, error) {
	s := c.origin + path
	if len(query) > 0 {
		s += "?" + query.Encode()
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme != c.scheme || u.Host != c.host || u.User != nil || u.Opaque != "" || u.EscapedPath() != path {
		return "", &PathError{Path: c.key.redact(quotePath(path)), Reason: "does not stay on the API host once joined to the base URL"}
	}
	return s, nil
}

// attempt sends the request once. retry says whether the failure is of a
// kind worth another attempt if the request is a read.
func (c *Client) attempt(ctx context.Context, method, path, target string, body []byte) (resp *Response, retryAfter time.Duration, retry bool, err error) {
	actx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	var rd io.Reader
	if len(body) > 0 {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(actx, method, target, rd)
	if err != nil {
		return nil, 0, false, fmt.Errorf("wix: %s %s: build request: %w", method, c.key.redact(path), c.key.redactErr(err))
	}
	req.Header.Set("Authorization", c.key.value)
	req.Header.Set(c.scope.Header(), c.scope.ID)
	req.Header.Set("User-Agent", c.userAgent)
	req.Header.Set("Accept", "application/json")
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}

	hr, err := c.http.Do(req)
	if err != nil {
		te, retry := c.transportFailure(ctx, actx, method, path, "no answer", err)
		return nil, 0, retry, te
	}
	defer hr.Body.Close()
	// Redirects are refused, so the answer must come from the request sent;
	// checked anyway because a custom Transport could say otherwise.
	if hr.Request != nil && hr.Request.URL.Host != c.host {
		return nil, 0, false, &TransportError{Method: method, Path: c.key.redact(path), Err: errors.New("answer came from another host")}
	}
	// The one place answers leave the network: every body and every header
	// read from it is cleaned of the keys here, before results, logs and
	// errors see them.
	data, err := c.readBody(hr)
	data = c.key.redactor.Bytes(data)
	if err != nil {
		if errors.Is(err, ErrBodyTooLarge) {
			return nil, 0, false, &TransportError{Method: method, Path: c.key.redact(path), Err: err}
		}
		te, retry := c.transportFailure(ctx, actx, method, path, "answer cut short", err)
		return nil, 0, retry, te
	}
	if hr.StatusCode >= 200 && hr.StatusCode < 300 {
		// A success needs one header, so only that one is cleaned.
		return &Response{Status: hr.StatusCode, Body: data, RequestID: c.key.redactor.String(hr.Header.Get("X-Wix-Request-Id"))}, 0, false, nil
	}
	header := c.key.redactor.Header(hr.Header)
	ae := decodeAPIError(method, path, hr.StatusCode, header, data)
	ae.RetryAfter = parseRetryAfter(header.Get("Retry-After"), c.now())
	return nil, ae.RetryAfter, retryableStatus(hr.StatusCode), c.key.redactAPIError(ae)
}

// readBody reads at most maxBody bytes and fails rather than truncate. An
// answer of known length is read into one buffer of that size. One of
// unknown length (chunked, as net/http sends any answer over its 2 KB
// buffer) is read into a pooled scratch buffer and copied once at its
// final size; only an answer longer than the scratch goes on through
// io.ReadAll, whose chunks suit large bodies.
func (c *Client) readBody(hr *http.Response) ([]byte, error) {
	if hr.ContentLength > c.maxBody {
		return nil, c.tooLarge(hr)
	}
	limited := io.LimitReader(hr.Body, c.maxBody+1)
	if hr.ContentLength >= 0 {
		data := make([]byte, hr.ContentLength)
		if _, err := io.ReadFull(limited, data); err != nil {
			return nil, err
		}
		return data, nil
	}
	scratch := readScratch.Get().(*[]byte)
	defer readScratch.Put(scratch)
	data, err := readVia(limited, *scratch)
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > c.maxBody {
		return nil, c.tooLarge(hr)
	}
	return data, nil
}

// readVia reads r to its end, first into scratch: an answer that ends
// there is copied once at its size; a longer one goes on through
// io.ReadAll. Only io.EOF ends an answer: the chunked reader reports an
// answer cut short as io.ErrUnexpectedEOF, which is an error here, not
// the end (io.ReadFull would take it for a short read).
func readVia(r io.Reader, scratch []byte) ([]byte, error) {
	n := 0
	for n < len(scratch) {
		m, err := r.Read(scratch[n:])
		n += m
		if err == io.EOF {
			return bytes.Clone(scratch[:n]), nil
		}
		if err != nil {
			return nil, err
		}
	}
	return io.ReadAll(io.MultiReader(bytes.NewReader(scratch), r))
}

// readScratch holds the buffers answers of unknown length are first read
// into: most Wix answers fit in one.
var readScratch = sync.Pool{New: func() any { b := make([]byte, 32<<10); return &b }}

// tooLarge is the error for an answer over maxBody.
func (c *Client) tooLarge(hr *http.Response) error {
	return fmt.Errorf("%w: the answer (HTTP %d) exceeded %d bytes", ErrBodyTooLarge, hr.StatusCode, c.maxBody)
}

// transportFailure classifies an error that left no usable answer. The
// caller's cancellation or deadline and the per-attempt timeout are final;
// connection failures may be retried. A timed-out read is not retried
// either: it would most likely time out again, multiplying the wait.
func (c *Client) transportFailure(ctx, actx context.Context, method, path, what string, err error) (*TransportError, bool) {
	te := &TransportError{Method: method, Path: c.key.redact(path)}
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		// url.Error repeats the whole URL; Method and Path already say it.
		err = urlErr.Err
	}
	switch {
	case ctx.Err() != nil:
		te.Err = fmt.Errorf("%s: %w", cancelWord(ctx.Err()), ctx.Err())
		return te, false
	case actx.Err() != nil:
		te.Timeout = true
		te.Err = fmt.Errorf("timed out: no answer within %s: %w", c.timeout, context.DeadlineExceeded)
		return te, false
	}
	te.Err = fmt.Errorf("%s: %w", what, c.key.redactErr(err))
	var certErr *tls.CertificateVerificationError
	return te, !errors.As(err, &certErr)
}

func cancelWord(err error) string {
	if errors.Is(err, context.DeadlineExceeded) {
		return "deadline of the call exceeded"
	}
	return "canceled"
}

// failureSummary names a failed attempt briefly, for an error that has
// to mention it without repeating its method and path.
func failureSummary(err error) string {
	var ae *APIError
	if errors.As(err, &ae) {
		return "HTTP " + strconv.Itoa(ae.Status)
	}
	return "a connection failure"
}

func setAttempts(err error, n int) {
	var ae *APIError
	var te *TransportError
	switch {
	case errors.As(err, &ae):
		ae.Attempts = n
	case errors.As(err, &te):
		te.Attempts = n
	}
}

// String describes the client for logs without the key, so that printing
// a Client with %v cannot leak it.
func (c *Client) String() string {
	return "wixclient(" + c.origin + ", " + c.scope.String() + ", timeout " + c.timeout.String() + ", attempts " + strconv.Itoa(c.maxAttempts) + ")"
}

// GoString is String for %#v, which would otherwise print the key field.
func (c *Client) GoString() string { return c.String() }
