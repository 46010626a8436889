#include "model/netns.h"

#include <stdio.h>
#include <string.h>

/* A container id of hex digits, as runtimes print it: the first 12. */
static bool long_hex(const char *id)
{
    size_t n = strspn(id, "0123456789abcdef");
    return n >= 32 && id[n] == '\0';
}

void netns_label(struct netns *ns)
{
    char *l = ns->label;
    size_t n = sizeof(ns->label);
    if (ns->host)
        snprintf(l, n, "host");
    else if (ns->name)
        snprintf(l, n, "%s", ns->name);
    else if (ns->container.runtime[0])
        snprintf(l, n, "%s:%.*s", ns->container.runtime,
                 long_hex(ns->container.id) ? 12 : (int)sizeof(ns->container.id), ns->container.id);
    else if (ns->pid > 0)
        snprintf(l, n, "pid:%d", ns->pid);
    else
        snprintf(l, n, "%s", ns->path ? ns->path : "?");
}

static int rank(const struct netns *ns)
{
    return ns->host ? 0 : (ns->name ? 1 : 2);
}

int netns_order(const void *a, const void *b)
{
    const struct netns *x = a, *y = b;
    int rx = rank(x), ry = rank(y);
    if (rx != ry)
        return rx - ry;
    if (rx == 1)
        return strcmp(x->name, y->name);
    if (x->pid != y->pid)
        return x->pid < y->pid ? -1 : 1;
    return (x->inode > y->inode) - (x->inode < y->inode);
}
