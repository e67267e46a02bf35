/* C tests of the identity-hmac C ABI, against the installed library.
 * Usage: test_identity_hmac <path to conformance/corpus.json> */
#include <identity_hmac.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "json.h"

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
        CHECK_STATUS(identity_hmac_signer_new(secret.data, secret.len, encoding, &signer, NULL), IDENTITY_HMAC_OK);
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
        CHECK_STATUS(identity_hmac_signer_new(secret.data, secret.len, encoding, &signer, NULL), IDENTITY_HMAC_OK);
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
        CHECK_STATUS(identity_hmac_verifier_new(secrets, lens, 1, encoding, &verifier, NULL), IDENTITY_HMAC_OK);
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
        identity_hmac_error_detail detail;
        memset(&detail, 0x5a, sizeof detail);
        int status = identity_hmac_signer_new(secret.data, secret.len, encoding, &signer, &detail);
        CHECK(strcmp(identity_hmac_status_code(status), expected_code) == 0, "%s: got %s, want %s", id_of(v),
              identity_hmac_status_code(status), expected_code);
        CHECK(signer == NULL, "%s: *out not NULL after a failure", id_of(v));
        CHECK((int)detail.status == status, "%s: detail status %d", id_of(v), (int)detail.status);
        CHECK(identity_hmac_status_is_invalid_secret(status) == 1, "%s: not an invalid-secret status", id_of(v));
        if (position) {
            CHECK(detail.position == (size_t)position->number, "%s: position %zu, want %.0f", id_of(v), detail.position,
                  position->number);
        } else {
            CHECK(detail.position == SIZE_MAX, "%s: position %zu for a non-hex error", id_of(v), detail.position);
        }
        CHECK(detail.secret_index == SIZE_MAX, "%s: secret_index %zu outside a list", id_of(v), detail.secret_index);
        CHECK(detail.reason && detail.reason[0], "%s: no reason", id_of(v));
        CHECK(detail.message[0] != '\0', "%s: empty message", id_of(v));
        CHECK(!leaks_secret(detail.message, secret), "%s: the message contains the secret", id_of(v));
        CHECK(!leaks_secret(identity_hmac_status_message(status), secret), "%s: status message leaks", id_of(v));

        /* The same secret as the second of a verifier's list: the same detail, with its index. */
        const uint8_t *list[2] = {U8("abcd"), secret.data}; /* valid text and valid hex */
        size_t list_lens[2] = {4, secret.len};
        identity_hmac_error_detail in_list;
        identity_hmac_verifier *verifier = NULL;
        CHECK_STATUS(identity_hmac_verifier_new(list, list_lens, 2, encoding, &verifier, &in_list), status);
        CHECK(verifier == NULL && in_list.secret_index == 1 && in_list.position == detail.position &&
                  in_list.reason == detail.reason,
              "%s: verifier detail index %zu position %zu", id_of(v), in_list.secret_index, in_list.position);
        CHECK(strstr(in_list.message, "index 1") && !leaks_secret(in_list.message, secret), "%s: verifier message %s",
              id_of(v), in_list.message);

        identity_hmac_error_detail checked;
        CHECK_STATUS(identity_hmac_secret_check(secret.data, secret.len, encoding, &checked), status);
        CHECK(strcmp(checked.message, detail.message) == 0 && checked.position == detail.position,
              "%s: secret_check differs: %s", id_of(v), checked.message);
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
        {IDENTITY_HMAC_RANDOM_SOURCE_FAILED, "RANDOM_SOURCE_FAILED"},
        {IDENTITY_HMAC_INTERNAL_ERROR, "INTERNAL_ERROR"},
        {IDENTITY_HMAC_INVALID_TEXT_SECRET, "INVALID_TEXT_SECRET"},
        {IDENTITY_HMAC_OUT_OF_MEMORY, "OUT_OF_MEMORY"},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        CHECK(strcmp(identity_hmac_status_code(table[i].status), table[i].code) == 0, "code of %d", table[i].status);
        CHECK(identity_hmac_status_message(table[i].status)[0] != '\0', "message of %d", table[i].status);
        CHECK(table[i].status <= 0, "%s is positive", table[i].code);
    }
    CHECK(strcmp(identity_hmac_status_code(12345), "UNKNOWN_STATUS") == 0, "unknown status code");
    CHECK(identity_hmac_status_message(-12345)[0] != '\0', "unknown status message");
    /* The texts are the core's, and the pointers are stable. */
    CHECK(strcmp(identity_hmac_status_message(IDENTITY_HMAC_UNKNOWN_SECRET_ENCODING),
                 "unknown secret encoding: expected \"text\" or \"hex\"") == 0,
          "message %s", identity_hmac_status_message(IDENTITY_HMAC_UNKNOWN_SECRET_ENCODING));
    CHECK(identity_hmac_status_message(IDENTITY_HMAC_NO_SECRETS) == identity_hmac_status_message(IDENTITY_HMAC_NO_SECRETS),
          "a status message moved");

    /* The invalid-secret class, from the core. */
    for (int status = -20; status <= 5; status++) {
        int want = status == IDENTITY_HMAC_EMPTY_SECRET || status == IDENTITY_HMAC_INVALID_HEX_SECRET ||
                   status == IDENTITY_HMAC_INVALID_TEXT_SECRET;
        CHECK(identity_hmac_status_is_invalid_secret(status) == want, "is_invalid_secret(%d)", status);
    }

    /* Encoding names, from the core: exactly "text" or "hex". */
    int named = -1;
    CHECK_STATUS(identity_hmac_secret_encoding_from_name(U8("text"), 4, &named), IDENTITY_HMAC_OK);
    CHECK(named == IDENTITY_HMAC_SECRET_TEXT, "text is %d", named);
    CHECK_STATUS(identity_hmac_secret_encoding_from_name(U8("hex"), 3, &named), IDENTITY_HMAC_OK);
    CHECK(named == IDENTITY_HMAC_SECRET_HEX, "hex is %d", named);
    static const struct {
        const char *name;
        size_t len;
    } unknown_names[] = {{"hex\0junk", 8}, {"HEX", 3}, {"text ", 5}, {"he", 2}, {"", 0}, {"base64", 6}};
    for (size_t i = 0; i < sizeof unknown_names / sizeof unknown_names[0]; i++) {
        named = 42;
        CHECK_STATUS(identity_hmac_secret_encoding_from_name(U8(unknown_names[i].name), unknown_names[i].len, &named),
                     IDENTITY_HMAC_UNKNOWN_SECRET_ENCODING);
        CHECK(named == 42, "*out written for an unknown name");
    }
    CHECK_STATUS(identity_hmac_secret_encoding_from_name(NULL, 0, &named), IDENTITY_HMAC_UNKNOWN_SECRET_ENCODING);
    CHECK_STATUS(identity_hmac_secret_encoding_from_name(U8("hex"), 3, NULL), IDENTITY_HMAC_NULL_ARGUMENT);
    CHECK(strcmp(identity_hmac_secret_encoding_name(IDENTITY_HMAC_SECRET_HEX), "hex") == 0, "name of hex");
    CHECK(strcmp(identity_hmac_secret_encoding_name(IDENTITY_HMAC_SECRET_TEXT), "text") == 0, "name of text");
    CHECK(identity_hmac_secret_encoding_name(7) == NULL, "name of 7");

    /* Every status a caller can provoke, provoked. RANDOM_SOURCE_FAILED,
     * OUT_OF_MEMORY and INTERNAL_ERROR cannot be provoked from outside;
     * INVALID_TEXT_SECRET comes only from UTF-16 hosts. */
    const char *secret = "s3cr3t-token";
    identity_hmac_signer *signer = NULL;
    identity_hmac_verifier *verifier = NULL;
    char out[IDENTITY_HMAC_HEX_SIZE];
    CHECK_STATUS(identity_hmac_signer_new(U8(""), 0, IDENTITY_HMAC_SECRET_TEXT, &signer, NULL), IDENTITY_HMAC_EMPTY_SECRET);
    CHECK_STATUS(identity_hmac_signer_new(U8(""), 0, IDENTITY_HMAC_SECRET_HEX, &signer, NULL), IDENTITY_HMAC_EMPTY_SECRET);
    CHECK_STATUS(identity_hmac_signer_new(U8("abc"), 3, IDENTITY_HMAC_SECRET_HEX, &signer, NULL),
                 IDENTITY_HMAC_INVALID_HEX_SECRET);
    CHECK_STATUS(identity_hmac_signer_new(U8("0xab"), 4, IDENTITY_HMAC_SECRET_HEX, &signer, NULL),
                 IDENTITY_HMAC_INVALID_HEX_SECRET);
    CHECK_STATUS(identity_hmac_signer_new(U8(secret), strlen(secret), 2, &signer, NULL),
                 IDENTITY_HMAC_UNKNOWN_SECRET_ENCODING);
    CHECK_STATUS(identity_hmac_signer_new(U8(secret), strlen(secret), -1, &signer, NULL),
                 IDENTITY_HMAC_UNKNOWN_SECRET_ENCODING);
    CHECK_STATUS(identity_hmac_sign_hex(U8(secret), strlen(secret), 7, U8("id"), 2, out),
                 IDENTITY_HMAC_UNKNOWN_SECRET_ENCODING);
    CHECK_STATUS(identity_hmac_verify_hex(U8(""), 0, IDENTITY_HMAC_SECRET_TEXT, U8("id"), 2, U8("00"), 2),
                 IDENTITY_HMAC_EMPTY_SECRET);
    CHECK_STATUS(identity_hmac_verifier_new(NULL, NULL, 0, IDENTITY_HMAC_SECRET_TEXT, &verifier, NULL),
                 IDENTITY_HMAC_NO_SECRETS);

    const uint8_t *many[IDENTITY_HMAC_MAX_SECRETS + 1];
    size_t many_lens[IDENTITY_HMAC_MAX_SECRETS + 1];
    for (size_t i = 0; i <= IDENTITY_HMAC_MAX_SECRETS; i++) many[i] = U8(secret), many_lens[i] = strlen(secret);
    CHECK_STATUS(identity_hmac_verifier_new(many, many_lens, IDENTITY_HMAC_MAX_SECRETS + 1, IDENTITY_HMAC_SECRET_TEXT,
                                            &verifier, NULL),
                 IDENTITY_HMAC_TOO_MANY_SECRETS);
    CHECK(verifier == NULL, "verifier set after a failure");
    CHECK_STATUS(identity_hmac_verifier_new(many, many_lens, IDENTITY_HMAC_MAX_SECRETS, IDENTITY_HMAC_SECRET_TEXT,
                                            &verifier, NULL),
                 IDENTITY_HMAC_OK);
    identity_hmac_verifier_free(verifier);

    /* The count is checked before either array is read or any secret decoded. */
    identity_hmac_error_detail detail;
    CHECK_STATUS(identity_hmac_verifier_new(NULL, NULL, SIZE_MAX, IDENTITY_HMAC_SECRET_TEXT, &verifier, &detail),
                 IDENTITY_HMAC_TOO_MANY_SECRETS);
    CHECK(verifier == NULL && detail.status == IDENTITY_HMAC_TOO_MANY_SECRETS && detail.secret_index == SIZE_MAX,
          "SIZE_MAX secrets: detail");
    CHECK_STATUS(identity_hmac_verifier_new(NULL, NULL, IDENTITY_HMAC_MAX_SECRETS + 1, 99, &verifier, NULL),
                 IDENTITY_HMAC_TOO_MANY_SECRETS);
    CHECK_STATUS(identity_hmac_verifier_new(NULL, NULL, 0, 99, &verifier, NULL), IDENTITY_HMAC_NO_SECRETS);
    many[2] = U8("not hex"), many_lens[2] = 7;
    CHECK_STATUS(identity_hmac_verifier_new(many, many_lens, IDENTITY_HMAC_MAX_SECRETS + 1, IDENTITY_HMAC_SECRET_HEX,
                                            &verifier, NULL),
                 IDENTITY_HMAC_TOO_MANY_SECRETS);
    /* Secrets are decoded in order and the first bad one ends it. */
    many[0] = U8("abcd"), many_lens[0] = 4;
    many[1] = U8(""), many_lens[1] = 0;
    CHECK_STATUS(identity_hmac_verifier_new(many, many_lens, 3, IDENTITY_HMAC_SECRET_HEX, &verifier, &detail),
                 IDENTITY_HMAC_EMPTY_SECRET);
    CHECK(detail.secret_index == 1 && strcmp(detail.reason, "empty") == 0, "first bad secret: index %zu",
          detail.secret_index);
    many[1] = NULL, many_lens[1] = 3;
    CHECK_STATUS(identity_hmac_verifier_new(many, many_lens, 3, IDENTITY_HMAC_SECRET_HEX, &verifier, NULL),
                 IDENTITY_HMAC_NULL_ARGUMENT);

    /* A successful constructor fills the detail too. */
    memset(&detail, 0x5a, sizeof detail);
    CHECK_STATUS(identity_hmac_signer_new(U8(secret), strlen(secret), IDENTITY_HMAC_SECRET_TEXT, &signer, &detail),
                 IDENTITY_HMAC_OK);
    CHECK(detail.status == IDENTITY_HMAC_OK && detail.position == SIZE_MAX && detail.secret_index == SIZE_MAX &&
              detail.reason == NULL && detail.message[0] == '\0',
          "detail on success");
    identity_hmac_signer_free(signer);
    CHECK_STATUS(identity_hmac_signer_new(U8(secret), strlen(secret), 9, &signer, &detail),
                 IDENTITY_HMAC_UNKNOWN_SECRET_ENCODING);
    CHECK(detail.reason == NULL && strcmp(detail.message, identity_hmac_status_message(detail.status)) == 0,
          "unknown encoding detail: %s", detail.message);

    CHECK_STATUS(identity_hmac_signer_new(U8(secret), strlen(secret), IDENTITY_HMAC_SECRET_TEXT, &signer, NULL),
                 IDENTITY_HMAC_OK);
    CHECK_STATUS(identity_hmac_signer_sign_hex(signer, U8("id"), 2, out), IDENTITY_HMAC_OK);
    CHECK_STATUS(identity_hmac_signer_check_hex(signer, U8("id"), 2, U8(out), 64), IDENTITY_HMAC_OK);
    CHECK_STATUS(identity_hmac_signer_check_hex(signer, U8("id"), 2, U8(out), 63), IDENTITY_HMAC_MALFORMED_HASH);
    CHECK_STATUS(identity_hmac_signer_check_hex(signer, U8("other"), 5, U8(out), 64), IDENTITY_HMAC_MISMATCH);
    CHECK(identity_hmac_signer_verify_hex(signer, U8("id"), 2, U8(out), 63) == 0, "malformed hash is 0");
    CHECK(identity_hmac_signer_verify_hex(signer, U8("id"), 2, U8("zz"), 2) == 0, "malformed hash is 0");

    /* A packed batch: "a", "", "bc" in 3 bytes; hex and raw; bad offsets, formats and sizes. */
    uint8_t batch[3 * IDENTITY_HMAC_HEX_LEN + 1];
    const size_t ends[3] = {1, 1, 3};
    memset(batch, '#', sizeof batch);
    CHECK_STATUS(identity_hmac_signer_sign_packed(signer, U8("abc"), 3, ends, 3, IDENTITY_HMAC_HASH_HEX, batch,
                                                  3 * IDENTITY_HMAC_HEX_LEN - 1),
                 IDENTITY_HMAC_INVALID_ARGUMENT);
    CHECK(batch[0] == '#', "written despite a short buffer");
    CHECK_STATUS(identity_hmac_signer_sign_packed(signer, U8("abc"), 3, ends, 3, IDENTITY_HMAC_HASH_HEX, batch,
                                                  sizeof batch),
                 IDENTITY_HMAC_OK);
    CHECK(batch[3 * IDENTITY_HMAC_HEX_LEN] == '#', "wrote past the hashes");
    const char *items[3] = {"a", "", "bc"};
    for (size_t i = 0; i < 3; i++) {
        CHECK_STATUS(identity_hmac_signer_sign_hex(signer, U8(items[i]), strlen(items[i]), out), IDENTITY_HMAC_OK);
        CHECK(memcmp(batch + i * IDENTITY_HMAC_HEX_LEN, out, IDENTITY_HMAC_HEX_LEN) == 0, "packed item %zu", i);
    }
    uint8_t raw_batch[3 * IDENTITY_HMAC_HASH_LEN], raw[IDENTITY_HMAC_HASH_LEN];
    CHECK_STATUS(identity_hmac_signer_sign_packed(signer, U8("abc"), 3, ends, 3, IDENTITY_HMAC_HASH_RAW, raw_batch,
                                                  sizeof raw_batch),
                 IDENTITY_HMAC_OK);
    CHECK_STATUS(identity_hmac_signer_sign(signer, U8("bc"), 2, raw), IDENTITY_HMAC_OK);
    CHECK(memcmp(raw_batch + 2 * IDENTITY_HMAC_HASH_LEN, raw, sizeof raw) == 0, "packed raw item");
    const size_t decreasing[2] = {2, 1}, past_end[2] = {1, 4};
    CHECK_STATUS(identity_hmac_signer_sign_packed(signer, U8("abc"), 3, decreasing, 2, IDENTITY_HMAC_HASH_HEX, batch,
                                                  sizeof batch),
                 IDENTITY_HMAC_INVALID_ARGUMENT);
    CHECK_STATUS(identity_hmac_signer_sign_packed(signer, U8("abc"), 3, past_end, 2, IDENTITY_HMAC_HASH_HEX, batch,
                                                  sizeof batch),
                 IDENTITY_HMAC_INVALID_ARGUMENT);
    CHECK_STATUS(identity_hmac_signer_sign_packed(signer, U8("abc"), 3, ends, 3, 2, batch, sizeof batch),
                 IDENTITY_HMAC_INVALID_ARGUMENT);
    CHECK_STATUS(identity_hmac_signer_sign_packed(signer, U8("abc"), 3, ends, SIZE_MAX / 2, IDENTITY_HMAC_HASH_HEX,
                                                  batch, SIZE_MAX),
                 IDENTITY_HMAC_INVALID_ARGUMENT);
    identity_hmac_signer_free(signer);

    /* The detailed secret check names the reason and position only. */
    CHECK_STATUS(identity_hmac_secret_check(U8("00ff 1234deadbeef"), 17, IDENTITY_HMAC_SECRET_HEX, &detail),
                 IDENTITY_HMAC_INVALID_HEX_SECRET);
    CHECK(detail.position == 4 && strcmp(detail.reason, "invalid character") == 0, "position %zu", detail.position);
    CHECK(strstr(detail.message, "position 4") && strstr(detail.message, "white space"), "message: %s", detail.message);
    CHECK(!strstr(detail.message, "dead") && !strstr(detail.message, "00ff"), "message leaks the secret: %s",
          detail.message);
    CHECK_STATUS(identity_hmac_secret_check(U8("abcdefabcdefa"), 13, IDENTITY_HMAC_SECRET_HEX, &detail),
                 IDENTITY_HMAC_INVALID_HEX_SECRET);
    CHECK(detail.position == 13 && strcmp(detail.reason, "odd length") == 0, "odd length detail");
    CHECK_STATUS(identity_hmac_secret_check(U8("ab"), 2, IDENTITY_HMAC_SECRET_HEX, &detail), IDENTITY_HMAC_OK);
    CHECK(detail.message[0] == '\0' && detail.position == SIZE_MAX, "OK leaves an empty message");
    CHECK_STATUS(identity_hmac_secret_check(U8("ab"), 2, 5, NULL), IDENTITY_HMAC_UNKNOWN_SECRET_ENCODING);
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
    CHECK_STATUS(identity_hmac_signer_new(U8(secret), strlen(secret), IDENTITY_HMAC_SECRET_TEXT, NULL, NULL), NUL);
    CHECK_STATUS(identity_hmac_signer_new(NULL, 5, IDENTITY_HMAC_SECRET_TEXT, &signer, NULL), NUL);
    CHECK_STATUS(identity_hmac_signer_new(NULL, 0, IDENTITY_HMAC_SECRET_TEXT, &signer, NULL), IDENTITY_HMAC_EMPTY_SECRET);
    CHECK_STATUS(identity_hmac_signer_new(U8(secret), strlen(secret), IDENTITY_HMAC_SECRET_TEXT, &signer, NULL),
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
    const int HEX = IDENTITY_HMAC_HASH_HEX;
    uint8_t batch[IDENTITY_HMAC_HEX_LEN];
    size_t ends[1] = {3};
    CHECK_STATUS(identity_hmac_signer_sign_packed(NULL, NULL, 0, NULL, 0, HEX, NULL, 0), NUL);
    CHECK_STATUS(identity_hmac_signer_sign_packed(signer, NULL, 0, NULL, 0, HEX, NULL, 0), IDENTITY_HMAC_OK);
    CHECK_STATUS(identity_hmac_signer_sign_packed(signer, NULL, 3, ends, 1, HEX, batch, sizeof batch), NUL);
    CHECK_STATUS(identity_hmac_signer_sign_packed(signer, U8("abc"), 3, NULL, 1, HEX, batch, sizeof batch), NUL);
    CHECK_STATUS(identity_hmac_signer_sign_packed(signer, U8("abc"), 3, ends, 1, HEX, NULL, sizeof batch), NUL);
    const uint8_t *ids[1] = {NULL};
    size_t lens[1] = {3};

    CHECK_STATUS(identity_hmac_sign_hex(NULL, 3, IDENTITY_HMAC_SECRET_TEXT, U8("id"), 2, out), NUL);
    CHECK_STATUS(identity_hmac_sign_hex(U8(secret), strlen(secret), IDENTITY_HMAC_SECRET_TEXT, NULL, 2, out), NUL);
    CHECK_STATUS(identity_hmac_sign_hex(U8(secret), strlen(secret), IDENTITY_HMAC_SECRET_TEXT, U8("id"), 2, NULL), NUL);
    CHECK_STATUS(identity_hmac_verify_hex(NULL, 3, IDENTITY_HMAC_SECRET_TEXT, U8("id"), 2, U8(out), 64), NUL);
    CHECK_STATUS(identity_hmac_verify_hex(U8(secret), strlen(secret), IDENTITY_HMAC_SECRET_TEXT, U8("id"), 2, NULL, 64),
                 NUL);

    CHECK_STATUS(identity_hmac_verifier_new(NULL, lens, 1, IDENTITY_HMAC_SECRET_TEXT, &verifier, NULL), NUL);
    CHECK_STATUS(identity_hmac_verifier_new(ids, NULL, 1, IDENTITY_HMAC_SECRET_TEXT, &verifier, NULL), NUL);
    CHECK_STATUS(identity_hmac_verifier_new(ids, lens, 1, IDENTITY_HMAC_SECRET_TEXT, &verifier, NULL), NUL);
    const uint8_t *secrets[1] = {U8(secret)};
    size_t secret_lens[1] = {strlen(secret)};
    CHECK_STATUS(identity_hmac_verifier_new(secrets, secret_lens, 1, IDENTITY_HMAC_SECRET_TEXT, NULL, NULL), NUL);
    CHECK_STATUS(identity_hmac_verifier_new(secrets, secret_lens, 1, IDENTITY_HMAC_SECRET_TEXT, &verifier, NULL),
                 IDENTITY_HMAC_OK);
    CHECK_STATUS(identity_hmac_verifier_verify_hex(NULL, U8("id"), 2, U8(out), 64), NUL);
    CHECK_STATUS(identity_hmac_verifier_verify_hex(verifier, U8("id"), 2, NULL, 64), NUL);
    CHECK_STATUS(identity_hmac_verifier_matching_key(NULL, U8("id"), 2, U8(out), 64, &index), NUL);
    CHECK_STATUS(identity_hmac_verifier_matching_key(verifier, U8("id"), 2, U8(out), 64, NULL), NUL);
    CHECK_STATUS(identity_hmac_verifier_matching_key(verifier, NULL, 2, U8(out), 64, &index), NUL);

    CHECK_STATUS(identity_hmac_generate_secret_hex(NULL), NUL);
    CHECK_STATUS(identity_hmac_secret_check(NULL, 3, IDENTITY_HMAC_SECRET_TEXT, NULL), NUL);
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
    CHECK_STATUS(identity_hmac_verifier_new(secrets, lens, 2, IDENTITY_HMAC_SECRET_HEX, &verifier, NULL), IDENTITY_HMAC_OK);
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

/* The benchmark floor (not API) writes 64 characters and a NUL, and checks
 * its arguments as identity_hmac_signer_sign_hex() does. */
static void test_bench_floor(void) {
    const char *secret = "your_web_widget_hmac_token";
    identity_hmac_signer *signer = NULL;
    char out[IDENTITY_HMAC_HEX_SIZE];
    memset(out, 'x', sizeof out);
    CHECK_STATUS(identity_hmac_signer_new(U8(secret), strlen(secret), IDENTITY_HMAC_SECRET_TEXT, &signer, NULL),
                 IDENTITY_HMAC_OK);
    CHECK_STATUS(identity_hmac_bench_floor(signer, U8("user-12345@example.com"), 22, out), IDENTITY_HMAC_OK);
    CHECK(strlen(out) == IDENTITY_HMAC_HEX_LEN, "the floor wrote %zu characters, not 64", strlen(out));
    CHECK_STATUS(identity_hmac_bench_floor(NULL, U8("id"), 2, out), IDENTITY_HMAC_NULL_ARGUMENT);
    CHECK_STATUS(identity_hmac_bench_floor(signer, NULL, 2, out), IDENTITY_HMAC_NULL_ARGUMENT);
    CHECK_STATUS(identity_hmac_bench_floor(signer, U8("id"), 2, NULL), IDENTITY_HMAC_NULL_ARGUMENT);
    identity_hmac_signer_free(signer);
}

/* Signs 1,000,000 distinct identifiers with one signer, then checks a
 * sample against the one-shot API and the batch API. */
static void test_sign_one_million(void) {
    enum { COUNT = 1000000, BATCH = 5000 };
    const char *secret = "your_web_widget_hmac_token";
    identity_hmac_signer *signer = NULL;
    CHECK_STATUS(identity_hmac_signer_new(U8(secret), strlen(secret), IDENTITY_HMAC_SECRET_TEXT, &signer, NULL),
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

    /* A packed batch, against single signs. */
    static char data[BATCH * 16];
    static size_t ends[BATCH];
    static uint8_t batch[BATCH * IDENTITY_HMAC_HEX_LEN];
    size_t used = 0;
    for (int i = 0; i < BATCH; i++) {
        used += (size_t)snprintf(data + used, sizeof data - used, "user-%d", i);
        ends[i] = used;
    }
    CHECK_STATUS(identity_hmac_signer_sign_packed(signer, U8(data), used, ends, BATCH, IDENTITY_HMAC_HASH_HEX, batch,
                                                  sizeof batch),
                 IDENTITY_HMAC_OK);
    int differ = 0;
    for (int i = 0; i < BATCH; i++) {
        size_t start = i ? ends[i - 1] : 0;
        identity_hmac_signer_sign_hex(signer, U8(data + start), ends[i] - start, out);
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
    test_bench_floor();
    test_sign_one_million();
    printf("C tests: %d checks, %d failures (%zu sign, %zu verify, %zu invalid-secret vectors)\n", checks, failures,
           sign ? sign->count : 0, verify ? verify->count : 0, invalid ? invalid->count : 0);
    json_free(corpus);
    return failures ? 1 : 0;
}
