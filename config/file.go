package config

import (
	"errors"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/wix-mcp/wix-mcp/internal/closest"
)

// fileConfig is the YAML file, read. Its top-level settings (timeout,
// read_only, …) are not fields here: the settings table owns their YAML
// names, and the file's values go through the same parsing as flags and
// variables. Accounts and sites are structs whose yaml tags are the only
// list of their keys.
type fileConfig struct {
	// settings holds the top-level values, as written, by YAML key.
	settings map[string]string
	// lines holds the line of each top-level value, for messages.
	lines    map[string]int
	Accounts []fileAccount `yaml:"accounts"`
	Sites    []fileSite    `yaml:"sites"`
	Users    []fileUser    `yaml:"users"`
}

// fileKey is where a key comes from. Key exists only to refuse it with a
// helpful message: keys are never written in the file itself.
type fileKey struct {
	Key     string `yaml:"key"`
	KeyEnv  string `yaml:"key_env"`
	KeyFile string `yaml:"key_file"`
}

type fileAccount struct {
	Name    string `yaml:"name"`
	ID      string `yaml:"id"`
	fileKey `yaml:",inline"`
	Policy  `yaml:",inline"`
}

type fileSite struct {
	Alias   string `yaml:"alias"`
	ID      string `yaml:"id"`
	Account string `yaml:"account"`
	// Pin makes this the only site the server reaches (site_id disappears
	// from the tools).
	Pin     bool `yaml:"pin"`
	fileKey `yaml:",inline"`
	Policy  `yaml:",inline"`
}

// readFile reads and checks the YAML file. It returns every problem found,
// one line each with its line number: unknown keys (with the closest known
// key), values of the wrong shape, keys set twice.
func readFile(path string) (*fileConfig, []string) {
	data, err := os.ReadFile(path) //nolint:gosec // G304: the config file the user named with --config
	if err != nil {
		return nil, []string{fmt.Sprintf("cannot read it: %v", err)}
	}
	f := &fileConfig{settings: map[string]string{}, lines: map[string]int{}}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, []string{"invalid YAML: " + oneLine(strings.TrimPrefix(err.Error(), "yaml: "))}
	}
	if len(doc.Content) == 0 {
		return f, nil // an empty file: reported as an empty configuration
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, []string{fmt.Sprintf("line %d: the file must be a mapping of keys such as accounts: and sites:", root.Line)}
	}
	var problems []string
	fileSettings := map[string]setting{}
	for _, s := range settings {
		if s.yaml != "" {
			fileSettings[s.yaml] = s
		}
	}
	known := []string{"accounts", "sites", "users"}
	for k := range fileSettings {
		known = append(known, k)
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		key, val := root.Content[i], root.Content[i+1]
		if prev, ok := seen[key.Value]; ok {
			problems = append(problems, fmt.Sprintf("line %d: %s is set twice (also on line %d); keep one", key.Line, key.Value, prev))
			continue
		}
		seen[key.Value] = key.Line
		switch key.Value {
		case "accounts":
			problems = append(problems, decodeList(val, "accounts", &f.Accounts)...)
		case "sites":
			problems = append(problems, decodeList(val, "sites", &f.Sites)...)
		case "users":
			problems = append(problems, decodeList(val, "users", &f.Users)...)
		default:
			if _, ok := fileSettings[key.Value]; ok {
				if val.Kind != yaml.ScalarNode {
					problems = append(problems, fmt.Sprintf("line %d: %s takes one value, such as %s: %s", val.Line, key.Value, key.Value, fileSettings[key.Value].def))
					continue
				}
				f.settings[key.Value], f.lines[key.Value] = val.Value, key.Line
				continue
			}
			problems = append(problems, unknownKey(key, "", known))
		}
	}
	return f, problems
}

