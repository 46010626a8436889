#include "explain/fweval.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/netfilter/nf_tables.h>

#include "explain/fwxt.h"
#include "util/grow.h"

/* The register file: 20 words, the verdict register over the first 4. */
#define REGS 80

enum { ORG_NONE, ORG_SADDR, ORG_DPORT };

struct regs {
    uint8_t v[REGS];
    uint8_t known[REGS];
    uint8_t org[REGS];  /* where a byte was loaded from */
    uint8_t ooff[REGS]; /* its place in the source address */
    uint8_t omask[REGS];
};

/* A register number as a byte offset, the kernel's way; -1 if bad. */
static int reg_off(int reg, uint32_t len)
{
    int off;
    if (reg < 0)
        return -1;
    if (reg <= NFT_REG_4)
        off = reg * 16;
    else if (reg >= NFT_REG32_00 && reg <= NFT_REG32_15)
        off = (reg - NFT_REG32_00 + 4) * 4;
    else
        return -1;
    if (off < 16 || len > (uint32_t)(REGS - off))
        return -1;
    return off;
}

static void reg_clear(struct regs *r, int off, uint32_t len)
{
    /* A load zeroes the rest of its last word, as the kernel does. */
    uint32_t words = (len + 3) / 4 * 4;
    if (words > (uint32_t)(REGS - off))
        words = (uint32_t)(REGS - off);
    memset(r->v + off, 0, words);
    memset(r->known + off, 1, words);
    memset(r->org + off, ORG_NONE, words);
}

static void reg_put(struct regs *r, int off, const void *v, uint32_t len, bool known)
{
    reg_clear(r, off, len);
    if (v)
        memcpy(r->v + off, v, len);
    memset(r->known + off, known, len);
}

/* ---- the packet as the rules read it ---- */

struct hdr {
    uint8_t b[40];
    uint8_t known[40];
    size_t len;
};

static void net_header(const struct fw_pkt *p, struct hdr *h)
{
    memset(h, 0, sizeof(*h));
    if (p->nfproto == FW_IP) {
        h->len = 20;
        h->b[0] = 0x45;
        h->b[6] = 0x40; /* don't fragment, offset 0 */
        h->b[9] = p->l4proto;
        memcpy(h->b + 12, p->saddr, 4);
        memcpy(h->b + 16, p->daddr, 4);
        h->known[0] = h->known[6] = h->known[7] = h->known[9] = 1;
        memset(h->known + 12, p->saddr_known, 4);
        memset(h->known + 16, 1, 4);
    } else {
        h->len = 40;
        h->b[0] = 0x60;
        h->b[6] = p->l4proto;
        memcpy(h->b + 8, p->saddr, 16);
        memcpy(h->b + 24, p->daddr, 16);
        h->known[6] = 1;
        memset(h->known + 8, p->saddr_known, 16);
        memset(h->known + 24, 1, 16);
    }
}

static void transport_header(const struct fw_pkt *p, struct hdr *h)
{
    memset(h, 0, sizeof(*h));
    h->len = p->l4proto == 6 ? 20 : 8;
    h->b[2] = (uint8_t)(p->dport >> 8);
    h->b[3] = (uint8_t)p->dport;
    h->known[2] = h->known[3] = !p->dport_unknown;
    if (p->l4proto == 6) {
        h->b[13] = 0x02; /* SYN: a connection's first packet */
        h->known[13] = 1;
    }
}

