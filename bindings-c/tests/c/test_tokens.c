/* C tests of the tokens: identity_hmac_sign_token and the token verifier,
 * against the installed library.
 *
 * The expected tokens were made independently of the core, with Python's
 * hmac, hashlib, base64 and json modules:
 *   b64 = lambda b: base64.urlsafe_b64encode(b).rstrip(b"=").decode()
 *   seg = lambda o: b64(json.dumps(o, separators=(",", ":"), ensure_ascii=False).encode())
 *   h, p = seg(header), seg(claims)
 *   token = h + "." + p + "." + b64(hmac.new(key, (h + "." + p).encode(), hashlib.sha256).digest())
 * (hashlib.sha384 for the HS384 token; "" as the signature of alg none).
 * Usage: test_tokens */
#include <identity_hmac.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "abi_text.h"
#include "check.h"

#define KEY "Jx8%rT5@wQ3^nB6*"
#define NOW 1700000000
/* {"alg":"HS256","typ":"JWT"} . {"email":"zoë@example.com","exp":1700003600,"iat":1700000000,"user_id":"42"}, KEY */
#define SIGNED_TOKEN                                                                                          \
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJlbWFpbCI6Inpvw6tAZXhhbXBsZS5jb20iLCJleHAiOjE3MDAwMDM2MDAsImlhdCI6" \
    "MTcwMDAwMDAwMCwidXNlcl9pZCI6IjQyIn0.N9WiXK7bj_UjGgTBqJNpMgZBNSXlzODpUwK7alRu6Ec"
#define SIGNED_CLAIMS "{\"email\":\"zo\xc3\xab@example.com\",\"exp\":1700003600,\"iat\":1700000000,\"user_id\":\"42\"}"
/* {"iat":1700000000,"sub":"x"} under the hex key 00112233445566778899aabbccddeeff */
#define HEX_KEY "00112233445566778899aabbccddeeff"
#define HEX_TOKEN                                                                 \
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpYXQiOjE3MDAwMDAwMDAsInN1YiI6IngifQ." \
    "KBtgEwMuQ_zCzar1S21Q4f4BvvdOffxR78C37z3vrpY"
/* {"alg":"HS256","kid":"k2","typ":"JWT"} . {"iat":1700000000,"sub":"x"}, KEY */
#define KID_TOKEN                                                                                 \
    "eyJhbGciOiJIUzI1NiIsImtpZCI6ImsyIiwidHlwIjoiSldUIn0.eyJpYXQiOjE3MDAwMDAwMDAsInN1YiI6IngifQ." \
    "hb4S_c7b3zMVF9b8gHPaZEKGDwLdOFxF8LQ_WFfsmIw"
/* {"alg":"HS256","typ":"JWT"} . {"iat":1700000000,"sub":"x"}, KEY */
#define PLAIN_TOKEN                                                               \
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpYXQiOjE3MDAwMDAwMDAsInN1YiI6IngifQ." \
    "SLiOTA2JPBpEV_8KQnPtR-tYHCa3zbRIKSMxMn6uz0E"
#define NONE_TOKEN "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJpYXQiOjE3MDAwMDAwMDAsInN1YiI6IngifQ."
#define RS256_TOKEN                                                               \
    "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJpYXQiOjE3MDAwMDAwMDAsInN1YiI6IngifQ." \
    "FNC2xb7DSi6SUQZvEl1vJgP9d64QBdtMFQvpD_MV1mA"
#define HS384_TOKEN                                                               \
    "eyJhbGciOiJIUzM4NCIsInR5cCI6IkpXVCJ9.eyJpYXQiOjE3MDAwMDAwMDAsInN1YiI6IngifQ." \
    "9Q7036GXDqw1lTbL9clUhd_IAdMH993V0JkQRq30eEXWS55LLdDaZhBX632000qp"
/* {"exp":"soon","iat":1700000000}, KEY: signed right, but exp is no integer */
#define BAD_EXP_TOKEN                                                                     \
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJleHAiOiJzb29uIiwiaWF0IjoxNzAwMDAwMDAwfQ." \
    "clPcT3oIo7s3tfl414nQ-iolRDBHpemmmnQfiYd6Cak"

