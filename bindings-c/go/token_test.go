package identityhmac

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

const tokenSecret = "intercom-messenger-api-secret-6Td"

var t0 = time.Unix(1767225600, 0)

func decodeSegment(t testing.TB, segment string) []byte {
	t.Helper()
	raw, err := base64.RawURLEncoding.DecodeString(segment)
	if err != nil {
		t.Fatalf("segment %q: %v", segment, err)
	}
	return raw
}

// handMade is a JWT built here with crypto/hmac, the header and claims as given.
func handMade(header, claims string, key []byte) string {
	signing := base64.RawURLEncoding.EncodeToString([]byte(header)) + "." + base64.RawURLEncoding.EncodeToString([]byte(claims))
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(signing))
	return signing + "." + base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

func TestSignTokenIsAnHS256JWT(t *testing.T) {
	token, err := SignToken(tokenSecret, map[string]any{"user_id": "42", "email": "alice@example.com"},
		&TokenOptions{ExpiresIn: time.Hour, Now: t0})
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		t.Fatalf("token %q", token)
	}
	if header := decodeSegment(t, parts[0]); string(header) != `{"alg":"HS256","typ":"JWT"}` {
		t.Errorf("header %s", header)
	}
	if claims := decodeSegment(t, parts[1]); string(claims) != `{"email":"alice@example.com","exp":1767229200,"iat":1767225600,"user_id":"42"}` {
		t.Errorf("claims %s", claims)
	}
	mac := hmac.New(sha256.New, []byte(tokenSecret))
	mac.Write([]byte(parts[0] + "." + parts[1]))
	if !hmac.Equal(decodeSegment(t, parts[2]), mac.Sum(nil)) {
		t.Error("the signature is not crypto/hmac's")
	}
	// Hex secrets, a key id, a 131-byte key.
	key := make([]byte, 131)
	for i := range key {
		key[i] = byte(i * 7)
	}
	token, err = SignToken(hex.EncodeToString(key), map[string]string{"sub": "ünï"},
		&TokenOptions{SecretEncoding: Hex, KeyID: "k1", Now: t0})
	if err != nil {
		t.Fatal(err)
	}
	if want := handMade(`{"alg":"HS256","kid":"k1","typ":"JWT"}`, `{"iat":1767225600,"sub":"ünï"}`, key); token != want {
		t.Errorf("hex-key token %s, want %s", token, want)
	}
}

func TestSignTokenClaimKinds(t *testing.T) {
	type claims struct {
		UserID string `json:"user_id"`
		Email  string `json:"email,omitempty"`
		Admin  bool   `json:"admin"`
	}
	want := handMade(`{"alg":"HS256","typ":"JWT"}`, `{"admin":false,"iat":1767225600,"user_id":"<42>"}`, []byte(tokenSecret))
	for name, c := range map[string]any{
		"struct":     claims{UserID: "<42>"},
		"pointer":    &claims{UserID: "<42>"},
		"map":        map[string]any{"user_id": "<42>", "admin": false},
		"RawMessage": json.RawMessage(`{"user_id":"<42>","admin":false}`),
		"[]byte":     []byte(`{"user_id": "<42>", "admin": false}`),
		"string":     `{"admin":false,"user_id":"\u003c42>"}`,
	} {
		token, err := SignToken(tokenSecret, c, &TokenOptions{Now: t0})
		if err != nil || token != want {
			t.Errorf("%s: %s, %v; want %s", name, token, err, want)
		}
	}
}

