package identityhmac

import (
	"runtime"
	"sync"
)

// noCopy makes go vet's copylocks check report a copied Signer or Verifier
// (a copy would still be safe at run time: it shares the same handle).
type noCopy struct{}

func (*noCopy) Lock()   {}
func (*noCopy) Unlock() {}

// handle owns one C object. Calls hold the read lock for the duration of the
// C call and close takes the write lock, so close waits for calls in flight
// and runs once; a call after close panics with ErrClosed instead of reaching
// freed memory. Signer and Verifier point at their handle, so a copied struct
// shares it rather than owning a second reference to the C object.
//
// P is the C pointer type (C's handle types are incomplete, so they cannot be
// type arguments themselves).
type handle[P comparable] struct {
	mu   sync.RWMutex
	ptr  P // the zero value (nil) once closed
	free func(P)
}

func newHandle[P comparable](ptr P, free func(P)) *handle[P] {
	h := &handle[P]{ptr: ptr, free: free}
	// Frees a handle that was never closed, once nothing refers to it.
	runtime.SetFinalizer(h, (*handle[P]).close)
	return h
}

// acquire returns the live C pointer with the read lock held; the caller
// calls h.release() when the C call has returned.
func (h *handle[P]) acquire() P {
	if h == nil {
		panic(ErrClosed)
	}
	h.mu.RLock()
	var closed P
	if h.ptr == closed {
		h.mu.RUnlock()
		panic(ErrClosed)
	}
	return h.ptr
}

func (h *handle[P]) release() { h.mu.RUnlock() }

func (h *handle[P]) close() {
	if h == nil {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	var closed P
	if h.ptr != closed {
		h.free(h.ptr)
		h.ptr = closed
		runtime.SetFinalizer(h, nil)
	}
}
