/* C tests of the widget presets: identity_hmac_widget_*, identify and
 * identify_script, against the installed library.
 *
 * The expected hashes were computed independently of the core, with
 * Python's hmac module:
 *   hmac.new(b"chatwoot-secret", b"42", hashlib.sha256).hexdigest()
 *   hmac.new(bytes.fromhex("00112233445566778899aabbccddeeff"), b"alice@example.com", hashlib.sha256).hexdigest()
 *   hmac.new(b"intercom-secret", b"user-7", hashlib.sha256).hexdigest()
 *   hmac.new(b"intercom-secret", b"alice@example.com", hashlib.sha256).hexdigest()
 * Usage: test_widgets */
#include <identity_hmac.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "abi_text.h"
#include "check.h"

#define CHATWOOT_HASH "5df36b2501cfc67eeda49bcd43650647425725fea640f5e2fb885e6f8edfbbda"
#define PYLON_HASH "9cf8002f386e47befb43b152461a0835c1dfe466aa2aa45b3d6289c5d5ca3480"
#define INTERCOM_ID_HASH "d7061f82cf0ed55a5740a7b6a7d598549065cf36622d50c7efd7a5b0f6bb0736"
#define INTERCOM_EMAIL_HASH "b0147e05e65f87bac0ea3cf76593c8f99187e60adca50fde4ab044b7fc3e6c67"
#define PYLON_SECRET "00112233445566778899aabbccddeeff"
#define XSS_NAME "</script><script>window.pwned=1</script>"

static char out[8192];
static size_t out_len;
static identity_hmac_error_detail detail;

static int identify(int widget, const char *secret, int encoding, const identity_hmac_field *user, size_t user_len,
                    const identity_hmac_token_options *options) {
    return identity_hmac_identify(widget, U8(secret), strlen(secret), encoding, user, user_len, options, out,
                                  sizeof out, &out_len, &detail);
}

static int script(int widget, const char *secret, const identity_hmac_field *user, size_t user_len,
                  const identity_hmac_field *page, size_t page_len, const char *nonce) {
    return identity_hmac_identify_script(widget, U8(secret), strlen(secret), IDENTITY_HMAC_SECRET_PRESET, user,
                                         user_len, page, page_len, U8(nonce), nonce ? strlen(nonce) : 0, NULL, out,
                                         sizeof out, &out_len, &detail);
}

static size_t occurrences(const char *haystack, const char *needle) {
    size_t n = 0;
    for (const char *at = strstr(haystack, needle); at; at = strstr(at + 1, needle)) n++;
    return n;
}

