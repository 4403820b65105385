package tools

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
	"github.com/rs/zerolog"

	"github.com/wix-mcp/wix-mcp/access"
	"github.com/wix-mcp/wix-mcp/catalog"
	"github.com/wix-mcp/wix-mcp/config"
	"github.com/wix-mcp/wix-mcp/metrics"
	"github.com/wix-mcp/wix-mcp/safety"
	"github.com/wix-mcp/wix-mcp/scopes"
)

// Audit decisions, as written in the audit log.
const (
	decisionSent          = "sent"
	decisionReadOnly      = "refused_read_only"
	decisionRule          = "refused_rule"
	decisionConfirmed     = "confirmed"
	decisionDeclined      = "declined"
	decisionUnanswered    = "refused_unanswered"
	decisionNoElicitation = "refused_no_elicitation"
	decisionDryRun        = "not_sent_dry_run"
)

// confirmationID keys the elicitation in the input request.
const confirmationID = "confirm_destructive"

// GateOptions configure a Gate.
type GateOptions struct {
	// Catalog refines the path heuristics that classify each call (the
	// class of the endpoint serving it); nil classifies by the heuristics
	// alone.
	Catalog func() *catalog.Catalog
	// Logger receives one audit line per write or destructive call.
	Logger zerolog.Logger
	// NoElicitation names the transport when it cannot carry a question to
	// the person (SSE, stateless HTTP), whatever the client declares; empty
	// when it can.
	NoElicitation string
	// ConfirmTimeout bounds how long a question waits for an answer; zero
	// means config.DefaultConfirmTimeout.
	ConfirmTimeout time.Duration
	// Confirmations, when set, issues and redeems the state of the input
	// requests of 2026-07-28 clients instead of this process's memory: a
	// sealed store, for stateless replicas.
	Confirmations ConfirmationStore
	// ModernOnly says only clients of protocol 2026-07-28 can be asked
	// (stateless HTTP: an older client needs a session to be asked).
	ModernOnly bool
	// Metrics counts questions and answers; nil counts nothing.
	Metrics *metrics.Recorder
}

// Gate enforces the safety policy before a call reaches Wix: path rules,
// read-only scopes, and a person's confirmation of destructive calls. It
// writes one audit line for every write and destructive call, sent or not.
// Every tool that sends a Wix request on the model's behalf goes through
// Gate.check.
type Gate struct {
	catalog       func() *catalog.Catalog
	audit         zerolog.Logger
	noElicitation string
	timeout       time.Duration
	questions     *questions
	// store issues and redeems input requests' states: questions, or
	// GateOptions.Confirmations.
	store      ConfirmationStore
	modernOnly bool
	metrics    *metrics.Recorder
}

// NewGate returns a Gate with opts.
func NewGate(opts GateOptions) *Gate {
	timeout := opts.ConfirmTimeout
	if timeout <= 0 {
		timeout = config.DefaultConfirmTimeout
	}
	g := &Gate{
		catalog:       opts.Catalog,
		audit:         opts.Logger.With().Str("log", "audit").Logger(),
		noElicitation: opts.NoElicitation,
		timeout:       timeout,
		questions:     newQuestions(),
		store:         opts.Confirmations,
		modernOnly:    opts.ModernOnly,
		metrics:       opts.Metrics,
	}
	if g.store == nil {
		g.store = g.questions
	}
	return g
}

// check decides whether call may be sent. It returns (nil, nil) to go
// ahead, a result to return instead (a question for the person), or an
// error (a refusal, which the caller renders as a tool error).
func (g *Gate) check(ctx context.Context, req mcp.CallToolRequest, target *scopes.Target, call *apiCall) (*mcp.CallToolResult, error) {
	class, confirm, err := g.decide(ctx, target, call, nil)
	if err != nil || !confirm {
		return nil, err
	}
	return g.confirm(ctx, req, target, call, class)
}

// decide applies the path rules, read-only mode and the destructive
// policy. It returns the call's class and whether a person must confirm
// it; a refusal is a *refusalError. Every decision but a plain read and a
// pending confirmation is audited; run, when set, names the script run
// and the call's number in it.
func (g *Gate) decide(ctx context.Context, target *scopes.Target, call *apiCall, run *runRef) (safety.Class, bool, error) {
	var catalogClass safety.Class
	if e, ok := call.endpoint(g.catalog); ok {
		catalogClass = e.Class
	}
	class := safety.Classify(call.method, call.path, catalogClass)
	rec := record(ctx)
	if d := target.Policy.Check(call.path); !d.Allowed {
		g.logRun(ctx, target, call, class, decisionRule, d.Rule, run)
		rec.verdict(outcomeRefused)
		return class, false, &refusalError{fmt.Sprintf("Refused before sending: %s %s on %s is %s. Only the paths this server's configuration allows can be called.", call.method, call.path, target.Label(), d.Reason)}
	}
	if class == safety.Read {
		return class, false, nil
	}
	if target.Policy.ReadOnly {
		g.logRun(ctx, target, call, class, decisionReadOnly, "", run)
		rec.verdict(outcomeRefused)
		return class, false, &refusalError{fmt.Sprintf("Refused before sending: %s %s is a %s call and %s is read-only in this server's configuration. Only reads (GET, or POST to …/query, …/search, …/count) are allowed.", call.method, call.path, class, target.Label())}
	}
	if run != nil && run.dryRun {
		g.logRun(ctx, target, call, class, decisionDryRun, "", run)
		return class, false, nil
	}
	if class != safety.Destructive || !target.Policy.ConfirmDestructive {
		g.logRun(ctx, target, call, class, decisionSent, "", run)
		return class, false, nil
	}
	return class, true, nil
}

