// Package identityhmac computes and verifies chat-widget identity hashes,
// lowercase_hex(HMAC-SHA256(secret, identifier)), for Chatwoot, Pylon,
// Intercom and others.
//
// It calls the identity-hmac C library (the shared Rust core) through cgo and
// links its static library, libidentity_hmac.a. Build with the library's
// include and lib directories on the cgo flags, for example:
//
//	CGO_CFLAGS="$(pkg-config --cflags identity_hmac)" \
//	CGO_LDFLAGS="$(pkg-config --libs-only-L identity_hmac)" go build
//
// Inside a checkout of the repository, `cargo build --release -p
// identity-hmac-c` is enough: the package falls back to the repository's
// header and target/release directory.
package identityhmac

/*
#cgo CFLAGS: -I${SRCDIR}/../include
#cgo LDFLAGS: -L${SRCDIR}/../../target/release -l:libidentity_hmac.a -lpthread -ldl -lm
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

// String returns "text" or "hex".
func (e SecretEncoding) String() string {
	switch e {
	case Text:
		return "text"
	case Hex:
		return "hex"
	}
	return "SecretEncoding(unknown)"
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
// identifiers. A Signer is safe for concurrent use by many goroutines; Close
// must not run concurrently with other calls.
type Signer struct {
	ptr *C.identity_hmac_signer
}

// NewSigner decodes secret by enc and sets the key up once. Errors match
// ErrEmptySecret, ErrInvalidHexSecret or ErrUnknownSecretEncoding with
// errors.Is, and are *Error values with the details; they never contain the
// secret.
func NewSigner(secret string, enc SecretEncoding) (*Signer, error) {
	var ptr *C.identity_hmac_signer
	status := C.identity_hmac_signer_new(bytesOf(secret), C.size_t(len(secret)), C.int(enc), &ptr)
	if status != C.IDENTITY_HMAC_OK {
		return nil, secretError(status, secret, enc)
	}
	s := &Signer{ptr: ptr}
	runtime.SetFinalizer(s, (*Signer).Close)
	return s, nil
}

// Close frees the signer and wipes its key state. It is safe to call more
// than once; the signer must not be used afterwards.
func (s *Signer) Close() {
	if s != nil && s.ptr != nil {
		C.identity_hmac_signer_free(s.ptr)
		s.ptr = nil
		runtime.SetFinalizer(s, nil)
	}
}

func (s *Signer) handle() *C.identity_hmac_signer {
	if s == nil || s.ptr == nil {
		panic("identityhmac: use of a closed or nil Signer")
	}
	return s.ptr
}

// Sign returns the identity hash of identifier (its bytes) as 64 lowercase
// hex characters. It panics only when the Signer is closed.
func (s *Signer) Sign(identifier string) string {
	var out [C.IDENTITY_HMAC_HEX_SIZE]byte
	status := C.identity_hmac_signer_sign_hex(s.handle(), bytesOf(identifier), C.size_t(len(identifier)),
		(*C.char)(unsafe.Pointer(&out[0])))
	runtime.KeepAlive(s)
	mustOK(status)
	return string(out[:C.IDENTITY_HMAC_HEX_LEN])
}

// Digest returns the raw 32-byte identity hash of identifier.
func (s *Signer) Digest(identifier string) [32]byte {
	var out [C.IDENTITY_HMAC_HASH_LEN]byte
	status := C.identity_hmac_signer_sign(s.handle(), bytesOf(identifier), C.size_t(len(identifier)),
		(*C.uint8_t)(unsafe.Pointer(&out[0])))
	runtime.KeepAlive(s)
	mustOK(status)
	return out
}

// Verify reports whether hash (64 hex characters, either case) is the
// identity hash of identifier, comparing in constant time. A malformed hash
// is false.
func (s *Signer) Verify(identifier, hash string) bool {
	result := C.identity_hmac_signer_verify_hex(s.handle(), bytesOf(identifier), C.size_t(len(identifier)),
		bytesOf(hash), C.size_t(len(hash)))
	runtime.KeepAlive(s)
	if result < 0 {
		mustOK(C.enum_identity_hmac_status(result))
	}
	return result == 1
}

// Verifier verifies under 1 to 16 secrets, newest first, for key rotation.
// Each check computes every candidate, so its timing does not reveal which
// secret matched. Safe for concurrent use; Close must not race other calls.
type Verifier struct {
	ptr *C.identity_hmac_verifier
}

// NewVerifier builds a verifier from secrets, newest first, all decoded by
// enc. Errors also match ErrNoSecrets and ErrTooManySecrets.
func NewVerifier(secrets []string, enc SecretEncoding) (*Verifier, error) {
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
	status := C.identity_hmac_verifier_new(&pointers[0], &lengths[0], C.size_t(len(secrets)), C.int(enc), &ptr)
	if status != C.IDENTITY_HMAC_OK {
		for _, secret := range secrets {
			if C.identity_hmac_secret_check(bytesOf(secret), C.size_t(len(secret)), C.int(enc), nil, nil, 0) != C.IDENTITY_HMAC_OK {
				return nil, secretError(status, secret, enc)
			}
		}
		return nil, newError(status, -1, "")
	}
	v := &Verifier{ptr: ptr}
	runtime.SetFinalizer(v, (*Verifier).Close)
	return v, nil
}

// Close frees the verifier and wipes its key states; safe to call twice.
func (v *Verifier) Close() {
	if v != nil && v.ptr != nil {
		C.identity_hmac_verifier_free(v.ptr)
		v.ptr = nil
		runtime.SetFinalizer(v, nil)
	}
}

func (v *Verifier) handle() *C.identity_hmac_verifier {
	if v == nil || v.ptr == nil {
		panic("identityhmac: use of a closed or nil Verifier")
	}
	return v.ptr
}

// Verify reports whether hash matches identifier under any of the secrets.
func (v *Verifier) Verify(identifier, hash string) bool {
	result := C.identity_hmac_verifier_verify_hex(v.handle(), bytesOf(identifier), C.size_t(len(identifier)),
		bytesOf(hash), C.size_t(len(hash)))
	runtime.KeepAlive(v)
	if result < 0 {
		mustOK(C.enum_identity_hmac_status(result))
	}
	return result == 1
}

// MatchingKey returns the index (0 = newest) of the first secret under which
// hash matches identifier, and false when none does or hash is malformed.
func (v *Verifier) MatchingKey(identifier, hash string) (int, bool) {
	var index C.size_t
	status := C.identity_hmac_verifier_matching_key(v.handle(), bytesOf(identifier), C.size_t(len(identifier)),
		bytesOf(hash), C.size_t(len(hash)), &index)
	runtime.KeepAlive(v)
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
// CSPRNG as 64 lowercase hex characters, for use with Hex.
func GenerateSecret() (string, error) {
	var out [C.IDENTITY_HMAC_HEX_SIZE]byte
	status := C.identity_hmac_generate_secret_hex((*C.char)(unsafe.Pointer(&out[0])))
	if status != C.IDENTITY_HMAC_OK {
		return "", newError(status, -1, "")
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
