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
#include "util/escape.h"
#include "views/view_json.h"
#include "views/spaces.h"
#include "util/grow.h"

struct vec {
    void *v;
    size_t n, cap, elem;
};

static int vec_push(struct vec *x, const void *item)
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

/* Listening sockets only: TCP in LISTEN, UDP not connected. */
static int push_listener(const struct sock_rec *s, void *ctx)
{
    if (s->proto == PROTO_TCP ? s->state != ST_LISTEN : !sock_addr_is_any(s->family, &s->raddr))
        return 0;
    struct sock_rec copy = *s;
    copy.path = NULL;
    return vec_push(ctx, &copy);
}

struct ctx {
    const struct options *o;
    FILE *out;
    bool query; /* one port or address was asked about: say how to connect */
    struct vec addrs, links, socks;
    struct owners *owners;
    bool owners_complete;
    struct names *names;
    struct json j;
    /* with --netns: the namespace read now, and its escaped label */
    const struct netns *ns;
    const char *ns_label;
};

/* A namespace other than the host's: loopback there is not the machine's. */
static bool foreign(const struct ctx *c)
{
    return c->ns && !c->ns->host;
}

/* The host name of a socket's address, unless -n/--numeric-hosts, the
 * address is a wildcard, or it has none: NULL then. */
static const char *host_name_of(const struct ctx *c, const struct sock_rec *s)
{
    if ((c->o->numeric & NUM_HOST) || !c->names || sock_addr_is_any(s->family, &s->laddr))
        return NULL;
    char num[INET6_ADDRSTRLEN];
    view_json_addr(s->family, &s->laddr, num, sizeof(num));
    const char *h = names_host(c->names, s->family, &s->laddr, false);
    return strcmp(h, num) == 0 || strchr(h, ':') || strspn(h, "0123456789.") == strlen(h) ? NULL
                                                                                          : h;
}

static const char *link_name(const struct ctx *c, uint32_t ifindex)
{
    const struct link_rec *l = c->links.v;
    for (size_t i = 0; i < c->links.n; i++)
        if (l[i].ifindex == ifindex && !strchr(l[i].name, ':'))
            return l[i].name;
    return NULL;
}

