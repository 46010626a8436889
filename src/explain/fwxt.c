#include "explain/fwxt.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include <linux/netfilter.h>
#include <linux/netfilter/nf_nat.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/xt_addrtype.h>
#include <linux/netfilter/xt_conntrack.h>
#include <linux/netfilter/xt_multiport.h>
#include <linux/netfilter/xt_state.h>
#include <linux/netfilter/xt_tcpudp.h>
#include <linux/netfilter_ipv4/ipt_REJECT.h>
#include <linux/netfilter_ipv6/ip6t_REJECT.h>

enum { NO, YES, MAYBE };

#define CT_NEW (1u << 3) /* XT_CONNTRACK_STATE_BIT(IP_CT_NEW) */

static int conntrack(const struct fw_expr *x)
{
    /* Revisions 1 to 3 share the fields read here, in the same place. */
    if (x->offset < 1 || x->offset > 3 || x->info_len < sizeof(struct xt_conntrack_mtinfo1))
        return MAYBE;
    const struct xt_conntrack_mtinfo1 *m = (const void *)x->info;
    uint16_t known = XT_CONNTRACK_STATE | XT_CONNTRACK_STATUS | XT_CONNTRACK_DIRECTION;
    if (m->match_flags & ~known)
        return MAYBE;
    if (m->match_flags & XT_CONNTRACK_STATE) {
        bool hit = (m->state_mask & CT_NEW) != 0;
        if (hit == !!(m->invert_flags & XT_CONNTRACK_STATE))
            return NO;
    }
    if (m->match_flags & XT_CONNTRACK_STATUS) { /* a new connection: no status */
        bool hit = false;
        if (hit == !!(m->invert_flags & XT_CONNTRACK_STATUS))
            return NO;
    }
    if (m->match_flags & XT_CONNTRACK_DIRECTION) { /* original */
        bool reply = (m->invert_flags & XT_CONNTRACK_DIRECTION) != 0;
        if (reply)
            return NO;
    }
    return YES;
}

static int state(const struct fw_expr *x)
{
    if (x->info_len < sizeof(struct xt_state_info))
        return MAYBE;
    const struct xt_state_info *m = (const void *)x->info;
    return (m->statemask & CT_NEW) ? YES : NO;
}

static bool port_in(const struct xt_multiport_v1 *m, uint16_t port)
{
    for (unsigned i = 0; i < m->count && i < XT_MULTI_PORTS; i++) {
        if (m->pflags[i] && i + 1 < m->count && i + 1 < XT_MULTI_PORTS) {
            if (port >= m->ports[i] && port <= m->ports[i + 1])
                return true;
            i++;
        } else if (port == m->ports[i]) {
            return true;
        }
    }
    return false;
}

static int multiport(const struct fw_expr *x, const struct fw_pkt *p)
{
    if (x->offset != 1 || x->info_len < sizeof(struct xt_multiport_v1))
        return MAYBE;
    const struct xt_multiport_v1 *m = (const void *)x->info;
    if (m->flags == XT_MULTIPORT_SOURCE || p->dport_unknown)
        return MAYBE; /* the client's port */
    bool hit = port_in(m, p->dport);
    if (m->flags == XT_MULTIPORT_EITHER && !hit)
        return MAYBE;
    return hit != !!m->invert ? YES : NO;
}

static int addrtype(const struct fw_expr *x, const struct fw_pkt *p)
{
    if (x->offset != 1 || x->info_len < sizeof(struct xt_addrtype_info_v1))
        return MAYBE;
    const struct xt_addrtype_info_v1 *m = (const void *)x->info;
    if (m->source || (m->flags & (XT_ADDRTYPE_LIMIT_IFACE_IN | XT_ADDRTYPE_LIMIT_IFACE_OUT)))
        return MAYBE;
    if (m->dest) {
        uint16_t type = p->daddr_local ? XT_ADDRTYPE_LOCAL : XT_ADDRTYPE_UNICAST;
        bool hit = (m->dest & type) != 0;
        if (hit == !!(m->flags & XT_ADDRTYPE_INVERT_DEST))
            return NO;
    }
    return YES;
}

static int tcpudp(const struct fw_expr *x, const struct fw_pkt *p)
{
    bool tcp = !strcmp(x->name, "tcp");
    if (p->l4proto != (tcp ? 6 : 17))
        return NO;
    const uint16_t *spts, *dpts;
    uint8_t inv;
    if (tcp) {
        if (x->info_len < sizeof(struct xt_tcp))
            return MAYBE;
        const struct xt_tcp *m = (const void *)x->info;
        spts = m->spts, dpts = m->dpts, inv = m->invflags;
        if (m->option || m->flg_mask) {
            /* SYN set, ACK, RST, FIN clear: the first packet */
            uint8_t flags = 0x02;
            bool hit = m->option == 0 && (flags & m->flg_mask) == m->flg_cmp;
            if (m->option || hit == !!(inv & XT_TCP_INV_FLAGS))
                return m->option ? MAYBE : NO;
        }
    } else {
        if (x->info_len < sizeof(struct xt_udp))
            return MAYBE;
        const struct xt_udp *m = (const void *)x->info;
        spts = m->spts, dpts = m->dpts, inv = m->invflags;
    }
    if (p->dport_unknown)
        return MAYBE;
    bool dhit = p->dport >= dpts[0] && p->dport <= dpts[1];
    if (dhit == !!(inv & XT_TCP_INV_DSTPT))
        return NO;
    if (spts[0] != 0 || spts[1] != 0xffff || (inv & XT_TCP_INV_SRCPT))
        return MAYBE; /* the client's port */
    return YES;
}

