#include "cli/seconds.h"

static bool whole(const char *s, unsigned long max, unsigned *out)
{
    if (!*s)
        return false;
    unsigned long v = 0;
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9')
            return false;
        v = v * 10 + (unsigned long)(*p - '0');
        if (v > max)
            return false;
    }
    if (v == 0)
        return false;
    *out = (unsigned)v;
    return true;
}

bool cli_seconds(const char *s, unsigned *out)
{
    return whole(s, 86400, out);
}

bool cli_count(const char *s, unsigned *out)
{
    return whole(s, 1000000000, out);
}