static void load_payload(const struct fw_pkt *p, const struct fw_expr *x, struct regs *r, int off)
{
    struct hdr h;
    reg_clear(r, off, x->len);
    memset(r->known + off, 0, x->len);
    if (x->key == NFT_PAYLOAD_NETWORK_HEADER)
        net_header(p, &h);
    else if (x->key == NFT_PAYLOAD_TRANSPORT_HEADER)
        transport_header(p, &h);
    else
        return; /* the link layer: unknown */
    size_t saddr = p->nfproto == FW_IP ? 12 : 8, alen = p->nfproto == FW_IP ? 4 : 16;
    for (uint32_t i = 0; i < x->len; i++) {
        size_t at = x->offset + i;
        if (at >= h.len)
            continue;
        r->v[off + i] = h.b[at];
        r->known[off + i] = h.known[at];
        if (x->key == NFT_PAYLOAD_NETWORK_HEADER && at >= saddr && at < saddr + alen) {
            r->org[off + i] = ORG_SADDR;
            r->ooff[off + i] = (uint8_t)(at - saddr);
            r->omask[off + i] = 0xff;
        }
        if (x->key == NFT_PAYLOAD_TRANSPORT_HEADER && (at == 2 || at == 3)) {
            r->org[off + i] = ORG_DPORT;
            r->ooff[off + i] = (uint8_t)(at - 2);
            r->omask[off + i] = 0xff;
        }
    }
}

static void load_meta(const struct fw_pkt *p, const struct fw_expr *x, struct regs *r, int off)
{
    uint8_t b[16] = {0};
    uint32_t len = 4;
    bool known = true;
    switch (x->key) {
    case NFT_META_PROTOCOL: {
        uint16_t eth = p->nfproto == FW_IP ? 0x0800 : 0x86dd;
        b[0] = (uint8_t)(eth >> 8), b[1] = (uint8_t)eth, len = 2;
        break;
    }
    case NFT_META_NFPROTO:
        b[0] = (uint8_t)p->nfproto, len = 1;
        break;
    case NFT_META_L4PROTO:
        b[0] = p->l4proto, len = 1;
        break;
    case NFT_META_MARK:
        memcpy(b, &p->mark, 4);
        break;
    case NFT_META_IIF:
        memcpy(b, &p->iif, 4), known = p->iif_known;
        break;
    case NFT_META_OIF:
        memcpy(b, &p->oif, 4), known = p->oif != 0;
        break;
    case NFT_META_IIFNAME:
        memcpy(b, p->iifname, 16), len = 16, known = p->iif_known;
        break;
    case NFT_META_OIFNAME:
        memcpy(b, p->oifname, 16), len = 16, known = p->oif != 0;
        break;
    case NFT_META_IIFTYPE:
        memcpy(b, &p->iiftype, 2), len = 2, known = p->iif_known;
        break;
    case NFT_META_OIFTYPE:
        memcpy(b, &p->oiftype, 2), len = 2, known = p->oif != 0;
        break;
    case NFT_META_PKTTYPE:
        b[0] = 0, len = 1; /* PACKET_HOST */
        break;
    case NFT_META_SECPATH:
        b[0] = 0, len = 1; /* no IPsec */
        break;
    default:
        known = false;
        break;
    }
    reg_put(r, off, b, len, known);
}

static void load_ct(const struct fw_pkt *p, const struct fw_expr *x, struct regs *r, int off)
{
    uint8_t b[16] = {0};
    uint32_t len = 4, v32 = 0;
    bool known = true, saddr = false;
    size_t alen = p->nfproto == FW_IP ? 4 : 16;
    switch (x->key) {
    case NFT_CT_STATE:
        v32 = 1u << 3; /* new */
        memcpy(b, &v32, 4);
        break;
    case NFT_CT_DIRECTION:
        len = 1; /* original */
        break;
    case NFT_CT_STATUS:
    case NFT_CT_MARK:
        break; /* 0: a new connection, not translated, not marked */
    case NFT_CT_ZONE:
        len = 2;
        break;
    case NFT_CT_L3PROTOCOL:
        b[0] = (uint8_t)p->nfproto, len = 1;
        break;
    case NFT_CT_PROTOCOL:
        b[0] = p->l4proto, len = 1;
        break;
    case NFT_CT_PROTO_DST:
        b[0] = (uint8_t)(p->dport >> 8), b[1] = (uint8_t)p->dport, len = 2;
        known = !p->dport_unknown;
        break;
    case NFT_CT_SRC:
    case NFT_CT_SRC_IP:
    case NFT_CT_SRC_IP6:
        memcpy(b, p->saddr, alen), len = (uint32_t)alen, known = p->saddr_known, saddr = true;
        break;
    case NFT_CT_DST:
    case NFT_CT_DST_IP:
    case NFT_CT_DST_IP6:
        memcpy(b, p->daddr, alen), len = (uint32_t)alen;
        break;
    default:
        known = false;
        break;
    }
    if (x->offset == 2) /* the reply direction: unknown for a new one */
        known = false;
    reg_put(r, off, b, len, known);
    if (saddr && x->offset != 2)
        for (uint32_t i = 0; i < len; i++)
            r->org[off + i] = ORG_SADDR, r->ooff[off + i] = (uint8_t)i, r->omask[off + i] = 0xff;
}

