package identityhmac

// The cross-check against github.com/golang-jwt/jwt/v5 (pinned in go.mod and
// go.sum; a test-only import): its verifier accepts every token SignToken
// signs, with equal claims; TokenVerifier accepts every token it signs, with
// equal claims; and TokenVerifier refuses its alg none, RS256 and HS384
// tokens, a tampered payload and a wrong key with the right codes.

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

type crossCase struct {
	name    string
	key     []byte // the HMAC key's bytes
	hexKey  bool   // given to identity-hmac as hex text
	keyID   string
	claims  map[string]any
	expires time.Duration
}

func crossCases() []crossCase {
	long := make([]byte, 131) // longer than SHA-256's 64-byte block: hashed first
	for i := range long {
		long[i] = byte(255 - i)
	}
	binary, _ := hex.DecodeString("00ff10e2a0c3")
	return []crossCase{
		{"no kid, text", []byte("intercom-messenger-api-secret-6Td"), false, "", map[string]any{"user_id": "42", "email": "alice@example.com"}, time.Hour},
		{"kid, text", []byte("zendesk-jwt-shared-secret-1Wq"), false, "app_64f0c2d1e9b8a7f6", map[string]any{"external_id": "9007199254740993", "scope": "user", "name": "Zoë"}, 0},
		{"hex secret", binary, true, "", map[string]any{"sub": "u-1", "admin": true, "n": json.Number("7")}, 10 * time.Minute},
		{"non-ASCII claims", []byte("secret-für-tokens"), false, "k1", map[string]any{"name": "Jörg 山田 😀 \u2028", "tags": []any{"ü", json.Number("1")}, "nested": map[string]any{"é": nil}}, time.Minute},
		{"131-byte key", long, true, "long", map[string]any{"user_id": "</script>"}, time.Hour},
	}
}

func (c crossCase) secret() string {
	if c.hexKey {
		return hex.EncodeToString(c.key)
	}
	return string(c.key)
}

func (c crossCase) encoding() SecretEncoding {
	if c.hexKey {
		return Hex
	}
	return Text
}

// wantClaims is c.claims with the iat (and exp) the signer adds.
func (c crossCase) wantClaims(iat time.Time) map[string]any {
	want := map[string]any{"iat": json.Number(jsonInt(iat.Unix()))}
	if c.expires != 0 {
		want["exp"] = json.Number(jsonInt(iat.Add(c.expires).Unix()))
	}
	for name, value := range c.claims {
		want[name] = value
	}
	return want
}

func jsonInt(n int64) string {
	text, _ := json.Marshal(n)
	return string(text)
}

// golangJWTParser verifies as a careful golang-jwt user does: HS256 only,
// the fixed clock, numbers as json.Number.
func golangJWTParser() *jwt.Parser {
	return jwt.NewParser(jwt.WithValidMethods([]string{"HS256"}), jwt.WithTimeFunc(func() time.Time { return t0 }),
		jwt.WithJSONNumber(), jwt.WithIssuedAt())
}

func TestGolangJWTAcceptsOurTokens(t *testing.T) {
	for _, c := range crossCases() {
		token, err := SignToken(c.secret(), c.claims, &TokenOptions{SecretEncoding: c.encoding(), KeyID: c.keyID, ExpiresIn: c.expires, Now: t0})
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		parsed, err := golangJWTParser().Parse(token, func(token *jwt.Token) (any, error) { return c.key, nil })
		if err != nil || !parsed.Valid {
			t.Errorf("%s: golang-jwt refuses our token: %v", c.name, err)
			continue
		}
		if got := map[string]any(parsed.Claims.(jwt.MapClaims)); !reflect.DeepEqual(got, c.wantClaims(t0)) {
			t.Errorf("%s: golang-jwt reads claims %v, want %v", c.name, got, c.wantClaims(t0))
		}
		if kid, ok := parsed.Header["kid"]; (c.keyID == "" && ok) || (c.keyID != "" && kid != c.keyID) {
			t.Errorf("%s: golang-jwt reads the header %v", c.name, parsed.Header)
		}
		if parsed.Header["alg"] != "HS256" || parsed.Header["typ"] != "JWT" {
			t.Errorf("%s: header %v", c.name, parsed.Header)
		}
		// And with the wrong key, golang-jwt refuses it too.
		if _, err := golangJWTParser().Parse(token, func(*jwt.Token) (any, error) { return []byte("wrong"), nil }); !errors.Is(err, jwt.ErrTokenSignatureInvalid) {
			t.Errorf("%s: golang-jwt with the wrong key: %v", c.name, err)
		}
	}
}

