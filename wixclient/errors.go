package wixclient

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/wix-mcp/wix-mcp/untrusted"
)

// ErrBodyTooLarge is wrapped by the TransportError returned when an answer
// is longer than Options.MaxBodyBytes.
var ErrBodyTooLarge = errors.New("response body too large")

// ErrAccountScopeRequired is returned by account-level helpers such as
// QuerySites when the Client is site-scoped.
var ErrAccountScopeRequired = errors.New("wix: this call needs an account-scoped client (wix-account-id)")

// Error renders the failure for people and agents, e.g.
// "wix: POST /x: 403 PERMISSION_DENIED: message (request id abc)".
func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString("wix: ")
	b.WriteString(e.Method)
	b.WriteByte(' ')
	b.WriteString(e.Path)
	b.WriteString(": ")
	b.WriteString(strconv.Itoa(e.Status))
	// Code, message and request ID are Wix's words: reduced to one safe
	// line each, as this text reaches logs and messages outside any fence.
	if e.Code != "" {
		b.WriteByte(' ')
		b.WriteString(untrusted.Line(e.Code))
	}
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(untrusted.Line(e.Message))
	}
	if e.RequestID != "" {
		b.WriteString(" (request id ")
		b.WriteString(untrusted.Line(e.RequestID))
		b.WriteByte(')')
	}
	return b.String()
}

// Hint says what to do about the error, in one sentence; empty when there
// is nothing useful to add.
func (e *APIError) Hint() string {
	switch {
	case e.NotEmulated():
		return "the sandbox (a local Wix emulator) does not emulate this endpoint; it exists on real Wix: use another endpoint in the sandbox, or run with a real key"
	case e.Status >= 300 && e.Status < 400:
		return "redirects are never followed: the client only calls its base URL"
	case e.Status == http.StatusBadRequest && len(e.FieldViolations) > 0:
		// The hint is read outside the fence, and Wix names the fields
		// after what the request (or a site's collection) called them.
		fields := make([]string, 0, len(e.FieldViolations))
		for _, v := range e.FieldViolations {
			if f := untrusted.Line(v.Field); f != "" {
				fields = append(fields, f)
			}
		}
		if len(fields) == 0 {
			return "fix the fields the validation error names"
		}
		return "fix those fields: " + strings.Join(fields, ", ")
	case e.Status == http.StatusBadRequest:
		return "check the request parameters and body against the REST reference (dev.wix.com/docs/rest)"
	case e.Status == http.StatusUnauthorized:
		return "check the key is valid and not revoked"
	case e.Status == http.StatusForbidden:
		return "the key lacks a permission for this API, the site is not granted to the key, or the wrong scope (site vs account)"
	case e.Status == http.StatusNotFound:
		if entity, ok := e.MissingEntity(); ok {
			return fmt.Sprintf("no %s with that ID: the path is right, but Wix has no such %s on this site (deleted, or an ID from another site); query them to find the right ID", entity, entity)
		}
		return "check the path against the REST reference (dev.wix.com/docs/rest)"
	case e.Status == http.StatusConflict:
		return "revision conflict: fetch the latest revision and retry"
	case e.Status == http.StatusPreconditionRequired:
		return "the app is not installed on the site or a premium plan is needed"
	case e.Status == http.StatusTooManyRequests:
		if e.RetryAfter > 0 {
			return "rate limited: retry after " + e.RetryAfter.String()
		}
		return "rate limited: wait a minute and retry"
	case e.Status >= 500:
		return "Wix-side error, try again later"
	}
	return ""
}

// MissingEntity reports whether Wix's code says the path was right but the
// entity does not exist, and names it: CONTACT_NOT_FOUND gives "contact",
// ENTITY_NOT_FOUND "entity". A plain NOT_FOUND (no such route) does not
// count. The codes are Wix's application error codes, e.g. Get Contact's
// CONTACT_NOT_FOUND (https://dev.wix.com/docs/rest/crm/members-contacts/contacts/contacts/get-contact).
func (e *APIError) MissingEntity() (string, bool) {
	if e.Status != http.StatusNotFound {
		return "", false
	}
	entity, ok := strings.CutSuffix(e.Code, "_NOT_FOUND")
	if !ok || entity == "" || len(entity) > maxEntityCode || strings.Trim(entity, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") != "" {
		// The code is Wix's text and the hint is quoted outside the
		// untrusted fence: only a plain upper-case identifier is taken.
		return "", false
	}
	return strings.ToLower(strings.ReplaceAll(entity, "_", " ")), true
}

