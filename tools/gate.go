package tools

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
	"github.com/rs/zerolog"

	"github.com/wix-mcp/wix-mcp/catalog"
	"github.com/wix-mcp/wix-mcp/safety"
	"github.com/wix-mcp/wix-mcp/scopes"
	"github.com/wix-mcp/wix-mcp/untrusted"
)

// Audit decisions, as written in the audit log.
const (
	decisionSent          = "sent"
	decisionReadOnly      = "refused_read_only"
	decisionRule          = "refused_rule"
	decisionConfirmed     = "confirmed"
	decisionDeclined      = "declined"
	decisionNoElicitation = "refused_no_elicitation"
)

// confirmationID keys the elicitation in the input request.
const confirmationID = "confirm_destructive"

// pendingTTL bounds how long a question to a person stays answerable.
const pendingTTL = 15 * time.Minute

// maxPending bounds the questions waiting for an answer; past it the oldest
// are forgotten (their answers are then refused, and nothing is sent).
const maxPending = 1000

// Gate enforces the safety policy before a call reaches Wix: path rules,
// read-only scopes, and a person's confirmation of destructive calls. It
// writes one audit line for every write and destructive call, sent or not.
type Gate struct {
	classifier safety.Classifier
	audit      zerolog.Logger
	// noElicitation is set when the transport cannot carry a question to
	// the person (SSE, stateless HTTP), whatever the client declares.
	noElicitation bool

	mu sync.Mutex
	// pending holds the questions asked and not yet answered, keyed by the
	// opaque state sent with them, so an answer is accepted only for the
	// exact call it was asked about, once.
	pending map[string]pendingCall
}

type pendingCall struct {
	digest  string
	expires time.Time
}

// NewGate returns a Gate that classifies with the endpoint catalog, falling
// back to path heuristics, and audits to logger.
func NewGate(logger zerolog.Logger, noElicitation bool) *Gate {
	return &Gate{
		classifier:    safety.Classifier{Catalog: catalogLookup{}},
		audit:         logger.With().Str("log", "audit").Logger(),
		noElicitation: noElicitation,
		pending:       map[string]pendingCall{},
	}
}

// catalogLookup lets the safety classifier use the catalog's per-endpoint
// classification. DELETE is destructive whatever the catalog says.
type catalogLookup struct{}

func (catalogLookup) Classify(method, path string) (safety.Class, bool) {
	e, ok := catalog.Default().Match(method, path)
	if !ok {
		return "", false
	}
	if method == "DELETE" {
		return safety.Destructive, true
	}
	return safety.Class(e.Class), true
}

// check decides whether call may be sent. It returns (nil, nil) to go
// ahead, a result to return instead (a refusal, or a question for the
// person), or an error.
func (g *Gate) check(ctx context.Context, req mcp.CallToolRequest, target *scopes.Target, call *apiCall) (*mcp.CallToolResult, error) {
	class := g.classifier.Classify(call.method, call.path)
	if d := target.Policy.Check(call.path); !d.Allowed {
		g.log(target, call, class, decisionRule, d.Rule)
		return nil, &refusalError{fmt.Sprintf("Refused before sending: %s %s on %s is %s. Only the paths this server's configuration allows can be called.", call.method, call.path, target.Label(), d.Reason)}
	}
	if class == safety.Read {
		return nil, nil
	}
	if target.Policy.ReadOnly {
		g.log(target, call, class, decisionReadOnly, "")
		return nil, &refusalError{fmt.Sprintf("Refused before sending: %s %s is a %s call and %s is read-only in this server's configuration. Only reads (GET, or POST to …/query, …/search, …/count) are allowed.", call.method, call.path, class, target.Label())}
	}
	if class != safety.Destructive || !target.Policy.ConfirmDestructive {
		g.log(target, call, class, decisionSent, "")
		return nil, nil
	}
	return g.confirm(ctx, req, target, call, class)
}

