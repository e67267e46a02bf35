#include "json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct parser {
    const char *text;
    size_t pos, len;
};

static void fail(const struct parser *p, const char *what) {
    fprintf(stderr, "corpus JSON error at byte %zu: %s\n", p->pos, what);
    exit(2);
}

static void *xrealloc(void *ptr, size_t size) {
    void *out = realloc(ptr, size ? size : 1);
    if (!out) {
        fprintf(stderr, "out of memory\n");
        exit(2);
    }
    return out;
}

static void skip_space(struct parser *p) {
    while (p->pos < p->len && strchr(" \t\r\n", p->text[p->pos]) && p->text[p->pos]) p->pos++;
}

static int peek(struct parser *p) {
    skip_space(p);
    return p->pos < p->len ? (unsigned char)p->text[p->pos] : -1;
}

static void expect(struct parser *p, char c) {
    if (peek(p) != c) fail(p, "unexpected character");
    p->pos++;
}

static unsigned hex4(struct parser *p) {
    unsigned value = 0;
    for (int i = 0; i < 4; i++) {
        if (p->pos >= p->len) fail(p, "truncated \\u escape");
        char c = p->text[p->pos++];
        value <<= 4;
        if (c >= '0' && c <= '9') value |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f') value |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') value |= (unsigned)(c - 'A' + 10);
        else fail(p, "bad \\u escape");
    }
    return value;
}

static void push(char **buf, size_t *len, size_t *cap, char c) {
    if (*len + 1 >= *cap) {
        *cap = *cap ? *cap * 2 : 32;
        *buf = xrealloc(*buf, *cap);
    }
    (*buf)[(*len)++] = c;
}

