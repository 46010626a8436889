#include "render/json.h"

#include <string.h>

#include "util/fmt.h"

void json_init(struct json *j, FILE *out)
{
    j->out = out;
    j->len = 0;
    j->depth = 0;
    j->after_key = false;
    j->replaced = false;
}

void json_flush(struct json *j)
{
    if (j->len)
        fwrite(j->buf, 1, j->len, j->out);
    j->len = 0;
}

/* Bytes written as they are inside a string: printable ASCII but for
 * the quote and the backslash. */
static const unsigned char plain[256] = {
    [0x20 ... 0x21] = 1, [0x23 ... 0x5B] = 1, [0x5D ... 0x7E] = 1};

/* How many bytes at the start of s are plain. */
static inline size_t plain_run(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < n && plain[u[i]])
        i++;
    return i;
}

static inline void put(struct json *j, const void *s, size_t n)
{
    if (n > JSON_BUF - j->len) {
        json_flush(j);
        if (n > JSON_BUF) {
            fwrite(s, 1, n, j->out);
            return;
        }
    }
    memcpy(j->buf + j->len, s, n);
    j->len += n;
}

static inline void putch(struct json *j, char c)
{
    if (j->len == JSON_BUF)
        json_flush(j);
    j->buf[j->len++] = c;
}

/* Length of the well-formed UTF-8 sequence at s (RFC 3629), or 0. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    size_t len;
    unsigned char lo = 0x80, hi = 0xBF; /* bounds for the second byte */
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        if (c == 0xE0)
            lo = 0xA0; /* no overlong forms */
        else if (c == 0xED)
            hi = 0x9F; /* no surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F; /* nothing above U+10FFFF */
    } else {
        return 0;
    }
    if (n < len || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < len; i++)
        if (s[i] < 0x80 || s[i] > 0xBF)
            return 0;
    return len;
}

static bool escape(struct json *j, const char *str, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *s = (const unsigned char *)str;
    bool replaced = false;
    size_t run = 0; /* bytes at s[i - run .. i) still to write as they are */
    size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        if (plain[c]) {
            run++;
            i++;
            continue;
        }
        size_t len = utf8_len(s + i, n - i);
        /* Safe as is: printable ASCII but for quote and backslash, and
         * well-formed sequences above U+009F. */
        bool c1 = len == 2 && c == 0xC2 && s[i + 1] < 0xA0;
        if ((len == 1 && c >= 0x20 && c != '"' && c != '\\' && c != 0x7F) || (len > 1 && !c1)) {
            run += len;
            i += len;
            continue;
        }
        put(j, s + i - run, run);
        run = 0;
        char esc[8];
        const char *e = esc;
        size_t elen = 2;
        esc[0] = '\\';
        if (len == 0) {
            e = "\xEF\xBF\xBD"; /* U+FFFD */
            elen = 3;
            replaced = true;
            i++;
        } else if (c1 || len == 1) {
            unsigned cp = c1 ? s[i + 1] : c;
            switch (cp) {
            case '"':
                esc[1] = '"';
                break;
            case '\\':
                esc[1] = '\\';
                break;
            case '\n':
                esc[1] = 'n';
                break;
            case '\r':
                esc[1] = 'r';
                break;
            case '\t':
                esc[1] = 't';
                break;
            case '\b':
                esc[1] = 'b';
                break;
            case '\f':
                esc[1] = 'f';
                break;
            default:
                memcpy(esc + 1, "u00", 3);
                esc[4] = hex[cp >> 4];
                esc[5] = hex[cp & 15];
                elen = 6;
            }
            i += len;
        }
        put(j, e, elen);
    }
    put(j, s + i - run, run);
    return replaced;
}

bool json_escape(FILE *out, const char *str, size_t n)
{
    struct json j;
    json_init(&j, out);
    bool replaced = escape(&j, str, n);
    json_flush(&j);
    return replaced;
}

/* A comma before any value but the first in its container. */
static void before_value(struct json *j)
{
    if (j->after_key) {
        j->after_key = false;
        return;
    }
    if (j->depth > 0 && j->depth <= JSON_MAX_DEPTH) {
        if (j->need_comma[j->depth - 1])
            putch(j, ',');
        j->need_comma[j->depth - 1] = true;
    }
}

