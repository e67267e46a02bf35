package identityhmac

/*
#include <identity_hmac.h>
*/
import "C"

import (
	"bytes"
	"encoding/json"
	"runtime"
	"time"
	"unsafe"
)

// DefaultLeeway is the clock leeway of a TokenVerifier whose options leave
// Leeway zero.
const DefaultLeeway = 60 * time.Second

// TokenOptions says how SignToken signs, beyond the secret and the claims.
// The zero value (and a nil *TokenOptions) is a text secret, no exp, no kid
// and the system clock.
type TokenOptions struct {
	// SecretEncoding decodes the secret: Text (the zero value) or Hex.
	SecretEncoding SecretEncoding
	// ExpiresIn sets exp = iat + ExpiresIn; zero means no exp. Whole
	// seconds only (else ErrInvalidArgument).
	ExpiresIn time.Duration
	// KeyID is written into the header as kid; "" means none.
	KeyID string
	// Now is the signing time (iat); the zero Time means the system clock.
	Now time.Time
}

// wholeSeconds converts a duration for C: not negative, whole seconds.
func wholeSeconds(d time.Duration) (uint64, error) {
	if d < 0 || d%time.Second != 0 {
		return 0, newError(C.IDENTITY_HMAC_INVALID_ARGUMENT)
	}
	return uint64(d / time.Second), nil
}

// cOptions is the C form of o, its key id pinned.
func (o *TokenOptions) cOptions(pinner *runtime.Pinner) (*C.identity_hmac_token_options, error) {
	options := &C.identity_hmac_token_options{}
	if o == nil {
		return options, nil
	}
	if o.ExpiresIn != 0 {
		seconds, err := wholeSeconds(o.ExpiresIn)
		if err != nil {
			return nil, err
		}
		options.expires_in, options.has_expires_in = C.uint64_t(seconds), 1
	}
	if !o.Now.IsZero() {
		options.now, options.has_now = C.int64_t(o.Now.Unix()), 1
	}
	if o.KeyID != "" {
		options.key_id, options.key_id_len = pinnedBytes(pinner, o.KeyID), C.size_t(len(o.KeyID))
	}
	pinner.Pin(options)
	return options, nil
}

// claimsNotEncodable is INVALID_CLAIMS for claims encoding/json refuses (a
// NaN, a channel, a func, a cycle), as the library words it. json's own
// message is not kept, since it may quote a value.
func claimsNotEncodable() *Error {
	var detail C.identity_hmac_error_detail
	C.identity_hmac_claims_not_encodable(&detail)
	return detailError(&detail)
}

