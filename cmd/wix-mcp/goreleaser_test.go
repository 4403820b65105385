package main

import (
	"bytes"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"sigs.k8s.io/yaml"
)

// goreleaserSchema is the JSON schema of goreleaser's configuration,
// written by the goreleaser release that scripts/release-check.sh pins
// (`goreleaser jsonschema`, v2.16.0). Validating .goreleaser.yaml against
// it catches what `goreleaser check` catches for the file's shape (an
// unknown or misspelt field anywhere, a value of the wrong type) in
// milliseconds, instead of the minutes it takes to build goreleaser from
// source; scripts/release-check.sh runs the full check before a release.
const (
	goreleaserSchemaFile = "testdata/goreleaser-v2.16.0.schema.json"
	goreleaserSchemaID   = "https://github.com/goreleaser/goreleaser/v2/pkg/config/project"
	goreleaserFile       = "../../.goreleaser.yaml"
)

// goreleaserSetup reads .goreleaser.yaml and compiles the schema it must
// fit.
func goreleaserSetup(t *testing.T) ([]byte, *jsonschema.Schema) {
	t.Helper()
	raw, err := os.ReadFile(goreleaserFile)
	if err != nil {
		t.Fatal(err)
	}
	return raw, compileSchemaFile(t, goreleaserSchemaFile, goreleaserSchemaID, false)
}

// goreleaserDoc reads a goreleaser YAML file as the JSON value the schema
// validates.
func goreleaserDoc(t *testing.T, raw []byte) any {
	t.Helper()
	js, err := yaml.YAMLToJSON(raw)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(js))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestGoreleaserConfig(t *testing.T) {
	t.Parallel()
	raw, sch := goreleaserSetup(t)
	doc := goreleaserDoc(t, raw)
	if err := sch.Validate(doc); err != nil {
		t.Fatalf(".goreleaser.yaml does not fit goreleaser's schema: %v", err)
	}

	// What the release promises: static binaries for three systems on two
	// architectures, with the version injected where --version reads it.
	var cfg struct {
		Version int `json:"version"`
		Builds  []struct {
			Main    string   `json:"main"`
			Env     []string `json:"env"`
			Flags   []string `json:"flags"`
			Ldflags []string `json:"ldflags"`
			Goos    []string `json:"goos"`
			Goarch  []string `json:"goarch"`
		} `json:"builds"`
		Checksum struct {
			Algorithm string `json:"algorithm"`
		} `json:"checksum"`
	}
	if err := yaml.Unmarshal(raw, &cfg); err != nil {
		t.Fatal(err)
	}
	if cfg.Version != 2 || len(cfg.Builds) != 1 {
		t.Fatalf("version %d, %d builds; want goreleaser v2 and one build", cfg.Version, len(cfg.Builds))
	}
	b := cfg.Builds[0]
	if b.Main != "./cmd/wix-mcp" {
		t.Errorf("main = %q, want ./cmd/wix-mcp", b.Main)
	}
	if !slices.Contains(b.Env, "CGO_ENABLED=0") || !slices.Contains(b.Flags, "-trimpath") {
		t.Errorf("env %q, flags %q: want a static, reproducible build (CGO_ENABLED=0, -trimpath)", b.Env, b.Flags)
	}
	if !slices.ContainsFunc(b.Ldflags, func(f string) bool { return strings.Contains(f, "-X main.version={{ .Version }}") }) {
		t.Errorf("ldflags %q do not inject main.version", b.Ldflags)
	}
	_ = version // compiles only while main.version, which the ldflags set, exists
	slices.Sort(b.Goos)
	slices.Sort(b.Goarch)
	if !slices.Equal(b.Goos, []string{"darwin", "linux", "windows"}) || !slices.Equal(b.Goarch, []string{"amd64", "arm64"}) {
		t.Errorf("goos %q, goarch %q; want darwin, linux, windows on amd64 and arm64", b.Goos, b.Goarch)
	}
	if cfg.Checksum.Algorithm != "sha256" {
		t.Errorf("checksum algorithm %q, want sha256", cfg.Checksum.Algorithm)
	}
}

// The schema check must catch what goreleaser check would refuse.
func TestGoreleaserSchemaRefusesMistakes(t *testing.T) {
	t.Parallel()
	raw, sch := goreleaserSetup(t)
	for name, edit := range map[string]func(string) string{
		"misspelt top-level field": func(s string) string { return strings.Replace(s, "\nbuilds:", "\nbuidls:", 1) },
		"misspelt build field":     func(s string) string { return strings.Replace(s, "    goarch:", "    goarchs:", 1) },
		"wrong type": func(s string) string {
			return strings.Replace(s, "project_name: wix-mcp", "project_name: [wix-mcp]", 1)
		},
	} {
		edited := edit(string(raw))
		if edited == string(raw) {
			t.Fatalf("%s: the edit did not apply; update the test", name)
		}
		if err := sch.Validate(goreleaserDoc(t, []byte(edited))); err == nil {
			t.Errorf("%s: the schema accepted it", name)
		}
	}
}
