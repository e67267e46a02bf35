package identityhmac

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

const benchKey, benchIdentifier = "your_web_widget_hmac_token", "user-12345@example.com"

var sink string

// BenchmarkSigner is Signer.Sign: the key is set up once, as in a server.
func BenchmarkSigner(b *testing.B) {
	signer, err := NewSigner(benchKey, Text)
	if err != nil {
		b.Fatal(err)
	}
	defer signer.Close()
	b.ReportAllocs()
	for b.Loop() {
		sink = signer.Sign(benchIdentifier)
	}
}

// BenchmarkCryptoHmacPerCall is the published Go snippet: hmac.New per call.
func BenchmarkCryptoHmacPerCall(b *testing.B) {
	key := []byte(benchKey)
	b.ReportAllocs()
	for b.Loop() {
		mac := hmac.New(sha256.New, key)
		mac.Write([]byte(benchIdentifier))
		sink = hex.EncodeToString(mac.Sum(nil))
	}
}

// BenchmarkSignerParallel shares one Signer between goroutines.
func BenchmarkSignerParallel(b *testing.B) {
	signer, err := NewSigner(benchKey, Text)
	if err != nil {
		b.Fatal(err)
	}
	defer signer.Close()
	b.RunParallel(func(pb *testing.PB) {
		var local string
		for pb.Next() {
			local = signer.Sign(benchIdentifier)
		}
		_ = local
	})
}

// The token row of scripts/bench.sh: an Intercom Messenger security token
// (HS256, claims {user_id, email}, iat, exp in an hour) signed and verified by
// SignToken/TokenVerifier and by github.com/golang-jwt/jwt/v5 (the
// cross-check's library) in alternating rounds after a warm-up round, the
// same claims and secret; medians and the median per-round ratio (theirs /
// ours). It runs only when IDENTITY_HMAC_BENCH_TOKEN_ROWS names the JSON
// lines file to append the row to:
//
//	go test -run '^$' -bench '^BenchmarkTokenRow$' -benchtime 1x
func BenchmarkTokenRow(b *testing.B) {
	path := os.Getenv("IDENTITY_HMAC_BENCH_TOKEN_ROWS")
	if path == "" {
		b.Skip("IDENTITY_HMAC_BENCH_TOKEN_ROWS is not set")
	}
	tokenRowOnce.Do(func() { tokenRowErr = writeTokenRow(path) })
	if tokenRowErr != nil {
		b.Fatal(tokenRowErr)
	}
}

var (
	tokenRowOnce sync.Once
	tokenRowErr  error
)

func writeTokenRow(path string) error {
	runs := 7
	if text := os.Getenv("IDENTITY_HMAC_BENCH_RUNS"); text != "" {
		n, err := strconv.Atoi(text)
		if err != nil || n < 1 {
			return fmt.Errorf("IDENTITY_HMAC_BENCH_RUNS must be a positive integer, got %q", text)
		}
		runs = n
	}
	const calls = 20_000
	// nimbus (the JVM row) refuses HMAC keys under 32 bytes, so every token row uses this one.
	const secret = "your_intercom_messenger_api_secret"
	key := []byte(secret)
	claims := func() map[string]any { return map[string]any{"user_id": "1234567", "email": "user0000001@example.com"} }
	verifier, err := NewTokenVerifier([]TokenKey{{Secret: secret}}, nil)
	if err != nil {
		return err
	}
	defer verifier.Close()
	theirSign := func() (string, error) {
		now := time.Now().Unix()
		mapClaims := jwt.MapClaims(claims())
		mapClaims["iat"], mapClaims["exp"] = now, now+3600
		return jwt.NewWithClaims(jwt.SigningMethodHS256, mapClaims).SignedString(key)
	}
	ourSign := func() (string, error) { return SignToken(secret, claims(), &TokenOptions{ExpiresIn: time.Hour}) }
	keyFunc := func(*jwt.Token) (any, error) { return key, nil }
	theirVerify := func(token string) (map[string]any, error) {
		parsed, err := jwt.Parse(token, keyFunc, jwt.WithValidMethods([]string{"HS256"}), jwt.WithExpirationRequired())
		if err != nil {
			return nil, err
		}
		return parsed.Claims.(jwt.MapClaims), nil
	}
	theirToken, err := theirSign()
	if err != nil {
		return err
	}
	ourToken, err := ourSign()
	if err != nil {
		return err
	}
	// Each accepts the other's token with the same claims, or the row means nothing.
	mine, err := verifier.Verify(theirToken)
	if err != nil || mine["user_id"] != "1234567" {
		return fmt.Errorf("TokenVerifier on golang-jwt's token: %v, %v", mine, err)
	}
	theirs, err := theirVerify(ourToken)
	if err != nil || theirs["email"] != "user0000001@example.com" {
		return fmt.Errorf("golang-jwt on SignToken's token: %v, %v", theirs, err)
	}
	var failure error
	loop := func(body func() error) func() {
		return func() {
			for range calls {
				if err := body(); err != nil && failure == nil {
					failure = err
				}
			}
		}
	}
	cases := []func(){
		loop(func() error { token, err := theirSign(); sink = token; return err }),
		loop(func() error { token, err := ourSign(); sink = token; return err }),
		loop(func() error { _, err := theirVerify(theirToken); return err }),
		loop(func() error { _, err := verifier.Verify(theirToken); return err }),
	}
	rounds := make([][]float64, len(cases))
	for round := 0; round <= runs; round++ {
		for i, body := range cases {
			runtime.GC() // the previous case's garbage is not this case's cost
			start := time.Now()
			body()
			if round > 0 {
				rounds[i] = append(rounds[i], float64(time.Since(start).Nanoseconds())/calls)
			}
		}
	}
	if failure != nil {
		return failure
	}
	row := map[string]any{
		"table": "tokens", "language": "Go (cgo)", "library": "github.com/golang-jwt/jwt/v5 v5.3.1", "runs": runs,
		"their_sign_ns": benchMedian(rounds[0]), "sign_ns": benchMedian(rounds[1]), "sign_ratio": benchMedianRatio(rounds[0], rounds[1]),
		"their_verify_ns": benchMedian(rounds[2]), "verify_ns": benchMedian(rounds[3]), "verify_ratio": benchMedianRatio(rounds[2], rounds[3]),
	}
	fmt.Printf("token row, golang-jwt: sign %.0f ns vs ours %.0f ns (%.2fx), verify %.0f ns vs ours %.0f ns (%.2fx)\n",
		row["their_sign_ns"], row["sign_ns"], row["sign_ratio"], row["their_verify_ns"], row["verify_ns"], row["verify_ratio"])
	line, err := json.Marshal(row)
	if err != nil {
		return err
	}
	file, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	if _, err := file.Write(append(line, '\n')); err != nil {
		file.Close()
		return err
	}
	return file.Close()
}

func benchMedian(values []float64) float64 {
	sorted := slices.Clone(values)
	slices.Sort(sorted)
	middle := len(sorted) / 2
	if len(sorted)%2 == 1 {
		return sorted[middle]
	}
	return (sorted[middle-1] + sorted[middle]) / 2
}

func benchMedianRatio(baseline, ours []float64) float64 {
	ratios := make([]float64, len(baseline))
	for i := range baseline {
		ratios[i] = baseline[i] / ours[i]
	}
	return benchMedian(ratios)
}
