package main

import (
	"context"
	"fmt"
	"io"

	"github.com/wix-mcp/wix-mcp/access"
	"github.com/wix-mcp/wix-mcp/config"
)

//nolint:gosec // G101: usage text, not a credential
const tokenUsage = `Usage: wix-mcp token new NAME

Prints a fresh bearer token for the user NAME on stdout (32 random bytes,
base64url) and, on stderr, the lines to add under users: in the config file.
Save it straight into a file readable only by the server, for example:

  umask 077; wix-mcp token new alice > /run/secrets/wix-mcp-alice-token
`

// runToken is the entry point of "wix-mcp token" (in the commands table): "new NAME" makes a user's
// token. Only the token goes to stdout, so it can be redirected into a
// file without being shown.
func runToken(_ context.Context, args []string, stdout, stderr io.Writer, _ config.Environment) int {
	if len(args) == 1 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
		fmt.Fprint(stdout, tokenUsage)
		return exitOK
	}
	if len(args) != 2 || args[0] != "new" {
		fmt.Fprint(stderr, tokenUsage)
		return exitConfig
	}
	name := args[1]
	if !config.ValidName(name) {
		fmt.Fprintf(stderr, "wix-mcp token: %q is not a user name; names may hold only letters, digits, '-', '_' and '.'\n", name)
		return exitConfig
	}
	token, err := access.NewToken()
	if err != nil {
		fmt.Fprintln(stderr, "wix-mcp token:", err)
		return exitFailed
	}
	fmt.Fprintln(stdout, token)
	fmt.Fprintf(stderr, `Save the token above in a file only the server can read (chmod 600), give it to %[1]s, and add to the config file:

users:
  - name: %[1]s
    token_file: /run/secrets/wix-mcp-%[1]s-token   # or token_env: WIX_MCP_TOKEN_%[1]s
    accounts: [ACCOUNT]                           # and/or sites: [ALIAS]
    read_only: false

%[1]s sends it as Authorization: Bearer <token>. To revoke it, remove the user (or replace the file) and restart wix-mcp.
`, name)
	return exitOK
}
