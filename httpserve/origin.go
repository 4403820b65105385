package httpserve

import (
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strings"
)

// hostPolicy decides which Host headers and browser Origins are accepted.
// It exists because mcp-go's own DNS-rebinding check only fires for
// connections that arrive on a loopback address, which is not the case for
// a server listening on 0.0.0.0 in a container behind port mapping, and it
// does not look at Origin at all.
type hostPolicy struct {
	// self are the host:port values that name this server by its listen
	// address; an Origin of the same host is this server's own origin.
	self map[string]bool
	// exact are allowlisted host:port values; anyPort are allowlisted host
	// names accepted with any port, or none.
	exact, anyPort map[string]bool
	// origins are the allowlisted origins, normalised.
	origins map[string]bool
}

// newHostPolicy builds the policy for a server listening on listenAddr (the
// listener's actual address, so port 0 is already resolved).
func newHostPolicy(listenAddr string, allowedHosts, allowedOrigins []string) (*hostPolicy, error) {
	host, port, err := net.SplitHostPort(listenAddr)
	if err != nil {
		return nil, fmt.Errorf("listen address %q: %w", listenAddr, err)
	}
	p := &hostPolicy{self: map[string]bool{}, exact: map[string]bool{}, anyPort: map[string]bool{}, origins: map[string]bool{}}
	addSelf := func(name string) {
		p.self[joinHost(name, port)] = true
		if port == "80" {
			p.self[joinHost(name, "")] = true
		}
	}
	ip, ipErr := netip.ParseAddr(strings.Trim(host, "[]"))
	switch {
	case host == "" || (ipErr == nil && (ip.IsUnspecified() || ip.IsLoopback())) || strings.EqualFold(host, "localhost"):
		// A wildcard listener is reached from this machine under the
		// loopback names; any other name must be allowlisted.
		for _, name := range []string{"localhost", "127.0.0.1", "::1"} {
			addSelf(name)
		}
	default:
		addSelf(host)
	}
	for _, h := range allowedHosts {
		name, hport, ok := splitHost(h)
		if !ok || name == "" || strings.Contains(name, "*") {
			return nil, fmt.Errorf("allowed host %q is not a host name or host:port (wildcards are not supported)", h)
		}
		if hport == "" {
			p.anyPort[name] = true
		} else {
			p.exact[joinHost(name, hport)] = true
		}
	}
	for _, o := range allowedOrigins {
		norm, ok := normalizeOrigin(o)
		if !ok {
			return nil, fmt.Errorf("allowed origin %q is not an origin such as https://app.example.com (wildcards are not supported)", o)
		}
		p.origins[norm] = true
	}
	return p, nil
}

// hostAllowed reports whether a request's Host header names this server.
func (p *hostPolicy) hostAllowed(hostHeader string) bool {
	name, port, ok := splitHost(hostHeader)
	if !ok || name == "" {
		return false
	}
	key := joinHost(name, port)
	return p.self[key] || p.exact[key] || p.anyPort[name]
}

// originAllowed reports whether a request carrying Origin may proceed: the
// origin is allowlisted, or it is this server's own origin (same host as
// the request, which names this server by its listen address). The server
// serves no pages, so no script can run from its own origin; allowing it
// keeps same-origin tools such as the MCP conformance suite working.
func (p *hostPolicy) originAllowed(origin, hostHeader string) bool {
	norm, ok := normalizeOrigin(origin)
	if !ok {
		return false
	}
	if p.origins[norm] {
		return true
	}
	u, _ := url.Parse(norm)
	oname, oport, ok1 := splitHost(u.Host)
	hname, hport, ok2 := splitHost(hostHeader)
	if !ok1 || !ok2 {
		return false
	}
	key := joinHost(hname, hport)
	return joinHost(oname, oport) == key && p.self[key]
}

// splitHost splits "Host:port", "[v6]:port", "host" or "[v6]" into a
// lower-case name without brackets and a port (possibly empty).
func splitHost(h string) (name, port string, ok bool) {
	h = strings.TrimSpace(h)
	if h == "" || strings.ContainsAny(h, "/?#@ \t") {
		return "", "", false
	}
	if n, p, err := net.SplitHostPort(h); err == nil {
		if p == "" {
			return "", "", false
		}
		return strings.ToLower(strings.TrimSuffix(n, ".")), p, true
	}
	if strings.HasPrefix(h, "[") != strings.HasSuffix(h, "]") {
		return "", "", false
	}
	name = strings.Trim(h, "[]")
	if strings.Contains(name, ":") {
		if _, err := netip.ParseAddr(name); err != nil {
			return "", "", false
		}
	}
	return strings.ToLower(strings.TrimSuffix(name, ".")), "", true
}

// joinHost is the map key for a name and port.
func joinHost(name, port string) string {
	if port == "" {
		return name
	}
	return net.JoinHostPort(name, port)
}

// normalizeOrigin returns scheme://host[:port] in lower case, or false
// when s is not an http(s) origin. "null" and "*" are never origins here.
func normalizeOrigin(s string) (string, bool) {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil ||
		(u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" || strings.Contains(u.Host, "*") {
		return "", false
	}
	return strings.ToLower(u.Scheme + "://" + u.Host), true
}
