#include "util/fmt.h"

#include <string.h>

char *fmt_u64(char *p, uint64_t v)
{
    char tmp[FMT_U64_MAX];
    char *t = tmp + sizeof(tmp);
    do {
        *--t = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    size_t n = (size_t)(tmp + sizeof(tmp) - t);
    memcpy(p, t, n);
    return p + n;
}

char *fmt_ipv4(char *p, const uint8_t b[4])
{
    for (int i = 0; i < 4; i++) {
        unsigned v = b[i];
        if (v >= 100) {
            *p++ = (char)('0' + v / 100);
            v %= 100;
            *p++ = (char)('0' + v / 10);
        } else if (v >= 10) {
            *p++ = (char)('0' + v / 10);
        }
        *p++ = (char)('0' + v % 10);
        if (i < 3)
            *p++ = '.';
    }
    return p;
}
