package bench

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// Process is an MCP server under test, serving streamable HTTP.
type Process struct {
	// URL is the MCP endpoint.
	URL string
	// PID is the server's process ID, for its memory figures.
	PID int
	cmd *exec.Cmd
}

// StartHTTP runs argv with env (added to PATH and HOME) and an --addr on a
// free loopback port, and waits until the server answers an initialize.
func StartHTTP(ctx context.Context, argv, env []string, logFile string) (*Process, error) {
	if len(argv) == 0 {
		return nil, errors.New("no server command")
	}
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(argv[0], append(argv[1:], "--addr", addr)...) //nolint:gosec // G204: running the server named on the command line is this tool's job
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME")}, env...)
	if logFile != "" {
		f, err := os.Create(logFile) //nolint:gosec // G304: the log file is named by the person running the benchmark
		if err != nil {
			return nil, err
		}
		defer f.Close()
		cmd.Stdout, cmd.Stderr = f, f
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	p := &Process{URL: "http://" + addr + "/mcp", PID: cmd.Process.Pid, cmd: cmd}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	deadline := time.Now().Add(15 * time.Second)
	client := &http.Client{Timeout: time.Second}
	for {
		select {
		case err := <-exited:
			return nil, fmt.Errorf("the server exited before serving: %v (see %s)", err, logFile)
		default:
		}
		s, err := Open(ctx, client, p.URL)
		if err == nil {
			_ = s.Close(ctx)
			return p, nil
		}
		if time.Now().After(deadline) {
			_ = cmd.Process.Kill()
			return nil, fmt.Errorf("the server did not answer initialize within 15s: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Stop ends a server StartHTTP started.
func (p *Process) Stop() {
	if p.cmd != nil && p.cmd.Process != nil {
		_ = p.cmd.Process.Signal(os.Interrupt)
		// The Wait in StartHTTP reaps it; /proc/PID lingers until then.
		for i := 0; i < 100 && processAlive(p.PID); i++ {
			time.Sleep(20 * time.Millisecond)
		}
		_ = p.cmd.Process.Kill()
	}
}

func processAlive(pid int) bool {
	_, err := os.Stat("/proc/" + strconv.Itoa(pid))
	return err == nil
}

func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

// Memory is a process's resident memory, from /proc (Linux only).
type Memory struct {
	// RSS is the resident set now; Peak is its high-water mark.
	RSS, Peak int64
}

// ReadMemory reads VmRSS and VmHWM of pid.
func ReadMemory(pid int) (Memory, error) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return Memory{}, fmt.Errorf("memory of process %d: %w", pid, err)
	}
	var m Memory
	for _, line := range strings.Split(string(b), "\n") {
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		fields := strings.Fields(value)
		if len(fields) != 2 || fields[1] != "kB" {
			continue
		}
		kb, err := strconv.ParseInt(fields[0], 10, 64)
		if err != nil {
			continue
		}
		switch name {
		case "VmRSS":
			m.RSS = kb << 10
		case "VmHWM":
			m.Peak = kb << 10
		}
	}
	if m.RSS == 0 {
		return m, fmt.Errorf("no VmRSS in /proc/%d/status", pid)
	}
	return m, nil
}

// MiB formats a byte count in mebibytes.
func MiB(n int64) string { return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20)) }

// CPUTime returns the user plus system CPU time pid has used, from
// /proc/PID/stat (Linux only; clock ticks of 10 ms).
func CPUTime(pid int) (time.Duration, error) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, err
	}
	// The command name may hold spaces; fields count from after its ')'.
	s := string(b)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(fields) < 13 {
		return 0, fmt.Errorf("short /proc/%d/stat", pid)
	}
	utime, err1 := strconv.ParseInt(fields[11], 10, 64)
	stime, err2 := strconv.ParseInt(fields[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("malformed /proc/%d/stat", pid)
	}
	return time.Duration(utime+stime) * 10 * time.Millisecond, nil
}
