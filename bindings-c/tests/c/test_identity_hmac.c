/* C tests of the identity-hmac C ABI, against the installed library.
 * Usage: test_identity_hmac <path to conformance/corpus.json> */
#include <identity_hmac.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "json.h"


#define CHECK_STATUS(expr, want)                                                        \
    do {                                                                                \
        int got_ = (int)(expr);                                                         \
        CHECK(got_ == (int)(want), "%s: got %s, want %s", #expr,                         \
              identity_hmac_status_code(got_), identity_hmac_status_code((int)(want))); \
    } while (0)

#define U8(s) ((const uint8_t *)(s))


static int encoding_of(const struct json *vector) {
    const struct json *name = json_get(vector, "secret_encoding");
    if (name && strcmp(name->string, "hex") == 0) return IDENTITY_HMAC_SECRET_HEX;
    return IDENTITY_HMAC_SECRET_TEXT;
}

static const char *id_of(const struct json *vector) {
    const struct json *id = json_get(vector, "id");
    return id ? id->string : "?";
}

/* Whether the message holds the secret (only meaningful for secrets long
 * enough not to appear by chance). */
static int leaks_secret(const char *message, struct json_bytes secret) {
    if (secret.len < 4) return 0;
    size_t len = strlen(message);
    for (size_t i = 0; i + secret.len <= len; i++)
        if (memcmp(message + i, secret.data, secret.len) == 0) return 1;
    return 0;
}

static void test_sign_vectors(const struct json *group) {
    for (size_t i = 0; group && i < group->count; i++) {
        const struct json *v = &group->items[i];
        struct json_bytes secret = json_bytes_field(json_get(v, "secret"));
        struct json_bytes identifier = json_bytes_field(json_get(v, "identifier"));
        const char *expected = json_get(v, "expected")->string;
        int encoding = encoding_of(v);
        char out[IDENTITY_HMAC_HEX_SIZE];

        CHECK_STATUS(identity_hmac_sign_hex(secret.data, secret.len, encoding, identifier.data, identifier.len, out),
                     IDENTITY_HMAC_OK);
        CHECK(strcmp(out, expected) == 0, "%s one-shot: got %s, want %s", id_of(v), out, expected);

        identity_hmac_signer *signer = NULL;
        CHECK_STATUS(identity_hmac_signer_new(secret.data, secret.len, encoding, &signer), IDENTITY_HMAC_OK);
        memset(out, 'x', sizeof out);
        CHECK_STATUS(identity_hmac_signer_sign_hex(signer, identifier.data, identifier.len, out), IDENTITY_HMAC_OK);
        CHECK(strcmp(out, expected) == 0, "%s signer: got %s, want %s", id_of(v), out, expected);

        uint8_t raw[IDENTITY_HMAC_HASH_LEN];
        char raw_hex[IDENTITY_HMAC_HEX_SIZE];
        CHECK_STATUS(identity_hmac_signer_sign(signer, identifier.data, identifier.len, raw), IDENTITY_HMAC_OK);
        for (size_t b = 0; b < sizeof raw; b++) snprintf(raw_hex + 2 * b, 3, "%02x", raw[b]);
        CHECK(strcmp(raw_hex, expected) == 0, "%s raw digest: got %s", id_of(v), raw_hex);

        CHECK(identity_hmac_signer_verify_hex(signer, identifier.data, identifier.len, U8(expected), 64) == 1,
              "%s: the expected hash does not verify", id_of(v));
        CHECK(identity_hmac_verify_hex(secret.data, secret.len, encoding, identifier.data, identifier.len,
                                       U8(expected), 64) == 1,
              "%s: one-shot verify", id_of(v));
        identity_hmac_signer_free(signer);
        free(secret.data);
        free(identifier.data);
    }
}

