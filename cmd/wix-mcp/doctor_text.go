package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
)

// writeDoctorText prints the report for people: the settings in force, a
// table with one line per check, then each failure with its hint.
func writeDoctorText(w io.Writer, rep *doctorReport) {
	fmt.Fprintf(w, "wix-mcp doctor (version %s)\n", rep.Version)
	if len(rep.Problems) > 0 {
		fmt.Fprintln(w, "invalid configuration (the server would not start, exit code 2):")
		for _, p := range rep.Problems {
			fmt.Fprintln(w, "  - "+p)
		}
		return
	}
	fmt.Fprintf(w, "configuration: %s\n", rep.Source)
	fmt.Fprintf(w, "Wix API:       %s\n", rep.BaseURL)
	fmt.Fprintf(w, "server-wide:   read-only %s; destructive calls %s\n", yesNo(rep.ReadOnly), destructiveMode(rep.AllowDestructive))
	for _, warning := range rep.Warnings {
		fmt.Fprintln(w, "warning: "+warning)
	}
	fmt.Fprintln(w)

	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SCOPE\tNAME\tID\tKEY SOURCE\tRESULT\tSITES\tREAD-ONLY\tPATH RULES")
	for _, c := range rep.Checks {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n",
			c.Scope, orDash(c.Name), c.ID, orDash(c.KeySource), shortResult(c), siteCount(c), yesNo(c.ReadOnly), pathRules(c))
	}
	tw.Flush()

	failed := 0
	for _, c := range rep.Checks {
		if !c.OK {
			failed++
		}
	}
	var details []string
	for _, c := range rep.Checks {
		label := c.Scope + " " + orDash(c.Name)
		if c.Error != nil {
			d := label + ": " + c.Error.Message
			if c.Error.Hint != "" {
				d += "\n    hint: " + c.Error.Hint
			}
			details = append(details, d)
		}
		for _, n := range c.Notes {
			details = append(details, label+": "+n)
		}
	}
	if len(details) > 0 {
		fmt.Fprintln(w)
		for _, d := range details {
			fmt.Fprintln(w, "  "+d)
		}
	}
	fmt.Fprintln(w)
	switch {
	case len(rep.Checks) == 0:
		fmt.Fprintln(w, "Nothing to check.")
	case failed == 0:
		fmt.Fprintf(w, "All %d checks passed.\n", len(rep.Checks))
	default:
		fmt.Fprintf(w, "%d of %d checks failed.\n", failed, len(rep.Checks))
	}
}

// shortResult fits a check's outcome in a table cell: "ok", or the status
// and Wix's code; the message and hint follow the table.
func shortResult(c doctorCheck) string {
	switch {
	case c.OK:
		return "ok"
	case c.Error == nil:
		return "FAILED"
	case c.Error.Status != 0:
		return strings.TrimSpace("FAILED " + strconv.Itoa(c.Error.Status) + " " + c.Error.Code)
	}
	return "FAILED (no answer)"
}

func siteCount(c doctorCheck) string {
	if c.Sites == nil {
		return "-"
	}
	n := strconv.Itoa(*c.Sites)
	if c.MoreSites {
		n += "+"
	}
	return n
}

func pathRules(c doctorCheck) string {
	var parts []string
	if len(c.Allow) > 0 {
		parts = append(parts, "allow "+strings.Join(c.Allow, " and "))
	}
	if len(c.Deny) > 0 {
		parts = append(parts, "deny "+strings.Join(c.Deny, ","))
	}
	if len(parts) == 0 {
		return "-"
	}
	return strings.Join(parts, "; ")
}

func destructiveMode(allow bool) string {
	if allow {
		return "sent without asking (unless a scope sets confirm_destructive)"
	}
	return "need a person's confirmation"
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
