#include "platform/linux/sockdiag.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "platform/linux/nlattr.h"
#include "platform/linux/nldump.h"
#include "platform/linux/nsenter.h"
#include "model/sockdetail.h"
#include "util/hash.h"

#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <linux/tcp.h>
#include <linux/unix_diag.h>
#include <netinet/in.h>
#include <sys/socket.h>

struct mnl_socket *sockdiag_open(int nsfd)
{
    return ns_mnl_open(nsfd, NETLINK_SOCK_DIAG);
}

void sockdiag_close(struct mnl_socket *nl)
{
    if (nl)
        mnl_socket_close(nl);
}

static int proto_number(enum sock_proto proto)
{
    switch (proto) {
    case PROTO_TCP:
        return IPPROTO_TCP;
    case PROTO_UDP:
        return IPPROTO_UDP;
    case PROTO_UDPLITE:
        return IPPROTO_UDPLITE;
    case PROTO_RAW:
        return IPPROTO_RAW;
    case PROTO_SCTP:
        return IPPROTO_SCTP;
    default:
        return -1;
    }
}

struct attr_tb {
    const struct nlattr *tb[INET_DIAG_MAX + 1];
};

/* Where each field sits in the kernel's struct tcp_info, which only ever
 * grows at its end: a field is there when the attribute reaches past it.
 * The build's header may be older than the kernel, so the fields after
 * tcpi_snd_wnd are placed by hand (uapi/linux/tcp.h). */
#define TI(f)  offsetof(struct tcp_info, f), sizeof(((struct tcp_info *)0)->f)
#define TI_NEW (offsetof(struct tcp_info, tcpi_snd_wnd) + 4)
static const struct {
    uint8_t field;
    uint16_t off;
    uint8_t size;
} tcpi_slots[] = {
    {TF_CA_STATE, TI(tcpi_ca_state)},
    {TF_RETRANSMITS, TI(tcpi_retransmits)},
    {TF_PROBES, TI(tcpi_probes)},
    {TF_BACKOFF, TI(tcpi_backoff)},
    {TF_OPTIONS, TI(tcpi_options)},
    {TF_RTO, TI(tcpi_rto)},
    {TF_ATO, TI(tcpi_ato)},
    {TF_SND_MSS, TI(tcpi_snd_mss)},
    {TF_RCV_MSS, TI(tcpi_rcv_mss)},
    {TF_UNACKED, TI(tcpi_unacked)},
    {TF_SACKED, TI(tcpi_sacked)},
    {TF_LOST, TI(tcpi_lost)},
    {TF_RETRANS, TI(tcpi_retrans)},
    {TF_FACKETS, TI(tcpi_fackets)},
    {TF_LAST_DATA_SENT_MS, TI(tcpi_last_data_sent)},
    {TF_LAST_DATA_RECV_MS, TI(tcpi_last_data_recv)},
    {TF_LAST_ACK_RECV_MS, TI(tcpi_last_ack_recv)},
    {TF_PMTU, TI(tcpi_pmtu)},
    {TF_RCV_SSTHRESH, TI(tcpi_rcv_ssthresh)},
    {TF_RTT, TI(tcpi_rtt)},
    {TF_RTTVAR, TI(tcpi_rttvar)},
    {TF_SND_SSTHRESH, TI(tcpi_snd_ssthresh)},
    {TF_SND_CWND, TI(tcpi_snd_cwnd)},
    {TF_ADVMSS, TI(tcpi_advmss)},
    {TF_REORDERING, TI(tcpi_reordering)},
    {TF_RCV_RTT, TI(tcpi_rcv_rtt)},
    {TF_RCV_SPACE, TI(tcpi_rcv_space)},
    {TF_TOTAL_RETRANS, TI(tcpi_total_retrans)},
    {TF_PACING_RATE, TI(tcpi_pacing_rate)},
    {TF_MAX_PACING_RATE, TI(tcpi_max_pacing_rate)},
    {TF_BYTES_ACKED, TI(tcpi_bytes_acked)},
    {TF_BYTES_RECEIVED, TI(tcpi_bytes_received)},
    {TF_SEGS_OUT, TI(tcpi_segs_out)},
    {TF_SEGS_IN, TI(tcpi_segs_in)},
    {TF_NOTSENT_BYTES, TI(tcpi_notsent_bytes)},
    {TF_MIN_RTT, TI(tcpi_min_rtt)},
    {TF_DATA_SEGS_IN, TI(tcpi_data_segs_in)},
    {TF_DATA_SEGS_OUT, TI(tcpi_data_segs_out)},
    {TF_DELIVERY_RATE, TI(tcpi_delivery_rate)},
    {TF_BUSY_TIME, TI(tcpi_busy_time)},
    {TF_RWND_LIMITED, TI(tcpi_rwnd_limited)},
    {TF_SNDBUF_LIMITED, TI(tcpi_sndbuf_limited)},
    {TF_DELIVERED, TI(tcpi_delivered)},
    {TF_DELIVERED_CE, TI(tcpi_delivered_ce)},
    {TF_BYTES_SENT, TI(tcpi_bytes_sent)},
    {TF_BYTES_RETRANS, TI(tcpi_bytes_retrans)},
    {TF_DSACK_DUPS, TI(tcpi_dsack_dups)},
    {TF_REORD_SEEN, TI(tcpi_reord_seen)},
    {TF_RCV_OOOPACK, TI(tcpi_rcv_ooopack)},
    {TF_SND_WND, TI(tcpi_snd_wnd)},
    {TF_RCV_WND, TI_NEW, 4},
    {TF_REHASH, TI_NEW + 4, 4},
    {TF_TOTAL_RTO, TI_NEW + 8, 2},
    {TF_TOTAL_RTO_RECOVERIES, TI_NEW + 10, 2},
    {TF_TOTAL_RTO_TIME_MS, TI_NEW + 12, 4},
    {TF_RECEIVED_CE, TI_NEW + 16, 4},
    {TF_DELIVERED_E1_BYTES, TI_NEW + 20, 4},
    {TF_DELIVERED_E0_BYTES, TI_NEW + 24, 4},
    {TF_DELIVERED_CE_BYTES, TI_NEW + 28, 4},
    {TF_RECEIVED_E1_BYTES, TI_NEW + 32, 4},
    {TF_RECEIVED_E0_BYTES, TI_NEW + 36, 4},
    {TF_RECEIVED_CE_BYTES, TI_NEW + 40, 4},
    {TF_ACCECN_FAIL_MODE, TI_NEW + 44, 2},
    {TF_ACCECN_OPT_SEEN, TI_NEW + 46, 2},
};

