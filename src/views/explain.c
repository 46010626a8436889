/* --explain: every listening TCP and UDP port, who holds it, the
 * addresses it listens on in an unambiguous notation, and in plain words
 * who can reach it. */
#include "views/explain.h"

#include <arpa/inet.h>
#include <net/if.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "explain/notation.h"
#include "explain/reach.h"
#include "render/json.h"
#include "resolve/names.h"
#include "views/notes.h"
#include "util/escape.h"
#include "views/view_json.h"
#include "views/sockfilter.h"
#include "views/spaces.h"
#include "views/explain_words.h"
#include "views/explain_fw.h"
#include "views/explain_pub.h"
#include "util/grow.h"

static int vec_push(struct explain_vec *x, const void *item)
{
    if (grow(&x->v, &x->cap, x->n + 1, x->elem) < 0)
        return -ENOMEM;
    memcpy((char *)x->v + x->n * x->elem, item, x->elem);
    x->n++;
    return 0;
}

static int push_addr(const struct iface_addr *a, void *ctx)
{
    return vec_push(ctx, a);
}

static int push_link(const struct link_rec *l, void *ctx)
{
    return vec_push(ctx, l);
}

/* Listening sockets only: TCP in LISTEN, UDP not connected; and those
 * the filters pass. */
static int push_listener(const struct sock_rec *s, void *ctx)
{
    struct explain_ctx *c = ctx;
    if (s->inode && own_has(&c->own, s->inode))
        return 0;
    if (s->proto == PROTO_TCP ? s->state != ST_LISTEN : !sock_addr_is_any(s->family, &s->raddr))
        return 0;
    if (!sock_filter_pass(&c->o->filter, c->owners, c->reading, s))
        return 0;
    struct sock_rec copy = *s;
    copy.path = NULL;
    return vec_push(&c->socks, &copy);
}

static void json_port(struct explain_ctx *c, const struct sock_rec *s, const struct reach *r,
                      size_t n, const struct group_reach *g)
{
    struct json *j = &c->j;
    json_object_begin(j);
    json_kv_string(j, "protocol", s[0].proto == PROTO_TCP ? "tcp" : "udp");
    json_kv_u64(j, "port", s[0].lport);
    json_kv_string(j, "reach", explain_group_key(g->kind));
    json_kv_bool(j, "dual_stack_socket", g->kind == GROUP_ALL_BOTH && g->dual_stack_socket);
    char verdict[320];
    json_kv_string(j, "summary", explain_group_text(c, g, verdict, sizeof(verdict)));
    json_kv_string(j, "userland_proxy", explain_proxy(c, s, n));
    if (c->ns) {
        view_json_netns_member(j, c->ns);
        char via[16][256];
        bool outside;
        size_t nvia = explain_through(c, r, n, via, 16, &outside);
        json_key(j, "through");
        json_array_begin(j);
        for (size_t i = 0; i < nvia; i++)
            json_string(j, via[i]);
        json_array_end(j);
        json_kv_bool(j, "inside_namespace_only",
                     explain_foreign(c) && (g->kind == GROUP_LOOPBACK || (nvia && !outside)));
    }
    json_key(j, "connect");
    json_array_begin(j);
    char list[16][80];
    size_t count = 0;
    explain_connect_list(c, s, r, n, list, &count, 16);
    for (size_t i = 0; i < count; i++)
        json_string(j, list[i]);
    json_array_end(j);
    json_key(j, "sockets");
    json_array_begin(j);
    for (size_t i = 0; i < n; i++) {
        char a[INET6_ADDRSTRLEN], words[256];
        view_json_addr(s[i].family, &s[i].laddr, a, sizeof(a));
        json_object_begin(j);
        json_kv_string(j, "family", s[i].family == FAM_INET ? "inet" : "inet6");
        json_kv_string(j, "address", a);
        json_kv_string(j, "host", explain_host_name(c, &s[i]));
        json_key(j, "v6only");
        if (s[i].family == FAM_INET6 && s[i].v6only >= 0)
            json_bool(j, s[i].v6only == 1);
        else
            json_null(j);
        json_kv_string(j, "interface", s[i].ifindex ? explain_link_name(c, s[i].ifindex) : NULL);
        json_kv_string(j, "reach", explain_reach_key(r[i].kind));
        json_kv_bool(j, "ipv4_clients", r[i].v4 && r[i].kind != REACH_NOWHERE);
        json_kv_bool(j, "ipv6_clients", r[i].v6 && r[i].kind != REACH_NOWHERE);
        explain_socket_words(c, &r[i], words, sizeof(words));
        json_kv_string(j, "summary", words);
        json_kv_u64(j, "inode", s[i].inode);
        json_key(j, "accept_queue");
        if (s[i].proto == PROTO_TCP) {
            json_object_begin(j);
            json_kv_u64(j, "waiting", s[i].rxq);
            json_key(j, "maximum");
            if (s[i].backlog)
                json_u64(j, s[i].backlog);
            else
                json_null(j);
            json_kv_bool(j, "full", s[i].backlog && s[i].rxq > s[i].backlog);
            json_object_end(j);
        } else {
            json_null(j);
        }
        json_key(j, "processes");
        view_json_processes(j, c->owners, &s[i]);
        struct fw_sock fs;
        if (explain_fw_socket(c, c->fw, &s[i], &fs) == 0)
            explain_fw_json(c->fw, &fs, j);
        explain_fw_sock_free(&fs);
        json_object_end(j);
    }
    json_array_end(j);
    json_object_end(j);
}

