package identityhmac

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// The shared bad-input matrix (conformance/bad_inputs.json), read in place.
// Go is statically typed: a nil, float, bool or map cannot be passed where
// the API takes a string, so those cases are compile-time type errors and
// are skipped (and counted) here.

type badInputCase struct {
	ID             string          `json:"id"`
	About          string          `json:"about"`
	SecretEncoding string          `json:"secret_encoding"`
	Secret         *corpusBytes    `json:"secret"`
	Identifier     *corpusBytes    `json:"identifier"`
	Input          json.RawMessage `json:"input"`
	Expect         json.RawMessage `json:"expect"`
}

type badInput struct {
	Bytes  *corpusBytes `json:"bytes"`
	Repeat *struct {
		PatternHex string `json:"pattern_hex"`
		Count      int    `json:"count"`
	} `json:"repeat"`
	Null          bool            `json:"null"`
	Undefined     bool            `json:"undefined"`
	Float         json.RawMessage `json:"float"`
	Bool          *bool           `json:"bool"`
	JSON          json.RawMessage `json:"json"`
	LoneSurrogate string          `json:"lone_surrogate"`
	Integer       json.RawMessage `json:"integer"`
	CorpusGroup   string          `json:"corpus_group"`
	Secrets       []corpusBytes   `json:"secrets"`
	Presented     *corpusBytes    `json:"presented"`
}

type expectation struct {
	Error       string                  `json:"error"`
	TypeError   bool                    `json:"type_error"`
	Hash        string                  `json:"hash"`
	Verify      *bool                   `json:"verify"`
	MatchingKey *int                    `json:"matching_key"`
	ByLanguage  map[string]*expectation `json:"by_language"`
}

// forGo picks the expectation that applies to Go, or nil when the input
// cannot be expressed in Go.
func (e *expectation) forGo() *expectation {
	if e.ByLanguage == nil {
		return e
	}
	if own, ok := e.ByLanguage["go"]; ok {
		return own
	}
	return e.ByLanguage["default"]
}

func loadBadInputs(t *testing.T) []badInputCase {
	t.Helper()
	path := os.Getenv("IDENTITY_HMAC_BAD_INPUTS")
	if path == "" {
		path = filepath.Join("..", "..", "conformance", "bad_inputs.json")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("cannot read the bad-input matrix: %v", err)
	}
	var file struct {
		Cases []badInputCase `json:"cases"`
	}
	if err := json.Unmarshal(data, &file); err != nil {
		t.Fatalf("cannot parse the bad-input matrix: %v", err)
	}
	if len(file.Cases) == 0 {
		t.Fatal("the bad-input matrix has no cases")
	}
	return file.Cases
}

// encodingByName reads the matrix's encoding names with ParseSecretEncoding;
// an unknown name ("base64", "TEXT") becomes a value outside the two
// constants, which the constructors must refuse too.
func encodingByName(name string) SecretEncoding {
	enc, err := ParseSecretEncoding(name)
	if err != nil {
		return SecretEncoding(99)
	}
	return enc
}

// assertSecretNotLeaked: no run of 8 bytes of the secret (the whole secret
// when shorter, if at least 4 bytes) appears in the message.
func assertSecretNotLeaked(t *testing.T, id, message, secret string) {
	t.Helper()
	if len(secret) < 8 {
		if len(secret) >= 4 && strings.Contains(message, secret) {
			t.Errorf("%s: the message contains the secret: %q", id, message)
		}
		return
	}
	for i := 0; i+8 <= len(secret); i++ {
		if strings.Contains(message, secret[i:i+8]) {
			t.Errorf("%s: the message contains part of the secret: %q", id, message)
			return
		}
	}
}

// value builds the Go string of a string-like input; ok is false when the
// input is not a string in Go (a type error at compile time).
func (in *badInput) value(t *testing.T) (string, bool) {
	t.Helper()
	switch {
	case in.Bytes != nil:
		return in.Bytes.value(t), true
	case in.Repeat != nil:
		pattern, err := hex.DecodeString(in.Repeat.PatternHex)
		if err != nil {
			t.Fatalf("bad pattern_hex: %v", err)
		}
		return string(bytes.Repeat(pattern, in.Repeat.Count)), true
	case in.Integer != nil && in.Integer[0] != '"':
		// A host integer identifier; the API takes strings, so a Go user
		// formats it (the contract signs integers as their decimal string).
		n, err := strconv.ParseInt(string(in.Integer), 10, 64)
		if err != nil {
			t.Fatalf("bad integer: %v", err)
		}
		return strconv.FormatInt(n, 10), true
	case in.Integer != nil:
		var decimal string
		if err := json.Unmarshal(in.Integer, &decimal); err != nil {
			t.Fatalf("bad integer: %v", err)
		}
		n, err := strconv.ParseInt(decimal, 10, 64)
		if err != nil {
			t.Fatalf("integer %s does not fit int64: %v", decimal, err)
		}
		return strconv.FormatInt(n, 10), true
	}
	return "", false
}

func assertCode(t *testing.T, id string, err error, code string, secrets ...string) {
	t.Helper()
	var detail *Error
	if !errors.As(err, &detail) || detail.Code != code || !errors.Is(err, sentinelOf(code)) {
		t.Errorf("%s: error %v, want code %s", id, err, code)
		return
	}
	for _, secret := range secrets {
		assertSecretNotLeaked(t, id, err.Error(), secret)
	}
}