// confirm asks the person, through MCP elicitation, whether to send a
// destructive call. Clients of protocol 2026-07-28 get an input request
// and send the call again with the answer; older clients over stdio and
// stateful HTTP are asked here and now, with the question's deadline, so an
// unanswered question never holds the call longer than ConfirmTimeout (and
// never keeps mcp-go re-invoking the handler).
func (g *Gate) confirm(ctx context.Context, req mcp.CallToolRequest, target *scopes.Target, call *apiCall, class safety.Class) (*mcp.CallToolResult, error) {
	rec := record(ctx)
	digest := callDigest(ctx, target, call)
	if answer := server.ElicitationResponse(req.Params.InputResponses, confirmationID); answer != nil {
		if err := g.store.Claim(ctx, req.Params.RequestState, digest); err != nil {
			g.metrics.Confirmation(confirmationOutcome(err))
			g.log(ctx, target, call, class, decisionDeclined, "answer refused: "+err.Error())
			rec.verdict(outcomeRefused)
			return nil, &refusalError{"Refused: the confirmation does not belong to this exact call (or was already used, or came after the question's deadline). Nothing was sent."}
		}
		return nil, g.judge(ctx, target, call, class, answer.Action, answer.Content)
	}
	if reason := g.cannotAsk(ctx); reason != "" {
		g.log(ctx, target, call, class, decisionNoElicitation, "")
		rec.verdict(outcomeRefused)
		return nil, &refusalError{fmt.Sprintf("Refused: %s %s on %s is destructive and needs a person's confirmation, but %s. Nothing was sent. To allow such calls without asking, the user can start wix-mcp with --allow-destructive (WIX_MCP_ALLOW_DESTRUCTIVE=true) or set confirm_destructive: false for this account or site in the config file.", call.method, call.path, target.Label(), reason)}
	}
	params := mcp.ElicitationParams{
		Mode:    mcp.ElicitationModeForm,
		Message: confirmationMessage(target, call, g.timeout),
		RequestedSchema: map[string]any{
			"type": "object",
			"properties": map[string]any{
				"confirm": map[string]any{"type": "boolean", "title": "Send this request to Wix", "description": "Tick to send it; this cannot be undone."},
			},
			"required": []string{"confirm"},
		},
	}
	if server.IsModernRequest(ctx) {
		state, err := g.store.Issue(ctx, digest, g.timeout)
		if err != nil {
			return nil, fmt.Errorf("issuing a confirmation state: %w", err)
		}
		g.metrics.Confirmation("asked")
		return server.NewInputRequestBuilder(state).Elicit(confirmationID, params).ToolResult(), nil
	}
	return nil, g.askNow(ctx, target, call, class, params)
}

// askNow asks a client of a protocol before 2026-07-28 with a
// server-initiated elicitation, bounded by the question's deadline. A
// session may have only a few questions open at once, so that questions
// nobody answers cannot occupy every worker of the stdio transport.
func (g *Gate) askNow(ctx context.Context, target *scopes.Target, call *apiCall, class safety.Class, params mcp.ElicitationParams) error {
	srv := server.ServerFromContext(ctx)
	session := server.ClientSessionFromContext(ctx)
	if srv == nil || session == nil {
		return errors.New("gate: no MCP server or session in the request context")
	}
	release, ok := g.questions.open(session.SessionID())
	if !ok {
		return g.tooManyQuestions(ctx, target, call, class)
	}
	defer release()
	qctx, cancel := context.WithTimeout(ctx, g.timeout)
	defer cancel()
	g.metrics.Confirmation("asked")
	answer, err := srv.RequestElicitation(qctx, mcp.ElicitationRequest{Params: params})
	switch {
	case err == nil && answer != nil:
		return g.judge(ctx, target, call, class, answer.Action, answer.Content)
	case ctx.Err() != nil:
		return ctx.Err() // the client gave up on the call itself
	case qctx.Err() != nil:
		g.metrics.Confirmation("expired")
		g.log(ctx, target, call, class, decisionUnanswered, "no answer within "+g.timeout.String())
		record(ctx).verdict(outcomeDeclined)
		return &refusalError{fmt.Sprintf("Refused: nobody answered the confirmation of %s %s on %s within %s. Nothing was sent; ask the person before trying again.", call.method, call.path, target.Label(), g.timeout)}
	}
	g.log(ctx, target, call, class, decisionNoElicitation, "the question could not be asked")
	record(ctx).verdict(outcomeRefused)
	return &refusalError{fmt.Sprintf("Refused: the confirmation of %s %s on %s could not be shown to the person. Nothing was sent.", call.method, call.path, target.Label())}
}

