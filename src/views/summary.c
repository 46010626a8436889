#include "views/summary.h"

#include <errno.h>
#include <string.h>

#include "render/json.h"
#include "views/spaces.h"
#include "views/view_json.h"

/* The counters, -1 where the kernel gave none. */
enum {
    C_SOCKETS,
    C_TCP_INUSE,
    C_TCP_ORPHAN,
    C_TCP_TW,
    C_TCP_ALLOC,
    C_TCP_MEM,
    C_UDP_INUSE,
    C_UDP_MEM,
    C_UDPLITE_INUSE,
    C_RAW_INUSE,
    C_FRAG_INUSE,
    C_FRAG_MEMORY,
    C_TCP6_INUSE,
    C_UDP6_INUSE,
    C_UDPLITE6_INUSE,
    C_RAW6_INUSE,
    C_FRAG6_INUSE,
    C_FRAG6_MEMORY,
    C_TCP_ESTAB,
    C_COUNT
};

static const struct {
    const char *section, *name;
} names[C_COUNT] = {
    [C_SOCKETS] = {"sockets", "used"},          [C_TCP_INUSE] = {"TCP", "inuse"},
    [C_TCP_ORPHAN] = {"TCP", "orphan"},         [C_TCP_TW] = {"TCP", "tw"},
    [C_TCP_ALLOC] = {"TCP", "alloc"},           [C_TCP_MEM] = {"TCP", "mem"},
    [C_UDP_INUSE] = {"UDP", "inuse"},           [C_UDP_MEM] = {"UDP", "mem"},
    [C_UDPLITE_INUSE] = {"UDPLITE", "inuse"},   [C_RAW_INUSE] = {"RAW", "inuse"},
    [C_FRAG_INUSE] = {"FRAG", "inuse"},         [C_FRAG_MEMORY] = {"FRAG", "memory"},
    [C_TCP6_INUSE] = {"TCP6", "inuse"},         [C_UDP6_INUSE] = {"UDP6", "inuse"},
    [C_UDPLITE6_INUSE] = {"UDPLITE6", "inuse"}, [C_RAW6_INUSE] = {"RAW6", "inuse"},
    [C_FRAG6_INUSE] = {"FRAG6", "inuse"},       [C_FRAG6_MEMORY] = {"FRAG6", "memory"},
    [C_TCP_ESTAB] = {"Tcp", "CurrEstab"},
};

struct counts {
    long long v[C_COUNT];
};

static int visit(const char *section, const char *name, uint64_t value, void *ctx)
{
    struct counts *c = ctx;
    for (int i = 0; i < C_COUNT; i++)
        if (strcmp(names[i].section, section) == 0 && strcmp(names[i].name, name) == 0)
            c->v[i] = (long long)value;
    return 0;
}

static int read_counts(struct platform *p, struct counts *c)
{
    for (int i = 0; i < C_COUNT; i++)
        c->v[i] = -1;
    int rc = platform_snmp(p, SNMP_SOCKSTAT, visit, c);
    if (rc < 0)
        return rc;
    platform_snmp(p, SNMP_SOCKSTAT6, visit, c); /* none without IPv6 */
    platform_snmp(p, SNMP_IPV4, visit, c);
    return 0;
}

static long long val(const struct counts *c, int i)
{
    return c->v[i] < 0 ? 0 : c->v[i];
}

/* Where ss -s computes, so do we: closed = allocated - (hashed - tw). */
static long long tcp_closed(const struct counts *c)
{
    return val(c, C_TCP_ALLOC) - (val(c, C_TCP_INUSE) + val(c, C_TCP6_INUSE) - val(c, C_TCP_TW));
}

static const struct {
    const char *text, *key;
    int v4, v6;
} transports[] = {
    {"RAW", "raw", C_RAW_INUSE, C_RAW6_INUSE},
    {"UDP", "udp", C_UDP_INUSE, C_UDP6_INUSE},
    {"UDPLITE", "udplite", C_UDPLITE_INUSE, C_UDPLITE6_INUSE},
    {"TCP", "tcp", C_TCP_INUSE, C_TCP6_INUSE},
    {"FRAG", "frag", C_FRAG_INUSE, C_FRAG6_INUSE},
};
#define N_TRANSPORTS (sizeof(transports) / sizeof(transports[0]))