// claimsJSON is the JSON text of claims: JSON text as given
// (json.RawMessage, []byte, string), anything else through encoding/json.
func claimsJSON(claims any) ([]byte, error) {
	switch text := claims.(type) {
	case json.RawMessage:
		return text, nil
	case []byte:
		return text, nil
	case string:
		return []byte(text), nil
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(claims); err != nil {
		return nil, claimsNotEncodable()
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// SignToken signs claims as an HS256 JWT, header {"alg":"HS256","typ":"JWT"}
// (with "kid" for opts.KeyID). claims is a map or struct, encoded with
// encoding/json, or JSON text as json.RawMessage, []byte or string. The core
// adds iat (opts.Now, else the clock) and, with opts.ExpiresIn, exp.
//
// Errors are *Error values: ErrInvalidClaims (not a JSON object, a duplicate
// claim, a non-integer exp, nbf or iat, or a value encoding/json cannot
// encode, such as a NaN or a channel), ErrEmptySecret, ErrInvalidHexSecret,
// ErrUnknownSecretEncoding, ErrInvalidArgument. They never hold the secret
// or a claim's value.
func SignToken(secret string, claims any, opts *TokenOptions) (string, error) {
	text, err := claimsJSON(claims)
	if err != nil {
		return "", err
	}
	var pinner runtime.Pinner
	defer pinner.Unpin()
	options, err := opts.cOptions(&pinner)
	if err != nil {
		return "", err
	}
	encoding := Text
	if opts != nil {
		encoding = opts.SecretEncoding
	}
	var claimsPtr *C.uint8_t
	if len(text) > 0 {
		claimsPtr = (*C.uint8_t)(unsafe.Pointer(&text[0]))
	}
	return callOut(512+len(text)*4/3, func(out *C.char, capacity C.size_t, outLen *C.size_t, detail *C.identity_hmac_error_detail) C.enum_identity_hmac_status {
		return C.identity_hmac_sign_token(bytesOf(secret), C.size_t(len(secret)), C.int(encoding),
			claimsPtr, C.size_t(len(text)), options, out, capacity, outLen, detail)
	})
}

// TokenKey is one key of a TokenVerifier: a secret, and the key id (kid)
// that selects it ("" for a key without one).
type TokenKey struct {
	KeyID  string
	Secret string
}

// TokenVerifierOptions says what a TokenVerifier accepts. A nil
// *TokenVerifierOptions is the zero value: text secrets, a 60 s leeway, no
// maximum lifetime, no required claims.
type TokenVerifierOptions struct {
	// SecretEncoding decodes every key's secret: Text (the zero value) or Hex.
	SecretEncoding SecretEncoding
	// Leeway is the clock skew allowed for exp, nbf and iat, in whole
	// seconds: zero means DefaultLeeway (60 s), a negative value none.
	Leeway time.Duration
	// MaxLifetime refuses tokens whose exp - iat is longer (whole seconds);
	// zero means no maximum.
	MaxLifetime time.Duration
	// RequiredClaims are claims every token must have (ErrMissingClaim).
	RequiredClaims []string
}

// TokenVerifier verifies HS256 JWTs under 1 to 16 keys, newest first. It
// accepts HS256 only: none, RS256, HS384 and every other alg are refused
// before any key is used. A token with a kid is checked with that key; one
// without is checked with every key, in constant time. Safe for concurrent
// use, Close included, as a Signer is. Pass a *TokenVerifier around; do not
// copy the struct.
type TokenVerifier struct {
	_ noCopy
	h *handle[*C.identity_hmac_token_verifier]
}

// NewTokenVerifier builds a verifier from keys, newest first. Errors are
// *Error values matching ErrNoSecrets, ErrTooManySecrets, ErrEmptySecret,
// ErrInvalidHexSecret (SecretIndex says which key), ErrUnknownSecretEncoding
// or ErrInvalidArgument; they never contain a secret.
func NewTokenVerifier(keys []TokenKey, opts *TokenVerifierOptions) (*TokenVerifier, error) {
	if opts == nil {
		opts = &TokenVerifierOptions{}
	}
	// The count alone refuses a list over the maximum.
	if limit := C.IDENTITY_HMAC_MAX_SECRETS + 1; len(keys) > limit {
		keys = keys[:limit]
	}
	options := &C.identity_hmac_token_verifier_options{}
	switch {
	case opts.Leeway == 0:
		options.leeway = C.uint64_t(DefaultLeeway / time.Second)
	case opts.Leeway > 0:
		seconds, err := wholeSeconds(opts.Leeway)
		if err != nil {
			return nil, err
		}
		options.leeway = C.uint64_t(seconds)
	}
	if opts.MaxLifetime != 0 {
		seconds, err := wholeSeconds(opts.MaxLifetime)
		if err != nil {
			return nil, err
		}
		options.max_lifetime, options.has_max_lifetime = C.uint64_t(seconds), 1
	}
	var pinner runtime.Pinner
	defer pinner.Unpin()
	required := make([][2]string, len(opts.RequiredClaims))
	for i, name := range opts.RequiredClaims {
		required[i] = [2]string{name, ""}
	}
	requiredFields := cFields(&pinner, required)
	options.required_claims, options.required_claims_len = fieldsPtr(requiredFields), C.size_t(len(requiredFields))
	pinner.Pin(options)

	// The secrets stay in Go memory: pinned, and read by C during the call only.
	secrets := make([]*C.uint8_t, len(keys)+1)
	secretLens := make([]C.size_t, len(keys)+1)
	keyIDs := make([]*C.uint8_t, len(keys)+1)
	keyIDLens := make([]C.size_t, len(keys)+1)
	for i, key := range keys {
		if len(key.Secret) > 0 {
			secrets[i] = pinnedBytes(&pinner, key.Secret)
		}
		secretLens[i] = C.size_t(len(key.Secret))
		if key.KeyID != "" {
			keyIDs[i], keyIDLens[i] = pinnedBytes(&pinner, key.KeyID), C.size_t(len(key.KeyID))
		}
	}
	var ptr *C.identity_hmac_token_verifier
	var detail C.identity_hmac_error_detail
	status := C.identity_hmac_token_verifier_new(&secrets[0], &secretLens[0], &keyIDs[0], &keyIDLens[0],
		C.size_t(len(keys)), C.int(opts.SecretEncoding), options, &ptr, &detail)
	if status != C.IDENTITY_HMAC_OK {
		return nil, detailError(&detail)
	}
	return &TokenVerifier{h: newHandle(ptr, freeTokenVerifier)}, nil
}

func freeTokenVerifier(ptr *C.identity_hmac_token_verifier) { C.identity_hmac_token_verifier_free(ptr) }

// Close frees the verifier and wipes its keys, after any Verify in flight
// has returned; safe to call more than once, from any goroutine.
func (v *TokenVerifier) Close() {
	if v != nil {
		v.h.close()
	}
}

func (v *TokenVerifier) handle() *handle[*C.identity_hmac_token_verifier] {
	if v == nil {
		panic(ErrClosed)
	}
	return v.h
}

// Verify checks token against the system clock and returns its claims, as
// encoding/json decodes them with UseNumber: numbers are json.Number, so
// integers stay exact (claims["exp"].(json.Number).Int64()).
//
// Errors are *Error values matching ErrMalformedToken,
// ErrUnsupportedAlgorithm, ErrUnknownKeyID, ErrBadSignature,
// ErrTokenExpired, ErrTokenNotYetValid, ErrLifetimeTooLong, ErrMissingClaim
// (Claim names it) or ErrInvalidClaims. It panics with ErrClosed after Close.
func (v *TokenVerifier) Verify(token string) (map[string]any, error) {
	return v.verify(token, nil)
}

// VerifyAt is Verify as of now instead of the system clock.
func (v *TokenVerifier) VerifyAt(token string, now time.Time) (map[string]any, error) {
	seconds := C.int64_t(now.Unix())
	return v.verify(token, &seconds)
}

// VerifyJSON is Verify, returning the claims as the core's JSON text, to
// unmarshal into a struct of your own.
func (v *TokenVerifier) VerifyJSON(token string) (json.RawMessage, error) {
	text, err := v.verifyText(token, nil)
	if err != nil {
		return nil, err
	}
	return json.RawMessage(text), nil
}

func (v *TokenVerifier) verify(token string, now *C.int64_t) (map[string]any, error) {
	text, err := v.verifyText(token, now)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader([]byte(text)))
	dec.UseNumber()
	var claims map[string]any
	if err := dec.Decode(&claims); err != nil {
		return nil, newError(C.IDENTITY_HMAC_INTERNAL_ERROR)
	}
	return claims, nil
}

func (v *TokenVerifier) verifyText(token string, now *C.int64_t) (string, error) {
	h := v.handle()
	ptr := h.acquire()
	defer h.release()
	return callOut(256+len(token), func(out *C.char, capacity C.size_t, outLen *C.size_t, detail *C.identity_hmac_error_detail) C.enum_identity_hmac_status {
		return C.identity_hmac_token_verifier_verify(ptr, bytesOf(token), C.size_t(len(token)), now,
			out, capacity, outLen, detail)
	})
}
