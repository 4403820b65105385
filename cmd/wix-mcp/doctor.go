package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"

	"github.com/rs/zerolog"

	"github.com/wix-mcp/wix-mcp/config"
	"github.com/wix-mcp/wix-mcp/scopes"
	"github.com/wix-mcp/wix-mcp/wixclient"
)

// The harmless reads doctor makes: one per account and one per site.
const (
	doctorAccountCall = "POST /site-list/v2/sites/query"
	doctorSiteCall    = "GET /site-properties/v4/properties"
	sitePropsPath     = "/site-properties/v4/properties"
	// doctorParallel bounds the checks in flight, so a config with many
	// sites neither waits for each in turn nor floods Wix.
	doctorParallel = 4
)

// doctorReport is what doctor found; --json prints it as is.
type doctorReport struct {
	Version string `json:"version"`
	// OK is true when the configuration is valid and every check passed.
	OK bool `json:"ok"`
	// Source says where accounts and sites came from: "file PATH",
	// "environment" or "sandbox".
	Source           string        `json:"source,omitempty"`
	BaseURL          string        `json:"baseUrl,omitempty"`
	Sandbox          bool          `json:"sandbox"`
	ReadOnly         bool          `json:"readOnly"`
	AllowDestructive bool          `json:"allowDestructive"`
	Warnings         []string      `json:"warnings,omitempty"`
	Problems         []string      `json:"problems,omitempty"`
	Checks           []doctorCheck `json:"checks"`
}

// doctorCheck is the result of one account's or site's read call, with the
// policy in force there.
type doctorCheck struct {
	Scope     string `json:"scope"`
	Name      string `json:"name"`
	ID        string `json:"id"`
	KeySource string `json:"keySource"`
	Call      string `json:"call"`
	OK        bool   `json:"ok"`
	// Error is the failure, with Wix's status and hint when Wix answered.
	Error *doctorError `json:"error,omitempty"`
	// Sites counts the sites an account's key sees (accounts only); with
	// MoreSites the account has more than one page of them.
	Sites     *int `json:"sites,omitempty"`
	MoreSites bool `json:"moreSites,omitempty"`
	// SiteName is the site's display name from Site Properties.
	SiteName           string   `json:"siteName,omitempty"`
	ReadOnly           bool     `json:"readOnly"`
	Allow              []string `json:"allow,omitempty"`
	Deny               []string `json:"deny,omitempty"`
	ConfirmDestructive bool     `json:"confirmDestructive"`
	Notes              []string `json:"notes,omitempty"`

	siteIDs map[string]bool // an account's sites, when it has one page only
}

// doctorError describes a failed check without ever holding the key
// (wixclient redacts Wix's text).
type doctorError struct {
	Status    int    `json:"status,omitempty"`
	Code      string `json:"code,omitempty"`
	Message   string `json:"message"`
	RequestID string `json:"requestId,omitempty"`
	Hint      string `json:"hint,omitempty"`
}

// runDoctor loads the configuration exactly as the server does, makes one
// harmless read per configured account and site, and reports the results.
// It exits 0 when everything works, 1 when a check fails and 2 when the
// configuration is invalid.
func runDoctor(ctx context.Context, args []string, stdout, stderr io.Writer, getenv config.Environment) int {
	asJSON, serverArgs := splitJSONFlag(args)
	if wantsHelp(serverArgs) {
		fmt.Fprintln(stdout, "Usage: wix-mcp doctor [--json] [server flags]\n\nChecks the configuration the server would load (same flags, variables and --config file),\nthen makes one harmless read call per account and site. Exit 0: all well; 1: a check failed;\n2: invalid configuration.\n\n  --json  print the report as JSON\n\nServer flags:")
		writeFlags(stdout, config.NewFlagSet("wix-mcp", io.Discard))
		return exitOK
	}
	rep := &doctorReport{Version: version, Checks: []doctorCheck{}}
	code := diagnose(ctx, rep, serverArgs, getenv)
	if asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			fmt.Fprintln(stderr, "wix-mcp doctor:", err)
			return exitFailed
		}
		return code
	}
	writeDoctorText(stdout, rep)
	return code
}

