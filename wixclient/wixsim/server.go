package wixsim

import (
	"context"
	"net"
	"net/http"
	"sync"
	"time"
)

// Server is a Sim listening on a loopback port, like httptest.Server.
type Server struct {
	// URL is the base URL, e.g. http://127.0.0.1:54321, with no trailing
	// slash; paths such as /contacts/v4/contacts/query go after it.
	URL string
	// Sim is the emulator behind the server, for seeding, faults and the
	// request log.
	Sim *Sim

	srv      *http.Server
	listener net.Listener
	served   chan struct{}
	inflight sync.WaitGroup
	closing  sync.Once
}

// NewServer starts a Sim on 127.0.0.1 at a free port. It panics if it
// cannot listen, as httptest.NewServer does.
func NewServer(opts ...Option) *Server {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic("wixsim: cannot listen on 127.0.0.1: " + err.Error())
	}
	return Serve(l, New(opts...))
}

// Serve starts serving sim on l; Close stops it and closes l.
func Serve(l net.Listener, sim *Sim) *Server {
	s := &Server{URL: "http://" + l.Addr().String(), Sim: sim, listener: l, served: make(chan struct{})}
	s.srv = &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			s.inflight.Add(1)
			defer s.inflight.Done()
			sim.ServeHTTP(w, r)
		}),
		ReadHeaderTimeout: 10 * time.Second,
	}
	go func() {
		defer close(s.served)
		// Serve only fails when the listener does, which Close causes.
		_ = s.srv.Serve(l)
	}()
	return s
}

// Close stops the server: it closes the listener and every connection,
// which cancels hanging requests, and waits until their handlers return.
func (s *Server) Close() {
	s.closing.Do(func() {
		_ = s.srv.Close()
		<-s.served
		s.inflight.Wait()
	})
}

// Shutdown stops the server gracefully: in-flight requests may finish
// until ctx ends, then the rest are cut as by Close.
func (s *Server) Shutdown(ctx context.Context) error {
	err := s.srv.Shutdown(ctx)
	s.Close()
	return err
}