// maxEntityCode bounds the entity part of a *_NOT_FOUND code that a hint
// quotes; Wix's are a word or three.
const maxEntityCode = 40

// Error renders the failure, e.g. "wix: GET /x: no answer: connection
// refused (3 attempts)".
func (e *TransportError) Error() string {
	s := "wix: " + e.Method + " " + e.Path + ": "
	if e.Err != nil {
		s += e.Err.Error()
	} else {
		s += "no answer"
	}
	if e.Attempts > 1 {
		s += " (" + strconv.Itoa(e.Attempts) + " attempts)"
	}
	return s
}

// Unwrap gives the underlying error, so errors.Is(err, context.Canceled)
// and errors.Is(err, ErrBodyTooLarge) work.
func (e *TransportError) Unwrap() error { return e.Err }

// wixErrorBody is Wix's error shape. Code is raw because a few services
// send a number where most send a string.
type wixErrorBody struct {
	Message string `json:"message"`
	Details struct {
		ApplicationError *struct {
			Code        json.RawMessage `json:"code"`
			Description string          `json:"description"`
			Data        json.RawMessage `json:"data"`
		} `json:"applicationError"`
		ValidationError *struct {
			FieldViolations []FieldViolation `json:"fieldViolations"`
		} `json:"validationError"`
	} `json:"details"`
}

// decodeAPIError builds an APIError from a non-2xx answer. Bodies that are
// empty, HTML or otherwise not Wix's shape still give an error carrying the
// status and its text.
func decodeAPIError(method, path string, status int, header http.Header, body []byte) *APIError {
	e := &APIError{
		Method:    method,
		Path:      path,
		Status:    status,
		RequestID: header.Get("X-Wix-Request-Id"),
	}
	if status >= 300 && status < 400 {
		e.Message = "redirect not followed"
		return e
	}
	var w wixErrorBody
	if len(body) > 0 && json.Unmarshal(body, &w) == nil {
		e.Message = w.Message
		if ae := w.Details.ApplicationError; ae != nil {
			e.Code = rawCode(ae.Code)
			e.Description = ae.Description
			if len(ae.Data) > 0 && string(ae.Data) != "null" {
				e.Data = ae.Data
			}
		}
		if ve := w.Details.ValidationError; ve != nil {
			e.FieldViolations = ve.FieldViolations
		}
	}
	if e.Message == "" {
		e.Message = e.Description
	}
	if e.Message == "" {
		e.Message = statusText(status)
	}
	return e
}

func rawCode(raw json.RawMessage) string {
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return string(raw)
}

func statusText(status int) string {
	if t := http.StatusText(status); t != "" {
		return t
	}
	return "HTTP " + strconv.Itoa(status)
}

// apiKey holds the key behind a pointer, so printing a Client (even a
// copy, with %v or %+v) shows an address rather than the key. Its methods
// remove the key, and every other secret the client was given, in any
// encoding (see Redactor), from text bound for errors.
type apiKey struct {
	value    string
	redactor *Redactor
}

func newAPIKey(value string, others *Redactor) *apiKey {
	return &apiKey{value: value, redactor: others.with(value)}
}

func (k *apiKey) redact(s string) string {
	if k == nil {
		return s
	}
	return k.redactor.String(s)
}

// redactAPIError scrubs every text field of e; Wix could echo the key
// back, e.g. in an "invalid token" message.
func (k *apiKey) redactAPIError(e *APIError) *APIError {
	e.Path = k.redact(e.Path)
	e.Message = k.redact(e.Message)
	e.Code = k.redact(e.Code)
	e.Description = k.redact(e.Description)
	e.RequestID = k.redact(e.RequestID)
	if e.Data != nil {
		e.Data = json.RawMessage(k.redact(string(e.Data)))
	}
	for i := range e.FieldViolations {
		v := &e.FieldViolations[i]
		v.Field = k.redact(v.Field)
		v.Description = k.redact(v.Description)
		v.ViolatedRule = k.redact(v.ViolatedRule)
		v.RuleName = k.redact(v.RuleName)
		if v.Data != nil {
			v.Data = json.RawMessage(k.redact(string(v.Data)))
		}
	}
	return e
}

// redactErr wraps err so its text hides the key while errors.Is and
// errors.As still see the original.
func (k *apiKey) redactErr(err error) error {
	if err == nil || k == nil {
		return err
	}
	msg := err.Error()
	if clean := k.redact(msg); clean != msg {
		return &redactedError{msg: clean, err: err}
	}
	return err
}

type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }
