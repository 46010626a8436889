/* libFuzzer: escaping never lets a control byte through and never
 * writes past its documented bound. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/escape.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *out = malloc(ESCAPE_TERM_MAX(size));
    if (!out)
        return 0;
    size_t n = escape_term((const char *)data, size, out);
    if (n >= ESCAPE_TERM_MAX(size) || out[n] != '\0')
        __builtin_trap();
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)out[i];
        if (c < 0x20 || c == 0x7F)
            __builtin_trap();
        if (c == 0xC2 && i + 1 < n && (unsigned char)out[i + 1] < 0xA0 &&
            (unsigned char)out[i + 1] >= 0x80)
            __builtin_trap(); /* a raw C1 control */
    }
    free(out);
    return 0;
}
