package tools

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
	"github.com/rs/zerolog"

	"github.com/wix-mcp/wix-mcp/safety"
	"github.com/wix-mcp/wix-mcp/scopes"
	"github.com/wix-mcp/wix-mcp/script"
	"github.com/wix-mcp/wix-mcp/wixclient"
)

// The choices a person has for a destructive call inside a script.
const (
	choiceOnce     = "this call only"
	choiceEndpoint = "this call and every further call to the same endpoint in this run"
)

// scriptSender is script.Sender and script.Host over the tools' own
// pieces: every call a script makes is normalized and validated like a
// call_site_api call, decided by the same Gate, sent by the same client,
// audited with the run's ID and the call's number, and written to the
// call log.
type scriptSender struct {
	dir *scopes.Directory
	// caller is the call tools' own: its gate, catalog check and app
	// learning apply to every call of a script.
	caller *Caller
	gate   *Gate
	logger zerolog.Logger
	// approvals carries the person's answers across the rounds of a run
	// whose client asks by ending the request (see confirmScript).
	approvals *approvals
	// ask serializes questions, so the second of two parallel deletes sees
	// an "every further call" answer given to the first.
	ask sync.Mutex
}

// approvals are a run's answers so far: per call number, and for whole
// endpoints of one target.
type approvals struct {
	mu        sync.Mutex
	calls     map[int]bool // true approved, false declined
	endpoints map[string]bool
}

func newApprovals() *approvals {
	return &approvals{calls: map[int]bool{}, endpoints: map[string]bool{}}
}

func (a *approvals) lookup(n int, endpoint string) (approved, known bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.endpoints[endpoint] {
		return true, true
	}
	approved, known = a.calls[n]
	return approved, known
}

func (a *approvals) set(n int, endpoint string, choice string, approved bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.calls[n] = approved
	if approved && choice == choiceEndpoint {
		a.endpoints[endpoint] = true
	}
}

// endpointOf names the endpoint a call goes to, for "every further call to
// the same endpoint": the catalog's path template when the path is known
// (DELETE /contacts/v4/contacts/{id}), else the path itself, on one target.
func (s *scriptSender) endpointOf(target *scopes.Target, call *apiCall) string {
	path := call.path.String()
	if e, ok := call.endpoint(s.caller.Catalog); ok {
		path = e.Path
	}
	return target.Scope.String() + " " + call.method + " " + path
}

// Send passes one script call through the gate and sends it.
func (s *scriptSender) Send(ctx context.Context, c *script.Call) (*script.Outcome, error) {
	out := &script.Outcome{}
	target, err := s.target(ctx, c)
	if err != nil {
		return out, &script.PolicyError{Reason: "not sent: " + err.Error()}
	}
	out.Target = target.Label()
	switch c.Method {
	case http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
	default:
		return out, &script.PolicyError{Reason: fmt.Sprintf("not sent: method %q is not one of GET, POST, PUT, PATCH, DELETE", c.Method)}
	}
	call, err := newAPICall(c.Method, c.Path, c.Query, c.Body)
	if err != nil {
		return out, &script.PolicyError{Reason: "not sent: " + callRefusal(err)}
	}
	if !c.NoValidate {
		if err := s.caller.checkCall(call); err != nil {
			return out, &script.PolicyError{Reason: callRefusal(err)}
		}
	}
	ref := &runRef{id: c.RunID, n: c.N, dryRun: c.DryRun}
	class, confirm, err := s.gate.decide(ctx, target, call, ref)
	out.Class = string(class)
	if err != nil {
		return out, &script.PolicyError{Reason: callRefusal(err)}
	}
	if c.DryRun && class != safety.Read {
		out.DryRun = true
		s.logCall(c, target, call, class, 0, 0, "not sent (dry run)")
		return out, nil
	}
	if confirm {
		if err := s.confirm(ctx, c, target, call, class, ref); err != nil {
			return out, err
		}
	}
	if res, err := s.caller.waitForBudget(ctx, target); res != nil || err != nil {
		if err == nil {
			err = errors.New(resultText(res))
		}
		return out, &script.PolicyError{Reason: err.Error()}
	}
	began := time.Now()
	resp, err := target.Client.Do(ctx, wixclient.Request{Method: call.method, Path: call.path, Query: call.query, Body: call.body})
	s.caller.apps.observe(target, call, resp, err)
	if err != nil {
		var (
			apiErr       *wixclient.APIError
			transportErr *wixclient.TransportError
		)
		switch {
		case errors.As(err, &apiErr):
			out.Sent, out.Status, out.RequestID = true, apiErr.Status, apiErr.RequestID
			s.logCall(c, target, call, class, apiErr.Status, time.Since(began), "")
			return out, wixError(apiErr)
		case errors.As(err, &transportErr):
			out.Sent = transportErr.Attempts > 0
		}
		s.logCall(c, target, call, class, 0, time.Since(began), "no answer")
		return out, errors.New(callRefusal(err))
	}
	out.Sent, out.Status, out.Body, out.RequestID = true, resp.Status, resp.Body, resp.RequestID
	s.logCall(c, target, call, class, resp.Status, time.Since(began), "")
	return out, nil
}

