package identityhmac

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// The helper process's marker, and the line it prints for the parent.
const (
	randomHelperEnv    = "IDENTITY_HMAC_GO_RANDOM_SOURCE_HELPER"
	randomHelperPrefix = "random source helper: "
)

// GenerateSecret gives ErrRandomSourceFailed when the operating system's
// random source fails. The test binary re-runs itself as a helper process
// (TestRandomSourceHelperProcess) with the repository's failing getrandom()
// preloaded: see conformance/test-support/failing_getrandom.c, built here with cc.
func TestGenerateSecretRandomSourceFailed(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("LD_PRELOAD of getrandom() is Linux (glibc)")
	}
	shim := filepath.Join(t.TempDir(), "failing_getrandom.so")
	source := filepath.Join("..", "..", "conformance", "test-support", "failing_getrandom.c")
	if out, err := exec.Command("cc", "-shared", "-fPIC", "-o", shim, source).CombinedOutput(); err != nil {
		t.Fatalf("cc could not build the shim: %v\n%s", err, out)
	}
	helper := exec.Command(os.Args[0], "-test.run=^TestRandomSourceHelperProcess$", "-test.count=1")
	helper.Env = append(os.Environ(), randomHelperEnv+"=1", "LD_PRELOAD="+shim)
	out, err := helper.CombinedOutput()
	if err != nil {
		t.Fatalf("helper process: %v\n%s", err, out)
	}
	var got string
	for _, line := range strings.Split(string(out), "\n") {
		if strings.HasPrefix(line, randomHelperPrefix) {
			got = strings.TrimPrefix(line, randomHelperPrefix)
		}
	}
	want := "*identityhmac.Error RANDOM_SOURCE_FAILED errors.Is=true " +
		"message=identityhmac: RANDOM_SOURCE_FAILED: the operating system's random source failed"
	if got != want {
		t.Fatalf("helper printed %q, want %q\nfull output:\n%s", got, want, out)
	}
}

// TestRandomSourceHelperProcess is the helper process of
// TestGenerateSecretRandomSourceFailed; it does nothing in a normal run.
func TestRandomSourceHelperProcess(t *testing.T) {
	if os.Getenv(randomHelperEnv) != "1" {
		return
	}
	if secret, err := GenerateSecret(); err != nil || len(secret) != 64 {
		t.Fatalf("before the failure is switched on: %q, %v", secret, err)
	}
	// With cgo, os.Setenv also sets the C environment, which the shim reads.
	if err := os.Setenv("IDENTITY_HMAC_TEST_FAIL_GETRANDOM", "1"); err != nil {
		t.Fatal(err)
	}
	secret, err := GenerateSecret()
	if err == nil {
		t.Fatalf("GenerateSecret returned %q under a failing random source", secret)
	}
	var detailed *Error
	code := "(not an *Error)"
	if errors.As(err, &detailed) {
		code = detailed.Code
	}
	fmt.Printf("%s%T %s errors.Is=%t message=%s\n", randomHelperPrefix, err, code,
		errors.Is(err, ErrRandomSourceFailed), err.Error())
}
