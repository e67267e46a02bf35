/* A tiny JSON reader for the tests: enough for conformance/corpus.json
 * (objects, arrays, strings with \u escapes, numbers, true/false/null).
 * It aborts the test with a message on malformed input. */
#ifndef IDENTITY_HMAC_TEST_JSON_H
#define IDENTITY_HMAC_TEST_JSON_H

#include <stddef.h>

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
void json_free(struct json *value);
const struct json *json_get(const struct json *object, const char *key); /* NULL if absent */

#endif
