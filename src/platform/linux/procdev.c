#include "platform/linux/procdev.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <net/if.h>

#include "platform/linux/linkinfo.h"
#include "platform/linux/textfile.h"

int procdev_parse(const char *line, size_t len, struct link_rec *out)
{
    const char *colon = memchr(line, ':', len);
    if (!colon)
        return (len && memchr(line, '|', len)) ? PROCNET_SKIP : PROCNET_BAD;
    const char *p = line, *end = line + len;
    while (p < colon && (*p == ' ' || *p == '\t'))
        p++;
    size_t nl = (size_t)(colon - p);
    memset(out, 0, sizeof(*out));
    if (nl == 0 || nl >= sizeof(out->name) || memchr(p, ' ', nl))
        return PROCNET_BAD;
    memcpy(out->name, p, nl);
    uint64_t v[16];
    p = colon + 1;
    for (int i = 0; i < 16; i++) {
        while (p < end && (*p == ' ' || *p == '\t'))
            p++;
        if (p >= end || *p < '0' || *p > '9')
            return PROCNET_BAD;
        uint64_t x = 0;
        while (p < end && *p >= '0' && *p <= '9') {
            uint64_t d = (uint64_t)(*p++ - '0');
            if (x > (UINT64_MAX - d) / 10)
                return PROCNET_BAD;
            x = x * 10 + d;
        }
        v[i] = x;
    }
    out->st = (struct link_stats){
        .rx_bytes = v[0],
        .rx_packets = v[1],
        .rx_errors = v[2],
        .rx_dropped = v[3],
        .rx_fifo = v[4],
        .rx_frame = v[5],
        .tx_bytes = v[8],
        .tx_packets = v[9],
        .tx_errors = v[10],
        .tx_dropped = v[11],
        .tx_fifo = v[12],
        .collisions = v[13],
        .tx_carrier = v[14],
    };
    out->has_stats = true;
    return PROCNET_OK;
}

struct read_ctx {
    int (*fn)(const struct link_rec *, void *);
    void *ctx;
    unsigned *bad;
    int sock;
};

static int read_line(const char *line, size_t n, void *ctx)
{
    struct read_ctx *c = ctx;
    struct link_rec r;
    int pr = procdev_parse(line, n, &r);
    if (!procnet_keep(pr, c->bad))
        return 0;
    struct ifreq ifr;
    memset(&ifr, 0, sizeof(ifr));
    memcpy(ifr.ifr_name, r.name, sizeof(r.name) < IFNAMSIZ ? sizeof(r.name) : IFNAMSIZ);
    if (ioctl(c->sock, SIOCGIFFLAGS, &ifr) == 0)
        r.flags = (uint16_t)ifr.ifr_flags;
    if (ioctl(c->sock, SIOCGIFMTU, &ifr) == 0)
        r.mtu = (uint32_t)ifr.ifr_mtu;
    r.ifindex = if_nametoindex(r.name);
    return c->fn(&r, c->ctx);
}

static int label_row(int sock, const struct ifreq *in, void *ctx)
{
    struct read_ctx *c = ctx;
    struct ifreq ifr = *in;
    if (!memchr(ifr.ifr_name, ':', strnlen(ifr.ifr_name, IFNAMSIZ)))
        return 0; /* a plain interface: listed already */
    struct link_rec r;
    memset(&r, 0, sizeof(r));
    memcpy(r.name, ifr.ifr_name, strnlen(ifr.ifr_name, IFNAMSIZ - 1));
    if (ioctl(sock, SIOCGIFFLAGS, &ifr) == 0)
        r.flags = (uint16_t)ifr.ifr_flags;
    if (ioctl(sock, SIOCGIFMTU, &ifr) == 0)
        r.mtu = (uint32_t)ifr.ifr_mtu;
    return c->fn(&r, c->ctx);
}

int procdev_labels(int (*fn)(const struct link_rec *, void *), void *ctx)
{
    struct read_ctx c = {fn, ctx, NULL, -1};
    return linkinfo_ifconf(label_row, &c);
}

int procdev_read(int (*fn)(const struct link_rec *, void *), void *ctx, unsigned *bad)
{
    int sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (sock < 0)
        sock = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (sock < 0)
        return -errno;
    struct read_ctx c = {fn, ctx, bad, sock};
    int rc = text_each_line("/proc/net/dev", read_line, &c);
    close(sock);
    return rc;
}