// decodeList checks every entry of accounts: or sites: for unknown keys,
// then decodes the list into dst.
func decodeList[T any](list *yaml.Node, what string, dst *[]T) []string {
	if list.Kind != yaml.SequenceNode {
		if list.Kind == yaml.ScalarNode && list.Tag == "!!null" {
			return nil
		}
		return []string{fmt.Sprintf("line %d: %s must be a list, one entry per line starting with \"- \"", list.Line, what)}
	}
	var problems []string
	known := yamlKeys(reflect.TypeFor[T]())
	for i, entry := range list.Content {
		where := fmt.Sprintf("%s[%d]", what, i)
		if entry.Kind != yaml.MappingNode {
			problems = append(problems, fmt.Sprintf("line %d: %s must be a mapping of keys (%s)", entry.Line, where, strings.Join(known, ", ")))
			continue
		}
		seen := map[string]bool{}
		for j := 0; j+1 < len(entry.Content); j += 2 {
			key := entry.Content[j]
			switch {
			case seen[key.Value]:
				problems = append(problems, fmt.Sprintf("line %d: %s: %s is set twice; keep one", key.Line, where, key.Value))
			case !slices.Contains(known, key.Value):
				problems = append(problems, unknownKey(key, where, known))
			}
			seen[key.Value] = true
		}
	}
	if len(problems) > 0 {
		return problems
	}
	if err := list.Decode(dst); err != nil {
		return typeProblems(err, keysByLine(list))
	}
	return nil
}

// unknownKey says which key is not known, where, and the closest known one.
func unknownKey(key *yaml.Node, where string, known []string) string {
	in := ""
	if where != "" {
		in = " in " + where
	}
	msg := fmt.Sprintf("line %d: unknown key %s%s", key.Line, quoteKey(key.Value), in)
	if near := closest.Word(key.Value, known); near != "" {
		return msg + "; did you mean " + near + "?"
	}
	for _, s := range settings {
		if s.yaml == "" && (key.Value == s.flag || key.Value == strings.ReplaceAll(s.flag, "-", "_")) {
			return msg + fmt.Sprintf("; %s cannot be set in the file: use --%s or %s", key.Value, s.flag, s.env)
		}
	}
	return msg + "; known keys: " + strings.Join(known, ", ")
}

// quoteKey shows a key as written, unless it is long enough to be a
// pasted key or token, which is never echoed.
func quoteKey(k string) string {
	if len(k) > 40 {
		return "(a long key, not shown)"
	}
	return k
}

// typeProblems rewords yaml's "line 5: cannot unmarshal !!str `…` into
// []string" as "line 5: allow must be a list, …", without the value (it
// might be a key in the wrong place) or Go types. keys names the key whose
// value is on each line.
func typeProblems(err error, keys map[int]string) []string {
	var te *yaml.TypeError
	if !errors.As(err, &te) {
		return []string{"invalid YAML: " + oneLine(strings.TrimPrefix(err.Error(), "yaml: "))}
	}
	out := make([]string, 0, len(te.Errors))
	for _, e := range te.Errors {
		line, rest, _ := strings.Cut(e, ": ")
		want := "another kind of value"
		if _, into, ok := strings.Cut(rest, " into "); ok {
			switch strings.TrimPrefix(into, "*") {
			case "[]string":
				want = "a list, such as [\"/contacts/**\"]"
			case "bool":
				want = "true or false"
			case "string":
				want = "text"
			}
		}
		n, _ := strconv.Atoi(strings.TrimPrefix(line, "line "))
		if key, ok := keys[n]; ok {
			out = append(out, fmt.Sprintf("%s: %s must be %s", line, key, want))
			continue
		}
		out = append(out, fmt.Sprintf("%s: this value has the wrong type; write %s", line, want))
	}
	return out
}

// keysByLine maps the line of each value in the entries of list to its
// key; a line holding several values ({name: a, allow: x}) names none.
func keysByLine(list *yaml.Node) map[int]string {
	keys := map[int]string{}
	shared := map[int]bool{}
	for _, entry := range list.Content {
		for j := 0; j+1 < len(entry.Content); j += 2 {
			line := entry.Content[j+1].Line
			if _, ok := keys[line]; ok {
				shared[line] = true
			}
			keys[line] = entry.Content[j].Value
		}
	}
	for line := range shared {
		delete(keys, line)
	}
	return keys
}

