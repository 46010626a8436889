#include "views/routes.h"

#include <errno.h>
#include <string.h>

#include "render/json.h"
#include "resolve/names.h"
#include "views/notes.h"
#include "util/escape.h"
#include "views/view_json.h"

/* net-tools' three layouts: ext 1 (-e), 2 (default), 3 (-ee). Each
 * column's width lives here, in one place per layout. */
static const char *const headers[4] = {
    [1] = "Destination     Gateway         Genmask         Flags Metric Ref    Use Iface\n",
    [2] = "Destination     Gateway         Genmask         Flags   MSS Window  irtt Iface\n",
    [3] = "Destination     Gateway         Genmask         Flags Metric Ref    Use Iface    "
          "MSS   Window irtt\n",
};

struct routes_ctx {
    const struct options *o;
    struct names *names;
    FILE *out;
    int ext;
    struct json *j; /* --json, else NULL */
};

static void flag_text(uint32_t f, char *b, size_t n);
static void flag6_text(uint32_t f, char *b);

/* ---- --json ---- */

static unsigned mask_len(const struct sock_addr *m)
{
    unsigned n = 0;
    for (int i = 0; i < 4; i++)
        for (int b = 7; b >= 0 && (m->bytes[i] >> b) & 1; b--)
            n++;
    return n;
}

/* One route; the names (host or network) beside the numbers unless -n. */
static int route_json(struct json *j, struct names *names, const struct route_rec *r, bool numeric,
                      FILE *out)
{
    static const struct {
        uint32_t bit;
        const char *name;
    } flag_names[] = {
        {ROUTE_UP, "up"},
        {ROUTE_GATEWAY, "gateway"},
        {ROUTE_HOST, "host"},
        {ROUTE_REINSTATE, "reinstate"},
        {ROUTE_DYNAMIC, "dynamic"},
        {ROUTE_MODIFIED, "modified"},
        {ROUTE_REJECT, "reject"},
        {ROUTE_DEFAULT, "default"},
        {ROUTE_ALLONLINK, "allonlink"},
        {ROUTE_ADDRCONF, "addrconf"},
        {ROUTE_NONEXTHOP, "nonexthop"},
        {ROUTE_EXPIRES, "expires"},
        {ROUTE_CACHE, "cache"},
        {ROUTE_FLOW, "flow"},
    };
    static const struct sock_addr all_ones = {{0xff, 0xff, 0xff, 0xff}};
    bool v4 = r->family == FAM_INET;
    char b[64];
    json_object_begin(j);
    json_kv_string(j, "family", v4 ? "inet" : "inet6");
    view_json_addr(r->family, &r->dst, b, sizeof(b));
    json_kv_string(j, "destination", b);
    json_kv_u64(j, "prefix_length", v4 ? mask_len(&r->mask) : r->prefix_len);
    if (v4) {
        view_json_addr(FAM_INET, &r->mask, b, sizeof(b));
        json_kv_string(j, "genmask", b);
    }
    const char *name = NULL;
    if (!numeric) {
        view_json_addr(r->family, &r->dst, b, sizeof(b));
        name = v4 ? names_route(names, &r->dst, &r->mask, r->flags & ROUTE_HOST, true, false)
                  : names_host(names, FAM_INET6, &r->dst, false);
        if (strcmp(name, b) == 0 || (!v4 && sock_addr_is_any(FAM_INET6, &r->dst)))
            name = NULL;
    }
    json_kv_string(j, "destination_name", name);
    bool has_gw = (r->flags & ROUTE_GATEWAY) != 0;
    view_json_addr(r->family, &r->gateway, b, sizeof(b));
    json_kv_string(j, "gateway", has_gw ? b : NULL);
    name = NULL;
    if (has_gw && !numeric) {
        name = v4 ? names_route(names, &r->gateway, &all_ones, true, false, false)
                  : names_host(names, FAM_INET6, &r->gateway, false);
        if (strcmp(name, b) == 0)
            name = NULL;
    }
    json_kv_string(j, "gateway_name", name);
    json_key(j, "flags");
    json_array_begin(j);
    for (size_t i = 0; i < sizeof(flag_names) / sizeof(flag_names[0]); i++)
        if (r->flags & flag_names[i].bit)
            json_string(j, flag_names[i].name);
    json_array_end(j);
    char letters[32];
    if (v4)
        flag_text(r->flags, letters, sizeof(letters));
    else
        flag6_text(r->flags, letters);
    json_kv_string(j, "flags_text", letters);
    json_kv_u64(j, "metric", r->metric);
    json_key(j, "interface");
    if (strcmp(r->ifname, "*") == 0 || (r->flags & ROUTE_REJECT && v4))
        json_null(j);
    else
        json_string_n(j, r->ifname, strnlen(r->ifname, sizeof(r->ifname)));
    if (v4) {
        json_kv_u64(j, "mss", r->mss);
        json_kv_u64(j, "window", r->window);
        json_kv_u64(j, "irtt", r->irtt);
    } else {
        json_kv_u64(j, "refcnt", r->refcnt);
        json_kv_u64(j, "use", r->use);
    }
    json_object_end(j);
    return ferror(out) ? -EIO : 0;
}