int fwxt_match(const struct fw_expr *x, const struct fw_pkt *p)
{
    if (!strcmp(x->name, "conntrack"))
        return conntrack(x);
    if (!strcmp(x->name, "state"))
        return state(x);
    if (!strcmp(x->name, "multiport"))
        return multiport(x, p);
    if (!strcmp(x->name, "addrtype"))
        return addrtype(x, p);
    if (!strcmp(x->name, "tcp") || !strcmp(x->name, "udp"))
        return tcpudp(x, p);
    if (!strcmp(x->name, "comment"))
        return YES;
    return MAYBE;
}

/* iptables' REJECT codes as nftables' reject. */
static void reject4(unsigned with, struct fwxt_target *t)
{
    static const uint8_t icmp[] = {
        [IPT_ICMP_NET_UNREACHABLE] = 0,   [IPT_ICMP_HOST_UNREACHABLE] = 1,
        [IPT_ICMP_PROT_UNREACHABLE] = 2,  [IPT_ICMP_PORT_UNREACHABLE] = 3,
        [IPT_ICMP_NET_PROHIBITED] = 9,    [IPT_ICMP_HOST_PROHIBITED] = 10,
        [IPT_ICMP_ADMIN_PROHIBITED] = 13,
    };
    if (with == IPT_TCP_RESET) {
        t->rej_type = NFT_REJECT_TCP_RST;
    } else {
        t->rej_type = NFT_REJECT_ICMP_UNREACH;
        t->rej_code = with < sizeof(icmp) ? icmp[with] : 3;
    }
}

static void reject6(unsigned with, struct fwxt_target *t)
{
    static const uint8_t icmp6[] = {
        [IP6T_ICMP6_NO_ROUTE] = 0,      [IP6T_ICMP6_ADM_PROHIBITED] = 1,
        [IP6T_ICMP6_NOT_NEIGHBOUR] = 2, [IP6T_ICMP6_ADDR_UNREACH] = 3,
        [IP6T_ICMP6_PORT_UNREACH] = 4,
    };
    if (with == IP6T_TCP_RESET) {
        t->rej_type = NFT_REJECT_TCP_RST;
    } else {
        t->rej_type = NFT_REJECT_ICMP_UNREACH;
        t->rej_code = with < sizeof(icmp6) ? icmp6[with] : 4;
    }
}

static int nat(const struct fw_expr *x, const struct fw_pkt *p, struct fwxt_target *t)
{
    t->kind = FWXT_NAT;
    t->redirect = !strcmp(x->name, "REDIRECT");
    unsigned flags;
    const union nf_conntrack_man_proto *minp;
    if (p->nfproto == FW_IP && x->offset == 0) {
        if (x->info_len < sizeof(struct nf_nat_ipv4_multi_range_compat))
            return -1;
        const struct nf_nat_ipv4_multi_range_compat *m = (const void *)x->info;
        flags = m->range[0].flags;
        memcpy(t->addr, &m->range[0].min_ip, 4);
        minp = &m->range[0].min;
    } else {
        size_t need = x->offset >= 2 ? sizeof(struct nf_nat_range2) : sizeof(struct nf_nat_range);
        if (x->info_len < need)
            return -1;
        const struct nf_nat_range *m = (const void *)x->info;
        flags = m->flags;
        memcpy(t->addr, &m->min_addr, 16);
        minp = &m->min_proto;
    }
    t->addr_set = !t->redirect && (flags & NF_NAT_RANGE_MAP_IPS);
    t->port_set = (flags & NF_NAT_RANGE_PROTO_SPECIFIED) != 0;
    t->port = ntohs(minp->all);
    if (!t->redirect && !t->addr_set)
        return -1;
    return 0;
}