static void test_verify_vectors(const struct json *group) {
    for (size_t i = 0; group && i < group->count; i++) {
        const struct json *v = &group->items[i];
        struct json_bytes secret = json_bytes_field(json_get(v, "secret"));
        struct json_bytes identifier = json_bytes_field(json_get(v, "identifier"));
        struct json_bytes presented = json_bytes_field(json_get(v, "presented"));
        int expected = json_get(v, "expected")->boolean;
        int encoding = encoding_of(v);

        identity_hmac_signer *signer = NULL;
        CHECK_STATUS(identity_hmac_signer_new(secret.data, secret.len, encoding, &signer), IDENTITY_HMAC_OK);
        CHECK(identity_hmac_signer_verify_hex(signer, identifier.data, identifier.len, presented.data, presented.len) ==
                  expected,
              "%s: signer verify != %d", id_of(v), expected);
        CHECK(identity_hmac_verify_hex(secret.data, secret.len, encoding, identifier.data, identifier.len,
                                       presented.data, presented.len) == expected,
              "%s: one-shot verify != %d", id_of(v), expected);
        int check = identity_hmac_signer_check_hex(signer, identifier.data, identifier.len, presented.data, presented.len);
        CHECK((check == IDENTITY_HMAC_OK) == expected, "%s: check gave %s", id_of(v), identity_hmac_status_code(check));

        const uint8_t *secrets[1] = {secret.data};
        size_t lens[1] = {secret.len};
        identity_hmac_verifier *verifier = NULL;
        CHECK_STATUS(identity_hmac_verifier_new(secrets, lens, 1, encoding, &verifier), IDENTITY_HMAC_OK);
        CHECK(identity_hmac_verifier_verify_hex(verifier, identifier.data, identifier.len, presented.data,
                                                presented.len) == expected,
              "%s: verifier verify != %d", id_of(v), expected);
        identity_hmac_verifier_free(verifier);
        identity_hmac_signer_free(signer);
        free(secret.data);
        free(identifier.data);
        free(presented.data);
    }
}

static void test_invalid_secret_vectors(const struct json *group) {
    for (size_t i = 0; group && i < group->count; i++) {
        const struct json *v = &group->items[i];
        struct json_bytes secret = json_bytes_field(json_get(v, "secret"));
        const char *expected_code = json_get(v, "expected_code")->string;
        const struct json *position = json_get(v, "position");
        int encoding = encoding_of(v);

        identity_hmac_signer *signer = (identity_hmac_signer *)&signer; /* must be reset to NULL */
        int status = identity_hmac_signer_new(secret.data, secret.len, encoding, &signer);
        CHECK(strcmp(identity_hmac_status_code(status), expected_code) == 0, "%s: got %s, want %s", id_of(v),
              identity_hmac_status_code(status), expected_code);
        CHECK(signer == NULL, "%s: *out not NULL after a failure", id_of(v));

        size_t got_position = 0;
        char message[256];
        CHECK_STATUS(identity_hmac_secret_check(secret.data, secret.len, encoding, &got_position, message, sizeof message),
                     status);
        if (position) {
            CHECK(got_position == (size_t)position->number, "%s: position %zu, want %.0f", id_of(v), got_position,
                  position->number);
        } else {
            CHECK(got_position == SIZE_MAX, "%s: position %zu for a non-hex error", id_of(v), got_position);
        }
        CHECK(message[0] != '\0', "%s: empty message", id_of(v));
        CHECK(!leaks_secret(message, secret), "%s: the message contains the secret", id_of(v));
        CHECK(!leaks_secret(identity_hmac_status_message(status), secret), "%s: status message leaks", id_of(v));
        free(secret.data);
    }
}

