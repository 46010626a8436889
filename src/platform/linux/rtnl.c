#include "platform/linux/rtnl.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libmnl/libmnl.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <arpa/inet.h>
#include <net/if.h>

#include "platform/linux/nsenter.h"

#include "platform/linux/nlattr.h"
#include "platform/linux/nldump.h"
#include "util/grow.h"

struct link_tb {
    const struct nlattr *tb[IFLA_MAX + 1];
};

int rtnl_parse_link(const void *msg, size_t len, struct link_rec *out)
{
    const struct nlmsghdr *nlh = msg;
    if (len < sizeof(*nlh) || nlh->nlmsg_len < NLMSG_LENGTH(sizeof(struct ifinfomsg)) ||
        nlh->nlmsg_len > len || nlh->nlmsg_type != RTM_NEWLINK)
        return -1;
    const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
    struct link_tb t;
    if (nl_attrs_table(nlh, sizeof(*ifi), t.tb, IFLA_MAX) < 0)
        return -1;

    memset(out, 0, sizeof(*out));
    out->ifindex = (uint32_t)ifi->ifi_index;
    /* The interface ioctl reports the low 16 bits; so do we. */
    out->flags = ifi->ifi_flags & 0xFFFF;
    if (!t.tb[IFLA_IFNAME])
        return -1;
    size_t nl = mnl_attr_get_payload_len(t.tb[IFLA_IFNAME]);
    const char *name = mnl_attr_get_payload(t.tb[IFLA_IFNAME]);
    nl = strnlen(name, nl);
    if (nl == 0 || nl >= sizeof(out->name))
        return -1;
    memcpy(out->name, name, nl);
    if (t.tb[IFLA_MTU] && mnl_attr_get_payload_len(t.tb[IFLA_MTU]) >= 4)
        out->mtu = mnl_attr_get_u32(t.tb[IFLA_MTU]);
    if (t.tb[IFLA_STATS64] &&
        mnl_attr_get_payload_len(t.tb[IFLA_STATS64]) >= sizeof(struct rtnl_link_stats64)) {
        struct rtnl_link_stats64 s;
        memcpy(&s, mnl_attr_get_payload(t.tb[IFLA_STATS64]), sizeof(s));
        /* The same sums /proc/net/dev prints. */
        out->st = (struct link_stats){
            .rx_packets = s.rx_packets,
            .rx_bytes = s.rx_bytes,
            .rx_errors = s.rx_errors,
            .rx_dropped = s.rx_dropped + s.rx_missed_errors,
            .rx_fifo = s.rx_fifo_errors,
            .rx_frame = s.rx_length_errors + s.rx_over_errors + s.rx_crc_errors + s.rx_frame_errors,
            .tx_packets = s.tx_packets,
            .tx_bytes = s.tx_bytes,
            .tx_errors = s.tx_errors,
            .tx_dropped = s.tx_dropped,
            .tx_fifo = s.tx_fifo_errors,
            .tx_carrier = s.tx_carrier_errors + s.tx_aborted_errors + s.tx_window_errors +
                          s.tx_heartbeat_errors,
            .collisions = s.collisions,
        };
        out->has_stats = true;
    }
    return 0;
}

struct links_ctx {
    int (*fn)(const struct link_rec *, void *);
    void *ctx;
    int visit_rc;
};

static int link_msg_cb(const struct nlmsghdr *nlh, void *data)
{
    struct links_ctx *c = data;
    struct link_rec r;
    if (rtnl_parse_link(nlh, nlh->nlmsg_len, &r) < 0)
        return MNL_CB_OK;
    c->visit_rc = c->fn(&r, c->ctx);
    return c->visit_rc ? MNL_CB_STOP : MNL_CB_OK;
}

