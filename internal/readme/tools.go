package readme

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/rs/zerolog"

	"github.com/wix-mcp/wix-mcp/config"
	"github.com/wix-mcp/wix-mcp/scopes"
	"github.com/wix-mcp/wix-mcp/tools"
	"github.com/wix-mcp/wix-mcp/wixclient/wixsim"
)

// sandboxConfig is configured like `wix-mcp --sandbox`: the emulator's two
// accounts and no sites. Only the tool definitions are read, so nothing is
// ever sent to the base URL.
func sandboxConfig() *config.Config {
	cfg := &config.Config{BaseURL: config.DefaultBaseURL, Timeout: config.DefaultTimeout, MaxResultChars: config.DefaultMaxResultChars, Sandbox: true}
	for _, a := range wixsim.New().Accounts() {
		name := strings.Join(strings.Fields(strings.TrimPrefix(strings.ToLower(a.Name), "sandbox ")), "-")
		cfg.Accounts = append(cfg.Accounts, config.Account{Name: name, ID: a.ID, Key: config.Secret(a.Key), KeySource: "sandbox"})
	}
	return cfg
}

// toolDef is the part of an MCP tool definition the reference shows,
// decoded from the JSON clients receive.
type toolDef struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	Annotations struct {
		Title           string `json:"title"`
		ReadOnlyHint    *bool  `json:"readOnlyHint"`
		DestructiveHint *bool  `json:"destructiveHint"`
		IdempotentHint  *bool  `json:"idempotentHint"`
		OpenWorldHint   *bool  `json:"openWorldHint"`
	} `json:"annotations"`
	InputSchema  schema  `json:"inputSchema"`
	OutputSchema *schema `json:"outputSchema"`
}

// schema is the subset of JSON Schema the tools use.
type schema struct {
	Type        schemaType        `json:"type"`
	Description string            `json:"description"`
	Properties  map[string]schema `json:"properties"`
	Required    []string          `json:"required"`
	Items       *schema           `json:"items"`
	Enum        []any             `json:"enum"`
	Minimum     *float64          `json:"minimum"`
	Maximum     *float64          `json:"maximum"`
}

// Tools renders every tool's description, hints, arguments and
// structured output as served by the sandbox.
func Tools() (string, error) {
	cfg := sandboxConfig()
	dir := scopes.New(cfg, scopes.ClientOptions{BaseURL: cfg.BaseURL, Timeout: cfg.Timeout})
	served := tools.All(tools.Deps{Directory: dir, Sandbox: true, MaxResultChars: cfg.MaxResultChars, Logger: zerolog.Nop()})

	var b strings.Builder
	b.WriteString("Generated from the tool definitions as `wix-mcp --sandbox` serves them (two accounts, no pinned site). " +
		"With one account the `account` argument is not offered, and with a pinned site (`WIX_SITE_ID`, or `pin: true` on a site in the config file) `site_id` is not; " +
		"`--read-only` says so in the descriptions. Every variant is snapshotted in [`tools/__toolsnaps__`](tools/__toolsnaps__).\n")
	for _, st := range served {
		raw, err := json.Marshal(st.Tool)
		if err != nil {
			return "", fmt.Errorf("tool %s: %w", st.Tool.Name, err)
		}
		var t toolDef
		if err := json.Unmarshal(raw, &t); err != nil {
			return "", fmt.Errorf("tool %s: %w", st.Tool.Name, err)
		}
		writeTool(&b, t)
	}
	return b.String(), nil
}

func writeTool(b *strings.Builder, t toolDef) {
	fmt.Fprintf(b, "\n### `%s`", t.Name)
	if t.Annotations.Title != "" {
		fmt.Fprintf(b, ": %s", t.Annotations.Title)
	}
	fmt.Fprintf(b, "\n\n%s\n\n", t.Description)
	if hints := hintWords(t); hints != "" {
		fmt.Fprintf(b, "Hints: %s.\n\n", hints)
	}
	b.WriteString(row("argument", "type", "required", "description"))
	b.WriteString("|---|---|---|---|\n")
	for _, name := range argumentOrder(t.InputSchema) {
		p := t.InputSchema.Properties[name]
		req := ""
		if contains(t.InputSchema.Required, name) {
			req = "yes"
		}
		b.WriteString(row(code(name), cell(typeText(p)), req, cell(p.Description)))
	}
	if t.OutputSchema != nil && len(t.OutputSchema.Properties) > 0 {
		names := make([]string, 0, len(t.OutputSchema.Properties))
		for name := range t.OutputSchema.Properties {
			names = append(names, code(name))
		}
		sort.Strings(names)
		fmt.Fprintf(b, "\nStructured output (`outputSchema`): %s.\n", strings.Join(names, ", "))
	}
}

// hintWords spells out the MCP annotations a client uses to decide what
// to ask the person.
func hintWords(t toolDef) string {
	var words []string
	a := t.Annotations
	if isTrue(a.ReadOnlyHint) {
		words = append(words, "read-only")
	} else if isTrue(a.DestructiveHint) {
		words = append(words, "may write or delete")
	} else if a.ReadOnlyHint != nil {
		words = append(words, "may write")
	}
	if isTrue(a.IdempotentHint) {
		words = append(words, "idempotent")
	}
	if a.OpenWorldHint != nil {
		if *a.OpenWorldHint {
			words = append(words, "calls Wix")
		} else {
			words = append(words, "offline")
		}
	}
	return strings.Join(words, ", ")
}

// argumentOrder puts required arguments first, as the schema lists them,
// then the rest alphabetically.
func argumentOrder(s schema) []string {
	out := append([]string(nil), s.Required...)
	var rest []string
	for name := range s.Properties {
		if !contains(s.Required, name) {
			rest = append(rest, name)
		}
	}
	sort.Strings(rest)
	return append(out, rest...)
}

// schemaType is a JSON Schema type: one name, or a list of names (written
// "object or array").
type schemaType string

// UnmarshalJSON accepts "object" and ["object","array"].
func (t *schemaType) UnmarshalJSON(b []byte) error {
	var one string
	if json.Unmarshal(b, &one) == nil {
		*t = schemaType(one)
		return nil
	}
	var many []string
	if err := json.Unmarshal(b, &many); err != nil {
		return err
	}
	*t = schemaType(strings.Join(many, " or "))
	return nil
}

// typeText describes an argument's type: "string", "array of string",
// "number, 1 to 1000", "one of `GET`, `POST`", "any JSON".
func typeText(s schema) string {
	t := string(s.Type)
	switch {
	case t == "":
		t = "any JSON"
	case t == "array" && s.Items != nil && s.Items.Type != "":
		t = "array of " + string(s.Items.Type)
	}
	if len(s.Enum) > 0 {
		vals := make([]string, len(s.Enum))
		for i, v := range s.Enum {
			vals[i] = code(fmt.Sprint(v))
		}
		t += ": " + strings.Join(vals, ", ")
	}
	switch {
	case s.Minimum != nil && s.Maximum != nil:
		t += ", " + num(*s.Minimum) + " to " + num(*s.Maximum)
	case s.Minimum != nil:
		t += ", at least " + num(*s.Minimum)
	case s.Maximum != nil:
		t += ", at most " + num(*s.Maximum)
	}
	return t
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func isTrue(b *bool) bool { return b != nil && *b }

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
