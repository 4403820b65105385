package readme

import (
	"fmt"
	"strings"

	"github.com/wix-mcp/wix-mcp/clientsetup"
	"github.com/wix-mcp/wix-mcp/config"
)

// Settings renders the table of every flag, its variable, YAML key and
// default.
func Settings() (string, error) {
	var b strings.Builder
	b.WriteString(row("flag", "variable", "YAML", "default", "meaning"))
	b.WriteString("|---|---|---|---|---|\n")
	for _, s := range config.Settings() {
		b.WriteString(row(code(s.Flag), code(s.Env), code(s.YAML), code(s.Default), cell(s.Usage)))
	}
	return b.String(), nil
}

// readmeCommand is the binary path the README's snippets show; `wix-mcp
// setup` puts the running binary's own path there.
const readmeCommand = "/usr/local/bin/wix-mcp"

// Clients renders a subsection per MCP client with the binary's snippet
// and, folded, the Docker image's.
func Clients() (string, error) {
	var b strings.Builder
	b.WriteString("`wix-mcp setup CLIENT` prints the snippet for your binary on stdout and what to do with it on stderr; " +
		"`--docker` runs the image instead, `--sandbox` the built-in emulator (no key), and `--read-only` and `--name` do what they say. " +
		"`--write` merges the server into the client's own configuration file instead (keeping the old file as `FILE.bak`; a server of the same name is replaced only with `--force`; `--file` names another file). " +
		"`--transport http` connects the client to a running `wix-mcp --transport http` (`--url`, default `" + clientsetup.DefaultURL + "`) with an `Authorization: Bearer` header that references the token (Claude Desktop has no such option: it starts local servers over stdio only). " +
		"Keys and tokens are never written into a client's configuration: they are referenced from the environment, asked for as a password, or read from a `chmod 600` file.\n")
	for _, c := range clientsetup.Clients() {
		bin, err := clientsetup.Generate(c, clientsetup.Options{Command: readmeCommand})
		if err != nil {
			return "", err
		}
		docker, err := clientsetup.Generate(c, clientsetup.Options{Docker: true})
		if err != nil {
			return "", err
		}
		fmt.Fprintf(&b, "\n### %s\n\n", c.Title())
		fmt.Fprintf(&b, "`wix-mcp setup %s`: %s.\n\n", c, bin.Where)
		writeSnippet(&b, bin)
		fmt.Fprintf(&b, "\n<details><summary>%s with Docker (<code>wix-mcp setup %s --docker</code>)</summary>\n\n", c.Title(), c)
		writeSnippet(&b, docker)
		b.WriteString("\n</details>\n")
		if remote, err := clientsetup.Generate(c, clientsetup.Options{Transport: clientsetup.TransportHTTP}); err == nil {
			fmt.Fprintf(&b, "\n<details><summary>%s over HTTP (<code>wix-mcp setup %s --transport http</code>)</summary>\n\n", c.Title(), c)
			writeSnippet(&b, remote)
			b.WriteString("\n</details>\n")
		}
	}
	return b.String(), nil
}

func writeSnippet(b *strings.Builder, s clientsetup.Snippet) {
	fmt.Fprintf(b, "```%s\n%s```\n", s.Lang, s.Text)
	if len(s.Notes) > 0 {
		b.WriteString("\n")
		for _, n := range s.Notes {
			fmt.Fprintf(b, "- %s\n", n)
		}
	}
	for _, f := range s.Files {
		fmt.Fprintf(b, "\n`%s`:\n\n```%s\n%s```\n", f.Path, f.Lang, f.Text)
	}
}
