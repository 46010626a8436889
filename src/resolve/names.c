#include "resolve/names.h"
#include "resolve/hosts.h"
#include "util/fmt.h"
#include "util/grow.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

struct svc {
    uint16_t port;
    uint32_t seq; /* later entries win, as in net-tools */
    char *name;
};

struct svc_table {
    struct svc *v;
    size_t n, cap;
};

struct names {
    char buf[NI_MAXHOST + 8];
    char portbuf[64];
    char userbuf[32];
    bool services_loaded;
    struct svc_table tcp, udp, raw;
    uint32_t last_uid;
    bool have_last_uid;
    char *last_user;
};

struct names *names_new(void)
{
    hosts_batch_begin();
    return calloc(1, sizeof(struct names));
}

static void svc_free(struct svc_table *t)
{
    for (size_t i = 0; i < t->n; i++)
        free(t->v[i].name);
    free(t->v);
}

void names_free(struct names *n)
{
    if (!n)
        return;
    svc_free(&n->tcp);
    svc_free(&n->udp);
    svc_free(&n->raw);
    free(n->last_user);
    free(n);
}

/* ---- hosts ---- */

/* An IPv4 name into n->buf: the host database for a host, the networks
 * database for a network, else the number. */
static void inet4_lookup(struct names *n, const uint8_t *addr, bool host)
{
    if (!hosts_get(host ? HOST_INET : HOST_NET, addr, n->buf, sizeof(n->buf)))
        *fmt_ipv4(n->buf, addr) = '\0';
}

/* The lookup names_host() makes for an address, if any. */
static bool host_kind_of(enum sock_family fam, const struct sock_addr *a, bool numeric,
                         enum host_kind *kind)
{
    /* net-tools shows a v4-mapped IPv6 address as the plain IPv4 address,
     * never resolved; the wildcards stay as they are. */
    static const uint8_t mapped[12] = {[10] = 0xff, [11] = 0xff};
    if (numeric || sock_addr_is_any(fam, a))
        return false;
    if (fam == FAM_INET) {
        *kind = a->bytes[3] ? HOST_INET : HOST_NET;
        return true;
    }
    if (memcmp(a->bytes, mapped, sizeof(mapped)) == 0)
        return false;
    *kind = HOST_INET6;
    return true;
}

void names_want(enum sock_family fam, const struct sock_addr *a)
{
    enum host_kind kind;
    if (host_kind_of(fam, a, false, &kind))
        hosts_want(kind, a->bytes);
}

void names_start(void)
{
    hosts_start();
}

void names_end(void)
{
    hosts_end();
}

size_t names_late(void)
{
    return hosts_batch_late();
}

const char *names_host(struct names *n, enum sock_family fam, const struct sock_addr *a,
                       bool numeric)
{
    static const uint8_t mapped[12] = {[10] = 0xff, [11] = 0xff};
    enum host_kind kind;
    if (fam == FAM_INET6 && memcmp(a->bytes, mapped, sizeof(mapped)) == 0) {
        *fmt_ipv4(n->buf, a->bytes + 12) = '\0';
        return n->buf;
    }
    if (fam == FAM_INET6 && !numeric && sock_addr_is_any(fam, a))
        return "[::]";
    if (host_kind_of(fam, a, numeric, &kind) && hosts_get(kind, a->bytes, n->buf, sizeof(n->buf)))
        return n->buf;
    if (fam == FAM_INET)
        *fmt_ipv4(n->buf, a->bytes) = '\0';
    else
        inet_ntop(AF_INET6, a->bytes, n->buf, sizeof(n->buf));
    return n->buf;
}

const char *names_route(struct names *n, const struct sock_addr *a, const struct sock_addr *mask,
                        bool host, bool want_default, bool numeric)
{
    struct in_addr in, m;
    memcpy(&in, a->bytes, 4);
    memcpy(&m, mask->bytes, 4);
    if (in.s_addr == INADDR_ANY && want_default && !numeric)
        return "default";
    if (numeric || in.s_addr == INADDR_ANY) {
        inet_ntop(AF_INET, &in, n->buf, sizeof(n->buf));
        return n->buf;
    }
    inet4_lookup(n, a->bytes, host || (in.s_addr & ~m.s_addr));
    return n->buf;
}

/* ---- services ---- */