static void test_names(void) {
    static const char *const names[] = {"chatwoot", "pylon", "intercom", "helpscout", "front",
                                        "plain", "chatbase", "gleap", "intercom-jwt", "zendesk"};
    static const int values[] = {IDENTITY_HMAC_WIDGET_CHATWOOT, IDENTITY_HMAC_WIDGET_PYLON,
                                 IDENTITY_HMAC_WIDGET_INTERCOM, IDENTITY_HMAC_WIDGET_HELPSCOUT,
                                 IDENTITY_HMAC_WIDGET_FRONT, IDENTITY_HMAC_WIDGET_PLAIN,
                                 IDENTITY_HMAC_WIDGET_CHATBASE, IDENTITY_HMAC_WIDGET_GLEAP,
                                 IDENTITY_HMAC_WIDGET_INTERCOM_JWT, IDENTITY_HMAC_WIDGET_ZENDESK};
    CHECK(identity_hmac_widget_count() == COUNT(names), "widget_count %zu", identity_hmac_widget_count());
    for (size_t i = 0; i < COUNT(names); i++) {
        const char *name = identity_hmac_widget_name(values[i]);
        CHECK(name && strcmp(name, names[i]) == 0, "name of %d: %s", values[i], name ? name : "NULL");
        CHECK(values[i] == (int)i, "%s is %d", names[i], values[i]);
        int widget = -5;
        CHECK_STATUS(identity_hmac_widget_from_name(U8(names[i]), strlen(names[i]), &widget), IDENTITY_HMAC_OK);
        CHECK(widget == values[i], "from_name(%s) = %d", names[i], widget);
        /* Round trip through the name the library gives. */
        CHECK_STATUS(identity_hmac_widget_from_name(U8(name), name ? strlen(name) : 0, &widget), IDENTITY_HMAC_OK);
        CHECK(widget == (int)i, "round trip of %zu gave %d", i, widget);
        CHECK(identity_hmac_widget_name((int)i) == name, "name pointer of %zu moved", i);
    }
    CHECK(identity_hmac_widget_name(-1) == NULL, "name of -1");
    CHECK(identity_hmac_widget_name((int)identity_hmac_widget_count()) == NULL, "name past the end");
    static const struct {
        const char *name;
        size_t len;
    } unknown[] = {{"Chatwoot", 8},   {"chatwoot ", 9},     {"chatwoot\0x", 10}, {"", 0},
                   {"intercom_jwt", 12}, {"help_scout", 10}, {"crisp", 5},        {"drift", 5}};
    for (size_t i = 0; i < COUNT(unknown); i++) {
        int widget = 77;
        CHECK_STATUS(identity_hmac_widget_from_name(U8(unknown[i].name), unknown[i].len, &widget),
                     IDENTITY_HMAC_UNKNOWN_WIDGET);
        CHECK(widget == 77, "*out_widget written for unknown name %zu", i);
    }
    int widget = 0;
    CHECK_STATUS(identity_hmac_widget_from_name(NULL, 0, &widget), IDENTITY_HMAC_UNKNOWN_WIDGET);
    CHECK_STATUS(identity_hmac_widget_from_name(NULL, 5, &widget), IDENTITY_HMAC_NULL_ARGUMENT);
    CHECK_STATUS(identity_hmac_widget_from_name(U8("pylon"), 5, NULL), IDENTITY_HMAC_NULL_ARGUMENT);
    CHECK(strcmp(identity_hmac_status_code(IDENTITY_HMAC_UNKNOWN_WIDGET), "UNKNOWN_WIDGET") == 0, "code");
}