/* The fields of a tcp_info payload of n bytes (only 4-byte aligned:
 * copied, never cast). */
static void decode_tcp_info(const uint8_t *ti, size_t n, struct sock_detail *d)
{
    for (size_t i = 0; i < sizeof(tcpi_slots) / sizeof(tcpi_slots[0]); i++) {
        size_t off = tcpi_slots[i].off, size = tcpi_slots[i].size;
        if (off + size > n)
            continue;
        /* Host order, any size up to 8 bytes (little-endian machines:
         * the low bytes first; big-endian: shifted into place). */
        uint64_t v = 0;
        for (size_t k = 0; k < size; k++) {
            size_t b = __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? size - 1 - k : k;
            v = v << 8 | ti[off + b];
        }
        detail_set_tcp(d, (enum tcp_field)tcpi_slots[i].field, v);
    }
    /* The bit fields: the window scales share byte 6 (send in the low
     * nibble), app_limited is bit 0 of byte 7. */
    if (n > 6) {
        detail_set_tcp(d, TF_SND_WSCALE, ti[6] & 0xf);
        detail_set_tcp(d, TF_RCV_WSCALE, ti[6] >> 4);
    }
    if (n > 7)
        detail_set_tcp(d, TF_APP_LIMITED, ti[7] & 1);
}

static void decode_meminfo(const struct nlattr *a, struct sock_detail *d)
{
    size_t n = mnl_attr_get_payload_len(a) / sizeof(uint32_t);
    const char *v = mnl_attr_get_payload(a);
    for (size_t i = 0; i < n && i < MF_COUNT; i++) {
        memcpy(&d->mem[i], v + i * sizeof(uint32_t), sizeof(uint32_t));
        d->mem_have |= 1u << i;
    }
}

int sockdiag_parse_inet(const void *msg, size_t len, enum sock_proto proto, struct sock_rec *out,
                        struct sock_detail *detail)
{
    const struct nlmsghdr *nlh = msg;
    if (len < sizeof(*nlh) || nlh->nlmsg_len < NLMSG_LENGTH(sizeof(struct inet_diag_msg)) ||
        nlh->nlmsg_len > len)
        return -1;
    const struct inet_diag_msg *m = NLMSG_DATA(nlh);