func TestSignTokenRefusals(t *testing.T) {
	cycle := map[string]any{}
	cycle["self"] = cycle
	unencodable := map[string]any{
		"NaN":      map[string]any{"n": math.NaN()},
		"+Inf":     map[string]float64{"n": math.Inf(1)},
		"chan":     map[string]any{"c": make(chan int)},
		"func":     map[string]any{"f": func() {}},
		"cycle":    cycle,
		"complex":  map[string]any{"z": complex(1, 2)},
		"int keys": map[bool]int{true: 1},
	}
	for name, claims := range unencodable {
		_, err := SignToken(tokenSecret, claims, nil)
		assertCode(t, name, err, "INVALID_CLAIMS", tokenSecret)
		if err == nil || err.Error() != "identityhmac: INVALID_CLAIMS: invalid claims: not encodable as JSON by the host" {
			t.Errorf("%s: message %v", name, err)
		}
		if !errors.Is(err, ErrInvalidClaims) {
			t.Errorf("%s: not ErrInvalidClaims", name)
		}
	}
	refused := []struct {
		name   string
		claims any
		claim  string
	}{
		{"array", []int{1}, ""},
		{"nil", nil, ""},
		{"a string claim value", "not json", ""},
		{"exp as text", map[string]any{"exp": "soon"}, "exp"},
		{"iat as float", map[string]any{"iat": 1.5}, "iat"},
		{"duplicate in text", `{"user_id":"1","user_id":"2"}`, ""},
	}
	for _, c := range refused {
		_, err := SignToken(tokenSecret, c.claims, &TokenOptions{Now: t0})
		assertCode(t, c.name, err, "INVALID_CLAIMS", tokenSecret)
		var detail *Error
		if errors.As(err, &detail) && detail.Claim != c.claim {
			t.Errorf("%s: Claim %q, want %q", c.name, detail.Claim, c.claim)
		}
	}
	_, err := SignToken(tokenSecret, map[string]any{"exp": 5}, &TokenOptions{ExpiresIn: time.Hour})
	assertCode(t, "exp twice", err, "INVALID_CLAIMS", tokenSecret)
	_, err = SignToken("", map[string]any{}, nil)
	assertCode(t, "empty secret", err, "EMPTY_SECRET")
	_, err = SignToken("zz"+tokenSecret, map[string]any{}, &TokenOptions{SecretEncoding: Hex})
	assertCode(t, "bad hex", err, "INVALID_HEX_SECRET", tokenSecret)
	_, err = SignToken(tokenSecret, map[string]any{}, &TokenOptions{SecretEncoding: SecretEncoding(3)})
	assertCode(t, "bad encoding", err, "UNKNOWN_SECRET_ENCODING", tokenSecret)
	for _, d := range []time.Duration{-time.Second, time.Millisecond, 1500 * time.Millisecond} {
		_, err = SignToken(tokenSecret, map[string]any{}, &TokenOptions{ExpiresIn: d})
		assertCode(t, "expires in "+d.String(), err, "INVALID_ARGUMENT", tokenSecret)
	}
}

