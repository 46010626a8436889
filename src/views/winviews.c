/* The views only Windows' dialect selects, each in Windows' layout: -e's
 * Interface Statistics (totals over every interface), -s's counters by
 * protocol, -r's route print, -x's NetworkDirect listing. They read the
 * same records as the others (links, SNMP counters, routes, addresses);
 * their JSON is the other views' (-e --json is -i's document, and so on). */
#include "views/winviews.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "render/win_text.h"
#include "util/escape.h"
#include "util/grow.h"

/* ---- -e ---- */

struct totals {
    struct link_stats st;
};

static int add_link(const struct link_rec *l, void *ctx)
{
    struct totals *t = ctx;
    if (!l->has_stats)
        return 0;
    const struct link_stats *s = &l->st;
    t->st.rx_bytes += s->rx_bytes;
    t->st.tx_bytes += s->tx_bytes;
    t->st.rx_packets += s->rx_packets;
    t->st.tx_packets += s->tx_packets;
    t->st.rx_nucast += s->rx_nucast;
    t->st.tx_nucast += s->tx_nucast;
    t->st.rx_dropped += s->rx_dropped;
    t->st.tx_dropped += s->tx_dropped;
    t->st.rx_errors += s->rx_errors;
    t->st.tx_errors += s->tx_errors;
    t->st.rx_unknown += s->rx_unknown;
    return 0;
}

static void stat_line(FILE *out, const char *label, uint64_t rx, const uint64_t *tx)
{
    char a[24], b[24] = "";
    snprintf(a, sizeof(a), "%llu", (unsigned long long)rx);
    if (tx)
        snprintf(b, sizeof(b), "%llu", (unsigned long long)*tx);
    if (tx)
        fprintf(out, "%-20s%15s%16s\n", label, a, b);
    else
        fprintf(out, "%-20s%15s\n", label, a);
}

int ifstats_view(const struct options *o, struct platform *p, FILE *out)
{
    (void)o;
    struct totals t = {0};
    int rc = platform_links(p, add_link, &t);
    if (rc < 0) {
        fprintf(stderr, "netstat: cannot read the interface counters: %s\n", strerror(-rc));
        return EXIT_FAIL;
    }
    const struct link_stats *s = &t.st;
    uint64_t tx_uc = s->tx_packets - s->tx_nucast;
    fputs("\nInterface Statistics\n\n", out);
    fprintf(out, "%-20s%15s%16s\n\n", "", "Received", "Sent");
    stat_line(out, "Bytes", s->rx_bytes, &s->tx_bytes);
    stat_line(out, "Unicast packets", s->rx_packets - s->rx_nucast, &tx_uc);
    stat_line(out, "Non-unicast packets", s->rx_nucast, &s->tx_nucast);
    stat_line(out, "Discards", s->rx_dropped, &s->tx_dropped);
    stat_line(out, "Errors", s->rx_errors, &s->tx_errors);
    stat_line(out, "Unknown protocols", s->rx_unknown, NULL);
    return ferror(out) ? EXIT_FAIL : EXIT_OK;
}

/* ---- -s ---- */

struct counter {
    char section[16];
    char name[48];
    uint64_t v;
};

struct counters {
    struct counter *v;
    size_t n, cap;
};

static int keep_counter(const char *section, const char *name, uint64_t v, void *ctx)
{
    struct counters *c = ctx;
    if (grow((void **)&c->v, &c->cap, c->n + 1, sizeof(*c->v)) < 0)
        return -ENOMEM;
    struct counter *k = &c->v[c->n++];
    snprintf(k->section, sizeof(k->section), "%s", section);
    snprintf(k->name, sizeof(k->name), "%s", name);
    k->v = v;
    return 0;
}

/* A counter's value; 0 when the system does not count it. */
static uint64_t value(const struct counters *c, const char *section, const char *name)
{
    for (size_t i = 0; i < c->n; i++)
        if (!strcmp(c->v[i].section, section) && !strcmp(c->v[i].name, name))
            return c->v[i].v;
    return 0;
}

struct row {
    const char *label, *name;
};

