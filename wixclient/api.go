package wixclient

// This file fixes the exported API of the package; the implementation lives
// in client.go, errors.go, path.go, retry.go and sites.go.

import (
	"encoding/json"
	"net/http"
	"net/url"
	"time"

	"github.com/wix-mcp/wix-mcp/untrusted"
)

// DefaultBaseURL is where Wix serves its REST API.
const DefaultBaseURL = "https://www.wixapis.com"

// Defaults used when Options leaves a field zero.
const (
	DefaultTimeout      = 30 * time.Second
	DefaultMaxBodyBytes = 16 << 20
	DefaultMaxAttempts  = 3
)

// Options configure a Client. Key and Scope are required.
type Options struct {
	// BaseURL is the Wix API origin; https, or http on a loopback address.
	// Empty means DefaultBaseURL.
	BaseURL string
	// Key is the Wix API key, sent raw in the Authorization header. It is
	// never logged and never appears in errors.
	Key string
	// Scope selects account-level or site-level calls.
	Scope Scope
	// Timeout bounds each attempt of a request; zero means DefaultTimeout.
	Timeout time.Duration
	// UserAgent is sent as User-Agent, e.g. "wix-mcp/1.2.3".
	UserAgent string
	// MaxBodyBytes caps how much of a response body is read; zero means
	// DefaultMaxBodyBytes.
	MaxBodyBytes int64
	// MaxAttempts bounds the attempts of a retryable read; zero means
	// DefaultMaxAttempts, 1 disables retries.
	MaxAttempts int
	// Transport sends the requests; nil means a shared default transport.
	// Tests use it to observe traffic; redirects are refused whatever it is.
	Transport http.RoundTripper
	// BaseBackoff is the first retry delay before jitter; zero means 200ms.
	BaseBackoff time.Duration
	// Redactor holds the other secrets (every configured key) this client
	// removes from answers, headers and errors besides its own Key, which
	// it always removes; nil means only Key.
	Redactor *Redactor
}

// Request is one REST call relative to the base URL.
type Request struct {
	// Method is GET, POST, PUT, PATCH or DELETE.
	Method string
	// Path is the parsed path on the Wix API host, e.g. /contacts/v4/contacts/query.
	Path Path
	// Query holds query-string parameters.
	Query url.Values
	// Body is the JSON body; nil sends none.
	Body json.RawMessage
}

// Response is a successful (2xx) answer from Wix.
type Response struct {
	// Status is the HTTP status code.
	Status int
	// Body is the response body, at most Options.MaxBodyBytes long.
	Body []byte
	// RequestID is Wix's X-Wix-Request-Id header, if present.
	RequestID string
	// Attempts is how many times the request was sent.
	Attempts int
}

// APIError is a non-2xx answer from Wix, decoded from Wix's error shape
// ({message, details:{applicationError|validationError}}). Bodies that are
// empty or not JSON decode too: Message then holds the status text.
type APIError struct {
	// Method and Path identify the call (never the key or the host).
	Method, Path string
	// Status is the HTTP status code.
	Status int
	// Message is Wix's message, e.g. "FAILED_PRECONDITION: Missing Token".
	Message string
	// Code, Description and Data come from details.applicationError.
	Code        string
	Description string
	Data        json.RawMessage
	// FieldViolations come from details.validationError.fieldViolations.
	FieldViolations []FieldViolation
	// RequestID is the X-Wix-Request-Id header.
	RequestID string
	// Attempts is how many times the request was sent.
	Attempts int
	// RetryAfter is the parsed Retry-After header, zero when absent.
	RetryAfter time.Duration
}

// FieldViolation is one entry of a Wix validation error.
type FieldViolation struct {
	Field        string          `json:"field"`
	Description  string          `json:"description"`
	ViolatedRule string          `json:"violatedRule,omitempty"`
	RuleName     string          `json:"ruleName,omitempty"`
	Data         json.RawMessage `json:"data,omitempty"`
}

// PathError reports an agent-supplied path that was refused before any
// network I/O because it could leave the Wix API host or its path space.
type PathError struct {
	// Path is the refused path, with control characters escaped.
	Path string
	// Reason says what is wrong, e.g. "contains a scheme".
	Reason string
}

// TransportError is a failure to get any HTTP answer (connection refused or
// reset, timeout, cancellation, a body cut short or over the cap).
type TransportError struct {
	Method, Path string
	// Attempts is how many times the request was sent.
	Attempts int
	// Timeout is true when the per-request timeout fired.
	Timeout bool
	// Err is the underlying error; it never holds the key.
	Err error
}

// AnswerError is a 2xx answer that cannot be what Wix sends: not JSON, or
// JSON that contradicts itself (more pages but no cursor). It usually means
// a proxy or an outage page stood in for Wix.
type AnswerError struct {
	Method, Path string
	// RequestID is the X-Wix-Request-Id header, if any.
	RequestID string
	// Reason says what is wrong with the answer.
	Reason string
}

func (e *AnswerError) Error() string {
	// Reason quotes a decoder's view of the body, and the request ID is a
	// header: both are the other end's text, reduced to a safe line.
	msg := "wix: " + e.Method + " " + e.Path + ": unusable answer: " + untrusted.Line(e.Reason)
	if e.RequestID != "" {
		msg += " (request id " + untrusted.Line(e.RequestID) + ")"
	}
	return msg
}

// SitesQuery asks Query Sites for one page.
type SitesQuery struct {
	// Filter is a Wix query-language filter; nil asks for every site.
	// Headless sites are included unless the filter names namespace.
	Filter map[string]any
	// Limit is the page size, 1..100; zero means 100.
	Limit int
	// Cursor continues a previous page; when set, Filter is not sent
	// because Wix's cursor already encodes it.
	Cursor string
}

// SitesPage is one page of Query Sites.
type SitesPage struct {
	Sites []Site
	// NextCursor is metadata.cursors.next; empty when HasNext is false.
	NextCursor string
	HasNext    bool
	// Total is the total count when Wix reports one, else -1.
	Total int
	// RequestID is the X-Wix-Request-Id header of the page.
	RequestID string
}

// Site is a Wix site as Query Sites returns it (the fields wix-mcp uses).
type Site struct {
	ID             string `json:"id"`
	Name           string `json:"name"`
	DisplayName    string `json:"displayName"`
	Namespace      string `json:"namespace,omitempty"`
	Published      bool   `json:"published"`
	Premium        bool   `json:"premium"`
	ViewURL        string `json:"viewUrl,omitempty"`
	EditorType     string `json:"editorType,omitempty"`
	CreatedDate    string `json:"createdDate,omitempty"`
	OwnerAccountID string `json:"ownerAccountId,omitempty"`
}

// Methods are the HTTP methods Wix's REST API uses, in the order tool
// schemas list them. Client.Do refuses any other.
var Methods = []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete}

// methodList names Methods for error messages.
const methodList = "GET, POST, PUT, PATCH or DELETE"

// IsMethod reports whether m (upper case) is one of Methods.
func IsMethod(m string) bool {
	switch m {
	case http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
		return true
	}
	return false
}
