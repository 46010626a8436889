#include "cli/seconds.h"

bool cli_seconds(const char *s, unsigned *out)
{
    if (!*s)
        return false;
    unsigned long v = 0;
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9')
            return false;
        v = v * 10 + (unsigned long)(*p - '0');
        if (v > 86400)
            return false;
    }
    if (v == 0)
        return false;
    *out = (unsigned)v;
    return true;
}
