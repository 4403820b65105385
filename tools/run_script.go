package tools

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
	"github.com/rs/zerolog"

	"github.com/wix-mcp/wix-mcp/scopes"
	"github.com/wix-mcp/wix-mcp/script"
	"github.com/wix-mcp/wix-mcp/untrusted"
)

// scriptConfirmationID keys a script's confirmation in the input request.
const scriptConfirmationID = "confirm_script_call"

// maxListedCalls bounds the call lines in one result; the summary line
// still counts them all.
const maxListedCalls = 60

const runScriptDescription = "Run an async JavaScript function body against Wix in one call; it returns the result. " +
	"Global `wix`: sites({name, account}); site(idOrAlias), account(name) handles with get/post/put/patch/delete(path, [body], query), request({method, path, query, body}); search(text), describe(id). " +
	"Failures reject as WixError or PolicyError; console.log is returned. Every call passes call_site_api's checks; destructive ones ask the person."

// RunScript is the run_wix_script tool.
func RunScript(dir *scopes.Directory, c *Caller, limits script.Limits, logger zerolog.Logger) (mcp.Tool, server.ToolHandlerFunc) {
	lim := limits.WithDefaults()
	desc := runScriptDescription + fmt.Sprintf(" Per run: %s, %d calls.", lim.WallTime, lim.MaxCalls)
	if c.ReadOnly {
		desc += " This server is read-only: scripts can only read."
	}
	t := mcp.NewTool("run_wix_script",
		mcp.WithDescription(desc),
		withTitle("Run a Wix script"),
		mcp.WithReadOnlyHintAnnotation(false),
		mcp.WithDestructiveHintAnnotation(!c.ReadOnly),
		mcp.WithIdempotentHintAnnotation(false),
		mcp.WithOpenWorldHintAnnotation(true),
		mcp.WithString("script", mcp.Required(), mcp.Description("Async function body using `wix`; `return` the result.")),
		mcp.WithBoolean("dry_run", mcp.Description("Send reads only; list writes as a plan.")),
	)
	runs := newRunStore(c.Gate.timeout)
	return t, func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		// The script is taken as sent, not trimmed, so the line numbers of
		// its errors are the lines the model wrote.
		src, _ := req.GetArguments()["script"].(string)
		if strings.TrimSpace(src) == "" {
			return toolError(argErrorf("script is required: the body of an async JavaScript function, e.g. return (await wix.sites()).length"))
		}
		dryRun, err := optionalBool(req, "dry_run")
		if err != nil {
			return toolError(err)
		}
		opts := script.Options{Script: src, DryRun: dryRun, Limits: lim}
		sender := &scriptSender{dir: dir, caller: c, gate: c.Gate, logger: logger, approvals: newApprovals()}
		digest := scriptDigest(ctx, src, dryRun)
		if answer := server.ElicitationResponse(req.Params.InputResponses, scriptConfirmationID); answer != nil {
			p, ok := runs.claim(req.Params.RequestState, digest)
			if !ok {
				return mcp.NewToolResultError("Refused: this confirmation does not belong to a run of this exact script in this session (or it expired or was already used). Nothing more was sent; run the script again to start over."), nil
			}
			choice, approved := scriptAnswer(answer.Action, answer.Content)
			p.approvals.set(p.pending.N, p.endpoint, choice, approved)
			sender.approvals = p.approvals
			opts.RunID, opts.Seed, opts.Replay, opts.Pending = p.runID, p.seed, p.recorded, &p.pending
		} else {
			opts.RunID, opts.Seed = newRunID()
		}
		rep := script.Run(ctx, opts, sender, sender)
		if s := rep.Suspended; s != nil {
			q, ok := s.Question.(scriptSuspend)
			if !ok {
				return nil, fmt.Errorf("a script run was suspended with a %T", s.Question)
			}
			record(ctx).verdict(outcomeAsked)
			state := runs.put(&pendingRun{digest: digest, runID: opts.RunID, seed: opts.Seed, recorded: s.Recorded,
				pending: script.Pending{N: s.N, Key: s.Key}, endpoint: q.endpoint, approvals: sender.approvals})
			return server.NewInputRequestBuilder(state).Elicit(scriptConfirmationID, q.params).ToolResult(), nil
		}
		return renderRun(rep, dryRun, c.MaxChars)
	}
}

// newRunID returns a run's ID and the seed of its Math.random.
func newRunID() (string, int64) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return hex.EncodeToString(b[:8]), int64(binary.LittleEndian.Uint64(b[8:]) >> 1) //nolint:gosec // G115: shifted into range
}

// renderRun builds the result: the summary line, the return value capped
// and fenced like any Wix answer, then (fenced) the calls of a dry run or
// of a failed run, console output and unhandled rejections.
func renderRun(rep *script.Report, dryRun bool, maxChars int) (*mcp.CallToolResult, error) {
	summary := rep.Summary(dryRun)
	var extra strings.Builder
	if dryRun || rep.Error != nil {
		lines := rep.CallLines()
		if len(lines) > 0 {
			head := "Calls the script made, with their outcomes (writes listed as answered were sent):"
			if dryRun {
				head = "Calls the script would make (reads were sent; nothing else was):"
			}
			if len(lines) > maxListedCalls {
				lines = append(lines[:maxListedCalls], fmt.Sprintf("… and %d more calls", len(lines)-maxListedCalls))
			}
			fmt.Fprintf(&extra, "\n%s\n%s", head, untrusted.Wrap(strings.Join(lines, "\n")))
		}
	}
	if len(rep.Unhandled) > 0 {
		fmt.Fprintf(&extra, "\nPromise rejections the script never handled:\n%s", untrusted.Wrap(strings.Join(rep.Unhandled, "\n")))
	}
	if len(rep.Console) > 0 {
		fmt.Fprintf(&extra, "\nConsole output (%d line(s)", len(rep.Console))
		if rep.ConsoleDropped > 0 {
			fmt.Fprintf(&extra, "; %d more dropped over the limit", rep.ConsoleDropped)
		}
		fmt.Fprintf(&extra, "):\n%s", untrusted.Wrap(untrusted.Sanitize(strings.Join(rep.Console, "\n"))))
	}
	if e := rep.Error; e != nil {
		var b strings.Builder
		what := "The script threw"
		if e.Limit {
			what = "The run was stopped"
		}
		fmt.Fprintf(&b, "%s: %s", what, e.Name)
		if e.Line > 0 {
			fmt.Fprintf(&b, " at script line %d", e.Line)
		}
		fmt.Fprintf(&b, ". %s\nError message:\n%s", summary, untrusted.Wrap(untrusted.Sanitize(e.Message)))
		b.WriteString(extra.String())
		return mcp.NewToolResultError(b.String()), nil
	}
	if rep.Result == nil {
		return mcp.NewToolResultText(summary + " The script returned nothing (undefined)." + extra.String()), nil
	}
	what := strings.TrimSuffix(summary, ".") + ". The script returned"
	res, err := renderAnswer(rep.Result, nil, max(maxChars-extra.Len(), maxChars/2), what)
	if err != nil || res == nil {
		return res, err
	}
	if extra.Len() > 0 {
		res.Content = append(res.Content, mcp.NewTextContent(strings.TrimPrefix(extra.String(), "\n")))
	}
	return res, nil
}
