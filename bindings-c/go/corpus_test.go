package identityhmac

import (
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// corpusBytes is a corpus BYTES object: {"utf8": "..."} or {"hex": "..."}.
type corpusBytes struct {
	UTF8 *string `json:"utf8"`
	Hex  *string `json:"hex"`
}

func (b corpusBytes) value(t *testing.T) string {
	t.Helper()
	switch {
	case b.UTF8 != nil:
		return *b.UTF8
	case b.Hex != nil:
		raw, err := hex.DecodeString(*b.Hex)
		if err != nil {
			t.Fatalf("corpus: bad hex bytes: %v", err)
		}
		return string(raw)
	}
	t.Fatal("corpus: a BYTES object without utf8 or hex")
	return ""
}

type corpus struct {
	Sign []struct {
		ID             string      `json:"id"`
		SecretEncoding string      `json:"secret_encoding"`
		Secret         corpusBytes `json:"secret"`
		Identifier     corpusBytes `json:"identifier"`
		Expected       string      `json:"expected"`
	} `json:"sign"`
	Verify []struct {
		ID             string      `json:"id"`
		SecretEncoding string      `json:"secret_encoding"`
		Secret         corpusBytes `json:"secret"`
		Identifier     corpusBytes `json:"identifier"`
		Presented      corpusBytes `json:"presented"`
		Expected       bool        `json:"expected"`
	} `json:"verify"`
	InvalidSecrets []struct {
		ID             string      `json:"id"`
		SecretEncoding string      `json:"secret_encoding"`
		Secret         corpusBytes `json:"secret"`
		ExpectedCode   string      `json:"expected_code"`
		Position       *int        `json:"position"`
	} `json:"invalid_secrets"`
}

// loadCorpus reads the shared corpus in place: $IDENTITY_HMAC_CORPUS, or
// conformance/corpus.json two directories up from this package.
func loadCorpus(t *testing.T) corpus {
	t.Helper()
	path := os.Getenv("IDENTITY_HMAC_CORPUS")
	if path == "" {
		path = filepath.Join("..", "..", "conformance", "corpus.json")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("cannot read the corpus: %v", err)
	}
	var c corpus
	if err := json.Unmarshal(data, &c); err != nil {
		t.Fatalf("cannot parse the corpus: %v", err)
	}
	if len(c.Sign) == 0 || len(c.Verify) == 0 || len(c.InvalidSecrets) == 0 {
		t.Fatal("the corpus lacks a group")
	}
	return c
}

func encodingOf(t *testing.T, name string) SecretEncoding {
	t.Helper()
	enc, err := ParseSecretEncoding(name)
	if err != nil {
		t.Fatalf("corpus: secret_encoding %q: %v", name, err)
	}
	return enc
}

func TestCorpusSign(t *testing.T) {
	for _, v := range loadCorpus(t).Sign {
		signer, err := NewSigner(v.Secret.value(t), encodingOf(t, v.SecretEncoding))
		if err != nil {
			t.Errorf("%s: NewSigner: %v", v.ID, err)
			continue
		}
		identifier := v.Identifier.value(t)
		if got := signer.Sign(identifier); got != v.Expected {
			t.Errorf("%s: Sign = %s, want %s", v.ID, got, v.Expected)
		}
		if digest := signer.Digest(identifier); hex.EncodeToString(digest[:]) != v.Expected {
			t.Errorf("%s: Digest differs", v.ID)
		}
		if !signer.Verify(identifier, v.Expected) {
			t.Errorf("%s: the expected hash does not verify", v.ID)
		}
		signer.Close()
	}
}

func TestCorpusVerify(t *testing.T) {
	for _, v := range loadCorpus(t).Verify {
		secret, enc := v.Secret.value(t), encodingOf(t, v.SecretEncoding)
		signer, err := NewSigner(secret, enc)
		if err != nil {
			t.Errorf("%s: NewSigner: %v", v.ID, err)
			continue
		}
		identifier, presented := v.Identifier.value(t), v.Presented.value(t)
		if got := signer.Verify(identifier, presented); got != v.Expected {
			t.Errorf("%s: Verify = %v, want %v", v.ID, got, v.Expected)
		}
		verifier, err := NewVerifier([]string{secret}, enc)
		if err != nil {
			t.Fatalf("%s: NewVerifier: %v", v.ID, err)
		}
		if got := verifier.Verify(identifier, presented); got != v.Expected {
			t.Errorf("%s: Verifier.Verify = %v, want %v", v.ID, got, v.Expected)
		}
		signer.Close()
		verifier.Close()
	}
}