/* The firewall's verdict: one line when every socket of the port has
 * the same, else one per socket. */
static void text_firewall(struct explain_ctx *c, const struct sock_rec *s, size_t n)
{
    char(*words)[2048] = malloc(n * sizeof(*words));
    if (!words)
        return;
    for (size_t i = 0; i < n; i++) {
        struct fw_sock fs;
        if (explain_fw_socket(c, c->fw, &s[i], &fs) < 0)
            snprintf(words[i], sizeof(words[i]), "out of memory");
        else
            explain_fw_words(c->fw, &fs, words[i], sizeof(words[i]));
        explain_fw_sock_free(&fs);
    }
    bool one = true;
    for (size_t i = 1; i < n; i++)
        one &= !strcmp(words[0], words[i]);
    for (size_t i = 0; i < n; i++) {
        if (one && i)
            break;
        char addr[96];
        explain_notation(c, &s[i], addr, sizeof(addr));
        fprintf(c->out, "    firewall    %s%s%s\n", one ? "" : addr, one ? "" : ": ", words[i]);
    }
    if (c->fw->read && c->fw->rs.legacy[0])
        fprintf(c->out,
                "    note        iptables-legacy tables (%s) hold rules netstat does "
                "not read\n",
                c->fw->rs.legacy);
    free(words);
}

