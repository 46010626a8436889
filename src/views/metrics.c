/* --prometheus, --textfile DIR: the protocol counters, the interface
 * counters, the sockets by state and the listeners, in Prometheus' text
 * exposition format (what node_exporter's textfile collector reads). */
#include "views/metrics.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/escape.h"
#include "util/grow.h"
#include "views/explain.h"
#include "views/interfaces.h"
#include "views/own.h"
#include "views/sockfilter.h"
#include "views/spaces.h"
#include "views/statistics.h"
#include "views/view_json.h"

/* A label value: first escaped as for a terminal (control bytes, C1
 * controls and bytes that are not UTF-8 become the text \xHH, as in the
 * tables), then with the format's own escapes (\\ and \"): the file is
 * valid UTF-8 and no escape byte of a hostile name reaches whoever reads
 * it. Names longer than 255 bytes are cut there. */
void metrics_label_value(FILE *out, const char *s, size_t n)
{
    char esc[ESCAPE_TERM_MAX(255)];
    size_t len = escape_term(s, n < 255 ? n : 255, esc);
    for (size_t i = 0; i < len; i++) {
        if (esc[i] == '\\' || esc[i] == '"')
            fputc('\\', out);
        fputc(esc[i], out);
    }
}

static void family(FILE *out, const char *name, const char *type, const char *help)
{
    fprintf(out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* ---- protocol counters (-s) ---- */

struct counters {
    FILE *out;
    const char *file;
};

/* The counters that are levels, not counts (RFC 1213, RFC 4022). */
static bool is_gauge(const char *section, const char *name)
{
    static const char *const gauges[][2] = {
        {"Ip", "Forwarding"}, {"Ip", "DefaultTTL"}, {"Tcp", "RtoAlgorithm"}, {"Tcp", "RtoMin"},
        {"Tcp", "RtoMax"},    {"Tcp", "MaxConn"},   {"Tcp", "CurrEstab"},
    };
    for (size_t i = 0; i < sizeof(gauges) / sizeof(gauges[0]); i++)
        if (strcmp(section, gauges[i][0]) == 0 && strcmp(name, gauges[i][1]) == 0)
            return true;
    return false;
}

/* Only [a-z0-9_] in a name: what statistics_key leaves, and '_' for any
 * other byte a kernel could one day print. */
static void name_part(char *s)
{
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
            *s = '_';
}

/* A word of a name that reads as a unit's abbreviation ("h" of "HMac",
 * "s", "ms", "b"...) is joined to the word after it: Prometheus' naming
 * rules keep those for units ("mp_join_ack_hmac_failure"). */
static void join_abbreviations(char *name)
{
    static const char *const units[] = {"s",  "ms", "us", "ns", "sec", "b", "kb",
                                        "mb", "gb", "tb", "pb", "m",   "h", "d"};
    for (char *w = name; *w;) {
        char *end = strchr(w, '_');
        size_t len = end ? (size_t)(end - w) : strlen(w);
        bool unit = false;
        for (size_t i = 0; i < sizeof(units) / sizeof(units[0]) && end; i++)
            unit |= strlen(units[i]) == len && strncmp(w, units[i], len) == 0;
        if (unit && end[1] && end[1] != '_')
            memmove(end, end + 1, strlen(end)); /* the '_' goes */
        w = end ? end + 1 : w + len;
        if (unit)
            w = end; /* on from inside the joined word */
    }
}

bool metrics_counter_name(const char *section, const char *name, char *buf, size_t n)
{
    /* snmp6 names carry their section: "Ip6InReceives" in Ip6 */
    size_t sl = strlen(section);
    const char *bare = strncmp(name, section, sl) == 0 && name[sl] ? name + sl : name;
    char sec[64], key[128];
    statistics_key(section, sec, sizeof(sec));
    statistics_key(bare, key, sizeof(key));
    name_part(sec);
    name_part(key);
    join_abbreviations(key);
    bool gauge = is_gauge(section, name);
    snprintf(buf, n, "netstat_%s_%s%s", sec, key, gauge ? "" : "_total");
    return gauge;
}

static int counter(const char *section, const char *name, uint64_t v, void *ctx)
{
    struct counters *c = ctx;
    char metric[224], help[256];
    bool gauge = metrics_counter_name(section, name, metric, sizeof(metric));
    snprintf(help, sizeof(help), "%s %s, the kernel's %s (%s; netstat -s)", section, name,
             gauge ? "value" : "counter", c->file);
    family(c->out, metric, gauge ? "gauge" : "counter", help);
    if (gauge)
        fprintf(c->out, "%s %lld\n", metric, (long long)v); /* MaxConn is -1 */
    else
        fprintf(c->out, "%s %llu\n", metric, (unsigned long long)v);
    return ferror(c->out) ? -EIO : 0;
}

static int protocol_counters(struct platform *p, FILE *out)
{
    static const struct {
        enum snmp_source which;
        const char *file;
    } sources[] = {
        {SNMP_IPV4, "/proc/net/snmp"},
        {SNMP_EXT, "/proc/net/netstat"},
        {SNMP_IPV6, "/proc/net/snmp6"},
    };
    for (size_t i = 0; i < sizeof(sources) / sizeof(sources[0]); i++) {
        struct counters c = {out, sources[i].file};
        int rc = platform_snmp(p, sources[i].which, counter, &c);
        if (rc == -ENOENT && i > 0)
            continue; /* no IPv6, no extended counters: none to show */
        if (rc < 0) {
            fprintf(stderr, "netstat: --prometheus: cannot read %s: %s\n", sources[i].file,
                    rc == -EBADMSG ? "not in the format known" : strerror(-rc));
            return rc;
        }
    }
    return 0;
}

/* ---- interfaces (-i) ---- */

static void link_label(FILE *out, const struct link_rec *l)
{
    fputs("{interface=\"", out);
    metrics_label_value(out, l->name, strnlen(l->name, sizeof(l->name)));
    fputs("\"}", out);
}

static int interface_counters(const struct options *o, struct platform *p, FILE *out)
{
    struct link_list ll = {0};
    int rc = interfaces_load(p, &ll);
    if (rc < 0) {
        free(ll.v);
        fprintf(stderr, "netstat: --prometheus: cannot read the interfaces: %s\n", strerror(-rc));
        return rc;
    }
#define LS(f) offsetof(struct link_stats, f)
    static const struct {
        const char *name, *help;
        size_t off;
    } kinds[] = {
        {"receive_packets", "Packets received", LS(rx_packets)},
        {"receive_bytes", "Bytes received", LS(rx_bytes)},
        {"receive_errors", "Receive errors", LS(rx_errors)},
        {"receive_dropped", "Packets dropped on receive", LS(rx_dropped)},
        {"receive_overruns", "Receive FIFO overruns", LS(rx_fifo)},
        {"receive_frame_errors", "Receive frame errors", LS(rx_frame)},
        {"transmit_packets", "Packets sent", LS(tx_packets)},
        {"transmit_bytes", "Bytes sent", LS(tx_bytes)},
        {"transmit_errors", "Transmit errors", LS(tx_errors)},
        {"transmit_dropped", "Packets dropped on transmit", LS(tx_dropped)},
        {"transmit_overruns", "Transmit FIFO overruns", LS(tx_fifo)},
        {"transmit_carrier_errors", "Carrier losses", LS(tx_carrier)},
        {"collisions", "Collisions", LS(collisions)},
    };
#undef LS
    bool one = o->ifname && strcmp(o->ifname, "total") != 0;
    family(out, "netstat_interface_up", "gauge", "1 when the interface is up (netstat -i: Flg U)");
    for (size_t i = 0; i < ll.n; i++) {
        if (one && strcmp(ll.v[i].name, o->ifname) != 0)
            continue;
        fputs("netstat_interface_up", out);
        link_label(out, &ll.v[i]);
        fprintf(out, " %d\n", (ll.v[i].flags & LINK_UP) ? 1 : 0);
    }
    for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
        char metric[96], help[128];
        snprintf(metric, sizeof(metric), "netstat_interface_%s_total", kinds[k].name);
        snprintf(help, sizeof(help), "%s by the interface (netstat -i)", kinds[k].help);
        family(out, metric, "counter", help);
        for (size_t i = 0; i < ll.n; i++) {
            if (!ll.v[i].has_stats || (one && strcmp(ll.v[i].name, o->ifname) != 0))
                continue;
            uint64_t v;
            memcpy(&v, (const char *)&ll.v[i].st + kinds[k].off, sizeof(v));
            fputs(metric, out);
            link_label(out, &ll.v[i]);
            fprintf(out, " %llu\n", (unsigned long long)v);
        }
    }
    free(ll.v);
    return ferror(out) ? -EIO : 0;
}

/* ---- sockets by protocol, family and state (--summary) ---- */

enum { SS_UNCONNECTED = ST_MAX, SS_CONNECTED, SS_LISTEN, SS_COUNT };

struct tally {
    uint64_t n[TABLE_COUNT][SS_COUNT];
    struct own_socks own;
    const struct filter *filter; /* the filters, if any */
    const struct owners *owners; /* for --pid, --program, --user */
    struct platform *reading;
};

static int count_sock(const struct sock_rec *s, void *ctx)
{
    struct tally *t = ctx;
    if (s->inode && own_has(&t->own, s->inode))
        return 0;
    if (t->filter->present && !sock_filter_pass(t->filter, t->owners, t->reading, s))
        return 0;
    int table = (s->proto == PROTO_TCP       ? TABLE_TCP4
                 : s->proto == PROTO_UDP     ? TABLE_UDP4
                 : s->proto == PROTO_UDPLITE ? TABLE_UDPLITE4
                 : s->proto == PROTO_RAW     ? TABLE_RAW4
                 : s->proto == PROTO_SCTP    ? TABLE_SCTP4
                                             : TABLE_UNIX);
    if (table != TABLE_UNIX && s->family == FAM_INET6)
        table++;
    int st;
    if (s->proto == PROTO_TCP)
        st = s->state > ST_UNKNOWN && s->state < ST_MAX ? s->state : ST_UNKNOWN;
    else if (s->proto == PROTO_UNIX)
        st = sock_unix_listening(s)     ? SS_LISTEN
             : s->state == US_CONNECTED ? SS_CONNECTED
                                        : SS_UNCONNECTED;
    else
        st = s->family && !sock_addr_is_any(s->family, &s->raddr) ? SS_CONNECTED : SS_UNCONNECTED;
    t->n[table][st]++;
    return 0;
}

static const char *table_proto(int t)
{
    static const char *const names[] = {"tcp",     "tcp",     "sctp", "sctp", "udp", "udp",
                                        "udplite", "udplite", "raw",  "raw",  "unix"};
    return names[t];
}

static void sockets_of(FILE *out, const struct tally *t, const char *label)
{
    static const char *const tcp_states[] = {
        NULL,    "established", "syn_sent", "syn_recv", "fin_wait1", "fin_wait2",   "time_wait",
        "close", "close_wait",  "last_ack", "listen",   "closing",   "new_syn_recv"};
    for (int table = 0; table < TABLE_COUNT; table++) {
        if (table == TABLE_SCTP4 || table == TABLE_SCTP6)
            continue;
        const char *fam = table == TABLE_UNIX ? "unix" : (table % 2 ? "inet6" : "inet");
        for (int st = 0; st < SS_COUNT; st++) {
            const char *state;
            if (table == TABLE_TCP4 || table == TABLE_TCP6)
                state = st < ST_MAX ? tcp_states[st] : NULL;
            else if (st == SS_UNCONNECTED)
                state = "unconnected";
            else if (st == SS_CONNECTED)
                state = table == TABLE_UNIX ? "connected" : "established";
            else if (st == SS_LISTEN && table == TABLE_UNIX)
                state = "listen";
            else
                state = NULL;
            if (!state || (st == ST_NEW_SYN_RECV && !t->n[table][st]))
                continue;
            fprintf(out, "netstat_sockets{protocol=\"%s\",family=\"%s\",state=\"%s\"",
                    table_proto(table), fam, state);
            if (label) {
                fputs(",netns=\"", out);
                metrics_label_value(out, label, strlen(label));
                fputc('"', out);
            }
            fprintf(out, "} %llu\n", (unsigned long long)t->n[table][st]);
        }
    }
}

static int socket_counts(const struct options *o, struct platform *p, const struct netns_list *nss,
                         FILE *out)
{
    family(out, "netstat_sockets", "gauge",
           "Sockets by protocol, family and state, as netstat -a lists them");
    struct spaces sp;
    int rc = spaces_init(&sp, p, nss, o->source);
    struct tally *t = calloc(1, sizeof(*t));
    if (!t)
        rc = -ENOMEM;
    struct owners *owners = NULL;
    if (rc == 0 && filter_needs_owners(&o->filter) && !(owners = view_owners_load(o, false)))
        rc = -ENOENT;
    if (t) {
        t->filter = &o->filter;
        t->owners = owners;
    }
    for (size_t i = 0; i < sp.n && rc == 0; i++) {
        struct platform *pp = spaces_open(&sp, i, out);
        if (!pp)
            continue;
        t->reading = pp;
        memset(t->n, 0, sizeof(t->n));
        /* each table told the next, so the backend reads ahead */
        static const enum sock_table tables[] = {TABLE_TCP4, TABLE_TCP6,     TABLE_UDP4,
                                                 TABLE_UDP6, TABLE_UDPLITE4, TABLE_UDPLITE6,
                                                 TABLE_RAW4, TABLE_RAW6,     TABLE_UNIX};
        enum { NT = sizeof(tables) / sizeof(tables[0]) };
        struct gather_req reqs[NT];
        for (size_t k = 0; k < NT; k++)
            reqs[k] = (struct gather_req){tables[k],  ~0u, false, k + 1 < NT ? &reqs[k + 1] : NULL,
                                          &o->filter, 0};
        for (size_t k = 0; k < NT && rc == 0; k++) {
            own_begin(&t->own);
            rc = platform_sockets(pp, &reqs[k], count_sock, t);
            own_end(&t->own);
            if (rc == -ENOENT || rc == -EAFNOSUPPORT || rc == -EPROTONOSUPPORT)
                rc = 0; /* no such table here (no IPv6, no UDP-Lite): none */
        }
        if (rc < 0 && nss) {
            fprintf(stderr, "netstat: --prometheus: network namespace %s: cannot read it: %s\n",
                    sp.v[i].label, strerror(-rc));
            sp.failed = true;
            rc = 0;
            continue;
        }
        if (rc == 0)
            sockets_of(out, t, nss ? sp.v[i].ns->label : NULL);
    }
    if (rc < 0)
        fprintf(stderr, "netstat: --prometheus: cannot read the sockets: %s\n", strerror(-rc));
    if (t)
        own_free(&t->own);
    free(t);
    platform_owners_free(owners);
    bool failed = sp.failed;
    spaces_free(&sp);
    return rc < 0 ? rc : failed ? -ENOENT : 0;
}

/* ---- listeners ---- */

struct listener {
    int proto; /* enum sock_proto */
    int family;
    char addr[64];
    uint16_t port;
    char program[64];
    const char *reach;
    char netns[160];
    bool has_netns;
    uint64_t n;
};

struct listeners {
    struct listener *v;
    size_t n, cap;
    const struct owners *owners;
    bool programs; /* -p: the program label */
};

static int same(const struct listener *a, const struct listener *b)
{
    return a->proto == b->proto && a->family == b->family && a->port == b->port &&
           a->reach == b->reach && strcmp(a->addr, b->addr) == 0 &&
           strcmp(a->program, b->program) == 0 && strcmp(a->netns, b->netns) == 0;
}

static int add_listener(const struct sock_rec *s, const char *reach, const char *label, void *ctx)
{
    struct listeners *l = ctx;
    struct listener x = {.proto = s->proto, .family = s->family, .port = s->lport, .reach = reach};
    view_json_addr(s->family, &s->laddr, x.addr, sizeof(x.addr));
    struct owner first;
    if (l->owners && platform_owners_find(l->owners, s, &first, 1) > 0)
        snprintf(x.program, sizeof(x.program), "%s", first.name);
    if (label) {
        snprintf(x.netns, sizeof(x.netns), "%s", label);
        x.has_netns = true;
    }
    for (size_t i = 0; i < l->n; i++)
        if (same(&l->v[i], &x)) {
            l->v[i].n++; /* SO_REUSEPORT groups, one series */
            return 0;
        }
    if (grow((void **)&l->v, &l->cap, l->n + 1, sizeof(*l->v)) < 0)
        return -ENOMEM;
    x.n = 1;
    l->v[l->n++] = x;
    return 0;
}

static int by_listener(const void *a, const void *b)
{
    const struct listener *x = a, *y = b;
    int c = strcmp(x->netns, y->netns);
    if (c == 0)
        c = x->proto - y->proto;
    if (c == 0)
        c = (int)x->port - (int)y->port;
    if (c == 0)
        c = x->family - y->family;
    if (c == 0)
        c = strcmp(x->addr, y->addr);
    if (c == 0)
        c = strcmp(x->program, y->program);
    return c;
}

static int listeners(const struct options *o, struct platform *p, const struct netns_list *nss,
                     FILE *out)
{
    /* The programs, with -p as in every listing: finding them is a scan
     * of every process's fds, the cost of -p. */
    struct listeners l = {0};
    struct owners *owners = view_owners_load(o, false);
    if ((o->prog || filter_needs_owners(&o->filter)) && !owners)
        return -ENOENT; /* said */
    l.owners = owners;
    l.programs = o->prog;
    int rc = explain_listeners(o, p, nss, owners, add_listener, &l);
    platform_owners_free(owners);
    if (rc < 0) {
        free(l.v);
        fprintf(stderr, "netstat: --prometheus: cannot read the listeners: %s\n", strerror(-rc));
        return rc;
    }
    if (l.n)
        qsort(l.v, l.n, sizeof(*l.v), by_listener);
    family(out, "netstat_listening_sockets", "gauge",
           "Listening sockets (TCP) and unconnected ones (UDP) by address, port and (-p) program, "
           "with who can reach them as netstat --explain says (reach: any, loopback, "
           "network, link, nowhere, unknown, published)");
    for (size_t i = 0; i < l.n; i++) {
        const struct listener *x = &l.v[i];
        fprintf(out,
                "netstat_listening_sockets{protocol=\"%s\",family=\"%s\",address=\"%s\","
                "port=\"%u\"",
                x->proto == PROTO_TCP ? "tcp" : "udp", x->family == FAM_INET6 ? "inet6" : "inet",
                x->addr, x->port);
        if (l.programs) {
            fputs(",program=\"", out);
            metrics_label_value(out, x->program, strlen(x->program));
            fputc('"', out);
        }
        fprintf(out, ",reach=\"%s\"", x->reach);
        if (x->has_netns) {
            fputs(",netns=\"", out);
            metrics_label_value(out, x->netns, strlen(x->netns));
            fputc('"', out);
        }
        fprintf(out, "} %llu\n", (unsigned long long)x->n);
    }
    free(l.v);
    return ferror(out) ? -EIO : 0;
}

/* ---- the whole ---- */

static int write_all(const struct options *o, struct platform *p, const struct netns_list *nss,
                     FILE *out)
{
    bool any = o->stats || o->iface || o->summary || o->listening;
    int rc = 0;
    if (rc == 0 && (!any || o->stats))
        rc = protocol_counters(p, out);
    if (rc == 0 && (!any || o->iface))
        rc = interface_counters(o, p, out);
    if (rc == 0 && (!any || o->summary))
        rc = socket_counts(o, p, nss, out);
    if (rc == 0 && (!any || o->listening))
        rc = listeners(o, p, nss, out);
    return rc;
}

struct job {
    const struct options *o;
    struct platform *p;
    const struct netns_list *nss;
    bool said; /* a failure told on stderr already */
};

static int write_job(FILE *f, void *ctx)
{
    struct job *j = ctx;
    int rc = write_all(j->o, j->p, j->nss, f);
    j->said = rc < 0 && rc != -EIO;
    return rc;
}

int metrics_view(const struct options *o, struct platform *p, const struct netns_list *nss,
                 FILE *out)
{
    if (o->textfile) {
        /* DIR/netstat.prom replaced whole, or not at all: the collector
         * reads *.prom files, the new one is written under a hidden name */
        struct job j = {o, p, nss, false};
        int rc = platform_replace_file(o->textfile, "netstat.prom", write_job, &j);
        if (rc < 0 && !j.said)
            fprintf(stderr, "netstat: --textfile %s: cannot write netstat.prom there: %s\n",
                    o->textfile, strerror(-rc));
        return rc < 0 ? EXIT_FAIL : EXIT_OK;
    }
    int rc = write_all(o, p, nss, out);
    return rc < 0 ? EXIT_FAIL : EXIT_OK;
}