static const struct row ip_rows[] = {
    {"Packets Received", "InReceives"},
    {"Received Header Errors", "InHdrErrors"},
    {"Received Address Errors", "InAddrErrors"},
    {"Datagrams Forwarded", "ForwDatagrams"},
    {"Unknown Protocols Received", "InUnknownProtos"},
    {"Received Packets Discarded", "InDiscards"},
    {"Received Packets Delivered", "InDelivers"},
    {"Output Requests", "OutRequests"},
    {"Routing Discards", "RoutingDiscards"},
    {"Discarded Output Packets", "OutDiscards"},
    {"Output Packet No Route", "OutNoRoutes"},
    {"Reassembly Required", "ReasmReqds"},
    {"Reassembly Successful", "ReasmOKs"},
    {"Reassembly Failures", "ReasmFails"},
    {"Datagrams Successfully Fragmented", "FragOKs"},
    {"Datagrams Failing Fragmentation", "FragFails"},
    {"Fragments Created", "FragCreates"},
};

static const struct row tcp_rows[] = {
    {"Active Opens", "ActiveOpens"},
    {"Passive Opens", "PassiveOpens"},
    {"Failed Connection Attempts", "AttemptFails"},
    {"Reset Connections", "EstabResets"},
    {"Current Connections", "CurrEstab"},
    {"Segments Received", "InSegs"},
    {"Segments Sent", "OutSegs"},
    {"Segments Retransmitted", "RetransSegs"},
};

static const struct row udp_rows[] = {
    {"Datagrams Received", "InDatagrams"},
    {"No Ports", "NoPorts"},
    {"Receive Errors", "InErrors"},
    {"Datagrams Sent", "OutDatagrams"},
};

/* ICMP rows: the label, and the counter's name after "In"/"Out". */
static const struct row icmp4_rows[] = {
    {"Messages", "Msgs"},
    {"Errors", "Errors"},
    {"Destination Unreachable", "DestUnreachs"},
    {"Time Exceeded", "TimeExcds"},
    {"Parameter Problems", "ParmProbs"},
    {"Source Quenches", "SrcQuenchs"},
    {"Redirects", "Redirects"},
    {"Echo Replies", "EchoReps"},
    {"Echos", "Echos"},
    {"Timestamps", "Timestamps"},
    {"Timestamp Replies", "TimestampReps"},
    {"Address Masks", "AddrMasks"},
    {"Address Mask Replies", "AddrMaskReps"},
    {"Router Solicitations", "#10"}, /* IcmpMsg's type counts */
    {"Router Advertisements", "#9"},
};

