// Command identity-hmac-conformance is the conformance runner's harness for
// the Go package: it reads TAB-separated requests on stdin and writes one
// response line per request (see conformance/README.md).
package main

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	identityhmac "github.com/identity-hmac/identity-hmac/bindings-c/go"
)

func respond(fields []string) string {
	if len(fields) < 4 {
		return "?\tunsupported\tmalformed request"
	}
	switch fields[0] {
	case "token_verify":
		return tokenVerify(fields)
	case "token_sign":
		return tokenSign(fields)
	}
	id := fields[1]
	enc, err := identityhmac.ParseSecretEncoding(fields[2])
	if err != nil {
		return id + "\tunsupported\tsecret encoding " + fields[2]
	}
	args := make([]string, 0, len(fields)-3)
	for _, field := range fields[3:] {
		raw, err := hex.DecodeString(field)
		if err != nil {
			return id + "\tunsupported\tbad hex field"
		}
		// A Go string holds any bytes, so valid and invalid UTF-8 travel alike.
		args = append(args, string(raw))
	}
	signer, err := identityhmac.NewSigner(args[0], enc)
	if err != nil {
		var detail *identityhmac.Error
		if errors.As(err, &detail) {
			return id + "\terror\t" + detail.Code
		}
		return id + "\terror\t" + err.Error()
	}
	defer signer.Close()
	switch {
	case fields[0] == "secret" && len(args) == 1:
		return id + "\tok"
	case fields[0] == "sign" && len(args) == 2:
		return id + "\thash\t" + signer.Sign(args[1])
	case fields[0] == "verify" && len(args) == 3:
		return fmt.Sprintf("%s\tbool\t%t", id, signer.Verify(args[1], args[2]))
	}
	return id + "\tunsupported\trequest " + fields[0]
}

// errorLine is the answer for err: its code, or unsupported for an error
// that is not the package's.
func errorLine(id string, err error) string {
	var detail *identityhmac.Error
	if errors.As(err, &detail) {
		return id + "\terror\t" + detail.Code
	}
	return id + "\tunsupported\t" + err.Error()
}

func unhex(field string) (string, bool) {
	raw, err := hex.DecodeString(field)
	return string(raw), err == nil
}

// seconds reads a decimal count of seconds, or "-" (ok, none).
func seconds(field string) (time.Duration, bool, bool) {
	if field == "-" {
		return 0, false, true
	}
	n, err := strconv.ParseInt(field, 10, 64)
	if err != nil || n < 0 || n > int64(^uint64(0)>>1)/int64(time.Second) {
		return 0, false, false
	}
	return time.Duration(n) * time.Second, true, true
}

// token_verify id text|hex KEYS token_hex now leeway max_lifetime|- required_claims_hex
func tokenVerify(fields []string) string {
	id := fields[1]
	if len(fields) != 9 {
		return id + "\tunsupported\tmalformed token_verify request"
	}
	enc, err := identityhmac.ParseSecretEncoding(fields[2])
	if err != nil {
		return id + "\tunsupported\tsecret encoding " + fields[2]
	}
	var keys []identityhmac.TokenKey
	if fields[3] != "" {
		for _, entry := range strings.Split(fields[3], ",") {
			kidHex, secretHex, found := strings.Cut(entry, ":")
			kid, ok1 := unhex(kidHex)
			secret, ok2 := unhex(secretHex)
			if !found || !ok1 || !ok2 {
				return id + "\tunsupported\tbad key entry"
			}
			keys = append(keys, identityhmac.TokenKey{KeyID: kid, Secret: secret})
		}
	}
	token, ok := unhex(fields[4])
	now, err := strconv.ParseInt(fields[5], 10, 64)
	leeway, hasLeeway, ok2 := seconds(fields[6])
	maxLifetime, hasMax, ok3 := seconds(fields[7])
	requiredText, ok4 := unhex(fields[8])
	var required []string
	if !ok || err != nil || !hasLeeway || !ok2 || !ok3 || !ok4 || json.Unmarshal([]byte(requiredText), &required) != nil {
		return id + "\tunsupported\tbad token_verify field"
	}
	if hasMax && maxLifetime == 0 {
		return id + "\tunsupported\tmax_lifetime 0 (the Go API's zero MaxLifetime means none)"
	}
	if leeway == 0 {
		leeway = -1 // the Go API: zero means the default (60 s), negative none
	}
	verifier, err := identityhmac.NewTokenVerifier(keys, &identityhmac.TokenVerifierOptions{
		SecretEncoding: enc, Leeway: leeway, MaxLifetime: maxLifetime, RequiredClaims: required,
	})
	if err != nil {
		return errorLine(id, err)
	}
	defer verifier.Close()
	claims, err := verifier.VerifyAt(token, time.Unix(now, 0))
	if err != nil {
		return errorLine(id, err)
	}
	// The claims as encoding/json writes the map (json.Number keeps numbers exact).
	var out bytes.Buffer
	encoder := json.NewEncoder(&out)
	encoder.SetEscapeHTML(false)
	if err := encoder.Encode(claims); err != nil {
		return id + "\tunsupported\tclaims not encodable"
	}
	return id + "\tclaims\t" + hex.EncodeToString(bytes.TrimSuffix(out.Bytes(), []byte("\n")))
}

// token_sign id text|hex secret_hex claims_hex now expires_in|- kid_hex|-
func tokenSign(fields []string) string {
	id := fields[1]
	if len(fields) != 8 {
		return id + "\tunsupported\tmalformed token_sign request"
	}
	enc, err := identityhmac.ParseSecretEncoding(fields[2])
	if err != nil {
		return id + "\tunsupported\tsecret encoding " + fields[2]
	}
	secret, ok1 := unhex(fields[3])
	claimsText, ok2 := unhex(fields[4])
	now, err := strconv.ParseInt(fields[5], 10, 64)
	expiresIn, _, ok3 := seconds(fields[6])
	kid := ""
	ok4 := true
	if fields[7] != "-" {
		kid, ok4 = unhex(fields[7])
	}
	if !ok1 || !ok2 || err != nil || !ok3 || !ok4 {
		return id + "\tunsupported\tbad token_sign field"
	}
	if fields[6] != "-" && expiresIn == 0 {
		return id + "\tunsupported\texpires_in 0 (the Go API's zero ExpiresIn means none)"
	}
	if fields[7] != "-" && kid == "" {
		return id + "\tunsupported\tan empty kid (the Go API's empty KeyID means none)"
	}
	// The host map: what encoding/json decodes (numbers as json.Number, so
	// they stay exact), handed to SignToken, which encodes it again. Text
	// encoding/json cannot read goes to the core as it is, which refuses it.
	var claims any = json.RawMessage(claimsText)
	decoder := json.NewDecoder(strings.NewReader(claimsText))
	decoder.UseNumber()
	var parsed any
	if decoder.Decode(&parsed) == nil && !decoder.More() {
		claims = parsed
	}
	token, err := identityhmac.SignToken(secret, claims, &identityhmac.TokenOptions{
		SecretEncoding: enc, ExpiresIn: expiresIn, KeyID: kid, Now: time.Unix(now, 0),
	})
	if err != nil {
		return errorLine(id, err)
	}
	return id + "\ttoken\t" + token
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<26)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for in.Scan() {
		line := strings.TrimRight(in.Text(), "\r")
		if line == "" {
			continue
		}
		fmt.Fprintln(out, respond(strings.Split(line, "\t")))
	}
	if err := in.Err(); err != nil {
		fmt.Fprintln(os.Stderr, "identity-hmac-conformance:", err)
		os.Exit(1)
	}
}
