/* RANDOM_SOURCE_FAILED through the C ABI: run with the repository's failing
 * getrandom() preloaded (conformance/test-support/failing_getrandom.c;
 * test.sh builds it with cc and sets LD_PRELOAD). The first secret must be
 * made; once IDENTITY_HMAC_TEST_FAIL_GETRANDOM is set, the next call must
 * return IDENTITY_HMAC_RANDOM_SOURCE_FAILED. Without the shim it fails. */
#define _POSIX_C_SOURCE 200112L
#include <stdlib.h>
#include <string.h>

#include <identity_hmac.h>

#include "check.h"

static int is_lowercase_hex(const char *text, size_t len) {
    for (size_t i = 0; i < len; i++)
        if (!strchr("0123456789abcdef", text[i]) || text[i] == '\0') return 0;
    return text[len] == '\0';
}

int main(void) {
    char out[IDENTITY_HMAC_HEX_SIZE];
    enum identity_hmac_status status = identity_hmac_generate_secret_hex(out);
    CHECK(status == IDENTITY_HMAC_OK, "before the failure is switched on: status %d", (int)status);
    CHECK(is_lowercase_hex(out, IDENTITY_HMAC_HEX_LEN), "not 64 lowercase hex characters");

    CHECK(setenv("IDENTITY_HMAC_TEST_FAIL_GETRANDOM", "1", 1) == 0, "setenv failed");
    status = identity_hmac_generate_secret_hex(out);
    CHECK(status == IDENTITY_HMAC_RANDOM_SOURCE_FAILED, "status %d, want IDENTITY_HMAC_RANDOM_SOURCE_FAILED (%d)",
          (int)status, (int)IDENTITY_HMAC_RANDOM_SOURCE_FAILED);
    CHECK(strcmp(identity_hmac_status_code(status), "RANDOM_SOURCE_FAILED") == 0, "code %s",
          identity_hmac_status_code(status));
    CHECK(strcmp(identity_hmac_status_message(status), "the operating system's random source failed") == 0,
          "message %s", identity_hmac_status_message(status));

    printf("random source: %d checks, %d failed\n", checks, failures);
    return failures == 0 ? 0 : 1;
}