static void load_fib(const struct fw_pkt *p, const struct fw_expr *x, struct regs *r, int off)
{
    uint32_t v = 0;
    bool known = true;
    uint32_t f = x->offset;
    switch (x->key) {
    case NFT_FIB_RESULT_ADDRTYPE:
        if (f & NFTA_FIB_F_DADDR)
            v = p->daddr_local ? 2 : 1; /* RTN_LOCAL, RTN_UNICAST */
        else if (f & NFTA_FIB_F_SADDR)
            known = p->iif_known, v = p->iiftype == 772 ? 2 : 1;
        else
            known = false;
        reg_put(r, off, &v, 4, known);
        return;
    case NFT_FIB_RESULT_OIF:
    case NFT_FIB_RESULT_OIFNAME:
        /* The reverse path (saddr, iif): a client whose address routes
         * back the way it came, the only kind that can connect at all. */
        if ((f & NFTA_FIB_F_SADDR) && (f & NFTA_FIB_F_IIF || !(f & NFTA_FIB_F_OIF))) {
            if (x->key == NFT_FIB_RESULT_OIF)
                reg_put(r, off, &p->iif, 4, p->iif_known);
            else
                reg_put(r, off, p->iifname, 16, p->iif_known);
            return;
        }
        break;
    default:
        break;
    }
    reg_put(r, off, NULL, x->key == NFT_FIB_RESULT_OIFNAME ? 16 : 4, false);
}

/* ---- matches ---- */

enum tri { NO, YES, MAYBE };

static void collect_port(struct fw_eval *ev, const struct regs *r, int off, uint32_t len,
                         const uint8_t *lo, const uint8_t *hi)
{
    if (len < 2 || r->org[off + 1] != ORG_DPORT || r->ooff[off + 1] != 1 || r->omask[off] != 0xff ||
        r->omask[off + 1] != 0xff)
        return;
    if (grow((void **)&ev->ports, &ev->capports, ev->nports + 1, sizeof(*ev->ports)) < 0) {
        ev->err = -ENOMEM;
        return;
    }
    ev->ports[ev->nports].lo = (uint16_t)(lo[0] << 8 | lo[1]);
    ev->ports[ev->nports].hi = (uint16_t)(hi[0] << 8 | hi[1]);
    ev->nports++;
}

static void collect(struct fw_eval *ev, const struct regs *r, int off, uint32_t len,
                    const uint8_t *lo, const uint8_t *hi)
{
    if (!ev->collecting || len == 0)
        return;
    if (r->org[off] == ORG_DPORT && r->ooff[off] == 0) {
        collect_port(ev, r, off, len, lo, hi);
        return;
    }
    if (r->org[off] != ORG_SADDR || r->ooff[off] != 0)
        return;
    struct fw_span s;
    memset(s.lo, 0, 16);
    memset(s.hi, 0xff, 16);
    for (uint32_t i = 0; i < len && i < 16; i++) {
        if (r->org[off + i] != ORG_SADDR || r->ooff[off + i] != i)
            return;
        uint8_t m = r->omask[off + i];
        s.lo[i] = lo[i] & m;
        s.hi[i] = (uint8_t)(hi[i] | (uint8_t)~m);
    }
    if (grow((void **)&ev->spans, &ev->capspans, ev->nspans + 1, sizeof(*ev->spans)) < 0) {
        ev->err = -ENOMEM;
        return;
    }
    ev->spans[ev->nspans++] = s;
}

