package httpserve

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/wix-mcp/wix-mcp/config"
)

// slowBound is the body and header deadline of the servers below; every
// hostile client must be answered and disconnected within slowDeadline.
const (
	slowBound    = 300 * time.Millisecond
	slowDeadline = 5 * time.Second
)

// rawExchange sends head (and then nothing more) on a real TCP connection
// and returns the status line of the answer, if any, and whether the server
// closed the connection, within slowDeadline.
func rawExchange(t *testing.T, addr, head string) (status string, closed bool) {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := io.WriteString(conn, head); err != nil {
		t.Fatal(err)
	}
	_ = conn.SetReadDeadline(time.Now().Add(slowDeadline))
	br := bufio.NewReader(conn)
	if line, err := br.ReadString('\n'); err == nil {
		status = strings.TrimSpace(line)
	}
	// Read the rest of the answer; the server must then close.
	_, err = io.Copy(io.Discard, br)
	var ne net.Error
	switch {
	case err == nil, errors.Is(err, io.EOF):
		closed = true
	case errors.As(err, &ne) && ne.Timeout():
		closed = false
	default: // reset by peer also ends the connection
		closed = !errors.Is(err, os.ErrDeadlineExceeded)
	}
	return status, closed
}

// TestSlowClientsAreCutOff sends requests that never finish (a declared
// Content-Length of 200000 and one byte, a chunked body that stops, headers
// that stop) with and without a token, to every kind of endpoint, and
// checks each is answered (or dropped) and its connection closed within
// the bound instead of being held open.
func TestSlowClientsAreCutOff(t *testing.T) {
	t.Parallel()
	for _, transport := range []config.Transport{TransportHTTP, TransportSSE} {
		r := serveTest(t, newTestServer(), Options{Transport: transport, BodyReadTimeout: slowBound, ReadHeaderTimeout: slowBound})
		addr := strings.TrimPrefix(r.url, "http://")
		endpoint := "/mcp"
		if transport == TransportSSE {
			endpoint = "/message?sessionId=x"
		}
		auth := "Authorization: Bearer " + testToken + "\r\n"
		slowBody := func(path, headers string) string {
			return "POST " + path + " HTTP/1.1\r\nHost: " + addr + "\r\nContent-Type: application/json\r\n" + headers +
				"Content-Length: 200000\r\n\r\n{"
		}
		tests := []struct {
			name, head string
			want       string // status code expected, "" for a dropped connection
		}{
			{"no token, slow body", slowBody(endpoint, ""), "401"},
			{"wrong token, slow body", slowBody(endpoint, "Authorization: Bearer wrong-token-wrong-token\r\n"), "401"},
			{"token, slow body", slowBody(endpoint, auth), "400"},
			{"token, slow body to an unknown path", slowBody("/nope", auth), "400"},
			{"no token, slow body to an unknown path", slowBody("/nope", ""), "401"},
			{"slow body to /healthz", slowBody("/healthz", ""), "405"},
			{"slow body with a foreign Host", strings.Replace(slowBody(endpoint, auth), "Host: "+addr, "Host: evil.example", 1), "403"},
			{"slow body from a foreign Origin", slowBody(endpoint, auth+"Origin: https://evil.example\r\n"), "403"},
			{"too large a body", strings.Replace(slowBody(endpoint, auth), "200000", "5000000", 1), "413"},
			{"token, chunked body that stops", "POST " + endpoint + " HTTP/1.1\r\nHost: " + addr + "\r\n" + auth +
				"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n{\"jsonrpc\":", "400"},
			{"headers that never end", "POST " + endpoint + " HTTP/1.1\r\nHost: " + addr + "\r\nX-Slow: ", ""},
			{"no token, headers that never end", "GET " + endpoint + " HTTP/1.1\r\nHost: " + addr + "\r\n", ""},
		}
		for _, tc := range tests {
			t.Run(string(transport)+"/"+tc.name, func(t *testing.T) {
				t.Parallel()
				start := time.Now()
				status, closed := rawExchange(t, addr, tc.head)
				took := time.Since(start)
				if !closed {
					t.Fatalf("the connection was still open after %s (status %q)", slowDeadline, status)
				}
				if tc.want != "" && !strings.Contains(status, " "+tc.want+" ") {
					t.Errorf("status %q, want %s", status, tc.want)
				}
				if tc.want == "" && status != "" && !strings.Contains(status, " 408 ") {
					t.Errorf("an unfinished header got %q", status)
				}
				t.Logf("answered %q and closed after %s", status, took.Round(time.Millisecond))
			})
		}
	}
}