static void test_status_codes(void) {
    static const struct {
        int status;
        const char *code;
    } table[] = {
        {IDENTITY_HMAC_OK, "OK"},
        {IDENTITY_HMAC_EMPTY_SECRET, "EMPTY_SECRET"},
        {IDENTITY_HMAC_INVALID_HEX_SECRET, "INVALID_HEX_SECRET"},
        {IDENTITY_HMAC_UNKNOWN_SECRET_ENCODING, "UNKNOWN_SECRET_ENCODING"},
        {IDENTITY_HMAC_NO_SECRETS, "NO_SECRETS"},
        {IDENTITY_HMAC_TOO_MANY_SECRETS, "TOO_MANY_SECRETS"},
        {IDENTITY_HMAC_MALFORMED_HASH, "MALFORMED_HASH"},
        {IDENTITY_HMAC_MISMATCH, "MISMATCH"},
        {IDENTITY_HMAC_NULL_ARGUMENT, "NULL_ARGUMENT"},
        {IDENTITY_HMAC_INVALID_ARGUMENT, "INVALID_ARGUMENT"},
        {IDENTITY_HMAC_RANDOM_FAILED, "RANDOM_FAILED"},
        {IDENTITY_HMAC_INTERNAL_ERROR, "INTERNAL_ERROR"},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        CHECK(strcmp(identity_hmac_status_code(table[i].status), table[i].code) == 0, "code of %d", table[i].status);
        CHECK(identity_hmac_status_message(table[i].status)[0] != '\0', "message of %d", table[i].status);
        CHECK(table[i].status <= 0, "%s is positive", table[i].code);
    }
    CHECK(strcmp(identity_hmac_status_code(12345), "UNKNOWN_STATUS") == 0, "unknown status code");
    CHECK(identity_hmac_status_message(-12345)[0] != '\0', "unknown status message");

    /* Every status a caller can provoke, provoked. RANDOM_FAILED and
     * INTERNAL_ERROR cannot be provoked from outside. */
    const char *secret = "s3cr3t-token";
    identity_hmac_signer *signer = NULL;
    identity_hmac_verifier *verifier = NULL;
    char out[IDENTITY_HMAC_HEX_SIZE];
    CHECK_STATUS(identity_hmac_signer_new(U8(""), 0, IDENTITY_HMAC_SECRET_TEXT, &signer), IDENTITY_HMAC_EMPTY_SECRET);
    CHECK_STATUS(identity_hmac_signer_new(U8(""), 0, IDENTITY_HMAC_SECRET_HEX, &signer), IDENTITY_HMAC_EMPTY_SECRET);
    CHECK_STATUS(identity_hmac_signer_new(U8("abc"), 3, IDENTITY_HMAC_SECRET_HEX, &signer),
                 IDENTITY_HMAC_INVALID_HEX_SECRET);
    CHECK_STATUS(identity_hmac_signer_new(U8("0xab"), 4, IDENTITY_HMAC_SECRET_HEX, &signer),
                 IDENTITY_HMAC_INVALID_HEX_SECRET);
    CHECK_STATUS(identity_hmac_signer_new(U8(secret), strlen(secret), 2, &signer),
                 IDENTITY_HMAC_UNKNOWN_SECRET_ENCODING);
    CHECK_STATUS(identity_hmac_signer_new(U8(secret), strlen(secret), -1, &signer),
                 IDENTITY_HMAC_UNKNOWN_SECRET_ENCODING);
    CHECK_STATUS(identity_hmac_sign_hex(U8(secret), strlen(secret), 7, U8("id"), 2, out),
                 IDENTITY_HMAC_UNKNOWN_SECRET_ENCODING);
    CHECK_STATUS(identity_hmac_verify_hex(U8(""), 0, IDENTITY_HMAC_SECRET_TEXT, U8("id"), 2, U8("00"), 2),
                 IDENTITY_HMAC_EMPTY_SECRET);
    CHECK_STATUS(identity_hmac_verifier_new(NULL, NULL, 0, IDENTITY_HMAC_SECRET_TEXT, &verifier),
                 IDENTITY_HMAC_NO_SECRETS);

    const uint8_t *many[IDENTITY_HMAC_MAX_SECRETS + 1];
    size_t many_lens[IDENTITY_HMAC_MAX_SECRETS + 1];
    for (size_t i = 0; i <= IDENTITY_HMAC_MAX_SECRETS; i++) many[i] = U8(secret), many_lens[i] = strlen(secret);
    CHECK_STATUS(identity_hmac_verifier_new(many, many_lens, IDENTITY_HMAC_MAX_SECRETS + 1, IDENTITY_HMAC_SECRET_TEXT,
                                            &verifier),
                 IDENTITY_HMAC_TOO_MANY_SECRETS);
    CHECK(verifier == NULL, "verifier set after a failure");
    CHECK_STATUS(identity_hmac_verifier_new(many, many_lens, IDENTITY_HMAC_MAX_SECRETS, IDENTITY_HMAC_SECRET_TEXT,
                                            &verifier),
                 IDENTITY_HMAC_OK);
    identity_hmac_verifier_free(verifier);

    CHECK_STATUS(identity_hmac_signer_new(U8(secret), strlen(secret), IDENTITY_HMAC_SECRET_TEXT, &signer),
                 IDENTITY_HMAC_OK);
    CHECK_STATUS(identity_hmac_signer_sign_hex(signer, U8("id"), 2, out), IDENTITY_HMAC_OK);
    CHECK_STATUS(identity_hmac_signer_check_hex(signer, U8("id"), 2, U8(out), 64), IDENTITY_HMAC_OK);
    CHECK_STATUS(identity_hmac_signer_check_hex(signer, U8("id"), 2, U8(out), 63), IDENTITY_HMAC_MALFORMED_HASH);
    CHECK_STATUS(identity_hmac_signer_check_hex(signer, U8("other"), 5, U8(out), 64), IDENTITY_HMAC_MISMATCH);
    CHECK(identity_hmac_signer_verify_hex(signer, U8("id"), 2, U8(out), 63) == 0, "malformed hash is 0");
    CHECK(identity_hmac_signer_verify_hex(signer, U8("id"), 2, U8("zz"), 2) == 0, "malformed hash is 0");

    char batch[2 * IDENTITY_HMAC_HEX_LEN];
    const uint8_t *ids[2] = {U8("a"), U8("b")};
    size_t id_lens[2] = {1, 1};
    CHECK_STATUS(identity_hmac_signer_sign_many_hex(signer, ids, id_lens, 2, batch, sizeof batch - 1),
                 IDENTITY_HMAC_INVALID_ARGUMENT);
    CHECK_STATUS(identity_hmac_signer_sign_many_hex(signer, ids, id_lens, 2, batch, sizeof batch), IDENTITY_HMAC_OK);
    CHECK_STATUS(identity_hmac_signer_sign_hex(signer, U8("b"), 1, out), IDENTITY_HMAC_OK);
    CHECK(memcmp(batch + IDENTITY_HMAC_HEX_LEN, out, IDENTITY_HMAC_HEX_LEN) == 0, "sign_many matches sign");
    identity_hmac_signer_free(signer);

    /* The detailed secret check names the reason and position only. */
    size_t position = 0;
    char message[128];
    CHECK_STATUS(identity_hmac_secret_check(U8("00ff 1234deadbeef"), 17, IDENTITY_HMAC_SECRET_HEX, &position, message,
                                            sizeof message),
                 IDENTITY_HMAC_INVALID_HEX_SECRET);
    CHECK(position == 4, "position %zu", position);
    CHECK(strstr(message, "position 4") && strstr(message, "invalid character"), "message: %s", message);
    CHECK(!strstr(message, "dead") && !strstr(message, "00ff"), "message leaks the secret: %s", message);
    CHECK_STATUS(identity_hmac_secret_check(U8("abcdefabcdefa"), 13, IDENTITY_HMAC_SECRET_HEX, &position, message, 8),
                 IDENTITY_HMAC_INVALID_HEX_SECRET);
    CHECK(strlen(message) == 7 && position == 13, "truncated message %s, position %zu", message, position);
    CHECK_STATUS(identity_hmac_secret_check(U8("ab"), 2, IDENTITY_HMAC_SECRET_HEX, &position, message, sizeof message),
                 IDENTITY_HMAC_OK);
    CHECK(message[0] == '\0' && position == SIZE_MAX, "OK leaves an empty message");
    CHECK_STATUS(identity_hmac_secret_check(U8("ab"), 2, 5, NULL, NULL, 0), IDENTITY_HMAC_UNKNOWN_SECRET_ENCODING);
}