static bool all_known(const struct regs *r, int off, uint32_t len)
{
    for (uint32_t i = 0; i < len; i++)
        if (!r->known[off + i])
            return false;
    return true;
}

/* reg against data: <0, 0, >0 as memcmp; 2 when unknown and cannot tell
 * equality; 3 when unknown but plainly unequal. */
static int compare(const struct regs *r, int off, const uint8_t *d, uint32_t len)
{
    bool unknown = false;
    for (uint32_t i = 0; i < len; i++) {
        if (!r->known[off + i]) {
            unknown = true;
            continue;
        }
        if (!unknown && r->v[off + i] != d[i])
            return r->v[off + i] < d[i] ? -1 : 1;
        if (unknown && r->v[off + i] != d[i])
            return 3;
    }
    return unknown ? 2 : 0;
}

static enum tri cmp_eval(struct fw_eval *ev, const struct fw_expr *x, const struct regs *r)
{
    int off = reg_off(x->sreg, x->a.len);
    if (off < 0)
        return MAYBE;
    collect(ev, r, off, x->a.len, x->a.b, x->a.b);
    int c = compare(r, off, x->a.b, x->a.len);
    if (c == 3)
        return x->cmp == FW_EQ ? NO : x->cmp == FW_NEQ ? YES : MAYBE;
    if (c == 2)
        return MAYBE;
    switch (x->cmp) {
    case FW_EQ:
        return c == 0 ? YES : NO;
    case FW_NEQ:
        return c != 0 ? YES : NO;
    case FW_LT:
        return c < 0 ? YES : NO;
    case FW_LTE:
        return c <= 0 ? YES : NO;
    case FW_GT:
        return c > 0 ? YES : NO;
    case FW_GTE:
        return c >= 0 ? YES : NO;
    default:
        return MAYBE;
    }
}

static enum tri in_range(const struct regs *r, int off, const uint8_t *lo, const uint8_t *hi,
                         uint32_t len)
{
    if (!all_known(r, off, len)) {
        int a = compare(r, off, lo, len), b = compare(r, off, hi, len);
        if ((a == -1) || (b == 1))
            return NO;
        return MAYBE;
    }
    return memcmp(r->v + off, lo, len) >= 0 && memcmp(r->v + off, hi, len) <= 0 ? YES : NO;
}

static enum tri range_eval(struct fw_eval *ev, const struct fw_expr *x, const struct regs *r)
{
    uint32_t len = x->a.len;
    int off = reg_off(x->sreg, len);
    if (off < 0 || x->b.len != len)
        return MAYBE;
    collect(ev, r, off, len, x->a.b, x->b.b);
    enum tri t = in_range(r, off, x->a.b, x->b.b, len);
    if (x->cmp == NFT_RANGE_NEQ && t != MAYBE)
        t = t == YES ? NO : YES;
    return t;
}

struct verdict {
    int code;
    const char *chain;
};

/* A set lookup; for maps, the element's data or verdict. */
static enum tri lookup_eval(struct fw_eval *ev, const struct fw_expr *x, struct regs *r,
                            struct verdict *v)
{
    if (x->set < 0 || (size_t)x->set >= ev->rs->nsets)
        return MAYBE;
    const struct fw_set *s = &ev->rs->sets[x->set];
    uint32_t len = s->key_len;
    int off = reg_off(x->sreg, len);
    if (off < 0 || len == 0 || len > FW_DATA_MAX || s->broken)
        return MAYBE;
    bool maybe = false;
    const struct fw_elem *hit = NULL;
    for (size_t i = 0; i < s->nel; i++) {
        const struct fw_elem *e = &s->el[i];
        if (e->key.len != len)
            continue;
        const uint8_t *hi = e->key_end.len == len ? e->key_end.b : e->key.b;
        collect(ev, r, off, len, e->key.b, hi);
        enum tri t = in_range(r, off, e->key.b, hi, len);
        if (t == YES && !hit)
            hit = e;
        if (t == MAYBE)
            maybe = true;
    }
    bool invert = (x->flags & NFT_LOOKUP_F_INV) != 0;
    if (!hit && maybe)
        return MAYBE;
    if (maybe && (x->dreg >= 0 || invert))
        return MAYBE; /* which element, or whether none: cannot tell */
    if (invert)
        return hit ? NO : YES;
    if (!hit)
        return NO;
    if (x->dreg == 0) {
        v->code = hit->verdict;
        v->chain = hit->chain;
    } else if (x->dreg > 0) {
        int d = reg_off(x->dreg, s->data_len);
        if (d < 0 || hit->data.len != s->data_len)
            return MAYBE;
        reg_put(r, d, hit->data.b, hit->data.len, true);
    }
    return YES;
}

