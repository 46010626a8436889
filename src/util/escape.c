#include "util/escape.h"

#include <stdbool.h>

size_t utf8_seq_len(const unsigned char *s, size_t avail)
{
    unsigned char c = s[0];
    size_t n;
    unsigned cp;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if (avail < n)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

static const char hex[] = "0123456789ABCDEF";

static char *put_hex(char *o, unsigned char c)
{
    *o++ = '\\';
    *o++ = 'x';
    *o++ = hex[c >> 4];
    *o++ = hex[c & 15];
    return o;
}

size_t escape_term(const char *in, size_t len, char *out)
{
    const unsigned char *s = (const unsigned char *)in;
    char *o = out;
    size_t i = 0;
    while (i < len) {
        unsigned char c = s[i];
        if (c < 0x20 || c == 0x7F) {
            o = put_hex(o, c);
            i++;
            continue;
        }
        size_t n = utf8_seq_len(s + i, len - i);
        if (n == 0) {
            o = put_hex(o, c);
            i++;
            continue;
        }
        bool c1 = n == 2 && c == 0xC2 && s[i + 1] < 0xA0;
        for (size_t k = 0; k < n; k++) {
            if (c1)
                o = put_hex(o, s[i + k]);
            else
                *o++ = (char)s[i + k];
        }
        i += n;
    }
    *o = '\0';
    return (size_t)(o - out);
}