int fwxt_target(const struct fw_expr *x, const struct fw_pkt *p, struct fwxt_target *t)
{
    memset(t, 0, sizeof(*t));
    const char *n = x->name;
    if (!strcmp(n, "REJECT")) {
        t->kind = FWXT_REJECT;
        if (x->info_len < sizeof(unsigned))
            return -1;
        unsigned with;
        memcpy(&with, x->info, sizeof(with));
        (p->nfproto == FW_IP ? reject4 : reject6)(with, t);
        return 0;
    }
    if (!strcmp(n, "DNAT") || !strcmp(n, "REDIRECT"))
        return nat(x, p, t);
    if (!strcmp(n, "ACCEPT") || !strcmp(n, "DROP")) {
        t->kind = FWXT_VERDICT;
        t->verdict = n[0] == 'A' ? FW_V_ACCEPT : FW_V_DROP;
        return 0;
    }
    static const char *const inert[] = {"LOG",  "NFLOG", "MARK",    "CONNMARK", "MASQUERADE",
                                        "SNAT", "TRACE", "NOTRACK", "CT",       "CHECKSUM"};
    for (size_t i = 0; i < sizeof(inert) / sizeof(inert[0]); i++)
        if (!strcmp(n, inert[i]))
            return 0;
    return -1;
}

void fwxt_text(const struct fw_expr *x, int family, char *buf, size_t n)
{
    if (x->op == FW_MATCH && !strcmp(x->name, "multiport") && x->offset == 1 &&
        x->info_len >= sizeof(struct xt_multiport_v1)) {
        const struct xt_multiport_v1 *m = (const void *)x->info;
        size_t l = (size_t)snprintf(buf, n, "-m multiport %s--%sports ", m->invert ? "! " : "",
                                    m->flags == XT_MULTIPORT_SOURCE ? "s" : "d");
        for (unsigned i = 0; i < m->count && i < XT_MULTI_PORTS && l < n; i++)
            l += (size_t)snprintf(buf + l, n - l, "%s%u%s", i && !m->pflags[i - 1] ? "," : "",
                                  m->ports[i], m->pflags[i] ? ":" : "");
        return;
    }
    if (x->op == FW_MATCH && !strcmp(x->name, "addrtype") && x->info_len >= 8) {
        const struct xt_addrtype_info_v1 *m = (const void *)x->info;
        snprintf(buf, n, "-m addrtype %s--dst-type %s",
                 m->flags & XT_ADDRTYPE_INVERT_DEST ? "! " : "",
                 m->dest & XT_ADDRTYPE_LOCAL ? "LOCAL" : "(other)");
        return;
    }
    if (x->op == FW_MATCH && (!strcmp(x->name, "conntrack") || !strcmp(x->name, "state"))) {
        uint16_t mask = 0;
        bool inv = false;
        if (!strcmp(x->name, "state") && x->info_len >= sizeof(struct xt_state_info))
            mask = (uint16_t)((const struct xt_state_info *)(const void *)x->info)->statemask;
        else if (x->info_len >= sizeof(struct xt_conntrack_mtinfo1)) {
            const struct xt_conntrack_mtinfo1 *m = (const void *)x->info;
            mask = m->state_mask, inv = m->invert_flags & XT_CONNTRACK_STATE;
        }
        static const char *const names[] = {"INVALID", "ESTABLISHED", "RELATED", "NEW"};
        size_t l = (size_t)snprintf(buf, n, "-m conntrack %s--ctstate ", inv ? "! " : "");
        const char *sep = "";
        for (unsigned i = 0; i < 4 && l < n; i++)
            if (mask & (1u << i))
                l += (size_t)snprintf(buf + l, n - l, "%s%s", sep, names[i]), sep = ",";
        return;
    }
    if (x->op == FW_TARGET && (!strcmp(x->name, "DNAT") || !strcmp(x->name, "REDIRECT"))) {
        struct fw_pkt p = {.nfproto = family == FW_IP6 ? FW_IP6 : FW_IP};
        struct fwxt_target t;
        if (nat(x, &p, &t) == 0) {
            char a[INET6_ADDRSTRLEN] = "";
            if (t.addr_set)
                inet_ntop(p.nfproto == FW_IP ? AF_INET : AF_INET6, t.addr, a, sizeof(a));
            if (t.redirect)
                snprintf(buf, n, "-j REDIRECT --to-ports %u", t.port);
            else if (t.port_set)
                snprintf(buf, n, "-j DNAT --to-destination %s%s%s:%u",
                         p.nfproto == FW_IP6 ? "[" : "", a, p.nfproto == FW_IP6 ? "]" : "", t.port);
            else
                snprintf(buf, n, "-j DNAT --to-destination %s", a);
            return;
        }
    }
    if (x->op == FW_TARGET && !strcmp(x->name, "REJECT")) {
        struct fw_pkt p = {.nfproto = family == FW_IP6 ? FW_IP6 : FW_IP};
        struct fwxt_target t;
        if (fwxt_target(x, &p, &t) == 0 && t.rej_type == NFT_REJECT_TCP_RST) {
            snprintf(buf, n, "-j REJECT --reject-with tcp-reset");
            return;
        }
        snprintf(buf, n, "-j REJECT");
        return;
    }
    snprintf(buf, n, "%s %s", x->op == FW_MATCH ? "-m" : "-j", x->name);
}
