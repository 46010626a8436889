#include "platform/linux/rtnl.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libmnl/libmnl.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <net/if.h>

#include "platform/linux/nlattr.h"

#define RTNL_BUF_SIZE (64 * 1024)

struct link_tb {
    const struct nlattr *tb[IFLA_MAX + 1];
};

static int link_attr_cb(const struct nlattr *attr, void *data)
{
    struct link_tb *t = data;
    if (mnl_attr_type_valid(attr, IFLA_MAX) < 0)
        return MNL_CB_OK;
    t->tb[mnl_attr_get_type(attr)] = attr;
    return MNL_CB_OK;
}

int rtnl_parse_link(const void *msg, size_t len, struct link_rec *out)
{
    const struct nlmsghdr *nlh = msg;
    if (len < sizeof(*nlh) || nlh->nlmsg_len < NLMSG_LENGTH(sizeof(struct ifinfomsg)) ||
        nlh->nlmsg_len > len || nlh->nlmsg_type != RTM_NEWLINK)
        return -1;
    const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
    struct link_tb t = {0};
    if (!nl_attrs_well_formed(nlh, sizeof(*ifi)) ||
        mnl_attr_parse(nlh, sizeof(*ifi), link_attr_cb, &t) < 0)
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

int rtnl_links(int (*fn)(const struct link_rec *, void *), void *ctx)
{
    struct mnl_socket *nl = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC);
    if (!nl)
        return -errno;
    if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
        int e = errno;
        mnl_socket_close(nl);
        return -e;
    }
    char req[MNL_SOCKET_BUFFER_SIZE];
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(req);
    nlh->nlmsg_type = RTM_GETLINK;
    nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
    nlh->nlmsg_seq = (uint32_t)time(NULL);
    struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
    ifi->ifi_family = AF_UNSPEC;
    uint32_t seq = nlh->nlmsg_seq;
    unsigned portid = mnl_socket_get_portid(nl);
    int rc = 0;
    if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0) {
        rc = -errno;
        mnl_socket_close(nl);
        return rc;
    }
    char *buf = malloc(RTNL_BUF_SIZE);
    if (!buf) {
        mnl_socket_close(nl);
        return -ENOMEM;
    }
    struct links_ctx c = {fn, ctx, 0};
    for (;;) {
        ssize_t n = mnl_socket_recvfrom(nl, buf, RTNL_BUF_SIZE);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            rc = -errno;
            break;
        }
        int r = mnl_cb_run(buf, (size_t)n, seq, portid, link_msg_cb, &c);
        if (r == MNL_CB_STOP) {
            rc = c.visit_rc;
            break;
        }
        if (r < 0) {
            rc = errno ? -errno : -EIO;
            break;
        }
    }
    free(buf);
    mnl_socket_close(nl);
    return rc;
}
