package httpserve

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/server"
)

func TestBoundedEventStoreReplays(t *testing.T) {
	t.Parallel()
	s := newBoundedEventStore(1 << 20)
	ctx := context.Background()
	var ids []string
	for i, stream := range []string{"a", "b", "a", "a", "b"} {
		id, err := s.StoreEvent(ctx, "s1", stream, json.RawMessage(fmt.Sprintf(`{"n":%d}`, i)))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	var got []string
	stream, err := s.ReplayEventsAfter(ctx, "s1", ids[0], func(id string, m json.RawMessage) error {
		got = append(got, string(m))
		return nil
	})
	if err != nil || stream != "a" || strings.Join(got, ",") != `{"n":2},{"n":3}` {
		t.Fatalf("replay after the first event of a: %q %v %v", stream, got, err)
	}
	if _, err := s.ReplayEventsAfter(ctx, "s2", ids[0], func(string, json.RawMessage) error { return nil }); !errors.Is(err, server.ErrUnknownEventID) {
		t.Errorf("another session's event ID: %v", err)
	}
	if err := s.PurgeSession(ctx, "s1"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ReplayEventsAfter(ctx, "s1", ids[0], func(string, json.RawMessage) error { return nil }); !errors.Is(err, server.ErrUnknownEventID) {
		t.Errorf("a purged session's event ID: %v", err)
	}
}

// TestBoundedEventStoreStaysWithinBudget records far more than the budget
// in one session: memory stays bounded, recent events stay resumable and
// forgotten ones are reported as unknown.
func TestBoundedEventStoreStaysWithinBudget(t *testing.T) {
	t.Parallel()
	const budget = 10_000
	s := newBoundedEventStore(budget)
	ctx := context.Background()
	msg := json.RawMessage(`"` + strings.Repeat("x", 998) + `"`) // 1,000 bytes
	var ids []string
	for range 1000 {
		id, _ := s.StoreEvent(ctx, "s", "stream", msg)
		ids = append(ids, id)
	}
	log := s.sessions["s"]
	if log.bytes > budget || len(log.events) != 10 || len(log.pos) != 10 {
		t.Fatalf("kept %d bytes in %d events (%d indexed), budget %d", log.bytes, len(log.events), len(log.pos), budget)
	}
	n := 0
	if _, err := s.ReplayEventsAfter(ctx, "s", ids[len(ids)-5], func(string, json.RawMessage) error { n++; return nil }); err != nil || n != 4 {
		t.Errorf("recent event: replayed %d, %v", n, err)
	}
	if _, err := s.ReplayEventsAfter(ctx, "s", ids[0], func(string, json.RawMessage) error { return nil }); !errors.Is(err, server.ErrUnknownEventID) {
		t.Errorf("a forgotten event must be unknown: %v", err)
	}
}
