package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/wix-mcp/wix-mcp/catalog"
	"github.com/wix-mcp/wix-mcp/config"
)

// Limits of `wix-mcp catalog --search`, a little roomier than the tool's
// because a person scans faster than a model pays for tokens.
const (
	catalogDefaultLimit = 10
	catalogMaxLimit     = 100
)

// runCatalog prints the embedded endpoint catalog, one endpoint a line, or
// with --search the endpoints search_wix_api would offer for the words;
// `catalog describe ID` prints one endpoint for a person to read.
func runCatalog(_ context.Context, args []string, stdout, stderr io.Writer, _ config.Environment) int {
	if len(args) > 0 && args[0] == "describe" {
		return describeEndpoint(args[1:], stdout, stderr)
	}
	fs := flag.NewFlagSet("wix-mcp catalog", flag.ContinueOnError)
	fs.SetOutput(stderr)
	search := fs.String("search", "", "plain words, e.g. \"cancel a booking\": the best matches, best first (the search_wix_api tool's search)")
	limit := fs.Int("limit", catalogDefaultLimit, fmt.Sprintf("most results of --search, 1..%d", catalogMaxLimit))
	usage := "Usage: wix-mcp catalog [--search \"words\" [--limit N]]\n       wix-mcp catalog describe ID\n\nPrints the embedded catalog of Wix REST endpoints, one a line: ID METHOD PATH TITLE;\n`describe ID` prints how to call one (filters, sorts, paging, fields, an example body).\n\nFlags:\n"
	positional, code, ok := parseCommandFlags(fs, args, usage, stdout, stderr)
	if !ok {
		return code
	}
	if len(positional) > 0 {
		// Unquoted words are the likely mistake: say how to pass them.
		fmt.Fprintf(stderr, "wix-mcp catalog: unexpected argument %q; quote the words: --search \"%s\"\n", positional[0], strings.Join(positional, " "))
		return exitConfig
	}
	if *limit < 1 || *limit > catalogMaxLimit {
		fmt.Fprintf(stderr, "wix-mcp catalog: --limit must be between 1 and %d\n", catalogMaxLimit)
		return exitConfig
	}

	cat := catalog.Default()
	w := bufio.NewWriter(stdout)
	defer w.Flush()
	if strings.TrimSpace(*search) == "" {
		for _, e := range cat.All() {
			writeEndpoint(w, e)
		}
		return exitOK
	}
	results := cat.Search(*search, *limit)
	if len(results) == 0 {
		fmt.Fprintf(stderr, "no endpoint matches %q; try other words, such as the entity (contacts, products, bookings, orders)\n", *search)
		return exitFailed
	}
	for _, r := range results {
		writeEndpoint(w, r.Endpoint)
	}
	return exitOK
}

func writeEndpoint(w io.Writer, e *catalog.Endpoint) {
	fmt.Fprintf(w, "%s %s %s %s\n", e.ID, e.Method, e.Path, e.Title)
}

// describeEndpoint is `wix-mcp catalog describe ID`.
func describeEndpoint(args []string, stdout, stderr io.Writer) int {
	if len(args) != 1 {
		fmt.Fprintln(stderr, "Usage: wix-mcp catalog describe ID   (IDs are the first column of `wix-mcp catalog`)")
		return exitConfig
	}
	cat := catalog.Default()
	e, ok := cat.Get(args[0])
	if !ok {
		fmt.Fprintf(stderr, "wix-mcp catalog: no endpoint has id %q; find one with: wix-mcp catalog --search \"words\"\n", args[0])
		for _, r := range cat.Search(strings.ReplaceAll(args[0], ".", " "), 3) {
			fmt.Fprintf(stderr, "  %s %s %s\n", r.Endpoint.ID, r.Endpoint.Method, r.Endpoint.Path)
		}
		return exitFailed
	}
	fmt.Fprint(stdout, e.Describe().Text())
	return exitOK
}
