package bench

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"slices"
	"syscall"
	"time"
)

// errNoAnswer is a stdio server that closed its output before answering.
var errNoAnswer = errors.New("the server closed stdout before answering")

// StartupOptions describe a start-up run over stdio.
type StartupOptions struct {
	// Argv is the server command; Env is added to PATH and HOME.
	Argv, Env []string
	// Runs is how many timed starts to make, after one untimed start that
	// warms the page cache.
	Runs int
}

// StartupRun is one start of the server.
type StartupRun struct {
	// Initialize is the time from process start to the initialize answer;
	// ToolsList to the first tools/list answer (sent right after the
	// initialize answer and notifications/initialized).
	Initialize, ToolsList time.Duration
	// MaxRSS is the process's peak resident memory.
	MaxRSS int64
}

// StartupResult summarises the runs.
type StartupResult struct {
	Runs []StartupRun
}

// Median returns the medians of the runs' figures.
func (r *StartupResult) Median() StartupRun {
	var in, tl []time.Duration
	var rss []int64
	for _, run := range r.Runs {
		in, tl, rss = append(in, run.Initialize), append(tl, run.ToolsList), append(rss, run.MaxRSS)
	}
	slices.Sort(in)
	slices.Sort(tl)
	slices.Sort(rss)
	if len(in) == 0 {
		return StartupRun{}
	}
	return StartupRun{Initialize: in[len(in)/2], ToolsList: tl[len(tl)/2], MaxRSS: rss[len(rss)/2]}
}

// Range returns the fastest and slowest initialize answers.
func (r *StartupResult) Range() (lo, hi time.Duration) {
	for i, run := range r.Runs {
		if i == 0 || run.Initialize < lo {
			lo = run.Initialize
		}
		if run.Initialize > hi {
			hi = run.Initialize
		}
	}
	return lo, hi
}

// RunStartup starts the server o.Runs times and times its first answers.
func RunStartup(ctx context.Context, o StartupOptions) (*StartupResult, error) {
	if _, err := startOnce(ctx, o); err != nil {
		return nil, fmt.Errorf("warm-up start: %w", err)
	}
	res := &StartupResult{}
	for i := range o.Runs {
		run, err := startOnce(ctx, o)
		if err != nil {
			return nil, fmt.Errorf("start %d: %w", i+1, err)
		}
		res.Runs = append(res.Runs, run)
	}
	return res, nil
}

func startOnce(ctx context.Context, o StartupOptions) (StartupRun, error) {
	cmd := exec.CommandContext(ctx, o.Argv[0], o.Argv[1:]...) //nolint:gosec // G204: running the server named on the command line is this tool's job
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME")}, o.Env...)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return StartupRun{}, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return StartupRun{}, err
	}
	cmd.Stderr = io.Discard
	// The initialize request is written before the process runs: it waits
	// in the pipe, so the clock measures the server alone.
	init := `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"` + ProtocolVersion + `","capabilities":{},"clientInfo":{"name":"wix-mcp-bench","version":"1"}}}` + "\n"
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return StartupRun{}, err
	}
	var run StartupRun
	err = func() error {
		if _, err := io.WriteString(stdin, init); err != nil {
			// A process that exits at once closes its stdin before the
			// request is written: that is the same failure as no answer.
			if errors.Is(err, syscall.EPIPE) || errors.Is(err, os.ErrClosed) {
				return fmt.Errorf("initialize: %w", errNoAnswer)
			}
			return err
		}
		lines := bufio.NewReader(stdout)
		if err := awaitAnswer(lines, 1); err != nil {
			return fmt.Errorf("initialize: %w", err)
		}
		run.Initialize = time.Since(start)
		if _, err := io.WriteString(stdin, `{"jsonrpc":"2.0","method":"notifications/initialized"}`+"\n"+`{"jsonrpc":"2.0","id":2,"method":"tools/list","params":{}}`+"\n"); err != nil {
			return err
		}
		if err := awaitAnswer(lines, 2); err != nil {
			return fmt.Errorf("tools/list: %w", err)
		}
		run.ToolsList = time.Since(start)
		return nil
	}()
	stdin.Close()
	// Drain stdout so a server flushing at exit cannot block on the pipe.
	go func() { _, _ = io.Copy(io.Discard, stdout) }()
	// Some servers linger after stdin closes; how they exit is not measured.
	kill := time.AfterFunc(5*time.Second, func() { _ = cmd.Process.Kill() })
	_ = cmd.Wait()
	kill.Stop()
	if err != nil {
		return StartupRun{}, err
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		run.MaxRSS = ru.Maxrss << 10 // kilobytes on Linux
	}
	return run, nil
}

// awaitAnswer reads JSON-RPC lines until the answer with id; an error
// answer is an error.
func awaitAnswer(r *bufio.Reader, id int) error {
	for {
		line, err := r.ReadBytes('\n')
		if len(line) > 0 {
			var ans rpcAnswer
			if json.Unmarshal(line, &ans) == nil && string(ans.ID) == fmt.Sprint(id) {
				if ans.Error != nil {
					return fmt.Errorf("JSON-RPC error %d: %s", ans.Error.Code, ans.Error.Message)
				}
				return nil
			}
		}
		if err == io.EOF {
			return errNoAnswer
		}
		if err != nil {
			return err
		}
	}
}
