package main

import (
	"fmt"
	"net"
	"strings"

	"github.com/rs/zerolog"

	"github.com/wix-mcp/wix-mcp/config"
	"github.com/wix-mcp/wix-mcp/wixclient/wixsim"
)

// startSandbox serves the Wix emulator on a loopback port and points the
// configuration at it, with the emulator's demo accounts in place of real
// ones. The tools then take exactly the path they take against real Wix.
func startSandbox(cfg *config.Config, logger zerolog.Logger) (stop func(), err error) {
	var opts []wixsim.Option
	if cfg.SandboxState != "" {
		opts = append(opts, wixsim.WithStateFile(cfg.SandboxState))
	}
	emu, err := wixsim.Open(opts...)
	if err != nil {
		return nil, fmt.Errorf("sandbox state: %w", err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("sandbox: %w", err)
	}
	sim := wixsim.Serve(l, emu)
	cfg.BaseURL = sim.URL
	cfg.Accounts = nil
	cfg.Sites = nil
	for _, a := range sim.Sim.Accounts() {
		cfg.Accounts = append(cfg.Accounts, config.Account{
			Name: accountName(a.Name), ID: a.ID, Key: config.Secret(a.Key), KeySource: "sandbox",
		})
	}
	logger.Warn().Str("wix_emulator", sim.URL).Int("accounts", len(cfg.Accounts)).
		Msg("SANDBOX MODE: serving a built-in Wix emulator with demo data; no real Wix site is reached. Set WIX_API_KEY and WIX_ACCOUNT_ID (and drop --sandbox) to use your own sites.")
	return sim.Close, nil
}

// accountName turns the emulator's display name ("Sandbox Agency") into
// the short name tools take ("agency").
func accountName(display string) string {
	name := strings.TrimPrefix(strings.ToLower(display), "sandbox ")
	return strings.Join(strings.Fields(name), "-")
}