static void text_port(struct explain_ctx *c, const struct sock_rec *s, const struct reach *r,
                      size_t n, const struct group_reach *g)
{
    char progs[512], addr[96];
    explain_programs(c, s, n, progs, sizeof(progs));
    fprintf(c->out, "%s %u  %s\n", s[0].proto == PROTO_TCP ? "tcp" : "udp", s[0].lport, progs);
    fputs("    listens on  ", c->out);
    for (size_t i = 0; i < n; i++) {
        explain_notation(c, &s[i], addr, sizeof(addr));
        fprintf(c->out, "%s%s", i ? ", " : "", addr);
        const char *host = explain_host_name(c, &s[i]);
        if (host) {
            char esc[ESCAPE_TERM_MAX(256)];
            size_t hl = strlen(host);
            escape_term(host, hl < 256 ? hl : 256, esc);
            fprintf(c->out, " (%s)", esc);
        }
        if (s[i].family == FAM_INET6 && sock_addr_is_any(FAM_INET6, &s[i].laddr))
            fputs(s[i].v6only == 1 ? " (IPv6 only)" : (s[i].v6only == 0 ? " (IPv6 and IPv4)" : ""),
                  c->out);
    }
    char verdict[320];
    fprintf(c->out, "\n    reachable   %s\n", explain_group_text(c, g, verdict, sizeof(verdict)));
    text_firewall(c, s, n);
    /* A full accept queue (the kernel's rule: more waiting than the
     * backlog): reachable, yet new connections are dropped. */
    for (size_t i = 0; i < n; i++) {
        if (s[i].proto != PROTO_TCP || !s[i].backlog || s[i].rxq <= s[i].backlog)
            continue;
        explain_notation(c, &s[i], addr, sizeof(addr));
        fprintf(c->out,
                "    queue       %s: the accept queue is full (%llu waiting, at most %u): the "
                "kernel drops new connections until the program accepts\n",
                addr, (unsigned long long)s[i].rxq, s[i].backlog);
    }
    const char *proxy = explain_proxy(c, s, n);
    if (proxy)
        fprintf(c->out,
                "    note        %s is a container runtime's userland proxy for a published "
                "port: it takes the connections here and makes its own to the container\n",
                proxy);
    if (c->ns && g->kind != GROUP_LOOPBACK && g->kind != GROUP_NOWHERE) {
        char via[16][256];
        bool outside;
        size_t nvia = explain_through(c, r, n, via, 16, &outside);
        for (size_t i = 0; i < nvia; i++)
            fprintf(c->out, "%s%s", i ? ", " : "    through     ", via[i]);
        if (nvia && !outside)
            fprintf(c->out,
                    ": no other interface of %s is up, so only processes inside it can "
                    "connect",
                    c->ns_label);
        if (!nvia)
            fprintf(c->out,
                    "    through     no interface of %s that is up has such an address: "
                    "nothing can connect yet",
                    c->ns_label);
        fputc('\n', c->out);
    }
    if (g->kind == GROUP_SPECIFIC) {
        for (size_t i = 0; i < n; i++) {
            char words[256];
            explain_notation(c, &s[i], addr, sizeof(addr));
            explain_socket_words(c, &r[i], words, sizeof(words));
            fprintf(c->out, "                %s: %s\n", addr, words);
        }
    }
    if (c->query) {
        char list[16][80];
        size_t count = 0;
        explain_connect_list(c, s, r, n, list, &count, 16);
        fputs(s[0].proto == PROTO_TCP ? "    connect to " : "    send to    ", c->out);
        for (size_t i = 0; i < count; i++)
            fprintf(c->out, "%s%s", i ? ", " : "", list[i]);
        fputs(count   ? "\n"
              : c->ns ? "(no address of this namespace reaches it)\n"
                      : "(no address of this machine reaches it)\n",
              c->out);
    }
    fputc('\n', c->out);
}

int explain_gather(struct explain_ctx *c, struct platform *p)
{
    const struct options *o = c->o;
    int rc = platform_addresses(p, push_addr, &c->addrs);
    if (rc == 0)
        rc = platform_links(p, push_link, &c->links);
    /* A kind named picks it; naming neither (or only -4/-6) keeps both. */
    bool tcp = !o->flag_arg || o->tcp || !o->udp;
    bool udp = !o->flag_arg || o->udp || !o->tcp;
    bool v4 = !o->flag_arg || o->inet, v6 = !o->flag_arg || o->inet6;
    const struct {
        bool on;
        enum sock_table t;
        uint32_t states;
    } tables[] = {
        {tcp && v4, TABLE_TCP4, 1u << ST_LISTEN},
        {tcp && v6, TABLE_TCP6, 1u << ST_LISTEN},
        {udp && v4, TABLE_UDP4, ~(1u << ST_ESTABLISHED)},
        {udp && v6, TABLE_UDP6, ~(1u << ST_ESTABLISHED)},
    };
    for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]) && rc == 0; i++) {
        if (!tables[i].on)
            continue;
        struct gather_req req = {tables[i].t, tables[i].states, false, NULL, NULL, 0};
        sock_filter_request(&o->filter, &req);
        if (!req.states)
            continue; /* --state leaves no listener of this table */
        c->reading = p;
        own_begin(&c->own);
        rc = platform_sockets(p, &req, push_listener, c);
        own_end(&c->own);
        if (rc == -ENOENT)
            rc = 0;
    }
    return rc;
}

/* ---- one port or one address ---- */

struct query {
    struct notation n;
    /* a host name's addresses, resolved */
    enum sock_family fam[8];
    struct sock_addr addr[8];
    size_t naddr;
};

static bool is_interface(const char *name)
{
    return if_nametoindex(name) != 0;
}

/* Whether listener s takes connections to address a: its own address, or
 * a wildcard of that family (an IPv6 wildcard with IPV6_V6ONLY off takes
 * IPv4 too). Asked about a wildcard, only listeners on it answer. */
