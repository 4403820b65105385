// Package readme generates the reference sections of README.md from the
// code they describe: the settings table from config.Settings, the tools
// reference from the live tool definitions, and the client setup snippets
// from package clientsetup. Each section sits between
//
//	<!-- BEGIN GENERATED: name -->
//	<!-- END GENERATED: name -->
//
// and the package's test fails when README.md differs from what the code
// generates; UPDATE_README=true go test ./internal/readme rewrites it.
package readme

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// Generator renders one section's content.
type Generator func() (string, error)

// Generators lists every generated section by marker name.
func Generators() map[string]Generator {
	return map[string]Generator{
		"settings": Settings,
		"tools":    Tools,
		"clients":  Clients,
	}
}

// markerRE matches one generated section, capturing its name and content.
var markerRE = regexp.MustCompile(`(?s)<!-- BEGIN GENERATED: ([a-z0-9-]+) -->\n(.*?)<!-- END GENERATED: ([a-z0-9-]+) -->`)

// Update returns doc with every generated section's content replaced by
// what gens render. It fails when a section has no generator, when a
// generator's section is missing from doc, or when markers do not pair up,
// so neither side can be dropped silently.
func Update(doc string, gens map[string]Generator) (string, error) {
	seen := map[string]bool{}
	var errs []string
	out := markerRE.ReplaceAllStringFunc(doc, func(block string) string {
		m := markerRE.FindStringSubmatch(block)
		name := m[1]
		if m[3] != name {
			errs = append(errs, fmt.Sprintf("section %q ends with the END marker of %q", name, m[3]))
			return block
		}
		if seen[name] {
			errs = append(errs, fmt.Sprintf("section %q appears twice", name))
			return block
		}
		seen[name] = true
		gen, ok := gens[name]
		if !ok {
			errs = append(errs, fmt.Sprintf("section %q has no generator", name))
			return block
		}
		content, err := gen()
		if err != nil {
			errs = append(errs, fmt.Sprintf("section %q: %v", name, err))
			return block
		}
		if !strings.HasSuffix(content, "\n") {
			content += "\n"
		}
		return "<!-- BEGIN GENERATED: " + name + " -->\n" + content + "<!-- END GENERATED: " + name + " -->"
	})
	var names []string
	for name := range gens {
		if !seen[name] {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	for _, name := range names {
		errs = append(errs, fmt.Sprintf("section %q is missing: add <!-- BEGIN GENERATED: %s --> and <!-- END GENERATED: %s --> where it belongs", name, name, name))
	}
	// A BEGIN without its END (or the reverse) is left unmatched above.
	if b, e := strings.Count(out, "<!-- BEGIN GENERATED:"), strings.Count(out, "<!-- END GENERATED:"); b != e {
		errs = append(errs, fmt.Sprintf("%d BEGIN GENERATED markers but %d END GENERATED markers", b, e))
	}
	if len(errs) > 0 {
		return "", fmt.Errorf("README markers: %s", strings.Join(errs, "; "))
	}
	return out, nil
}

// cell makes text safe inside a Markdown table cell.
func cell(s string) string {
	s = strings.ReplaceAll(s, "\n", " ")
	return strings.ReplaceAll(s, "|", `\|`)
}

// code wraps s in backticks, or returns "" for "".
func code(s string) string {
	if s == "" {
		return ""
	}
	return "`" + s + "`"
}

// row renders one Markdown table row.
func row(cells ...string) string {
	return "| " + strings.Join(cells, " | ") + " |\n"
}
