package identityhmac

import (
	"errors"
	"reflect"
	"sync"
	"sync/atomic"
	"testing"
)

// expectClosed runs call and reports whether it panicked with ErrClosed; any
// other panic is re-raised.
func expectClosed(call func()) (closed bool) {
	defer func() {
		if r := recover(); r != nil {
			err, ok := r.(error)
			if !ok || !errors.Is(err, ErrClosed) {
				panic(r)
			}
			closed = true
		}
	}()
	call()
	return false
}

// Close while 8 goroutines sign and verify: every call either returns the
// right hash or panics with ErrClosed, and Close (called from several
// goroutines at once) frees the signer once. Run under go test -race.
func TestCloseWhileEightGoroutinesSign(t *testing.T) {
	for round := 0; round < 20; round++ {
		signer, err := NewSigner("your_web_widget_hmac_token", Text)
		if err != nil {
			t.Fatal(err)
		}
		want := signer.Sign("some_identifier")
		var started, done sync.WaitGroup
		var wrong, signed atomic.Int64
		for g := 0; g < 8; g++ {
			started.Add(1)
			done.Add(1)
			go func() {
				defer done.Done()
				first := true
				for {
					if expectClosed(func() {
						if signer.Sign("some_identifier") != want || !signer.Verify("some_identifier", want) {
							wrong.Add(1)
						}
						signed.Add(1)
					}) {
						if first {
							started.Done()
						}
						return
					}
					if first {
						started.Done()
						first = false
					}
				}
			}()
		}
		started.Wait()
		var closers sync.WaitGroup
		for c := 0; c < 4; c++ {
			closers.Add(1)
			go func() {
				defer closers.Done()
				signer.Close()
			}()
		}
		closers.Wait()
		done.Wait()
		if wrong.Load() != 0 {
			t.Fatalf("round %d: %d wrong results", round, wrong.Load())
		}
		if signed.Load() == 0 {
			t.Fatalf("round %d: no call ran before Close", round)
		}
		if !expectClosed(func() { signer.Sign("x") }) {
			t.Fatal("Sign after Close did not panic with ErrClosed")
		}
	}
}

func TestCloseWhileGoroutinesVerifyWithAVerifier(t *testing.T) {
	verifier, err := NewVerifier([]string{"newest", "older"}, Text)
	if err != nil {
		t.Fatal(err)
	}
	older, _ := NewSigner("older", Text)
	defer older.Close()
	hash := older.Sign("id")
	var started, done sync.WaitGroup
	var wrong atomic.Int64
	for g := 0; g < 8; g++ {
		started.Add(1)
		done.Add(1)
		go func() {
			defer done.Done()
			once := sync.OnceFunc(started.Done)
			defer once()
			for !expectClosed(func() {
				if index, ok := verifier.MatchingKey("id", hash); !ok || index != 1 || !verifier.Verify("id", hash) {
					wrong.Add(1)
				}
			}) {
				once()
			}
		}()
	}
	started.Wait()
	verifier.Close()
	done.Wait()
	verifier.Close()
	if wrong.Load() != 0 {
		t.Fatalf("%d wrong results", wrong.Load())
	}
}

// A copied struct shares the handle: closing the copy closes the original
// too, which then panics with ErrClosed instead of reading freed memory. The
// copy is made through reflect, because go vet (copylocks) refuses a plain one.
func TestACopiedSignerSharesItsHandle(t *testing.T) {
	signer, err := NewSigner("token", Text)
	if err != nil {
		t.Fatal(err)
	}
	copied := reflect.New(reflect.TypeOf(signer).Elem())
	copied.Elem().Set(reflect.ValueOf(signer).Elem())
	copy := copied.Interface().(*Signer)
	if copy.Sign("id") != signer.Sign("id") {
		t.Fatal("the copy signs differently")
	}
	copy.Close()
	if !expectClosed(func() { signer.Sign("id") }) {
		t.Fatal("the original still signs after its copy was closed")
	}
	signer.Close()
}

func TestNilAndZeroHandlesPanicWithErrClosed(t *testing.T) {
	var nilSigner *Signer
	var zero Verifier
	for name, call := range map[string]func(){
		"nil Signer":    func() { nilSigner.Sign("id") },
		"zero Verifier": func() { zero.Verify("id", "00") },
	} {
		if !expectClosed(call) {
			t.Errorf("%s: no ErrClosed panic", name)
		}
	}
	nilSigner.Close()
	zero.Close()
}