static char out[8192];
static size_t out_len;
static identity_hmac_error_detail detail;

static int sign(const char *secret, int encoding, const char *claims, const identity_hmac_token_options *options) {
    return identity_hmac_sign_token(U8(secret), strlen(secret), encoding, U8(claims), strlen(claims), options, out,
                                    sizeof out, &out_len, &detail);
}

static identity_hmac_token_verifier *verifier_of(const char *secret, int encoding,
                                                 const identity_hmac_token_verifier_options *options) {
    const uint8_t *secrets[] = {U8(secret)};
    size_t lens[] = {strlen(secret)};
    identity_hmac_token_verifier *verifier = NULL;
    CHECK_STATUS(identity_hmac_token_verifier_new(secrets, lens, NULL, NULL, 1, encoding, options, &verifier, &detail),
                 IDENTITY_HMAC_OK);
    return verifier;
}

static int verify(const identity_hmac_token_verifier *verifier, const char *token, int64_t now) {
    return identity_hmac_token_verifier_verify(verifier, U8(token), strlen(token), &now, out, sizeof out, &out_len,
                                               &detail);
}

/* Verifies `token` and checks the status, the detail's status, and that its
 * message holds no piece of `secret`. */
static void refused(const identity_hmac_token_verifier *verifier, const char *token, int64_t now, int want,
                    const char *secret, const char *what) {
    CHECK_STATUS(verify(verifier, token, now), want);
    CHECK(detail.status == want && detail.message[0] != '\0', "%s: detail %s", what, detail.message);
    CHECK(!leaks_piece(detail.message, secret), "%s: message leaks the secret: %s", what, detail.message);
    CHECK(out_len == 0 && out[0] == '\0', "%s: output written on failure", what);
}

static void test_status_codes(void) {
    static const struct {
        int status;
        const char *code;
    } table[] = {
        {IDENTITY_HMAC_UNKNOWN_WIDGET, "UNKNOWN_WIDGET"},
        {IDENTITY_HMAC_MISSING_FIELD, "MISSING_FIELD"},
        {IDENTITY_HMAC_UNKNOWN_FIELD, "UNKNOWN_FIELD"},
        {IDENTITY_HMAC_INVALID_NONCE, "INVALID_NONCE"},
        {IDENTITY_HMAC_MALFORMED_TOKEN, "MALFORMED_TOKEN"},
        {IDENTITY_HMAC_UNSUPPORTED_ALGORITHM, "UNSUPPORTED_ALGORITHM"},
        {IDENTITY_HMAC_UNKNOWN_KEY_ID, "UNKNOWN_KEY_ID"},
        {IDENTITY_HMAC_BAD_SIGNATURE, "BAD_SIGNATURE"},
        {IDENTITY_HMAC_TOKEN_EXPIRED, "TOKEN_EXPIRED"},
        {IDENTITY_HMAC_TOKEN_NOT_YET_VALID, "TOKEN_NOT_YET_VALID"},
        {IDENTITY_HMAC_LIFETIME_TOO_LONG, "LIFETIME_TOO_LONG"},
        {IDENTITY_HMAC_MISSING_CLAIM, "MISSING_CLAIM"},
        {IDENTITY_HMAC_INVALID_CLAIMS, "INVALID_CLAIMS"},
        {IDENTITY_HMAC_BUFFER_TOO_SMALL, "BUFFER_TOO_SMALL"},
    };
    for (size_t i = 0; i < COUNT(table); i++) {
        CHECK(table[i].status == -14 - (int)i, "%s is %d", table[i].code, table[i].status);
        CHECK(strcmp(identity_hmac_status_code(table[i].status), table[i].code) == 0, "code of %d: %s",
              table[i].status, identity_hmac_status_code(table[i].status));
        CHECK(identity_hmac_status_message(table[i].status)[0] != '\0', "message of %s", table[i].code);
        CHECK(!identity_hmac_status_is_invalid_secret(table[i].status), "%s is an invalid-secret status",
              table[i].code);
    }
    CHECK(strcmp(identity_hmac_status_code(-28), "UNKNOWN_STATUS") == 0, "-28 is no status");
}

