package identityhmac

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"math/rand"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
)

func TestCorpusInvalidSecrets(t *testing.T) {
	for _, v := range loadCorpus(t).InvalidSecrets {
		secret := v.Secret.value(t)
		signer, err := NewSigner(secret, encodingOf(t, v.SecretEncoding))
		if err == nil {
			signer.Close()
			t.Errorf("%s: NewSigner accepted an invalid secret", v.ID)
			continue
		}
		var detail *Error
		if !errors.As(err, &detail) || detail.Code != v.ExpectedCode {
			t.Errorf("%s: error %v, want code %s", v.ID, err, v.ExpectedCode)
			continue
		}
		if !errors.Is(err, sentinelOf(v.ExpectedCode)) {
			t.Errorf("%s: errors.Is(%v, sentinel) is false", v.ID, err)
		}
		if v.Position != nil && detail.Position != *v.Position {
			t.Errorf("%s: position %d, want %d", v.ID, detail.Position, *v.Position)
		}
		assertNoSecret(t, v.ID, err, secret)
	}
}

// assertNoSecret fails when an error message holds the secret (checked for
// secrets long enough not to appear by chance).
func assertNoSecret(t *testing.T, id string, err error, secret string) {
	t.Helper()
	if len(secret) >= 4 && strings.Contains(err.Error(), secret) {
		t.Errorf("%s: the error message contains the secret: %q", id, err.Error())
	}
}

func TestEveryErrorPathIsTyped(t *testing.T) {
	cases := []struct {
		name     string
		err      func() error
		sentinel error
	}{
		{"empty text", func() error { _, err := NewSigner("", Text); return err }, ErrEmptySecret},
		{"empty hex", func() error { _, err := NewSigner("", Hex); return err }, ErrEmptySecret},
		{"odd hex", func() error { _, err := NewSigner("deadbeef0", Hex); return err }, ErrInvalidHexSecret},
		{"0x prefix", func() error { _, err := NewSigner("0xdeadbeef", Hex); return err }, ErrInvalidHexSecret},
		{"unknown encoding", func() error { _, err := NewSigner("deadbeef-secret", SecretEncoding(7)); return err }, ErrUnknownSecretEncoding},
		{"no secrets", func() error { _, err := NewVerifier(nil, Text); return err }, ErrNoSecrets},
		{"too many", func() error {
			_, err := NewVerifier(strings.Fields(strings.Repeat("s3cr3t-value ", 17)), Text)
			return err
		}, ErrTooManySecrets},
		{"bad secret in verifier", func() error {
			_, err := NewVerifier([]string{"abcd", "abcz-secret"}, Hex)
			return err
		}, ErrInvalidHexSecret},
	}
	for _, c := range cases {
		err := c.err()
		if !errors.Is(err, c.sentinel) {
			t.Errorf("%s: got %v, want %v", c.name, err, c.sentinel)
			continue
		}
		for _, other := range []error{ErrEmptySecret, ErrInvalidHexSecret, ErrUnknownSecretEncoding, ErrNoSecrets, ErrTooManySecrets} {
			if other != c.sentinel && errors.Is(err, other) {
				t.Errorf("%s: %v also matches %v", c.name, err, other)
			}
		}
		for _, secret := range []string{"deadbeef0", "0xdeadbeef", "deadbeef-secret", "s3cr3t-value", "abcz-secret"} {
			assertNoSecret(t, c.name, err, secret)
		}
	}
	var detail *Error
	_, err := NewSigner("00ff 1234deadbeef", Hex)
	if !errors.As(err, &detail) || detail.Position != 4 || !strings.Contains(err.Error(), "position 4") {
		t.Errorf("hex error detail: %v", err)
	}
}

func TestInteropWithCryptoHmac(t *testing.T) {
	rng := rand.New(rand.NewSource(42))
	for i := 0; i < 2000; i++ {
		key := make([]byte, 1+rng.Intn(200))
		message := make([]byte, rng.Intn(300))
		rng.Read(key)
		rng.Read(message)
		mac := hmac.New(sha256.New, key)
		mac.Write(message)
		want := hex.EncodeToString(mac.Sum(nil))

		signer, err := NewSigner(string(key), Text)
		if err != nil {
			t.Fatal(err)
		}
		if got := signer.Sign(string(message)); got != want {
			t.Fatalf("key %x message %x: got %s, want %s", key, message, got, want)
		}
		hexSigner, err := NewSigner(hex.EncodeToString(key), Hex)
		if err != nil {
			t.Fatal(err)
		}
		if !hexSigner.Verify(string(message), strings.ToUpper(want)) {
			t.Fatalf("hex key %x: the uppercase hash does not verify", key)
		}
		signer.Close()
		hexSigner.Close()
	}
}

