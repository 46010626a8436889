#include "views/interfaces.h"

#include <errno.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <stdlib.h>
#include <string.h>

#include "render/fields.h"
#include "render/json.h"
#include "util/fmt.h"
#include "views/view_json.h"
#include "util/escape.h"
#include "util/natcmp.h"
#include "util/grow.h"

/* Insert keeping net-tools' order: walk back from the tail to the first
 * name that sorts before this one. */
static int collect(const struct link_rec *l, void *ctx)
{
    struct link_list *ll = ctx;
    if (grow((void **)&ll->v, &ll->cap, ll->n + 1, sizeof(*ll->v)) < 0)
        return -ENOMEM;
    size_t i = ll->n;
    while (i > 0) {
        int c = natcmp(ll->v[i - 1].name, l->name);
        if (c == 0)
            return 0; /* already listed */
        if (c < 0)
            break;
        i--;
    }
    memmove(&ll->v[i + 1], &ll->v[i], (ll->n - i) * sizeof(*ll->v));
    ll->v[i] = *l;
    ll->n++;
    return 0;
}

int interfaces_load(struct platform *p, struct link_list *l)
{
    l->n = 0;
    return platform_links(p, collect, l);
}

void interfaces_flag_letters(uint32_t flags, char *buf, size_t n)
{
    static const struct {
        uint32_t bit;
        char letter;
    } letters[] = {
        {LINK_ALLMULTI, 'A'},  {LINK_BROADCAST, 'B'},   {LINK_DEBUG, 'D'},   {LINK_LOOPBACK, 'L'},
        {LINK_MULTICAST, 'M'}, {LINK_DYNAMIC, 'd'},     {LINK_PROMISC, 'P'}, {LINK_NOTRAILERS, 'N'},
        {LINK_NOARP, 'O'},     {LINK_POINTOPOINT, 'P'}, {LINK_SLAVE, 's'},   {LINK_MASTER, 'm'},
        {LINK_RUNNING, 'R'},   {LINK_UP, 'U'},
    };
    size_t k = 0;
    if (flags == 0)
        k = (size_t)snprintf(buf, n, "[NO FLAGS]");
    for (size_t i = 0; i < sizeof(letters) / sizeof(letters[0]) && k + 1 < n; i++)
        if (flags & letters[i].bit)
            buf[k++] = letters[i].letter;
    buf[k < n ? k : n - 1] = '\0';
}

static void print_link(FILE *out, const struct link_rec *l)
{
    char name[ESCAPE_TERM_MAX(16)], mtu[16], flg[32];
    char c[8][24];
    escape_term(l->name, strnlen(l->name, 15), name);
    snprintf(mtu, sizeof(mtu), "%u", l->mtu);
    interfaces_flag_letters(l->flags, flg, sizeof(flg));
    if (!l->has_stats) {
        fprintf(out, "%-15s %5s %-56s%s\n", name, mtu, "     - no statistics available -", flg);
        return;
    }
    const uint64_t v[8] = {l->st.rx_packets, l->st.rx_errors, l->st.rx_dropped, l->st.rx_fifo,
                           l->st.tx_packets, l->st.tx_errors, l->st.tx_dropped, l->st.tx_fifo};
    struct text_row row = {link_fields, LF_COUNT, (1u << LF_COUNT) - 1, {0}};
    row.val[LF_IFACE] = name;
    row.val[LF_MTU] = mtu;
    for (int i = 0; i < 8; i++) {
        snprintf(c[i], sizeof(c[i]), "%llu", (unsigned long long)v[i]);
        row.val[LF_RX_OK + i] = c[i];
    }
    row.val[LF_FLG] = flg;
    text_write_row(out, &row);
}

/* ---- the extended view (-ie), ifconfig's layout ---- */

struct addr6_list {
    struct link_addr6 *v;
    size_t n, cap;
};

static int collect6(const struct link_addr6 *a, void *ctx)
{
    struct addr6_list *l = ctx;
    if (grow((void **)&l->v, &l->cap, l->n + 1, sizeof(*l->v)) < 0)
        return -ENOMEM;
    l->v[l->n++] = *a;
    return 0;
}