// confirm asks the person, through MCP elicitation, whether to send a
// destructive call. The handler is re-invoked with the answer: for clients
// of protocol 2026-07-28 by the client, for older ones by mcp-go's bridge.
func (g *Gate) confirm(ctx context.Context, req mcp.CallToolRequest, target *scopes.Target, call *apiCall, class safety.Class) (*mcp.CallToolResult, error) {
	digest := callDigest(ctx, target, call)
	if answer := server.ElicitationResponse(req.Params.InputResponses, confirmationID); answer != nil {
		if !g.claim(req.Params.RequestState, digest) {
			g.log(target, call, class, decisionDeclined, "answer does not match a pending question")
			return nil, &refusalError{"Refused: the confirmation does not belong to this exact call (or was already used). Nothing was sent."}
		}
		content, _ := answer.Content.(map[string]any)
		confirmed, _ := content["confirm"].(bool)
		if answer.Action == mcp.ElicitationResponseActionAccept && confirmed {
			g.log(target, call, class, decisionConfirmed, "")
			return nil, nil
		}
		g.log(target, call, class, decisionDeclined, string(answer.Action))
		return nil, &refusalError{fmt.Sprintf("The person did not confirm %s %s on %s (answer: %s). Nothing was sent; do not retry unless they ask you to.", call.method, call.path, target.Label(), answer.Action)}
	}
	if !g.canElicit(ctx) {
		g.log(target, call, class, decisionNoElicitation, "")
		return nil, &refusalError{fmt.Sprintf("Refused: %s %s on %s is destructive and needs a person's confirmation, but this client cannot ask (no MCP elicitation support on this connection). Nothing was sent. To allow such calls without asking, the user can start wix-mcp with --allow-destructive (WIX_MCP_ALLOW_DESTRUCTIVE=true) or set confirm_destructive: false for this account or site in the config file.", call.method, call.path, target.Label())}
	}
	state := g.remember(digest)
	return server.NewInputRequestBuilder(state).Elicit(confirmationID, mcp.ElicitationParams{
		Mode:    mcp.ElicitationModeForm,
		Message: confirmationMessage(target, call),
		RequestedSchema: map[string]any{
			"type": "object",
			"properties": map[string]any{
				"confirm": map[string]any{"type": "boolean", "title": "Send this request to Wix", "description": "Tick to send it; this cannot be undone."},
			},
			"required": []string{"confirm"},
		},
	}).ToolResult(), nil
}

// canElicit reports whether a question can reach the person now.
func (g *Gate) canElicit(ctx context.Context) bool {
	if g.noElicitation {
		return false
	}
	if info := server.RequestProtocolInfoFromContext(ctx); info != nil && info.Modern {
		return info.ClientCapabilities != nil && info.ClientCapabilities.Elicitation != nil
	}
	session := server.ClientSessionFromContext(ctx)
	if _, ok := session.(server.SessionWithElicitation); !ok {
		return false
	}
	withInfo, ok := session.(server.SessionWithClientInfo)
	return ok && withInfo.GetClientCapabilities().Elicitation != nil
}

func (g *Gate) remember(digest string) string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	state := hex.EncodeToString(b[:])
	g.mu.Lock()
	defer g.mu.Unlock()
	now := time.Now()
	g.prune(now)
	g.pending[state] = pendingCall{digest: digest, expires: now.Add(pendingTTL)}
	return state
}

// prune forgets expired questions and, over maxPending, the oldest ones.
func (g *Gate) prune(now time.Time) {
	for k, p := range g.pending {
		if now.After(p.expires) {
			delete(g.pending, k)
		}
	}
	for len(g.pending) >= maxPending {
		oldest, at := "", now.Add(pendingTTL)
		for k, p := range g.pending {
			if p.expires.Before(at) {
				oldest, at = k, p.expires
			}
		}
		delete(g.pending, oldest)
	}
}

// claim consumes a pending question's state if it was asked about this
// exact call and has not expired.
func (g *Gate) claim(state, digest string) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	p, ok := g.pending[state]
	delete(g.pending, state)
	g.prune(time.Now())
	return ok && p.digest == digest && time.Now().Before(p.expires)
}

// callDigest identifies one call of one MCP session, so an answer counts
// only for the call it was asked about, in the session that asked.
func callDigest(ctx context.Context, target *scopes.Target, call *apiCall) string {
	session := ""
	if s := server.ClientSessionFromContext(ctx); s != nil {
		session = s.SessionID()
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s\x00%s\x00", session, target.Scope, call.method, call.path, call.query.Encode())
	h.Write(call.body)
	return hex.EncodeToString(h.Sum(nil))
}

// confirmationMessage is what the person reads before saying yes.
func confirmationMessage(target *scopes.Target, call *apiCall) string {
	var b strings.Builder
	fmt.Fprintf(&b, "An AI agent wants to make a destructive Wix call.\nWhere: %s\nRequest: %s %s", target.Label(), call.method, call.path)
	if len(call.query) > 0 {
		fmt.Fprintf(&b, "?%s", call.query.Encode())
	}
	if len(call.body) > 0 {
		// The body is the model's, which may have copied hidden characters
		// from Wix data: show the person what will really be sent.
		summary := untrusted.Sanitize(string(call.body))
		if r := []rune(summary); len(r) > 300 {
			summary = string(r[:300]) + "… (" + fmt.Sprint(len(call.body)) + " bytes)"
		}
		fmt.Fprintf(&b, "\nBody: %s", summary)
	}
	b.WriteString("\nThis cannot be undone. Send it?")
	return b.String()
}

// log writes the audit line: never a body value, only its top-level keys.
func (g *Gate) log(target *scopes.Target, call *apiCall, class safety.Class, decision, detail string) {
	ev := g.audit.Info().Str("scope", target.Scope.String()).Str("method", call.method).Str("path", call.path).
		Str("class", string(class)).Str("decision", decision).Strs("body_keys", bodyKeys(call.body))
	if target.Account != "" {
		ev = ev.Str("account", target.Account)
	}
	if detail != "" {
		ev = ev.Str("detail", detail)
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
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