    memset(out, 0, sizeof(*out));
    out->proto = proto;
    if (m->idiag_family == AF_INET)
        out->family = FAM_INET;
    else if (m->idiag_family == AF_INET6)
        out->family = FAM_INET6;
    else
        return -1;
    size_t alen = out->family == FAM_INET ? 4 : 16;
    memcpy(out->laddr.bytes, m->id.idiag_src, alen);
    memcpy(out->raddr.bytes, m->id.idiag_dst, alen);
    out->lport = ntohs(m->id.idiag_sport);
    out->rport = ntohs(m->id.idiag_dport);
    out->ifindex = m->id.idiag_if;
    out->state = m->idiag_state;
    out->rxq = m->idiag_rqueue;
    out->txq = m->idiag_wqueue;
    out->uid = m->idiag_uid;
    out->has_uid = true;
    out->inode = m->idiag_inode;
    out->cookie = (uint64_t)m->id.idiag_cookie[1] << 32 | m->id.idiag_cookie[0];
    out->timer = m->idiag_timer;
    out->timer_ms = m->idiag_expires;
    out->retrans = m->idiag_retrans;
    out->v6only = -1;

    if (proto == PROTO_TCP && out->state == ST_LISTEN) {
        out->backlog = m->idiag_wqueue; /* the diag reports the backlog limit here */
        out->txq = 0;                   /* and /proc/net/tcp 0 */
    }
    if (proto == PROTO_TCP && out->state == ST_NEW_SYN_RECV)
        out->state = ST_SYN_RECV;
    if (proto == PROTO_TCP && out->timer == TIMER_PROBE) {
        out->probes = out->retrans;
    }

    struct attr_tb t;
    if (nl_attrs_table(nlh, sizeof(*m), t.tb, INET_DIAG_MAX) < 0)
        return -1;
    if (t.tb[INET_DIAG_SKV6ONLY] && mnl_attr_get_payload_len(t.tb[INET_DIAG_SKV6ONLY]) >= 1)
        out->v6only = *(const uint8_t *)mnl_attr_get_payload(t.tb[INET_DIAG_SKV6ONLY]) ? 1 : 0;
    if (t.tb[INET_DIAG_INFO] && mnl_attr_get_payload_len(t.tb[INET_DIAG_INFO]) >=
                                    offsetof(struct tcp_info, tcpi_probes) + sizeof(uint8_t)) {
        /* Attribute payloads are only 4-byte aligned: copy, don't cast. */
        const char *ti = mnl_attr_get_payload(t.tb[INET_DIAG_INFO]);
        uint8_t probes, retransmits;
        memcpy(&probes, ti + offsetof(struct tcp_info, tcpi_probes), 1);
        memcpy(&retransmits, ti + offsetof(struct tcp_info, tcpi_retransmits), 1);
        out->probes = probes;
        out->retrans = retransmits;
    }
    if (detail) {
        memset(detail, 0, sizeof(*detail));
        if (t.tb[INET_DIAG_INFO] && proto == PROTO_TCP)
            decode_tcp_info(mnl_attr_get_payload(t.tb[INET_DIAG_INFO]),
                            mnl_attr_get_payload_len(t.tb[INET_DIAG_INFO]), detail);
        if (t.tb[INET_DIAG_CONG]) {
            const char *cc = mnl_attr_get_payload(t.tb[INET_DIAG_CONG]);
            size_t n = strnlen(cc, mnl_attr_get_payload_len(t.tb[INET_DIAG_CONG]));
            if (n >= sizeof(detail->congestion))
                n = sizeof(detail->congestion) - 1;
            memcpy(detail->congestion, cc, n);
        }
        if (t.tb[INET_DIAG_SKMEMINFO])
            decode_meminfo(t.tb[INET_DIAG_SKMEMINFO], detail);
        out->detail = detail;
    }
    return 0;
}

struct dump_ctx {
    enum sock_proto proto;
    bool detail;
    struct sock_detail d;
    int (*fn)(const struct sock_rec *, void *);
    void *ctx;
    int visit_rc;
    int parse_errors;
};

