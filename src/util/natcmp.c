#include "util/natcmp.h"

#include <limits.h>
#include <string.h>

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* A name as net-tools takes it apart: "eth0:1" is the name "eth0" (stem
 * "eth", number 0) with alias 1. */
struct parts {
    const char *s;
    size_t len;  /* the name without its alias */
    size_t stem; /* the name without its trailing digits */
    const char *alias;
};

static void split(const char *s, struct parts *p)
{
    size_t n = strlen(s), i = n;
    while (i > 0 && is_digit(s[i - 1]))
        i--;
    p->s = s;
    p->alias = NULL;
    p->len = n;
    if (i < n && i > 0 && s[i - 1] == ':') {
        p->alias = s + i;
        p->len = i - 1;
    }
    size_t j = p->len;
    while (j > 0 && is_digit(s[j - 1]))
        j--;
    p->stem = j;
}

/* atoi() of the digits s[0..n), as glibc computes it: through a long
 * that stops at LONG_MAX, then cut to int. */
static int number(const char *s, size_t n)
{
    long v = 0;
    for (size_t i = 0; i < n && is_digit(s[i]); i++) {
        int d = s[i] - '0';
        v = v > (LONG_MAX - d) / 10 ? LONG_MAX : v * 10 + d;
    }
    return (int)v;
}

static int sign(int v)
{
    return (v > 0) - (v < 0);
}

/* strcmp() of s[0..n) and t[0..m) as if each ended there. */
static int cmp_prefix(const char *s, size_t n, const char *t, size_t m)
{
    int c = memcmp(s, t, n < m ? n : m);
    if (c)
        return sign(c);
    return (n > m) - (n < m);
}

int natcmp(const char *a, const char *b)
{
    struct parts x, y;
    split(a, &x);
    split(b, &y);
    size_t common = x.stem < y.stem ? x.stem : y.stem;
    int c = strncmp(a, b, common);
    if (c)
        return sign(c);
    if (x.stem != y.stem)
        return x.stem > y.stem ? 1 : -1;
    int xv = number(a + x.stem, x.len - x.stem), yv = number(b + y.stem, y.len - y.stem);
    if (xv != yv)
        return xv < yv ? -1 : 1;
    c = cmp_prefix(a, x.len, b, y.len);
    if (c)
        return c;
    xv = x.alias ? number(x.alias, strlen(x.alias)) : -1;
    yv = y.alias ? number(y.alias, strlen(y.alias)) : -1;
    if (xv != yv)
        return xv < yv ? -1 : 1;
    if (x.alias && y.alias)
        return sign(strcmp(x.alias, y.alias));
    return 0;
}