func (s *scriptSender) target(ctx context.Context, c *script.Call) (*scopes.Target, error) {
	if c.AccountLevel {
		return accountFor(ctx, s.dir, c.Account)
	}
	return siteFor(ctx, s.dir, c.Site)
}

// callRefusal is the model-facing text of an error that stopped a call,
// as the call tools word it.
func callRefusal(err error) string {
	res, rerr := toolError(err)
	if res == nil || rerr != nil {
		return err.Error()
	}
	return resultText(res)
}

func wixError(e *wixclient.APIError) *script.WixError {
	details := map[string]any{}
	if e.Code != "" || e.Description != "" || len(e.Data) > 0 {
		app := map[string]any{"code": e.Code, "description": e.Description}
		if len(e.Data) > 0 {
			app["data"] = e.Data
		}
		details["applicationError"] = app
	}
	if len(e.FieldViolations) > 0 {
		details["validationError"] = map[string]any{"fieldViolations": e.FieldViolations}
	}
	raw, _ := json.Marshal(details)
	return &script.WixError{Status: e.Status, Code: e.Code, Message: e.Message, RequestID: e.RequestID, Details: raw}
}

// logCall writes the call log line of one script call: the audit log
// holds writes and refusals, this holds every call, reads included.
func (s *scriptSender) logCall(c *script.Call, target *scopes.Target, call *apiCall, class safety.Class, status int, took time.Duration, note string) {
	ev := s.logger.Info().Str("tool", "run_wix_script").Str("run_id", c.RunID).Int("run_call", c.N).
		Str("scope", target.Scope.String()).Str("method", call.method).Str("path", call.path.String()).Str("class", string(class))
	if status != 0 {
		ev = ev.Int("status", status)
	}
	if note != "" {
		ev = ev.Str("note", note)
	}
	ev.Dur("duration", took).Msg("script call")
}

// confirm gets a person's yes for a destructive call inside a script.
// A client of protocol 2025-11-25 or older is asked synchronously with
// elicitation/create while the script waits (its wall clock paused, the
// question bounded by the confirmation timeout and by the session's open
// questions, as for call_site_api). A client of 2026-07-28 can only be
// asked by ending the request with an input request (server-initiated
// requests are gone in that version), so the run is suspended and
// replayed with the answer (see RunScript).
func (s *scriptSender) confirm(ctx context.Context, c *script.Call, target *scopes.Target, call *apiCall, class safety.Class, ref *runRef) error {
	endpoint := s.endpointOf(target, call)
	s.ask.Lock()
	defer s.ask.Unlock()
	if approved, known := s.approvals.lookup(c.N, endpoint); known {
		if approved {
			s.gate.logRun(ctx, target, call, class, decisionConfirmed, "", ref)
			return nil
		}
		s.gate.logRun(ctx, target, call, class, decisionDeclined, "", ref)
		return declined(c, call, target, "decline")
	}
	if reason := s.gate.cannotAsk(ctx); reason != "" {
		s.gate.logRun(ctx, target, call, class, decisionNoElicitation, "", ref)
		return &script.PolicyError{Reason: fmt.Sprintf("Refused: call #%d, %s %s on %s, is destructive and needs a person's confirmation, but %s. Nothing was sent. To allow such calls without asking, the user can start wix-mcp with --allow-destructive (WIX_MCP_ALLOW_DESTRUCTIVE=true) or set confirm_destructive: false for this account or site in the config file.", c.N, call.method, call.path, target.Label(), reason)}
	}
	params := s.question(c, target, call)
	if server.IsModernRequest(ctx) {
		return &script.SuspendError{Question: scriptSuspend{params: params, endpoint: endpoint}}
	}
	srv := server.ServerFromContext(ctx)
	session := server.ClientSessionFromContext(ctx)
	if srv == nil || session == nil {
		s.gate.logRun(ctx, target, call, class, decisionNoElicitation, "no MCP session in the request context", ref)
		return &script.PolicyError{Reason: "Refused: no MCP session to ask the person on. Nothing was sent."}
	}
	release, ok := s.gate.questions.open(session.SessionID())
	if !ok {
		s.gate.logRun(ctx, target, call, class, decisionNoElicitation, "too many questions open", ref)
		return &script.PolicyError{Reason: fmt.Sprintf("Refused: call #%d needs the person's confirmation, but %d questions are already waiting for their answer. Nothing was sent.", c.N, maxOpenQuestions)}
	}
	defer release()
	resume := c.Pause()
	defer resume()
	qctx, cancel := context.WithTimeout(ctx, s.gate.timeout)
	defer cancel()
	res, err := srv.RequestElicitation(qctx, mcp.ElicitationRequest{Params: params})
	switch {
	case err == nil && res != nil:
	case ctx.Err() != nil:
		return ctx.Err()
	case qctx.Err() != nil:
		s.gate.logRun(ctx, target, call, class, decisionUnanswered, "no answer within "+s.gate.timeout.String(), ref)
		return &script.PolicyError{Reason: fmt.Sprintf("Refused: nobody answered the confirmation of call #%d, %s %s on %s, within %s. Nothing was sent.", c.N, call.method, call.path, target.Label(), s.gate.timeout)}
	default:
		s.gate.logRun(ctx, target, call, class, decisionNoElicitation, "the question could not be asked", ref)
		return &script.PolicyError{Reason: fmt.Sprintf("Refused: the confirmation of call #%d could not be shown to the person. Nothing was sent.", c.N)}
	}
	choice, approved := scriptAnswer(res.Action, res.Content)
	s.approvals.set(c.N, endpoint, choice, approved)
	if !approved {
		s.gate.logRun(ctx, target, call, class, decisionDeclined, string(res.Action), ref)
		return declined(c, call, target, string(res.Action))
	}
	s.gate.logRun(ctx, target, call, class, decisionConfirmed, choice, ref)
	return nil
}

