/* The shared bad-input matrix (conformance/bad_inputs.json) through the C ABI.
 * Usage: test_bad_inputs <path to bad_inputs.json> <path to corpus.json>
 *
 * C has no host type errors (no null/float/bool/object where the API takes
 * bytes): those cases are skipped and counted. NULL pointers, their C
 * analogue, are tested in test_identity_hmac.c. */
#include <identity_hmac.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "json.h"

static int cases_run, cases_skipped;



/* The input as bytes; returns 0 when the input is no byte string in C. An
 * integer is formatted as its decimal string, as a C user would. */
static int input_bytes(const struct json *input, struct json_bytes *out) {
    const struct json *value;
    if ((value = json_get(input, "bytes"))) {
        *out = json_bytes_field(value);
        return 1;
    }
    if ((value = json_get(input, "repeat"))) {
        struct json_bytes pattern = json_bytes_from_hex(json_get(value, "pattern_hex")->string, json_get(value, "pattern_hex")->string_len);
        size_t count = (size_t)json_get(value, "count")->number;
        out->len = pattern.len * count;
        out->data = malloc(out->len + 1);
        for (size_t i = 0; i < count; i++) memcpy(out->data + i * pattern.len, pattern.data, pattern.len);
        free(pattern.data);
        return 1;
    }
    if ((value = json_get(input, "integer"))) {
        long long n = value->kind == JSON_STRING ? strtoll(value->string, NULL, 10) : (long long)value->number;
        char text[32];
        int len = snprintf(text, sizeof text, "%lld", n);
        out->data = malloc((size_t)len + 1);
        memcpy(out->data, text, (size_t)len + 1);
        out->len = (size_t)len;
        return 1;
    }
    return 0;
}

/* The expectation for C, or NULL when C cannot express the input. */
static const struct json *expectation_for_c(const struct json *expect) {
    const struct json *by_language = json_get(expect, "by_language");
    if (!by_language) return expect;
    const struct json *own = json_get(by_language, "c");
    return own ? own : json_get(by_language, "default");
}

/* The library reads the name; an unknown one becomes an int outside the
 * enum, which the constructors must refuse too. */
static int encoding_named(const char *name) {
    int encoding = 99;
    identity_hmac_secret_encoding_from_name((const uint8_t *)name, strlen(name), &encoding);
    return encoding;
}

/* Whether the message holds a run of 8 bytes of the secret (the whole secret
 * when shorter, if at least 4 bytes). */
static int leaks(const char *message, struct json_bytes secret) {
    size_t window = secret.len < 8 ? secret.len : 8, len = strlen(message);
    if (window < 4) return 0;
    for (size_t s = 0; s + window <= secret.len; s++)
        for (size_t i = 0; i + window <= len; i++)
            if (memcmp(message + i, secret.data + s, window) == 0) return 1;
    return 0;
}

/* A refused secret: the status's code, and the detailed message without the secret. */
static void check_secret_error(const char *id, int status, const char *want, struct json_bytes secret, int encoding) {
    identity_hmac_error_detail detail;
    CHECK(strcmp(identity_hmac_status_code(status), want) == 0, "%s: got %s, want %s", id,
          identity_hmac_status_code(status), want);
    int again = identity_hmac_secret_check(secret.data, secret.len, encoding, &detail);
    CHECK(again == status, "%s: secret_check says %s", id, identity_hmac_status_code(again));
    CHECK(!leaks(detail.message, secret), "%s: the message contains the secret: %s", id, detail.message);
    CHECK(!leaks(identity_hmac_status_message(status), secret), "%s: the status message contains the secret", id);
}

static void run_verifier_case(const char *id, const struct json *c, const struct json *input, const struct json *want) {
    const struct json *list = json_get(input, "secrets");
    size_t count = list->count;
    struct json_bytes *secrets = calloc(count + 1, sizeof *secrets);
    const uint8_t **pointers = calloc(count + 1, sizeof *pointers);
    size_t *lengths = calloc(count + 1, sizeof *lengths);
    for (size_t i = 0; i < count; i++) {
        secrets[i] = json_bytes_field(&list->items[i]);
        pointers[i] = secrets[i].data;
        lengths[i] = secrets[i].len;
    }
    int encoding = encoding_named(json_get(c, "secret_encoding")->string);
    identity_hmac_verifier *verifier = NULL;
    int status = identity_hmac_verifier_new(pointers, lengths, count, encoding, &verifier, NULL);
    const struct json *error = json_get(want, "error");
    if (error) {
        CHECK(strcmp(identity_hmac_status_code(status), error->string) == 0, "%s: got %s, want %s", id,
              identity_hmac_status_code(status), error->string);
        CHECK(verifier == NULL, "%s: a verifier despite the error", id);
        for (size_t i = 0; i < count; i++)
            CHECK(!leaks(identity_hmac_status_message(status), secrets[i]), "%s: the message contains a secret", id);
    } else {
        CHECK(status == IDENTITY_HMAC_OK, "%s: verifier_new: %s", id, identity_hmac_status_code(status));
        struct json_bytes identifier = json_bytes_field(json_get(c, "identifier"));
        struct json_bytes presented = json_bytes_field(json_get(input, "presented"));
        const struct json *key = json_get(want, "matching_key"), *verify = json_get(want, "verify");
        size_t index = 99;
        int matched = identity_hmac_verifier_matching_key(verifier, identifier.data, identifier.len, presented.data,
                                                          presented.len, &index);
        int verified = identity_hmac_verifier_verify_hex(verifier, identifier.data, identifier.len, presented.data,
                                                         presented.len);
        if (key) {
            CHECK(matched == IDENTITY_HMAC_OK && index == (size_t)key->number, "%s: matching key %s %zu, want %d", id,
                  identity_hmac_status_code(matched), index, (int)key->number);
            CHECK(verified == 1, "%s: verify gave %d", id, verified);
        } else if (verify) {
            CHECK(verified == verify->boolean, "%s: verify gave %d, want %d", id, verified, verify->boolean);
            CHECK((matched == IDENTITY_HMAC_OK) == verify->boolean, "%s: matching key %s", id,
                  identity_hmac_status_code(matched));
        } else {
            CHECK(0, "%s: unhandled verifier expectation", id);
        }
        free(identifier.data);
        free(presented.data);
    }
    identity_hmac_verifier_free(verifier);
    for (size_t i = 0; i < count; i++) free(secrets[i].data);
    free(secrets);
    free(pointers);
    free(lengths);
}