static void long_flags(uint32_t flags, char *b, size_t n)
{
    static const struct {
        uint32_t bit;
        const char *name;
    } names[] = {
        {LINK_UP, "UP"},
        {LINK_BROADCAST, "BROADCAST"},
        {LINK_DEBUG, "DEBUG"},
        {LINK_LOOPBACK, "LOOPBACK"},
        {LINK_POINTOPOINT, "POINTOPOINT"},
        {LINK_NOTRAILERS, "NOTRAILERS"},
        {LINK_RUNNING, "RUNNING"},
        {LINK_NOARP, "NOARP"},
        {LINK_PROMISC, "PROMISC"},
        {LINK_ALLMULTI, "ALLMULTI"},
        {LINK_SLAVE, "SLAVE"},
        {LINK_MASTER, "MASTER"},
        {LINK_MULTICAST, "MULTICAST"},
        {LINK_DYNAMIC, "DYNAMIC"},
    };
    size_t k = (size_t)snprintf(b, n, "flags=%u<", flags);
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]) && k < n; i++)
        if (flags & names[i].bit)
            k += (size_t)snprintf(b + k, n - k, "%s,", names[i].name);
    /* net-tools closes the list on its last comma, or drops the '<'. */
    if (k > 0 && k < n && b[k - 1] == ',')
        b[k - 1] = '>';
    else if (k > 0 && k < n)
        b[k - 1] = '\0';
}

/* "164.0 B", "17.5 MiB": one decimal, binary units, as net-tools. */
static void human_bytes(uint64_t v, char *b, size_t n)
{
    static const struct {
        uint64_t over;
        const char *unit;
    } units[] = {
        {1152921504606846976ull, "EiB"}, {1125899906842624ull, "PiB"}, {1099511627776ull, "TiB"},
        {1073741824ull, "GiB"},          {1048576ull, "MiB"},          {1024ull, "KiB"},
    };
    uint64_t tenths = v * 10;
    const char *unit = "B";
    for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
        if (v > units[i].over) {
            tenths = i == 0 ? v / 115292150460684697ull : tenths / units[i].over;
            unit = units[i].unit;
            break;
        }
    }
    snprintf(b, n, "%llu.%llu %s", (unsigned long long)(tenths / 10),
             (unsigned long long)(tenths % 10), unit);
}

/* Dotted quad into b (at least FMT_IPV4_MAX bytes). */
static const char *ip4(const uint8_t a[4], char *b, size_t n)
{
    (void)n;
    *fmt_ipv4(b, a) = '\0';
    return b;
}

