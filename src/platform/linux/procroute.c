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

struct read_ctx {
    int (*fn)(const struct route_rec *, void *);
    void *ctx;
    unsigned *bad;
};

static int read_line(const char *line, size_t n, void *ctx)
{
    struct read_ctx *c = ctx;
    struct route_rec r;
    if (!procnet_keep(procroute_parse(line, n, &r), c->bad))
        return 0;
    return c->fn(&r, c->ctx);
}

int procroute_read(int (*fn)(const struct route_rec *, void *), void *ctx, unsigned *bad)
{
    struct read_ctx c = {fn, ctx, bad};
    return text_each_line("/proc/net/route", read_line, &c);
}
