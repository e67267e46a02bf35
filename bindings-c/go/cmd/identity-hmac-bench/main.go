// Command identity-hmac-bench measures the rows shared by every language's
// benchmark (see scripts/bench.sh): Signer.Sign and a one-shot sign against
// hmac.New(sha256.New, key) per call, in alternating rounds after a warm-up
// round, medians of the rounds. It prints them and, when
// IDENTITY_HMAC_BENCH_JSON names a file, appends them to it as JSON lines.
package main

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
	"strings"
	"time"

	identityhmac "github.com/identity-hmac/identity-hmac/bindings-c/go"
)

const (
	key   = "your_web_widget_hmac_token"
	email = "user0000001@example.com"
)

var sink int

type row struct {
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
}

func median(values []float64) float64 {
	sorted := slices.Clone(values)
	slices.Sort(sorted)
	middle := len(sorted) / 2
	if len(sorted)%2 == 1 {
		return sorted[middle]
	}
	return (sorted[middle-1] + sorted[middle]) / 2
}

func medianRatio(baseline, ours []float64) float64 {
	ratios := make([]float64, len(baseline))
	for i := range baseline {
		ratios[i] = baseline[i] / ours[i]
	}
	return median(ratios)
}

// alternate returns ns per call of each case, per round; round 0 is the warm-up.
func alternate(cases []func(int), calls, runs int) [][]float64 {
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

func main() {
	runs := 7
	if value, err := strconv.Atoi(os.Getenv("IDENTITY_HMAC_BENCH_RUNS")); err == nil && value > 0 {
		runs = value
	}
	signer, err := identityhmac.NewSigner(key, identityhmac.Text)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer signer.Close()
	rawKey := []byte(key)
	var rows []row
	for _, c := range []struct {
		label string
		pad   string
		calls int
	}{{"email ~20 bytes", "", 200_000}, {"1 KiB", strings.Repeat("x", 1001), 50_000}} {
		identifier := c.pad + email
		stdlib := func(n int) {
			for range n {
				mac := hmac.New(sha256.New, rawKey)
				mac.Write([]byte(identifier))
				sink += len(hex.EncodeToString(mac.Sum(nil)))
			}
		}
		ours := func(n int) {
			for range n {
				sink += len(signer.Sign(identifier))
			}
		}
		oneShot := func(n int) {
			for range n {
				once, _ := identityhmac.NewSigner(key, identityhmac.Text)
				sink += len(once.Sign(identifier))
				once.Close()
			}
		}
		mac := hmac.New(sha256.New, rawKey)
		mac.Write([]byte(identifier))
		if signer.Sign(identifier) != hex.EncodeToString(mac.Sum(nil)) {
			fmt.Fprintln(os.Stderr, "the binding and crypto/hmac disagree")
			os.Exit(1)
		}
		r := alternate([]func(int){stdlib, ours, oneShot}, c.calls, runs)
		result := row{
			Language: "Go (cgo)", StdlibCall: "hmac.New(sha256.New, key) + hex.EncodeToString",
			Identifier: c.label, IdentifierBytes: len(identifier), Runs: runs,
			StdlibNs: median(r[0]), SignerNs: median(r[1]), Ratio: medianRatio(r[0], r[1]),
			OneshotNs: median(r[2]), OneshotRatio: medianRatio(r[0], r[2]),
		}
		fmt.Printf("shared row, %s: hmac.New %.0f ns, Signer.Sign %.0f ns (%.1fx), one-shot (NewSigner+Sign+Close) %.1fx\n",
			c.label, result.StdlibNs, result.SignerNs, result.Ratio, result.OneshotRatio)
		rows = append(rows, result)
	}
	if path := os.Getenv("IDENTITY_HMAC_BENCH_JSON"); path != "" {
		out, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		defer out.Close()
		encoder := json.NewEncoder(out)
		for _, r := range rows {
			if err := encoder.Encode(r); err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
		}
	}
	if sink == 42 {
		fmt.Println()
	}
}