static void print_long(FILE *out, struct platform *p, const struct link_rec *l,
                       const struct addr6_list *a6)
{
    char name[ESCAPE_TERM_MAX(16)], flags[256], b1[64], b2[64];
    escape_term(l->name, strnlen(l->name, sizeof(l->name)), name);
    long_flags(l->flags, flags, sizeof(flags));
    fprintf(out, "%s: %s  mtu %u\n", name, flags, l->mtu);

    struct link_detail d;
    if (platform_link_detail(p, l->name, &d) < 0) {
        memset(&d, 0, sizeof(d));
        d.hwtype = -1;
        d.txqlen = -1;
    }
    if (d.has_ipv4) {
        fprintf(out, "        inet %s", ip4(d.addr4, b1, sizeof(b1)));
        fprintf(out, "  netmask %s", ip4(d.mask4, b1, sizeof(b1)));
        if (l->flags & LINK_BROADCAST)
            fprintf(out, "  broadcast %s", ip4(d.brd4, b1, sizeof(b1)));
        if (l->flags & LINK_POINTOPOINT)
            fprintf(out, "  destination %s", ip4(d.dst4, b1, sizeof(b1)));
        fputc('\n', out);
    }
    for (size_t i = 0; i < a6->n; i++) {
        const struct link_addr6 *a = &a6->v[i];
        if (strcmp(a->ifname, l->name) != 0)
            continue;
        inet_ntop(AF_INET6, a->addr, b1, sizeof(b1));
        fprintf(out, "        inet6 %s  prefixlen %u  scopeid 0x%x", b1, a->prefix_len, a->scope);
        unsigned scope = a->scope;
        snprintf(b2, sizeof(b2), "<");
        if (scope & 0x80) {
            strcat(b2, "compat,");
            scope -= 0x80;
        }
        if (scope == 0)
            strcat(b2, "global,");
        if (scope & 0x20)
            strcat(b2, "link,");
        if (scope & 0x40)
            strcat(b2, "site,");
        if (scope & 0x10)
            strcat(b2, "host,");
        size_t k = strlen(b2);
        if (b2[k - 1] == ',')
            b2[k - 1] = '>';
        else
            b2[k - 1] = '\0';
        fprintf(out, "%s\n", b2);
    }
    /* Hardware: Ethernet and loopback as net-tools names them. */
    const char *hwname = "unspec", *hwtitle = "UNSPEC";
    if (d.hwtype == 1) {
        hwname = "ether";
        hwtitle = "Ethernet";
        fprintf(out, "        %s %02x:%02x:%02x:%02x:%02x:%02x", hwname, d.hwaddr[0], d.hwaddr[1],
                d.hwaddr[2], d.hwaddr[3], d.hwaddr[4], d.hwaddr[5]);
    } else if (d.hwtype == 772) {
        hwname = "loop";
        hwtitle = "Local Loopback";
        fprintf(out, "        %s", hwname);
    } else {
        fprintf(out, "        %s ", hwname);
        for (size_t i = 0; i < 16; i++)
            fprintf(out, "%02X%s", i < d.hwlen ? d.hwaddr[i] : 0, i < 15 ? "-" : "");
    }
    if (d.txqlen != -1)
        fprintf(out, "  txqueuelen %d", d.txqlen);
    fprintf(out, "  (%s)\n", hwtitle);
    if (l->has_stats) {
        human_bytes(l->st.rx_bytes, b1, sizeof(b1));
        fprintf(out, "        RX packets %llu  bytes %llu (%s)\n",
                (unsigned long long)l->st.rx_packets, (unsigned long long)l->st.rx_bytes, b1);
        fprintf(out, "        RX errors %llu  dropped %llu  overruns %llu  frame %llu\n",
                (unsigned long long)l->st.rx_errors, (unsigned long long)l->st.rx_dropped,
                (unsigned long long)l->st.rx_fifo, (unsigned long long)l->st.rx_frame);
        human_bytes(l->st.tx_bytes, b1, sizeof(b1));
        fprintf(out, "        TX packets %llu  bytes %llu (%s)\n",
                (unsigned long long)l->st.tx_packets, (unsigned long long)l->st.tx_bytes, b1);
        fprintf(out,
                "        TX errors %llu  dropped %llu overruns %llu  carrier %llu  collisions "
                "%llu\n",
                (unsigned long long)l->st.tx_errors, (unsigned long long)l->st.tx_dropped,
                (unsigned long long)l->st.tx_fifo, (unsigned long long)l->st.tx_carrier,
                (unsigned long long)l->st.collisions);
    }
    if (d.irq || d.mem_start || d.dma || d.base_addr >= 0x100) {
        fputs("        device ", out);
        if (d.irq)
            fprintf(out, "interrupt %u  ", d.irq);
        if (d.base_addr >= 0x100)
            fprintf(out, "base 0x%x  ", d.base_addr);
        if (d.mem_start)
            fprintf(out, "memory 0x%lx-%lx  ", d.mem_start, d.mem_end);
        if (d.dma)
            fprintf(out, "  dma 0x%x", d.dma);
        fputc('\n', out);
    }
    fputc('\n', out);
}

/* ---- --json ---- */

