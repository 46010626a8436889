/* Published ports: the nat rules (DNAT, redirect) that lead a port of
 * this machine to another address and port, found by running a packet
 * for each port the rules name through the prerouting (from elsewhere)
 * and output (from this machine) nat chains; and what listens where
 * they lead, in whichever namespace has that address. */
#include "views/explain_pub.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explain/reach.h"
#include "util/escape.h"
#include "util/grow.h"

static bool first_addr(const struct explain_ctx *c, int fam, uint8_t *out)
{
    const struct iface_addr *a = c->addrs.v;
    for (size_t i = 0; i < c->addrs.n; i++) {
        if ((a[i].family == FAM_INET) != (fam == FW_IP) || a[i].tentative)
            continue;
        if (fam == FW_IP ? a[i].addr.bytes[0] == 127 : a[i].scope != SCOPE_GLOBAL)
            continue;
        memcpy(out, a[i].addr.bytes, fam == FW_IP ? 4 : 16);
        return true;
    }
    return false;
}

static int by_port(const void *a, const void *b)
{
    const struct fw_pspan *x = a, *y = b;
    return (x->lo > y->lo) - (x->lo < y->lo);
}

static int add(struct pub_list *l, const struct pub *p)
{
    for (size_t i = 0; i < l->n; i++) { /* one entry, from both directions */
        struct pub *q = &l->v[i];
        if (q->proto == p->proto && q->family == p->family && q->port == p->port &&
            !memcmp(&q->o.nat_addr, &p->o.nat_addr, 16) && q->o.nat_port == p->o.nat_port) {
            q->from_outside |= p->from_outside;
            q->from_host |= p->from_host;
            return 0;
        }
    }
    if (grow((void **)&l->v, &l->cap, l->n + 1, sizeof(*l->v)) < 0)
        return -ENOMEM;
    l->v[l->n++] = *p;
    return 0;
}

static int find_in(struct fw_facts *f, struct pub_list *l, enum fw_hook hook, int fam, int proto,
                   const uint8_t *daddr)
{
    struct fw_pkt p;
    memset(&p, 0, sizeof(p));
    p.nfproto = fam;
    p.l4proto = (uint8_t)proto;
    p.dport_unknown = true;
    p.daddr_local = true;
    memcpy(p.daddr, daddr, 16);
    /* From elsewhere: an interface that is none of this machine's (no
     * "iifname br0 return" applies to it). */
    p.iif_known = true; /* from this machine (output): no input interface, "" */
    p.iiftype = hook == FW_PREROUTING ? 1 : 0;
    fw_eval_reset(&f->ev);
    int rc = fw_find_relevant(&f->ev, hook, "nat", &p);
    if (rc < 0)
        return rc;
    if (f->ev.nports)
        qsort(f->ev.ports, f->ev.nports, sizeof(*f->ev.ports), by_port);
    p.dport_unknown = false;
    p.saddr_known = false;
    for (size_t i = 0; i < f->ev.nports && rc == 0; i++) {
        if (i && f->ev.ports[i].lo == f->ev.ports[i - 1].lo)
            continue;
        p.dport = f->ev.ports[i].lo;
        struct pub e;
        memset(&e, 0, sizeof(e));
        fw_eval_hook(&f->ev, hook, "nat", &p, &e.o);
        if (e.o.res != FWR_NAT && e.o.res != FWR_UNKNOWN)
            continue;
        if (e.o.res == FWR_UNKNOWN && e.o.rule < 0)
            continue;
        e.proto = proto;
        e.family = fam;
        e.port = p.dport;
        e.from_outside = hook == FW_PREROUTING;
        e.from_host = hook == FW_OUTPUT;
        if (e.o.res == FWR_NAT && e.o.redirect) {
            memcpy(e.o.nat_addr, daddr, 16);
            e.o.nat_addr_set = true;
        }
        if (e.o.res == FWR_NAT && !e.o.nat_port_set)
            e.o.nat_port = p.dport;
        rc = add(l, &e);
    }
    return rc;
}