static int inet_msg_cb(const struct nlmsghdr *nlh, void *data)
{
    struct dump_ctx *d = data;
    struct sock_rec r;
    if (sockdiag_parse_inet(nlh, nlh->nlmsg_len, d->proto, &r, d->detail ? &d->d : NULL) < 0) {
        d->parse_errors++;
        return MNL_CB_OK;
    }
    d->visit_rc = d->fn(&r, d->ctx);
    return d->visit_rc ? MNL_CB_STOP : MNL_CB_OK;
}

/* TCP_ESTABLISHED (1) to TCP_NEW_SYN_RECV (12). */
#define TCP_TABLE_STATES (((1u << 13) - 1) & ~1u)

struct nlmsghdr *sockdiag_inet_request(char *buf, enum sock_family fam, enum sock_proto proto,
                                       uint32_t states, bool want_info, unsigned detail,
                                       const void *bc, size_t bclen)
{
    int pn = proto_number(proto);
    if (pn < 0)
        return NULL;
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
    nlh->nlmsg_type = SOCK_DIAG_BY_FAMILY;
    nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
    nlh->nlmsg_seq = (uint32_t)time(NULL) ^ (uint32_t)proto ^ ((uint32_t)fam << 8);
    struct inet_diag_req_v2 *req = mnl_nlmsg_put_extra_header(nlh, sizeof(*req));
    req->sdiag_family = fam == FAM_INET ? AF_INET : AF_INET6;
    req->sdiag_protocol = (uint8_t)pn;
    req->idiag_states = states ? states : ~0u;
    /* /proc/net/tcp lists the listening and the connection tables only;
     * newer kernels can also dump sockets merely bound (a walk of the
     * whole bind table, and rows net-tools never shows). */
    if (proto == PROTO_TCP)
        req->idiag_states &= TCP_TABLE_STATES;
    if ((want_info || (detail & DETAIL_TCP_INFO)) && proto == PROTO_TCP)
        req->idiag_ext |= 1u << (INET_DIAG_INFO - 1);
    if ((detail & DETAIL_TCP_INFO) && proto == PROTO_TCP)
        req->idiag_ext |= 1u << (INET_DIAG_CONG - 1);
    if (detail & DETAIL_MEMORY)
        req->idiag_ext |= 1u << (INET_DIAG_SKMEMINFO - 1);
    if (proto == PROTO_RAW)
        req->pad = IPPROTO_RAW; /* sdiag_raw_protocol: every raw protocol */
    if (bclen)
        mnl_attr_put(nlh, INET_DIAG_REQ_BYTECODE, bclen, bc);
    return nlh;
}

int sockdiag_inet_run(struct nl_dump *dump, enum sock_proto proto, unsigned detail,
                      int (*fn)(const struct sock_rec *, void *), void *ctx)
{
    struct dump_ctx d = {.proto = proto, .detail = detail != 0, .fn = fn, .ctx = ctx};
    return nl_dump_finish(dump, inet_msg_cb, &d, &d.visit_rc);
}

struct nlmsghdr *sockdiag_destroy_request(char *buf, const struct sock_rec *s, uint32_t seq)
{
    int pn = proto_number(s->proto);
    if (pn < 0 || (s->family != FAM_INET && s->family != FAM_INET6))
        return NULL;
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
    nlh->nlmsg_type = SOCK_DESTROY;
    nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
    nlh->nlmsg_seq = seq;
    struct inet_diag_req_v2 *req = mnl_nlmsg_put_extra_header(nlh, sizeof(*req));
    req->sdiag_family = s->family == FAM_INET ? AF_INET : AF_INET6;
    req->sdiag_protocol = (uint8_t)pn;
    req->idiag_states = ~0u;
    size_t alen = s->family == FAM_INET ? 4 : 16;
    memcpy(req->id.idiag_src, s->laddr.bytes, alen);
    memcpy(req->id.idiag_dst, s->raddr.bytes, alen);
    req->id.idiag_sport = htons(s->lport);
    req->id.idiag_dport = htons(s->rport);
    req->id.idiag_if = s->ifindex;
    /* The cookie names this very socket: one that took its place since
     * the dump is not touched. */
    req->id.idiag_cookie[0] = (uint32_t)s->cookie;
    req->id.idiag_cookie[1] = (uint32_t)(s->cookie >> 32);
    return nlh;
}

