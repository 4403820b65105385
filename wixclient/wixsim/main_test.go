package wixsim

import (
	"testing"

	"go.uber.org/goleak"
)

// Servers must not leak goroutines, even with hanging requests.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
