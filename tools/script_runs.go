package tools

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sync"
	"time"

	"github.com/mark3labs/mcp-go/server"

	"github.com/wix-mcp/wix-mcp/script"
)

// Bounds of the suspended runs kept for their confirmation: how many, and
// how many bytes of recorded Wix answers in all (the oldest go first).
const (
	maxPendingRuns     = 100
	maxPendingRunBytes = 256 << 20
)

// pendingRun is a script run stopped to ask a person, kept until the
// client answers: the calls already made (sent once, never again) and the
// answers given so far.
type pendingRun struct {
	digest    string
	runID     string
	seed      int64
	recorded  map[int]script.Recorded
	pending   script.Pending
	endpoint  string
	approvals *approvals
	expires   time.Time
	size      int
}

// runStore holds suspended runs by the opaque state sent with the question.
type runStore struct {
	mu   sync.Mutex
	ttl  time.Duration
	runs map[string]*pendingRun
}

// newRunStore keeps suspended runs for ttl, the confirmation timeout: an
// answer after it is refused and nothing more is sent.
func newRunStore(ttl time.Duration) *runStore {
	return &runStore{ttl: ttl, runs: map[string]*pendingRun{}}
}

func (s *runStore) put(p *pendingRun) string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	state := hex.EncodeToString(b[:])
	for _, r := range p.recorded {
		p.size += len(r.Outcome.Body) + 256
	}
	p.expires = time.Now().Add(s.ttl)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.runs[state] = p
	s.prune(time.Now())
	return state
}

// prune forgets expired runs, then the oldest while over the bounds.
func (s *runStore) prune(now time.Time) {
	total := 0
	for k, p := range s.runs {
		if now.After(p.expires) {
			delete(s.runs, k)
			continue
		}
		total += p.size
	}
	for len(s.runs) > maxPendingRuns || total > maxPendingRunBytes {
		oldest := ""
		for k, p := range s.runs {
			if oldest == "" || p.expires.Before(s.runs[oldest].expires) {
				oldest = k
			}
		}
		total -= s.runs[oldest].size
		delete(s.runs, oldest)
	}
}

// claim takes the run a state names, once, if it is a run of the same
// script in the same session and has not expired.
func (s *runStore) claim(state, digest string) (*pendingRun, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.runs[state]
	delete(s.runs, state)
	s.prune(time.Now())
	return p, ok && p.digest == digest && time.Now().Before(p.expires)
}

// scriptDigest ties a suspended run to its session, script and mode.
func scriptDigest(ctx context.Context, src string, dryRun bool) string {
	session := ""
	if s := server.ClientSessionFromContext(ctx); s != nil {
		session = s.SessionID()
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%t\x00%s", session, dryRun, src)
	return hex.EncodeToString(h.Sum(nil))
}
