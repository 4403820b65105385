package tools

import (
	"context"
	"errors"
	"time"

	"github.com/wix-mcp/wix-mcp/sealedstate"
)

// ConfirmationStore issues the opaque requestState an input request of a
// 2026-07-28 client carries, and redeems it when the answer comes back.
// The digest names the exact call (and its user and session); Claim must
// fail for any other digest, after ttl, and the second time.
type ConfirmationStore interface {
	Issue(ctx context.Context, digest string, ttl time.Duration) (string, error)
	Claim(ctx context.Context, state, digest string) error
}

// errUnknownState is the in-memory store's refusal: it does not say
// whether the state was never issued, forgotten, used or for another call.
var errUnknownState = errors.New("the answer does not match a pending question")

// Issue implements ConfirmationStore with this process's memory.
func (q *questions) Issue(_ context.Context, digest string, ttl time.Duration) (string, error) {
	return q.ask(digest, ttl), nil
}

// Claim implements ConfirmationStore with this process's memory.
func (q *questions) Claim(_ context.Context, state, digest string) error {
	if !q.claim(state, digest) {
		return errUnknownState
	}
	return nil
}

// confirmationOutcome names a refused answer for the metrics.
func confirmationOutcome(err error) string {
	switch {
	case errors.Is(err, sealedstate.ErrExpired):
		return "expired"
	case errors.Is(err, sealedstate.ErrReplayed):
		return "replayed"
	}
	return "invalid"
}
