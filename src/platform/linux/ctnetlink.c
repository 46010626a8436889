#include "platform/linux/ctnetlink.h"

#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <time.h>

#include <libmnl/libmnl.h>
#include <linux/netfilter/nf_conntrack_common.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_conntrack.h>

#include "platform/linux/nldump.h"
#include "platform/linux/nsenter.h"

struct tb {
    const struct nlattr *a[CTA_MAX + 1];
    int max;
};

static int attr_cb(const struct nlattr *attr, void *data)
{
    struct tb *t = data;
    int type = mnl_attr_get_type(attr);
    if (type <= t->max)
        t->a[type] = attr;
    return MNL_CB_OK;
}

static void nest(const struct nlattr *n, struct tb *t, int max)
{
    memset(t, 0, sizeof(*t));
    t->max = max;
    if (n)
        mnl_attr_parse_nested(n, attr_cb, t);
}

static int addr(const struct nlattr *a, size_t len, struct sock_addr *out)
{
    if (!a || mnl_attr_get_payload_len(a) < len)
        return -1;
    memcpy(out->bytes, mnl_attr_get_payload(a), len);
    return 0;
}

static uint16_t port(const struct nlattr *a)
{
    return a && mnl_attr_get_payload_len(a) >= 2 ? ntohs(mnl_attr_get_u16(a)) : 0;
}

static int tuple(const struct nlattr *n, enum sock_family *fam, uint8_t *proto, struct ct_tuple *t)
{
    struct tb tt, ip, pr;
    nest(n, &tt, CTA_TUPLE_MAX);
    if (!tt.a[CTA_TUPLE_IP] || !tt.a[CTA_TUPLE_PROTO])
        return -1;
    nest(tt.a[CTA_TUPLE_IP], &ip, CTA_IP_MAX);
    nest(tt.a[CTA_TUPLE_PROTO], &pr, CTA_PROTO_MAX);
    if (ip.a[CTA_IP_V4_SRC]) {
        *fam = FAM_INET;
        if (addr(ip.a[CTA_IP_V4_SRC], 4, &t->src) || addr(ip.a[CTA_IP_V4_DST], 4, &t->dst))
            return -1;
    } else if (ip.a[CTA_IP_V6_SRC]) {
        *fam = FAM_INET6;
        if (addr(ip.a[CTA_IP_V6_SRC], 16, &t->src) || addr(ip.a[CTA_IP_V6_DST], 16, &t->dst))
            return -1;
    } else {
        return -1;
    }
    if (!pr.a[CTA_PROTO_NUM] || mnl_attr_get_payload_len(pr.a[CTA_PROTO_NUM]) < 1)
        return -1;
    *proto = mnl_attr_get_u8(pr.a[CTA_PROTO_NUM]);
    t->sport = port(pr.a[CTA_PROTO_SRC_PORT]);
    t->dport = port(pr.a[CTA_PROTO_DST_PORT]);
    return 0;
}

static uint32_t be32(const struct nlattr *a)
{
    return a && mnl_attr_get_payload_len(a) >= 4 ? ntohl(mnl_attr_get_u32(a)) : 0;
}

int ct_parse(const void *msg, size_t len, struct ct_rec *out)
{
    const struct nlmsghdr *nlh = msg;
    memset(out, 0, sizeof(*out));
    out->tcp_state = -1;
    if (len < sizeof(*nlh) || nlh->nlmsg_len > len ||
        nlh->nlmsg_len < MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(struct nfgenmsg)))
        return -EBADMSG;
    struct tb t;
    memset(&t, 0, sizeof(t));
    t.max = CTA_MAX;
    if (mnl_attr_parse(nlh, sizeof(struct nfgenmsg), attr_cb, &t) < 0)
        return -EBADMSG;
    enum sock_family f2;
    uint8_t p2;
    if (tuple(t.a[CTA_TUPLE_ORIG], &out->family, &out->l4proto, &out->orig) < 0 ||
        tuple(t.a[CTA_TUPLE_REPLY], &f2, &p2, &out->reply) < 0)
        return -EBADMSG;
    out->status = be32(t.a[CTA_STATUS]);
    out->timeout = be32(t.a[CTA_TIMEOUT]);
    out->mark = be32(t.a[CTA_MARK]);
    out->snat = out->status & IPS_SRC_NAT;
    out->dnat = out->status & IPS_DST_NAT;
    if (t.a[CTA_PROTOINFO]) {
        struct tb pi, tcp;
        nest(t.a[CTA_PROTOINFO], &pi, CTA_PROTOINFO_MAX);
        nest(pi.a[CTA_PROTOINFO_TCP], &tcp, CTA_PROTOINFO_TCP_MAX);
        const struct nlattr *s = tcp.a[CTA_PROTOINFO_TCP_STATE];
        if (s && mnl_attr_get_payload_len(s) >= 1)
            out->tcp_state = mnl_attr_get_u8(s);
    }
    return 0;
}

struct walk {
    int (*fn)(const struct ct_rec *, void *);
    void *ctx;
    int visit_rc;
};

static int msg_cb(const struct nlmsghdr *nlh, void *data)
{
    struct walk *w = data;
    struct ct_rec r;
    if (ct_parse(nlh, nlh->nlmsg_len, &r) < 0)
        return MNL_CB_OK;
    w->visit_rc = w->fn(&r, w->ctx);
    return w->visit_rc ? MNL_CB_STOP : MNL_CB_OK;
}

int ct_dump(int nsfd, int (*fn)(const struct ct_rec *, void *), void *ctx)
{
    struct mnl_socket *nl = ns_mnl_open(nsfd, NETLINK_NETFILTER);
    if (!nl)
        return -errno;
    char buf[MNL_SOCKET_BUFFER_SIZE];
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
    nlh->nlmsg_type = (NFNL_SUBSYS_CTNETLINK << 8) | IPCTNL_MSG_CT_GET;
    nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
    nlh->nlmsg_seq = (uint32_t)time(NULL);
    struct nfgenmsg *g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
    g->nfgen_family = AF_UNSPEC;
    g->version = NFNETLINK_V0;
    struct walk w = {fn, ctx, 0};
    int rc = nl_dump(nl, nlh, msg_cb, &w, &w.visit_rc);
    mnl_socket_close(nl);
    if (rc == -ENOENT || rc == -EOPNOTSUPP)
        rc = -EPROTONOSUPPORT;
    return rc;
}