func newTestVerifier(t testing.TB, keys []TokenKey, opts *TokenVerifierOptions) *TokenVerifier {
	t.Helper()
	v, err := NewTokenVerifier(keys, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(v.Close)
	return v
}

func TestEveryTokenErrorCode(t *testing.T) {
	key := []byte(tokenSecret)
	sign := func(claims map[string]any, opts *TokenOptions) string {
		t.Helper()
		if opts == nil {
			opts = &TokenOptions{}
		}
		opts.Now = t0
		token, err := SignToken(tokenSecret, claims, opts)
		if err != nil {
			t.Fatal(err)
		}
		return token
	}
	good := sign(map[string]any{"user_id": "42"}, &TokenOptions{ExpiresIn: time.Hour})
	parts := strings.Split(good, ".")
	tampered := parts[0] + "." + base64.RawURLEncoding.EncodeToString([]byte(`{"exp":1767229200,"iat":1767225600,"user_id":"43"}`)) + "." + parts[2]
	verifier := newTestVerifier(t, []TokenKey{{Secret: tokenSecret}}, &TokenVerifierOptions{MaxLifetime: 2 * time.Hour, RequiredClaims: []string{"user_id"}})
	withKid := newTestVerifier(t, []TokenKey{{KeyID: "new", Secret: "the-newer-secret"}, {KeyID: "old", Secret: tokenSecret}}, nil)

	cases := []struct {
		name     string
		verifier *TokenVerifier
		token    string
		at       time.Time
		sentinel error
		claim    string
	}{
		{"two segments", verifier, parts[0] + "." + parts[1], t0, ErrMalformedToken, ""},
		{"four segments", verifier, good + ".x", t0, ErrMalformedToken, ""},
		{"padding", verifier, parts[0] + "=." + parts[1] + "." + parts[2], t0, ErrMalformedToken, ""},
		{"header not JSON", verifier, handMade(`{alg`, `{}`, key), t0, ErrMalformedToken, ""},
		{"header not an object", verifier, handMade(`[1]`, `{}`, key), t0, ErrMalformedToken, ""},
		{"empty", verifier, "", t0, ErrMalformedToken, ""},
		{"alg none", verifier, base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none","typ":"JWT"}`)) + "." + parts[1] + ".", t0, ErrUnsupportedAlgorithm, ""},
		{"RS256", verifier, handMade(`{"alg":"RS256","typ":"JWT"}`, `{"user_id":"42","iat":1767225600}`, key), t0, ErrUnsupportedAlgorithm, ""},
		{"HS384", verifier, handMade(`{"alg":"HS384","typ":"JWT"}`, `{"user_id":"42","iat":1767225600}`, key), t0, ErrUnsupportedAlgorithm, ""},
		{"unknown kid", withKid, sign(map[string]any{"user_id": "42"}, &TokenOptions{KeyID: "gone"}), t0, ErrUnknownKeyID, ""},
		{"wrong key", verifier, handMade(`{"alg":"HS256","typ":"JWT"}`, `{"user_id":"42","iat":1767225600}`, []byte("another-secret")), t0, ErrBadSignature, ""},
		{"tampered payload", verifier, tampered, t0, ErrBadSignature, ""},
		{"kid of another key", withKid, handMade(`{"alg":"HS256","kid":"new","typ":"JWT"}`, `{"iat":1767225600}`, key), t0, ErrBadSignature, ""},
		{"expired", verifier, good, t0.Add(time.Hour + 61*time.Second), ErrTokenExpired, ""},
		{"not yet valid", verifier, good, t0.Add(-61 * time.Second), ErrTokenNotYetValid, ""},
		{"nbf ahead", verifier, sign(map[string]any{"user_id": "42", "nbf": t0.Unix() + 600}, nil), t0, ErrTokenNotYetValid, ""},
		{"lifetime", verifier, sign(map[string]any{"user_id": "42"}, &TokenOptions{ExpiresIn: 3 * time.Hour}), t0, ErrLifetimeTooLong, ""},
		{"missing claim", verifier, sign(map[string]any{"sub": "42"}, nil), t0, ErrMissingClaim, "user_id"},
		{"exp as text", verifier, handMade(`{"alg":"HS256","typ":"JWT"}`, `{"user_id":"42","iat":1767225600,"exp":"later"}`, key), t0, ErrInvalidClaims, "exp"},
	}
	all := []error{ErrMalformedToken, ErrUnsupportedAlgorithm, ErrUnknownKeyID, ErrBadSignature, ErrTokenExpired,
		ErrTokenNotYetValid, ErrLifetimeTooLong, ErrMissingClaim, ErrInvalidClaims}
	for _, c := range cases {
		claims, err := c.verifier.VerifyAt(c.token, c.at)
		if claims != nil || !errors.Is(err, c.sentinel) {
			t.Errorf("%s: %v, %v; want %v", c.name, claims, err, c.sentinel)
			continue
		}
		for _, other := range all {
			if other != c.sentinel && errors.Is(err, other) {
				t.Errorf("%s: %v also matches %v", c.name, err, other)
			}
		}
		var detail *Error
		if !errors.As(err, &detail) || "identityhmac: "+detail.Code != c.sentinel.Error() || detail.Claim != c.claim {
			t.Errorf("%s: detail %+v", c.name, detail)
		}
		assertSecretNotLeaked(t, c.name, err.Error(), tokenSecret)
		assertSecretNotLeaked(t, c.name, err.Error(), "the-newer-secret")
		if strings.Contains(err.Error(), "42") {
			t.Errorf("%s: the message holds a claim value: %v", c.name, err)
		}
	}
	// The good token passes at both ends of its window, with the leeway.
	for _, at := range []time.Time{t0.Add(-60 * time.Second), t0.Add(time.Hour + 59*time.Second)} {
		if _, err := verifier.VerifyAt(good, at); err != nil {
			t.Errorf("at %v: %v", at, err)
		}
	}
	if claims, err := withKid.VerifyAt(sign(map[string]any{"a": 1}, &TokenOptions{KeyID: "old"}), t0); err != nil || claims["a"] != json.Number("1") {
		t.Errorf("kid old: %v, %v", claims, err)
	}
}

func TestTokenVerifierOptions(t *testing.T) {
	token, err := SignToken(tokenSecret, map[string]any{"user_id": "42"}, &TokenOptions{ExpiresIn: time.Minute, Now: t0})
	if err != nil {
		t.Fatal(err)
	}
	after := t0.Add(time.Minute + 30*time.Second)
	if _, err := newTestVerifier(t, []TokenKey{{Secret: tokenSecret}}, nil).VerifyAt(token, after); err != nil {
		t.Errorf("default leeway: %v", err)
	}
	if _, err := newTestVerifier(t, []TokenKey{{Secret: tokenSecret}}, &TokenVerifierOptions{Leeway: -1}).VerifyAt(token, after); !errors.Is(err, ErrTokenExpired) {
		t.Errorf("no leeway: %v", err)
	}
	if _, err := newTestVerifier(t, []TokenKey{{Secret: tokenSecret}}, &TokenVerifierOptions{Leeway: 10 * time.Second}).VerifyAt(token, after); !errors.Is(err, ErrTokenExpired) {
		t.Errorf("10 s leeway: %v", err)
	}
	// Verify reads the system clock: a token signed now (no Now) passes.
	fresh, err := SignToken(tokenSecret, map[string]any{"big": json.Number("9007199254740993")}, &TokenOptions{ExpiresIn: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	v := newTestVerifier(t, []TokenKey{{Secret: tokenSecret}}, nil)
	claims, err := v.Verify(fresh)
	if err != nil || claims["big"] != json.Number("9007199254740993") {
		t.Errorf("Verify: %v, %v", claims, err)
	}
	raw, err := v.VerifyJSON(fresh)
	if err != nil || !strings.Contains(string(raw), `"big":9007199254740993`) {
		t.Errorf("VerifyJSON: %s, %v", raw, err)
	}

	hexKey := newTestVerifier(t, []TokenKey{{Secret: hex.EncodeToString([]byte(tokenSecret))}}, &TokenVerifierOptions{SecretEncoding: Hex})
	if _, err := hexKey.VerifyAt(token, t0); err != nil {
		t.Errorf("hex key: %v", err)
	}

	constructors := []struct {
		name  string
		keys  []TokenKey
		opts  *TokenVerifierOptions
		code  string
		index int
	}{
		{"no keys", nil, nil, "NO_SECRETS", -1},
		{"17 keys", make([]TokenKey, 17), nil, "TOO_MANY_SECRETS", -1},
		{"empty secret", []TokenKey{{Secret: tokenSecret}, {Secret: ""}}, nil, "EMPTY_SECRET", 1},
		{"bad hex", []TokenKey{{Secret: "00ff"}, {Secret: "0x" + hex.EncodeToString([]byte(tokenSecret))}}, &TokenVerifierOptions{SecretEncoding: Hex}, "INVALID_HEX_SECRET", 1},
		{"bad encoding", []TokenKey{{Secret: tokenSecret}}, &TokenVerifierOptions{SecretEncoding: SecretEncoding(-5)}, "UNKNOWN_SECRET_ENCODING", -1},
		{"leeway 1.5 s", []TokenKey{{Secret: tokenSecret}}, &TokenVerifierOptions{Leeway: 1500 * time.Millisecond}, "INVALID_ARGUMENT", -1},
		{"max lifetime -1 s", []TokenKey{{Secret: tokenSecret}}, &TokenVerifierOptions{MaxLifetime: -time.Second}, "INVALID_ARGUMENT", -1},
	}
	for _, c := range constructors {
		v, err := NewTokenVerifier(c.keys, c.opts)
		if v != nil {
			v.Close()
		}
		assertCode(t, c.name, err, c.code, tokenSecret, hex.EncodeToString([]byte(tokenSecret)))
		var detail *Error
		if errors.As(err, &detail) && detail.SecretIndex != c.index {
			t.Errorf("%s: SecretIndex %d, want %d", c.name, detail.SecretIndex, c.index)
		}
	}
}

// Eight goroutines share one TokenVerifier (go test -race), then Close runs
// while they verify: every call returns the right claims or panics with ErrClosed.
func TestEightGoroutinesShareOneTokenVerifier(t *testing.T) {
	tokens := make([]string, 16)
	for i := range tokens {
		token, err := SignToken(tokenSecret, map[string]any{"user_id": strings.Repeat("x", i), "n": i}, &TokenOptions{KeyID: "k", Now: t0})
		if err != nil {
			t.Fatal(err)
		}
		tokens[i] = token
	}
	for round := 0; round < 10; round++ {
		v, err := NewTokenVerifier([]TokenKey{{KeyID: "other", Secret: "other-secret"}, {KeyID: "k", Secret: tokenSecret}}, nil)
		if err != nil {
			t.Fatal(err)
		}
		var wrong, verified atomic.Int64
		var started, done sync.WaitGroup
		for g := 0; g < 8; g++ {
			started.Add(1)
			done.Add(1)
			go func(g int) {
				defer done.Done()
				first := true
				for i := 0; ; i++ {
					n := (g + i) % len(tokens)
					if expectClosed(func() {
						claims, err := v.VerifyAt(tokens[n], t0)
						if err != nil || claims["n"] != json.Number(strconv.Itoa(n)) {
							wrong.Add(1)
						}
						if _, err := v.VerifyAt(tokens[n]+"x", t0); !errors.Is(err, ErrBadSignature) && !errors.Is(err, ErrMalformedToken) {
							wrong.Add(1)
						}
						verified.Add(1)
					}) {
						if first {
							started.Done()
						}
						return
					}
					if first && i == 50 {
						started.Done()
						first = false
					}
				}
			}(g)
		}
		started.Wait()
		var closers sync.WaitGroup
		for c := 0; c < 3; c++ {
			closers.Add(1)
			go func() { defer closers.Done(); v.Close() }()
		}
		closers.Wait()
		done.Wait()
		if wrong.Load() != 0 || verified.Load() < 8*50 {
			t.Fatalf("round %d: %d wrong of %d", round, wrong.Load(), verified.Load())
		}
		if !expectClosed(func() { v.Verify(tokens[0]) }) {
			t.Fatal("Verify after Close did not panic with ErrClosed")
		}
	}
	var nilVerifier *TokenVerifier
	if !expectClosed(func() { nilVerifier.Verify(tokens[0]) }) {
		t.Error("a nil TokenVerifier did not panic with ErrClosed")
	}
	nilVerifier.Close()
}

// No error of the token API holds a secret, or any 8 bytes of it.
func TestTokenErrorsHoldNoSecret(t *testing.T) {
	secrets := []string{"s3cr3t-token-key-AAAA", "bm90LWEtcmVhbC1zZWNyZXQ="}
	var errs []error
	for _, secret := range secrets {
		_, err := SignToken(secret, map[string]any{"n": math.NaN()}, nil)
		errs = append(errs, err)
		_, err = SignToken(secret, `{"exp":"x"}`, nil)
		errs = append(errs, err)
		_, err = SignToken(secret, map[string]any{}, &TokenOptions{SecretEncoding: Hex})
		errs = append(errs, err)
		_, err = NewTokenVerifier([]TokenKey{{Secret: "00"}, {Secret: secret}}, &TokenVerifierOptions{SecretEncoding: Hex})
		errs = append(errs, err)
		_, err = Identify(Pylon, secret, User{Email: "a@b"})
		errs = append(errs, err)
		_, err = Identify(Zendesk, secret, User{Identifier: "1"})
		errs = append(errs, err)
		_, err = IdentifyScript(Chatwoot, secret, User{Identifier: "1"}, WithNonce(secret+"!"))
		errs = append(errs, err)
		v := newTestVerifier(t, []TokenKey{{Secret: secret}}, &TokenVerifierOptions{RequiredClaims: []string{"user_id"}})
		token, _ := SignToken("different-key", map[string]any{"user_id": secret}, nil)
		_, err = v.Verify(token)
		errs = append(errs, err)
		token, _ = SignToken(secret, map[string]any{"sub": secret}, nil)
		_, err = v.Verify(token)
		errs = append(errs, err)
		for i, err := range errs {
			if err == nil {
				t.Errorf("case %d gave no error", i)
				continue
			}
			assertSecretNotLeaked(t, "token errors", err.Error(), secret)
			if text := fmt.Sprintf("%+v %#v", err, err); strings.Contains(text, secret) {
				t.Errorf("case %d: the error value holds the secret", i)
			}
		}
		errs = errs[:0]
	}
}