/* One dump request on a fresh NETLINK_ROUTE socket; cb runs per reply. */
static int rtnl_dump(int nsfd, int type, int family, mnl_cb_t cb, void *data, const int *visit_rc)
{
    struct mnl_socket *nl = ns_mnl_open(nsfd, NETLINK_ROUTE);
    if (!nl)
        return -errno;
    char req[MNL_SOCKET_BUFFER_SIZE];
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(req);
    nlh->nlmsg_type = (uint16_t)type;
    nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
    nlh->nlmsg_seq = (uint32_t)time(NULL);
    if (type == RTM_GETLINK) {
        struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
        ifi->ifi_family = (uint8_t)family;
    } else if (type == RTM_GETADDR) {
        struct ifaddrmsg *ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
        ifa->ifa_family = (uint8_t)family;
    } else {
        struct rtmsg *rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
        rtm->rtm_family = (uint8_t)family;
    }
    int rc = nl_dump(nl, nlh, cb, data, visit_rc);
    mnl_socket_close(nl);
    return rc;
}

int rtnl_links(int nsfd, int (*fn)(const struct link_rec *, void *), void *ctx)
{
    struct links_ctx c = {fn, ctx, 0};
    return rtnl_dump(nsfd, RTM_GETLINK, AF_UNSPEC, link_msg_cb, &c, &c.visit_rc);
}

/* ---- routes ---- */

struct route_tb {
    const struct nlattr *tb[RTA_MAX + 1];
};

static int metric_attr_cb(const struct nlattr *attr, void *data)
{
    uint32_t *m = data;
    uint16_t type = mnl_attr_get_type(attr);
    if (type <= RTAX_MAX && mnl_attr_get_payload_len(attr) >= 4)
        m[type] = mnl_attr_get_u32(attr);
    return MNL_CB_OK;
}

int rtnl_parse_route4(const void *msg, size_t len, struct route_rec *out, uint32_t *oif)
{
    const struct nlmsghdr *nlh = msg;
    if (len < sizeof(*nlh) || nlh->nlmsg_len < NLMSG_LENGTH(sizeof(struct rtmsg)) ||
        nlh->nlmsg_len > len || nlh->nlmsg_type != RTM_NEWROUTE)
        return -1;
    const struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);
    struct route_tb t;
    if (nl_attrs_table(nlh, sizeof(*rtm), t.tb, RTA_MAX) < 0)
        return -1;
    if (rtm->rtm_family != AF_INET || rtm->rtm_dst_len > 32)
        return -1;
    uint32_t table = rtm->rtm_table;
    if (t.tb[RTA_TABLE] && mnl_attr_get_payload_len(t.tb[RTA_TABLE]) >= 4)
        table = mnl_attr_get_u32(t.tb[RTA_TABLE]);
    /* What /proc/net/route shows: the main table, no broadcast or
     * multicast entries. */
    if (table != RT_TABLE_MAIN || rtm->rtm_type == RTN_BROADCAST || rtm->rtm_type == RTN_MULTICAST)
        return 1;

    memset(out, 0, sizeof(*out));
    out->family = FAM_INET;
    *oif = 0;
    if (t.tb[RTA_DST] && mnl_attr_get_payload_len(t.tb[RTA_DST]) >= 4)
        memcpy(out->dst.bytes, mnl_attr_get_payload(t.tb[RTA_DST]), 4);
    uint32_t mask = rtm->rtm_dst_len ? htonl(~0u << (32 - rtm->rtm_dst_len)) : 0;
    memcpy(out->mask.bytes, &mask, 4);
    if (t.tb[RTA_GATEWAY] && mnl_attr_get_payload_len(t.tb[RTA_GATEWAY]) >= 4)
        memcpy(out->gateway.bytes, mnl_attr_get_payload(t.tb[RTA_GATEWAY]), 4);
    if (t.tb[RTA_OIF] && mnl_attr_get_payload_len(t.tb[RTA_OIF]) >= 4)
        *oif = mnl_attr_get_u32(t.tb[RTA_OIF]);
    if (t.tb[RTA_MULTIPATH]) {
        /* /proc shows the first next hop only. */
        const struct rtnexthop *nh = mnl_attr_get_payload(t.tb[RTA_MULTIPATH]);
        size_t plen = mnl_attr_get_payload_len(t.tb[RTA_MULTIPATH]);
        if (plen >= sizeof(*nh) && nh->rtnh_len >= sizeof(*nh) && nh->rtnh_len <= plen) {
            *oif = (uint32_t)nh->rtnh_ifindex;
            const struct nlattr *a = (const void *)((const char *)nh + RTNH_ALIGN(sizeof(*nh)));
            int left = (int)nh->rtnh_len - (int)RTNH_ALIGN(sizeof(*nh));
            while (left > 0 && mnl_attr_ok(a, left)) {
                if (mnl_attr_get_type(a) == RTA_GATEWAY && mnl_attr_get_payload_len(a) >= 4)
                    memcpy(out->gateway.bytes, mnl_attr_get_payload(a), 4);
                left -= MNL_ALIGN(a->nla_len);
                a = (const void *)((const char *)a + MNL_ALIGN(a->nla_len));
            }
        }
    }
    if (t.tb[RTA_PRIORITY] && mnl_attr_get_payload_len(t.tb[RTA_PRIORITY]) >= 4)
        out->metric = mnl_attr_get_u32(t.tb[RTA_PRIORITY]);
    if (t.tb[RTA_METRICS]) {
        uint32_t m[RTAX_MAX + 1] = {0};
        if (mnl_attr_parse_nested(t.tb[RTA_METRICS], metric_attr_cb, m) < 0)
            return -1;
        out->mss = m[RTAX_ADVMSS] ? m[RTAX_ADVMSS] + 40 : 0;
        out->window = m[RTAX_WINDOW];
        out->irtt = m[RTAX_RTT] >> 3;
    }
    /* The flags the kernel derives for /proc/net/route. */
    out->flags = ROUTE_UP;
    if (rtm->rtm_type == RTN_UNREACHABLE || rtm->rtm_type == RTN_PROHIBIT)
        out->flags |= ROUTE_REJECT;
    uint32_t gw;
    memcpy(&gw, out->gateway.bytes, 4);
    if (gw)
        out->flags |= ROUTE_GATEWAY;
    if (rtm->rtm_dst_len == 32)
        out->flags |= ROUTE_HOST;
    return 0;
}