static void test_null_arguments(void) {
    const char *secret = "s3cr3t-token";
    char out[IDENTITY_HMAC_HEX_SIZE];
    uint8_t raw[IDENTITY_HMAC_HASH_LEN];
    size_t index = 0;
    identity_hmac_signer *signer = NULL;
    identity_hmac_verifier *verifier = NULL;
    const int NUL = IDENTITY_HMAC_NULL_ARGUMENT;

    identity_hmac_signer_free(NULL);
    identity_hmac_verifier_free(NULL);
    CHECK_STATUS(identity_hmac_signer_new(U8(secret), strlen(secret), IDENTITY_HMAC_SECRET_TEXT, NULL), NUL);
    CHECK_STATUS(identity_hmac_signer_new(NULL, 5, IDENTITY_HMAC_SECRET_TEXT, &signer), NUL);
    CHECK_STATUS(identity_hmac_signer_new(NULL, 0, IDENTITY_HMAC_SECRET_TEXT, &signer), IDENTITY_HMAC_EMPTY_SECRET);
    CHECK_STATUS(identity_hmac_signer_new(U8(secret), strlen(secret), IDENTITY_HMAC_SECRET_TEXT, &signer),
                 IDENTITY_HMAC_OK);

    CHECK_STATUS(identity_hmac_signer_sign_hex(NULL, U8("id"), 2, out), NUL);
    CHECK_STATUS(identity_hmac_signer_sign_hex(signer, NULL, 2, out), NUL);
    CHECK_STATUS(identity_hmac_signer_sign_hex(signer, U8("id"), 2, NULL), NUL);
    CHECK_STATUS(identity_hmac_signer_sign_hex(signer, NULL, 0, out), IDENTITY_HMAC_OK); /* empty identifier */
    CHECK_STATUS(identity_hmac_signer_sign(NULL, U8("id"), 2, raw), NUL);
    CHECK_STATUS(identity_hmac_signer_sign(signer, NULL, 1, raw), NUL);
    CHECK_STATUS(identity_hmac_signer_sign(signer, U8("id"), 2, NULL), NUL);
    CHECK_STATUS(identity_hmac_signer_verify_hex(NULL, U8("id"), 2, U8(out), 64), NUL);
    CHECK_STATUS(identity_hmac_signer_verify_hex(signer, NULL, 2, U8(out), 64), NUL);
    CHECK_STATUS(identity_hmac_signer_verify_hex(signer, U8("id"), 2, NULL, 64), NUL);
    CHECK(identity_hmac_signer_verify_hex(signer, U8("id"), 2, NULL, 0) == 0, "empty hash is a mismatch");
    CHECK_STATUS(identity_hmac_signer_check_hex(NULL, U8("id"), 2, U8(out), 64), NUL);
    CHECK_STATUS(identity_hmac_signer_check_hex(signer, U8("id"), 2, NULL, 64), NUL);
    CHECK_STATUS(identity_hmac_signer_sign_many_hex(NULL, NULL, NULL, 0, NULL, 0), NUL);
    CHECK_STATUS(identity_hmac_signer_sign_many_hex(signer, NULL, NULL, 0, NULL, 0), IDENTITY_HMAC_OK);
    const uint8_t *ids[1] = {NULL};
    size_t lens[1] = {3};
    char batch[IDENTITY_HMAC_HEX_LEN];
    CHECK_STATUS(identity_hmac_signer_sign_many_hex(signer, NULL, lens, 1, batch, sizeof batch), NUL);
    CHECK_STATUS(identity_hmac_signer_sign_many_hex(signer, ids, NULL, 1, batch, sizeof batch), NUL);
    CHECK_STATUS(identity_hmac_signer_sign_many_hex(signer, ids, lens, 1, NULL, sizeof batch), NUL);
    CHECK_STATUS(identity_hmac_signer_sign_many_hex(signer, ids, lens, 1, batch, sizeof batch), NUL);

    CHECK_STATUS(identity_hmac_sign_hex(NULL, 3, IDENTITY_HMAC_SECRET_TEXT, U8("id"), 2, out), NUL);
    CHECK_STATUS(identity_hmac_sign_hex(U8(secret), strlen(secret), IDENTITY_HMAC_SECRET_TEXT, NULL, 2, out), NUL);
    CHECK_STATUS(identity_hmac_sign_hex(U8(secret), strlen(secret), IDENTITY_HMAC_SECRET_TEXT, U8("id"), 2, NULL), NUL);
    CHECK_STATUS(identity_hmac_verify_hex(NULL, 3, IDENTITY_HMAC_SECRET_TEXT, U8("id"), 2, U8(out), 64), NUL);
    CHECK_STATUS(identity_hmac_verify_hex(U8(secret), strlen(secret), IDENTITY_HMAC_SECRET_TEXT, U8("id"), 2, NULL, 64),
                 NUL);

    CHECK_STATUS(identity_hmac_verifier_new(NULL, lens, 1, IDENTITY_HMAC_SECRET_TEXT, &verifier), NUL);
    CHECK_STATUS(identity_hmac_verifier_new(ids, NULL, 1, IDENTITY_HMAC_SECRET_TEXT, &verifier), NUL);
    CHECK_STATUS(identity_hmac_verifier_new(ids, lens, 1, IDENTITY_HMAC_SECRET_TEXT, &verifier), NUL);
    const uint8_t *secrets[1] = {U8(secret)};
    size_t secret_lens[1] = {strlen(secret)};
    CHECK_STATUS(identity_hmac_verifier_new(secrets, secret_lens, 1, IDENTITY_HMAC_SECRET_TEXT, NULL), NUL);
    CHECK_STATUS(identity_hmac_verifier_new(secrets, secret_lens, 1, IDENTITY_HMAC_SECRET_TEXT, &verifier),
                 IDENTITY_HMAC_OK);
    CHECK_STATUS(identity_hmac_verifier_verify_hex(NULL, U8("id"), 2, U8(out), 64), NUL);
    CHECK_STATUS(identity_hmac_verifier_verify_hex(verifier, U8("id"), 2, NULL, 64), NUL);
    CHECK_STATUS(identity_hmac_verifier_matching_key(NULL, U8("id"), 2, U8(out), 64, &index), NUL);
    CHECK_STATUS(identity_hmac_verifier_matching_key(verifier, U8("id"), 2, U8(out), 64, NULL), NUL);
    CHECK_STATUS(identity_hmac_verifier_matching_key(verifier, NULL, 2, U8(out), 64, &index), NUL);

    CHECK_STATUS(identity_hmac_generate_secret_hex(NULL), NUL);
    CHECK_STATUS(identity_hmac_secret_check(NULL, 3, IDENTITY_HMAC_SECRET_TEXT, NULL, NULL, 0), NUL);
    identity_hmac_verifier_free(verifier);
    identity_hmac_signer_free(signer);
}