static void bitwise_eval(const struct fw_expr *x, struct regs *r)
{
    int s = reg_off(x->sreg, x->len), d = reg_off(x->dreg, x->len);
    if (s < 0 || d < 0 || x->a.len < x->len || x->b.len < x->len)
        return;
    uint8_t v[REGS], known[REGS], org[REGS], ooff[REGS], omask[REGS];
    for (uint32_t i = 0; i < x->len; i++) {
        v[i] = (uint8_t)((r->v[s + i] & x->a.b[i]) ^ x->b.b[i]);
        known[i] = r->known[s + i] || x->a.b[i] == 0;
        org[i] = r->org[s + i];
        ooff[i] = r->ooff[s + i];
        omask[i] = r->omask[s + i] & x->a.b[i];
        if (x->b.b[i])
            org[i] = ORG_NONE; /* not a plain mask */
    }
    memcpy(r->v + d, v, x->len);
    memcpy(r->known + d, known, x->len);
    memcpy(r->org + d, org, x->len);
    memcpy(r->ooff + d, ooff, x->len);
    memcpy(r->omask + d, omask, x->len);
}

/* ---- a rule ---- */

struct rule_result {
    enum tri match;
    struct verdict v;
    bool effect; /* it does something beyond a verdict of continue */
    bool reject, nat;
    struct fw_outcome o; /* reject or nat details */
    const char *why;
};

static void nat_eval(const struct fw_pkt *p, const struct fw_expr *x, const struct regs *r,
                     struct rule_result *rr)
{
    rr->nat = true;
    rr->o.res = FWR_NAT;
    rr->o.nat_family = p->nfproto;
    if (x->op == FW_REDIR) {
        rr->o.redirect = true;
    } else if (x->key != NFT_NAT_DNAT) {
        rr->nat = false; /* snat: not on the way in */
        return;
    } else {
        rr->o.nat_family = x->offset == FW_IP6 ? FW_IP6 : FW_IP;
        uint32_t alen = rr->o.nat_family == FW_IP ? 4 : 16;
        int a = reg_off(x->sreg, alen);
        if (a >= 0 && all_known(r, a, alen)) {
            memcpy(rr->o.nat_addr, r->v + a, alen);
            rr->o.nat_addr_set = true;
        } else if (a >= 0) {
            rr->why = "the address it translates to";
        }
    }
    int pr = reg_off(x->dreg2, 2);
    if (pr >= 0 && all_known(r, pr, 2)) {
        rr->o.nat_port = (uint16_t)(r->v[pr] << 8 | r->v[pr + 1]);
        rr->o.nat_port_set = true;
    } else if (pr >= 0) {
        rr->why = "the port it translates to";
    }
}

