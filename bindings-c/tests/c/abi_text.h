/* Shared by the widget and token tests: status checks, byte literals, the
 * text-output calls' size query, and the secret-leak check of messages. */
#ifndef IDENTITY_HMAC_TEST_ABI_TEXT_H
#define IDENTITY_HMAC_TEST_ABI_TEXT_H

#include <identity_hmac.h>

#include <string.h>

#include "check.h"

/* A user or page field from two C strings. */
#define FIELD(name, value) {U8(name), sizeof(name) - 1, U8(value), sizeof(value) - 1}

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

/* Whether `message` holds any 4-byte piece of `secret` (the project's rule:
 * no secret, nor any 4 characters of one, in a message). */
static int leaks_piece(const char *message, const char *secret) {
    size_t len = strlen(secret), message_len = strlen(message);
    for (size_t i = 0; i + 4 <= len; i++)
        for (size_t j = 0; j + 4 <= message_len; j++)
            if (memcmp(message + j, secret + i, 4) == 0) return 1;
    return 0;
}

/* Secrets for the error cases: no 4-byte piece of them occurs in English
 * text, preset, field or claim names, so a leak check cannot pass by luck. */
#define ODD_SECRET "Qz7!vK9#mW2$xP4&"
#define ODD_HEX_SECRET "9f3a7c1e5b0d8f2a"

#endif