static void test_sign_and_verify(void) {
    identity_hmac_token_options options = {NOW, 1, 3600, 1, NULL, 0};
    const char *claims = "{\"user_id\": \"42\", \"email\": \"zo\xc3\xab@example.com\"}";
    CHECK_STATUS(sign(KEY, IDENTITY_HMAC_SECRET_TEXT, claims, &options), IDENTITY_HMAC_OK);
    CHECK(strcmp(out, SIGNED_TOKEN) == 0 && out_len == strlen(SIGNED_TOKEN), "signed: %s", out);
    CHECK(detail.status == IDENTITY_HMAC_OK && detail.message[0] == '\0' && detail.claim[0] == '\0', "detail on OK");

    identity_hmac_token_verifier *verifier = verifier_of(KEY, IDENTITY_HMAC_SECRET_TEXT, NULL);
    CHECK_STATUS(verify(verifier, SIGNED_TOKEN, NOW + 100), IDENTITY_HMAC_OK);
    CHECK(strcmp(out, SIGNED_CLAIMS) == 0 && out_len == strlen(SIGNED_CLAIMS), "claims: %s", out);
    /* The system clock (NULL now): this token expired in 2023. */
    CHECK_STATUS(identity_hmac_token_verifier_verify(verifier, U8(SIGNED_TOKEN), strlen(SIGNED_TOKEN), NULL, out,
                                                     sizeof out, &out_len, &detail),
                 IDENTITY_HMAC_TOKEN_EXPIRED);
    identity_hmac_token_verifier_free(verifier);

    /* A hex key. */
    identity_hmac_token_options at_now = {NOW, 1, 0, 0, NULL, 0};
    CHECK_STATUS(sign(HEX_KEY, IDENTITY_HMAC_SECRET_HEX, "{\"sub\":\"x\"}", &at_now), IDENTITY_HMAC_OK);
    CHECK(strcmp(out, HEX_TOKEN) == 0, "hex-key token: %s", out);
    verifier = verifier_of(HEX_KEY, IDENTITY_HMAC_SECRET_HEX, NULL);
    CHECK_STATUS(verify(verifier, HEX_TOKEN, NOW), IDENTITY_HMAC_OK);
    CHECK(strcmp(out, "{\"iat\":1700000000,\"sub\":\"x\"}") == 0, "hex claims: %s", out);
    identity_hmac_token_verifier_free(verifier);

    /* A key id: written as kid, and chosen by it among the verifier's keys. */
    identity_hmac_token_options with_kid = {NOW, 1, 0, 0, U8("k2"), 2};
    CHECK_STATUS(sign(KEY, IDENTITY_HMAC_SECRET_TEXT, "{\"sub\":\"x\"}", &with_kid), IDENTITY_HMAC_OK);
    CHECK(strcmp(out, KID_TOKEN) == 0, "kid token: %s", out);
    const uint8_t *secrets[] = {U8(ODD_SECRET), U8(KEY), U8("no-kid-key")};
    size_t lens[] = {strlen(ODD_SECRET), strlen(KEY), 10};
    const uint8_t *kids[] = {U8("k1"), U8("k2"), NULL};
    size_t kid_lens[] = {2, 2, 0};
    identity_hmac_token_verifier *rotating = NULL;
    CHECK_STATUS(identity_hmac_token_verifier_new(secrets, lens, kids, kid_lens, 3, IDENTITY_HMAC_SECRET_TEXT, NULL,
                                                  &rotating, &detail),
                 IDENTITY_HMAC_OK);
    CHECK_STATUS(verify(rotating, KID_TOKEN, NOW), IDENTITY_HMAC_OK);
    /* Without a kid every key is tried: none holds the hex key, KEY signs the next one. */
    CHECK_STATUS(verify(rotating, HEX_TOKEN, NOW), IDENTITY_HMAC_BAD_SIGNATURE);
    CHECK_STATUS(sign(KEY, IDENTITY_HMAC_SECRET_TEXT, "{\"sub\":\"x\"}", &at_now), IDENTITY_HMAC_OK);
    char no_kid[512];
    memcpy(no_kid, out, out_len + 1);
    CHECK(strcmp(no_kid, PLAIN_TOKEN) == 0, "token without kid: %s", no_kid);
    CHECK_STATUS(verify(rotating, no_kid, NOW), IDENTITY_HMAC_OK);
    /* An unknown kid. */
    identity_hmac_token_options kid3 = {NOW, 1, 0, 0, U8("k3"), 2};
    CHECK_STATUS(sign(KEY, IDENTITY_HMAC_SECRET_TEXT, "{\"sub\":\"x\"}", &kid3), IDENTITY_HMAC_OK);
    char unknown_kid[512];
    memcpy(unknown_kid, out, out_len + 1);
    refused(rotating, unknown_kid, NOW, IDENTITY_HMAC_UNKNOWN_KEY_ID, KEY, "unknown kid");
    identity_hmac_token_verifier_free(rotating);

    /* A token preset's token verifies with the preset's required claims. */
    identity_hmac_field user[] = {FIELD("identifier", "42"), FIELD("email", "a@example.com")};
    identity_hmac_token_options zendesk_options = {NOW, 1, 600, 1, U8("app_key_1"), 9};
    CHECK_STATUS(identity_hmac_identify(IDENTITY_HMAC_WIDGET_ZENDESK, U8(KEY), strlen(KEY), IDENTITY_HMAC_SECRET_PRESET,
                                        user, 2, &zendesk_options, out, sizeof out, &out_len, &detail),
                 IDENTITY_HMAC_OK);
    const char *prefix = "{\"jwt\":\"";
    CHECK(strncmp(out, prefix, strlen(prefix)) == 0 && out[out_len - 2] == '"', "zendesk identity: %s", out);
    char token[1024] = "";
    if (out_len > strlen(prefix) + 2 && out_len - strlen(prefix) - 2 < sizeof token) {
        memcpy(token, out + strlen(prefix), out_len - strlen(prefix) - 2);
        token[out_len - strlen(prefix) - 2] = '\0';
    }
    identity_hmac_field required[] = {FIELD("external_id", ""), FIELD("scope", "")};
    identity_hmac_token_verifier_options rules = {60, 600, 1, required, 2};
    const uint8_t *zendesk_secrets[] = {U8(KEY)};
    size_t zendesk_lens[] = {strlen(KEY)};
    const uint8_t *zendesk_kids[] = {U8("app_key_1")};
    size_t zendesk_kid_lens[] = {9};
    identity_hmac_token_verifier *zendesk = NULL;
    CHECK_STATUS(identity_hmac_token_verifier_new(zendesk_secrets, zendesk_lens, zendesk_kids, zendesk_kid_lens, 1,
                                                  IDENTITY_HMAC_SECRET_TEXT, &rules, &zendesk, &detail),
                 IDENTITY_HMAC_OK);
    CHECK_STATUS(verify(zendesk, token, NOW + 10), IDENTITY_HMAC_OK);
    CHECK(strcmp(out, "{\"email\":\"a@example.com\",\"exp\":1700000600,\"external_id\":\"42\",\"iat\":1700000000,"
                      "\"scope\":\"user\"}") == 0,
          "zendesk claims: %s", out);
    identity_hmac_token_verifier_free(zendesk);
}