// TestRefusalsCloseTheConnection checks every refusal says Connection:
// close, so a client cannot keep a refused connection for another try.
func TestRefusalsCloseTheConnection(t *testing.T) {
	t.Parallel()
	r := serveTest(t, newTestServer(), Options{Transport: TransportHTTP, MaxBodyBytes: 1024})
	for _, tc := range []struct {
		name   string
		header http.Header
		body   string
		status int
	}{
		{"401", http.Header{}, `{}`, http.StatusUnauthorized},
		{"403 origin", http.Header{"Authorization": {"Bearer " + testToken}, "Origin": {"https://evil.example"}}, `{}`, http.StatusForbidden},
		{"413", http.Header{"Authorization": {"Bearer " + testToken}}, strings.Repeat("x", 4096), http.StatusRequestEntityTooLarge},
		// A body far larger than the socket buffers: the client is still
		// writing when the refusal comes, and must read it, not a reset.
		{"413 while the client writes 4 MiB", http.Header{"Authorization": {"Bearer " + testToken}}, strings.Repeat("x", 4<<20), http.StatusRequestEntityTooLarge},
		{"401 while the client writes 4 MiB", http.Header{}, strings.Repeat("x", 4<<20), http.StatusUnauthorized},
		{"413 again", http.Header{"Authorization": {"Bearer " + testToken}}, strings.Repeat("x", 4<<20), http.StatusRequestEntityTooLarge},
	} {
		req, _ := http.NewRequest("POST", r.url+"/mcp", strings.NewReader(tc.body))
		for k, v := range tc.header {
			req.Header[k] = v
		}
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		resp.Body.Close()
		if resp.StatusCode != tc.status || !resp.Close {
			t.Errorf("%s: status %d (want %d), close %v (want true)", tc.name, resp.StatusCode, tc.status, resp.Close)
		}
	}
}

// initializeBody is a JSON-RPC initialize request.
func initializeBody(id int) string {
	// Every other one spells the method with a JSON escape, which decodes
	// to initialize all the same.
	method := "initialize"
	if id%2 == 1 {
		method = `initiali\u007ae`
	}
	return fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"%s","params":{"protocolVersion":%q,"capabilities":{},"clientInfo":{"name":"t","version":"1"}}}`, id, method, protocolVersion)
}

// TestSessionCapCountsSessionsThatExist sends initialize requests carrying
// every kind of Mcp-Session-Id (made up, empty-looking, one that is live)
// and checks no more sessions exist than the cap allows.
func TestSessionCapCountsSessionsThatExist(t *testing.T) {
	t.Parallel()
	const limit = 3
	r := serveTest(t, newTestServer(), Options{Transport: TransportHTTP, MaxSessions: limit})
	post := func(sessionID string, body string) (*http.Response, error) {
		req, _ := http.NewRequest("POST", r.url+"/mcp", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+testToken)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/json, text/event-stream")
		if sessionID != "" {
			req.Header.Set(sessionIDHeader, sessionID)
		}
		return http.DefaultClient.Do(req)
	}
	var issued []string
	hostile := []string{"", "made-up", "mcp-session-00000000000000000000000000000000", " ", "x", "a,b"}
	admitted, refused := 0, 0
	for i := 0; i < 4*limit; i++ {
		id := hostile[i%len(hostile)]
		if i%len(hostile) == 1 && len(issued) > 0 {
			id = issued[0] // a live session's ID
		}
		resp, err := post(id, initializeBody(i))
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		switch resp.StatusCode {
		case http.StatusOK:
			admitted++
			if sid := resp.Header.Get(sessionIDHeader); sid != "" {
				issued = append(issued, sid)
			}
		case http.StatusServiceUnavailable:
			refused++
		default:
			t.Fatalf("initialize with session ID %q: %d", id, resp.StatusCode)
		}
	}
	if admitted != limit || refused != 3*limit {
		t.Errorf("admitted %d and refused %d initialize requests, want %d and %d", admitted, refused, limit, 3*limit)
	}
	t.Logf("%d initialize requests with hostile session IDs, %d refused", 4*limit, refused)
}
