// Command wixsim serves the local Wix REST API emulator of package
// wixclient/wixsim until SIGINT or SIGTERM.
//
//	wixsim --addr 127.0.0.1:9090 [--state FILE]
//
// It prints the base URL, every account's ID and key, and every site's ID
// and name to stderr. The keys are fake and only open the emulator.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/wix-mcp/wix-mcp/wixclient/wixsim"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "wixsim:", err)
		os.Exit(1)
	}
}

// run serves the emulator on --addr until ctx ends.
func run(ctx context.Context, args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("wixsim", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:9090", "address to listen on")
	extraSites := fs.Int("extra-sites", 0, "add this many filler sites to the agency account, for paging")
	state := fs.String("state", "", "file keeping the emulator's data between runs (loaded at start, saved after each write)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	l, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	var opts []wixsim.Option
	if *extraSites > 0 {
		opts = append(opts, wixsim.WithExtraSites(wixsim.AgencyAccountID, *extraSites))
	}
	if *state != "" {
		opts = append(opts, wixsim.WithStateFile(*state))
	}
	sim, err := wixsim.Open(opts...)
	if err != nil {
		_ = l.Close()
		return err
	}
	srv := wixsim.Serve(l, sim)
	printBanner(stderr, srv)

	<-ctx.Done()
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("shutdown: %w", err)
	}
	fmt.Fprintln(stderr, "wixsim: stopped")
	return nil
}

func printBanner(w io.Writer, srv *wixsim.Server) {
	fmt.Fprintf(w, "wixsim: Wix API emulator listening on %s\n", srv.URL)
	sites := srv.Sim.Sites()
	for _, a := range srv.Sim.Accounts() {
		fmt.Fprintf(w, "account %s %q\n  key (all sites): %s\n", a.ID, a.Name, a.Key)
		if a.ID == wixsim.AgencyAccountID {
			fmt.Fprintf(w, "  key (only %s): %s\n", wixsim.SiteBakery, wixsim.RestrictedKey)
		}
		for _, s := range sites {
			if s.AccountID == a.ID {
				fmt.Fprintf(w, "  site %s %q namespace %s\n", s.ID, s.DisplayName, s.Namespace)
			}
		}
	}
}