// diagnose fills rep and returns the exit code.
func diagnose(ctx context.Context, rep *doctorReport, args []string, getenv config.Environment) int {
	cfg, err := config.Load(args, getenv, io.Discard)
	if err != nil {
		var cfgErr *config.Error
		if errors.As(err, &cfgErr) {
			rep.Problems = cfgErr.Problems
		} else {
			rep.Problems = []string{err.Error()}
		}
		return exitConfig
	}
	rep.Warnings = cfg.Warnings
	switch {
	case cfg.Sandbox:
		stop, err := startSandbox(cfg, zerolog.Nop())
		if err != nil {
			rep.Problems = []string{"cannot start the sandbox: " + err.Error()}
			return exitFailed
		}
		defer stop()
		rep.Source = "sandbox (built-in Wix emulator, demo data)"
	case cfg.ConfigFile != "":
		rep.Source = "file " + cfg.ConfigFile
	default:
		rep.Source = "environment (" + config.EnvAPIKey + ", " + config.EnvAccountID + ", " + config.EnvSiteID + ")"
	}
	rep.BaseURL, rep.Sandbox, rep.ReadOnly, rep.AllowDestructive = cfg.BaseURL, cfg.Sandbox, cfg.ReadOnly, cfg.AllowDestructive

	dir := scopes.New(cfg, scopes.ClientOptions{BaseURL: cfg.BaseURL, Timeout: cfg.Timeout, UserAgent: "wix-mcp/" + version + " (doctor)"})
	accounts := make([]doctorCheck, len(cfg.Accounts))
	forEach(len(accounts), func(i int) { accounts[i] = checkAccount(ctx, dir, &cfg.Accounts[i]) })
	sites := make([]doctorCheck, len(cfg.Sites))
	forEach(len(sites), func(i int) { sites[i] = checkSite(ctx, dir, cfg, &cfg.Sites[i], accounts) })
	rep.Checks = append(append(rep.Checks, accounts...), sites...)

	rep.OK = true
	for _, c := range rep.Checks {
		rep.OK = rep.OK && c.OK
	}
	if !rep.OK {
		return exitFailed
	}
	return exitOK
}

// forEach runs f(0..n-1) with at most doctorParallel at once.
func forEach(n int, f func(i int)) {
	sem := make(chan struct{}, doctorParallel)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			f(i)
		}()
	}
	wg.Wait()
}

// checkAccount lists the account's first page of sites, which proves the
// key and the account ID belong together.
func checkAccount(ctx context.Context, dir *scopes.Directory, a *config.Account) doctorCheck {
	c := doctorCheck{Scope: "account", Name: a.Name, ID: a.ID, KeySource: a.KeySource, Call: doctorAccountCall}
	t, err := dir.Account(a.Name)
	if err != nil {
		c.Error = describeFailure(err)
		return c
	}
	c.applyPolicy(t.Policy)
	page, err := t.Client.QuerySites(ctx, wixclient.SitesQuery{})
	if err != nil {
		c.Error = describeFailure(err)
		return c
	}
	c.OK = true
	n := len(page.Sites)
	if page.Total >= 0 {
		n = page.Total
	}
	c.Sites, c.MoreSites = &n, page.HasNext && page.Total < 0
	if !page.HasNext {
		c.siteIDs = map[string]bool{}
		for _, s := range page.Sites {
			c.siteIDs[s.ID] = true
		}
	}
	if n == 0 {
		c.Notes = append(c.Notes, "the key sees no sites in this account: check the account ID, and the sites granted to the key in the API Keys Manager")
	}
	return c
}

