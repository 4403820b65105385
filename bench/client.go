// Package bench measures wix-mcp as its users see it: tool calls per second
// and their latency over streamable HTTP with many concurrent sessions, the
// memory of idle sessions, and start-up time over stdio. It drives servers
// over the wire with a minimal MCP client, so any MCP server (wix-mcp, or a
// Node server for comparison) can be measured the same way. The command is
// cmd/wix-mcp-bench; BENCHMARKS.md has the results.
package bench

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// ProtocolVersion is the MCP version the client speaks: today's clients'.
const ProtocolVersion = "2025-11-25"

// Session is one MCP session over streamable HTTP. The client is minimal on
// purpose (one POST per request, no SDK), so the load it makes costs little
// CPU next to the server it measures.
type Session struct {
	url    string
	http   *http.Client
	id     string
	nextID int
}

// rpcAnswer is the part of a JSON-RPC answer the benchmark looks at.
type rpcAnswer struct {
	ID     json.RawMessage `json:"id"`
	Result *struct {
		IsError bool `json:"isError"`
	} `json:"result"`
	Error *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// ErrToolResult is returned by Call for a result with isError set.
var ErrToolResult = errors.New("tool result with isError")

// Open initializes a session at url (the MCP endpoint).
func Open(ctx context.Context, client *http.Client, url string) (*Session, error) {
	s := &Session{url: url, http: client}
	params := map[string]any{"protocolVersion": ProtocolVersion, "capabilities": map[string]any{}, "clientInfo": map[string]any{"name": "wix-mcp-bench", "version": "1"}}
	if _, err := s.request(ctx, "initialize", params); err != nil {
		return nil, fmt.Errorf("initialize: %w", err)
	}
	if err := s.notify(ctx, "notifications/initialized"); err != nil {
		return nil, fmt.Errorf("notifications/initialized: %w", err)
	}
	return s, nil
}

// Call calls a tool. A JSON-RPC error, an HTTP failure and an isError
// result (ErrToolResult) are all errors.
func (s *Session) Call(ctx context.Context, tool string, args map[string]any) error {
	ans, err := s.request(ctx, "tools/call", map[string]any{"name": tool, "arguments": args})
	if err != nil {
		return err
	}
	if ans.Result == nil {
		return errors.New("tools/call: no result")
	}
	if ans.Result.IsError {
		return ErrToolResult
	}
	return nil
}

// ListTools asks for tools/list and discards the answer.
func (s *Session) ListTools(ctx context.Context) error {
	_, err := s.request(ctx, "tools/list", map[string]any{})
	return err
}

// Listen opens the session's standalone GET event stream, as SDK clients do
// after initialize, and holds it open until ctx ends. It returns once the
// server has accepted the stream.
func (s *Session) Listen(ctx context.Context) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.url, nil)
	if err != nil {
		return err
	}
	s.headers(req)
	req.Header.Set("Accept", "text/event-stream")
	resp, err := s.http.Do(req) //nolint:bodyclose // closed below, or by the goroutine that reads the stream until ctx ends
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		return fmt.Errorf("GET stream: HTTP %d", resp.StatusCode)
	}
	go func() {
		defer resp.Body.Close()
		_, _ = io.Copy(io.Discard, resp.Body)
	}()
	return nil
}

// Close ends the session with DELETE, as a well-behaved client does.
func (s *Session) Close(ctx context.Context) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodDelete, s.url, nil)
	if err != nil {
		return err
	}
	s.headers(req)
	resp, err := s.http.Do(req)
	if err != nil {
		return err
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.Body.Close()
}

func (s *Session) headers(req *http.Request) {
	if s.id != "" {
		req.Header.Set("Mcp-Session-Id", s.id)
		req.Header.Set("Mcp-Protocol-Version", ProtocolVersion)
	}
}

func (s *Session) post(ctx context.Context, msg any) (*http.Response, error) {
	body, err := json.Marshal(msg)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.url, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	s.headers(req)
	resp, err := s.http.Do(req)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode/100 != 2 {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
		resp.Body.Close()
		return nil, fmt.Errorf("HTTP %d: %s", resp.StatusCode, strings.TrimSpace(string(b)))
	}
	if id := resp.Header.Get("Mcp-Session-Id"); id != "" && s.id == "" {
		s.id = id
	}
	return resp, nil
}

func (s *Session) notify(ctx context.Context, method string) error {
	resp, err := s.post(ctx, map[string]any{"jsonrpc": "2.0", "method": method})
	if err != nil {
		return err
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.Body.Close()
}

// request sends one JSON-RPC request and reads its answer, from a JSON body
// or from the event stream the server may answer with instead.
func (s *Session) request(ctx context.Context, method string, params any) (*rpcAnswer, error) {
	s.nextID++
	id := s.nextID
	resp, err := s.post(ctx, map[string]any{"jsonrpc": "2.0", "id": id, "method": method, "params": params})
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var ans *rpcAnswer
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		ans, err = answerFromStream(resp.Body, id)
	} else {
		ans = &rpcAnswer{}
		err = json.NewDecoder(resp.Body).Decode(ans)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: reading the answer: %w", method, err)
	}
	if ans.Error != nil {
		return nil, fmt.Errorf("%s: JSON-RPC error %d: %s", method, ans.Error.Code, ans.Error.Message)
	}
	return ans, nil
}

// answerFromStream reads server-sent events until the answer to id.
func answerFromStream(r io.Reader, id int) (*rpcAnswer, error) {
	want := fmt.Sprint(id)
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 64<<20)
	for sc.Scan() {
		data, ok := strings.CutPrefix(sc.Text(), "data:")
		if !ok {
			continue
		}
		var ans rpcAnswer
		if json.Unmarshal([]byte(strings.TrimSpace(data)), &ans) != nil {
			continue
		}
		if string(ans.ID) == want {
			return &ans, nil
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return nil, io.ErrUnexpectedEOF
}
