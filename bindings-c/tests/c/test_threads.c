/* Eight POSIX threads share one signer and sign N identifiers each (N =
 * argv[1], default 100 000). Every hash is checked against a list computed
 * beforehand, on one thread, with the one-shot identity_hmac_sign_hex(),
 * which keeps no state between calls. */
#define _POSIX_C_SOURCE 200809L
#include <identity_hmac.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define THREADS 8

static const char key[] = "shared-signer-thread-check";
static identity_hmac_signer *shared;
static size_t per_thread;
static char *expected; /* THREADS * per_thread hashes of IDENTITY_HMAC_HEX_LEN characters */

static size_t identifier_of(size_t thread, size_t i, char *out, size_t size) {
    return (size_t)snprintf(out, size, "user-%zu-%zu@example.com", thread, i);
}

struct worker {
    size_t thread;
    size_t mismatches;
};

static void *sign_all(void *arg) {
    struct worker *w = arg;
    char id[64], out[IDENTITY_HMAC_HEX_SIZE];
    for (size_t i = 0; i < per_thread; i++) {
        size_t len = identifier_of(w->thread, i, id, sizeof id);
        const char *want = expected + (w->thread * per_thread + i) * IDENTITY_HMAC_HEX_LEN;
        if (identity_hmac_signer_sign_hex(shared, (const uint8_t *)id, len, out) != IDENTITY_HMAC_OK ||
            memcmp(out, want, IDENTITY_HMAC_HEX_LEN) != 0 ||
            identity_hmac_signer_verify_hex(shared, (const uint8_t *)id, len, (const uint8_t *)want,
                                            IDENTITY_HMAC_HEX_LEN) != 1)
            w->mismatches++;
    }
    return NULL;
}

int main(int argc, char **argv) {
    per_thread = argc > 1 ? strtoul(argv[1], NULL, 10) : 100000;
    expected = malloc((size_t)THREADS * per_thread * IDENTITY_HMAC_HEX_LEN);
    char id[64], out[IDENTITY_HMAC_HEX_SIZE];
    for (size_t t = 0; t < THREADS; t++)
        for (size_t i = 0; i < per_thread; i++) {
            size_t len = identifier_of(t, i, id, sizeof id);
            if (identity_hmac_sign_hex((const uint8_t *)key, strlen(key), IDENTITY_HMAC_SECRET_TEXT,
                                       (const uint8_t *)id, len, out) != IDENTITY_HMAC_OK) {
                fprintf(stderr, "FAIL: one-shot sign of %s\n", id);
                return 1;
            }
            memcpy(expected + (t * per_thread + i) * IDENTITY_HMAC_HEX_LEN, out, IDENTITY_HMAC_HEX_LEN);
        }
    /* Anchor the list to a value from outside the library: Python's hmac. */
    if (per_thread > 0 && memcmp(expected, "0e4e54353322245cc038bf2d2cdbb8356445e1f5936a28d98a6b9dbc8c8862bc", IDENTITY_HMAC_HEX_LEN) != 0) {
        fprintf(stderr, "FAIL: the first precomputed hash differs from Python's hmac\n");
        return 1;
    }
    if (identity_hmac_signer_new((const uint8_t *)key, strlen(key), IDENTITY_HMAC_SECRET_TEXT, &shared, NULL) !=
        IDENTITY_HMAC_OK) {
        fprintf(stderr, "FAIL: signer_new\n");
        return 1;
    }
    pthread_t threads[THREADS];
    struct worker workers[THREADS];
    for (size_t t = 0; t < THREADS; t++) {
        workers[t] = (struct worker){t, 0};
        if (pthread_create(&threads[t], NULL, sign_all, &workers[t]) != 0) {
            fprintf(stderr, "FAIL: pthread_create\n");
            return 1;
        }
    }
    size_t mismatches = 0;
    for (size_t t = 0; t < THREADS; t++) {
        pthread_join(threads[t], NULL);
        mismatches += workers[t].mismatches;
    }
    identity_hmac_signer_free(shared);
    free(expected);
    printf("threads (c): %d threads x %zu identifiers on one signer, %zu mismatches\n", THREADS, per_thread, mismatches);
    return mismatches ? 1 : 0;
}
