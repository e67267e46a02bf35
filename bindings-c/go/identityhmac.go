// Package identityhmac computes and verifies chat-widget identity hashes,
// lowercase_hex(HMAC-SHA256(secret, identifier)), for Chatwoot, Pylon,
// Intercom and others.
//
// It calls the identity-hmac C library (the shared Rust core) through cgo and
// links its static library, libidentity_hmac.a. The release module carries
// the header and a prebuilt library for each platform (linux/amd64,
// linux/arm64, darwin/amd64, darwin/arm64, windows/amd64; on musl Linux,
// build with -tags musl): it needs only CGO_ENABLED=1 and a C compiler.
//
// Inside a checkout of the repository (link_checkout.go), `cargo build
// --release -p identity-hmac-c` is enough: the package uses the repository's
// header and target/release directory. Another install is given on the cgo
// flags, which come first, for example:
//
//	CGO_CFLAGS="$(pkg-config --cflags identity_hmac)" \
//	CGO_LDFLAGS="$(pkg-config --libs-only-L identity_hmac)" go build
package identityhmac

/*
#cgo noescape identity_hmac_signer_sign_hex
#cgo nocallback identity_hmac_signer_sign_hex
#cgo noescape identity_hmac_signer_sign
#cgo nocallback identity_hmac_signer_sign
#cgo noescape identity_hmac_signer_verify_hex
#cgo nocallback identity_hmac_signer_verify_hex
#cgo noescape identity_hmac_verifier_verify_hex
#cgo nocallback identity_hmac_verifier_verify_hex
#cgo noescape identity_hmac_verifier_matching_key
#cgo nocallback identity_hmac_verifier_matching_key
#include <identity_hmac.h>
*/
import "C"

import (
	"fmt"
	"runtime"
	"unsafe"
)

// SecretEncoding says how a secret string becomes the HMAC key.
type SecretEncoding int

const (
	// Text uses the secret's bytes as they are: Chatwoot's inbox HMAC token,
	// Intercom, Help Scout, Front, Crisp, Plain.
	Text SecretEncoding = C.IDENTITY_HMAC_SECRET_TEXT
	// Hex decodes the secret as strict hex (even length, only 0-9a-fA-F):
	// Pylon's identity secret.
	Hex SecretEncoding = C.IDENTITY_HMAC_SECRET_HEX
)

// ParseSecretEncoding reads an encoding name: exactly "text" or "hex". Any
// other name is an *Error matching ErrUnknownSecretEncoding.
func ParseSecretEncoding(name string) (SecretEncoding, error) {
	var enc C.int
	if status := C.identity_hmac_secret_encoding_from_name(bytesOf(name), C.size_t(len(name)), &enc); status != C.IDENTITY_HMAC_OK {
		return 0, newError(status)
	}
	return SecretEncoding(enc), nil
}

// String returns "text" or "hex" (SecretEncoding(n) for another value).
func (e SecretEncoding) String() string {
	if name := C.identity_hmac_secret_encoding_name(C.int(e)); name != nil {
		return C.GoString(name)
	}
	return fmt.Sprintf("SecretEncoding(%d)", int(e))
}

// Version is the version of the linked C library.
func Version() string {
	return C.GoString(C.identity_hmac_version())
}

// bytesOf points C at a Go string's bytes without copying them; C only
// reads them during the call. Embedded NUL bytes are kept: the length is
// passed separately.
func bytesOf(s string) *C.uint8_t {
	return (*C.uint8_t)(unsafe.Pointer(unsafe.StringData(s)))
}

// Signer signs and verifies identifiers under one secret. It holds the keyed
// HMAC state, so each Sign costs two SHA-256 compressions for short
// identifiers. A Signer is safe for concurrent use by many goroutines,
// Close included: Close waits for calls in flight, and any call after it
// panics with ErrClosed. Pass a *Signer around; do not copy the struct.
type Signer struct {
	_ noCopy
	h *handle[*C.identity_hmac_signer]
}

// NewSigner decodes secret by enc and sets the key up once. Errors match
// ErrEmptySecret, ErrInvalidHexSecret (both also ErrInvalidSecret) or
// ErrUnknownSecretEncoding with errors.Is, and are *Error values with the
// details (Reason, Position); they never contain the secret.
func NewSigner(secret string, enc SecretEncoding) (*Signer, error) {
	var ptr *C.identity_hmac_signer
	var detail C.identity_hmac_error_detail
	status := C.identity_hmac_signer_new(bytesOf(secret), C.size_t(len(secret)), C.int(enc), &ptr, &detail)
	if status != C.IDENTITY_HMAC_OK {
		return nil, detailError(&detail)
	}
	return &Signer{h: newHandle(ptr, freeSigner)}, nil
}

func freeSigner(ptr *C.identity_hmac_signer) { C.identity_hmac_signer_free(ptr) }

// Close frees the signer and wipes its key state, after any Sign or Verify
// in flight has returned. It is safe to call more than once and from several
// goroutines; a finalizer calls it for a Signer that is never closed.
func (s *Signer) Close() {
	if s != nil {
		s.h.close()
	}
}

func (s *Signer) handle() *handle[*C.identity_hmac_signer] {
	if s == nil {
		panic(ErrClosed)
	}
	return s.h
}

// Sign returns the identity hash of identifier (its bytes) as 64 lowercase
// hex characters. It panics (with ErrClosed) only when the Signer is closed.
func (s *Signer) Sign(identifier string) string {
	var out [C.IDENTITY_HMAC_HEX_SIZE]byte
	h := s.handle()
	ptr := h.acquire()
	defer h.release()
	status := C.identity_hmac_signer_sign_hex(ptr, bytesOf(identifier), C.size_t(len(identifier)),
		(*C.char)(unsafe.Pointer(&out[0])))
	mustOK(status)
	return string(out[:C.IDENTITY_HMAC_HEX_LEN])
}