static void test_identify_hashes(void) {
    /* Chatwoot: the identifier (an integer, as its decimal text), text key. */
    identity_hmac_field chatwoot_user[] = {FIELD("identifier", "42"), FIELD("email", "alice@example.com"),
                                           FIELD("name", "Zo\xc3\xab \"Z\"")};
    CHECK_STATUS(identify(IDENTITY_HMAC_WIDGET_CHATWOOT, "chatwoot-secret", IDENTITY_HMAC_SECRET_PRESET, chatwoot_user,
                          COUNT(chatwoot_user), NULL),
                 IDENTITY_HMAC_OK);
    const char *want = "{\"identifier\":\"42\",\"email\":\"alice@example.com\",\"name\":\"Zo\xc3\xab \\\"Z\\\"\","
                       "\"identifier_hash\":\"" CHATWOOT_HASH "\"}";
    CHECK(strcmp(out, want) == 0 && out_len == strlen(want), "chatwoot: %s", out);
    CHECK(detail.status == IDENTITY_HMAC_OK && detail.message[0] == '\0' && detail.field == NULL &&
              detail.claim[0] == '\0',
          "detail on success: %s", detail.message);
    /* The same with the text encoding given explicitly. */
    CHECK_STATUS(identify(IDENTITY_HMAC_WIDGET_CHATWOOT, "chatwoot-secret", IDENTITY_HMAC_SECRET_TEXT, chatwoot_user,
                          COUNT(chatwoot_user), NULL),
                 IDENTITY_HMAC_OK);
    CHECK(strcmp(out, want) == 0, "chatwoot (text): %s", out);

    /* Pylon: the email, hex key (the preset's own encoding). */
    identity_hmac_field pylon_user[] = {FIELD("email", "alice@example.com"), FIELD("name", "Alice")};
    CHECK_STATUS(identify(IDENTITY_HMAC_WIDGET_PYLON, PYLON_SECRET, IDENTITY_HMAC_SECRET_PRESET, pylon_user,
                          COUNT(pylon_user), NULL),
                 IDENTITY_HMAC_OK);
    CHECK(strcmp(out, "{\"email\":\"alice@example.com\",\"name\":\"Alice\",\"email_hash\":\"" PYLON_HASH "\"}") == 0,
          "pylon: %s", out);
    /* Forcing the text encoding signs with the text's bytes: another hash. */
    CHECK_STATUS(identify(IDENTITY_HMAC_WIDGET_PYLON, PYLON_SECRET, IDENTITY_HMAC_SECRET_TEXT, pylon_user,
                          COUNT(pylon_user), NULL),
                 IDENTITY_HMAC_OK);
    CHECK(strstr(out, PYLON_HASH) == NULL, "pylon with a text key gave the hex key's hash");
    /* A Pylon secret that is not hex. */
    CHECK_STATUS(identify(IDENTITY_HMAC_WIDGET_PYLON, ODD_SECRET, IDENTITY_HMAC_SECRET_PRESET, pylon_user,
                          COUNT(pylon_user), NULL),
                 IDENTITY_HMAC_INVALID_HEX_SECRET);
    CHECK(detail.reason && strcmp(detail.reason, "invalid character") == 0 && !leaks_piece(detail.message, ODD_SECRET),
          "pylon bad hex: %s", detail.message);

    /* Intercom: user_id when there is an identifier, else the email. */
    identity_hmac_field intercom_user[] = {FIELD("identifier", "user-7"), FIELD("email", "alice@example.com")};
    CHECK_STATUS(identify(IDENTITY_HMAC_WIDGET_INTERCOM, "intercom-secret", IDENTITY_HMAC_SECRET_PRESET,
                          intercom_user, COUNT(intercom_user), NULL),
                 IDENTITY_HMAC_OK);
    CHECK(strcmp(out, "{\"user_id\":\"user-7\",\"email\":\"alice@example.com\",\"user_hash\":\"" INTERCOM_ID_HASH
                      "\"}") == 0,
          "intercom: %s", out);
    CHECK_STATUS(identify(IDENTITY_HMAC_WIDGET_INTERCOM, "intercom-secret", IDENTITY_HMAC_SECRET_PRESET,
                          intercom_user + 1, 1, NULL),
                 IDENTITY_HMAC_OK);
    CHECK(strcmp(out, "{\"email\":\"alice@example.com\",\"user_hash\":\"" INTERCOM_EMAIL_HASH "\"}") == 0,
          "intercom by email: %s", out);

    /* Every preset identifies a full user (token presets with a key id). */
    identity_hmac_field full[] = {FIELD("identifier", "42"), FIELD("email", "alice@example.com"),
                                  FIELD("name", "Alice"), FIELD("avatar_url", "https://example.com/a.png"),
                                  FIELD("phone_number", "+15550100")};
    identity_hmac_token_options options = {1700000000, 1, 3600, 1, U8("key-1"), 5};
    for (int w = 0; w < (int)identity_hmac_widget_count(); w++) {
        CHECK_STATUS(identify(w, "any-secret", IDENTITY_HMAC_SECRET_TEXT, full, COUNT(full), &options),
                     IDENTITY_HMAC_OK);
        CHECK(out_len > 0 && out[0] == '{' && out[out_len - 1] == '}' && strlen(out) == out_len, "%s: %s",
              identity_hmac_widget_name(w), out);
    }
}

