/* Interface details for the extended view: the interface ioctls, and
 * /proc/net/if_inet6 for IPv6 addresses (what net-tools reads). */
#include "platform/platform.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <net/if.h>
#include <linux/if_addr.h>
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
    out->flags = v[3];
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
    int rc = text_each_line("/proc/net/if_inet6", read_line, &c);
    /* no file: no IPv6; no /proc/net at all: nothing to tell by */
    if (rc == -ENOENT && access("/proc/net", F_OK) != 0)
        rc = -ENOTDIR;
    return rc;
}

int linkinfo_ifconf(int (*fn)(int sock, const struct ifreq *ifr, void *ctx), void *ctx)
{
    int sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (sock < 0)
        return -errno;
    /* Ask with a growing buffer until the answer fits. */
    struct ifconf ifc = {0};
    char *buf = NULL;
    int rc = 0;
    for (size_t cap = 4096;; cap *= 2) {
        char *nb = realloc(buf, cap);
        if (!nb) {
            rc = -ENOMEM;
            goto out;
        }
        buf = nb;
        ifc.ifc_len = (int)cap;
        ifc.ifc_buf = buf;
        if (ioctl(sock, SIOCGIFCONF, &ifc) < 0) {
            rc = -errno;
            goto out;
        }
        if ((size_t)ifc.ifc_len + sizeof(struct ifreq) < cap || cap > (1u << 24))
            break;
    }
    for (size_t off = 0; off + sizeof(struct ifreq) <= (size_t)ifc.ifc_len && !rc;
         off += sizeof(struct ifreq)) {
        struct ifreq ifr;
        memcpy(&ifr, buf + off, sizeof(ifr));
        rc = fn(sock, &ifr, ctx);
    }
out:
    free(buf);
    close(sock);
    return rc;
}

struct addrs_ctx {
    int (*fn)(const struct iface_addr *, void *);
    void *ctx;
};

static unsigned prefix_of(const uint8_t mask[4])
{
    unsigned n = 0;
    for (int i = 0; i < 4; i++)
        n += (unsigned)__builtin_popcount(mask[i]);
    return n;
}

static int addr4(int sock, const struct ifreq *in, void *ctx)
{
    struct addrs_ctx *c = ctx;
    if (in->ifr_addr.sa_family != AF_INET)
        return 0;
    struct iface_addr a = {.family = FAM_INET};
    sin_bytes(&in->ifr_addr, a.addr.bytes);
    struct ifreq ifr = *in;
    uint8_t mask[4] = {255, 255, 255, 255};
    if (ioctl(sock, SIOCGIFNETMASK, &ifr) == 0)
        sin_bytes(&ifr.ifr_netmask, mask);
    a.prefix_len = (uint8_t)prefix_of(mask);
    ifr = *in;
    if (ioctl(sock, SIOCGIFINDEX, &ifr) == 0) /* an alias's label names its device */
        a.ifindex = (uint32_t)ifr.ifr_ifindex;
    /* The ioctls do not tell the scope: the kernel's defaults. */
    if (a.addr.bytes[0] == 127)
        a.scope = SCOPE_HOST;
    else if (a.addr.bytes[0] == 169 && a.addr.bytes[1] == 254)
        a.scope = SCOPE_LINK;
    else
        a.scope = SCOPE_GLOBAL;
    return c->fn(&a, c->ctx);
}

static int addr6(const struct link_addr6 *l, void *ctx)
{
    struct addrs_ctx *c = ctx;
    struct iface_addr a = {
        .family = FAM_INET6, .prefix_len = (uint8_t)l->prefix_len, .ifindex = l->ifindex};
    memcpy(a.addr.bytes, l->addr, 16);
    /* /proc/net/if_inet6 gives the address type's scope bits */
    if (l->scope & 0x10)
        a.scope = SCOPE_HOST;
    else if (l->scope & 0x20)
        a.scope = SCOPE_LINK;
    else if (l->scope & 0x40)
        a.scope = SCOPE_SITE;
    else
        a.scope = SCOPE_GLOBAL;
    a.tentative = (l->flags & (IFA_F_TENTATIVE | IFA_F_DADFAILED)) != 0;
    return c->fn(&a, c->ctx);
}

int linkinfo_addresses(int (*fn)(const struct iface_addr *, void *), void *ctx)
{
    struct addrs_ctx c = {fn, ctx};
    int rc = linkinfo_ifconf(addr4, &c);
    if (rc)
        return rc;
    rc = platform_link_addrs6(NULL, addr6, &c);
    return rc == -ENOENT ? 0 : rc; /* no IPv6 */
}
