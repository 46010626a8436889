/* Host names asked one at a time, in this process, where the system has no
 * helper process to ask them in (the Windows build): the same interface as
 * hosts.c, without its deadline, since Windows' resolver keeps its own
 * time-outs. Answers are kept for the whole run. */
#include "resolve/hosts.h"

#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "util/grow.h"

struct answer {
    uint8_t kind;
    uint8_t addr[16];
    char *name; /* NULL: none */
};

static struct {
    struct answer *v;
    size_t n, cap;
} A;

static size_t addr_len(enum host_kind kind)
{
    return kind == HOST_INET6 ? 16 : 4;
}

static char *lookup(enum host_kind kind, const uint8_t *addr)
{
    char host[NI_MAXHOST];
    int rc;
    if (kind == HOST_NET)
        return NULL; /* Windows has no networks database */
    if (kind == HOST_INET6) {
        struct sockaddr_in6 sin6 = {.sin6_family = AF_INET6};
        memcpy(&sin6.sin6_addr, addr, 16);
        rc = getnameinfo((struct sockaddr *)&sin6, sizeof(sin6), host, sizeof(host), NULL, 0,
                         NI_NAMEREQD);
    } else {
        struct sockaddr_in sin = {.sin_family = AF_INET};
        memcpy(&sin.sin_addr, addr, 4);
        rc = getnameinfo((struct sockaddr *)&sin, sizeof(sin), host, sizeof(host), NULL, 0,
                         NI_NAMEREQD);
    }
    return rc == 0 ? strdup(host) : NULL;
}

void hosts_start(void)
{
}

int hosts_pause(void)
{
    return 0;
}

void hosts_resume(void)
{
}

void hosts_batch_begin(void)
{
}

void hosts_want(enum host_kind kind, const uint8_t *addr)
{
    (void)kind;
    (void)addr;
}

bool hosts_get(enum host_kind kind, const uint8_t *addr, char *buf, size_t bufsz)
{
    size_t len = addr_len(kind);
    struct answer *a = NULL;
    for (size_t i = 0; i < A.n && !a; i++)
        if (A.v[i].kind == kind && memcmp(A.v[i].addr, addr, len) == 0)
            a = &A.v[i];
    if (!a) {
        if (grow((void **)&A.v, &A.cap, A.n + 1, sizeof(*A.v)) < 0)
            return false;
        a = &A.v[A.n++];
        *a = (struct answer){.kind = (uint8_t)kind};
        memcpy(a->addr, addr, len);
        a->name = lookup(kind, addr);
    }
    if (!a->name || bufsz == 0)
        return false;
    snprintf(buf, bufsz, "%s", a->name);
    return true;
}

size_t hosts_batch_late(void)
{
    return 0;
}

void hosts_end(void)
{
    for (size_t i = 0; i < A.n; i++)
        free(A.v[i].name);
    free(A.v);
    A.v = NULL;
    A.n = A.cap = 0;
}