static void test_identify_script(void) {
    identity_hmac_field user[] = {FIELD("email", "alice@example.com"), FIELD("name", XSS_NAME)};
    identity_hmac_field page[] = {FIELD("app_id", "pylon-app")};
    CHECK_STATUS(script(IDENTITY_HMAC_WIDGET_PYLON, PYLON_SECRET, user, COUNT(user), page, COUNT(page), "r4nd0m=="),
                 IDENTITY_HMAC_OK);
    const char *prefix = "<script nonce=\"r4nd0m==\">\nwindow.pylon = {";
    CHECK(strncmp(out, prefix, strlen(prefix)) == 0, "pylon script starts: %s", out);
    CHECK(occurrences(out, "<script") == 1 && occurrences(out, "</script>") == 1 &&
              strcmp(out + out_len - strlen("</script>"), "</script>") == 0,
          "the XSS name opened or closed a script element: %s", out);
    CHECK(strstr(out, "\"\\u003c/script\\u003e\\u003cscript\\u003ewindow.pwned=1\\u003c/script\\u003e\""),
          "the name is not escaped: %s", out);
    CHECK(strstr(out, "\"" PYLON_HASH "\"") && strstr(out, "\"pylon-app\""), "pylon script: %s", out);

    /* Deterministic: the same input gives the same bytes. */
    char first[8192];
    memcpy(first, out, out_len + 1);
    CHECK_STATUS(script(IDENTITY_HMAC_WIDGET_PYLON, PYLON_SECRET, user, COUNT(user), page, COUNT(page), "r4nd0m=="),
                 IDENTITY_HMAC_OK);
    CHECK(strcmp(first, out) == 0, "two renderings differ");

    /* Without a nonce: the source alone. Chatwoot waits for chatwoot:ready. */
    identity_hmac_field chatwoot_user[] = {FIELD("identifier", "42"), FIELD("name", XSS_NAME)};
    CHECK_STATUS(script(IDENTITY_HMAC_WIDGET_CHATWOOT, "chatwoot-secret", chatwoot_user, COUNT(chatwoot_user), NULL, 0,
                        NULL),
                 IDENTITY_HMAC_OK);
    CHECK(strstr(out, "<script") == NULL && strstr(out, "</script") == NULL, "chatwoot source: %s", out);
    CHECK(strstr(out, "chatwoot:ready") && strstr(out, CHATWOOT_HASH), "chatwoot source: %s", out);

    /* Intercom takes app_id; an unknown page value, a missing one, a bad nonce. */
    identity_hmac_field intercom_user[] = {FIELD("identifier", "user-7")};
    identity_hmac_field intercom_page[] = {FIELD("app_id", "abc123")};
    CHECK_STATUS(script(IDENTITY_HMAC_WIDGET_INTERCOM, "intercom-secret", intercom_user, 1, intercom_page, 1, NULL),
                 IDENTITY_HMAC_OK);
    CHECK(strstr(out, "window.intercomSettings") && strstr(out, INTERCOM_ID_HASH), "intercom source: %s", out);
    CHECK_STATUS(script(IDENTITY_HMAC_WIDGET_INTERCOM, ODD_SECRET, intercom_user, 1, NULL, 0, NULL),
                 IDENTITY_HMAC_MISSING_FIELD);
    CHECK(detail.field && strcmp(detail.field, "app_id") == 0 && out_len == 0 && out[0] == '\0',
          "missing app_id: field %s", detail.field ? detail.field : "NULL");
    identity_hmac_field wrong_page[] = {FIELD("app_id", "abc123"), FIELD("chatId", "x")};
    CHECK_STATUS(script(IDENTITY_HMAC_WIDGET_INTERCOM, ODD_SECRET, intercom_user, 1, wrong_page, 2, NULL),
                 IDENTITY_HMAC_UNKNOWN_FIELD);
    CHECK(detail.status == IDENTITY_HMAC_UNKNOWN_FIELD && detail.field == NULL, "unknown page value detail");
    identity_hmac_field bad_name_page[] = {{U8("app\xff"), 4, U8("x"), 1}};
    CHECK_STATUS(script(IDENTITY_HMAC_WIDGET_INTERCOM, ODD_SECRET, intercom_user, 1, bad_name_page, 1, NULL),
                 IDENTITY_HMAC_UNKNOWN_FIELD);
    static const char *const bad_nonces[] = {"", "a b", "\"><script>", "r4nd0m===", "n\xc3\xa9"};
    for (size_t i = 0; i < COUNT(bad_nonces); i++) {
        CHECK_STATUS(script(IDENTITY_HMAC_WIDGET_INTERCOM, ODD_SECRET, intercom_user, 1, intercom_page, 1,
                            bad_nonces[i]),
                     IDENTITY_HMAC_INVALID_NONCE);
        CHECK(!leaks_piece(detail.message, ODD_SECRET), "nonce message leaks: %s", detail.message);
    }
    CHECK_STATUS(identity_hmac_identify_script(IDENTITY_HMAC_WIDGET_INTERCOM, U8(ODD_SECRET), strlen(ODD_SECRET),
                                               IDENTITY_HMAC_SECRET_PRESET, intercom_user, 1, intercom_page, 1,
                                               U8("\xff\xfe"), 2, NULL, out, sizeof out, &out_len, &detail),
                 IDENTITY_HMAC_INVALID_NONCE);

    /* Every preset renders, given its page values and a nonce. */
    identity_hmac_field full[] = {FIELD("identifier", "42"), FIELD("email", "alice@example.com"),
                                  FIELD("name", XSS_NAME)};
    identity_hmac_token_options options = {1700000000, 1, 600, 1, U8("key-1"), 5};
    for (int w = 0; w < (int)identity_hmac_widget_count(); w++) {
        const char *name = identity_hmac_widget_name(w);
        identity_hmac_field page_values[1];
        size_t page_len = 0;
        if (w == IDENTITY_HMAC_WIDGET_PYLON || w == IDENTITY_HMAC_WIDGET_INTERCOM ||
            w == IDENTITY_HMAC_WIDGET_INTERCOM_JWT) {
            identity_hmac_field f = FIELD("app_id", "app");
            page_values[page_len++] = f;
        } else if (w == IDENTITY_HMAC_WIDGET_FRONT) {
            identity_hmac_field f = FIELD("chatId", "chat");
            page_values[page_len++] = f;
        } else if (w == IDENTITY_HMAC_WIDGET_PLAIN) {
            identity_hmac_field f = FIELD("appId", "app");
            page_values[page_len++] = f;
        }
        CHECK_STATUS(identity_hmac_identify_script(w, U8("any-secret"), 10, IDENTITY_HMAC_SECRET_TEXT, full,
                                                   COUNT(full), page_values, page_len, U8("bm9uY2U="), 8, &options,
                                                   out, sizeof out, &out_len, &detail),
                     IDENTITY_HMAC_OK);
        CHECK(occurrences(out, "<script") == 1 && occurrences(out, "</script>") == 1 && strstr(out, "<script>") == NULL,
              "%s script: %s", name, out);
    }
}