// checkSite reads the site's properties with the key the server would use
// for it.
func checkSite(ctx context.Context, dir *scopes.Directory, cfg *config.Config, s *config.Site, accounts []doctorCheck) doctorCheck {
	c := doctorCheck{Scope: "site", Name: s.Alias, ID: s.ID, KeySource: s.KeySource, Call: doctorSiteCall}
	if s.Account != "" {
		c.KeySource = "account " + s.Account
		if a, ok := cfg.Account(s.Account); ok && a.KeySource != "" {
			c.KeySource += " (" + a.KeySource + ")"
		}
	}
	t, err := dir.Site(ctx, s.ID)
	if err != nil {
		c.Error = describeFailure(err)
		return c
	}
	c.applyPolicy(t.Policy)
	resp, err := t.Client.Do(ctx, wixclient.Request{Method: http.MethodGet, Path: wixclient.MustParsePath(sitePropsPath)})
	if err != nil {
		c.Error = describeFailure(err)
	} else {
		c.OK = true
		var props struct {
			Properties struct {
				SiteDisplayName string `json:"siteDisplayName"`
			} `json:"properties"`
		}
		if json.Unmarshal(resp.Body, &props) == nil {
			c.SiteName = props.Properties.SiteDisplayName
		}
	}
	for _, a := range accounts {
		if s.Account != "" && a.Name == s.Account && a.siteIDs != nil && !a.siteIDs[s.ID] {
			c.Notes = append(c.Notes, fmt.Sprintf("Query Sites of account %s does not list this site: check the site ID, and that the account owns it", s.Account))
		}
	}
	return c
}

func (c *doctorCheck) applyPolicy(p scopes.Policy) {
	c.ReadOnly, c.ConfirmDestructive = p.ReadOnly, p.ConfirmDestructive
	for _, r := range p.Rules {
		// One entry per layer: a path must be on every layer's allow list.
		if allow := r.Allow(); len(allow) > 0 {
			c.Allow = append(c.Allow, strings.Join(allow, ","))
		}
		c.Deny = append(c.Deny, r.Deny()...)
	}
}

// describeFailure turns a failed call into what a person needs: Wix's
// status, code, message and request ID with wixclient's hint, or why no
// answer came.
func describeFailure(err error) *doctorError {
	var apiErr *wixclient.APIError
	var transportErr *wixclient.TransportError
	switch {
	case errors.As(err, &apiErr):
		return &doctorError{Status: apiErr.Status, Code: apiErr.Code, Message: apiErr.Error(), RequestID: apiErr.RequestID, Hint: apiErr.Hint()}
	case errors.As(err, &transportErr):
		hint := "no answer from Wix: check --base-url (WIX_API_BASE_URL), the network and any proxy"
		if transportErr.Timeout {
			hint = "Wix did not answer in time: raise --timeout, or check the network and any proxy"
		}
		return &doctorError{Message: err.Error(), Hint: hint}
	}
	return &doctorError{Message: err.Error()}
}

// splitJSONFlag takes doctor's own --json out of the server's flags.
func splitJSONFlag(args []string) (bool, []string) {
	asJSON := false
	rest := make([]string, 0, len(args))
	for i, a := range args {
		if a == "--" {
			rest = append(rest, args[i:]...)
			break
		}
		switch strings.TrimLeft(a, "-") {
		case "json", "json=true":
			if strings.HasPrefix(a, "-") {
				asJSON = true
				continue
			}
		case "json=false":
			if strings.HasPrefix(a, "-") {
				asJSON = false
				continue
			}
		}
		rest = append(rest, a)
	}
	return asJSON, rest
}

// wantsHelp reports whether args ask for usage, as package flag reads them.
func wantsHelp(args []string) bool {
	for _, a := range args {
		if a == "--" {
			return false
		}
		if a == "-h" || a == "-help" || a == "--help" || a == "--h" {
			return true
		}
	}
	return false
}