static bool serves(const struct sock_rec *s, enum sock_family fam, const struct sock_addr *a)
{
    struct sock_addr la, qa;
    enum sock_family lf = reach_unmap(s->family, &s->laddr, &la);
    enum sock_family qf = reach_unmap(fam, a, &qa);
    size_t len = qf == FAM_INET ? 4 : 16;
    bool lany = sock_addr_is_any(lf, &la);
    if (lf == qf && memcmp(la.bytes, qa.bytes, len) == 0)
        return true;
    if (!lany)
        return false;
    if (lf == FAM_INET6 && s->v6only == 0)
        return true; /* dual-stack: every address of both families */
    return lf == qf && !sock_addr_is_any(qf, &qa);
}

static bool wanted(const struct query *q, const struct sock_rec *s)
{
    if (q->n.has_port && s->lport != q->n.port)
        return false;
    switch (q->n.host) {
    case NOTE_ADDRESS:
        return serves(s, q->n.family, &q->n.addr);
    case NOTE_HOSTNAME:
        for (size_t i = 0; i < q->naddr; i++)
            if (serves(s, q->fam[i], &q->addr[i]))
                return true;
        return false;
    default:
        return true;
    }
}

static int resolve(struct query *q)
{
    q->naddr = names_lookup(q->n.name, q->fam, q->addr, sizeof(q->addr) / sizeof(q->addr[0]));
    return q->naddr ? 0 : -1;
}

/* What the written address means as a listening address. */
static void meaning(const struct explain_ctx *c, enum sock_family fam, const struct sock_addr *a,
                    char *buf, size_t n)
{
    struct sock_rec probe;
    memset(&probe, 0, sizeof(probe));
    probe.family = fam;
    probe.laddr = *a;
    probe.v6only = 1;
    struct reach r;
    reach_socket(&probe, c->addrs.v, c->addrs.n, &r);
    char words[256];
    explain_socket_words(c, &r, words, sizeof(words));
    if (r.kind == REACH_ALL)
        snprintf(buf, n, "%s",
                 fam == FAM_INET ? "every IPv4 address of this machine"
                                 : "every IPv6 address of this machine (and every IPv4 "
                                   "address too when the socket has IPV6_V6ONLY off)");
    else if (r.kind == REACH_NETWORK || r.kind == REACH_LINK)
        snprintf(buf, n, "an address of this machine; it reaches %s", words);
    else if (r.kind == REACH_NOWHERE)
        snprintf(buf, n, "an address this machine does not have");
    else
        snprintf(buf, n, "%s", words);
}

static void query_meaning(const struct explain_ctx *c, const struct query *q, char *buf, size_t n)
{
    char port[32];
    if (q->n.has_port)
        snprintf(port, sizeof(port), "port %u", q->n.port);
    else
        snprintf(port, sizeof(port), "any port");
    char what[400];
    switch (q->n.host) {
    case NOTE_NONE:
        snprintf(buf, n, "%s, TCP or UDP, on any address", port);
        return;
    case NOTE_ANY:
        snprintf(what, sizeof(what), "every address, IPv4 and IPv6");
        break;
    case NOTE_HOSTNAME:
        snprintf(what, sizeof(what), "the name %s (%zu address%s)", q->n.name, q->naddr,
                 q->naddr == 1 ? "" : "es");
        break;
    default:
        meaning(c, q->n.family, &q->n.addr, what, sizeof(what));
        break;
    }
    snprintf(buf, n, "%s, %s", what, port);
}

static void text_query(struct explain_ctx *c, const struct query *q)
{
    char normal[320], mean[480];
    notation_format(&q->n, normal, sizeof(normal));
    query_meaning(c, q, mean, sizeof(mean));
    fprintf(c->out, "%s\n    normal form %s\n    means       %s\n", c->o->explain_arg, normal,
            mean);
    if (q->n.ambiguity)
        fprintf(c->out, "    note        %s\n", q->n.ambiguity);
    fputc('\n', c->out);
}

static void json_query(struct explain_ctx *c, const struct query *q)
{
    char normal[320], mean[480];
    notation_format(&q->n, normal, sizeof(normal));
    query_meaning(c, q, mean, sizeof(mean));
    struct json *j = &c->j;
    json_key(j, "query");
    json_object_begin(j);
    json_kv_bytes(j, "text", c->o->explain_arg, strlen(c->o->explain_arg));
    json_kv_string(j, "normal", normal);
    json_kv_string(j, "meaning", mean);
    json_kv_string(j, "ambiguity", q->n.ambiguity);
    json_key(j, "port");
    if (q->n.has_port)
        json_u64(j, q->n.port);
    else
        json_null(j);
    json_object_end(j);
}