static void rule_eval(struct fw_eval *ev, const struct fw_rule *ru, const struct fw_pkt *p,
                      struct rule_result *rr)
{
    struct regs r;
    memset(&r, 0, sizeof(r));
    memset(rr, 0, sizeof(*rr));
    rr->match = YES;
    rr->v.code = FW_V_CONTINUE;
    for (size_t i = 0; i < ru->ne; i++) {
        const struct fw_expr *x = &ru->e[i];
        enum tri t = YES;
        int off;
        switch (x->op) {
        case FW_PAYLOAD:
            if ((off = reg_off(x->dreg, x->len)) >= 0)
                load_payload(p, x, &r, off);
            break;
        case FW_META:
        case FW_CT:
            if (x->sreg >= 0)
                break; /* a mark set: marks are not followed (see README) */
            if ((off = reg_off(x->dreg, 16)) < 0 && (off = reg_off(x->dreg, 4)) < 0)
                break;
            if (x->op == FW_META)
                load_meta(p, x, &r, off);
            else
                load_ct(p, x, &r, off);
            break;
        case FW_FIB:
            if ((off = reg_off(x->dreg, 4)) >= 0)
                load_fib(p, x, &r, off);
            break;
        case FW_CMP:
            t = cmp_eval(ev, x, &r);
            break;
        case FW_RANGE:
            t = range_eval(ev, x, &r);
            break;
        case FW_BITWISE:
            bitwise_eval(x, &r);
            break;
        case FW_LOOKUP:
            t = lookup_eval(ev, x, &r, &rr->v);
            break;
        case FW_IMMEDIATE:
            if (x->dreg == 0) {
                rr->v.code = x->verdict;
                rr->v.chain = x->chain;
            } else if ((off = reg_off(x->dreg, x->a.len)) >= 0) {
                reg_put(&r, off, x->a.b, x->a.len, true);
            }
            break;
        case FW_REJECT:
            rr->reject = true;
            rr->o.rej_type = x->key;
            rr->o.rej_code = x->offset;
            rr->v.code = FW_V_DROP;
            break;
        case FW_NAT:
        case FW_REDIR:
            nat_eval(p, x, &r, rr);
            if (rr->nat)
                rr->v.code = FW_V_ACCEPT;
            break;
        case FW_MASQ:
            break;
        case FW_MATCH:
            t = fwxt_match(x, p);
            break;
        case FW_TARGET: {
            struct fwxt_target tg;
            if (fwxt_target(x, p, &tg) < 0) {
                rr->effect = true;
                rr->why = "an iptables target netstat cannot read";
                t = MAYBE;
                break;
            }
            if (tg.kind == FWXT_REJECT)
                rr->reject = true, rr->o.rej_type = tg.rej_type, rr->o.rej_code = tg.rej_code,
                rr->v.code = FW_V_DROP;
            else if (tg.kind == FWXT_NAT)
                rr->nat = true, rr->o.res = FWR_NAT, rr->o.redirect = tg.redirect,
                rr->o.nat_family = p->nfproto, rr->o.nat_addr_set = tg.addr_set,
                rr->o.nat_port_set = tg.port_set, rr->o.nat_port = tg.port,
                memcpy(rr->o.nat_addr, tg.addr, 16), rr->v.code = FW_V_ACCEPT;
            else if (tg.kind == FWXT_VERDICT)
                rr->v.code = tg.verdict;
            break;
        }
        case FW_NOOP:
            break;
        default:
            /* It may have loaded any register: none is known now. */
            memset(r.known + 16, 0, REGS - 16);
            t = MAYBE;
            rr->why = "an expression netstat cannot read";
            break;
        }
        if (t == NO) {
            rr->match = NO;
            return;
        }
        if (t == MAYBE)
            rr->match = MAYBE;
    }
    if (rr->v.code != FW_V_CONTINUE || rr->reject || rr->nat)
        rr->effect = true;
}

/* ---- chains ---- */

static bool relevant(const struct fw_eval *ev, size_t rule)
{
    return !ev->relevant || (ev->relevant[rule / 8] & (1u << (rule % 8)));
}

static long chain_by_name(const struct fw_ruleset *rs, const struct fw_chain *from,
                          const char *name)
{
    if (!name)
        return -1;
    for (size_t i = 0; i < rs->nchains; i++)
        if (rs->chains[i].family == from->family && !strcmp(rs->chains[i].table, from->table) &&
            !strcmp(rs->chains[i].name, name))
            return (long)i;
    return -1;
}

#define DEPTH 16

