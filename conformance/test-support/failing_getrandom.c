/*
 * A stand-in for the C library's getrandom(), for testing RANDOM_SOURCE_FAILED.
 *
 * No real machine lets a test make the operating system's random source fail,
 * so each binding's test builds this file at test time
 * (cc -shared -fPIC -o failing_getrandom.so failing_getrandom.c), starts a
 * child process with LD_PRELOAD pointing at the result (Linux, glibc), calls
 * generate_secret once (it must work), sets IDENTITY_HMAC_TEST_FAIL_GETRANDOM
 * in the child's own environment, and expects the binding's
 * RANDOM_SOURCE_FAILED error from the next call.
 *
 * Until the variable is set every call passes through to the kernel, so the
 * runtime (Python, Node, Ruby, PHP, Go) starts normally. A 0-byte call (a
 * probe for whether getrandom exists) always passes through.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

ssize_t getrandom(void *buf, size_t len, unsigned int flags) {
    if (len > 0 && getenv("IDENTITY_HMAC_TEST_FAIL_GETRANDOM") != NULL) {
        errno = EIO;
        return -1;
    }
    return syscall(SYS_getrandom, buf, len, flags);
}