/* Nothing listens where asked: what does, close by (the same port on
 * another address or protocol, or a port near it). */
static void nearby(struct explain_ctx *c, const struct query *q, const struct sock_rec *others,
                   size_t n)
{
    size_t shown = 0;
    /* Nearest first: the same port (on another address or protocol), then
     * one port away, and so on up to ten. */
    for (int dist = 0; dist <= (q->n.has_port ? 10 : 0) && shown < 8; dist++) {
        for (size_t i = 0; i < n && shown < 8; i++) {
            const struct sock_rec *o = &others[i];
            int d = q->n.has_port ? (int)o->lport - (int)q->n.port : 0;
            if (d != dist && d != -dist)
                continue;
            char addr[96];
            explain_notation(c, o, addr, sizeof(addr));
            if (!shown++)
                fputs("Close by:\n", c->out);
            fprintf(c->out, "    %s %s:%u\n", o->proto == PROTO_TCP ? "tcp" : "udp", addr,
                    o->lport);
        }
    }
}

static int by_port(const void *a, const void *b)
{
    const struct sock_rec *x = a, *y = b;
    if (x->proto != y->proto)
        return x->proto < y->proto ? -1 : 1;
    if (x->lport != y->lport)
        return x->lport < y->lport ? -1 : 1;
    return (x->family > y->family) - (x->family < y->family);
}

static void text_pub(struct explain_ctx *c, const struct pub *e, bool first)
{
    if (first)
        fputs("Published ports: nat rules that lead a port elsewhere\n\n", c->out);
    char target[64], words[512], dec[900];
    explain_pub_target(e, target, sizeof(target));
    fprintf(c->out, "%s %u  published", e->proto == 6 ? "tcp" : "udp", e->port);
    if (e->o.res == FWR_NAT) {
        char esc[ESCAPE_TERM_MAX(160)];
        escape_term(e->label, strlen(e->label), esc);
        fprintf(c->out, " -> %s", target);
        if (e->where == PUB_NETNS)
            fprintf(c->out, " in %s%s%s", e->runtime[0] ? "container " : "network namespace ", esc,
                    "");
        else if (e->where == PUB_HERE)
            fputs(" (this namespace)", c->out);
    }
    fprintf(c->out, " (%s)\n",
            e->from_outside && e->from_host ? "from other machines and from this one"
            : e->from_outside               ? "from other machines"
                                            : "from this machine");
    explain_fw_decider(c->fw, &e->o, dec, sizeof(dec));
    fprintf(c->out, "    by          %s\n", dec);
    if (e->o.res == FWR_NAT) {
        explain_pub_words(e, words, sizeof(words));
        fprintf(c->out, "    %-11s %s\n", e->verdict == PUB_REACHABLE ? "reachable" : "result",
                words);
    } else {
        fprintf(c->out, "    result      depends on a rule netstat cannot read (%s)\n", e->o.why);
    }
    fputc('\n', c->out);
}

/* The published ports of the namespace p reads (those of the question's
 * port only): said now in text, kept for JSON. How many. */
static size_t published(struct explain_ctx *c, struct platform *p, const struct query *q)
{
    struct pub_list l;
    if (explain_pub_find(c, c->fw, &l) < 0)
        return 0;
    explain_pub_follow(c, p, &l);
    size_t shown = 0;
    for (size_t i = 0; i < l.n; i++) {
        struct pub *e = &l.v[i];
        if (c->query && (!q->n.has_port || e->port != q->n.port))
            continue;
        if (c->o->json) {
            if (grow((void **)&c->pubs->v, &c->pubs->cap, c->pubs->n + 1, sizeof(*e)) == 0)
                c->pubs->v[c->pubs->n++] = *e;
        } else {
            text_pub(c, e, shown == 0);
        }
        shown++;
    }
    explain_pub_free(&l);
    return shown;
}