static void json_flags(struct json *j, uint32_t flags)
{
    static const struct {
        uint32_t bit;
        const char *name;
    } names[] = {
        {LINK_UP, "up"},
        {LINK_BROADCAST, "broadcast"},
        {LINK_DEBUG, "debug"},
        {LINK_LOOPBACK, "loopback"},
        {LINK_POINTOPOINT, "pointopoint"},
        {LINK_NOTRAILERS, "notrailers"},
        {LINK_RUNNING, "running"},
        {LINK_NOARP, "noarp"},
        {LINK_PROMISC, "promisc"},
        {LINK_ALLMULTI, "allmulti"},
        {LINK_SLAVE, "slave"},
        {LINK_MASTER, "master"},
        {LINK_MULTICAST, "multicast"},
        {LINK_DYNAMIC, "dynamic"},
    };
    json_key(j, "flags");
    json_array_begin(j);
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (flags & names[i].bit)
            json_string(j, names[i].name);
    json_array_end(j);
    char letters[32];
    interfaces_flag_letters(flags, letters, sizeof(letters));
    json_kv_string(j, "flags_text", letters);
}

static void json_ip4(struct json *j, const char *key, const uint8_t a[4])
{
    char b[FMT_IPV4_MAX];
    json_kv_string(j, key, ip4(a, b, sizeof(b)));
}

static const char *scope_name(unsigned scope)
{
    switch (scope & 0x7f) {
    case 0:
        return "global";
    case 0x10:
        return "host";
    case 0x20:
        return "link";
    case 0x40:
        return "site";
    default:
        return "other";
    }
}

/* An object of counters, or null when the system keeps none. */
static void json_counters(struct json *j, const char *key, bool have, const char *const *keys,
                          const uint64_t *v, size_t n)
{
    json_key(j, key);
    if (!have) {
        json_null(j);
        return;
    }
    json_object_begin(j);
    for (size_t i = 0; i < n; i++)
        json_kv_u64(j, keys[i], v[i]);
    json_object_end(j);
}

static void json_link(struct json *j, struct platform *p, const struct link_rec *l,
                      const struct addr6_list *a6)
{
    json_object_begin(j);
    json_kv_bytes(j, "name", l->name, strnlen(l->name, sizeof(l->name)));
    json_kv_u64(j, "index", l->ifindex);
    json_kv_u64(j, "mtu", l->mtu);
    json_flags(j, l->flags);
    static const char *const rx_keys[] = {"packets", "bytes",    "errors",
                                          "dropped", "overruns", "frame"};
    static const char *const tx_keys[] = {"packets",  "bytes",   "errors",    "dropped",
                                          "overruns", "carrier", "collisions"};
    const uint64_t rx[] = {l->st.rx_packets, l->st.rx_bytes, l->st.rx_errors,
                           l->st.rx_dropped, l->st.rx_fifo,  l->st.rx_frame};
    const uint64_t tx[] = {l->st.tx_packets, l->st.tx_bytes,   l->st.tx_errors, l->st.tx_dropped,
                           l->st.tx_fifo,    l->st.tx_carrier, l->st.collisions};
    json_counters(j, "rx", l->has_stats, rx_keys, rx, sizeof(rx) / sizeof(rx[0]));
    json_counters(j, "tx", l->has_stats, tx_keys, tx, sizeof(tx) / sizeof(tx[0]));
    struct link_detail d;
    if (platform_link_detail(p, l->name, &d) < 0) {
        memset(&d, 0, sizeof(d));
        d.hwtype = -1;
        d.txqlen = -1;
    }
    json_key(j, "ipv4");
    if (d.has_ipv4) {
        json_object_begin(j);
        json_ip4(j, "address", d.addr4);
        json_ip4(j, "netmask", d.mask4);
        if (l->flags & LINK_BROADCAST)
            json_ip4(j, "broadcast", d.brd4);
        else
            json_kv_string(j, "broadcast", NULL);
        if (l->flags & LINK_POINTOPOINT)
            json_ip4(j, "destination", d.dst4);
        else
            json_kv_string(j, "destination", NULL);
        json_object_end(j);
    } else {
        json_null(j);
    }
    json_key(j, "ipv6");
    json_array_begin(j);
    for (size_t i = 0; a6 && i < a6->n; i++) {
        const struct link_addr6 *a = &a6->v[i];
        if (strcmp(a->ifname, l->name) != 0)
            continue;
        char b[64];
        inet_ntop(AF_INET6, a->addr, b, sizeof(b));
        json_object_begin(j);
        json_kv_string(j, "address", b);
        json_kv_u64(j, "prefix_length", a->prefix_len);
        json_kv_string(j, "scope", scope_name(a->scope));
        json_kv_u64(j, "scope_bits", a->scope);
        json_object_end(j);
    }
    json_array_end(j);
    json_key(j, "hardware");
    json_object_begin(j);
    json_kv_string(j, "type", d.hwtype == 1 ? "ether" : (d.hwtype == 772 ? "loop" : "unspec"));
    json_kv_i64(j, "arp_type", d.hwtype);
    json_key(j, "address");
    if (d.hwtype == 1 || (d.hwtype != 772 && d.hwlen > 0)) {
        char hw[3 * sizeof(d.hwaddr)];
        size_t k = 0;
        size_t len = d.hwtype == 1 ? 6 : d.hwlen; /* Ethernet: six bytes */
        for (size_t i = 0; i < len && i < sizeof(d.hwaddr); i++)
            k += (size_t)snprintf(hw + k, sizeof(hw) - k, i ? ":%02x" : "%02x", d.hwaddr[i]);
        json_string(j, hw);
    } else {
        json_null(j);
    }
    json_object_end(j);
    json_key(j, "txqueuelen");
    if (d.txqlen >= 0)
        json_i64(j, d.txqlen);
    else
        json_null(j);
    json_object_end(j);
}

