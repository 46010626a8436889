/* Interface details for the extended view: the interface ioctls, and
 * /proc/net/if_inet6 for IPv6 addresses (what net-tools reads). */
#include "platform/platform.h"

#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <net/if.h>
#include <netinet/in.h>

#include "platform/linux/linkinfo.h"
#include "platform/linux/procnet.h"
#include "platform/linux/textfile.h"

static void sin_bytes(const struct sockaddr *sa, uint8_t out[4])
{
    const struct sockaddr_in *sin = (const struct sockaddr_in *)(const void *)sa;
    memcpy(out, &sin->sin_addr, 4);
}

int platform_link_detail(struct platform *p, const char *name, struct link_detail *out)
{
    (void)p;
    memset(out, 0, sizeof(*out));
    out->hwtype = -1;
    out->txqlen = -1;
    int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s < 0)
        return -errno;
    struct ifreq ifr;
    memset(&ifr, 0, sizeof(ifr));
    strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
    if (ioctl(s, SIOCGIFADDR, &ifr) == 0 && ifr.ifr_addr.sa_family == AF_INET) {
        out->has_ipv4 = true;
        sin_bytes(&ifr.ifr_addr, out->addr4);
        if (ioctl(s, SIOCGIFNETMASK, &ifr) == 0)
            sin_bytes(&ifr.ifr_netmask, out->mask4);
        if (ioctl(s, SIOCGIFBRDADDR, &ifr) == 0)
            sin_bytes(&ifr.ifr_broadaddr, out->brd4);
        if (ioctl(s, SIOCGIFDSTADDR, &ifr) == 0)
            sin_bytes(&ifr.ifr_dstaddr, out->dst4);
    }
    if (ioctl(s, SIOCGIFHWADDR, &ifr) == 0) {
        out->hwtype = ifr.ifr_hwaddr.sa_family;
        out->hwlen = sizeof(ifr.ifr_hwaddr.sa_data);
        memcpy(out->hwaddr, ifr.ifr_hwaddr.sa_data, out->hwlen);
    }
    if (ioctl(s, SIOCGIFTXQLEN, &ifr) == 0)
        out->txqlen = ifr.ifr_qlen;
    if (ioctl(s, SIOCGIFMAP, &ifr) == 0) {
        out->irq = ifr.ifr_map.irq;
        out->base_addr = ifr.ifr_map.base_addr;
        out->dma = ifr.ifr_map.dma;
        out->mem_start = ifr.ifr_map.mem_start;
        out->mem_end = ifr.ifr_map.mem_end;
    }
    close(s);
    return 0;
}

int linkinfo_parse_inet6(const char *line, size_t len, struct link_addr6 *out)
{
    /* "fe8000000000000004a992fffe26eb4a 04 40 20 c0      br0" */
    memset(out, 0, sizeof(*out));
    size_t i = 0;
    for (int b = 0; b < 16; b++, i += 2) {
        if (i + 2 > len || text_hexval(line[i]) < 0 || text_hexval(line[i + 1]) < 0)
            return PROCNET_BAD;
        out->addr[b] = (uint8_t)(text_hexval(line[i]) << 4 | text_hexval(line[i + 1]));
    }
    unsigned v[4];
    for (int f = 0; f < 4; f++) {
        while (i < len && line[i] == ' ')
            i++;
        unsigned x = 0;
        size_t start = i;
        while (i < len && text_hexval(line[i]) >= 0 && i - start < 8)
            x = x << 4 | (unsigned)text_hexval(line[i++]);
        if (i == start)
            return PROCNET_BAD;
        v[f] = x;
    }
    size_t n = text_last_word(line, i, len, out->ifname, sizeof(out->ifname));
    if (!n || v[1] > 128)
        return PROCNET_BAD;
    out->ifindex = v[0];
    out->prefix_len = v[1];
    out->scope = v[2];
    return PROCNET_OK;
}

struct read_ctx {
    int (*fn)(const struct link_addr6 *, void *);
    void *ctx;
};

static int read_line(const char *line, size_t n, void *ctx)
{
    struct read_ctx *c = ctx;
    struct link_addr6 a;
    if (!procnet_keep(linkinfo_parse_inet6(line, n, &a), NULL))
        return 0;
    return c->fn(&a, c->ctx);
}

int platform_link_addrs6(struct platform *p, int (*fn)(const struct link_addr6 *, void *),
                         void *ctx)
{
    (void)p;
    struct read_ctx c = {fn, ctx};
    return text_each_line("/proc/net/if_inet6", read_line, &c);
}
