package httpserve

import "testing"

func TestHostAllowed(t *testing.T) {
	t.Parallel()
	tests := []struct {
		listen  string
		allowed []string
		host    string
		want    bool
	}{
		{"127.0.0.1:8080", nil, "127.0.0.1:8080", true},
		{"127.0.0.1:8080", nil, "localhost:8080", true},
		{"127.0.0.1:8080", nil, "LOCALHOST:8080", true},
		{"127.0.0.1:8080", nil, "[::1]:8080", true},
		{"127.0.0.1:8080", nil, "localhost:9090", false},
		{"127.0.0.1:8080", nil, "localhost", false},
		{"127.0.0.1:8080", nil, "evil.example:8080", false},
		{"127.0.0.1:8080", nil, "127.0.0.1.nip.io:8080", false},
		{"127.0.0.1:8080", nil, "", false},
		{"127.0.0.1:80", nil, "localhost", true},
		{"0.0.0.0:8080", nil, "127.0.0.1:8080", true},
		{"0.0.0.0:8080", nil, "localhost:8080", true},
		{"0.0.0.0:8080", nil, "[::1]:8080", true},
		{"0.0.0.0:8080", nil, "172.17.0.2:8080", false},
		{"0.0.0.0:8080", nil, "attacker.example:8080", false},
		{"[::]:8080", nil, "localhost:8080", true},
		{"[::]:8080", nil, "evil.example:8080", false},
		{"0.0.0.0:8080", []string{"mcp.example.com"}, "mcp.example.com", true},
		{"0.0.0.0:8080", []string{"mcp.example.com"}, "MCP.example.com:443", true},
		{"0.0.0.0:8080", []string{"mcp.example.com"}, "other.example.com", false},
		{"0.0.0.0:8080", []string{"mcp.example.com:8443"}, "mcp.example.com:8443", true},
		{"0.0.0.0:8080", []string{"mcp.example.com:8443"}, "mcp.example.com:8080", false},
		{"0.0.0.0:8080", []string{"mcp.example.com:8443"}, "mcp.example.com", false},
		{"192.168.1.5:8080", nil, "192.168.1.5:8080", true},
		{"192.168.1.5:8080", nil, "localhost:8080", false},
		{"127.0.0.1:8080", nil, "localhost:8080/x", false},
		{"127.0.0.1:8080", nil, "user@localhost:8080", false},
	}
	for _, tt := range tests {
		p, err := newHostPolicy(tt.listen, tt.allowed, nil)
		if err != nil {
			t.Fatalf("%s: %v", tt.listen, err)
		}
		if got := p.hostAllowed(tt.host); got != tt.want {
			t.Errorf("listen %s allowed %v: hostAllowed(%q) = %v, want %v", tt.listen, tt.allowed, tt.host, got, tt.want)
		}
	}
}

func TestOriginAllowed(t *testing.T) {
	t.Parallel()
	tests := []struct {
		listen  string
		allowed []string
		origin  string
		host    string
		want    bool
	}{
		{"127.0.0.1:8080", nil, "http://evil.example", "127.0.0.1:8080", false},
		{"127.0.0.1:8080", nil, "null", "127.0.0.1:8080", false},
		// Same origin as the server itself: only the listen address's names.
		{"127.0.0.1:8080", nil, "http://127.0.0.1:8080", "127.0.0.1:8080", true},
		{"127.0.0.1:8080", nil, "http://localhost:8080", "localhost:8080", true},
		{"127.0.0.1:8080", nil, "http://localhost:3000", "localhost:8080", false},
		{"127.0.0.1:8080", nil, "http://127.0.0.1:8080", "evil.example:8080", false},
		{"0.0.0.0:8080", nil, "http://localhost:8080", "localhost:8080", true},
		{"0.0.0.0:8080", nil, "http://172.17.0.2:8080", "172.17.0.2:8080", false},
		{"127.0.0.1:8080", []string{"https://app.example.com"}, "https://app.example.com", "127.0.0.1:8080", true},
		{"127.0.0.1:8080", []string{"https://app.example.com/"}, "HTTPS://APP.example.com", "127.0.0.1:8080", true},
		{"127.0.0.1:8080", []string{"https://app.example.com"}, "http://app.example.com", "127.0.0.1:8080", false},
		{"127.0.0.1:8080", []string{"https://app.example.com"}, "https://app.example.com:8443", "127.0.0.1:8080", false},
		{"127.0.0.1:8080", []string{"https://app.example.com"}, "https://app.example.com.evil.example", "127.0.0.1:8080", false},
	}
	for _, tt := range tests {
		p, err := newHostPolicy(tt.listen, nil, tt.allowed)
		if err != nil {
			t.Fatalf("%v: %v", tt.allowed, err)
		}
		if got := p.originAllowed(tt.origin, tt.host); got != tt.want {
			t.Errorf("allowed %v: originAllowed(%q, host %q) = %v, want %v", tt.allowed, tt.origin, tt.host, got, tt.want)
		}
	}
}

func TestHostPolicyRefusesWildcards(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		hosts, origins []string
	}{
		{origins: []string{"*"}},
		{origins: []string{"https://*.example.com"}},
		{origins: []string{"app.example.com"}},
		{origins: []string{"https://app.example.com/path"}},
		{hosts: []string{"*.example.com"}},
		{hosts: []string{"http://example.com"}},
	} {
		if _, err := newHostPolicy("127.0.0.1:8080", tt.hosts, tt.origins); err == nil {
			t.Errorf("hosts %v origins %v: accepted", tt.hosts, tt.origins)
		}
	}
}