static void test_buffer_protocol(void) {
    identity_hmac_field user[] = {FIELD("identifier", "42")};
    const uint8_t *secret = U8("chatwoot-secret");
    size_t needed = 12345;
    CHECK_STATUS(identity_hmac_identify(IDENTITY_HMAC_WIDGET_CHATWOOT, secret, 15, IDENTITY_HMAC_SECRET_PRESET, user, 1,
                                        NULL, NULL, 0, &needed, &detail),
                 IDENTITY_HMAC_BUFFER_TOO_SMALL);
    const char *want = "{\"identifier\":\"42\",\"identifier_hash\":\"" CHATWOOT_HASH "\"}";
    CHECK(needed == strlen(want), "size query: %zu, want %zu", needed, strlen(want));
    CHECK(detail.status == IDENTITY_HMAC_BUFFER_TOO_SMALL &&
              strcmp(identity_hmac_status_code(detail.status), "BUFFER_TOO_SMALL") == 0,
          "detail of the size query");
    char *buffer = malloc(needed + 1);
    if (!buffer) return;
    /* Room for the text but not its NUL is still too small, and untouched but for out[0]. */
    memset(buffer, 'x', needed + 1);
    size_t len = 0;
    CHECK_STATUS(identity_hmac_identify(IDENTITY_HMAC_WIDGET_CHATWOOT, secret, 15, IDENTITY_HMAC_SECRET_PRESET, user, 1,
                                        NULL, buffer, needed, &len, NULL),
                 IDENTITY_HMAC_BUFFER_TOO_SMALL);
    CHECK(len == needed && buffer[0] == '\0' && buffer[needed - 1] == 'x', "too small by one: %zu", len);
    CHECK_STATUS(identity_hmac_identify(IDENTITY_HMAC_WIDGET_CHATWOOT, secret, 15, IDENTITY_HMAC_SECRET_PRESET, user, 1,
                                        NULL, buffer, needed + 1, &len, NULL),
                 IDENTITY_HMAC_OK);
    CHECK(len == needed && strcmp(buffer, want) == 0, "sized call: %s", buffer);
    /* The script's size query too. */
    CHECK_STATUS(identity_hmac_identify_script(IDENTITY_HMAC_WIDGET_CHATWOOT, secret, 15, IDENTITY_HMAC_SECRET_PRESET,
                                               user, 1, NULL, 0, U8("abc"), 3, NULL, NULL, 0, &needed, NULL),
                 IDENTITY_HMAC_BUFFER_TOO_SMALL);
    char *tag = malloc(needed + 1);
    if (tag) {
        CHECK_STATUS(identity_hmac_identify_script(IDENTITY_HMAC_WIDGET_CHATWOOT, secret, 15,
                                                   IDENTITY_HMAC_SECRET_PRESET, user, 1, NULL, 0, U8("abc"), 3, NULL,
                                                   tag, needed + 1, &len, NULL),
                     IDENTITY_HMAC_OK);
        CHECK(len == needed && strlen(tag) == needed && strncmp(tag, "<script nonce=\"abc\">", 20) == 0, "tag: %s",
              tag);
        free(tag);
    }
    free(buffer);
}