// theirs signs c's claims (with iat and exp) with golang-jwt.
func (c crossCase) theirs(t *testing.T, method jwt.SigningMethod, key any) string {
	t.Helper()
	claims := jwt.MapClaims{}
	for name, value := range c.wantClaims(t0) {
		claims[name] = value
	}
	token := jwt.NewWithClaims(method, claims)
	if c.keyID != "" {
		token.Header["kid"] = c.keyID
	}
	signed, err := token.SignedString(key)
	if err != nil {
		t.Fatalf("%s: golang-jwt cannot sign: %v", c.name, err)
	}
	return signed
}

func (c crossCase) verifier(t *testing.T) *TokenVerifier {
	t.Helper()
	keys := []TokenKey{{KeyID: c.keyID, Secret: c.secret()}}
	if c.keyID != "" {
		keys = append([]TokenKey{{KeyID: "newer", Secret: hex.EncodeToString([]byte("a newer key"))}}, keys...)
	}
	return newTestVerifier(t, keys, &TokenVerifierOptions{SecretEncoding: c.encoding()})
}

func TestWeAcceptGolangJWTTokens(t *testing.T) {
	for _, c := range crossCases() {
		token := c.theirs(t, jwt.SigningMethodHS256, c.key)
		claims, err := c.verifier(t).VerifyAt(token, t0)
		if err != nil {
			t.Errorf("%s: we refuse golang-jwt's token: %v", c.name, err)
			continue
		}
		if !reflect.DeepEqual(claims, c.wantClaims(t0)) {
			t.Errorf("%s: claims %v, want %v", c.name, claims, c.wantClaims(t0))
		}
	}
}

func TestWeRefuseWhatWeMust(t *testing.T) {
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range crossCases() {
		v := c.verifier(t)
		good := c.theirs(t, jwt.SigningMethodHS256, c.key)
		parts := strings.Split(good, ".")
		payload, err := base64.RawURLEncoding.DecodeString(parts[1])
		if err != nil {
			t.Fatal(err)
		}
		tampered := parts[0] + "." + base64.RawURLEncoding.EncodeToString(append(payload[:len(payload)-1], []byte(`,"admin":true}`)...)) + "." + parts[2]
		wrongKey := c
		wrongKey.key = append([]byte("not-"), c.key...)
		refused := []struct {
			name  string
			token string
			want  error
		}{
			{"alg none", c.theirs(t, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType), ErrUnsupportedAlgorithm},
			{"RS256", c.theirs(t, jwt.SigningMethodRS256, rsaKey), ErrUnsupportedAlgorithm},
			{"HS384", c.theirs(t, jwt.SigningMethodHS384, c.key), ErrUnsupportedAlgorithm},
			{"HS512", c.theirs(t, jwt.SigningMethodHS512, c.key), ErrUnsupportedAlgorithm},
			{"tampered payload", tampered, ErrBadSignature},
			{"wrong key", wrongKey.theirs(t, jwt.SigningMethodHS256, wrongKey.key), ErrBadSignature},
		}
		for _, r := range refused {
			claims, err := v.VerifyAt(r.token, t0)
			if claims != nil || !errors.Is(err, r.want) {
				t.Errorf("%s, %s: %v, %v; want %v", c.name, r.name, claims, err, r.want)
			}
			assertSecretNotLeaked(t, c.name+", "+r.name, err.Error(), c.secret())
		}
	}
}