static void test_rotation_and_generation(void) {
    char newest[IDENTITY_HMAC_HEX_SIZE], oldest[IDENTITY_HMAC_HEX_SIZE], hash[IDENTITY_HMAC_HEX_SIZE];
    CHECK_STATUS(identity_hmac_generate_secret_hex(newest), IDENTITY_HMAC_OK);
    CHECK_STATUS(identity_hmac_generate_secret_hex(oldest), IDENTITY_HMAC_OK);
    CHECK(strlen(newest) == 64 && strspn(newest, "0123456789abcdef") == 64, "generated secret %s", newest);
    CHECK(strcmp(newest, oldest) != 0, "two generated secrets are equal");

    const uint8_t *secrets[2] = {U8(newest), U8(oldest)};
    size_t lens[2] = {64, 64};
    identity_hmac_verifier *verifier = NULL;
    CHECK_STATUS(identity_hmac_verifier_new(secrets, lens, 2, IDENTITY_HMAC_SECRET_HEX, &verifier), IDENTITY_HMAC_OK);
    CHECK_STATUS(identity_hmac_sign_hex(U8(oldest), 64, IDENTITY_HMAC_SECRET_HEX, U8("user@example.com"), 16, hash),
                 IDENTITY_HMAC_OK);
    size_t index = 99;
    CHECK(identity_hmac_verifier_verify_hex(verifier, U8("user@example.com"), 16, U8(hash), 64) == 1, "rotation");
    CHECK_STATUS(identity_hmac_verifier_matching_key(verifier, U8("user@example.com"), 16, U8(hash), 64, &index),
                 IDENTITY_HMAC_OK);
    CHECK(index == 1, "matching key %zu", index);
    CHECK_STATUS(identity_hmac_verifier_matching_key(verifier, U8("someone@else"), 12, U8(hash), 64, &index),
                 IDENTITY_HMAC_MISMATCH);
    CHECK_STATUS(identity_hmac_verifier_matching_key(verifier, U8("someone@else"), 12, U8(hash), 10, &index),
                 IDENTITY_HMAC_MALFORMED_HASH);
    identity_hmac_verifier_free(verifier);
}

