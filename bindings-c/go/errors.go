package identityhmac

/*
#include <identity_hmac.h>
*/
import "C"

import "errors"

// sentinels maps each code string to its sentinel error.
var sentinels = map[string]error{}

func sentinel(code string) error {
	err := errors.New("identityhmac: " + code)
	sentinels[code] = err
	return err
}

// Sentinel errors, one per code of the design contract that Go can meet;
// match them with errors.Is. The errors returned are *Error values that wrap
// them.
var (
	ErrEmptySecret           = sentinel("EMPTY_SECRET")
	ErrInvalidHexSecret      = sentinel("INVALID_HEX_SECRET")
	ErrUnknownSecretEncoding = sentinel("UNKNOWN_SECRET_ENCODING")
	ErrNoSecrets             = sentinel("NO_SECRETS")
	ErrTooManySecrets        = sentinel("TOO_MANY_SECRETS")
	ErrMalformedHash         = sentinel("MALFORMED_HASH")
	// ErrRandomSourceFailed: the operating system's random source failed (GenerateSecret).
	ErrRandomSourceFailed = sentinel("RANDOM_SOURCE_FAILED")

	// Widget presets (Identify, IdentifyScript, ParseWidget).
	ErrUnknownWidget = sentinel("UNKNOWN_WIDGET")
	// ErrMissingField: the user or the page lacks a value the preset needs
	// (*Error.Field names it: "email", "identifier", "app_id", "key_id", ...).
	ErrMissingField = sentinel("MISSING_FIELD")
	// ErrUnknownField: a page value the preset's call does not take.
	ErrUnknownField = sentinel("UNKNOWN_FIELD")
	// ErrInvalidNonce: a CSP nonce that is empty or not base64.
	ErrInvalidNonce = sentinel("INVALID_NONCE")

	// Tokens (SignToken, TokenVerifier).
	ErrMalformedToken       = sentinel("MALFORMED_TOKEN")
	ErrUnsupportedAlgorithm = sentinel("UNSUPPORTED_ALGORITHM")
	ErrUnknownKeyID         = sentinel("UNKNOWN_KEY_ID")
	ErrBadSignature         = sentinel("BAD_SIGNATURE")
	ErrTokenExpired         = sentinel("TOKEN_EXPIRED")
	ErrTokenNotYetValid     = sentinel("TOKEN_NOT_YET_VALID")
	ErrLifetimeTooLong      = sentinel("LIFETIME_TOO_LONG")
	// ErrMissingClaim: a token without a required claim (*Error.Claim names it).
	ErrMissingClaim = sentinel("MISSING_CLAIM")
	// ErrInvalidClaims: claims that are not a JSON object, a reserved claim
	// (exp, nbf, iat) that is not an integer, or claims encoding/json cannot
	// encode (*Error.Claim names the claim when there is one).
	ErrInvalidClaims = sentinel("INVALID_CLAIMS")
	// ErrInvalidArgument: a duration that is negative or not whole seconds.
	ErrInvalidArgument = sentinel("INVALID_ARGUMENT")

	// ErrInvalidSecret matches, with errors.Is, every error about a secret's
	// value (EMPTY_SECRET, INVALID_HEX_SECRET, ...), as the library classes them.
	ErrInvalidSecret = errors.New("identityhmac: invalid secret")
	// ErrClosed is the panic value of a call on a closed (or nil) Signer,
	// Verifier or TokenVerifier.
	ErrClosed = errors.New("identityhmac: use of a closed Signer, Verifier or TokenVerifier")
	// ErrInternal is a status that only a bug in this package or the library produces.
	ErrInternal = errors.New("identityhmac: internal error")
)

// Error is the detailed error of a failed call. It never contains the secret
// or any part of it, nor a claim's value.
type Error struct {
	// Code is the contract's code string, such as "INVALID_HEX_SECRET".
	Code string
	// Reason is the fixed phrase of an invalid secret ("empty", "odd length",
	// "invalid character"), else "".
	Reason string
	// Position is the 0-based position of an INVALID_HEX_SECRET error, else -1.
	Position int
	// SecretIndex is which secret of NewVerifier's list (0 = newest) is
	// invalid, else -1.
	SecretIndex int
	// Field is the user field or page value a MISSING_FIELD error is about
	// ("email", "identifier", "app_id", "key_id", ...), else "".
	Field string
	// Claim is the claim a MISSING_CLAIM or INVALID_CLAIMS error is about
	// ("user_id", "exp", ...), else "".
	Claim         string
	message       string
	sentinel      error
	invalidSecret bool
}

func (e *Error) Error() string { return "identityhmac: " + e.Code + ": " + e.message }

// Unwrap returns the sentinel error of e.Code, for errors.Is.
func (e *Error) Unwrap() error { return e.sentinel }

// Is makes errors.Is(err, ErrInvalidSecret) true for invalid-secret codes.
func (e *Error) Is(target error) bool { return target == ErrInvalidSecret && e.invalidSecret }

func sentinelOf(code string) error {
	if err, ok := sentinels[code]; ok {
		return err
	}
	return ErrInternal
}

func newError(status C.enum_identity_hmac_status) *Error {
	code := C.GoString(C.identity_hmac_status_code(C.int(status)))
	return &Error{
		Code:          code,
		Position:      -1,
		SecretIndex:   -1,
		message:       C.GoString(C.identity_hmac_status_message(C.int(status))),
		sentinel:      sentinelOf(code),
		invalidSecret: C.identity_hmac_status_is_invalid_secret(C.int(status)) == 1,
	}
}

// detailError is the error a constructor's identity_hmac_error_detail describes.
func detailError(detail *C.identity_hmac_error_detail) *Error {
	err := newError(detail.status)
	err.message = C.GoString(&detail.message[0])
	if detail.reason != nil {
		err.Reason = C.GoString(detail.reason)
	}
	const none = ^C.size_t(0)
	if detail.position != none {
		err.Position = int(detail.position)
	}
	if detail.secret_index != none {
		err.SecretIndex = int(detail.secret_index)
	}
	if detail.field != nil {
		err.Field = C.GoString(detail.field)
	}
	err.Claim = C.GoString(&detail.claim[0])
	return err
}
