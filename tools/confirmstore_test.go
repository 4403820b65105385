package tools

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/wix-mcp/wix-mcp/sealedstate"
)

// TestConfirmationStoresBindTheCall checks, for the in-memory store and
// the sealed one, that an answer counts only for the exact call it was
// asked about, only once, and only before its deadline.
func TestConfirmationStoresBindTheCall(t *testing.T) {
	t.Parallel()
	sealed, err := sealedstate.New([]byte(strings.Repeat("s", 32)), 0, sealedstate.NewMemoryGuard())
	if err != nil {
		t.Fatal(err)
	}
	for name, store := range map[string]ConfirmationStore{"memory": newQuestions(), "sealed": sealed} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			d1 := "digest-of-call-1"
			state, _ := store.Issue(ctx, d1, time.Minute)
			if store.Claim(ctx, state, "digest-of-call-2") == nil {
				t.Fatal("an answer must not confirm a different call")
			}
			state, _ = store.Issue(ctx, d1, time.Minute)
			if err := store.Claim(ctx, state, d1); err != nil {
				t.Fatalf("the answer to this call must confirm it: %v", err)
			}
			if store.Claim(ctx, state, d1) == nil {
				t.Fatal("an answer must not be used twice")
			}
			if store.Claim(ctx, "made-up-state", d1) == nil {
				t.Fatal("a state the server never issued must not confirm anything")
			}
			late, _ := store.Issue(ctx, d1, 50*time.Millisecond)
			time.Sleep(80 * time.Millisecond)
			if store.Claim(ctx, late, d1) == nil {
				t.Fatal("an answer after the deadline must not confirm anything")
			}
		})
	}
}