/* "0.0.0.0", "[::]", "[fe80::1%eth0]": as one writes them with a port. */
static void notation(const struct ctx *c, const struct sock_rec *s, char *buf, size_t n)
{
    char a[INET6_ADDRSTRLEN];
    view_json_addr(s->family, &s->laddr, a, sizeof(a));
    if (s->family == FAM_INET) {
        snprintf(buf, n, "%s", a);
        return;
    }
    const char *scope = s->ifindex ? link_name(c, s->ifindex) : NULL;
    bool link_local = s->laddr.bytes[0] == 0xfe && (s->laddr.bytes[1] & 0xc0) == 0x80;
    if (scope && link_local)
        snprintf(buf, n, "[%s%%%s]", a, scope);
    else
        snprintf(buf, n, "[%s]", a);
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

static void network_text(const struct ctx *c, const struct reach *r, char *buf, size_t n)
{
    char a[INET6_ADDRSTRLEN];
    struct sock_addr net = r->at.addr;
    size_t bytes = r->at.family == FAM_INET ? 4 : 16;
    for (size_t i = 0; i < bytes; i++) {
        int keep = (int)r->at.prefix_len - (int)(i * 8);
        uint8_t mask = keep >= 8 ? 0xff : (keep <= 0 ? 0 : (uint8_t)(0xff << (8 - keep)));
        net.bytes[i] &= mask;
    }
    view_json_addr(r->at.family, &net, a, sizeof(a));
    const char *ifn = link_name(c, r->at.ifindex);
    snprintf(buf, n, "%s/%u on %s", a, r->at.prefix_len, ifn ? ifn : "?");
}

/* One socket's reach, for a person. */
static void socket_words(const struct ctx *c, const struct reach *r, char *buf, size_t n)
{
    char net[128];
    switch (r->kind) {
    case REACH_NETWORK:
        network_text(c, r, net, sizeof(net));
        snprintf(buf, n, "hosts on the network %s (and hosts routed to it)", net);
        break;
    case REACH_LINK:
        network_text(c, r, net, sizeof(net));
        snprintf(buf, n, "only hosts on the link %s (a link-local address)", net);
        break;
    case REACH_LOOPBACK:
        if (foreign(c))
            snprintf(buf, n, "processes inside network namespace %s only (loopback)", c->ns_label);
        else
            snprintf(buf, n, "this machine only (loopback)");
        break;
    case REACH_NOWHERE:
        snprintf(buf, n, "nobody: the machine has no such address (yet)");
        break;
    default:
        snprintf(buf, n, "every address");
        break;
    }
}

static void connect_list(const struct ctx *c, const struct sock_rec *s, const struct reach *r,
                         size_t n, char list[][80], size_t *count, size_t max);

static const char *group_words(const struct group_reach *g)
{
    switch (g->kind) {
    case GROUP_ALL_BOTH:
        return g->dual_stack_socket
                   ? "from any host, over IPv4 and IPv6: one dual-stack socket ([::] with "
                     "IPV6_V6ONLY off) takes both"
                   : "from any host, over IPv4 and IPv6 (a socket for each)";
    case GROUP_ALL_V6_ONLY:
        return "from any host, over IPv6 only: the socket is IPv6-only (IPV6_V6ONLY on), IPv4 "
               "clients cannot connect";
    case GROUP_ALL_V4_ONLY:
        return "from any host, over IPv4 only: IPv6 clients cannot connect";
    case GROUP_LOOPBACK:
        return "from this machine only (loopback): not from other hosts, nor from containers in "
               "other network namespaces";
    case GROUP_SPECIFIC:
        return "only through the addresses below:";
    case GROUP_NOWHERE:
        return "by nobody: no address it listens on exists on this machine";
    default:
        return "from any host over IPv6; over IPv4 unknown (the source does not show "
               "IPV6_V6ONLY)";
    }
}

/* The verdict for a port, in the namespace read now. */
static const char *group_text(const struct ctx *c, const struct group_reach *g, char *buf, size_t n)
{
    if (g->kind != GROUP_LOOPBACK || !foreign(c))
        return group_words(g);
    snprintf(buf, n,
             "from inside network namespace %s only (loopback): not from the host, nor from "
             "other namespaces or containers",
             c->ns_label);
    return buf;
}

/* Through which interfaces of the namespace a wildcard listener is
 * reached: those up, with an address of a family it takes. Fills list
 * with "eth0 (192.0.2.1/24, 2001:db8::1/64)" items; *outside is set when
 * one is not loopback. */
static size_t through(const struct ctx *c, const struct reach *r, size_t n, char list[][256],
                      size_t max, bool *outside)
{
    const struct link_rec *l = c->links.v;
    const struct iface_addr *a = c->addrs.v;
    size_t count = 0;
    *outside = false;
    for (size_t k = 0; k < c->links.n && count < max; k++) {
        if (!(l[k].flags & LINK_UP) || strchr(l[k].name, ':'))
            continue;
        char item[160];
        size_t len = 0, addrs = 0;
        for (size_t x = 0; x < c->addrs.n; x++) {
            if (a[x].ifindex != l[k].ifindex || a[x].tentative)
                continue;
            bool taken = false;
            for (size_t i = 0; i < n; i++)
                taken |=
                    r[i].kind == REACH_ALL && (!r[i].device || r[i].device == l[k].ifindex) &&
                    ((a[x].family == FAM_INET && r[i].v4) || (a[x].family == FAM_INET6 && r[i].v6));
            if (!taken)
                continue;
            char t[INET6_ADDRSTRLEN];
            view_json_addr(a[x].family, &a[x].addr, t, sizeof(t));
            len += (size_t)snprintf(item + len, len < sizeof(item) ? sizeof(item) - len : 0,
                                    "%s%s/%u", addrs++ ? ", " : "", t, a[x].prefix_len);
        }
        if (!addrs)
            continue;
        char name[ESCAPE_TERM_MAX(16)];
        escape_term(l[k].name, strnlen(l[k].name, 16), name);
        snprintf(list[count++], 256, "%s (%s)", name, len < sizeof(item) ? item : "...");
        *outside |= !(l[k].flags & LINK_LOOPBACK);
    }
    return count;
}

static const char *group_key(enum group_kind k)
{
    static const char *const keys[] = {"all",      "ipv6_only", "ipv4_only", "loopback",
                                       "specific", "nowhere",   "unknown"};
    return keys[k];
}

static const char *reach_key(enum reach_kind k)
{
    static const char *const keys[] = {"all", "loopback", "network", "link", "nowhere", "unknown"};
    return keys[k];
}

/* The programs holding a port's sockets, once each: "sshd (pid 612)". */
static void programs_text(const struct ctx *c, const struct sock_rec *s, size_t n, char *buf,
                          size_t len)
{
    size_t k = 0;
    int seen[8];
    size_t nseen = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        struct owner ow[4];
        size_t m = platform_owners_find(c->owners, s[i].inode, ow, 4);
        for (size_t x = 0; x < m && x < 4; x++) {
            bool dup = false;
            for (size_t y = 0; y < nseen; y++)
                dup |= seen[y] == ow[x].pid;
            if (dup || nseen == 8)
                continue;
            seen[nseen++] = ow[x].pid;
            char esc[ESCAPE_TERM_MAX(64)];
            size_t nl = strlen(ow[x].name);
            escape_term(ow[x].name, nl < 64 ? nl : 64, esc);
            k += (size_t)snprintf(buf + k, k < len ? len - k : 0, "%s%s (pid %d)", k ? ", " : "",
                                  esc, ow[x].pid);
            if (k >= len)
                return;
        }
    }
    if (!k)
        snprintf(buf, len, "%s",
                 c->owners_complete ? "no process found (the kernel's, or in another PID namespace)"
                                    : "unknown (not visible without root)");
}