static void text(const struct counts *c, const char *label, FILE *out)
{
    if (label)
        fprintf(out, "Namespace %s:\n", label);
    fprintf(out, "Total: %lld sockets\n", val(c, C_SOCKETS));
    fprintf(out,
            "TCP:   %lld (established %lld, closed %lld, orphaned %lld, time_wait %lld), "
            "memory %lld pages\n",
            val(c, C_TCP_ALLOC) + val(c, C_TCP_TW), val(c, C_TCP_ESTAB), tcp_closed(c),
            val(c, C_TCP_ORPHAN), val(c, C_TCP_TW), val(c, C_TCP_MEM));
    fprintf(out, "UDP:   memory %lld pages\n\n", val(c, C_UDP_MEM));
    fprintf(out, "Transport Total     IPv4      IPv6\n");
    long long inet4 = 0, inet6 = 0;
    for (size_t i = 0; i < N_TRANSPORTS; i++) {
        long long a = val(c, transports[i].v4), b = val(c, transports[i].v6);
        if (transports[i].v4 != C_FRAG_INUSE) {
            inet4 += a;
            inet6 += b;
        }
        if (transports[i].v4 == C_FRAG_INUSE)
            fprintf(out, "%-9s %-9lld %-9lld %lld\n", "INET", inet4 + inet6, inet4, inet6);
        fprintf(out, "%-9s %-9lld %-9lld %lld\n", transports[i].text, a + b, a, b);
    }
    fprintf(out, "FRAG memory: %lld bytes IPv4, %lld bytes IPv6\n", val(c, C_FRAG_MEMORY),
            val(c, C_FRAG6_MEMORY));
}

static void kv(struct json *j, const char *key, const struct counts *c, int i)
{
    json_key(j, key);
    if (c->v[i] < 0)
        json_null(j);
    else
        json_i64(j, c->v[i]);
}

static void json_one(struct json *j, const struct counts *c, const struct netns *ns)
{
    json_object_begin(j);
    if (ns)
        view_json_netns_member(j, ns);
    kv(j, "sockets", c, C_SOCKETS);
    json_key(j, "tcp");
    json_object_begin(j);
    /* TIME_WAIT sockets are not allocated as full sockets: the total
     * counts both, as ss -s does. */
    json_kv_i64(j, "total", val(c, C_TCP_ALLOC) + val(c, C_TCP_TW));
    kv(j, "allocated", c, C_TCP_ALLOC);
    kv(j, "established", c, C_TCP_ESTAB);
    json_kv_i64(j, "closed", tcp_closed(c));
    kv(j, "orphaned", c, C_TCP_ORPHAN);
    kv(j, "time_wait", c, C_TCP_TW);
    kv(j, "memory_pages", c, C_TCP_MEM);
    json_object_end(j);
    json_key(j, "udp");
    json_object_begin(j);
    kv(j, "memory_pages", c, C_UDP_MEM);
    json_object_end(j);
    json_key(j, "transports");
    json_object_begin(j);
    for (size_t i = 0; i < N_TRANSPORTS; i++) {
        json_key(j, transports[i].key);
        json_object_begin(j);
        kv(j, "inet", c, transports[i].v4);
        kv(j, "inet6", c, transports[i].v6);
        if (transports[i].v4 == C_FRAG_INUSE) {
            kv(j, "memory_inet", c, C_FRAG_MEMORY);
            kv(j, "memory_inet6", c, C_FRAG6_MEMORY);
        }
        json_object_end(j);
    }
    json_object_end(j);
    json_object_end(j);
}

int summary_view(const struct options *o, struct platform *p, const struct netns_list *nss,
                 FILE *out)
{
    struct spaces sp;
    if (spaces_init(&sp, p, nss, o->source) < 0) {
        fprintf(stderr, "netstat: out of memory\n");
        return EXIT_FAIL;
    }
    struct json j;
    if (o->json) {
        json_init(&j, out);
        json_object_begin(&j);
        json_kv_string(&j, "view", "summary");
        view_json_netns(&j, p);
        json_key(&j, "summaries");
        json_array_begin(&j);
    }
    int rc = 0;
    for (size_t i = 0; i < sp.n; i++) {
        struct platform *q = spaces_open(&sp, i, out);
        if (!q)
            continue;
        struct counts c;
        int g = read_counts(q, &c);
        if (g < 0) {
            fflush(out);
            fprintf(stderr, "netstat: cannot read the socket counters (/proc/net/sockstat): %s\n",
                    strerror(-g));
            rc = EXIT_FAIL;
            continue;
        }
        if (o->json) {
            json_one(&j, &c, sp.v[i].ns);
        } else {
            if (i > 0)
                fputc('\n', out);
            text(&c, sp.v[i].ns ? sp.v[i].label : NULL, out);
        }
    }
    if (o->json) {
        json_array_end(&j);
        json_object_end(&j);
        json_end_document(&j);
    }
    spaces_note(&sp, nss, out);
    if (sp.failed)
        rc = EXIT_FAIL;
    spaces_free(&sp);
    return rc;
}