// yamlKeys lists the YAML keys of a struct, following inline fields.
func yamlKeys(t reflect.Type) []string {
	var keys []string
	for i := range t.NumField() {
		f := t.Field(i)
		name, opts, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		switch {
		case opts == "inline":
			keys = append(keys, yamlKeys(f.Type)...)
		case name != "" && name != "-":
			keys = append(keys, name)
		}
	}
	return keys
}

// yamlQuoted is how the YAML decoder quotes a value it could not use.
var yamlQuoted = regexp.MustCompile("`[^`]*`")

// oneLine is a decoder message on one line, without the values it quotes
// ("cannot unmarshal !!str `IST.…`"): a key pasted into the wrong field
// must not be printed.
func oneLine(s string) string {
	return strings.Join(strings.Fields(yamlQuoted.ReplaceAllString(s, "a value (not shown)")), " ")
}

// resolve turns the file's accounts and sites into c's, reading their keys.
func (f *fileConfig) resolve(c *Config, getenv Environment, problems *Error) {
	for i, a := range f.Accounts {
		where := label("account", a.Name, i)
		key, source := f.key(c, where, a.fileKey, getenv, problems)
		if key == "" && source == "" {
			problems.addf("%s: no key; add key_env: VARIABLE_NAME or key_file: /path/to/file", where)
		}
		c.Accounts = append(c.Accounts, Account{Name: a.Name, ID: a.ID, Key: Secret(key), KeySource: source, Policy: a.Policy})
	}
	for i, s := range f.Sites {
		where := label("site", s.Alias, i)
		key, source := f.key(c, where, s.fileKey, getenv, problems)
		c.Sites = append(c.Sites, Site{Alias: s.Alias, ID: s.ID, Account: s.Account, Pin: s.Pin, Key: Secret(key), KeySource: source, Policy: s.Policy})
	}
	f.resolveUsers(c, getenv, problems)
}

// key reads the key a file entry names. It returns an empty source when the
// entry names none.
func (f *fileConfig) key(c *Config, where string, k fileKey, getenv Environment, problems *Error) (string, string) {
	if k.Key != "" {
		problems.addf("%s: keys may not be written in the config file; put the key in an environment variable and write key_env: VARIABLE_NAME, or in a file (chmod 600) and write key_file: /path/to/file", where)
		return "", "inline"
	}
	switch {
	case k.KeyEnv != "" && k.KeyFile != "":
		problems.addf("%s: set key_env or key_file, not both", where)
		return "", "both"
	case k.KeyEnv != "" && !isVarName(k.KeyEnv):
		// Most likely the key itself, written where its variable's name
		// goes: never echo it.
		problems.addf("%s: key_env must be the name of an environment variable (letters, digits and _), not the key itself; the value is not shown", where)
		return "", "invalid"
	case k.KeyEnv != "":
		raw := getenv(k.KeyEnv)
		v := strings.TrimSpace(raw)
		switch {
		case raw != "" && placeholder(raw):
			problems.addf("%s: %s", where, placeholderProblem(k.KeyEnv))
		case v == "":
			problems.addf("%s: key_env names %s, which is not set or empty; export it before starting wix-mcp", where, k.KeyEnv)
		}
		return v, "env " + k.KeyEnv
	case k.KeyFile != "":
		v, warning, err := readKeyFile(k.KeyFile)
		switch {
		case err != nil:
			// The path is not shown: it may be a key pasted into key_file.
			problems.addf("%s: key_file cannot be read: %v (the path is not shown)", where, err)
		case v == "":
			problems.addf("%s: key_file names an empty file", where)
		case placeholder(v):
			problems.addf("%s: key_file holds a placeholder (such as <your key> or YOUR_API_KEY), not a key; write the real key into the file", where)
		}
		if warning != "" {
			c.Warnings = append(c.Warnings, warning)
		}
		return v, "file " + k.KeyFile
	}
	return "", ""
}