// judge turns the person's answer into a go-ahead (nil) or a refusal.
func (g *Gate) judge(ctx context.Context, target *scopes.Target, call *apiCall, class safety.Class, action mcp.ElicitationResponseAction, content any) error {
	fields, _ := content.(map[string]any)
	confirmed, _ := fields["confirm"].(bool)
	if action == mcp.ElicitationResponseActionAccept && confirmed {
		g.metrics.Confirmation("accepted")
		g.log(ctx, target, call, class, decisionConfirmed, "")
		return nil
	}
	g.metrics.Confirmation("declined")
	g.log(ctx, target, call, class, decisionDeclined, string(action))
	record(ctx).verdict(outcomeDeclined)
	answer := string(action)
	if action == mcp.ElicitationResponseActionAccept {
		answer = "accepted without ticking the box"
	}
	return &refusalError{fmt.Sprintf("The person did not confirm %s %s on %s (answer: %s). Nothing was sent; do not retry unless they ask you to.", call.method, call.path, target.Label(), answer)}
}

func (g *Gate) tooManyQuestions(ctx context.Context, target *scopes.Target, call *apiCall, class safety.Class) error {
	g.log(ctx, target, call, class, decisionNoElicitation, "too many questions open")
	return &refusalError{fmt.Sprintf("Refused: %s %s needs the person's confirmation, but %d questions are already waiting for their answer. Nothing was sent; wait for those answers first.", call.method, call.path, maxOpenQuestions)}
}

// cannotAsk says why no question can reach the person now, or "".
func (g *Gate) cannotAsk(ctx context.Context) string {
	if g.noElicitation != "" {
		return "the " + g.noElicitation + " transport cannot carry a question to the person (whatever the client supports); use stdio or stateful streamable HTTP to be asked"
	}
	if info := server.RequestProtocolInfoFromContext(ctx); info != nil && info.Modern {
		if info.ClientCapabilities == nil || info.ClientCapabilities.Elicitation == nil {
			return "this client did not declare MCP elicitation, so it cannot ask"
		}
		return ""
	}
	if g.modernOnly {
		return "the stateless HTTP transport cannot carry a question to this client: it speaks a protocol before 2026-07-28, whose questions need a session (clients of 2026-07-28 are asked; or use stateful streamable HTTP)"
	}
	session := server.ClientSessionFromContext(ctx)
	if _, ok := session.(server.SessionWithElicitation); !ok {
		return "this connection cannot carry a question to the person"
	}
	withInfo, ok := session.(server.SessionWithClientInfo)
	if !ok || withInfo.GetClientCapabilities().Elicitation == nil {
		return "this client did not declare MCP elicitation, so it cannot ask"
	}
	return ""
}

// callDigest identifies one call of one user in one MCP session (none
// over stateless HTTP), so an answer counts only for the call it was asked
// about, by whoever asked it.
func callDigest(ctx context.Context, target *scopes.Target, call *apiCall) string {
	session := ""
	if s := server.ClientSessionFromContext(ctx); s != nil {
		session = s.SessionID()
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s\x00%s\x00%s\x00", access.NameFrom(ctx), session, target.Scope, call.method, call.path, call.query.Encode())
	h.Write(call.body)
	return hex.EncodeToString(h.Sum(nil))
}

// log writes the audit line: never a body value, only its top-level keys.
func (g *Gate) log(ctx context.Context, target *scopes.Target, call *apiCall, class safety.Class, decision, detail string) {
	g.logRun(ctx, target, call, class, decision, detail, nil)
}

// runRef names a call of a script run in its audit line; in a dry run
// writes are recorded, not sent.
type runRef struct {
	id     string
	n      int
	dryRun bool
}

// logRun is log for a call that may belong to a script run.
func (g *Gate) logRun(ctx context.Context, target *scopes.Target, call *apiCall, class safety.Class, decision, detail string, run *runRef) {
	ev := g.audit.Info()
	if user := access.NameFrom(ctx); user != "" {
		ev = ev.Str("user", user)
	}
	ev = ev.Str("scope", target.Scope.String()).Str("method", call.method).Str("path", call.path.String()).
		Str("class", string(class)).Str("decision", decision).Strs("body_keys", bodyKeys(call.body))
	if target.Account != "" {
		ev = ev.Str("account", target.Account)
	}
	if detail != "" {
		ev = ev.Str("detail", detail)
	}
	if run != nil {
		ev = ev.Str("run_id", run.id).Int("run_call", run.n)
	}
	ev.Msg("wix call audit")
}

func bodyKeys(body json.RawMessage) []string {
	var obj map[string]json.RawMessage
	if json.Unmarshal(body, &obj) != nil {
		return []string{}
	}
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, safeLine(k, 80))
	}
	sort.Strings(keys)
	return keys
}