int sockdiag_destroy(struct mnl_socket *nl, const struct sock_rec *s)
{
    char buf[MNL_SOCKET_BUFFER_SIZE];
    static uint32_t seq;
    uint32_t sq = ++seq ^ (uint32_t)time(NULL);
    struct nlmsghdr *nlh = sockdiag_destroy_request(buf, s, sq);
    if (!nlh)
        return -EOPNOTSUPP;
    if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
        return -errno;
    for (;;) {
        ssize_t n = mnl_socket_recvfrom(nl, buf, sizeof(buf));
        if (n < 0)
            return -errno;
        /* The ack: an error message whose code is 0 or -errno. */
        int rc = mnl_cb_run(buf, (size_t)n, sq, mnl_socket_get_portid(nl), NULL, NULL);
        if (rc == MNL_CB_STOP || rc == MNL_CB_OK)
            return 0;
        if (rc < 0)
            return errno ? -errno : -EIO;
    }
}

struct mnl_socket *sockdiag_events_open(int nsfd)
{
    struct mnl_socket *nl = ns_mnl_open(nsfd, NETLINK_SOCK_DIAG);
    if (!nl)
        return NULL;
    /* The socket is bound already: the groups are joined one by one. */
    static const int groups[] = {SKNLGRP_INET_TCP_DESTROY, SKNLGRP_INET_UDP_DESTROY,
                                 SKNLGRP_INET6_TCP_DESTROY, SKNLGRP_INET6_UDP_DESTROY};
    for (size_t i = 0; i < sizeof(groups) / sizeof(groups[0]); i++) {
        int g = groups[i];
        if (mnl_socket_setsockopt(nl, NETLINK_ADD_MEMBERSHIP, &g, sizeof(g)) < 0) {
            int e = errno;
            mnl_socket_close(nl);
            errno = e;
            return NULL;
        }
    }
    return nl;
}

int sockdiag_events_decode(const void *buf, size_t n, int (*fn)(const struct sock_rec *, void *),
                           void *ctx)
{
    int rc = 0;
    /* Not mnl_nlmsg_ok(): it takes a length past 2^31 for a negative one. */
    const char *at = buf;
    for (size_t left = n; !rc && left >= sizeof(struct nlmsghdr);) {
        const struct nlmsghdr *nlh = (const struct nlmsghdr *)at;
        if (nlh->nlmsg_len < sizeof(*nlh) || nlh->nlmsg_len > left)
            break;
        size_t step = NLMSG_ALIGN(nlh->nlmsg_len);
        at += step < left ? step : left;
        left -= step < left ? step : left;
        if (nlh->nlmsg_type != SOCK_DIAG_BY_FAMILY)
            continue;
        /* The protocol: its attribute (every kernel that sends these
         * events sets it). */
        struct attr_tb t;
        if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(struct inet_diag_msg)) ||
            nl_attrs_table(nlh, sizeof(struct inet_diag_msg), t.tb, INET_DIAG_MAX) < 0 ||
            !t.tb[INET_DIAG_PROTOCOL] || mnl_attr_get_payload_len(t.tb[INET_DIAG_PROTOCOL]) < 1)
            continue;
        uint8_t pn = mnl_attr_get_u8(t.tb[INET_DIAG_PROTOCOL]);
        enum sock_proto proto = pn == IPPROTO_TCP       ? PROTO_TCP
                                : pn == IPPROTO_UDPLITE ? PROTO_UDPLITE
                                                        : PROTO_UDP;
        struct sock_rec r;
        if (sockdiag_parse_inet(nlh, nlh->nlmsg_len, proto, &r, NULL) == 0)
            rc = fn(&r, ctx);
    }
    return rc;
}

int sockdiag_events_read(struct mnl_socket *nl, int (*fn)(const struct sock_rec *, void *),
                         void *ctx)
{
    static char buf[65536];
    for (;;) {
        ssize_t n = recv(mnl_socket_get_fd(nl), buf, sizeof(buf), MSG_DONTWAIT);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                return 0;
            if (errno != ENOBUFS)
                return -errno;
            int rc = fn(NULL, ctx); /* the visitor says some were lost */
            if (rc)
                return rc;
            continue;
        }
        int rc = sockdiag_events_decode(buf, (size_t)n, fn, ctx);
        if (rc)
            return rc;
    }
}

/* ---- UNIX ---- */

struct unix_tb {
    const struct nlattr *tb[UNIX_DIAG_MAX + 1];
};