static void push_utf8(char **buf, size_t *len, size_t *cap, unsigned cp) {
    if (cp < 0x80) {
        push(buf, len, cap, (char)cp);
    } else if (cp < 0x800) {
        push(buf, len, cap, (char)(0xC0 | (cp >> 6)));
        push(buf, len, cap, (char)(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        push(buf, len, cap, (char)(0xE0 | (cp >> 12)));
        push(buf, len, cap, (char)(0x80 | ((cp >> 6) & 0x3F)));
        push(buf, len, cap, (char)(0x80 | (cp & 0x3F)));
    } else {
        push(buf, len, cap, (char)(0xF0 | (cp >> 18)));
        push(buf, len, cap, (char)(0x80 | ((cp >> 12) & 0x3F)));
        push(buf, len, cap, (char)(0x80 | ((cp >> 6) & 0x3F)));
        push(buf, len, cap, (char)(0x80 | (cp & 0x3F)));
    }
}

static char *parse_string(struct parser *p, size_t *out_len) {
    expect(p, '"');
    char *buf = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (p->pos >= p->len) fail(p, "unterminated string");
        char c = p->text[p->pos++];
        if (c == '"') break;
        if (c != '\\') {
            push(&buf, &len, &cap, c);
            continue;
        }
        if (p->pos >= p->len) fail(p, "truncated escape");
        char e = p->text[p->pos++];
        switch (e) {
        case '"': case '\\': case '/': push(&buf, &len, &cap, e); break;
        case 'b': push(&buf, &len, &cap, '\b'); break;
        case 'f': push(&buf, &len, &cap, '\f'); break;
        case 'n': push(&buf, &len, &cap, '\n'); break;
        case 'r': push(&buf, &len, &cap, '\r'); break;
        case 't': push(&buf, &len, &cap, '\t'); break;
        case 'u': {
            unsigned cp = hex4(p);
            if (cp >= 0xD800 && cp < 0xDC00 && p->pos + 1 < p->len && p->text[p->pos] == '\\' && p->text[p->pos + 1] == 'u') {
                p->pos += 2;
                unsigned low = hex4(p);
                if (low < 0xDC00 || low >= 0xE000) fail(p, "bad surrogate pair");
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            }
            push_utf8(&buf, &len, &cap, cp);
            break;
        }
        default: fail(p, "unknown escape");
        }
    }
    push(&buf, &len, &cap, '\0');
    *out_len = len - 1;
    return buf;
}

static void parse_value(struct parser *p, struct json *out);

static void parse_container(struct parser *p, struct json *out, int object) {
    size_t cap = 0;
    p->pos++;
    if (peek(p) == (object ? '}' : ']')) {
        p->pos++;
        return;
    }
    for (;;) {
        if (out->count == cap) {
            cap = cap ? cap * 2 : 8;
            out->items = xrealloc(out->items, cap * sizeof *out->items);
            if (object) out->keys = xrealloc(out->keys, cap * sizeof *out->keys);
        }
        if (object) {
            size_t key_len;
            if (peek(p) != '"') fail(p, "expected a key");
            out->keys[out->count] = parse_string(p, &key_len);
            expect(p, ':');
        }
        parse_value(p, &out->items[out->count++]);
        int c = peek(p);
        p->pos++;
        if (c == (object ? '}' : ']')) return;
        if (c != ',') fail(p, "expected , or end of container");
    }
}

static void parse_value(struct parser *p, struct json *out) {
    memset(out, 0, sizeof *out);
    int c = peek(p);
    if (c == '{') {
        out->kind = JSON_OBJECT;
        parse_container(p, out, 1);
    } else if (c == '[') {
        out->kind = JSON_ARRAY;
        parse_container(p, out, 0);
    } else if (c == '"') {
        out->kind = JSON_STRING;
        out->string = parse_string(p, &out->string_len);
    } else if (p->len - p->pos >= 4 && strncmp(p->text + p->pos, "true", 4) == 0) {
        out->kind = JSON_BOOL, out->boolean = 1, p->pos += 4;
    } else if (p->len - p->pos >= 5 && strncmp(p->text + p->pos, "false", 5) == 0) {
        out->kind = JSON_BOOL, p->pos += 5;
    } else if (p->len - p->pos >= 4 && strncmp(p->text + p->pos, "null", 4) == 0) {
        out->kind = JSON_NULL, p->pos += 4;
    } else if (c == '-' || (c >= '0' && c <= '9')) {
        char *end;
        out->kind = JSON_NUMBER;
        out->number = strtod(p->text + p->pos, &end);
        p->pos = (size_t)(end - p->text);
    } else {
        fail(p, "unexpected value");
    }
}

struct json *json_parse_file(const char *path) {
    FILE *file = fopen(path, "rb");
    if (!file) {
        fprintf(stderr, "cannot open %s\n", path);
        exit(2);
    }
    char *text = NULL;
    size_t len = 0, cap = 0, n;
    do {
        if (cap - len < 4096) text = xrealloc(text, cap = cap * 2 + 8192);
        n = fread(text + len, 1, cap - len - 1, file);
        len += n;
    } while (n > 0);
    fclose(file);
    text[len] = '\0';
    struct parser p = {text, 0, len};
    struct json *root = xrealloc(NULL, sizeof *root);
    parse_value(&p, root);
    free(text);
    return root;
}

struct json *json_parse_text(const char *text, size_t len) {
    struct parser p = {text, 0, len};
    struct json *root = xrealloc(NULL, sizeof *root);
    parse_value(&p, root);
    if (peek(&p) != -1) fail(&p, "text after the value");
    return root;
}

static void free_inner(struct json *value) {
    for (size_t i = 0; i < value->count; i++) {
        free_inner(&value->items[i]);
        if (value->keys) free(value->keys[i]);
    }
    free(value->items);
    free(value->keys);
    free(value->string);
}

void json_free(struct json *value) {
    if (value) {
        free_inner(value);
        free(value);
    }
}

const struct json *json_get(const struct json *object, const char *key) {
    if (!object || object->kind != JSON_OBJECT) return NULL;
    for (size_t i = 0; i < object->count; i++)
        if (strcmp(object->keys[i], key) == 0) return &object->items[i];
    return NULL;
}

static int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

struct json_bytes json_bytes_from_hex(const char *hex, size_t hex_len) {
    struct json_bytes out = {xrealloc(NULL, hex_len / 2 + 1), hex_len / 2};
    for (size_t i = 0; i < out.len; i++)
        out.data[i] = (uint8_t)(hex_value(hex[2 * i]) << 4 | hex_value(hex[2 * i + 1]));
    out.data[out.len] = 0;
    return out;
}

struct json_bytes json_bytes_field(const struct json *object) {
    const struct json *utf8 = json_get(object, "utf8"), *hex = json_get(object, "hex");
    if (utf8) {
        struct json_bytes out = {xrealloc(NULL, utf8->string_len + 1), utf8->string_len};
        memcpy(out.data, utf8->string, utf8->string_len + 1);
        return out;
    }
    if (hex) return json_bytes_from_hex(hex->string, hex->string_len);
    fprintf(stderr, "corpus: a BYTES object without utf8 or hex\n");
    exit(2);
}
