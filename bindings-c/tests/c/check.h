/* The tests' assertion: counts every check, reports a failure with its
 * location and goes on, so one run lists every failing check. */
#ifndef IDENTITY_HMAC_TEST_CHECK_H
#define IDENTITY_HMAC_TEST_CHECK_H

#include <stdio.h>

static int checks, failures;

#define CHECK(cond, ...)                                                    \
    do {                                                                    \
        checks++;                                                           \
        if (!(cond)) {                                                      \
            failures++;                                                     \
            fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond); \
            fprintf(stderr, __VA_ARGS__);                                   \
            fputc('\n', stderr);                                            \
        }                                                                   \
    } while (0)

/* A status check that names both statuses by their code strings (the
 * including file includes identity_hmac.h). */
#define CHECK_STATUS(expr, want)                                                        \
    do {                                                                                \
        int got_ = (int)(expr);                                                         \
        CHECK(got_ == (int)(want), "%s: got %s, want %s", #expr,                         \
              identity_hmac_status_code(got_), identity_hmac_status_code((int)(want))); \
    } while (0)

#define U8(s) ((const uint8_t *)(s))

#endif