int interfaces_view(const struct options *o, struct platform *p, FILE *out, bool first)
{
    struct link_list ll = {0};
    int rc = interfaces_load(p, &ll);
    if (rc < 0) {
        free(ll.v);
        fprintf(stderr, "netstat: cannot read the interface table from %s: %s\n",
                strcmp(platform_last_source(p), "proc") == 0 ? "/proc/net/dev" : "rtnetlink",
                strerror(-rc));
        return EXIT_FAIL;
    }
    if (o->ifname) { /* --interface NAME: that one only, up or down */
        if (strcmp(o->ifname, "total") == 0) {
            free(ll.v);
            fprintf(stderr, "netstat: --interface total goes with --rate: the table has no "
                            "total line\n");
            return EXIT_USAGE;
        }
        size_t k = 0;
        for (size_t i = 0; i < ll.n; i++)
            if (strcmp(ll.v[i].name, o->ifname) == 0)
                ll.v[k++] = ll.v[i];
        ll.n = k;
        if (k == 0) {
            free(ll.v);
            fprintf(stderr, "netstat: --interface %s: no such interface\n", o->ifname);
            return EXIT_FAIL;
        }
    }
    if (first && !o->json)
        fputs("Kernel Interface table\n", out);
    struct addr6_list a6 = {0};
    if (o->extend > 1 || o->json) {
        rc = platform_link_addrs6(p, collect6, &a6);
        if (rc < 0 && rc != -ENOENT) {
            free(ll.v);
            free(a6.v);
            fprintf(stderr, "netstat: cannot read the IPv6 addresses from /proc/net/if_inet6: %s\n",
                    rc == -ENOTDIR ? "/proc is not mounted" : strerror(-rc));
            return EXIT_FAIL;
        }
    }
    struct json j;
    if (o->json) {
        json_init(&j, out);
        json_object_begin(&j);
        json_kv_string(&j, "view", "interfaces");
        view_json_netns(&j, p);
        json_key(&j, "interfaces");
        json_array_begin(&j);
    } else if (o->extend <= 1) {
        text_write_header(out, link_fields, LF_COUNT, (1u << LF_COUNT) - 1);
    }
    for (size_t i = 0; i < ll.n; i++) {
        if (!(ll.v[i].flags & LINK_UP) && !o->all && !o->ifname)
            continue;
        if (o->json)
            json_link(&j, p, &ll.v[i], &a6);
        else if (o->extend > 1)
            print_long(out, p, &ll.v[i], &a6);
        else
            print_link(out, &ll.v[i]);
    }
    if (o->json) {
        json_array_end(&j);
        json_object_end(&j);
        json_end_document(&j);
    }
    free(ll.v);
    free(a6.v);
    return EXIT_OK;
}