static void json_port(struct ctx *c, const struct sock_rec *s, const struct reach *r, size_t n,
                      const struct group_reach *g)
{
    struct json *j = &c->j;
    json_object_begin(j);
    json_kv_string(j, "protocol", s[0].proto == PROTO_TCP ? "tcp" : "udp");
    json_kv_u64(j, "port", s[0].lport);
    json_kv_string(j, "reach", group_key(g->kind));
    json_kv_bool(j, "dual_stack_socket", g->kind == GROUP_ALL_BOTH && g->dual_stack_socket);
    char verdict[320];
    json_kv_string(j, "summary", group_text(c, g, verdict, sizeof(verdict)));
    if (c->ns) {
        view_json_netns_member(j, c->ns);
        char via[16][256];
        bool outside;
        size_t nvia = through(c, r, n, via, 16, &outside);
        json_key(j, "through");
        json_array_begin(j);
        for (size_t i = 0; i < nvia; i++)
            json_string(j, via[i]);
        json_array_end(j);
        json_kv_bool(j, "inside_namespace_only",
                     foreign(c) && (g->kind == GROUP_LOOPBACK || (nvia && !outside)));
    }
    json_key(j, "connect");
    json_array_begin(j);
    char list[16][80];
    size_t count = 0;
    connect_list(c, s, r, n, list, &count, 16);
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
        json_kv_string(j, "host", host_name_of(c, &s[i]));
        json_key(j, "v6only");
        if (s[i].family == FAM_INET6 && s[i].v6only >= 0)
            json_bool(j, s[i].v6only == 1);
        else
            json_null(j);
        json_kv_string(j, "interface", s[i].ifindex ? link_name(c, s[i].ifindex) : NULL);
        json_kv_string(j, "reach", reach_key(r[i].kind));
        json_kv_bool(j, "ipv4_clients", r[i].v4 && r[i].kind != REACH_NOWHERE);
        json_kv_bool(j, "ipv6_clients", r[i].v6 && r[i].kind != REACH_NOWHERE);
        socket_words(c, &r[i], words, sizeof(words));
        json_kv_string(j, "summary", words);
        json_kv_u64(j, "inode", s[i].inode);
        json_key(j, "processes");
        view_json_processes(j, c->owners, s[i].inode);
        json_object_end(j);
    }
    json_array_end(j);
    json_object_end(j);
}

