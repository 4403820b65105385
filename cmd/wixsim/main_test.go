package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wix-mcp/wix-mcp/wixclient/wixsim"
)

// lockedBuffer is written by run and read by the test at the same time.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestRunServesAndStops(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out lockedBuffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"--addr", "127.0.0.1:0"}, &out) }()

	urlRE := regexp.MustCompile(`listening on (http://127\.0\.0\.1:\d+)`)
	wants := []string{wixsim.AgencyAccountID, wixsim.AgencyKey, wixsim.OtherAccountID, wixsim.OtherKey,
		wixsim.RestrictedKey, wixsim.SiteBakery, `"Sandbox Bakery"`, wixsim.SiteHeadless, "namespace HEADLESS", wixsim.SiteOther}
	// The URL line comes first and the rest of the banner after it, line
	// by line: wait for all of it (bounded), not just the first line.
	complete := func(banner string) bool {
		for _, w := range wants {
			if !strings.Contains(banner, w) {
				return false
			}
		}
		return urlRE.MatchString(banner)
	}
	for deadline := time.Now().Add(10 * time.Second); !complete(out.String()) && time.Now().Before(deadline); {
		time.Sleep(5 * time.Millisecond)
	}
	banner := out.String()
	m := urlRE.FindStringSubmatch(banner)
	if m == nil {
		t.Fatalf("no URL printed: %q", banner)
	}
	base := m[1]
	for _, want := range wants {
		if !strings.Contains(banner, want) {
			t.Errorf("banner lacks %s:\n%s", want, banner)
		}
	}

	req, _ := http.NewRequest("POST", base+"/site-list/v2/sites/query", strings.NewReader(`{}`))
	req.Header.Set("Authorization", wixsim.AgencyKey)
	req.Header.Set("wix-account-id", wixsim.AgencyAccountID)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(body), "Sandbox Bakery") {
		t.Fatalf("query sites: %d %s", res.StatusCode, body)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("run did not stop after cancel")
	}
	if !strings.Contains(out.String(), "stopped") {
		t.Errorf("no stop message: %q", out.String())
	}
	http.DefaultClient.CloseIdleConnections()
}

func TestRunRejectsBadArguments(t *testing.T) {
	t.Parallel()
	var out lockedBuffer
	if err := run(context.Background(), []string{"--nope"}, &out); err == nil {
		t.Error("unknown flag accepted")
	}
	if err := run(context.Background(), []string{"extra"}, &out); err == nil {
		t.Error("positional argument accepted")
	}
	if err := run(context.Background(), []string{"--addr", "256.0.0.1:1"}, &out); err == nil {
		t.Error("bad address accepted")
	}
	bad := filepath.Join(t.TempDir(), "state.json")
	if err := os.WriteFile(bad, []byte("not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := run(context.Background(), []string{"--addr", "127.0.0.1:0", "--state", bad}, &out); err == nil ||
		!strings.Contains(err.Error(), "state file") {
		t.Errorf("a corrupt --state file: %v", err)
	}
}