static void svc_add(struct svc_table *t, uint16_t port, const char *name, uint32_t seq)
{
    if (grow((void **)&t->v, &t->cap, t->n + 1, sizeof(*t->v)) < 0)
        return;
    char *s = strdup(name);
    if (!s)
        return;
    t->v[t->n++] = (struct svc){port, seq, s};
}

static int svc_cmp(const void *a, const void *b)
{
    const struct svc *x = a, *y = b;
    if (x->port != y->port)
        return x->port < y->port ? -1 : 1;
    return x->seq < y->seq ? 1 : (x->seq > y->seq ? -1 : 0); /* newest first */
}

static void load_services(struct names *n)
{
    uint32_t seq = 0;
    struct servent *se;
    setservent(1);
    while ((se = getservent())) {
        uint16_t port = ntohs((uint16_t)se->s_port);
        if (strcmp(se->s_proto, "tcp") == 0)
            svc_add(&n->tcp, port, se->s_name, seq++);
        else if (strcmp(se->s_proto, "udp") == 0)
            svc_add(&n->udp, port, se->s_name, seq++);
    }
    endservent();
    struct protoent *pe;
    setprotoent(1);
    while ((pe = getprotoent())) {
        long num = pe->p_proto; /* an int here, a short in Winsock */
        if (num >= 0 && num <= 0xFFFF)
            svc_add(&n->raw, (uint16_t)num, pe->p_name, seq++);
    }
    endprotoent();
    qsort(n->tcp.v, n->tcp.n, sizeof(struct svc), svc_cmp);
    qsort(n->udp.v, n->udp.n, sizeof(struct svc), svc_cmp);
    qsort(n->raw.v, n->raw.n, sizeof(struct svc), svc_cmp);
    n->services_loaded = true;
}

static const char *svc_find(const struct svc_table *t, uint16_t port)
{
    size_t lo = 0, hi = t->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (t->v[mid].port < port)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < t->n && t->v[lo].port == port ? t->v[lo].name : NULL;
}

const char *names_service(struct names *n, uint16_t port, const char *proto, bool numeric)
{
    if (port == 0)
        return "*";
    if (!numeric) {
        if (!n->services_loaded)
            load_services(n);
        const struct svc_table *t = NULL;
        if (strcmp(proto, "tcp") == 0)
            t = &n->tcp;
        else if (strcmp(proto, "udp") == 0)
            t = &n->udp;
        else if (strcmp(proto, "raw") == 0)
            t = &n->raw;
        const char *name = t ? svc_find(t, port) : NULL;
        if (name)
            return name;
    }
    *fmt_u64(n->portbuf, port) = '\0';
    return n->portbuf;
}

/* ---- users ---- */

const char *names_user(struct names *n, uint32_t uid, bool numeric)
{
    if (!numeric) {
        if (n->have_last_uid && n->last_uid == uid && n->last_user)
            return n->last_user;
        struct passwd *pw = getpwuid(uid);
        if (pw && pw->pw_name) {
            free(n->last_user);
            n->last_user = strdup(pw->pw_name);
            n->last_uid = uid;
            n->have_last_uid = n->last_user != NULL;
            if (n->last_user)
                return n->last_user;
        }
    }
    snprintf(n->userbuf, sizeof(n->userbuf), "%u", uid);
    return n->userbuf;
}

size_t names_lookup(const char *name, enum sock_family *fam, struct sock_addr *addr, size_t max)
{
    struct addrinfo hints = {.ai_socktype = SOCK_STREAM}, *res = NULL;
    if (getaddrinfo(name, NULL, &hints, &res) != 0)
        return 0;
    size_t n = 0;
    for (struct addrinfo *ai = res; ai && n < max; ai = ai->ai_next) {
        struct sock_addr a = {{0}};
        enum sock_family f;
        if (ai->ai_family == AF_INET) {
            memcpy(a.bytes, &((struct sockaddr_in *)ai->ai_addr)->sin_addr, 4);
            f = FAM_INET;
        } else if (ai->ai_family == AF_INET6) {
            memcpy(a.bytes, &((struct sockaddr_in6 *)ai->ai_addr)->sin6_addr, 16);
            f = FAM_INET6;
        } else {
            continue;
        }
        bool dup = false;
        for (size_t i = 0; i < n; i++)
            dup |= fam[i] == f && memcmp(&addr[i], &a, sizeof(a)) == 0;
        if (!dup) {
            fam[n] = f;
            addr[n++] = a;
        }
    }
    freeaddrinfo(res);
    return n;
}