static void text_port(struct ctx *c, const struct sock_rec *s, const struct reach *r, size_t n,
                      const struct group_reach *g)
{
    char progs[512], addr[96];
    programs_text(c, s, n, progs, sizeof(progs));
    fprintf(c->out, "%s %u  %s\n", s[0].proto == PROTO_TCP ? "tcp" : "udp", s[0].lport, progs);
    fputs("    listens on  ", c->out);
    for (size_t i = 0; i < n; i++) {
        notation(c, &s[i], addr, sizeof(addr));
        fprintf(c->out, "%s%s", i ? ", " : "", addr);
        const char *host = host_name_of(c, &s[i]);
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
    fprintf(c->out, "\n    reachable   %s\n", group_text(c, g, verdict, sizeof(verdict)));
    if (c->ns && g->kind != GROUP_LOOPBACK && g->kind != GROUP_NOWHERE) {
        char via[16][256];
        bool outside;
        size_t nvia = through(c, r, n, via, 16, &outside);
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
            notation(c, &s[i], addr, sizeof(addr));
            socket_words(c, &r[i], words, sizeof(words));
            fprintf(c->out, "                %s: %s\n", addr, words);
        }
    }
    if (c->query) {
        char list[16][80];
        size_t count = 0;
        connect_list(c, s, r, n, list, &count, 16);
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

static int gather(struct ctx *c, struct platform *p)
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
        struct gather_req req = {tables[i].t, tables[i].states, false, NULL};
        rc = platform_sockets(p, &req, push_listener, &c->socks);
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
static void meaning(const struct ctx *c, enum sock_family fam, const struct sock_addr *a, char *buf,
                    size_t n)
{
    struct sock_rec probe;
    memset(&probe, 0, sizeof(probe));
    probe.family = fam;
    probe.laddr = *a;
    probe.v6only = 1;
    struct reach r;
    reach_socket(&probe, c->addrs.v, c->addrs.n, &r);
    char words[256];
    socket_words(c, &r, words, sizeof(words));
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

/* Addresses a client can dial to reach these sockets. */
static void connect_list(const struct ctx *c, const struct sock_rec *s, const struct reach *r,
                         size_t n, char list[][80], size_t *count, size_t max)
{
    const struct iface_addr *a = c->addrs.v;
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < c->addrs.n && *count < max; k++) {
            bool fam_ok =
                (a[k].family == FAM_INET && r[i].v4) || (a[k].family == FAM_INET6 && r[i].v6);
            bool ok;
            switch (r[i].kind) {
            case REACH_ALL:
                ok = fam_ok && (!r[i].device || a[k].ifindex == r[i].device);
                break;
            case REACH_LOOPBACK:
                ok = fam_ok && a[k].scope == SCOPE_HOST;
                break;
            case REACH_NETWORK:
            case REACH_LINK:
                ok = a[k].family == r[i].at.family && a[k].ifindex == r[i].at.ifindex &&
                     memcmp(&a[k].addr, &r[i].at.addr, sizeof(a[k].addr)) == 0;
                break;
            default:
                ok = false;
            }
            if (!ok || a[k].tentative)
                continue; /* an address still in DAD takes no connection yet */
            char t[INET6_ADDRSTRLEN], one[80];
            view_json_addr(a[k].family, &a[k].addr, t, sizeof(t));
            const char *ifn = link_name(c, a[k].ifindex);
            if (a[k].family == FAM_INET)
                snprintf(one, sizeof(one), "%s:%u", t, s[i].lport);
            else if (a[k].scope == SCOPE_LINK && ifn)
                snprintf(one, sizeof(one), "[%s%%%s]:%u", t, ifn, s[i].lport);
            else
                snprintf(one, sizeof(one), "[%s]:%u", t, s[i].lport);
            bool dup = false;
            for (size_t x = 0; x < *count; x++)
                dup |= strcmp(list[x], one) == 0;
            if (!dup)
                snprintf(list[(*count)++], 80, "%s", one);
        }
    }
}

static void query_meaning(const struct ctx *c, const struct query *q, char *buf, size_t n)
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

static void text_query(struct ctx *c, const struct query *q)
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

static void json_query(struct ctx *c, const struct query *q)
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
static void nearby(struct ctx *c, const struct query *q, const struct sock_rec *others, size_t n)
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
            notation(c, o, addr, sizeof(addr));
            if (!shown++)
                fputs("Close by:\n", c->out);
            fprintf(c->out, "    %s %s:%u\n", o->proto == PROTO_TCP ? "tcp" : "udp", addr,
                    o->lport);
        }
    }
}

/* The ports of the namespace p reads, block by block. Returns how many
 * sockets matched, or -errno. *others: the rest, for "Close by". */
static int explain_space(struct ctx *c, struct platform *p, const struct query *q, size_t *shown)
{
    c->addrs.n = c->links.n = c->socks.n = 0;
    int rc = gather(c, p);
    if (rc < 0)
        return rc;
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
    struct ctx c = {.o = o, .out = out, .query = o->explain_arg != NULL};
    c.names = names_new(); /* NULL: no names, numbers only */
    c.addrs.elem = sizeof(struct iface_addr);
    c.links.elem = sizeof(struct link_rec);
    c.socks.elem = sizeof(struct sock_rec);
    struct spaces sp;
    bool denied = false, none = false;
    int rc = spaces_init(&sp, p, nss, o->source);
    if (rc == 0 && platform_owners_load(&c.owners, &denied, &none) < 0)
        rc = -ENOMEM;
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
        json_object_end(&c.j);
        if (c.query)
            json_query(&c, &q);
        json_key(&c.j, "ports");
        json_array_begin(&c.j);
    } else if (c.query) {
        text_query(&c, &q);
    } else {
        fputs("Listening ports, and who can reach them\n", out);
        if (!c.owners_complete)
            fputs("(some owners are not visible: run as root to see every process)\n", out);
        fputc('\n', out);
    }
    size_t total = 0, shown = 0;
    for (size_t i = 0; i < sp.n && rc == 0; i++) {
        struct platform *pp = spaces_open(&sp, i, out);
        if (!pp)
            continue;
        c.ns = sp.v[i].ns;
        c.ns_label = sp.v[i].label;
        rc = explain_space(&c, pp, &q, &shown);
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
        json_kv_bool(&c.j, "listening", total > 0);
        json_object_end(&c.j);
        json_end_document(&c.j);
    } else if (rc == 0 && total == 0) {
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
    names_free(c.names);
    bool failed = sp.failed;
    spaces_free(&sp);
    if (rc < 0 || failed)
        return EXIT_FAIL;
    return c.query && total == 0 ? EXIT_NOTHING : EXIT_OK;
}
