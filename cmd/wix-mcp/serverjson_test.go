package main

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/wix-mcp/wix-mcp/config"
)

// registrySchema is the MCP Registry's published server.json schema
// (https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json),
// copied from modelcontextprotocol/registry,
// internal/validators/schemas/2025-12-11.json at commit e361b5ff5a92.
const (
	registrySchemaFile = "testdata/server.schema.json"
	registrySchemaURL  = "https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json"
	serverJSONFile     = "../../server.json"
)

func compileRegistrySchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	return compileSchemaFile(t, registrySchemaFile, registrySchemaURL, true)
}

// compileSchemaFile compiles the JSON schema in file under the ID it is
// published at; assertFormat makes "format" keywords checks, not notes.
func compileSchemaFile(t *testing.T, file, id string, assertFormat bool) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if assertFormat {
		c.AssertFormat()
	}
	if err := c.AddResource(id, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(id)
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

func readServerJSON(t *testing.T) (raw []byte, doc any) {
	t.Helper()
	raw, err := os.ReadFile(serverJSONFile)
	if err != nil {
		t.Fatal(err)
	}
	doc, err = jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	return raw, doc
}

func TestServerJSONMatchesRegistrySchema(t *testing.T) {
	t.Parallel()
	sch := compileRegistrySchema(t)
	_, doc := readServerJSON(t)
	if err := sch.Validate(doc); err != nil {
		t.Fatalf("server.json does not validate against the registry schema:\n%v", err)
	}
	if got := doc.(map[string]any)["$schema"]; got != registrySchemaURL {
		t.Errorf("$schema = %v, want %s", got, registrySchemaURL)
	}
}

// The schema copy must reject what the registry rejects, or the test
// above proves nothing.
func TestRegistrySchemaRejects(t *testing.T) {
	t.Parallel()
	sch := compileRegistrySchema(t)
	for _, tc := range []struct {
		name string
		edit func(m map[string]any)
	}{
		{"missing name", func(m map[string]any) { delete(m, "name") }},
		{"name without namespace", func(m map[string]any) { m["name"] = "wix-mcp" }},
		{"description over 100 characters", func(m map[string]any) { m["description"] = strings.Repeat("x", 101) }},
		{"package version latest", func(m map[string]any) {
			m["packages"].([]any)[0].(map[string]any)["version"] = "latest"
		}},
		{"package without transport", func(m map[string]any) { delete(m["packages"].([]any)[0].(map[string]any), "transport") }},
		{"env var without name", func(m map[string]any) {
			pkg := m["packages"].([]any)[0].(map[string]any)
			pkg["environmentVariables"] = []any{map[string]any{"description": "x"}}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, doc := readServerJSON(t)
			tc.edit(doc.(map[string]any))
			if err := sch.Validate(doc); err == nil {
				t.Error("the schema accepted it")
			}
		})
	}
}

// serverJSON is the part of server.json that must agree with the code.
type serverJSON struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	Version     string `json:"version"`
	Packages    []struct {
		RegistryType         string `json:"registryType"`
		Identifier           string `json:"identifier"`
		Version              string `json:"version"`
		EnvironmentVariables []struct {
			Name       string `json:"name"`
			IsSecret   bool   `json:"isSecret"`
			IsRequired bool   `json:"isRequired"`
			Format     string `json:"format"`
		} `json:"environmentVariables"`
	} `json:"packages"`
}

func TestServerJSONAgreesWithTheCode(t *testing.T) {
	t.Parallel()
	raw, _ := readServerJSON(t)
	var s serverJSON
	if err := json.Unmarshal(raw, &s); err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{config.EnvAPIKey: true, config.EnvAccountID: true, config.EnvSiteID: true}
	for _, st := range config.Settings() {
		known[st.Env] = true
	}
	if s.Name != "io.github.wix-mcp/wix-mcp" {
		t.Errorf("name = %q", s.Name)
	}
	var oci bool
	for _, p := range s.Packages {
		if p.RegistryType == "oci" {
			oci = true
			// The registry wants an exact image; its tag is the release.
			if want := "ghcr.io/wix-mcp/wix-mcp:" + s.Version; p.Identifier != want {
				t.Errorf("OCI identifier %q, want %q", p.Identifier, want)
			}
		}
		secrets := 0
		for _, e := range p.EnvironmentVariables {
			if !known[e.Name] {
				t.Errorf("%s package: wix-mcp does not read %s", p.RegistryType, e.Name)
			}
			if e.IsSecret {
				secrets++
				if e.Name != config.EnvAPIKey {
					t.Errorf("%s is marked secret; only the key is", e.Name)
				}
			}
		}
		if secrets != 1 {
			t.Errorf("%s package: %d secret variables, want exactly WIX_API_KEY", p.RegistryType, secrets)
		}
	}
	if !oci {
		t.Error("no OCI package")
	}

	// The registry accepts an OCI package only when the image carries the
	// server's name in this label.
	dockerfile, err := os.ReadFile("../../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	if label := `io.modelcontextprotocol.server.name="` + s.Name + `"`; !strings.Contains(string(dockerfile), label) {
		t.Errorf("Dockerfile lacks the label %s", label)
	}
}