func TestBadInputMatrix(t *testing.T) {
	corpusInvalid := loadCorpus(t).InvalidSecrets
	run, skipped := 0, 0
	skip := func(c badInputCase, why string) {
		skipped++
		t.Logf("skip %s: %s", c.ID, why)
	}
	for _, c := range loadBadInputs(t) {
		var raw expectation
		var in badInput
		if err := json.Unmarshal(c.Expect, &raw); err != nil {
			t.Fatalf("%s: expect: %v", c.ID, err)
		}
		if err := json.Unmarshal(c.Input, &in); err != nil {
			t.Fatalf("%s: input: %v", c.ID, err)
		}
		want := raw.forGo()
		if want == nil {
			skip(c, "no expectation for go (the input cannot be expressed in Go)")
			continue
		}
		enc := encodingByName(c.SecretEncoding)

		if c.About == "verifier" {
			secrets := make([]string, len(in.Secrets))
			for i, s := range in.Secrets {
				secrets[i] = s.value(t)
			}
			verifier, err := NewVerifier(secrets, enc)
			switch {
			case want.Error != "":
				if err == nil {
					verifier.Close()
					t.Errorf("%s: NewVerifier accepted the secrets", c.ID)
				} else {
					assertCode(t, c.ID, err, want.Error, secrets...)
				}
			case err != nil:
				t.Errorf("%s: NewVerifier: %v", c.ID, err)
			default:
				identifier, presented := c.Identifier.value(t), in.Presented.value(t)
				index, ok := verifier.MatchingKey(identifier, presented)
				if want.MatchingKey != nil && (!ok || index != *want.MatchingKey) {
					t.Errorf("%s: matching key %d %v, want %d", c.ID, index, ok, *want.MatchingKey)
				}
				if want.Verify != nil && (verifier.Verify(identifier, presented) != *want.Verify || ok != *want.Verify) {
					t.Errorf("%s: verify, want %v", c.ID, *want.Verify)
				}
				verifier.Close()
			}
			run++
			continue
		}

		if in.CorpusGroup == "invalid_secrets" {
			for _, v := range corpusInvalid {
				secret := v.Secret.value(t)
				signer, err := NewSigner(secret, encodingOf(t, v.SecretEncoding))
				if err == nil {
					signer.Close()
					t.Errorf("%s/%s: NewSigner accepted the secret", c.ID, v.ID)
					continue
				}
				assertCode(t, c.ID+"/"+v.ID, err, v.ExpectedCode, secret)
				run++
			}
			continue
		}

		if want.TypeError {
			// nil, a float, a bool, a map or an int where a string parameter
			// is declared: the Go compiler refuses the call.
			skip(c, "a type error: Go does not compile a non-string argument")
			continue
		}
		value, isString := in.value(t)
		if !isString {
			t.Errorf("%s: input %s cannot be built in Go but expects %s", c.ID, c.Input, c.Expect)
			continue
		}

		secret, identifier := "", ""
		switch c.About {
		case "secret":
			secret, identifier = value, c.Identifier.value(t)
		case "identifier":
			secret, identifier = c.Secret.value(t), value
		case "presented_hash":
			secret, identifier = c.Secret.value(t), c.Identifier.value(t)
		default:
			t.Fatalf("%s: unknown about %q", c.ID, c.About)
		}
		signer, err := NewSigner(secret, enc)
		if want.Error != "" {
			if err == nil {
				signer.Close()
				t.Errorf("%s: NewSigner accepted the secret", c.ID)
			} else {
				assertCode(t, c.ID, err, want.Error, secret)
			}
			run++
			continue
		}
		if err != nil {
			t.Errorf("%s: NewSigner: %v", c.ID, err)
			continue
		}
		switch {
		case want.Hash != "":
			if got := signer.Sign(identifier); got != want.Hash {
				t.Errorf("%s: got %s, want %s", c.ID, got, want.Hash)
			}
		case want.Verify != nil:
			if got := signer.Verify(identifier, value); got != *want.Verify {
				t.Errorf("%s: verify %v, want %v", c.ID, got, *want.Verify)
			}
		default:
			t.Errorf("%s: unhandled expectation %s", c.ID, c.Expect)
		}
		signer.Close()
		run++
	}
	t.Logf("bad-input matrix: %d run, %d skipped", run, skipped)
}

// Eight goroutines share one Signer and sign 100 000 identifiers each; every
// hash is checked against crypto/hmac.
func TestEightGoroutinesShareOneSigner(t *testing.T) {
	const goroutines, perGoroutine = 8, 100_000
	key := "shared-signer-thread-check"
	signer, err := NewSigner(key, Text)
	if err != nil {
		t.Fatal(err)
	}
	defer signer.Close()
	var wg sync.WaitGroup
	failures := make(chan string, goroutines)
	for g := 0; g < goroutines; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			mac := hmac.New(sha256.New, []byte(key))
			for i := 0; i < perGoroutine; i++ {
				id := "user-" + strconv.Itoa(g) + "-" + strconv.Itoa(i) + "@example.com"
				mac.Reset()
				mac.Write([]byte(id))
				if got, want := signer.Sign(id), hex.EncodeToString(mac.Sum(nil)); got != want {
					failures <- fmt.Sprintf("%s: got %s, want %s", id, got, want)
					return
				}
			}
		}(g)
	}
	wg.Wait()
	close(failures)
	for f := range failures {
		t.Error(f)
	}
}
