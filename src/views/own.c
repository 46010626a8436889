#include "views/own.h"

#include <stdlib.h>

#include "platform/platform.h"
#include "resolve/hosts.h"

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

void own_begin(struct own_socks *o)
{
    o->n = 0;
    int helper = hosts_pause();
    o->paused = true;
    if (helper > 0)
        platform_process_sockets(helper, &o->v, &o->n, &o->cap);
    if (o->n > 1)
        qsort(o->v, o->n, sizeof(*o->v), cmp_u64);
}

void own_end(struct own_socks *o)
{
    if (o->paused)
        hosts_resume();
    o->paused = false;
}

bool own_has(const struct own_socks *o, uint64_t inode)
{
    size_t lo = 0, hi = o->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (o->v[mid] < inode)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < o->n && o->v[lo] == inode;
}

void own_free(struct own_socks *o)
{
    own_end(o);
    free(o->v);
    o->v = NULL;
    o->n = o->cap = 0;
}