/* Maps the kernel's sk_state to the socket-layer state /proc shows. */
static int unix_state_of(int sk_state, uint64_t inode)
{
    switch (sk_state) {
    case 1: /* TCP_ESTABLISHED */
        return inode ? US_CONNECTED : US_CONNECTING;
    case 10: /* TCP_LISTEN */
        return US_UNCONNECTED;
    case 7: /* TCP_CLOSE */
        return inode ? US_UNCONNECTED : US_DISCONNECTING;
    default:
        return US_UNCONNECTED;
    }
}

int sockdiag_parse_unix(const void *msg, size_t len, struct sock_rec *out,
                        struct sock_detail *detail)
{
    const struct nlmsghdr *nlh = msg;
    if (len < sizeof(*nlh) || nlh->nlmsg_len < NLMSG_LENGTH(sizeof(struct unix_diag_msg)) ||
        nlh->nlmsg_len > len)
        return -1;
    const struct unix_diag_msg *m = NLMSG_DATA(nlh);
    if (m->udiag_family != AF_UNIX)
        return -1;
    memset(out, 0, sizeof(*out));
    out->family = FAM_UNIX;
    out->proto = PROTO_UNIX;
    out->v6only = -1;
    out->utype = m->udiag_type;
    out->inode = m->udiag_ino;
    out->state = unix_state_of(m->udiag_state, m->udiag_ino);
    if (m->udiag_state == 10)
        out->uflags |= UNIX_FLAG_ACC;

    struct unix_tb t;
    if (nl_attrs_table(nlh, sizeof(*m), t.tb, UNIX_DIAG_MAX) < 0)
        return -1;
    if (t.tb[UNIX_DIAG_NAME]) {
        out->path = mnl_attr_get_payload(t.tb[UNIX_DIAG_NAME]);
        out->path_len = mnl_attr_get_payload_len(t.tb[UNIX_DIAG_NAME]);
    }
    if (t.tb[UNIX_DIAG_PEER] && mnl_attr_get_payload_len(t.tb[UNIX_DIAG_PEER]) >= 4)
        out->peer_inode = mnl_attr_get_u32(t.tb[UNIX_DIAG_PEER]);
    if (t.tb[UNIX_DIAG_RQLEN] &&
        mnl_attr_get_payload_len(t.tb[UNIX_DIAG_RQLEN]) >= sizeof(struct unix_diag_rqlen)) {
        const struct unix_diag_rqlen *q = mnl_attr_get_payload(t.tb[UNIX_DIAG_RQLEN]);
        out->rxq = q->udiag_rqueue;
        out->txq = q->udiag_wqueue;
    }
    if (t.tb[UNIX_DIAG_ICONS])
        out->pending = mnl_attr_get_payload_len(t.tb[UNIX_DIAG_ICONS]) / sizeof(uint32_t);
    if (t.tb[UNIX_DIAG_UID] && mnl_attr_get_payload_len(t.tb[UNIX_DIAG_UID]) >= 4) {
        out->uid = mnl_attr_get_u32(t.tb[UNIX_DIAG_UID]);
        out->has_uid = true;
    }
    if (detail) {
        memset(detail, 0, sizeof(*detail));
        if (t.tb[UNIX_DIAG_MEMINFO])
            decode_meminfo(t.tb[UNIX_DIAG_MEMINFO], detail);
        out->detail = detail;
    }
    return 0;
}

/* The reference count /proc shows is the kernel's sk_refcnt, which the
 * diag does not report. It is 2 (the file and the socket table) plus one
 * per socket whose peer is this one. So UNIX sockets take two dumps: a
 * small one (peers and pending connections only) that counts, then the
 * full one, streamed row by row. Memory grows only by the count map. */

/* A small open-addressing map from inode to a count. */
struct count_map {
    uint64_t *keys;
    uint32_t *vals;
    size_t mask, used;
};

static int count_map_grow(struct count_map *m)
{
    size_t cap = m->keys ? (m->mask + 1) * 2 : 1024;
    struct count_map n = {calloc(cap, sizeof(*n.keys)), calloc(cap, sizeof(*n.vals)), cap - 1, 0};
    if (!n.keys || !n.vals) {
        free(n.keys);
        free(n.vals);
        return -ENOMEM;
    }
    for (size_t i = 0; m->keys && i <= m->mask; i++) {
        if (!m->keys[i])
            continue;
        size_t j = hash_u64(m->keys[i]) & n.mask;
        while (n.keys[j])
            j = (j + 1) & n.mask;
        n.keys[j] = m->keys[i];
        n.vals[j] = m->vals[i];
        n.used++;
    }
    free(m->keys);
    free(m->vals);
    *m = n;
    return 0;
}

