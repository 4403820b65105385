package tools

import (
	"crypto/rand"
	"encoding/hex"
	"sync"
	"time"
)

// Bounds of the questions the gate keeps open.
const (
	// maxPending bounds the input requests of 2026-07-28 clients waiting
	// for an answer; past it the ones nearest their deadline are forgotten
	// (their answers are then refused, and nothing is sent).
	maxPending = 1000
	// maxOpenQuestions bounds the questions one session of an older client
	// may have open at once. Each holds its tool call until it is answered
	// or its deadline passes; the bound keeps such calls from occupying the
	// workers that serve the session's other calls.
	maxOpenQuestions = 3
)

// questions holds the confirmation questions the gate has asked and not
// yet seen answered. It is safe for concurrent use.
type questions struct {
	mu sync.Mutex
	// pending maps the opaque state sent with an input request to the call
	// it asked about, so an answer is accepted only for that exact call,
	// once, before its deadline.
	pending map[string]pendingCall
	// asking counts, per session, the questions being asked synchronously.
	asking map[string]int
}

type pendingCall struct {
	digest  string
	expires time.Time
}

func newQuestions() *questions {
	return &questions{pending: map[string]pendingCall{}, asking: map[string]int{}}
}

// ask records a question about the call with digest and returns the state
// to send with it.
func (q *questions) ask(digest string, ttl time.Duration) string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	state := hex.EncodeToString(b[:])
	q.mu.Lock()
	defer q.mu.Unlock()
	now := time.Now()
	q.prune(now)
	q.pending[state] = pendingCall{digest: digest, expires: now.Add(ttl)}
	return state
}

// prune forgets expired questions and, at maxPending, the ones that expire
// first.
func (q *questions) prune(now time.Time) {
	for k, p := range q.pending {
		if now.After(p.expires) {
			delete(q.pending, k)
		}
	}
	for len(q.pending) >= maxPending {
		oldest, at := "", time.Time{}
		for k, p := range q.pending {
			if oldest == "" || p.expires.Before(at) {
				oldest, at = k, p.expires
			}
		}
		delete(q.pending, oldest)
	}
}

// claim consumes a pending question's state if it was asked about this
// exact call and its deadline has not passed.
func (q *questions) claim(state, digest string) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	p, ok := q.pending[state]
	delete(q.pending, state)
	now := time.Now()
	q.prune(now)
	return ok && p.digest == digest && now.Before(p.expires)
}

// open reserves one of the session's synchronous question slots; release
// frees it.
func (q *questions) open(session string) (release func(), ok bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.asking[session] >= maxOpenQuestions {
		return nil, false
	}
	q.asking[session]++
	return func() {
		q.mu.Lock()
		defer q.mu.Unlock()
		if q.asking[session]--; q.asking[session] <= 0 {
			delete(q.asking, session)
		}
	}, true
}