static const struct row icmp6_rows[] = {
    {"Messages", "Msgs"},
    {"Errors", "Errors"},
    {"Destination Unreachable", "DestUnreachs"},
    {"Packet Too Big", "PktTooBigs"},
    {"Time Exceeded", "TimeExcds"},
    {"Parameter Problems", "ParmProblems"},
    {"Echos", "Echos"},
    {"Echo Replies", "EchoReplies"},
    {"MLD Queries", "GroupMembQueries"},
    {"MLD Reports", "GroupMembResponses"},
    {"MLD Dones", "GroupMembReductions"},
    {"Router Solicitations", "RouterSolicits"},
    {"Router Advertisements", "RouterAdvertisements"},
    {"Neighbor Solicitations", "NeighborSolicits"},
    {"Neighbor Advertisements", "NeighborAdvertisements"},
    {"Redirects", "Redirects"},
    {"Router Renumberings", "RouterRenumberings"},
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* "  Label   = value", the label padded to width. */
static void equals_block(FILE *out, const char *title, const struct counters *c,
                         const char *section, const char *prefix, const struct row *rows, size_t n,
                         int width)
{
    fprintf(out, "\n%s\n\n", title);
    for (size_t i = 0; i < n; i++) {
        char name[64];
        snprintf(name, sizeof(name), "%s%s", prefix, rows[i].name);
        fprintf(out, "  %-*s= %llu\n", width, rows[i].label,
                (unsigned long long)value(c, section, name));
    }
}

static uint64_t icmp_value(const struct counters *c, bool v6, const char *dir, const char *name)
{
    char full[64];
    if (name[0] == '#') {
        snprintf(full, sizeof(full), "%sType%s", dir, name + 1);
        return value(c, "IcmpMsg", full);
    }
    snprintf(full, sizeof(full), "%s%s%s", v6 ? "Icmp6" : "", dir, name);
    return value(c, v6 ? "Icmp6" : "Icmp", full);
}

static void icmp_block(FILE *out, const struct counters *c, bool v6)
{
    fprintf(out, "\n%s\n\n", v6 ? "ICMPv6 Statistics" : "ICMPv4 Statistics");
    fprintf(out, "  %-26s%-12s%s\n", "", "Received", "Sent");
    const struct row *rows = v6 ? icmp6_rows : icmp4_rows;
    size_t n = v6 ? N(icmp6_rows) : N(icmp4_rows);
    for (size_t i = 0; i < n; i++) {
        char in[24];
        snprintf(in, sizeof(in), "%llu", (unsigned long long)icmp_value(c, v6, "In", rows[i].name));
        fprintf(out, "  %-26s%-12s%llu\n", rows[i].label, in,
                (unsigned long long)icmp_value(c, v6, "Out", rows[i].name));
    }
}

int protostats_view(const struct options *o, struct platform *p, FILE *out)
{
    struct counters c = {0};
    int rc = platform_snmp(p, SNMP_IPV4, keep_counter, &c);
    int rc6 = platform_snmp(p, SNMP_IPV6, keep_counter, &c);
    if (rc < 0 || (rc6 < 0 && rc6 != -ENOENT)) {
        free(c.v);
        fprintf(stderr, "netstat: cannot read the protocol counters: %s\n",
                strerror(rc < 0 ? -rc : -rc6));
        return EXIT_FAIL;
    }
    unsigned want = o->stat_protos ? o->stat_protos : ~0u;
    if (want & STAT_IP)
        equals_block(out, "IPv4 Statistics", &c, "Ip", "", ip_rows, N(ip_rows), 35);
    if (want & STAT_IPV6)
        equals_block(out, "IPv6 Statistics", &c, "Ip6", "Ip6", ip_rows, N(ip_rows), 35);
    if (want & STAT_ICMP)
        icmp_block(out, &c, false);
    if (want & STAT_ICMPV6)
        icmp_block(out, &c, true);
    if (want & STAT_TCP)
        equals_block(out, "TCP Statistics for IPv4", &c, "Tcp", "", tcp_rows, N(tcp_rows), 36);
    if (want & STAT_TCPV6)
        equals_block(out, "TCP Statistics for IPv6", &c, "Tcp6", "", tcp_rows, N(tcp_rows), 36);
    if (want & STAT_UDP)
        equals_block(out, "UDP Statistics for IPv4", &c, "Udp", "", udp_rows, N(udp_rows), 22);
    if (want & STAT_UDPV6)
        equals_block(out, "UDP Statistics for IPv6", &c, "Udp6", "Udp6", udp_rows, N(udp_rows), 22);
    free(c.v);
    return ferror(out) ? EXIT_FAIL : EXIT_OK;
}

/* ---- -r ---- */

static const char rule[] =
    "===========================================================================\n";

struct links {
    struct link_rec *v;
    size_t n, cap;
};

static int keep_link(const struct link_rec *l, void *ctx)
{
    struct links *ls = ctx;
    if (grow((void **)&ls->v, &ls->cap, ls->n + 1, sizeof(*ls->v)) < 0)
        return -ENOMEM;
    ls->v[ls->n++] = *l;
    return 0;
}

struct addrs {
    struct iface_addr *v;
    size_t n, cap;
};

static int keep_addr(const struct iface_addr *a, void *ctx)
{
    struct addrs *as = ctx;
    if (grow((void **)&as->v, &as->cap, as->n + 1, sizeof(*as->v)) < 0)
        return -ENOMEM;
    as->v[as->n++] = *a;
    return 0;
}

struct routes {
    struct route_rec *v;
    size_t n, cap;
};

static int keep_route(const struct route_rec *r, void *ctx)
{
    struct routes *rs = ctx;
    if (grow((void **)&rs->v, &rs->cap, rs->n + 1, sizeof(*rs->v)) < 0)
        return -ENOMEM;
    rs->v[rs->n++] = *r;
    return 0;
}

static int by_index(const void *a, const void *b)
{
    const struct link_rec *x = a, *y = b;
    return x->ifindex < y->ifindex ? -1 : x->ifindex > y->ifindex;
}

/* Destinations in numeric order, then masks, then metrics. */
static int by_dest(const void *a, const void *b)
{
    const struct route_rec *x = a, *y = b;
    int c = memcmp(x->dst.bytes, y->dst.bytes, 16);
    if (!c)
        c = memcmp(x->mask.bytes, y->mask.bytes, 16);
    if (!c)
        c = x->metric < y->metric ? -1 : x->metric > y->metric;
    return c;
}

static void interface_list(FILE *out, struct platform *p, struct links *ls)
{
    fputs(rule, out);
    fputs("Interface List\n", out);
    qsort(ls->v, ls->n, sizeof(*ls->v), by_index);
    for (size_t i = 0; i < ls->n; i++) {
        const struct link_rec *l = &ls->v[i];
        struct link_detail d;
        char mac[64] = "";
        if (platform_link_detail(p, l->name, &d) == 0 && d.hwlen > 0 && d.hwlen <= 8) {
            size_t k = 0;
            for (size_t b = 0; b < d.hwlen; b++)
                k += (size_t)snprintf(mac + k, sizeof(mac) - k, "%02x ", d.hwaddr[b]);
        }
        /* the address and the dots fill 27 columns, as Windows' do */
        char fill[40];
        size_t used = strlen(mac);
        size_t dots = used < 27 ? 27 - used : 3;
        if (used)
            dots = dots > 3 ? dots - 3 : 3;
        memset(fill, '.', dots);
        fill[dots] = '\0';
        const char *name = l->descr[0] ? l->descr : l->name;
        char esc[ESCAPE_TERM_MAX(sizeof(l->descr))];
        escape_term(name, strlen(name), esc);
        if (used)
            fprintf(out, "%3lu...%s%s%s\n", (unsigned long)l->ifindex, mac, fill, esc);
        else
            fprintf(out, "%3lu%s%s\n", (unsigned long)l->ifindex, fill, esc);
    }
    fputs(rule, out);
}

/* The interface's first usable IPv4 address, for the Interface column. */
static const struct iface_addr *addr4_of(const struct addrs *as, uint32_t ifindex)
{
    for (size_t i = 0; i < as->n; i++)
        if (as->v[i].ifindex == ifindex && as->v[i].family == FAM_INET && !as->v[i].tentative)
            return &as->v[i];
    return NULL;
}

/* The routes restored at boot, "  None" when there are none. */
static void persistent(FILE *out, struct platform *p)
{
    struct routes rs = {0};
    int rc = platform_persistent_routes(p, FAM_INET, keep_route, &rs);
    fputs("Persistent Routes:\n", out);
    if (rc < 0 && rc != -ENOENT)
        fprintf(out, "  (not read: %s)\n", strerror(-rc));
    else if (rs.n == 0)
        fputs("  None\n", out);
    else
        fputs("  Network Address          Netmask  Gateway Address  Metric\n", out);
    for (size_t i = 0; i < rs.n; i++) {
        const struct route_rec *r = &rs.v[i];
        char dst[64], mask[64], gw[64], metric[16];
        win_numeric(FAM_INET, &r->dst, dst, sizeof(dst));
        win_numeric(FAM_INET, &r->mask, mask, sizeof(mask));
        win_numeric(FAM_INET, &r->gateway, gw, sizeof(gw));
        if (r->metric)
            snprintf(metric, sizeof(metric), "%lu", (unsigned long)r->metric);
        else
            snprintf(metric, sizeof(metric), "Default");
        fprintf(out, "%17s%17s%17s%8s\n", dst, mask, gw, metric);
    }
    if (rs.n)
        fputs(rule, out);
    free(rs.v);
}

static void ipv4_table(FILE *out, struct platform *p, struct routes *rs, const struct addrs *as)
{
    fputs("\nIPv4 Route Table\n", out);
    fputs(rule, out);
    fputs("Active Routes:\n", out);
    fputs("Network Destination        Netmask          Gateway       Interface  Metric\n", out);
    qsort(rs->v, rs->n, sizeof(*rs->v), by_dest);
    for (size_t i = 0; i < rs->n; i++) {
        const struct route_rec *r = &rs->v[i];
        char dst[64], mask[64], gw[64] = "On-link", ifa[64] = "On-link";
        win_numeric(FAM_INET, &r->dst, dst, sizeof(dst));
        win_numeric(FAM_INET, &r->mask, mask, sizeof(mask));
        if (r->flags & ROUTE_GATEWAY)
            win_numeric(FAM_INET, &r->gateway, gw, sizeof(gw));
        const struct iface_addr *a = addr4_of(as, r->ifindex);
        if (a)
            win_numeric(FAM_INET, &a->addr, ifa, sizeof(ifa));
        fprintf(out, "%17s%17s%17s%16s%8lu\n", dst, mask, gw, ifa, (unsigned long)r->metric);
    }
    fputs(rule, out);
    persistent(out, p);
}

static void ipv6_table(FILE *out, struct routes *rs)
{
    fputs("\nIPv6 Route Table\n", out);
    fputs(rule, out);
    fputs("Active Routes:\n", out);
    fputs(" If Metric Network Destination      Gateway\n", out);
    qsort(rs->v, rs->n, sizeof(*rs->v), by_dest);
    for (size_t i = 0; i < rs->n; i++) {
        const struct route_rec *r = &rs->v[i];
        char dst[64], net[80], gw[64] = "On-link";
        win_numeric(FAM_INET6, &r->dst, dst, sizeof(dst));
        snprintf(net, sizeof(net), "%s/%u", dst, (unsigned)r->prefix_len);
        if (r->flags & ROUTE_GATEWAY)
            win_numeric(FAM_INET6, &r->gateway, gw, sizeof(gw));
        fprintf(out, "%3lu%7lu %-24s %s\n", (unsigned long)r->ifindex, (unsigned long)r->metric,
                net, gw);
    }
    fputs(rule, out);
    fputs("Persistent Routes:\n  None\n", out);
}

int routeprint_view(const struct options *o, struct platform *p, FILE *out)
{
    (void)o;
    struct links ls = {0};
    struct addrs as = {0};
    struct routes r4 = {0}, r6 = {0};
    int rc = platform_links(p, keep_link, &ls);
    if (rc >= 0)
        rc = platform_addresses(p, keep_addr, &as);
    if (rc >= 0)
        rc = platform_routes(p, FAM_INET, keep_route, &r4);
    int rc6 = rc >= 0 ? platform_routes(p, FAM_INET6, keep_route, &r6) : 0;
    if (rc < 0 || (rc6 < 0 && rc6 != -ENOENT)) {
        fprintf(stderr, "netstat: cannot read the routing table: %s\n",
                strerror(rc < 0 ? -rc : -rc6));
        rc = EXIT_FAIL;
    } else {
        interface_list(out, p, &ls);
        ipv4_table(out, p, &r4, &as);
        ipv6_table(out, &r6);
        rc = ferror(out) ? EXIT_FAIL : EXIT_OK;
    }
    free(ls.v);
    free(as.v);
    free(r4.v);
    free(r6.v);
    return rc;
}

/* ---- -x ---- */

int netdirect_view(const struct options *o, FILE *out)
{
    (void)o;
    fputs("\nActive NetworkDirect Connections, Listeners, SharedEndpoints\n\n"
          "  Mode   IfIndex Type           Local Address          Foreign Address        PID\n",
          out);
    return ferror(out) ? EXIT_FAIL : EXIT_OK;
}
