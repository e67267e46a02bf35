// Command identity-hmac-conformance is the conformance runner's harness for
// the Go package: it reads TAB-separated requests on stdin and writes one
// response line per request (see conformance/README.md).
package main

import (
	"bufio"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strings"

	identityhmac "github.com/identity-hmac/identity-hmac/bindings-c/go"
)

func respond(fields []string) string {
	if len(fields) < 4 {
		return "?\tunsupported\tmalformed request"
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
