package script

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Summary is the one line that precedes a run's result: the calls made by
// class and what became of them, and the time taken.
func (rep *Report) Summary(dryRun bool) string {
	counts := map[string]int{}
	var sent, dry, refused, failed int
	for _, c := range rep.Calls {
		class := c.Outcome.Class
		if class == "" {
			class = "unclassified"
		}
		counts[class]++
		var policy *PolicyError
		switch {
		case c.Outcome.DryRun:
			dry++
		case errors.As(c.Err, &policy):
			refused++
		case c.Outcome.Sent && c.Err == nil:
			sent++
		default:
			failed++
		}
	}
	var b strings.Builder
	what := "Script"
	if dryRun {
		what = "Dry run"
	}
	fmt.Fprintf(&b, "%s: %d Wix call(s)", what, len(rep.Calls))
	var parts []string
	for _, class := range []string{"read", "write", "destructive", "unclassified"} {
		if n := counts[class]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, class))
		}
	}
	if len(parts) > 0 {
		fmt.Fprintf(&b, " (%s)", strings.Join(parts, ", "))
	}
	var outcome []string
	for _, o := range []struct {
		n    int
		what string
	}{{sent, "answered"}, {dry, "not sent (dry run)"}, {refused, "refused"}, {failed, "failed"}, {rep.OverLimit, "refused over a limit"}, {rep.LateCalls, "made after the script returned, not sent"}} {
		if o.n > 0 {
			outcome = append(outcome, fmt.Sprintf("%d %s", o.n, o.what))
		}
	}
	if len(outcome) > 0 {
		fmt.Fprintf(&b, ": %s", strings.Join(outcome, ", "))
	}
	fmt.Fprintf(&b, "; %s.", rep.Elapsed.Round(time.Millisecond))
	return b.String()
}

// CallLines lists the calls, one line each, with their outcome: what an
// agent needs to know of a failed run, and the plan of a dry run.
func (rep *Report) CallLines() []string {
	lines := make([]string, 0, len(rep.Calls))
	for _, c := range rep.Calls {
		where := c.Outcome.Target
		if where == "" {
			switch {
			case c.AccountLevel && c.Account != "":
				where = "account " + c.Account
			case c.AccountLevel:
				where = "account"
			default:
				where = "site " + c.Site
			}
		}
		class := c.Outcome.Class
		if class == "" {
			class = "unclassified"
		}
		at := ""
		if c.Line > 0 {
			at = fmt.Sprintf(" (line %d)", c.Line)
		}
		line := fmt.Sprintf("#%d%s %s %s on %s [%s]: %s", c.N, at, c.Method, c.Path, where, class, c.outcomeText())
		if c.Replayed {
			line += " (answer kept from before the confirmation; not sent again)"
		}
		lines = append(lines, line)
	}
	return lines
}

func (c CallRecord) outcomeText() string {
	var (
		wixErr    *WixError
		policyErr *PolicyError
	)
	switch {
	case c.Outcome.DryRun:
		return "not sent (dry run)"
	case errors.As(c.Err, &wixErr):
		s := fmt.Sprintf("Wix answered %d", wixErr.Status)
		if wixErr.Code != "" {
			s += " " + wixErr.Code
		}
		return s + ": " + truncate(wixErr.Message, 200)
	case errors.As(c.Err, &policyErr):
		return "refused, not sent: " + truncate(policyErr.Reason, 300)
	case c.Err != nil && c.Outcome.Sent:
		return "sent, outcome unknown: " + truncate(c.Err.Error(), 200)
	case c.Err != nil:
		return "failed: " + truncate(c.Err.Error(), 200)
	}
	return fmt.Sprintf("Wix answered %d", c.Outcome.Status)
}

// Describe renders a RunError for the agent.
func (e *RunError) Describe() string {
	s := e.Name + ": " + e.Message
	if e.Line > 0 {
		s += fmt.Sprintf(" (script line %d)", e.Line)
	}
	return s
}