/* One base chain, its jumps followed. */
static void run_chain(struct fw_eval *ev, size_t base, const struct fw_pkt *p, struct fw_outcome *o)
{
    const struct fw_ruleset *rs = ev->rs;
    struct {
        size_t chain, next;
    } stack[DEPTH];
    int depth = 0;
    size_t chain = base, at = 0;
    for (;;) {
        const struct fw_chain *c = &rs->chains[chain];
        if (at >= c->count) {
            if (depth == 0) { /* the base chain's end: its policy */
                o->res = c->policy == FW_V_DROP ? FWR_DROP : FWR_ACCEPT;
                o->chain = (long)base;
                o->rule = -1;
                return;
            }
            depth--;
            chain = stack[depth].chain;
            at = stack[depth].next;
            continue;
        }
        size_t ri = c->first + at++;
        if (!relevant(ev, ri))
            continue;
        struct rule_result rr;
        rule_eval(ev, &rs->rules[ri], p, &rr);
        if (rr.match == NO || !rr.effect)
            continue;
        if (rr.match == MAYBE || rr.why) {
            o->res = FWR_UNKNOWN;
            o->chain = (long)chain;
            o->rule = (long)ri;
            o->why = rr.why ? rr.why : "a value netstat cannot know";
            return;
        }
        if (rr.nat) {
            *o = rr.o;
            o->res = FWR_NAT;
            o->chain = (long)chain;
            o->rule = (long)ri;
            return;
        }
        if (rr.reject) {
            o->res = FWR_REJECT;
            o->rej_type = rr.o.rej_type;
            o->rej_code = rr.o.rej_code;
            o->chain = (long)chain;
            o->rule = (long)ri;
            return;
        }
        switch (rr.v.code) {
        case FW_V_ACCEPT:
        case FW_V_DROP:
            o->res = rr.v.code == FW_V_ACCEPT ? FWR_ACCEPT : FWR_DROP;
            o->chain = (long)chain;
            o->rule = (long)ri;
            return;
        case FW_V_CONTINUE:
            break;
        case FW_V_BREAK:
            break;
        case FW_V_RETURN:
            at = c->count;
            break;
        case FW_V_JUMP:
        case FW_V_GOTO: {
            long t = chain_by_name(rs, c, rr.v.chain);
            if (t < 0 || depth == DEPTH) {
                o->res = FWR_UNKNOWN;
                o->chain = (long)chain;
                o->rule = (long)ri;
                o->why = "a jump netstat cannot follow";
                return;
            }
            if (rr.v.code == FW_V_JUMP) {
                stack[depth].chain = chain;
                stack[depth].next = at;
                depth++;
            }
            chain = (size_t)t;
            at = 0;
            break;
        }
        default: /* queue, stolen */
            o->res = FWR_UNKNOWN;
            o->chain = (long)chain;
            o->rule = (long)ri;
            o->why = "a verdict that hands the packet to a program";
            return;
        }
    }
}

size_t fw_hook_chains(const struct fw_ruleset *rs, enum fw_hook hook, int nfproto, const char *type,
                      size_t *idx, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < rs->nchains && n < max; i++) {
        const struct fw_chain *c = &rs->chains[i];
        if (!c->base || c->hook != hook || (c->family != FW_INET && c->family != nfproto))
            continue;
        if (type && strcmp(c->type, type))
            continue;
        /* insertion: priority order, equal priorities in the kernel's */
        size_t k = n++;
        while (k > 0 && rs->chains[idx[k - 1]].prio > c->prio) {
            idx[k] = idx[k - 1];
            k--;
        }
        idx[k] = i;
    }
    return n;
}

#define MAX_BASE 64

void fw_eval_hook(struct fw_eval *ev, enum fw_hook hook, const char *type, const struct fw_pkt *p,
                  struct fw_outcome *out)
{
    size_t idx[MAX_BASE];
    size_t n = fw_hook_chains(ev->rs, hook, p->nfproto, type, idx, MAX_BASE);
    memset(out, 0, sizeof(*out));
    out->res = FWR_ACCEPT;
    out->chain = out->rule = out->accept_rule = out->accept_chain = -1;
    for (size_t i = 0; i < n; i++) {
        const struct fw_chain *c = &ev->rs->chains[idx[i]];
        bool nat = !strcmp(c->type, "nat");
        struct fw_outcome o;
        memset(&o, 0, sizeof(o));
        run_chain(ev, idx[i], p, &o);
        if (nat && o.res != FWR_NAT && o.res != FWR_UNKNOWN)
            continue; /* a nat chain decides nothing but translation */
        if (o.res == FWR_ACCEPT) {
            if (o.rule >= 0 && out->accept_rule < 0)
                out->accept_rule = o.rule, out->accept_chain = o.chain;
            if (out->chain < 0)
                out->chain = o.chain;
            continue; /* the next base chain still sees it */
        }
        long ar = out->accept_rule, ac = out->accept_chain;
        *out = o;
        out->accept_rule = ar;
        out->accept_chain = ac;
        return;
    }
}

