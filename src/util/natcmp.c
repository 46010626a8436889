#include "util/natcmp.h"

#include <stdlib.h>

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

int natcmp(const char *a, const char *b)
{
    const char *a0 = a;
    while (*a == *b) {
        if (*a == '\0')
            return 0;
        a++;
        b++;
    }
    if (!is_digit(*a))
        return (unsigned char)*a - (unsigned char)*b;
    if (!is_digit(*b))
        return -1;
    /* Step back to the start of the digit run both names share. */
    while (a > a0 && is_digit(a[-1])) {
        a--;
        b--;
    }
    return atol(a) > atol(b) ? 1 : -1;
}
