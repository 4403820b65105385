// Package deploy holds the Kubernetes example of README's deployment
// section; its test checks the manifests offline.
package deploy

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"

	"github.com/wix-mcp/wix-mcp/config"
)

// manifests decodes every document of deploy/kubernetes strictly into the
// Kubernetes API type of its kind: an unknown or misplaced field fails.
type manifests struct {
	deployments map[string]*appsv1.Deployment
	services    map[string]*corev1.Service
	secrets     map[string]*corev1.Secret
	configMaps  map[string]*corev1.ConfigMap
}

func load(t *testing.T) *manifests {
	t.Helper()
	m := &manifests{map[string]*appsv1.Deployment{}, map[string]*corev1.Service{}, map[string]*corev1.Secret{}, map[string]*corev1.ConfigMap{}}
	files, _ := filepath.Glob("kubernetes/*.yaml")
	if len(files) == 0 {
		t.Fatal("no manifests")
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, doc := range regexp.MustCompile(`(?m)^---\s*$`).Split(string(data), -1) {
			if strings.TrimSpace(doc) == "" {
				continue
			}
			js, err := yaml.YAMLToJSONStrict([]byte(doc))
			if err != nil {
				t.Fatalf("%s #%d: %v", f, i, err)
			}
			var meta struct{ APIVersion, Kind string }
			_ = json.Unmarshal(js, &meta)
			var obj interface{ GetName() string }
			switch meta.APIVersion + " " + meta.Kind {
			case "apps/v1 Deployment":
				obj = &appsv1.Deployment{}
			case "v1 Service":
				obj = &corev1.Service{}
			case "v1 Secret":
				obj = &corev1.Secret{}
			case "v1 ConfigMap":
				obj = &corev1.ConfigMap{}
			default:
				t.Fatalf("%s #%d: unexpected %s %s", f, i, meta.APIVersion, meta.Kind)
			}
			dec := json.NewDecoder(bytes.NewReader(js))
			dec.DisallowUnknownFields()
			if err := dec.Decode(obj); err != nil {
				t.Fatalf("%s #%d (%s): %v", f, i, meta.Kind, err)
			}
			switch o := obj.(type) {
			case *appsv1.Deployment:
				m.deployments[o.Name] = o
			case *corev1.Service:
				m.services[o.Name] = o
			case *corev1.Secret:
				m.secrets[o.Name] = o
			case *corev1.ConfigMap:
				m.configMaps[o.Name] = o
			}
		}
	}
	return m
}