static void test_errors(void) {
    identity_hmac_field user[] = {FIELD("identifier", "42"), FIELD("email", "alice@example.com")};
    /* Unknown widget values. */
    static const int bad_widgets[] = {-1, 10, 99, -100};
    for (size_t i = 0; i < COUNT(bad_widgets); i++) {
        CHECK_STATUS(identify(bad_widgets[i], ODD_SECRET, IDENTITY_HMAC_SECRET_PRESET, user, 2, NULL),
                     IDENTITY_HMAC_UNKNOWN_WIDGET);
        CHECK(detail.status == IDENTITY_HMAC_UNKNOWN_WIDGET && strstr(detail.message, "chatwoot") &&
                  !leaks_piece(detail.message, ODD_SECRET),
              "unknown widget message: %s", detail.message);
        CHECK_STATUS(script(bad_widgets[i], ODD_SECRET, user, 2, NULL, 0, NULL), IDENTITY_HMAC_UNKNOWN_WIDGET);
    }

    /* MISSING_FIELD names the field: Pylon without an email, Chatwoot without an identifier. */
    CHECK_STATUS(identify(IDENTITY_HMAC_WIDGET_PYLON, ODD_HEX_SECRET, IDENTITY_HMAC_SECRET_PRESET, user, 1, NULL),
                 IDENTITY_HMAC_MISSING_FIELD);
    CHECK(detail.field && strcmp(detail.field, "email") == 0 && detail.reason && strcmp(detail.reason, "missing") == 0,
          "pylon without email: field %s", detail.field ? detail.field : "NULL");
    CHECK(strstr(detail.message, "email") && !leaks_piece(detail.message, ODD_HEX_SECRET), "message %s",
          detail.message);
    CHECK_STATUS(identify(IDENTITY_HMAC_WIDGET_CHATWOOT, ODD_SECRET, IDENTITY_HMAC_SECRET_PRESET, user + 1, 1, NULL),
                 IDENTITY_HMAC_MISSING_FIELD);
    CHECK(detail.field && strcmp(detail.field, "identifier") == 0, "chatwoot without identifier");
    CHECK(!leaks_piece(detail.message, ODD_SECRET), "message %s", detail.message);
    identity_hmac_field empty_email[] = {FIELD("email", "")};
    CHECK_STATUS(identify(IDENTITY_HMAC_WIDGET_PYLON, ODD_HEX_SECRET, IDENTITY_HMAC_SECRET_PRESET, empty_email, 1,
                          NULL),
                 IDENTITY_HMAC_MISSING_FIELD);
    CHECK(detail.field && strcmp(detail.field, "email") == 0 && detail.reason && strcmp(detail.reason, "empty") == 0,
          "empty email: reason %s", detail.reason ? detail.reason : "NULL");
    /* Zendesk needs a key id; an empty key id is refused as empty. */
    CHECK_STATUS(identify(IDENTITY_HMAC_WIDGET_ZENDESK, ODD_SECRET, IDENTITY_HMAC_SECRET_PRESET, user, 2, NULL),
                 IDENTITY_HMAC_MISSING_FIELD);
    CHECK(detail.field && strcmp(detail.field, "key_id") == 0, "zendesk without key id");
    identity_hmac_token_options empty_kid = {0, 0, 0, 0, U8(""), 0};
    CHECK_STATUS(identify(IDENTITY_HMAC_WIDGET_ZENDESK, ODD_SECRET, IDENTITY_HMAC_SECRET_PRESET, user, 2, &empty_kid),
                 IDENTITY_HMAC_MISSING_FIELD);
    CHECK(detail.field && strcmp(detail.field, "key_id") == 0 && detail.reason && strcmp(detail.reason, "empty") == 0,
          "zendesk with an empty key id");
    CHECK_STATUS(identify(IDENTITY_HMAC_WIDGET_INTERCOM_JWT, ODD_SECRET, IDENTITY_HMAC_SECRET_PRESET, user + 1, 1,
                          NULL),
                 IDENTITY_HMAC_MISSING_FIELD);
    CHECK(detail.field && strcmp(detail.field, "identifier") == 0, "intercom-jwt without identifier");

    /* UNKNOWN_FIELD for a user field nothing takes; INVALID_ARGUMENT for a value that is not UTF-8. */
    identity_hmac_field unknown[] = {FIELD("identifier", "42"), FIELD("e-mail", "alice@example.com")};
    CHECK_STATUS(identify(IDENTITY_HMAC_WIDGET_CHATWOOT, ODD_SECRET, IDENTITY_HMAC_SECRET_PRESET, unknown, 2, NULL),
                 IDENTITY_HMAC_UNKNOWN_FIELD);
    CHECK(detail.field == NULL && !leaks_piece(detail.message, ODD_SECRET), "unknown field: %s", detail.message);
    identity_hmac_field not_utf8[] = {{U8("identifier"), 10, U8("4\xff"), 2}};
    CHECK_STATUS(identify(IDENTITY_HMAC_WIDGET_CHATWOOT, ODD_SECRET, IDENTITY_HMAC_SECRET_PRESET, not_utf8, 1, NULL),
                 IDENTITY_HMAC_INVALID_ARGUMENT);

    /* Secrets: empty, an unknown encoding; PRESET with a hash preset's own encoding. */
    CHECK_STATUS(identity_hmac_identify(IDENTITY_HMAC_WIDGET_CHATWOOT, NULL, 0, IDENTITY_HMAC_SECRET_PRESET, user, 2,
                                        NULL, out, sizeof out, &out_len, &detail),
                 IDENTITY_HMAC_EMPTY_SECRET);
    CHECK_STATUS(identify(IDENTITY_HMAC_WIDGET_CHATWOOT, ODD_SECRET, 7, user, 2, NULL),
                 IDENTITY_HMAC_UNKNOWN_SECRET_ENCODING);
    CHECK_STATUS(identify(IDENTITY_HMAC_WIDGET_CHATWOOT, ODD_SECRET, -2, user, 2, NULL),
                 IDENTITY_HMAC_UNKNOWN_SECRET_ENCODING);
    /* The secret with the user's values: no message of any failure above holds a piece of it. */
    CHECK(!leaks_piece(detail.message, ODD_SECRET), "message %s", detail.message);
}