static void test_refusals(void) {
    identity_hmac_token_verifier *verifier = verifier_of(KEY, IDENTITY_HMAC_SECRET_TEXT, NULL);
    refused(verifier, NONE_TOKEN, NOW, IDENTITY_HMAC_UNSUPPORTED_ALGORITHM, KEY, "alg none");
    refused(verifier, RS256_TOKEN, NOW, IDENTITY_HMAC_UNSUPPORTED_ALGORITHM, KEY, "RS256");
    refused(verifier, HS384_TOKEN, NOW, IDENTITY_HMAC_UNSUPPORTED_ALGORITHM, KEY, "HS384");
    CHECK_STATUS(verify(verifier, PLAIN_TOKEN, NOW), IDENTITY_HMAC_OK);
    /* Tampered payload: PLAIN_TOKEN with {"iat":1700000000,"sub":"y"} as its claims. */
    refused(verifier,
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpYXQiOjE3MDAwMDAwMDAsInN1YiI6InkifQ."
            "SLiOTA2JPBpEV_8KQnPtR-tYHCa3zbRIKSMxMn6uz0E",
            NOW, IDENTITY_HMAC_BAD_SIGNATURE, KEY, "tampered");
    /* Wrong key: the hex-key token under KEY. */
    refused(verifier, HEX_TOKEN, NOW, IDENTITY_HMAC_BAD_SIGNATURE, KEY, "wrong key");
    refused(verifier, "a.b", NOW, IDENTITY_HMAC_MALFORMED_TOKEN, KEY, "two segments");
    refused(verifier, HEX_TOKEN "=", NOW, IDENTITY_HMAC_MALFORMED_TOKEN, KEY, "padding");
    refused(verifier, "", NOW, IDENTITY_HMAC_MALFORMED_TOKEN, KEY, "empty token");
    refused(verifier, BAD_EXP_TOKEN, NOW, IDENTITY_HMAC_INVALID_CLAIMS, KEY, "exp not an integer");
    CHECK(strcmp(detail.claim, "exp") == 0, "invalid exp: claim '%s'", detail.claim);

    /* Times: expired (beyond the 60 s leeway), within the leeway, not yet valid. */
    identity_hmac_token_options options = {NOW, 1, 100, 1, NULL, 0};
    CHECK_STATUS(sign(KEY, IDENTITY_HMAC_SECRET_TEXT, "{\"sub\":\"x\"}", &options), IDENTITY_HMAC_OK);
    char short_lived[512];
    memcpy(short_lived, out, out_len + 1);
    CHECK_STATUS(verify(verifier, short_lived, NOW + 150), IDENTITY_HMAC_OK);
    refused(verifier, short_lived, NOW + 161, IDENTITY_HMAC_TOKEN_EXPIRED, KEY, "expired");
    refused(verifier, short_lived, NOW - 61, IDENTITY_HMAC_TOKEN_NOT_YET_VALID, KEY, "iat in the future");
    identity_hmac_token_options at_now = {NOW, 1, 0, 0, NULL, 0};
    CHECK_STATUS(sign(KEY, IDENTITY_HMAC_SECRET_TEXT, "{\"sub\":\"x\",\"nbf\":1700000500}", &at_now),
                 IDENTITY_HMAC_OK);
    char later[512];
    memcpy(later, out, out_len + 1);
    refused(verifier, later, NOW, IDENTITY_HMAC_TOKEN_NOT_YET_VALID, KEY, "nbf");
    CHECK_STATUS(verify(verifier, later, NOW + 500), IDENTITY_HMAC_OK);
    identity_hmac_token_verifier_free(verifier);

    /* Leeway 0, a maximum lifetime, required claims. */
    identity_hmac_field required[] = {FIELD("sub", "ignored"), FIELD("email", "")};
    identity_hmac_token_verifier_options rules = {0, 50, 1, required, 2};
    identity_hmac_token_verifier *strict = verifier_of(KEY, IDENTITY_HMAC_SECRET_TEXT, &rules);
    refused(strict, short_lived, NOW + 10, IDENTITY_HMAC_MISSING_CLAIM, KEY, "missing claim");
    CHECK(strcmp(detail.claim, "email") == 0 && strstr(detail.message, "email"), "missing claim: '%s' (%s)",
          detail.claim, detail.message);
    identity_hmac_token_verifier_free(strict);
    identity_hmac_token_verifier_options lifetime = {0, 50, 1, NULL, 0};
    strict = verifier_of(KEY, IDENTITY_HMAC_SECRET_TEXT, &lifetime);
    refused(strict, short_lived, NOW + 10, IDENTITY_HMAC_LIFETIME_TOO_LONG, KEY, "lifetime");
    refused(strict, short_lived, NOW + 100, IDENTITY_HMAC_TOKEN_EXPIRED, KEY, "expired without leeway");
    /* max_lifetime needs exp: a token without one lacks a claim. */
    refused(strict, later, NOW + 600, IDENTITY_HMAC_MISSING_CLAIM, KEY, "no exp under max_lifetime");
    CHECK(strcmp(detail.claim, "exp") == 0, "max_lifetime without exp: '%s'", detail.claim);
    identity_hmac_token_verifier_free(strict);

    /* Claims sign_token refuses. */
    static const struct {
        const char *claims;
        const char *claim;
    } bad_claims[] = {{"[1]", ""},           {"not json", ""},           {"{\"a\":1,\"a\":2}", ""},
                      {"{\"exp\":\"soon\"}", "exp"}, {"{\"iat\":1.5}", "iat"}, {"{\"nbf\":true}", "nbf"},
                      {"", ""}};
    for (size_t i = 0; i < COUNT(bad_claims); i++) {
        CHECK_STATUS(sign(ODD_SECRET, IDENTITY_HMAC_SECRET_TEXT, bad_claims[i].claims, &at_now),
                     IDENTITY_HMAC_INVALID_CLAIMS);
        CHECK(strcmp(detail.claim, bad_claims[i].claim) == 0 && !leaks_piece(detail.message, ODD_SECRET),
              "claims %s: claim '%s', message %s", bad_claims[i].claims, detail.claim, detail.message);
        CHECK(out_len == 0 && out[0] == '\0', "claims %s: output on failure", bad_claims[i].claims);
    }
    /* exp given twice (a claim and expires_in). */
    CHECK_STATUS(sign(ODD_SECRET, IDENTITY_HMAC_SECRET_TEXT, "{\"exp\":1}", &options), IDENTITY_HMAC_INVALID_CLAIMS);
    CHECK(strcmp(detail.claim, "exp") == 0, "exp twice: '%s'", detail.claim);
    /* Secrets. */
    CHECK_STATUS(sign("", IDENTITY_HMAC_SECRET_TEXT, "{}", NULL), IDENTITY_HMAC_EMPTY_SECRET);
    CHECK_STATUS(sign(ODD_SECRET, IDENTITY_HMAC_SECRET_HEX, "{}", NULL), IDENTITY_HMAC_INVALID_HEX_SECRET);
    CHECK(!leaks_piece(detail.message, ODD_SECRET), "hex message leaks: %s", detail.message);
    CHECK_STATUS(sign(ODD_SECRET, IDENTITY_HMAC_SECRET_PRESET, "{}", NULL), IDENTITY_HMAC_UNKNOWN_SECRET_ENCODING);
    identity_hmac_token_options bad_kid = {NOW, 1, 0, 0, U8("k\xff"), 2};
    CHECK_STATUS(sign(KEY, IDENTITY_HMAC_SECRET_TEXT, "{}", &bad_kid), IDENTITY_HMAC_INVALID_ARGUMENT);
}