// TestKubernetesExample checks what a strict decode cannot: three
// stateless replicas whose every reference resolves (Secrets and their
// keys, the ConfigMap, Service selectors and ports), settings wix-mcp
// knows, and a config file wix-mcp accepts.
func TestKubernetesExample(t *testing.T) {
	t.Parallel()
	m := load(t)
	d := m.deployments["wix-mcp"]
	if d == nil || d.Spec.Replicas == nil || *d.Spec.Replicas != 3 {
		t.Fatal("the wix-mcp Deployment must run 3 replicas")
	}
	known := map[string]bool{}
	for _, s := range config.Settings() {
		known[s.Env] = true
	}
	c := d.Spec.Template.Spec.Containers[0]
	if !slices.Contains(c.Args, "--stateless") {
		t.Error("replicas must run --stateless")
	}
	env := map[string]string{}
	for _, e := range c.Env {
		if !known[e.Name] {
			t.Errorf("env %s is not a wix-mcp setting", e.Name)
		}
		env[e.Name] = e.Value
	}
	for _, need := range []string{"WIX_MCP_STATE_SECRET_FILE", "WIX_MCP_REDIS_URL", "WIX_MCP_CONFIG"} {
		if env[need] == "" {
			t.Errorf("%s is not set", need)
		}
	}
	mounts := map[string]string{}
	for _, vm := range c.VolumeMounts {
		mounts[vm.Name] = vm.MountPath
	}
	files := map[string]bool{}
	for _, v := range d.Spec.Template.Spec.Volumes {
		var data map[string]string
		switch {
		case v.Secret != nil && m.secrets[v.Secret.SecretName] != nil:
			data = m.secrets[v.Secret.SecretName].StringData
		case v.ConfigMap != nil && m.configMaps[v.ConfigMap.Name] != nil:
			data = m.configMaps[v.ConfigMap.Name].Data
		default:
			t.Errorf("volume %s names no Secret or ConfigMap of the example", v.Name)
		}
		for k := range data {
			files[mounts[v.Name]+"/"+k] = true
		}
	}
	if !files[env["WIX_MCP_STATE_SECRET_FILE"]] || !files[env["WIX_MCP_CONFIG"]] {
		t.Errorf("the state secret or config file is not mounted where the env says: %v", files)
	}
	// The config file names only mounted files, and wix-mcp accepts it
	// (with the Secrets' placeholder values as keys and tokens).
	cfg := m.configMaps["wix-mcp-config"].Data["wix-mcp.yaml"]
	dir := t.TempDir()
	for _, p := range regexp.MustCompile(`(?:key|token)_file: (\S+)`).FindAllStringSubmatch(cfg, -1) {
		if !files[p[1]] {
			t.Errorf("the config file names %s, which no Secret provides", p[1])
		}
		local := filepath.Join(dir, filepath.Base(p[1]))
		_ = os.WriteFile(local, []byte(strings.Repeat("x", 48)+"-"+filepath.Base(p[1])), 0o600)
		cfg = strings.ReplaceAll(cfg, p[1], local)
	}
	cfgPath := filepath.Join(dir, "wix-mcp.yaml")
	secretPath := filepath.Join(dir, "state")
	_ = os.WriteFile(cfgPath, []byte(cfg), 0o600)
	_ = os.WriteFile(secretPath, []byte(strings.Repeat("s", 48)), 0o600)
	getenv := func(k string) string {
		switch k {
		case "WIX_MCP_CONFIG":
			return cfgPath
		case "WIX_MCP_STATE_SECRET_FILE":
			return secretPath
		}
		if k == "WIX_MCP_ADDR" || k == "WIX_MCP_REDIS_URL" || k == "WIX_MCP_METRICS_ADDR" || k == "WIX_MCP_ALLOWED_HOSTS" || k == "WIX_MCP_SHUTDOWN_GRACE" {
			return env[k]
		}
		return ""
	}
	loaded, err := config.Load(c.Args, getenv, &bytes.Buffer{})
	if err != nil {
		t.Fatalf("wix-mcp refuses the example's configuration: %v", err)
	}
	if len(loaded.Users) != 2 || !loaded.HTTP.Stateless || loaded.RedisURL == "" {
		t.Errorf("loaded %d users, stateless %v", len(loaded.Users), loaded.HTTP.Stateless)
	}
	// Services select their pods and reach a named container port.
	for name, svc := range m.services {
		var pod *corev1.PodTemplateSpec
		for _, dep := range m.deployments {
			match := len(svc.Spec.Selector) > 0
			for k, v := range svc.Spec.Selector {
				match = match && dep.Spec.Template.Labels[k] == v
			}
			if match {
				pod = &dep.Spec.Template
			}
		}
		if pod == nil {
			t.Errorf("Service %s selects no pods", name)
			continue
		}
		for _, p := range svc.Spec.Ports {
			found := false
			for _, ctr := range pod.Spec.Containers {
				for _, cp := range ctr.Ports {
					found = found || cp.Name == p.TargetPort.String()
				}
			}
			if !found {
				t.Errorf("Service %s port %s targets no container port", name, p.TargetPort.String())
			}
		}
	}
	if !strings.HasSuffix(strings.TrimSuffix(env["WIX_MCP_REDIS_URL"], "/0"), m.services["wix-mcp-redis"].Name+":6379") {
		t.Errorf("WIX_MCP_REDIS_URL %s does not name the Redis Service", env["WIX_MCP_REDIS_URL"])
	}
}

// TestStrictDecodeRefusesUnknownFields proves the check can fail.
func TestStrictDecodeRefusesUnknownFields(t *testing.T) {
	t.Parallel()
	js, _ := yaml.YAMLToJSONStrict([]byte("apiVersion: apps/v1\nkind: Deployment\nspec:\n  replica: 3\n"))
	dec := json.NewDecoder(bytes.NewReader(js))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&appsv1.Deployment{}); err == nil {
		t.Fatal("a misspelt field must fail")
	}
}