/* Every rule of every chain reachable from hook's base chains, once:
 * those that cannot match p are left unmarked. */
int fw_find_relevant(struct fw_eval *ev, enum fw_hook hook, const char *type,
                     const struct fw_pkt *p)
{
    const struct fw_ruleset *rs = ev->rs;
    if (!ev->relevant)
        ev->relevant = calloc(rs->nrules / 8 + 1, 1);
    uint8_t *seen = calloc(rs->nchains + 1, 1);
    size_t *todo = malloc((rs->nchains + 1) * sizeof(*todo));
    if (!ev->relevant || !seen || !todo) {
        free(seen);
        free(todo);
        return -ENOMEM;
    }
    size_t idx[MAX_BASE], nt = 0;
    size_t n = fw_hook_chains(rs, hook, p->nfproto, type, idx, MAX_BASE);
    for (size_t i = 0; i < n; i++)
        if (!seen[idx[i]])
            seen[idx[i]] = 1, todo[nt++] = idx[i];
    struct fw_pkt q = *p;
    q.saddr_known = false;
    /* Finding ports, the interface is the one given; else every one. */
    q.iif_known = p->dport_unknown ? p->iif_known : false;
    ev->collecting = true;
    uint8_t *saved = ev->relevant;
    ev->relevant = NULL;
    while (nt) {
        size_t ci = todo[--nt];
        const struct fw_chain *c = &rs->chains[ci];
        for (size_t k = 0; k < c->count; k++) {
            size_t ri = c->first + k;
            size_t mark = ev->nspans, pmark = ev->nports;
            struct rule_result rr;
            rule_eval(ev, &rs->rules[ri], &q, &rr);
            if (rr.match == NO) {
                ev->nspans = mark;
                ev->nports = pmark;
                continue;
            }
            saved[ri / 8] |= (uint8_t)(1u << (ri % 8));
            /* the chains it can lead to: its jump, or a verdict map's */
            const struct fw_rule *ru = &rs->rules[ri];
            for (size_t e = 0; e < ru->ne; e++) {
                const struct fw_expr *x = &ru->e[e];
                const char *names[1] = {x->op == FW_IMMEDIATE ? x->chain : NULL};
                if (names[0]) {
                    long t = chain_by_name(rs, c, names[0]);
                    if (t >= 0 && !seen[t])
                        seen[t] = 1, todo[nt++] = (size_t)t;
                }
                if (x->op == FW_LOOKUP && x->dreg == 0 && x->set >= 0 &&
                    (size_t)x->set < rs->nsets) {
                    const struct fw_set *s = &rs->sets[x->set];
                    for (size_t j = 0; j < s->nel; j++) {
                        long t = chain_by_name(rs, c, s->el[j].chain);
                        if (t >= 0 && !seen[t])
                            seen[t] = 1, todo[nt++] = (size_t)t;
                    }
                }
            }
        }
    }
    ev->relevant = saved;
    ev->collecting = false;
    free(seen);
    free(todo);
    return ev->err;
}

void fw_eval_reset(struct fw_eval *ev)
{
    if (ev->relevant)
        memset(ev->relevant, 0, ev->rs->nrules / 8 + 1);
    ev->nspans = 0;
    ev->nports = 0;
}

void fw_eval_free(struct fw_eval *ev)
{
    free(ev->relevant);
    free(ev->spans);
    free(ev->ports);
    ev->ports = NULL;
    ev->nports = ev->capports = 0;
    ev->relevant = NULL;
    ev->spans = NULL;
    ev->nspans = ev->capspans = 0;
}
