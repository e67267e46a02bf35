/* A tiny JSON reader for the tests: enough for conformance/corpus.json
 * (objects, arrays, strings with \u escapes, numbers, true/false/null).
 * It aborts the test with a message on malformed input. */
#ifndef IDENTITY_HMAC_TEST_JSON_H
#define IDENTITY_HMAC_TEST_JSON_H

#include <stddef.h>
#include <stdint.h>

enum json_kind { JSON_NULL, JSON_BOOL, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT };

struct json {
    enum json_kind kind;
    int boolean;
    double number;
    char *string; /* NUL-terminated; string_len excludes the NUL */
    size_t string_len;
    struct json *items; /* array elements or object values */
    char **keys;        /* object keys */
    size_t count;
};

struct json *json_parse_file(const char *path);
/* Parses `len` bytes of JSON text; text[len] must be a NUL. */
struct json *json_parse_text(const char *text, size_t len);
void json_free(struct json *value);
const struct json *json_get(const struct json *object, const char *key); /* NULL if absent */

/* Bytes read from the corpus; `data` is malloc'ed with a trailing NUL. */
struct json_bytes {
    uint8_t *data;
    size_t len;
};

/* `hex_len` hex digits as bytes. */
struct json_bytes json_bytes_from_hex(const char *hex, size_t hex_len);
/* A BYTES object, {"utf8": "..."} or {"hex": "..."}; exits on anything else. */
struct json_bytes json_bytes_field(const struct json *object);

#endif