/* Embedded NUL bytes are part of the identifier: the length decides. */
static void test_embedded_nul(void) {
    char a[IDENTITY_HMAC_HEX_SIZE], b[IDENTITY_HMAC_HEX_SIZE];
    CHECK_STATUS(identity_hmac_sign_hex(U8("key"), 3, IDENTITY_HMAC_SECRET_TEXT, U8("a\0b"), 3, a), IDENTITY_HMAC_OK);
    CHECK_STATUS(identity_hmac_sign_hex(U8("key"), 3, IDENTITY_HMAC_SECRET_TEXT, U8("a"), 1, b), IDENTITY_HMAC_OK);
    CHECK(strcmp(a, b) != 0, "an embedded NUL was dropped");
}

/* Signs 1,000,000 distinct identifiers with one signer, then checks a
 * sample against the one-shot API and the batch API. */
static void test_sign_one_million(void) {
    enum { COUNT = 1000000, BATCH = 5000 };
    const char *secret = "your_web_widget_hmac_token";
    identity_hmac_signer *signer = NULL;
    CHECK_STATUS(identity_hmac_signer_new(U8(secret), strlen(secret), IDENTITY_HMAC_SECRET_TEXT, &signer),
                 IDENTITY_HMAC_OK);
    char id[32], out[IDENTITY_HMAC_HEX_SIZE], again[IDENTITY_HMAC_HEX_SIZE];
    unsigned long long digest_sum = 0;
    int bad = 0;
    for (int i = 0; i < COUNT; i++) {
        int len = snprintf(id, sizeof id, "user-%d@example.com", i);
        if (identity_hmac_signer_sign_hex(signer, U8(id), (size_t)len, out) != IDENTITY_HMAC_OK || out[64] != '\0') bad++;
        digest_sum += (unsigned char)out[i % 64];
        if (i % 100000 == 0) {
            identity_hmac_sign_hex(U8(secret), strlen(secret), IDENTITY_HMAC_SECRET_TEXT, U8(id), (size_t)len, again);
            CHECK(strcmp(out, again) == 0, "signer and one-shot differ at %d", i);
        }
    }
    CHECK(bad == 0, "%d of %d signs failed", bad, COUNT);
    CHECK(digest_sum > 0, "no output");

    /* A batch, against single signs. */
    static char ids[BATCH][32];
    static const uint8_t *pointers[BATCH];
    static size_t lens[BATCH];
    static char batch[BATCH * IDENTITY_HMAC_HEX_LEN];
    for (int i = 0; i < BATCH; i++) {
        lens[i] = (size_t)snprintf(ids[i], sizeof ids[i], "user-%d", i);
        pointers[i] = U8(ids[i]);
    }
    CHECK_STATUS(identity_hmac_signer_sign_many_hex(signer, pointers, lens, BATCH, batch, sizeof batch),
                 IDENTITY_HMAC_OK);
    int differ = 0;
    for (int i = 0; i < BATCH; i++) {
        identity_hmac_signer_sign_hex(signer, pointers[i], lens[i], out);
        differ += memcmp(batch + (size_t)i * IDENTITY_HMAC_HEX_LEN, out, IDENTITY_HMAC_HEX_LEN) != 0;
    }
    CHECK(differ == 0, "%d batch hashes differ from single signs", differ);
    identity_hmac_signer_free(signer);
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s conformance/corpus.json\n", argv[0]);
        return 2;
    }
    CHECK(strcmp(identity_hmac_version(), IDENTITY_HMAC_VERSION_STRING) == 0, "library %s, header %s",
          identity_hmac_version(), IDENTITY_HMAC_VERSION_STRING);

    struct json *corpus = json_parse_file(argv[1]);
    const struct json *sign = json_get(corpus, "sign"), *verify = json_get(corpus, "verify"),
                      *invalid = json_get(corpus, "invalid_secrets");
    CHECK(sign && sign->count > 0 && verify && verify->count > 0 && invalid && invalid->count > 0,
          "the corpus lacks a group");
    test_sign_vectors(sign);
    test_verify_vectors(verify);
    test_invalid_secret_vectors(invalid);
    test_status_codes();
    test_null_arguments();
    test_rotation_and_generation();
    test_embedded_nul();
    test_sign_one_million();
    printf("C tests: %d checks, %d failures (%zu sign, %zu verify, %zu invalid-secret vectors)\n", checks, failures,
           sign ? sign->count : 0, verify ? verify->count : 0, invalid ? invalid->count : 0);
    json_free(corpus);
    return failures ? 1 : 0;
}
