package identityhmac

/*
#include <identity_hmac.h>
*/
import "C"

import (
	"errors"
	"unsafe"
)

// Sentinel errors, one per code of the design contract; match them with
// errors.Is. The errors returned are *Error values that wrap them.
var (
	ErrEmptySecret           = errors.New("identityhmac: EMPTY_SECRET")
	ErrInvalidHexSecret      = errors.New("identityhmac: INVALID_HEX_SECRET")
	ErrUnknownSecretEncoding = errors.New("identityhmac: UNKNOWN_SECRET_ENCODING")
	ErrNoSecrets             = errors.New("identityhmac: NO_SECRETS")
	ErrTooManySecrets        = errors.New("identityhmac: TOO_MANY_SECRETS")
	ErrMalformedHash         = errors.New("identityhmac: MALFORMED_HASH")
	// ErrClosed is the panic value of a call on a closed (or nil) Signer or Verifier.
	ErrClosed = errors.New("identityhmac: use of a closed Signer or Verifier")
	// ErrInternal is a status that only a bug or a failing OS random source produces.
	ErrInternal = errors.New("identityhmac: internal error")
)

// Error is the detailed error of a failed constructor. It never contains the
// secret or any part of it.
type Error struct {
	// Code is the contract's code string, such as "INVALID_HEX_SECRET".
	Code string
	// Position is the 0-based position of an INVALID_HEX_SECRET error, else -1.
	Position int
	message  string
	sentinel error
}

func (e *Error) Error() string { return "identityhmac: " + e.Code + ": " + e.message }

// Unwrap returns the sentinel error of e.Code, for errors.Is.
func (e *Error) Unwrap() error { return e.sentinel }

func sentinelOf(code string) error {
	switch code {
	case "EMPTY_SECRET":
		return ErrEmptySecret
	case "INVALID_HEX_SECRET":
		return ErrInvalidHexSecret
	case "UNKNOWN_SECRET_ENCODING":
		return ErrUnknownSecretEncoding
	case "NO_SECRETS":
		return ErrNoSecrets
	case "TOO_MANY_SECRETS":
		return ErrTooManySecrets
	case "MALFORMED_HASH":
		return ErrMalformedHash
	}
	return ErrInternal
}

func newError(status C.enum_identity_hmac_status, position int, message string) *Error {
	code := C.GoString(C.identity_hmac_status_code(C.int(status)))
	if message == "" {
		message = C.GoString(C.identity_hmac_status_message(C.int(status)))
	}
	return &Error{Code: code, Position: position, message: message, sentinel: sentinelOf(code)}
}

// secretError asks the library why secret was refused: the reason and, for
// hex, the position; never the secret itself.
func secretError(status C.enum_identity_hmac_status, secret string, enc SecretEncoding) error {
	var position C.size_t
	var message [256]C.char
	C.identity_hmac_secret_check(bytesOf(secret), C.size_t(len(secret)), C.int(enc), &position,
		&message[0], C.size_t(len(message)))
	pos := -1
	if status == C.IDENTITY_HMAC_INVALID_HEX_SECRET {
		pos = int(position)
	}
	return newError(status, pos, C.GoString((*C.char)(unsafe.Pointer(&message[0]))))
}