struct name_map_entry {
    uint32_t index;
    char name[16];
};

struct name_map {
    struct name_map_entry *v;
    size_t n, cap;
};

static int name_collect(const struct link_rec *l, void *ctx)
{
    struct name_map *m = ctx;
    if (grow((void **)&m->v, &m->cap, m->n + 1, sizeof(*m->v)) < 0)
        return -ENOMEM;
    m->v[m->n].index = l->ifindex;
    memcpy(m->v[m->n].name, l->name, sizeof(l->name));
    m->n++;
    return 0;
}

static int by_index(const void *a, const void *b)
{
    const struct name_map_entry *x = a, *y = b;
    return x->index < y->index ? -1 : x->index > y->index;
}

struct routes_ctx {
    int (*fn)(const struct route_rec *, void *);
    void *ctx;
    int visit_rc;
    const struct name_map *names;
};

static int route_msg_cb(const struct nlmsghdr *nlh, void *data)
{
    struct routes_ctx *c = data;
    struct route_rec r;
    uint32_t oif;
    if (rtnl_parse_route4(nlh, nlh->nlmsg_len, &r, &oif) != 0)
        return MNL_CB_OK;
    strcpy(r.ifname, "*");
    /* The map is sorted by index: one search per route, not a scan. */
    size_t lo = 0, hi = oif ? c->names->n : 0;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->names->v[mid].index < oif)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < c->names->n && oif && c->names->v[lo].index == oif)
        memcpy(r.ifname, c->names->v[lo].name, sizeof(r.ifname));
    c->visit_rc = c->fn(&r, c->ctx);
    return c->visit_rc ? MNL_CB_STOP : MNL_CB_OK;
}