// Digest returns the raw 32-byte identity hash of identifier.
func (s *Signer) Digest(identifier string) [32]byte {
	var out [C.IDENTITY_HMAC_HASH_LEN]byte
	h := s.handle()
	ptr := h.acquire()
	defer h.release()
	status := C.identity_hmac_signer_sign(ptr, bytesOf(identifier), C.size_t(len(identifier)),
		(*C.uint8_t)(unsafe.Pointer(&out[0])))
	mustOK(status)
	return out
}

// Verify reports whether hash (64 hex characters, either case) is the
// identity hash of identifier, comparing in constant time. A malformed hash
// is false.
func (s *Signer) Verify(identifier, hash string) bool {
	h := s.handle()
	ptr := h.acquire()
	defer h.release()
	result := C.identity_hmac_signer_verify_hex(ptr, bytesOf(identifier), C.size_t(len(identifier)),
		bytesOf(hash), C.size_t(len(hash)))
	if result < 0 {
		mustOK(C.enum_identity_hmac_status(result))
	}
	return result == 1
}

// Verifier verifies under 1 to 16 secrets, newest first, for key rotation.
// Each check computes every candidate, so its timing does not reveal which
// secret matched. Safe for concurrent use, Close included, as a Signer is.
type Verifier struct {
	_ noCopy
	h *handle[*C.identity_hmac_verifier]
}

// NewVerifier builds a verifier from secrets, newest first, all decoded by
// enc. Errors also match ErrNoSecrets and ErrTooManySecrets; an invalid
// secret's *Error has its SecretIndex in the list.
func NewVerifier(secrets []string, enc SecretEncoding) (*Verifier, error) {
	// The count alone refuses a list over the maximum, so no more than the
	// first MAX+1 secrets are ever pinned or handed to C.
	if limit := C.IDENTITY_HMAC_MAX_SECRETS + 1; len(secrets) > limit {
		secrets = secrets[:limit]
	}
	var pinner runtime.Pinner
	defer pinner.Unpin()
	// The secrets stay in Go memory: pinned, and read by C during the call only.
	pointers := make([]*C.uint8_t, len(secrets)+1)
	lengths := make([]C.size_t, len(secrets)+1)
	for i, secret := range secrets {
		if len(secret) > 0 {
			pinner.Pin(unsafe.StringData(secret))
			pointers[i] = bytesOf(secret)
		}
		lengths[i] = C.size_t(len(secret))
	}
	var ptr *C.identity_hmac_verifier
	var detail C.identity_hmac_error_detail
	status := C.identity_hmac_verifier_new(&pointers[0], &lengths[0], C.size_t(len(secrets)), C.int(enc), &ptr, &detail)
	if status != C.IDENTITY_HMAC_OK {
		return nil, detailError(&detail)
	}
	return &Verifier{h: newHandle(ptr, freeVerifier)}, nil
}

func freeVerifier(ptr *C.identity_hmac_verifier) { C.identity_hmac_verifier_free(ptr) }

// Close frees the verifier and wipes its key states, after any call in
// flight has returned; safe to call more than once, from any goroutine.
func (v *Verifier) Close() {
	if v != nil {
		v.h.close()
	}
}

func (v *Verifier) handle() *handle[*C.identity_hmac_verifier] {
	if v == nil {
		panic(ErrClosed)
	}
	return v.h
}

// Verify reports whether hash matches identifier under any of the secrets.
func (v *Verifier) Verify(identifier, hash string) bool {
	h := v.handle()
	ptr := h.acquire()
	defer h.release()
	result := C.identity_hmac_verifier_verify_hex(ptr, bytesOf(identifier), C.size_t(len(identifier)),
		bytesOf(hash), C.size_t(len(hash)))
	if result < 0 {
		mustOK(C.enum_identity_hmac_status(result))
	}
	return result == 1
}

// MatchingKey returns the index (0 = newest) of the first secret under which
// hash matches identifier, and false when none does or hash is malformed.
func (v *Verifier) MatchingKey(identifier, hash string) (int, bool) {
	var index C.size_t
	h := v.handle()
	ptr := h.acquire()
	defer h.release()
	status := C.identity_hmac_verifier_matching_key(ptr, bytesOf(identifier), C.size_t(len(identifier)),
		bytesOf(hash), C.size_t(len(hash)), &index)
	switch status {
	case C.IDENTITY_HMAC_OK:
		return int(index), true
	case C.IDENTITY_HMAC_MISMATCH, C.IDENTITY_HMAC_MALFORMED_HASH:
		return 0, false
	}
	mustOK(status)
	return 0, false
}

// GenerateSecret returns a new secret: 32 bytes from the operating system's
// CSPRNG as 64 lowercase hex characters, for use with Hex. The error, when
// the random source fails, matches ErrRandomSourceFailed.
func GenerateSecret() (string, error) {
	var out [C.IDENTITY_HMAC_HEX_SIZE]byte
	status := C.identity_hmac_generate_secret_hex((*C.char)(unsafe.Pointer(&out[0])))
	if status != C.IDENTITY_HMAC_OK {
		return "", newError(status)
	}
	return string(out[:C.IDENTITY_HMAC_HEX_LEN]), nil
}

// mustOK panics on a status that only a bug can produce: every argument
// this package passes is valid.
func mustOK(status C.enum_identity_hmac_status) {
	if status != C.IDENTITY_HMAC_OK {
		panic("identityhmac: " + C.GoString(C.identity_hmac_status_message(C.int(status))))
	}
}
