package identityhmac

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"testing"
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
