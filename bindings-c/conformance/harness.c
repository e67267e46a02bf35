/* The conformance runner's harness for the C ABI: TAB-separated requests on
 * stdin, one response line per request on stdout (conformance/README.md). */
#define _POSIX_C_SOURCE 200809L
#include <identity_hmac.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

enum { MAX_FIELDS = 9 };

static int nibble(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Decodes the hex field in place and NUL-terminates it; returns its byte
 * length, or -1. */
static long unhex(char *field) {
    size_t len = strlen(field);
    if (len % 2) return -1;
    for (size_t i = 0; i < len / 2; i++) {
        int hi = nibble(field[2 * i]), lo = nibble(field[2 * i + 1]);
        if (hi < 0 || lo < 0) return -1;
        field[i] = (char)(hi << 4 | lo);
    }
    field[len / 2] = '\0';
    return (long)(len / 2);
}

/* A decimal integer field (the whole field), or 0 with *ok cleared. */
static long long integer(const char *field, int *ok) {
    char *end = NULL;
    errno = 0;
    long long value = strtoll(field, &end, 10);
    if (errno || end == field || *end) *ok = 0;
    return value;
}

static void print_hex(const char *text, size_t len) {
    for (size_t i = 0; i < len; i++) printf("%02x", (unsigned char)text[i]);
}

/* Answers with a text output call's result: it is called twice, once to
 * learn the length (IDENTITY_HMAC_BUFFER_TOO_SMALL) and once to write. */
typedef int (*text_call)(void *request, char *out, size_t capacity, size_t *len);

static void answer_text(const char *id, const char *kind, int hex, text_call call, void *request) {
    size_t len = 0;
    int status = call(request, NULL, 0, &len);
    char *out = NULL;
    if (status == IDENTITY_HMAC_BUFFER_TOO_SMALL) {
        out = malloc(len + 1);
        status = out ? call(request, out, len + 1, &len) : IDENTITY_HMAC_OUT_OF_MEMORY;
    }
    if (status == IDENTITY_HMAC_OK && out) {
        printf("%s\t%s\t", id, kind);
        if (hex) print_hex(out, len);
        else fwrite(out, 1, len, stdout);
        putchar('\n');
    } else {
        printf("%s\terror\t%s\n", id, identity_hmac_status_code(status));
    }
    free(out);
}

struct verify_request {
    const identity_hmac_token_verifier *verifier;
    const char *token;
    size_t token_len;
    int64_t now;
};

static int verify_call(void *request, char *out, size_t capacity, size_t *len) {
    struct verify_request *r = request;
    return identity_hmac_token_verifier_verify(r->verifier, (const uint8_t *)r->token, r->token_len, &r->now, out,
                                               capacity, len, NULL);
}

/* token_verify id text|hex KEYS token_hex now leeway max_lifetime|- required_claims_hex
 * KEYS: comma-separated KIDHEX:SECRETHEX, newest first (KIDHEX empty: no key id). */
static void token_verify(char **f) {
    const char *id = f[1];
    int encoding = -2; /* an unknown name stays -2, which the library refuses */
    identity_hmac_secret_encoding_from_name((const uint8_t *)f[2], strlen(f[2]), &encoding);
    size_t count = 1;
    for (const char *c = f[3]; *c; c++) count += *c == ',';
    const uint8_t **secrets = calloc(count, sizeof *secrets), **kids = calloc(count, sizeof *kids);
    size_t *secret_lens = calloc(count, sizeof *secret_lens), *kid_lens = calloc(count, sizeof *kid_lens);
    int ok = secrets && kids && secret_lens && kid_lens;
    char *entry = f[3];
    for (size_t i = 0; ok && i < count; i++) {
        char *next = strchr(entry, ',');
        if (next) *next = '\0';
        char *colon = strchr(entry, ':');
        if (!colon) {
            ok = 0;
            break;
        }
        *colon = '\0';
        long kid_len = unhex(entry), secret_len = unhex(colon + 1);
        ok = kid_len >= 0 && secret_len >= 0;
        kids[i] = kid_len > 0 ? (const uint8_t *)entry : NULL;
        kid_lens[i] = (size_t)(kid_len > 0 ? kid_len : 0);
        secrets[i] = (const uint8_t *)(colon + 1);
        secret_lens[i] = (size_t)(secret_len > 0 ? secret_len : 0);
        entry = next ? next + 1 : entry;
    }
    long token_len = unhex(f[4]), required_len = unhex(f[8]);
    identity_hmac_token_verifier_options options = {0, 0, 0, NULL, 0};
    options.leeway = (uint64_t)integer(f[6], &ok);
    if (strcmp(f[7], "-") != 0) {
        options.max_lifetime = (uint64_t)integer(f[7], &ok);
        options.has_max_lifetime = 1;
    }
    struct verify_request request = {NULL, f[4], (size_t)token_len, integer(f[5], &ok)};
    struct json *required = NULL;
    identity_hmac_field *names = NULL;
    if (ok && token_len >= 0 && required_len >= 0) {
        required = json_parse_text(f[8], (size_t)required_len);
        names = calloc(required->count + 1, sizeof *names);
        ok = required->kind == JSON_ARRAY && names;
        for (size_t i = 0; ok && i < required->count; i++) {
            ok = required->items[i].kind == JSON_STRING;
            names[i].name = (const uint8_t *)required->items[i].string;
            names[i].name_len = required->items[i].string_len;
        }
        options.required_claims = names;
        options.required_claims_len = required->count;
    } else {
        ok = 0;
    }
    if (!ok) {
        printf("%s\tunsupported\tmalformed token_verify request\n", id);
    } else {
        identity_hmac_token_verifier *verifier = NULL;
        int status = identity_hmac_token_verifier_new(secrets, secret_lens, kids, kid_lens, count, encoding, &options,
                                                      &verifier, NULL);
        if (status != IDENTITY_HMAC_OK) {
            printf("%s\terror\t%s\n", id, identity_hmac_status_code(status));
        } else {
            request.verifier = verifier;
            /* The claims JSON text as the library writes it: C has no JSON library of its own. */
            answer_text(id, "claims", 1, verify_call, &request);
        }
        identity_hmac_token_verifier_free(verifier);
    }
    if (required) json_free(required);
    free(names);
    free(secrets);
    free(kids);
    free(secret_lens);
    free(kid_lens);
}

struct sign_request {
    const char *secret, *claims;
    size_t secret_len, claims_len;
    int encoding;
    identity_hmac_token_options options;
};

static int sign_call(void *request, char *out, size_t capacity, size_t *len) {
    struct sign_request *r = request;
    return identity_hmac_sign_token((const uint8_t *)r->secret, r->secret_len, r->encoding,
                                    (const uint8_t *)r->claims, r->claims_len, &r->options, out, capacity, len, NULL);
}

/* token_sign id text|hex secret_hex claims_hex now expires_in|- kid_hex|-
 * The claims go to the library as the JSON text they are: a C program's
 * claims are JSON text (it has no map type or JSON library of its own). */
static void token_sign(char **f) {
    const char *id = f[1];
    struct sign_request r = {f[3], f[4], 0, 0, -2, {0, 1, 0, 0, NULL, 0}};
    identity_hmac_secret_encoding_from_name((const uint8_t *)f[2], strlen(f[2]), &r.encoding);
    int ok = 1;
    long secret_len = unhex(f[3]), claims_len = unhex(f[4]);
    r.options.now = integer(f[5], &ok);
    if (strcmp(f[6], "-") != 0) {
        r.options.expires_in = (uint64_t)integer(f[6], &ok);
        r.options.has_expires_in = 1;
    }
    if (strcmp(f[7], "-") != 0) {
        long kid_len = unhex(f[7]);
        ok = ok && kid_len >= 0;
        r.options.key_id = (const uint8_t *)f[7];
        r.options.key_id_len = (size_t)(kid_len > 0 ? kid_len : 0);
    }
    if (!ok || secret_len < 0 || claims_len < 0) {
        printf("%s\tunsupported\tmalformed token_sign request\n", id);
        return;
    }
    r.secret_len = (size_t)secret_len;
    r.claims_len = (size_t)claims_len;
    answer_text(id, "token", 0, sign_call, &r);
}

static void respond(char **f, int n) {
    const char *id = n > 1 ? f[1] : "?";
    if (strcmp(f[0], "token_verify") == 0 && n == 9) {
        token_verify(f);
        return;
    }
    if (strcmp(f[0], "token_sign") == 0 && n == 8) {
        token_sign(f);
        return;
    }
    if (n < 4 || n > 6) {
        printf("%s\tunsupported\tmalformed request\n", id);
        return;
    }
    int encoding = -1; /* an unknown name stays -1, which the library refuses */
    identity_hmac_secret_encoding_from_name((const uint8_t *)f[2], strlen(f[2]), &encoding);
    long len[MAX_FIELDS] = {0};
    for (int i = 3; i < n; i++)
        if ((len[i] = unhex(f[i])) < 0) {
            printf("%s\tunsupported\tbad hex field\n", id);
            return;
        }
    identity_hmac_signer *signer = NULL;
    int status = identity_hmac_signer_new((const uint8_t *)f[3], (size_t)len[3], encoding, &signer, NULL);
    if (status != IDENTITY_HMAC_OK) {
        printf("%s\terror\t%s\n", id, identity_hmac_status_code(status));
        return;
    }
    if (strcmp(f[0], "secret") == 0 && n == 4) {
        printf("%s\tok\n", id);
    } else if (strcmp(f[0], "sign") == 0 && n == 5) {
        char out[IDENTITY_HMAC_HEX_SIZE];
        status = identity_hmac_signer_sign_hex(signer, (const uint8_t *)f[4], (size_t)len[4], out);
        if (status == IDENTITY_HMAC_OK) printf("%s\thash\t%s\n", id, out);
        else printf("%s\terror\t%s\n", id, identity_hmac_status_code(status));
    } else if (strcmp(f[0], "verify") == 0 && n == 6) {
        int result = identity_hmac_signer_verify_hex(signer, (const uint8_t *)f[4], (size_t)len[4],
                                                     (const uint8_t *)f[5], (size_t)len[5]);
        if (result >= 0) printf("%s\tbool\t%s\n", id, result ? "true" : "false");
        else printf("%s\terror\t%s\n", id, identity_hmac_status_code(result));
    } else {
        printf("%s\tunsupported\trequest %s\n", id, f[0]);
    }
    identity_hmac_signer_free(signer);
}

int main(void) {
    char *line = NULL;
    size_t cap = 0;
    ssize_t got;
    while ((got = getline(&line, &cap, stdin)) >= 0) {
        while (got > 0 && (line[got - 1] == '\n' || line[got - 1] == '\r')) line[--got] = '\0';
        if (got == 0) continue;
        char *fields[MAX_FIELDS];
        int n = 0;
        for (char *cursor = line; n < MAX_FIELDS;) {
            fields[n++] = cursor;
            char *tab = strchr(cursor, '\t');
            if (!tab) break;
            *tab = '\0';
            cursor = tab + 1;
        }
        respond(fields, n);
    }
    free(line);
    return ferror(stdin) ? 1 : 0;
}
