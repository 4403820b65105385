package config

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// fileConfig is the YAML file's shape. Unknown fields are errors, so a typo
// does not silently drop a setting.
type fileConfig struct {
	BaseURL          string        `yaml:"base_url"`
	Timeout          string        `yaml:"timeout"`
	LogLevel         string        `yaml:"log_level"`
	LogFormat        string        `yaml:"log_format"`
	ReadOnly         *bool         `yaml:"read_only"`
	AllowDestructive *bool         `yaml:"allow_destructive"`
	MaxResultChars   *int          `yaml:"max_result_chars"`
	Accounts         []fileAccount `yaml:"accounts"`
	Sites            []fileSite    `yaml:"sites"`
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
	fileKey `yaml:",inline"`
	Policy  `yaml:",inline"`
}

func readFile(path string) (*fileConfig, error) {
	data, err := os.ReadFile(path) //nolint:gosec // G304: the config file the user named with --config
	if err != nil {
		return nil, fmt.Errorf("cannot read it: %w", err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var f fileConfig
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("invalid YAML: %v", strings.ReplaceAll(err.Error(), "\n", "; "))
	}
	return &f, nil
}

// values returns the top-level settings the file sets, keyed by YAML name.
func (f *fileConfig) values() map[string]string {
	out := map[string]string{}
	if f == nil {
		return out
	}
	put := func(k, v string) {
		if v != "" {
			out[k] = v
		}
	}
	put("base_url", f.BaseURL)
	put("timeout", f.Timeout)
	put("log_level", f.LogLevel)
	put("log_format", f.LogFormat)
	if f.ReadOnly != nil {
		out["read_only"] = strconv.FormatBool(*f.ReadOnly)
	}
	if f.AllowDestructive != nil {
		out["allow_destructive"] = strconv.FormatBool(*f.AllowDestructive)
	}
	if f.MaxResultChars != nil {
		out["max_result_chars"] = strconv.Itoa(*f.MaxResultChars)
	}
	return out
}

// resolve turns the file's accounts and sites into c's, reading their keys.
func (f *fileConfig) resolve(c *Config, getenv Environment, problems *Error) {
	for i, a := range f.Accounts {
		where := fmt.Sprintf("accounts[%d]", i)
		if a.Name != "" {
			where = fmt.Sprintf("account %q", a.Name)
		}
		key, source := f.key(c, where, a.fileKey, getenv, problems)
		if key == "" && source == "" {
			problems.addf("%s: no key; add key_env: VARIABLE_NAME or key_file: /path/to/file", where)
		}
		c.Accounts = append(c.Accounts, Account{Name: a.Name, ID: a.ID, Key: Secret(key), KeySource: source, Policy: a.Policy})
	}
	for i, s := range f.Sites {
		where := fmt.Sprintf("sites[%d]", i)
		if s.Alias != "" {
			where = fmt.Sprintf("site %q", s.Alias)
		}
		key, source := f.key(c, where, s.fileKey, getenv, problems)
		c.Sites = append(c.Sites, Site{Alias: s.Alias, ID: s.ID, Account: s.Account, Key: Secret(key), KeySource: source, Policy: s.Policy})
	}
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
	case k.KeyEnv != "":
		v := strings.TrimSpace(getenv(k.KeyEnv))
		if v == "" {
			problems.addf("%s: key_env names %s, which is not set or empty; export it before starting wix-mcp", where, k.KeyEnv)
		}
		return v, "env " + k.KeyEnv
	case k.KeyFile != "":
		v, warning, err := readKeyFile(k.KeyFile)
		if err != nil {
			problems.addf("%s: key_file %s cannot be read: %v", where, k.KeyFile, err)
		} else if v == "" {
			problems.addf("%s: key_file %s is empty", where, k.KeyFile)
		}
		if warning != "" {
			c.Warnings = append(c.Warnings, warning)
		}
		return v, "file " + k.KeyFile
	}
	return "", ""
}