static void json_pubs(struct explain_ctx *c)
{
    struct json *j = &c->j;
    json_key(j, "published");
    json_array_begin(j);
    for (size_t i = 0; i < c->pubs->n; i++) {
        const struct pub *e = &c->pubs->v[i];
        char a[INET6_ADDRSTRLEN] = "", words[512], dec[900];
        json_object_begin(j);
        json_kv_string(j, "protocol", e->proto == 6 ? "tcp" : "udp");
        json_kv_string(j, "family", e->family == FW_IP ? "inet" : "inet6");
        json_kv_u64(j, "port", e->port);
        json_kv_bool(j, "from_outside", e->from_outside);
        json_kv_bool(j, "from_host", e->from_host);
        bool nat = e->o.res == FWR_NAT;
        if (nat)
            inet_ntop(e->o.nat_family == FW_IP ? AF_INET : AF_INET6, e->o.nat_addr, a, sizeof(a));
        json_kv_string(j, "to_address", nat ? a : NULL);
        json_key(j, "to_port");
        if (nat)
            json_u64(j, e->o.nat_port);
        else
            json_null(j);
        json_kv_bool(j, "redirect", nat && e->o.redirect);
        json_kv_string(j, "netns", e->where == PUB_NETNS ? e->label : NULL);
        json_kv_string(j, "container_runtime",
                       e->where == PUB_NETNS && e->runtime[0] ? e->runtime : NULL);
        json_kv_string(j, "verdict", nat ? explain_pub_key(e->verdict) : "unknown");
        if (nat)
            explain_pub_words(e, words, sizeof(words));
        else
            snprintf(words, sizeof(words), "depends on a rule netstat cannot read (%s)", e->o.why);
        json_kv_string(j, "summary", words);
        explain_fw_decider(c->fw, &e->o, dec, sizeof(dec));
        json_kv_string(j, "by", dec);
        json_key(j, "handle");
        if (e->o.rule >= 0)
            json_u64(j, c->fw->rs.rules[e->o.rule].handle);
        else
            json_null(j);
        json_object_end(j);
    }
    json_array_end(j);
}

/* The ports of the namespace p reads, block by block. Returns how many
 * sockets matched, or -errno. *others: the rest, for "Close by". */
static int explain_space(struct explain_ctx *c, struct platform *p, const struct query *q,
                         size_t *shown)
{
    c->addrs.n = c->links.n = c->socks.n = 0;
    int rc = explain_gather(c, p);
    if (rc < 0)
        return rc;
    explain_fw_load(c->fw, p);
    struct sock_rec *s = c->socks.v;
    if (c->query) { /* keep what the question is about */
        size_t k = 0;
        for (size_t i = 0; i < c->socks.n; i++) {
            if (wanted(q, &s[i])) {
                struct sock_rec t = s[k];
                s[k++] = s[i];
                s[i] = t;
            }
        }
        *shown = k; /* the others stay behind, for "nearby" */
    } else {
        *shown = c->socks.n;
    }
    size_t n = *shown;
    if (n == 0)
        return 0;
    qsort(s, n, sizeof(*s), by_port);
    if (c->ns && !c->o->json) {
        fprintf(c->out, "Network namespace %s", c->ns_label);
        if (c->ns->container.runtime[0] && !c->ns->name && !c->ns->host)
            fprintf(c->out, " (a %s container)", c->ns->container.runtime);
        else if (c->ns->host)
            fputs(" (the host's)", c->out);
        fputs("\n\n", c->out);
    }
    struct reach *r = malloc(n * sizeof(*r));
    if (!r)
        return -ENOMEM;
    for (size_t i = 0; i < n; i++)
        reach_socket(&s[i], c->addrs.v, c->addrs.n, &r[i]);
    for (size_t i = 0; i < n;) {
        size_t k = i + 1;
        while (k < n && s[k].proto == s[i].proto && s[k].lport == s[i].lport)
            k++;
        struct group_reach g;
        reach_group(&r[i], k - i, &g);
        if (c->o->json)
            json_port(c, &s[i], &r[i], k - i, &g);
        else
            text_port(c, &s[i], &r[i], k - i, &g);
        i = k;
    }
    free(r);
    return 0;
}

