package httpserve

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"sync"

	"github.com/mark3labs/mcp-go/server"
)

// eventBudget is how many bytes of recorded events one session keeps for
// resumption: enough for the last couple of dozen full-size results.
const eventBudget = 512 << 10

// boundedEventStore is an in-memory server.EventStore that keeps only each
// session's most recent events, up to a byte budget.
//
// mcp-go records every message of a session once the session has received
// any notification (a progress report, say), and its own in-memory store
// keeps them until the session ends, so a long, busy session would grow
// without bound. Resuming a stream needs only recent events: a client that
// asks for an event older than the budget gets mcp-go's "unknown event"
// answer and starts a new stream.
type boundedEventStore struct {
	budget int

	mu       sync.Mutex
	seq      int64
	sessions map[string]*eventLog
}

// eventLog is one session's recorded events, oldest first.
type eventLog struct {
	events []recordedEvent
	bytes  int
	// pos maps an event ID to its absolute position; events[0] is at first.
	pos   map[string]int64
	first int64
}

type recordedEvent struct {
	id, stream string
	message    json.RawMessage
}

var _ server.EventStore = (*boundedEventStore)(nil)

func newBoundedEventStore(budget int) *boundedEventStore {
	return &boundedEventStore{budget: budget, sessions: map[string]*eventLog{}}
}

// StoreEvent records message as the next event of streamID, forgetting the
// session's oldest events while it is over budget.
func (s *boundedEventStore) StoreEvent(_ context.Context, sessionID, streamID string, message json.RawMessage) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	log := s.sessions[sessionID]
	if log == nil {
		log = &eventLog{pos: map[string]int64{}}
		s.sessions[sessionID] = log
	}
	s.seq++
	id := strconv.FormatInt(s.seq, 10)
	log.pos[id] = log.first + int64(len(log.events))
	// Callers may reuse the buffer after StoreEvent returns.
	log.events = append(log.events, recordedEvent{id: id, stream: streamID, message: append(json.RawMessage(nil), message...)})
	log.bytes += len(message)
	for log.bytes > s.budget && len(log.events) > 1 {
		old := log.events[0]
		log.events[0] = recordedEvent{} // let the message be collected
		log.events = log.events[1:]
		log.first++
		log.bytes -= len(old.message)
		delete(log.pos, old.id)
	}
	return id, nil
}

// ReplayEventsAfter sends the events of lastEventID's stream recorded after
// it, oldest first, and returns that stream's ID.
func (s *boundedEventStore) ReplayEventsAfter(_ context.Context, sessionID, lastEventID string, send func(eventID string, message json.RawMessage) error) (string, error) {
	s.mu.Lock()
	log := s.sessions[sessionID]
	var (
		stream string
		tail   []recordedEvent
	)
	if log != nil {
		if at, ok := log.pos[lastEventID]; ok {
			i := int(at - log.first)
			stream = log.events[i].stream
			for _, ev := range log.events[i+1:] {
				if ev.stream == stream {
					tail = append(tail, ev)
				}
			}
		}
	}
	s.mu.Unlock()
	if stream == "" {
		return "", fmt.Errorf("%w: %s", server.ErrUnknownEventID, lastEventID)
	}
	for _, ev := range tail {
		if err := send(ev.id, ev.message); err != nil {
			return "", err
		}
	}
	return stream, nil
}

// PurgeSession forgets a finished session's events.
func (s *boundedEventStore) PurgeSession(_ context.Context, sessionID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.sessions, sessionID)
	return nil
}