func TestGoroutinesShareASigner(t *testing.T) {
	key := "your_web_widget_hmac_token"
	signer, err := NewSigner(key, Text)
	if err != nil {
		t.Fatal(err)
	}
	defer signer.Close()
	var wg sync.WaitGroup
	errs := make(chan string, 16)
	for g := 0; g < 16; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			mac := hmac.New(sha256.New, []byte(key))
			for i := 0; i < 2000; i++ {
				id := "user-" + string(rune('a'+g)) + "-" + strings.Repeat("x", i%70)
				mac.Reset()
				mac.Write([]byte(id))
				if want := hex.EncodeToString(mac.Sum(nil)); signer.Sign(id) != want || !signer.Verify(id, want) {
					errs <- id
					return
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for id := range errs {
		t.Errorf("concurrent sign of %q is wrong", id)
	}
}

func TestEmbeddedNulAndBinaryIdentifiers(t *testing.T) {
	signer, err := NewSigner("key", Text)
	if err != nil {
		t.Fatal(err)
	}
	defer signer.Close()
	if signer.Sign("a\x00b") == signer.Sign("a") {
		t.Error("an embedded NUL was dropped")
	}
	mac := hmac.New(sha256.New, []byte("key"))
	mac.Write([]byte{0xff, 0x00, 0xfe})
	if got := signer.Sign("\xff\x00\xfe"); got != hex.EncodeToString(mac.Sum(nil)) {
		t.Errorf("binary identifier: %s", got)
	}
	if signer.Sign("") == "" || signer.Verify("", "short") {
		t.Error("empty identifier or malformed hash handled wrongly")
	}
}

func TestRotationAndGeneratedSecrets(t *testing.T) {
	newest, err := GenerateSecret()
	if err != nil {
		t.Fatal(err)
	}
	oldest, _ := GenerateSecret()
	if !regexp.MustCompile(`^[0-9a-f]{64}$`).MatchString(newest) || newest == oldest {
		t.Fatalf("generated secrets %q, %q", newest, oldest)
	}
	verifier, err := NewVerifier([]string{newest, oldest}, Hex)
	if err != nil {
		t.Fatal(err)
	}
	defer verifier.Close()
	old, _ := NewSigner(oldest, Hex)
	defer old.Close()
	hash := old.Sign("user@example.com")
	if index, ok := verifier.MatchingKey("user@example.com", hash); !ok || index != 1 {
		t.Errorf("MatchingKey = %d, %v; want 1, true", index, ok)
	}
	if !verifier.Verify("user@example.com", hash) || verifier.Verify("other@example.com", hash) {
		t.Error("Verifier.Verify is wrong")
	}
	if _, ok := verifier.MatchingKey("user@example.com", "zz"); ok {
		t.Error("a malformed hash matched")
	}
}

func TestCloseIsIdempotentAndUseAfterClosePanics(t *testing.T) {
	signer, err := NewSigner("secret", Text)
	if err != nil {
		t.Fatal(err)
	}
	signer.Close()
	signer.Close()
	defer func() {
		if recover() == nil {
			t.Error("Sign on a closed Signer did not panic")
		}
	}()
	signer.Sign("id")
}

func TestVersionIsTheWorkspaceVersion(t *testing.T) {
	manifest, err := os.ReadFile(filepath.Join("..", "..", "Cargo.toml"))
	if err != nil {
		t.Skip("not inside the repository:", err)
	}
	section := manifest[strings.Index(string(manifest), "[workspace.package]"):]
	match := regexp.MustCompile(`(?m)^version\s*=\s*"([^"]+)"`).FindSubmatch(section)
	if match == nil || Version() != string(match[1]) {
		t.Errorf("Version() = %s, workspace version %s", Version(), match)
	}
}
