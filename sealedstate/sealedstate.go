// Package sealedstate makes the requestState of a confirmation question
// something any replica can trust without shared memory: the state is
// sealed with AES-256-GCM under a key derived from a secret every replica
// holds, bound to the exact call (its digest, as additional data) and to
// an expiry, and redeemed at most once through a ReplayGuard (Redis when
// replicas share one, else this process's memory).
//
// Protocol 2026-07-28 has no sessions: a question travels as an
// input_required result with an opaque requestState, and the answer comes
// back, with that state, to whichever replica the load balancer picks
// (https://modelcontextprotocol.io/specification/draft/basic/utilities/mrtr).
package sealedstate

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"
)

// MinSecretBytes is the shortest shared secret accepted.
const MinSecretBytes = 32

// DefaultTTL is how long a question stays answerable.
const DefaultTTL = 5 * time.Minute

// version prefixes every sealed state, so the format can change.
const version byte = 1

// aadPrefix separates this use of the key from any other.
const aadPrefix = "wix-mcp requestState v1\x00"

const (
	nonceBytes = 16 // the single-use identity of a question
	plainBytes = 8 + nonceBytes
)

// Why a state was refused. Every refusal sends nothing.
var (
	// ErrInvalid: not a state this secret sealed for this call (tampered,
	// forged, from another deployment, or for another call or user).
	ErrInvalid = errors.New("the state was not issued for this call")
	// ErrExpired: the question's time ran out.
	ErrExpired = errors.New("the question has expired")
	// ErrReplayed: the answer was already used, here or on another replica.
	ErrReplayed = errors.New("the answer was already used")
)

// ReplayGuard remembers which questions were answered.
type ReplayGuard interface {
	// Claim records nonce as used until the given time. It reports false
	// when the nonce was claimed before, by any holder of the guard.
	Claim(ctx context.Context, nonce string, until time.Time) (bool, error)
}

// Store issues and redeems sealed states. It is safe for concurrent use.
type Store struct {
	aead   cipher.AEAD
	ttl    time.Duration
	replay ReplayGuard
	now    func() time.Time
}

// New returns a Store sealing under a key derived from secret, whose
// questions last ttl (DefaultTTL when zero) and are redeemed once through
// replay.
func New(secret []byte, ttl time.Duration, replay ReplayGuard) (*Store, error) {
	if len(secret) < MinSecretBytes {
		return nil, fmt.Errorf("the state secret holds %d bytes; it needs at least %d random bytes (for example: openssl rand -base64 48)", len(secret), MinSecretBytes)
	}
	if replay == nil {
		return nil, errors.New("sealedstate: no replay guard")
	}
	key, err := hkdf.Key(sha256.New, secret, nil, "wix-mcp requestState AES-256-GCM", 32)
	if err != nil {
		return nil, fmt.Errorf("deriving the state key: %w", err)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("state cipher: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("state cipher: %w", err)
	}
	if ttl <= 0 {
		ttl = DefaultTTL
	}
	return &Store{aead: aead, ttl: ttl, replay: replay, now: time.Now}, nil
}

// ReadSecretFile reads a shared secret from a file; surrounding white
// space is ignored, so a file written with echo works.
func ReadSecretFile(path string) ([]byte, error) {
	data, err := os.ReadFile(path) //nolint:gosec // G304: the file the operator names with --state-secret-file
	if err != nil {
		return nil, fmt.Errorf("reading the state secret: %w", err)
	}
	secret := []byte(strings.TrimSpace(string(data)))
	if len(secret) < MinSecretBytes {
		return nil, fmt.Errorf("the state secret file %s holds %d bytes; it needs at least %d random bytes (for example: openssl rand -base64 48 > %s)", path, len(secret), MinSecretBytes, path)
	}
	return secret, nil
}

// Issue seals a new question about the call with this digest, answerable
// for ttl (the Store's own when zero).
func (s *Store) Issue(_ context.Context, digest string, ttl time.Duration) (string, error) {
	if ttl <= 0 {
		ttl = s.ttl
	}
	var plain [plainBytes]byte
	binary.BigEndian.PutUint64(plain[:8], uint64(s.now().Add(ttl).UnixMilli())) //nolint:gosec // G115: a time after 1970
	if _, err := rand.Read(plain[8:]); err != nil {
		return "", fmt.Errorf("state nonce: %w", err)
	}
	out := make([]byte, 1, 1+s.aead.NonceSize()+plainBytes+s.aead.Overhead())
	out[0] = version
	gcmNonce := make([]byte, s.aead.NonceSize())
	if _, err := rand.Read(gcmNonce); err != nil {
		return "", fmt.Errorf("state nonce: %w", err)
	}
	out = append(out, gcmNonce...)
	out = s.aead.Seal(out, gcmNonce, plain[:], aad(digest))
	return base64.RawURLEncoding.EncodeToString(out), nil
}

// Claim redeems state for the call with this digest: it must open under
// this secret for this very call, be unexpired, and not have been claimed
// before. Only then may the call be sent.
func (s *Store) Claim(ctx context.Context, state, digest string) error {
	expires, nonce, err := s.open(state, digest)
	if err != nil {
		return err
	}
	if !s.now().Before(expires) {
		return ErrExpired
	}
	first, err := s.replay.Claim(ctx, nonce, expires)
	if err != nil {
		return fmt.Errorf("cannot check that the answer is used once: %w", err)
	}
	if !first {
		return ErrReplayed
	}
	return nil
}

func (s *Store) open(state, digest string) (time.Time, string, error) {
	raw, err := base64.RawURLEncoding.DecodeString(state)
	ns := s.aead.NonceSize()
	if err != nil || len(raw) != 1+ns+plainBytes+s.aead.Overhead() || raw[0] != version {
		return time.Time{}, "", ErrInvalid
	}
	plain, err := s.aead.Open(nil, raw[1:1+ns], raw[1+ns:], aad(digest))
	if err != nil {
		return time.Time{}, "", ErrInvalid
	}
	ms := int64(binary.BigEndian.Uint64(plain[:8])) //nolint:gosec // G115: written by Issue from a positive time
	return time.UnixMilli(ms), hex.EncodeToString(plain[8:]), nil
}

func aad(digest string) []byte { return []byte(aadPrefix + digest) }
