package identityhmac

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// The rows shared by every language's benchmark (see scripts/bench.sh):
// Signer.Sign and a one-shot sign against hmac.New(sha256.New, key) per call,
// and Signer.Sign against its floor (the same cgo call without the HMAC), in
// alternating rounds after a warm-up round, medians of the rounds. It prints
// them and appends them as JSON lines to the file IDENTITY_HMAC_BENCH_JSON
// names; it runs only when that variable is set:
//
//	go test -run '^$' -bench '^BenchmarkSharedRows$' -benchtime 1x
//
// It lives in the package's tests because the floor is unexported.
func BenchmarkSharedRows(b *testing.B) {
	path := os.Getenv("IDENTITY_HMAC_BENCH_JSON")
	if path == "" {
		b.Skip("IDENTITY_HMAC_BENCH_JSON is not set")
	}
	sharedRowsOnce.Do(func() { sharedRowsErr = writeSharedRows(path) })
	if sharedRowsErr != nil {
		b.Fatal(sharedRowsErr)
	}
}

var (
	sharedRowsOnce sync.Once
	sharedRowsErr  error
	sharedRowsSink int
)

type sharedRow struct {
	Language        string  `json:"language"`
	StdlibCall      string  `json:"stdlib_call"`
	Identifier      string  `json:"identifier"`
	IdentifierBytes int     `json:"identifier_bytes"`
	Runs            int     `json:"runs"`
	StdlibNs        float64 `json:"stdlib_ns"`
	SignerNs        float64 `json:"signer_ns"`
	Ratio           float64 `json:"ratio"`
	OneshotNs       float64 `json:"oneshot_ns"`
	OneshotRatio    float64 `json:"oneshot_ratio"`
	// The Go package has no batch call.
	BatchNsPerItem *float64 `json:"batch_ns_per_item"`
	FloorCall      string   `json:"floor_call"`
	FloorNs        float64  `json:"floor_ns"`
	FloorRatio     float64  `json:"floor_ratio"`
	FloorRest      string   `json:"floor_rest"`
}

// alternateRounds returns ns per call of each case, per round; round 0 is the warm-up.
func alternateRounds(cases []func(int), calls, runs int) [][]float64 {
	rounds := make([][]float64, len(cases))
	for round := 0; round <= runs; round++ {
		for i, body := range cases {
			runtime.GC() // the previous case's garbage is not this case's cost
			start := time.Now()
			body(calls)
			if round > 0 {
				rounds[i] = append(rounds[i], float64(time.Since(start).Nanoseconds())/float64(calls))
			}
		}
	}
	return rounds
}

func writeSharedRows(path string) error {
	const key, email = "your_web_widget_hmac_token", "user0000001@example.com"
	runs := 7
	if value, err := strconv.Atoi(os.Getenv("IDENTITY_HMAC_BENCH_RUNS")); err == nil && value > 0 {
		runs = value
	}
	signer, err := NewSigner(key, Text)
	if err != nil {
		return err
	}
	defer signer.Close()
	rawKey := []byte(key)
	var rows []sharedRow
	for _, c := range []struct {
		label string
		pad   string
		calls int
		rest  string
	}{
		{"email ~20 bytes", "", 200_000, "the core's HMAC: 2 SHA-256 compressions and hex encoding (the core's own Signer::sign_hex: ~130 ns in its cargo bench)"},
		{"1 KiB", strings.Repeat("x", 1001), 50_000, "the core's HMAC: 18 SHA-256 compressions and hex encoding (the core's own Signer::sign_hex: ~710 ns in its cargo bench)"},
	} {
		identifier := c.pad + email
		stdlib := func(n int) {
			for range n {
				mac := hmac.New(sha256.New, rawKey)
				mac.Write([]byte(identifier))
				sharedRowsSink += len(hex.EncodeToString(mac.Sum(nil)))
			}
		}
		ours := func(n int) {
			for range n {
				sharedRowsSink += len(signer.Sign(identifier))
			}
		}
		oneShot := func(n int) {
			for range n {
				once, _ := NewSigner(key, Text)
				sharedRowsSink += len(once.Sign(identifier))
				once.Close()
			}
		}
		floor := func(n int) {
			for range n {
				sharedRowsSink += len(signer.benchFloor(identifier))
			}
		}
		mac := hmac.New(sha256.New, rawKey)
		mac.Write([]byte(identifier))
		if signer.Sign(identifier) != hex.EncodeToString(mac.Sum(nil)) {
			return fmt.Errorf("the binding and crypto/hmac disagree")
		}
		if got := len(signer.benchFloor(identifier)); got != 64 {
			return fmt.Errorf("the floor returned %d characters, not 64", got)
		}
		r := alternateRounds([]func(int){stdlib, ours, oneShot, floor}, c.calls, runs)
		result := sharedRow{
			Language: "Go (cgo)", StdlibCall: "hmac.New(sha256.New, key) + hex.EncodeToString",
			Identifier: c.label, IdentifierBytes: len(identifier), Runs: runs,
			StdlibNs: benchMedian(r[0]), SignerNs: benchMedian(r[1]), Ratio: benchMedianRatio(r[0], r[1]),
			OneshotNs: benchMedian(r[2]), OneshotRatio: benchMedianRatio(r[0], r[2]),
			FloorCall: "signer.benchFloor(id)", FloorNs: benchMedian(r[3]),
			FloorRatio: benchMedianRatio(r[1], r[3]),
		}
		result.FloorRest = fmt.Sprintf("Signer.Sign - floor = %.0f ns: %s", result.SignerNs-result.FloorNs, c.rest)
		fmt.Printf("shared row, %s: hmac.New %.0f ns, Signer.Sign %.0f ns (%.1fx), one-shot (NewSigner+Sign+Close) %.1fx\n",
			c.label, result.StdlibNs, result.SignerNs, result.Ratio, result.OneshotRatio)
		fmt.Printf("  floor, %s: %s %.0f ns; Signer.Sign is %.2fx the floor (goal <= 1.5x); %s\n",
			c.label, result.FloorCall, result.FloorNs, result.FloorRatio, result.FloorRest)
		rows = append(rows, result)
	}
	out, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	encoder := json.NewEncoder(out)
	for _, r := range rows {
		if err := encoder.Encode(r); err != nil {
			out.Close()
			return err
		}
	}
	return out.Close()
}

func TestBenchFloorReturns64Characters(t *testing.T) {
	signer, err := NewSigner("your_web_widget_hmac_token", Text)
	if err != nil {
		t.Fatal(err)
	}
	defer signer.Close()
	for _, identifier := range []string{"", "user-12345@example.com", strings.Repeat("x", 1024)} {
		if got := signer.benchFloor(identifier); len(got) != 64 {
			t.Fatalf("benchFloor(%d bytes) returned %d characters, not 64", len(identifier), len(got))
		}
	}
}