static void test_null_arguments(void) {
    identity_hmac_field user[] = {FIELD("identifier", "42")};
    const uint8_t *secret = U8("chatwoot-secret");
    size_t len = 99;
    /* out_len NULL; out NULL with a capacity; user, secret and nonce NULL with lengths. */
    CHECK_STATUS(identity_hmac_identify(0, secret, 15, IDENTITY_HMAC_SECRET_PRESET, user, 1, NULL, out, sizeof out,
                                        NULL, &detail),
                 IDENTITY_HMAC_NULL_ARGUMENT);
    CHECK(detail.status == IDENTITY_HMAC_NULL_ARGUMENT && detail.message[0] != '\0', "detail of NULL out_len");
    CHECK_STATUS(identity_hmac_identify(0, secret, 15, IDENTITY_HMAC_SECRET_PRESET, user, 1, NULL, NULL, 10, &len,
                                        NULL),
                 IDENTITY_HMAC_NULL_ARGUMENT);
    CHECK(len == 0, "out_len after a NULL out: %zu", len);
    CHECK_STATUS(identity_hmac_identify(0, secret, 15, IDENTITY_HMAC_SECRET_PRESET, NULL, 1, NULL, out, sizeof out,
                                        &len, NULL),
                 IDENTITY_HMAC_NULL_ARGUMENT);
    CHECK_STATUS(identity_hmac_identify(0, NULL, 15, IDENTITY_HMAC_SECRET_PRESET, user, 1, NULL, out, sizeof out, &len,
                                        NULL),
                 IDENTITY_HMAC_NULL_ARGUMENT);
    identity_hmac_field null_value[] = {{U8("identifier"), 10, NULL, 2}};
    CHECK_STATUS(identity_hmac_identify(0, secret, 15, IDENTITY_HMAC_SECRET_PRESET, null_value, 1, NULL, out,
                                        sizeof out, &len, NULL),
                 IDENTITY_HMAC_NULL_ARGUMENT);
    identity_hmac_field null_name[] = {{NULL, 3, U8("42"), 2}};
    CHECK_STATUS(identity_hmac_identify(0, secret, 15, IDENTITY_HMAC_SECRET_PRESET, null_name, 1, NULL, out,
                                        sizeof out, &len, NULL),
                 IDENTITY_HMAC_NULL_ARGUMENT);
    /* A NULL user with no fields is an empty user. */
    CHECK_STATUS(identity_hmac_identify(0, secret, 15, IDENTITY_HMAC_SECRET_PRESET, NULL, 0, NULL, out, sizeof out,
                                        &len, NULL),
                 IDENTITY_HMAC_MISSING_FIELD);
    identity_hmac_token_options null_kid = {0, 0, 0, 0, NULL, 4};
    CHECK_STATUS(identity_hmac_identify(IDENTITY_HMAC_WIDGET_ZENDESK, secret, 15, IDENTITY_HMAC_SECRET_PRESET, user, 1,
                                        &null_kid, out, sizeof out, &len, NULL),
                 IDENTITY_HMAC_MISSING_FIELD);
    CHECK_STATUS(identity_hmac_identify_script(0, secret, 15, IDENTITY_HMAC_SECRET_PRESET, user, 1, NULL, 1, NULL, 0,
                                               NULL, out, sizeof out, &len, NULL),
                 IDENTITY_HMAC_NULL_ARGUMENT);
    CHECK_STATUS(identity_hmac_identify_script(0, secret, 15, IDENTITY_HMAC_SECRET_PRESET, user, 1, NULL, 0, NULL, 0,
                                               NULL, out, sizeof out, NULL, NULL),
                 IDENTITY_HMAC_NULL_ARGUMENT);
    /* A non-NULL nonce of length 0 is an empty nonce (refused); NULL is none. */
    CHECK_STATUS(identity_hmac_identify_script(0, secret, 15, IDENTITY_HMAC_SECRET_PRESET, user, 1, NULL, 0, U8(""), 0,
                                               NULL, out, sizeof out, &len, NULL),
                 IDENTITY_HMAC_INVALID_NONCE);
}

int main(void) {
    test_names();
    test_identify_hashes();
    test_identify_script();
    test_buffer_protocol();
    test_errors();
    test_null_arguments();
    printf("C widget tests: %d checks, %d failures\n", checks, failures);
    return failures ? 1 : 0;
}