static uint32_t count_map_get(const struct count_map *m, uint64_t key)
{
    if (!m->keys || !key)
        return 0;
    for (size_t i = hash_u64(key) & m->mask; m->keys[i]; i = (i + 1) & m->mask)
        if (m->keys[i] == key)
            return m->vals[i];
    return 0;
}

static int count_map_add(struct count_map *m, uint64_t key)
{
    if ((!m->keys || (m->used + 1) * 2 > m->mask) && count_map_grow(m) < 0)
        return -ENOMEM;
    size_t i = hash_u64(key) & m->mask;
    while (m->keys[i] && m->keys[i] != key)
        i = (i + 1) & m->mask;
    if (!m->keys[i]) {
        m->keys[i] = key;
        m->used++;
    }
    m->vals[i]++;
    return 0;
}

struct unix_peers {
    struct count_map peers;
    bool pending;
};

static int peers_msg_cb(const struct nlmsghdr *nlh, void *data)
{
    struct unix_peers *u = data;
    struct sock_rec r;
    if (sockdiag_parse_unix(nlh, nlh->nlmsg_len, &r, NULL) < 0)
        return MNL_CB_OK; /* the full dump reports it */
    if (r.pending)
        u->pending = true;
    if (r.peer_inode && count_map_add(&u->peers, r.peer_inode) < 0) {
        errno = ENOMEM;
        return MNL_CB_ERROR;
    }
    return MNL_CB_OK;
}

struct unix_stream {
    const struct unix_peers *u;
    bool detail;
    struct sock_detail d;
    int (*fn)(const struct sock_rec *, void *);
    void *ctx;
    int visit_rc;
};

static int unix_msg_cb(const struct nlmsghdr *nlh, void *data)
{
    struct unix_stream *st = data;
    struct sock_rec r;
    if (sockdiag_parse_unix(nlh, nlh->nlmsg_len, &r, st->detail ? &st->d : NULL) < 0)
        return MNL_CB_OK;
    r.refcnt = 2 + count_map_get(&st->u->peers, r.inode);
    st->visit_rc = st->fn(&r, st->ctx);
    return st->visit_rc ? MNL_CB_STOP : MNL_CB_OK;
}

static struct nlmsghdr *unix_request(char *buf, uint32_t show)
{
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
    nlh->nlmsg_type = SOCK_DIAG_BY_FAMILY;
    nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
    nlh->nlmsg_seq = (uint32_t)time(NULL) ^ 0x554e4958u ^ show;
    struct unix_diag_req *req = mnl_nlmsg_put_extra_header(nlh, sizeof(*req));
    req->sdiag_family = AF_UNIX;
    req->udiag_states = ~0u;
    req->udiag_show = show;
    return nlh;
}

struct nlmsghdr *sockdiag_unix_request(char *buf, unsigned detail)
{
    return unix_request(buf, UDIAG_SHOW_NAME | UDIAG_SHOW_PEER | UDIAG_SHOW_RQLEN | UDIAG_SHOW_UID |
                                 (detail & DETAIL_MEMORY ? UDIAG_SHOW_MEMINFO : 0));
}

int sockdiag_unix_run(struct mnl_socket *nl, struct nl_dump *dump, bool exact, unsigned detail,
                      int (*fn)(const struct sock_rec *, void *), void *ctx)
{
    char buf[SOCKDIAG_REQ_SIZE];
    struct unix_peers u = {0};
    int rc =
        nl_dump(nl, unix_request(buf, UDIAG_SHOW_PEER | UDIAG_SHOW_ICONS), peers_msg_cb, &u, NULL);
    /* The diag leaves out connections not yet accepted (they have no
     * inode), and where they sit in the kernel's table cannot be known:
     * the caller reads /proc/net/unix instead. */
    if (!rc && exact && u.pending)
        rc = SOCKDIAG_UNIX_PENDING;
    if (rc) {
        nl_dump_abandon(dump);
    } else {
        struct unix_stream st = {.u = &u, .detail = detail != 0, .fn = fn, .ctx = ctx};
        rc = nl_dump_finish(dump, unix_msg_cb, &st, &st.visit_rc);
    }
    free(u.peers.keys);
    free(u.peers.vals);
    return rc;
}
