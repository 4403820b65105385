// Package script runs the short JavaScript programs of the run_wix_script
// tool: one async function, a fresh runtime per run, and one global `wix`
// whose every request goes through a Sender that the caller implements
// over its safety gate. The package owns the runtime, the limits, the `wix`
// global and the report of what a run did; it knows nothing of MCP or of
// Wix's keys.
//
// The engine is github.com/dop251/goja: pure Go (no cgo), interruptible
// from another goroutine, with a bounded call stack, and with no network,
// file or timer APIs unless the host adds them (this package adds none).
package script

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/url"

	"github.com/wix-mcp/wix-mcp/config"
)

// Limits bound one run; config owns them and their defaults. Zero fields
// take config's defaults.
type Limits = config.ScriptLimits

// Call is one Wix request a script makes, as the script wrote it.
type Call struct {
	// N is the call's number in the run, from 1, in the order the script
	// made the calls.
	N int
	// RunID identifies the run, for audit lines.
	RunID string
	// Site is the site ID or alias of a site handle; empty for an account.
	Site string
	// Account is the account name of an account handle ("" picks the only
	// configured account); unused for a site handle.
	Account string
	// AccountLevel says the call goes through an account handle.
	AccountLevel bool
	Method, Path string
	Query        url.Values
	// Body is the JSON body; nil sends none.
	Body json.RawMessage
	// DryRun says writes and destructive calls must not be sent.
	DryRun bool
	// NoValidate skips the host's pre-send check of the body and query
	// against the endpoint catalog (request({ validate: false })).
	NoValidate bool
	// Pause stops the run's wall clock while a person is asked; call the
	// function it returns when they have answered.
	Pause func() (resume func())
}

// Key identifies a call by what it would send, so a replayed run can
// prove it makes the same call as the run it repeats.
func (c *Call) Key() string {
	h := sha256.New()
	fmt.Fprintf(h, "%t\x00%s\x00%s\x00%s\x00%s\x00%s\x00", c.AccountLevel, c.Site, c.Account, c.Method, c.Path, c.Query.Encode())
	h.Write(c.Body)
	return hex.EncodeToString(h.Sum(nil))
}

// Outcome is what became of one call.
type Outcome struct {
	// Class is read, write or destructive; empty when the call was refused
	// before it was classified.
	Class string
	// Target names where the call went, for people ("site Bakery (id)").
	Target string
	// Sent says the request reached Wix.
	Sent bool
	// DryRun says the call was not sent because the run is a dry run.
	DryRun bool
	// Status is Wix's HTTP status; 0 when nothing came back.
	Status int
	// Body is Wix's answer (JSON); empty for an empty answer.
	Body []byte
	// RequestID is Wix's request ID, when Wix sent one.
	RequestID string
}

// Sender sends one call through the host's safety gate. It returns the
// outcome (never nil) and, when the call failed or was refused, a
// *WixError, a *PolicyError, a *SuspendError or another error.
type Sender interface {
	Send(ctx context.Context, c *Call) (*Outcome, error)
}

// Host answers wix.sites, wix.search and wix.describe; each returns JSON
// for the script.
type Host interface {
	// Sites lists the sites of every configured account (or of one), as
	// list_sites gives them; name filters as list_sites does. The outcome
	// says what was sent (Query Sites, possibly several pages).
	Sites(ctx context.Context, name, account string) (*Outcome, error)
	// Search finds endpoints in the offline catalog.
	Search(text string, limit int) (json.RawMessage, error)
	// Describe describes one endpoint of the offline catalog.
	Describe(id string) (json.RawMessage, error)
}

// WixError is a non-2xx answer from Wix; in the script it rejects the
// call with an Error named WixError carrying these fields.
type WixError struct {
	Status    int
	Code      string
	Message   string
	RequestID string
	Details   json.RawMessage
}

func (e *WixError) Error() string {
	return fmt.Sprintf("Wix answered %d %s: %s", e.Status, e.Code, e.Message)
}

// PolicyError is a call refused before it was sent: by the safety policy,
// by a person, or by a limit of the run. Nothing was sent.
type PolicyError struct{ Reason string }

func (e *PolicyError) Error() string { return e.Reason }

// SuspendError asks the engine to stop the run and hand a question to the
// person: the host cannot ask mid-run (MCP protocol 2026-07-28 asks by
// ending the request), so the run is stopped, and repeated with the answer
// and the recorded outcomes of the calls already made (see Options.Replay).
type SuspendError struct {
	// Question is what the host will ask; the engine does not read it.
	Question any
}

func (e *SuspendError) Error() string { return "the run needs a person's answer" }

// Recorded is a finished call of an earlier round of the same run.
type Recorded struct {
	Key     string
	Outcome Outcome
	// Wix or Policy is set when the call failed that way; Other holds any
	// other failure's message.
	Wix    *WixError
	Policy *PolicyError
	Other  string
}

func (r Recorded) err() error {
	switch {
	case r.Wix != nil:
		return r.Wix
	case r.Policy != nil:
		return r.Policy
	case r.Other != "":
		return fmt.Errorf("%s", r.Other)
	}
	return nil
}

func record(key string, out Outcome, err error) Recorded {
	r := Recorded{Key: key, Outcome: out}
	switch e := err.(type) {
	case nil:
	case *WixError:
		r.Wix = e
	case *PolicyError:
		r.Policy = e
	default:
		r.Other = err.Error()
	}
	return r
}

// Options are one run's inputs.
type Options struct {
	// Script is the body of an async function.
	Script string
	// DryRun sends reads only; writes resolve to {"dryRun": true}.
	DryRun bool
	// RunID names the run in audit lines and the report.
	RunID string
	// Seed seeds Math.random, so a replayed run draws the same numbers.
	Seed int64
	// Replay holds, by call number, the finished calls of an earlier round
	// of this run: a call that sends exactly what one of them sent is
	// answered from it and not sent again.
	Replay map[int]Recorded
	// Pending is the call an earlier round stopped at; the first call of
	// this round that sends the same thing gets its number, so the host
	// can apply the person's answer to it.
	Pending *Pending
	Limits  Limits
}

// Pending names the call a suspended run stopped at.
type Pending struct {
	N   int
	Key string
}