int explain_pub_find(struct explain_ctx *c, struct fw_facts *f, struct pub_list *out)
{
    memset(out, 0, sizeof(*out));
    if (!f->read)
        return 0;
    int rc = 0;
    for (int fi = 0; fi < 2 && rc == 0; fi++) {
        int fam = fi ? FW_IP6 : FW_IP;
        uint8_t daddr[16] = {0};
        if (!first_addr(c, fam, daddr))
            continue;
        for (int pi = 0; pi < 2 && rc == 0; pi++) {
            rc = find_in(f, out, FW_PREROUTING, fam, pi ? 17 : 6, daddr);
            if (rc == 0)
                rc = find_in(f, out, FW_OUTPUT, fam, pi ? 17 : 6, daddr);
        }
    }
    return rc;
}

/* ---- where it leads ---- */

struct lsearch {
    int proto, family;
    uint16_t port;
    uint8_t addr[16];
    bool serves, loopback_only;
};

static int look(const struct sock_rec *s, void *ctx)
{
    struct lsearch *q = ctx;
    if (s->lport != q->port)
        return 0;
    if (s->proto == PROTO_TCP ? s->state != ST_LISTEN : !sock_addr_is_any(s->family, &s->raddr))
        return 0;
    struct sock_addr la;
    enum sock_family lf = reach_unmap(s->family, &s->laddr, &la);
    bool v4 = q->family == FW_IP;
    size_t alen = v4 ? 4 : 16;
    if (sock_addr_is_any(lf, &la)) {
        if ((lf == FAM_INET) == v4 || (s->family == FAM_INET6 && s->v6only == 0 && v4))
            q->serves = true;
        return 0;
    }
    if ((lf == FAM_INET) != v4)
        return 0;
    if (!memcmp(la.bytes, q->addr, alen))
        q->serves = true;
    else if (v4 ? la.bytes[0] == 127
                : (la.bytes[15] == 1 && !memcmp(la.bytes, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 15)))
        q->loopback_only = true;
    return 0;
}

/* One namespace, read once for every published port: its addresses and
 * its listening sockets. */
struct space_facts {
    struct iface_addr *addrs;
    size_t naddrs, capaddrs;
    struct sock_rec *socks;
    size_t nsocks, capsocks;
    char label[160];
    char runtime[16];
    bool here;
};

static int keep_addr(const struct iface_addr *a, void *ctx)
{
    struct space_facts *f = ctx;
    if (grow((void **)&f->addrs, &f->capaddrs, f->naddrs + 1, sizeof(*f->addrs)) < 0)
        return -ENOMEM;
    f->addrs[f->naddrs++] = *a;
    return 0;
}

static int keep_listener(const struct sock_rec *s, void *ctx)
{
    struct space_facts *f = ctx;
    if (s->proto == PROTO_TCP ? s->state != ST_LISTEN : !sock_addr_is_any(s->family, &s->raddr))
        return 0;
    if (grow((void **)&f->socks, &f->capsocks, f->nsocks + 1, sizeof(*f->socks)) < 0)
        return -ENOMEM;
    f->socks[f->nsocks] = *s;
    f->socks[f->nsocks].path = NULL;
    f->nsocks++;
    return 0;
}

static void read_space(struct platform *p, struct space_facts *f)
{
    platform_addresses(p, keep_addr, f);
    static const enum sock_table tables[] = {TABLE_TCP4, TABLE_TCP6, TABLE_UDP4, TABLE_UDP6};
    for (size_t i = 0; i < 4; i++) {
        struct gather_req req = {tables[i], ~0u, false, NULL, NULL, 0};
        platform_sockets(p, &req, keep_listener, f);
    }
}

static bool has_addr(const struct space_facts *f, const struct lsearch *q)
{
    size_t alen = q->family == FW_IP ? 4 : 16;
    for (size_t i = 0; i < f->naddrs; i++)
        if ((f->addrs[i].family == FAM_INET) == (q->family == FW_IP) &&
            !memcmp(f->addrs[i].addr.bytes, q->addr, alen))
            return true;
    return false;
}

/* Every namespace's facts: this one first, then the others netstat can
 * enter. How many were read into *out. */