static void test_verifier_new(void) {
    identity_hmac_token_verifier *verifier = (identity_hmac_token_verifier *)&detail; /* set to NULL on failure */
    const uint8_t *secrets[17];
    size_t lens[17];
    for (int i = 0; i < 17; i++) {
        secrets[i] = U8(ODD_SECRET);
        lens[i] = strlen(ODD_SECRET);
    }
    CHECK_STATUS(identity_hmac_token_verifier_new(secrets, lens, NULL, NULL, 0, 0, NULL, &verifier, &detail),
                 IDENTITY_HMAC_NO_SECRETS);
    CHECK(verifier == NULL && detail.status == IDENTITY_HMAC_NO_SECRETS, "no secrets");
    CHECK_STATUS(identity_hmac_token_verifier_new(secrets, lens, NULL, NULL, 17, 0, NULL, &verifier, &detail),
                 IDENTITY_HMAC_TOO_MANY_SECRETS);
    /* The count is checked before the arrays are read. */
    CHECK_STATUS(identity_hmac_token_verifier_new(NULL, NULL, NULL, NULL, 17, 0, NULL, &verifier, NULL),
                 IDENTITY_HMAC_TOO_MANY_SECRETS);
    CHECK_STATUS(identity_hmac_token_verifier_new(secrets, lens, NULL, NULL, 16, 0, NULL, &verifier, NULL),
                 IDENTITY_HMAC_OK);
    identity_hmac_token_verifier_free(verifier);
    const uint8_t *with_empty[] = {U8(ODD_SECRET), U8("")};
    size_t with_empty_lens[] = {strlen(ODD_SECRET), 0};
    CHECK_STATUS(identity_hmac_token_verifier_new(with_empty, with_empty_lens, NULL, NULL, 2, 0, NULL, &verifier,
                                                  &detail),
                 IDENTITY_HMAC_EMPTY_SECRET);
    CHECK(detail.secret_index == 1 && verifier == NULL, "empty secret index %zu", detail.secret_index);
    CHECK_STATUS(identity_hmac_token_verifier_new(secrets, lens, NULL, NULL, 1, IDENTITY_HMAC_SECRET_HEX, NULL,
                                                  &verifier, &detail),
                 IDENTITY_HMAC_INVALID_HEX_SECRET);
    CHECK(detail.secret_index == 0 && !leaks_piece(detail.message, ODD_SECRET), "hex: %s", detail.message);
    CHECK_STATUS(identity_hmac_token_verifier_new(secrets, lens, NULL, NULL, 1, IDENTITY_HMAC_SECRET_PRESET, NULL,
                                                  &verifier, &detail),
                 IDENTITY_HMAC_UNKNOWN_SECRET_ENCODING);
    /* NULL arguments. */
    CHECK_STATUS(identity_hmac_token_verifier_new(secrets, lens, NULL, NULL, 1, 0, NULL, NULL, &detail),
                 IDENTITY_HMAC_NULL_ARGUMENT);
    CHECK_STATUS(identity_hmac_token_verifier_new(NULL, lens, NULL, NULL, 1, 0, NULL, &verifier, &detail),
                 IDENTITY_HMAC_NULL_ARGUMENT);
    CHECK_STATUS(identity_hmac_token_verifier_new(secrets, NULL, NULL, NULL, 1, 0, NULL, &verifier, &detail),
                 IDENTITY_HMAC_NULL_ARGUMENT);
    const uint8_t *kids[] = {U8("k1")};
    CHECK_STATUS(identity_hmac_token_verifier_new(secrets, lens, kids, NULL, 1, 0, NULL, &verifier, &detail),
                 IDENTITY_HMAC_NULL_ARGUMENT);
    const uint8_t *bad_kids[] = {U8("k\xff")};
    size_t bad_kid_lens[] = {2};
    CHECK_STATUS(identity_hmac_token_verifier_new(secrets, lens, bad_kids, bad_kid_lens, 1, 0, NULL, &verifier,
                                                  &detail),
                 IDENTITY_HMAC_INVALID_ARGUMENT);
    identity_hmac_token_verifier_options null_claims = {60, 0, 0, NULL, 2};
    CHECK_STATUS(identity_hmac_token_verifier_new(secrets, lens, NULL, NULL, 1, 0, &null_claims, &verifier, &detail),
                 IDENTITY_HMAC_NULL_ARGUMENT);
    CHECK(verifier == NULL, "verifier set on failure");
    identity_hmac_token_verifier_free(NULL);

    /* verify: NULL verifier, token, length slot; the size query. */
    verifier = verifier_of(KEY, IDENTITY_HMAC_SECRET_TEXT, NULL);
    int64_t now = NOW;
    size_t len = 7;
    CHECK_STATUS(identity_hmac_token_verifier_verify(NULL, U8(PLAIN_TOKEN), strlen(PLAIN_TOKEN), &now, out, sizeof out,
                                                     &len, &detail),
                 IDENTITY_HMAC_NULL_ARGUMENT);
    CHECK_STATUS(identity_hmac_token_verifier_verify(verifier, NULL, 5, &now, out, sizeof out, &len, &detail),
                 IDENTITY_HMAC_NULL_ARGUMENT);
    CHECK_STATUS(identity_hmac_token_verifier_verify(verifier, U8(PLAIN_TOKEN), strlen(PLAIN_TOKEN), &now, out,
                                                     sizeof out, NULL, &detail),
                 IDENTITY_HMAC_NULL_ARGUMENT);
    CHECK_STATUS(identity_hmac_token_verifier_verify(verifier, U8(PLAIN_TOKEN), strlen(PLAIN_TOKEN), &now, NULL, 0, &len,
                                                     &detail),
                 IDENTITY_HMAC_BUFFER_TOO_SMALL);
    const char *claims = "{\"iat\":1700000000,\"sub\":\"x\"}";
    CHECK(len == strlen(claims), "claims size query: %zu", len);
    char small[8];
    CHECK_STATUS(identity_hmac_token_verifier_verify(verifier, U8(PLAIN_TOKEN), strlen(PLAIN_TOKEN), &now, small,
                                                     sizeof small, &len, NULL),
                 IDENTITY_HMAC_BUFFER_TOO_SMALL);
    CHECK(len == strlen(claims) && small[0] == '\0', "small buffer");
    char *exact = malloc(len + 1);
    if (exact) {
        CHECK_STATUS(identity_hmac_token_verifier_verify(verifier, U8(PLAIN_TOKEN), strlen(PLAIN_TOKEN), &now, exact,
                                                         len + 1, &len, NULL),
                     IDENTITY_HMAC_OK);
        CHECK(strcmp(exact, claims) == 0, "sized claims: %s", exact);
        free(exact);
    }
    identity_hmac_token_verifier_free(verifier);

    /* sign_token: NULL arguments and the size query. */
    CHECK_STATUS(identity_hmac_sign_token(U8(KEY), strlen(KEY), 0, U8("{}"), 2, NULL, out, sizeof out, NULL, NULL),
                 IDENTITY_HMAC_NULL_ARGUMENT);
    CHECK_STATUS(identity_hmac_sign_token(U8(KEY), strlen(KEY), 0, NULL, 2, NULL, out, sizeof out, &len, NULL),
                 IDENTITY_HMAC_NULL_ARGUMENT);
    CHECK_STATUS(identity_hmac_sign_token(NULL, 3, 0, U8("{}"), 2, NULL, out, sizeof out, &len, NULL),
                 IDENTITY_HMAC_NULL_ARGUMENT);
    identity_hmac_token_options at_now = {NOW, 1, 0, 0, U8("k2"), 2};
    CHECK_STATUS(identity_hmac_sign_token(U8(KEY), strlen(KEY), 0, U8("{\"sub\":\"x\"}"), 11, &at_now, NULL, 0, &len,
                                          &detail),
                 IDENTITY_HMAC_BUFFER_TOO_SMALL);
    CHECK(len == strlen(KID_TOKEN), "token size query: %zu", len);
    char *token = malloc(len + 1);
    if (token) {
        CHECK_STATUS(identity_hmac_sign_token(U8(KEY), strlen(KEY), 0, U8("{\"sub\":\"x\"}"), 11, &at_now, token,
                                              len + 1, &len, &detail),
                     IDENTITY_HMAC_OK);
        CHECK(strcmp(token, KID_TOKEN) == 0, "sized token: %s", token);
        free(token);
    }
}

/* The INVALID_CLAIMS a host raises when its own JSON encoder refuses the
 * claims: the library's words, detail filled, NULL detail allowed. */
static void test_claims_not_encodable(void) {
    identity_hmac_error_detail detail;
    CHECK_STATUS(identity_hmac_claims_not_encodable(&detail), IDENTITY_HMAC_INVALID_CLAIMS);
    CHECK(detail.status == IDENTITY_HMAC_INVALID_CLAIMS, "status %d", (int)detail.status);
    CHECK(strcmp(detail.message, "invalid claims: not encodable as JSON by the host") == 0, "message %s", detail.message);
    CHECK(detail.reason && strcmp(detail.reason, "not encodable as JSON by the host") == 0, "reason");
    CHECK(detail.claim[0] == '\0', "claim %s", detail.claim);
    CHECK_STATUS(identity_hmac_claims_not_encodable(NULL), IDENTITY_HMAC_INVALID_CLAIMS);
}

int main(void) {
    test_status_codes();
    test_sign_and_verify();
    test_refusals();
    test_verifier_new();
    test_claims_not_encodable();
    printf("C token tests: %d checks, %d failures\n", checks, failures);
    return failures ? 1 : 0;
}
