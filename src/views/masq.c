/* -M, --masquerade: the connections network address translation has
 * changed, from the kernel's connection tracking table (net-tools read
 * /proc/net/ip_masquerade, gone since Linux 2.4). */
#include "views/masq.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "model/conntrack.h"
#include "render/json.h"
#include "resolve/names.h"
#include "util/escape.h"
#include "util/grow.h"
#include "views/notes.h"
#include "views/view_json.h"

struct rows {
    struct ct_rec *v;
    size_t n, cap;
    const struct options *o;
};

/* The filters' addresses and ports, as a socket's: the original source
 * as the local end, the original destination as the remote one. */
static bool pass(const struct options *o, const struct ct_rec *c)
{
    struct sock_rec s;
    memset(&s, 0, sizeof(s));
    s.proto = c->l4proto == 6 ? PROTO_TCP : c->l4proto == 17 ? PROTO_UDP : PROTO_RAW;
    s.family = c->family;
    s.laddr = c->orig.src;
    s.raddr = c->orig.dst;
    s.lport = c->orig.sport;
    s.rport = c->orig.dport;
    s.state = ST_ESTABLISHED;
    return filter_match(&o->filter, &s, NULL, 0, 0);
}

static int keep(const struct ct_rec *c, void *ctx)
{
    struct rows *r = ctx;
    if (!c->snat && !c->dnat)
        return 0;
    if (!pass(r->o, c))
        return 0;
    if (grow((void **)&r->v, &r->cap, r->n + 1, sizeof(*r->v)) < 0)
        return -ENOMEM;
    r->v[r->n++] = *c;
    return 0;
}

static const char *proto_name(uint8_t p)
{
    return p == 6     ? "tcp"
           : p == 17  ? "udp"
           : p == 136 ? "udplite"
           : p == 1   ? "icmp"
           : p == 58  ? "icmpv6"
                      : "other";
}

static const char *tcp_state(int s)
{
    static const char *const names[] = {"NONE",     "SYN_SENT",   "SYN_RECV", "ESTABLISHED",
                                        "FIN_WAIT", "CLOSE_WAIT", "LAST_ACK", "TIME_WAIT",
                                        "CLOSE",    "SYN_SENT2"};
    return s >= 0 && (size_t)s < sizeof(names) / sizeof(names[0]) ? names[s] : "-";
}

/* "192.0.2.2:58504" ("[2001:db8::2]:80"), names unless -n. */
static void endpoint(struct names *nm, bool numeric, enum sock_family fam,
                     const struct sock_addr *a, uint16_t port, char *buf, size_t n)
{
    const char *h = names_host(nm, fam, a, numeric);
    char esc[ESCAPE_TERM_MAX(64)];
    size_t hl = strlen(h);
    escape_term(h, hl < 64 ? hl : 64, esc); /* a name from DNS: no escape byte through */
    bool v6 = fam == FAM_INET6 && strchr(esc, ':') && esc[0] != '[';
    snprintf(buf, n, "%s%s%s:%u", v6 ? "[" : "", esc, v6 ? "]" : "", port);
}

static void json_tuple(struct json *j, const char *key, enum sock_family fam,
                       const struct ct_tuple *t)
{
    char a[INET6_ADDRSTRLEN];
    json_key(j, key);
    json_object_begin(j);
    view_json_addr(fam, &t->src, a, sizeof(a));
    json_kv_string(j, "src", a);
    view_json_addr(fam, &t->dst, a, sizeof(a));
    json_kv_string(j, "dst", a);
    json_kv_u64(j, "sport", t->sport);
    json_kv_u64(j, "dport", t->dport);
    json_object_end(j);
}

int masq_view(const struct options *o, struct platform *p, FILE *out)
{
    struct rows r = {NULL, 0, 0, o};
    int rc = platform_conntrack(p, keep, &r);
    if (rc == -EPROTONOSUPPORT || rc == -ENOSYS) {
        free(r.v);
        fprintf(stderr, "netstat: no support for `ip_masquerade' on this system.\n");
        return EXIT_FAIL;
    }
    if (rc < 0) {
        free(r.v);
        fprintf(stderr, "netstat: -M: cannot read the connection tracking table: %s%s\n",
                strerror(-rc), rc == -EPERM ? " (it needs root: CAP_NET_ADMIN)" : "");
        return EXIT_FAIL;
    }
    bool numeric = (o->numeric & NUM_HOST) != 0;
    struct names *nm = names_new();
    for (size_t i = 0; i < r.n && !numeric; i++) {
        names_want(r.v[i].family, &r.v[i].orig.src);
        names_want(r.v[i].family, &r.v[i].orig.dst);
        names_want(r.v[i].family, &r.v[i].reply.src);
        names_want(r.v[i].family, &r.v[i].reply.dst);
    }
    if (o->json) {
        struct json j;
        json_init(&j, out);
        json_object_begin(&j);
        json_kv_string(&j, "view", "masquerade");
        view_json_netns(&j, p);
        json_key(&j, "connections");
        json_array_begin(&j);
        for (size_t i = 0; i < r.n; i++) {
            const struct ct_rec *c = &r.v[i];
            json_object_begin(&j);
            json_kv_string(&j, "protocol", proto_name(c->l4proto));
            json_kv_string(&j, "family", c->family == FAM_INET ? "inet" : "inet6");
            json_tuple(&j, "original", c->family, &c->orig);
            json_tuple(&j, "reply", c->family, &c->reply);
            json_kv_bool(&j, "dnat", c->dnat);
            json_kv_bool(&j, "snat", c->snat);
            json_kv_string(&j, "state", c->tcp_state >= 0 ? tcp_state(c->tcp_state) : NULL);
            json_kv_u64(&j, "expires_seconds", c->timeout);
            json_kv_u64(&j, "mark", c->mark);
            json_object_end(&j);
        }
        json_array_end(&j);
        json_object_end(&j);
        json_end_document(&j);
    } else {
        fputs("NAT'd connections (connection tracking)\n", out);
        fprintf(out, "%-7s %-23s %-23s %-23s %-5s %-12s %s\n", "Proto", "Original Source",
                "Original Destination", "Translated To", "NAT", "State", "Expires");
        for (size_t i = 0; i < r.n; i++) {
            const struct ct_rec *c = &r.v[i];
            char src[300], dst[300], to[300];
            endpoint(nm, numeric, c->family, &c->orig.src, c->orig.sport, src, sizeof(src));
            endpoint(nm, numeric, c->family, &c->orig.dst, c->orig.dport, dst, sizeof(dst));
            /* DNAT: where it goes now; SNAT alone: where it seems to come from. */
            if (c->dnat)
                endpoint(nm, numeric, c->family, &c->reply.src, c->reply.sport, to, sizeof(to));
            else
                endpoint(nm, numeric, c->family, &c->reply.dst, c->reply.dport, to, sizeof(to));
            fprintf(out, "%-7s %-23s %-23s %-23s %-5s %-12s %us\n", proto_name(c->l4proto), src,
                    dst, to,
                    c->dnat && c->snat ? "both"
                    : c->dnat          ? "dnat"
                                       : "snat",
                    c->tcp_state >= 0 ? tcp_state(c->tcp_state) : "-", c->timeout);
        }
    }
    names_free(nm);
    free(r.v);
    note_unresolved(out);
    return EXIT_OK;
}
