package identityhmac

/*
#cgo noescape identity_hmac_bench_floor
#cgo nocallback identity_hmac_bench_floor
#include <identity_hmac.h>
*/
import "C"

import "unsafe"

// benchFloor is the benchmark floor: Sign without the HMAC; not API. It
// makes the same cgo call with the same arguments and builds its 64-character
// result the same way, so Sign's time above it is the hash.
func (s *Signer) benchFloor(identifier string) string {
	var out [C.IDENTITY_HMAC_HEX_SIZE]byte
	h := s.handle()
	ptr := h.acquire()
	defer h.release()
	status := C.identity_hmac_bench_floor(ptr, bytesOf(identifier), C.size_t(len(identifier)),
		(*C.char)(unsafe.Pointer(&out[0])))
	mustOK(status)
	return string(out[:C.IDENTITY_HMAC_HEX_LEN])
}
