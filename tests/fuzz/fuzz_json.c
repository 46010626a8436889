/* libFuzzer: a JSON string body from any bytes is valid UTF-8 with no raw
 * control character, quote or backslash escape left unfinished; it says
 * whether it replaced bytes exactly when the input was not UTF-8. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/json.h"

/* A strict UTF-8 check, written apart from the writer's. */
static bool valid_utf8(const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned c = s[i], need, cp;
        if (c < 0x80) {
            i++;
            continue;
        }
        if ((c & 0xE0) == 0xC0)
            need = 1, cp = c & 0x1F;
        else if ((c & 0xF0) == 0xE0)
            need = 2, cp = c & 0x0F;
        else if ((c & 0xF8) == 0xF0)
            need = 3, cp = c & 0x07;
        else
            return false;
        if (i + need >= n)
            return false;
        for (unsigned k = 1; k <= need; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if ((need == 1 && cp < 0x80) || (need == 2 && cp < 0x800) || (need == 3 && cp < 0x10000) ||
            cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += need + 1;
    }
    return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return 0;
    bool replaced = json_escape(f, (const char *)data, size);
    fclose(f);
    const unsigned char *o = (const unsigned char *)buf;
    if (!valid_utf8(o, len) || replaced == valid_utf8(data, size))
        __builtin_trap();
    for (size_t i = 0; i < len; i++) {
        if (o[i] < 0x20 || o[i] == 0x7F || o[i] == '"')
            __builtin_trap();
        if (o[i] == 0xC2 && i + 1 < len && o[i + 1] < 0xA0)
            __builtin_trap(); /* a raw C1 control */
        if (o[i] == '\\') {
            if (i + 1 >= len || !strchr("\"\\nrtbfu", o[i + 1]))
                __builtin_trap();
            i++; /* the escaped character */
        }
    }
    free(buf);
    return 0;
}