func declined(c *script.Call, call *apiCall, target *scopes.Target, answer string) error {
	return &script.PolicyError{Reason: fmt.Sprintf("The person did not confirm call #%d, %s %s on %s (answer: %s). Nothing was sent; do not retry unless they ask you to.", c.N, call.method, call.path, target.Label(), answer)}
}

// scriptSuspend is the question of a suspended run and the endpoint it is
// about.
type scriptSuspend struct {
	params   mcp.ElicitationParams
	endpoint string
}

// question is the elicitation for a destructive call of a script: the
// call as the call tools show it, its place in the run, and the two ways
// to say yes.
func (s *scriptSender) question(c *script.Call, target *scopes.Target, call *apiCall) mcp.ElicitationParams {
	endpoint := call.method + " " + call.path.String()
	if e, ok := call.endpoint(s.caller.Catalog); ok {
		endpoint = call.method + " " + e.Path
	}
	msg := fmt.Sprintf("Call #%d of script run %s.\n%s\nTo send it, choose %q, or %q (%s on %s).",
		c.N, c.RunID, confirmationMessage(target, call, s.gate.timeout), choiceOnce, choiceEndpoint, endpoint, target.Label())
	return mcp.ElicitationParams{
		Mode:    mcp.ElicitationModeForm,
		Message: msg,
		RequestedSchema: map[string]any{
			"type": "object",
			"properties": map[string]any{
				"approve": map[string]any{"type": "string", "title": "Send this request to Wix", "enum": []string{choiceOnce, choiceEndpoint},
					"description": "Which calls to send; decline to send none. This cannot be undone."},
			},
			"required": []string{"approve"},
		},
	}
}

// scriptAnswer reads the person's answer: approved only on accept with one
// of the two choices.
func scriptAnswer(action mcp.ElicitationResponseAction, content any) (string, bool) {
	if action != mcp.ElicitationResponseActionAccept {
		return "", false
	}
	m, _ := content.(map[string]any)
	choice, _ := m["approve"].(string)
	return choice, choice == choiceOnce || choice == choiceEndpoint
}

// Sites lists sites for wix.sites with list_sites' code.
func (s *scriptSender) Sites(ctx context.Context, name, account string) (*script.Outcome, error) {
	out := &script.Outcome{Class: string(safety.Read), Target: "every configured account"}
	if account != "" {
		out.Target = "account " + account
	}
	l, err := everySite(ctx, s.dir, name, account)
	if err != nil {
		return out, &script.PolicyError{Reason: callRefusal(err)}
	}
	if l.sites == nil {
		l.sites = []SiteSummary{}
	}
	raw, err := json.Marshal(l.sites)
	if err != nil {
		return out, fmt.Errorf("encoding sites: %w", err)
	}
	out.Sent, out.Status, out.Body = l.requests > 0, http.StatusOK, raw
	return out, nil
}

// endpointSummary is one wix.search result.
type endpointSummary struct {
	ID     string `json:"id"`
	Method string `json:"method"`
	Path   string `json:"path"`
	Title  string `json:"title"`
	Scope  string `json:"scope"`
	Class  string `json:"class"`
}

// Search is search_wix_api for scripts.
func (s *scriptSender) Search(text string, limit int) (json.RawMessage, error) {
	limit = min(max(limit, 1), searchMaxLimit)
	out := []endpointSummary{}
	for _, r := range s.caller.Catalog().Search(text, limit) {
		e := r.Endpoint
		out = append(out, endpointSummary{ID: e.ID, Method: e.Method, Path: e.Path, Title: e.Title, Scope: string(e.Scope), Class: string(e.Class)})
	}
	return json.Marshal(out)
}

// Describe is describe_wix_api for scripts, by endpoint id.
func (s *scriptSender) Describe(id string) (json.RawMessage, error) {
	e, ok := s.caller.Catalog().Get(id)
	if !ok {
		return nil, fmt.Errorf("%q is not an endpoint id of the catalog; wix.search gives ids", id)
	}
	return json.Marshal(describeEndpoint(e))
}
