#include "platform/linux/procroute.h"

#include <string.h>

#include "platform/linux/textfile.h"

/* "veth-a0\t00000000\t010200C0\t0003\t0\t0\t100\t00000000\t0\t0\t0" */
int procroute_parse(const char *line, size_t len, struct route_rec *out)
{
    if (len >= 5 && memcmp(line, "Iface", 5) == 0)
        return PROCNET_SKIP;
    memset(out, 0, sizeof(*out));
    out->family = FAM_INET;
    size_t i = 0, n = 0;
    while (i < len && line[i] != '\t' && line[i] != ' ') {
        if (n + 1 >= sizeof(out->ifname))
            return PROCNET_BAD;
        out->ifname[n++] = line[i++];
    }
    if (n == 0)
        return PROCNET_BAD;
    uint64_t v[10];
    /* dst gw flags refcnt use metric mask mtu window irtt: hex, hex, hex,
     * then decimal except the mask. */
    static const int hex[10] = {1, 1, 1, 0, 0, 0, 1, 0, 0, 0};
    for (int f = 0; f < 10; f++) {
        while (i < len && (line[i] == '\t' || line[i] == ' '))
            i++;
        uint64_t x = 0;
        size_t start = i;
        int neg = 0;
        if (!hex[f] && i < len && line[i] == '-') {
            neg = 1;
            i++;
        }
        while (i < len) {
            int d = hex[f] ? text_hexval(line[i])
                           : (line[i] >= '0' && line[i] <= '9' ? line[i] - '0' : -1);
            if (d < 0)
                break;
            x = x * (hex[f] ? 16 : 10) + (uint64_t)d;
            if (x > UINT32_MAX)
                return PROCNET_BAD;
            i++;
        }
        if (i == start + (size_t)neg)
            return PROCNET_BAD;
        v[f] = neg ? 0 : x;
    }
    uint32_t dst = (uint32_t)v[0], gw = (uint32_t)v[1], mask = (uint32_t)v[6];
    memcpy(out->dst.bytes, &dst, 4);
    memcpy(out->gateway.bytes, &gw, 4);
    memcpy(out->mask.bytes, &mask, 4);
    out->flags = (uint32_t)v[2];
    out->metric = (uint32_t)v[5];
    out->mss = (uint32_t)v[7];
    out->window = (uint32_t)v[8];
    out->irtt = (uint32_t)v[9];
    return PROCNET_OK;
}

/* 32 hex digits of an address, then a separator. */
static size_t take_addr6(const char *l, size_t i, size_t len, struct sock_addr *a)
{
    for (int b = 0; b < 16; b++, i += 2) {
        if (i + 2 > len || text_hexval(l[i]) < 0 || text_hexval(l[i + 1]) < 0)
            return 0;
        a->bytes[b] = (uint8_t)(text_hexval(l[i]) << 4 | text_hexval(l[i + 1]));
    }
    return i < len && l[i] == ' ' ? i + 1 : 0;
}

static size_t take_hex32(const char *l, size_t i, size_t len, uint32_t *v, int digits)
{
    uint32_t x = 0;
    for (int d = 0; d < digits; d++, i++) {
        if (i >= len || text_hexval(l[i]) < 0)
            return 0;
        x = x << 4 | (uint32_t)text_hexval(l[i]);
    }
    *v = x;
    return i < len && (l[i] == ' ' || l[i] == '\t') ? i + 1 : 0;
}

/* "dst plen src slen nexthop metric refcnt use flags dev" */
int procroute6_parse(const char *line, size_t len, struct route_rec *out)
{
    memset(out, 0, sizeof(*out));
    out->family = FAM_INET6;
    struct sock_addr src;
    uint32_t plen, slen;
    size_t i = take_addr6(line, 0, len, &out->dst);
    if (i)
        i = take_hex32(line, i, len, &plen, 2);
    if (i)
        i = take_addr6(line, i, len, &src);
    if (i)
        i = take_hex32(line, i, len, &slen, 2);
    if (i)
        i = take_addr6(line, i, len, &out->gateway);
    if (i)
        i = take_hex32(line, i, len, &out->metric, 8);
    if (i)
        i = take_hex32(line, i, len, &out->refcnt, 8);
    if (i)
        i = take_hex32(line, i, len, &out->use, 8);
    if (i)
        i = take_hex32(line, i, len, &out->flags, 8);
    if (!i || plen > 128)
        return PROCNET_BAD;
    out->prefix_len = (uint8_t)plen;
    size_t n = text_last_word(line, i, len, out->ifname, sizeof(out->ifname));
    return n ? PROCNET_OK : PROCNET_BAD;
}

struct read_ctx {
    int (*fn)(const struct route_rec *, void *);
    void *ctx;
    unsigned *bad;
    int v6;
};

static int read_line(const char *line, size_t n, void *ctx)
{
    struct read_ctx *c = ctx;
    struct route_rec r;
    if (!procnet_keep(c->v6 ? procroute6_parse(line, n, &r) : procroute_parse(line, n, &r), c->bad))
        return 0;
    return c->fn(&r, c->ctx);
}

int procroute_read(int (*fn)(const struct route_rec *, void *), void *ctx, unsigned *bad)
{
    struct read_ctx c = {fn, ctx, bad, 0};
    return text_each_line("/proc/net/route", read_line, &c);
}

int procroute6_read(int (*fn)(const struct route_rec *, void *), void *ctx, unsigned *bad)
{
    struct read_ctx c = {fn, ctx, bad, 1};
    return text_each_line("/proc/net/ipv6_route", read_line, &c);
}