static size_t read_spaces(struct explain_ctx *c, struct platform *own, struct space_facts **out)
{
    struct netns_list nss;
    bool listed = platform_netns_list(NULL, &nss) == 0;
    struct space_facts *sp = calloc(1 + (listed ? nss.n : 0), sizeof(*sp));
    size_t nsp = 0;
    if (sp) {
        sp[0].here = true;
        read_space(own, &sp[0]);
        nsp = 1;
        for (size_t n = 0; listed && n < nss.n; n++) {
            struct platform *pp;
            if (nss.v[n].own || platform_open_netns(&pp, c->o->source, &nss.v[n]) < 0)
                continue;
            snprintf(sp[nsp].label, sizeof(sp[nsp].label), "%s", nss.v[n].label);
            snprintf(sp[nsp].runtime, sizeof(sp[nsp].runtime), "%s", nss.v[n].container.runtime);
            read_space(pp, &sp[nsp++]);
            platform_close(pp);
        }
    }
    if (listed)
        platform_netns_list_free(&nss);
    *out = sp;
    return nsp;
}

void explain_pub_follow(struct explain_ctx *c, struct platform *own, struct pub_list *l)
{
    struct space_facts *sp = NULL;
    size_t nsp = 0;
    bool read = false;
    for (size_t i = 0; i < l->n; i++) {
        struct pub *e = &l->v[i];
        if (e->o.res != FWR_NAT)
            continue;
        if (!read) {
            read = true;
            nsp = read_spaces(c, own, &sp);
        }
        struct lsearch q = {e->proto, e->o.nat_family, e->o.nat_port, {0}, false, false};
        memcpy(q.addr, e->o.nat_addr, 16);
        e->where = PUB_NOWHERE;
        for (size_t n = 0; n < nsp; n++) {
            if (!has_addr(&sp[n], &q))
                continue;
            e->where = sp[n].here ? PUB_HERE : PUB_NETNS;
            snprintf(e->label, sizeof(e->label), "%s", sp[n].label);
            snprintf(e->runtime, sizeof(e->runtime), "%s", sp[n].runtime);
            for (size_t k = 0; k < sp[n].nsocks; k++)
                if ((sp[n].socks[k].proto == PROTO_TCP) == (q.proto == 6))
                    look(&sp[n].socks[k], &q);
            break;
        }
        e->verdict = e->where == PUB_NOWHERE ? PUB_UNKNOWN
                     : q.serves              ? PUB_REACHABLE
                     : q.loopback_only       ? PUB_LOOPBACK_ONLY
                                             : PUB_NOTHING;
    }
    for (size_t n = 0; n < nsp; n++) {
        free(sp[n].addrs);
        free(sp[n].socks);
    }
    free(sp);
}

void explain_pub_free(struct pub_list *l)
{
    free(l->v);
    memset(l, 0, sizeof(*l));
}

const char *explain_pub_key(enum pub_verdict v)
{
    static const char *const k[] = {"unknown", "reachable", "loopback_only", "nothing_listens"};
    return k[v];
}

void explain_pub_target(const struct pub *e, char *buf, size_t n)
{
    char a[INET6_ADDRSTRLEN] = "?";
    inet_ntop(e->o.nat_family == FW_IP ? AF_INET : AF_INET6, e->o.nat_addr, a, sizeof(a));
    bool v6 = e->o.nat_family == FW_IP6;
    snprintf(buf, n, "%s%s%s:%u", v6 ? "[" : "", a, v6 ? "]" : "", e->o.nat_port);
}

void explain_pub_words(const struct pub *e, char *buf, size_t n)
{
    char esc[ESCAPE_TERM_MAX(160)], target[64];
    escape_term(e->label, strlen(e->label), esc);
    explain_pub_target(e, target, sizeof(target));
    const char *tcp = e->proto == 6 ? "refused" : "nothing answers";
    switch (e->verdict) {
    case PUB_REACHABLE:
        snprintf(buf, n, "yes, through %u: something listens on %s", e->port, target);
        return;
    case PUB_LOOPBACK_ONLY:
        snprintf(buf, n, "%s: inside %s it listens on loopback only; listen on %s there", tcp,
                 e->where == PUB_HERE ? "this namespace" : esc,
                 e->o.nat_family == FW_IP ? "0.0.0.0" : "[::]");
        return;
    case PUB_NOTHING:
        snprintf(buf, n, "%s: nothing listens on %s", tcp, target);
        return;
    default:
        snprintf(buf, n, "%s is an address of no namespace netstat can see (another machine?)",
                 target);
        return;
    }
}