static void cut15(char *dst, const char *src)
{
    snprintf(dst, 16, "%s", src);
}

static void flag_text(uint32_t f, char *b, size_t n)
{
    b[0] = '\0';
    if (f & ROUTE_UP)
        strcat(b, "U");
    if (f & ROUTE_GATEWAY)
        strcat(b, "G");
    if (f & ROUTE_REJECT)
        strcpy(b, "!");
    if (f & ROUTE_HOST)
        strcat(b, "H");
    if (f & ROUTE_REINSTATE)
        strcat(b, "R");
    if (f & ROUTE_DYNAMIC)
        strcat(b, "D");
    if (f & ROUTE_MODIFIED)
        strcat(b, "M");
    (void)n;
}

static int route_visit(const struct route_rec *r, void *ctx)
{
    struct routes_ctx *c = ctx;
    /* net-tools' route tables treat -N (symbolic) as numeric too. */
    bool numeric = (c->o->numeric & NUM_HOST) || c->o->symbolic;
    if (c->j)
        return route_json(c->j, c->names, r, numeric, c->out);
    char dst[16], gw[16], mask[16], flags[16];
    char iface[ESCAPE_TERM_MAX(16)];
    static const struct sock_addr all_ones = {{0xff, 0xff, 0xff, 0xff}};
    cut15(dst, names_route(c->names, &r->dst, &r->mask, r->flags & ROUTE_HOST, true, numeric));
    cut15(gw, names_route(c->names, &r->gateway, &all_ones, true, false, numeric));
    cut15(mask, names_route(c->names, &r->mask, &all_ones, true, false, true));
    flag_text(r->flags, flags, sizeof(flags));
    escape_term(r->ifname, strnlen(r->ifname, sizeof(r->ifname)), iface);
    bool reject = r->flags & ROUTE_REJECT;
    FILE *out = c->out;
    switch (c->ext) {
    case 1:
        if (reject)
            fprintf(out, "%-15s -               %-15s %-5s %-6u -  %7d -\n", dst, mask, flags,
                    r->metric, 0);
        else
            fprintf(out, "%-15s %-15s %-15s %-5s %-6u %-2d %7d %s\n", dst, gw, mask, flags,
                    r->metric, 0, 0, iface);
        break;
    case 2:
        if (reject)
            fprintf(out, "%-15s -               %-15s %-5s     - -          - -\n", dst, mask,
                    flags);
        else
            fprintf(out, "%-15s %-15s %-15s %-5s %5u %-5u %6u %s\n", dst, gw, mask, flags, r->mss,
                    r->window, r->irtt, iface);
        break;
    default:
        if (reject)
            fprintf(out, "%-15s -               %-15s %-5s %-6u -  %7d -        -     -      -\n",
                    dst, mask, flags, r->metric, 0);
        else
            fprintf(out, "%-15s %-15s %-15s %-5s %-6u %-3d %6d %-6.6s   %-5u %-6u %u\n", dst, gw,
                    mask, flags, r->metric, 0, 0, iface, r->mss, r->window, r->irtt);
        break;
    }
    return ferror(out) ? -EIO : 0;
}

/* ---- IPv6 ---- */

struct routes6_ctx {
    struct names *names;
    FILE *out;
    bool numeric;
    bool cache;     /* list cache entries (-C) instead of the table */
    struct json *j; /* --json, else NULL */
};

static void flag6_text(uint32_t f, char *b)
{
    static const struct {
        uint32_t bit;
        const char *s;
    } letters[] = {
        {ROUTE_UP, "U"},      {ROUTE_REJECT, "!"},   {ROUTE_GATEWAY, "G"},   {ROUTE_HOST, "H"},
        {ROUTE_DEFAULT, "D"}, {ROUTE_ADDRCONF, "A"}, {ROUTE_CACHE, "C"},     {ROUTE_ALLONLINK, "a"},
        {ROUTE_EXPIRES, "e"}, {ROUTE_MODIFIED, "m"}, {ROUTE_NONEXTHOP, "n"}, {ROUTE_FLOW, "f"},
    };
    b[0] = '\0';
    for (size_t i = 0; i < sizeof(letters) / sizeof(letters[0]); i++)
        if (f & letters[i].bit)
            strcat(b, letters[i].s);
}

static int route6_visit(const struct route_rec *r, void *ctx)
{
    struct routes6_ctx *c = ctx;
    if (!(r->flags & ROUTE_CACHE) != !c->cache)
        return 0;
    /* The cache listing is always numeric, as net-tools' is. */
    bool numeric = c->numeric || c->cache;
    if (c->j)
        return route_json(c->j, c->names, r, numeric, c->out);
    char dst[160], gw[128], flags[32];
    char iface[ESCAPE_TERM_MAX(16)];
    snprintf(dst, sizeof(dst), "%s/%u", names_host(c->names, FAM_INET6, &r->dst, numeric),
             r->prefix_len);
    snprintf(gw, sizeof(gw), "%s", names_host(c->names, FAM_INET6, &r->gateway, numeric));
    flag6_text(r->flags, flags);
    escape_term(r->ifname, strnlen(r->ifname, sizeof(r->ifname)), iface);
    fprintf(c->out, "%-30s %-26s %-4s %-3d %-1d %6d %s\n", dst, gw, flags, (int)r->metric,
            (int)r->refcnt, (int)r->use, iface);
    return ferror(c->out) ? -EIO : 0;
}

