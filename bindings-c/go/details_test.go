package identityhmac

import (
	"errors"
	"runtime"
	"strings"
	"testing"
)

func TestInvalidSecretDetails(t *testing.T) {
	cases := []struct {
		name              string
		err               func() error
		code, reason      string
		position, index   int
		sentinel          error
		messageMentions   string
		secretsNotToPrint []string
	}{
		{"hex white space", func() error { _, err := NewSigner("00ff 1234deadbeef", Hex); return err },
			"INVALID_HEX_SECRET", "invalid character", 4, -1, ErrInvalidHexSecret, "position 4", []string{"1234deadbeef"}},
		{"hex odd length", func() error { _, err := NewSigner("abc", Hex); return err },
			"INVALID_HEX_SECRET", "odd length", 3, -1, ErrInvalidHexSecret, "odd length", nil},
		{"empty", func() error { _, err := NewSigner("", Text); return err },
			"EMPTY_SECRET", "empty", -1, -1, ErrEmptySecret, "empty", nil},
		{"third of a list", func() error {
			_, err := NewVerifier([]string{"abcd", "ef01", "0xc0ffee11"}, Hex)
			return err
		}, "INVALID_HEX_SECRET", "invalid character", 1, 2, ErrInvalidHexSecret, "index 2", []string{"c0ffee11", "abcd", "ef01"}},
		{"empty second of a list", func() error { _, err := NewVerifier([]string{"rotation-new", ""}, Text); return err },
			"EMPTY_SECRET", "empty", -1, 1, ErrEmptySecret, "index 1", []string{"rotation-new"}},
	}
	for _, c := range cases {
		err := c.err()
		var detail *Error
		if !errors.As(err, &detail) {
			t.Errorf("%s: %v is no *Error", c.name, err)
			continue
		}
		if detail.Code != c.code || detail.Reason != c.reason || detail.Position != c.position || detail.SecretIndex != c.index {
			t.Errorf("%s: got %s/%q/%d/%d, want %s/%q/%d/%d", c.name, detail.Code, detail.Reason, detail.Position,
				detail.SecretIndex, c.code, c.reason, c.position, c.index)
		}
		if !errors.Is(err, c.sentinel) || !errors.Is(err, ErrInvalidSecret) {
			t.Errorf("%s: errors.Is fails for %v or ErrInvalidSecret", c.name, c.sentinel)
		}
		if !strings.Contains(err.Error(), c.messageMentions) {
			t.Errorf("%s: message %q lacks %q", c.name, err.Error(), c.messageMentions)
		}
		for _, secret := range c.secretsNotToPrint {
			assertNoSecret(t, c.name, err, secret)
		}
	}
	for name, err := range map[string]error{
		"no secrets":       func() error { _, err := NewVerifier(nil, Text); return err }(),
		"unknown encoding": func() error { _, err := NewSigner("token", SecretEncoding(5)); return err }(),
	} {
		var detail *Error
		if !errors.As(err, &detail) || errors.Is(err, ErrInvalidSecret) || detail.Reason != "" || detail.Position != -1 || detail.SecretIndex != -1 {
			t.Errorf("%s: %#v should carry no secret details and not be ErrInvalidSecret", name, detail)
		}
	}
}

func TestEncodingNames(t *testing.T) {
	for name, want := range map[string]SecretEncoding{"text": Text, "hex": Hex} {
		if got, err := ParseSecretEncoding(name); err != nil || got != want || got.String() != name {
			t.Errorf("ParseSecretEncoding(%q) = %v, %v", name, got, err)
		}
	}
	for _, name := range []string{"", "HEX", "Text", "hex\x00junk", " hex", "base64"} {
		if _, err := ParseSecretEncoding(name); !errors.Is(err, ErrUnknownSecretEncoding) {
			t.Errorf("ParseSecretEncoding(%q): %v, want ErrUnknownSecretEncoding", name, err)
		}
	}
	if got := SecretEncoding(7).String(); got != "SecretEncoding(7)" {
		t.Errorf("String of 7: %q", got)
	}
}

// A list of a million secrets is refused by its length: only the first 17
// are handed to C, which refuses the count before it decodes any (the empty
// first secret would otherwise be EMPTY_SECRET). Measured by bytes allocated,
// not by time: pinning and copying the whole list would take tens of MB.
func TestVerifierStopsAtTheSeventeenthSecret(t *testing.T) {
	secrets := make([]string, 1_000_000)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := NewVerifier(secrets, Text)
	runtime.ReadMemStats(&after)
	if !errors.Is(err, ErrTooManySecrets) {
		t.Fatalf("got %v, want ErrTooManySecrets", err)
	}
	if allocated := after.TotalAlloc - before.TotalAlloc; allocated > 1<<20 {
		t.Errorf("NewVerifier allocated %d bytes for a refused list", allocated)
	}
}