int rtnl_routes4(int nsfd, int (*fn)(const struct route_rec *, void *), void *ctx)
{
    struct name_map names = {0};
    int rc = rtnl_links(nsfd, name_collect, &names);
    if (rc == 0 && names.n)
        qsort(names.v, names.n, sizeof(*names.v), by_index);
    if (rc == 0) {
        struct routes_ctx c = {fn, ctx, 0, &names};
        rc = rtnl_dump(nsfd, RTM_GETROUTE, AF_INET, route_msg_cb, &c, &c.visit_rc);
    }
    free(names.v);
    return rc;
}

/* ---- addresses ---- */

struct addr_tb {
    const struct nlattr *tb[IFA_MAX + 1];
};

static enum addr_scope scope_of(unsigned char rt_scope)
{
    switch (rt_scope) {
    case RT_SCOPE_UNIVERSE:
        return SCOPE_GLOBAL;
    case RT_SCOPE_SITE:
        return SCOPE_SITE;
    case RT_SCOPE_LINK:
        return SCOPE_LINK;
    case RT_SCOPE_HOST:
        return SCOPE_HOST;
    default:
        return SCOPE_NOWHERE;
    }
}

int rtnl_parse_addr(const void *msg, size_t len, struct iface_addr *out)
{
    const struct nlmsghdr *nlh = msg;
    if (len < sizeof(*nlh) || nlh->nlmsg_len < NLMSG_LENGTH(sizeof(struct ifaddrmsg)) ||
        nlh->nlmsg_len > len || nlh->nlmsg_type != RTM_NEWADDR)
        return -1;
    const struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);
    struct addr_tb t;
    if (nl_attrs_table(nlh, sizeof(*ifa), t.tb, IFA_MAX) < 0)
        return -1;
    memset(out, 0, sizeof(*out));
    size_t alen;
    if (ifa->ifa_family == AF_INET) {
        out->family = FAM_INET;
        alen = 4;
    } else if (ifa->ifa_family == AF_INET6) {
        out->family = FAM_INET6;
        alen = 16;
    } else {
        return 1;
    }
    if (ifa->ifa_prefixlen > alen * 8)
        return -1;
    /* IFA_LOCAL is the interface's own address; IFA_ADDRESS is the peer's
     * on a point-to-point link, and the same as IFA_LOCAL otherwise. */
    const struct nlattr *a = t.tb[IFA_LOCAL] ? t.tb[IFA_LOCAL] : t.tb[IFA_ADDRESS];
    if (!a || mnl_attr_get_payload_len(a) != alen)
        return -1;
    memcpy(out->addr.bytes, mnl_attr_get_payload(a), alen);
    out->prefix_len = ifa->ifa_prefixlen;
    out->ifindex = ifa->ifa_index;
    out->scope = scope_of(ifa->ifa_scope);
    uint32_t flags = ifa->ifa_flags;
    if (t.tb[IFA_FLAGS] && mnl_attr_get_payload_len(t.tb[IFA_FLAGS]) >= 4)
        flags = mnl_attr_get_u32(t.tb[IFA_FLAGS]);
    out->tentative = (flags & (IFA_F_TENTATIVE | IFA_F_DADFAILED)) != 0;
    return 0;
}

struct addrs_ctx {
    int (*fn)(const struct iface_addr *, void *);
    void *ctx;
    int visit_rc;
};

static int addr_msg_cb(const struct nlmsghdr *nlh, void *data)
{
    struct addrs_ctx *c = data;
    struct iface_addr a;
    if (rtnl_parse_addr(nlh, nlh->nlmsg_len, &a) != 0)
        return MNL_CB_OK;
    c->visit_rc = c->fn(&a, c->ctx);
    return c->visit_rc ? MNL_CB_STOP : MNL_CB_OK;
}

int rtnl_addrs(int nsfd, int (*fn)(const struct iface_addr *, void *), void *ctx)
{
    struct addrs_ctx c = {fn, ctx, 0};
    return rtnl_dump(nsfd, RTM_GETADDR, AF_UNSPEC, addr_msg_cb, &c, &c.visit_rc);
}