static int inet6_tables(const struct options *o, struct platform *p, FILE *out, struct json *j)
{
    static const char header[] = "Destination                    Next Hop                   "
                                 "Flag Met Ref  Use If\n";
    bool numeric = (o->numeric & NUM_HOST) || o->symbolic;
    for (int pass = 0; pass < 2; pass++) {
        bool cache = pass == 1;
        if (cache ? !o->cache : !(o->fib || !o->cache))
            continue;
        struct names *names = names_new();
        if (!names)
            return EXIT_FAIL;
        if (!j) {
            fputs(cache ? "Kernel IPv6 routing cache\n" : "Kernel IPv6 routing table\n", out);
            fputs(header, out);
        }
        struct routes6_ctx c = {names, out, numeric, cache, j};
        int g = platform_routes(p, FAM_INET6, route6_visit, &c);
        names_free(names);
        note_unresolved(out);
        if (g < 0 && !ferror(out)) {
            fprintf(stderr,
                    "netstat: cannot read the IPv6 routing table from /proc/net/ipv6_route: %s\n",
                    strerror(-g));
            return EXIT_FAIL;
        }
    }
    return EXIT_OK;
}

/* ---- IPv4 ---- */

static int inet_tables(const struct options *o, struct platform *p, FILE *out, struct json *j)
{
    /* net-tools swaps the first two -e levels for routes. */
    int ext = o->extend == 1 ? 2 : (o->extend == 2 ? 1 : o->extend);
    if (o->fib || !o->cache) {
        struct names *names = names_new();
        if (!names)
            return EXIT_FAIL;
        if (!j) {
            fputs("Kernel IP routing table\n", out);
            fputs(headers[ext], out);
        }
        struct routes_ctx c = {o, names, out, ext, j};
        int g = platform_routes(p, FAM_INET, route_visit, &c);
        names_free(names);
        note_unresolved(out);
        if (g < 0 && !ferror(out)) {
            fprintf(stderr, "netstat: cannot read the routing table from %s: %s\n",
                    strcmp(platform_last_source(p), "proc") == 0 ? "/proc/net/route" : "rtnetlink",
                    strerror(-g));
            return EXIT_FAIL;
        }
    }
    if (o->cache && !j) {
        /* Kernels since 3.6 keep no IPv4 routing cache: net-tools prints
         * the title and the header of an empty table. */
        static const char *const cache_headers[4] = {
            [1] = "Source          Destination     Gateway         Flags Metric Ref    Use Iface\n",
            [2] =
                "Source          Destination     Gateway         Flags   MSS Window  irtt Iface\n",
            [3] =
                "Source          Destination     Gateway         Flags Metric Ref    Use Iface    "
                "MSS   Window irtt  TOS HHRef HHUptod     SpecDst\n",
        };
        fputs("Kernel IP routing cache\n", out);
        fputs(cache_headers[ext], out);
    }
    return EXIT_OK;
}

/* One table per family named, in the order named (inet by default); the
 * first family that cannot be shown ends the run, with net-tools' words. */
int routes_view(const struct options *o, struct platform *p, FILE *out)
{
    static const char *const dflt[] = {"inet"};
    const char *const *names = o->n_afname ? o->afname : dflt;
    int n = o->n_afname ? o->n_afname : 1;
    struct json jd, *j = NULL;
    if (o->json) {
        j = &jd;
        json_init(j, out);
        json_object_begin(j);
        json_kv_string(j, "view", "routes");
        view_json_netns(j, p);
        json_key(j, "routes");
        json_array_begin(j);
    }
    int rc = EXIT_OK;
    for (int i = 0; i < n && !rc; i++) {
        if (strcmp(names[i], "inet") == 0) {
            rc = inet_tables(o, p, out, j);
        } else if (strcmp(names[i], "inet6") == 0) {
            rc = inet6_tables(o, p, out, j);
        } else if (strcmp(names[i], "ddp") == 0) {
            fflush(out);
            fprintf(stderr, "Error opening /proc/net/atalk_route: No such file or directory\n"
                            "DDP (AppleTalk) not configured on this system.\n");
            rc = EXIT_FAIL;
        } else if (strcmp(names[i], "ax25") == 0) {
            fprintf(stderr, "/proc/net/ax25_route: No such file or directory\n");
            if (!j)
                fputs("AX.25 not configured in this system.\n", out);
            rc = EXIT_FAIL;
        } else {
            fflush(out);
            fprintf(stderr, "No routing for address family `%s'.\n", names[i]);
            rc = EXIT_USAGE;
        }
    }
    if (j) {
        /* The document stays whole; stderr says what went wrong. */
        json_array_end(j);
        json_object_end(j);
        json_end_document(j);
    }
    return rc;
}
