/* The conformance runner's harness for the C ABI: TAB-separated requests on
 * stdin, one response line per request on stdout (conformance/README.md). */
#define _POSIX_C_SOURCE 200809L
#include <identity_hmac.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_FIELDS = 6 };

static int nibble(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Decodes the hex field in place; returns its byte length, or -1. */
static long unhex(char *field) {
    size_t len = strlen(field);
    if (len % 2) return -1;
    for (size_t i = 0; i < len / 2; i++) {
        int hi = nibble(field[2 * i]), lo = nibble(field[2 * i + 1]);
        if (hi < 0 || lo < 0) return -1;
        field[i] = (char)(hi << 4 | lo);
    }
    return (long)(len / 2);
}

static void respond(char **f, int n) {
    const char *id = n > 1 ? f[1] : "?";
    if (n < 4) {
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