int explain_view(const struct options *o, struct platform *p, const struct netns_list *nss,
                 FILE *out)
{
    struct query q;
    memset(&q, 0, sizeof(q));
    if (o->explain_arg) {
        char err[256];
        if (notation_parse(o->explain_arg, is_interface, &q.n, err, sizeof(err)) < 0) {
            fprintf(stderr, "netstat: --explain %s: %s\n", o->explain_arg, err);
            return EXIT_USAGE;
        }
        if (q.n.host == NOTE_HOSTNAME && resolve(&q) < 0) {
            fprintf(stderr, "netstat: --explain %s: cannot resolve '%s'\n", o->explain_arg,
                    q.n.name);
            return EXIT_USAGE;
        }
    }
    struct fw_facts fw;
    memset(&fw, 0, sizeof(fw));
    struct pub_list pubs;
    memset(&pubs, 0, sizeof(pubs));
    struct explain_ctx c = {
        .o = o, .out = out, .query = o->explain_arg != NULL, .fw = &fw, .pubs = &pubs};
    c.names = names_new(); /* NULL: no names, numbers only */
    c.addrs.elem = sizeof(struct iface_addr);
    c.links.elem = sizeof(struct link_rec);
    c.socks.elem = sizeof(struct sock_rec);
    struct spaces sp;
    bool denied = false, none = false;
    int rc = spaces_init(&sp, p, nss, o->source);
    bool owners_failed = false;
    size_t total = 0, pubs_shown = 0;
    if (rc == 0) {
        int e = platform_owners_load(&c.owners, &denied, &none);
        if (e == -ENOENT) { /* the ports still have their answers */
            fprintf(stderr, "netstat: --explain: cannot find the programs: %s\n", owners_error(e));
            owners_failed = none = true;
        } else if (e < 0) {
            rc = e;
        }
    }
    c.owners_complete = !denied && !none;
    /* The question is read against the addresses of the namespace netstat
     * runs in. */
    if (rc == 0 && c.query)
        rc = platform_addresses(p, push_addr, &c.addrs);
    if (rc == 0 && c.query)
        rc = platform_links(p, push_link, &c.links);
    if (rc < 0) {
        fprintf(stderr, "netstat: --explain: cannot read sockets or addresses: %s\n",
                strerror(-rc));
        goto done;
    }
    if (o->json) {
        json_init(&c.j, out);
        json_object_begin(&c.j);
        json_kv_string(&c.j, "view", "explain");
        view_json_netns(&c.j, p);
        json_key(&c.j, "owners");
        json_object_begin(&c.j);
        json_kv_bool(&c.j, "scanned", true);
        json_kv_bool(&c.j, "complete", c.owners_complete);
        json_kv_string(&c.j, "source", platform_owners_source(c.owners));
        json_object_end(&c.j);
        if (c.query)
            json_query(&c, &q);
        json_key(&c.j, "ports");
        json_array_begin(&c.j);
    } else if (c.query) {
        text_query(&c, &q);
    } else {
        fputs("Listening ports, and who can reach them\n", out);
        if (!c.owners_complete && !owners_failed)
            fputs("(some owners are not visible: run as root to see every process)\n", out);
        fputc('\n', out);
    }
    size_t shown = 0;
    for (size_t i = 0; i < sp.n && rc == 0; i++) {
        struct platform *pp = spaces_open(&sp, i, out);
        if (!pp)
            continue;
        c.ns = sp.v[i].ns;
        c.ns_label = sp.v[i].label;
        rc = explain_space(&c, pp, &q, &shown);
        if (rc == 0)
            pubs_shown += published(&c, pp, &q);
        if (rc < 0 && nss) { /* one namespace failing does not hide the others */
            fflush(out);
            fprintf(stderr, "netstat: --explain: network namespace %s: cannot read it: %s\n",
                    sp.v[i].label, strerror(-rc));
            sp.failed = true;
            rc = 0;
        }
        total += shown;
    }
    if (o->json) {
        json_array_end(&c.j);
        json_pubs(&c);
        json_kv_bool(&c.j, "listening", total > 0);
        json_object_end(&c.j);
        json_end_document(&c.j);
    } else if (rc == 0 && total == 0 && pubs_shown == 0) {
        fputs(c.query ? "Nothing listens there.\n" : "Nothing listens.\n", out);
        if (c.query && !nss)
            nearby(&c, &q, c.socks.v, c.socks.n);
    }
    if (rc < 0)
        fprintf(stderr, "netstat: --explain: cannot read sockets or addresses: %s\n",
                strerror(-rc));
    spaces_note(&sp, nss, out);
done:
    free(c.addrs.v);
    free(c.links.v);
    free(c.socks.v);
    platform_owners_free(c.owners);
    own_free(&c.own);
    explain_fw_free(&fw);
    explain_pub_free(&pubs);
    names_free(c.names);
    note_unresolved(out);
    bool failed = sp.failed || owners_failed;
    spaces_free(&sp);
    if (rc < 0 || failed)
        return EXIT_FAIL;
    return c.query && total == 0 && pubs_shown == 0 ? EXIT_NOTHING : EXIT_OK;
}