static void run_invalid_secrets(const char *id, const struct json *group) {
    for (size_t i = 0; group && i < group->count; i++) {
        const struct json *v = &group->items[i];
        char label[256];
        snprintf(label, sizeof label, "%s/%s", id, json_get(v, "id")->string);
        struct json_bytes secret = json_bytes_field(json_get(v, "secret"));
        int encoding = encoding_named(json_get(v, "secret_encoding")->string);
        identity_hmac_signer *signer = NULL;
        int status = identity_hmac_signer_new(secret.data, secret.len, encoding, &signer, NULL);
        CHECK(signer == NULL, "%s: a signer despite the error", label);
        check_secret_error(label, status, json_get(v, "expected_code")->string, secret, encoding);
        identity_hmac_signer_free(signer);
        free(secret.data);
        cases_run++;
    }
}

static void run_case(const struct json *c, const struct json *corpus) {
    const char *id = json_get(c, "id")->string;
    const char *about = json_get(c, "about")->string;
    const struct json *input = json_get(c, "input");
    const struct json *want = expectation_for_c(json_get(c, "expect"));
    if (!want) {
        printf("skip %s: no expectation for c (the input cannot be expressed in C)\n", id);
        cases_skipped++;
        return;
    }
    if (json_get(want, "type_error")) {
        printf("skip %s: a host type error, which C does not have\n", id);
        cases_skipped++;
        return;
    }
    if (strcmp(about, "verifier") == 0) {
        run_verifier_case(id, c, input, want);
        cases_run++;
        return;
    }
    const struct json *group = json_get(input, "corpus_group");
    if (group) {
        run_invalid_secrets(id, json_get(corpus, group->string));
        return;
    }
    struct json_bytes value;
    if (!input_bytes(input, &value)) {
        CHECK(0, "%s: the input cannot be built in C, yet an outcome is expected", id);
        return;
    }
    struct json_bytes secret, identifier;
    if (strcmp(about, "secret") == 0) {
        secret = value;
        identifier = json_bytes_field(json_get(c, "identifier"));
    } else {
        secret = json_bytes_field(json_get(c, "secret"));
        identifier = strcmp(about, "identifier") == 0 ? value : json_bytes_field(json_get(c, "identifier"));
    }
    int encoding = encoding_named(json_get(c, "secret_encoding")->string);
    identity_hmac_signer *signer = NULL;
    int status = identity_hmac_signer_new(secret.data, secret.len, encoding, &signer, NULL);
    const struct json *error = json_get(want, "error"), *hash = json_get(want, "hash"), *verify = json_get(want, "verify");
    char out[IDENTITY_HMAC_HEX_SIZE] = {0};
    if (error) {
        CHECK(signer == NULL, "%s: a signer despite the error", id);
        check_secret_error(id, status, error->string, secret, encoding);
        /* The one-shot function refuses it the same way. */
        int one_shot = identity_hmac_sign_hex(secret.data, secret.len, encoding, identifier.data, identifier.len, out);
        CHECK(one_shot == status, "%s: one-shot sign gave %s", id, identity_hmac_status_code(one_shot));
    } else if (status != IDENTITY_HMAC_OK) {
        CHECK(0, "%s: signer_new: %s", id, identity_hmac_status_code(status));
    } else if (hash) {
        CHECK(identity_hmac_signer_sign_hex(signer, identifier.data, identifier.len, out) == IDENTITY_HMAC_OK, "%s", id);
        CHECK(strcmp(out, hash->string) == 0, "%s: got %s, want %s", id, out, hash->string);
    } else if (verify) {
        int got = identity_hmac_signer_verify_hex(signer, identifier.data, identifier.len, value.data, value.len);
        CHECK(got == verify->boolean, "%s: verify gave %d, want %d", id, got, verify->boolean);
        int one_shot = identity_hmac_verify_hex(secret.data, secret.len, encoding, identifier.data, identifier.len,
                                                value.data, value.len);
        CHECK(one_shot == verify->boolean, "%s: one-shot verify gave %d", id, one_shot);
    } else {
        CHECK(0, "%s: unhandled expectation", id);
    }
    identity_hmac_signer_free(signer);
    free(secret.data);
    free(identifier.data);
    if (value.data != secret.data && value.data != identifier.data) free(value.data);
    cases_run++;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s <bad_inputs.json> <corpus.json>\n", argv[0]);
        return 2;
    }
    struct json *matrix = json_parse_file(argv[1]);
    struct json *corpus = json_parse_file(argv[2]);
    const struct json *cases = json_get(matrix, "cases");
    CHECK(cases && cases->count > 0, "the matrix has no cases");
    for (size_t i = 0; cases && i < cases->count; i++) run_case(&cases->items[i], corpus);
    json_free(matrix);
    json_free(corpus);
    printf("bad-input matrix (c): %d run, %d skipped (host type errors or inputs C cannot express); %d checks, %d failed\n",
           cases_run, cases_skipped, checks, failures);
    return failures ? 1 : 0;
}