static void open_container(struct json *j, char c)
{
    before_value(j);
    putch(j, c);
    if (j->depth < JSON_MAX_DEPTH)
        j->need_comma[j->depth] = false;
    j->depth++;
}

static void close_container(struct json *j, char c)
{
    if (j->depth > 0)
        j->depth--;
    putch(j, c);
}

void json_object_begin(struct json *j)
{
    open_container(j, '{');
}

void json_object_end(struct json *j)
{
    close_container(j, '}');
}

void json_array_begin(struct json *j)
{
    open_container(j, '[');
}

void json_array_end(struct json *j)
{
    close_container(j, ']');
}

/* s in quotes, then tail (a short literal): in one copy when s is plain
 * and it fits, as keys and most values are. Whether a byte was replaced. */
static bool quoted(struct json *j, const char *s, size_t n, const char *tail, size_t tn)
{
    if (n + tn + 1 <= JSON_BUF - j->len && plain_run(s, n) == n) {
        char *p = j->buf + j->len;
        *p++ = '"';
        memcpy(p, s, n);
        memcpy(p + n, tail, tn);
        j->len += n + tn + 1;
        return false;
    }
    putch(j, '"');
    bool replaced = escape(j, s, n);
    put(j, tail, tn);
    return replaced;
}

void json_key(struct json *j, const char *key)
{
    before_value(j);
    quoted(j, key, strlen(key), "\":", 2);
    j->after_key = true;
}

void json_string_n(struct json *j, const char *s, size_t n)
{
    before_value(j);
    j->replaced = quoted(j, s, n, "\"", 1);
}

void json_string(struct json *j, const char *s)
{
    if (!s) {
        json_null(j);
        return;
    }
    json_string_n(j, s, strlen(s));
}

void json_u64(struct json *j, uint64_t v)
{
    before_value(j);
    char buf[FMT_U64_MAX];
    put(j, buf, (size_t)(fmt_u64(buf, v) - buf));
}

void json_i64(struct json *j, int64_t v)
{
    if (v >= 0) {
        json_u64(j, (uint64_t)v);
        return;
    }
    before_value(j);
    char buf[FMT_U64_MAX + 1];
    buf[0] = '-';
    put(j, buf, (size_t)(fmt_u64(buf + 1, 0 - (uint64_t)v) - buf));
}

void json_fixed(struct json *j, int64_t v, int decimals)
{
    before_value(j);
    uint64_t mag = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    uint64_t scale = 1;
    for (int i = 0; i < decimals; i++)
        scale *= 10;
    char buf[2 * FMT_U64_MAX + 2], *p = buf;
    if (v < 0)
        *p++ = '-';
    p = fmt_u64(p, mag / scale);
    if (decimals > 0) {
        *p++ = '.';
        uint64_t frac = mag % scale;
        for (uint64_t d = scale / 10; d > 0; d /= 10) {
            *p++ = (char)('0' + frac / d);
            frac %= d;
        }
    }
    put(j, buf, (size_t)(p - buf));
}

void json_bool(struct json *j, bool v)
{
    before_value(j);
    put(j, v ? "true" : "false", v ? 4 : 5);
}

void json_null(struct json *j)
{
    before_value(j);
    put(j, "null", 4);
}

void json_kv_string(struct json *j, const char *key, const char *s)
{
    json_key(j, key);
    json_string(j, s);
}

void json_kv_u64(struct json *j, const char *key, uint64_t v)
{
    json_key(j, key);
    json_u64(j, v);
}

void json_kv_i64(struct json *j, const char *key, int64_t v)
{
    json_key(j, key);
    json_i64(j, v);
}

void json_kv_bool(struct json *j, const char *key, bool v)
{
    json_key(j, key);
    json_bool(j, v);
}

void json_kv_bytes(struct json *j, const char *key, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    json_key(j, key);
    json_string_n(j, s, n);
    if (!j->replaced)
        return;
    char name[64];
    snprintf(name, sizeof(name), "%s_hex", key);
    json_key(j, name);
    before_value(j);
    putch(j, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        putch(j, hex[c >> 4]);
        putch(j, hex[c & 15]);
    }
    putch(j, '"');
}

void json_end_document(struct json *j)
{
    putch(j, '\n');
    json_flush(j);
    j->depth = 0;
    j->after_key = false;
}
