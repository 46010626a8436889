/* A rule in nft's words, from its steps: "ip saddr 192.0.2.0/24 tcp
 * dport 22 accept". What has no words here is written as the kernel's
 * step ("[exthdr]"), never left out. */
#include "explain/fwtext.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include <linux/netfilter/nf_tables.h>

#include "explain/fwxt.h"

enum kind { K_NONE, K_ADDR, K_PORT, K_NAME, K_PROTO, K_CTSTATE, K_FIBTYPE, K_NUM };

struct field {
    char name[48];
    enum kind kind;
    int family; /* addresses */
    uint32_t len;
    int prefix; /* a mask on an address: its length; -1 none */
    bool used;
};

#define SLOTS 20

struct out {
    char *buf;
    size_t n, l;
};

static void put(struct out *o, const char *fmt, const char *s)
{
    if (o->l >= o->n)
        return;
    int w = snprintf(o->buf + o->l, o->n - o->l, fmt, o->l ? " " : "", s);
    if (w > 0)
        o->l += (size_t)w;
    if (o->l >= o->n)
        o->l = o->n - 1;
}

static int slot(int reg)
{
    if (reg >= 1 && reg <= NFT_REG_4)
        return reg * 4;
    if (reg >= NFT_REG32_00 && reg <= NFT_REG32_15)
        return reg - NFT_REG32_00 + 4;
    return -1;
}

static void payload_field(const struct fw_expr *x, int family, uint8_t l4, struct field *f)
{
    memset(f, 0, sizeof(*f));
    f->prefix = -1;
    f->len = x->len;
    bool v4 = family == FW_IP;
    if (x->key == NFT_PAYLOAD_NETWORK_HEADER) {
        const char *fam = v4 ? "ip" : "ip6";
        uint32_t sa = v4 ? 12 : 8, da = v4 ? 16 : 24, alen = v4 ? 4 : 16;
        if (x->offset == sa || x->offset == da) {
            snprintf(f->name, sizeof(f->name), "%s %saddr", fam, x->offset == sa ? "s" : "d");
            f->kind = K_ADDR;
            f->family = v4 ? FW_IP : FW_IP6;
            if (x->len < alen)
                f->prefix = (int)x->len * 8;
            return;
        }
        if (x->offset == (v4 ? 9u : 6u)) {
            snprintf(f->name, sizeof(f->name), "%s", v4 ? "ip protocol" : "ip6 nexthdr");
            f->kind = K_PROTO;
            return;
        }
    } else if (x->key == NFT_PAYLOAD_TRANSPORT_HEADER && x->len == 2 &&
               (x->offset == 0 || x->offset == 2)) {
        snprintf(f->name, sizeof(f->name), "%s %cport",
                 l4 == 6    ? "tcp"
                 : l4 == 17 ? "udp"
                            : "th",
                 x->offset ? 'd' : 's');
        f->kind = K_PORT;
        return;
    }
    snprintf(f->name, sizeof(f->name), "@%s,%u,%u",
             x->key == NFT_PAYLOAD_NETWORK_HEADER     ? "nh"
             : x->key == NFT_PAYLOAD_TRANSPORT_HEADER ? "th"
                                                      : "ll",
             x->offset * 8, x->len * 8);
    f->kind = K_NUM;
}

static void meta_field(const struct fw_expr *x, struct field *f)
{
    static const struct {
        uint32_t key;
        const char *name;
        enum kind kind;
    } keys[] = {
        {NFT_META_IIFNAME, "iifname", K_NAME},
        {NFT_META_OIFNAME, "oifname", K_NAME},
        {NFT_META_IIF, "iif", K_NUM},
        {NFT_META_OIF, "oif", K_NUM},
        {NFT_META_L4PROTO, "meta l4proto", K_PROTO},
        {NFT_META_NFPROTO, "meta nfproto", K_NUM},
        {NFT_META_MARK, "meta mark", K_NUM},
        {NFT_META_IIFTYPE, "iiftype", K_NUM},
        {NFT_META_PKTTYPE, "meta pkttype", K_NUM},
        {NFT_META_PROTOCOL, "meta protocol", K_NUM},
        {NFT_META_SKUID, "meta skuid", K_NUM},
    };
    memset(f, 0, sizeof(*f));
    f->prefix = -1;
    f->kind = K_NUM;
    snprintf(f->name, sizeof(f->name), "meta %u", x->key);
    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
        if (keys[i].key == x->key)
            snprintf(f->name, sizeof(f->name), "%s", keys[i].name), f->kind = keys[i].kind;
}

static void ct_field(const struct fw_expr *x, struct field *f)
{
    static const char *const keys[] = {
        [NFT_CT_STATE] = "state",       [NFT_CT_DIRECTION] = "direction",
        [NFT_CT_STATUS] = "status",     [NFT_CT_MARK] = "mark",
        [NFT_CT_PROTOCOL] = "protocol", [NFT_CT_PROTO_DST] = "original proto-dst",
        [NFT_CT_ZONE] = "zone",
    };
    memset(f, 0, sizeof(*f));
    f->prefix = -1;
    f->kind = x->key == NFT_CT_STATE ? K_CTSTATE : K_NUM;
    const char *k = x->key < sizeof(keys) / sizeof(keys[0]) ? keys[x->key] : NULL;
    if (k)
        snprintf(f->name, sizeof(f->name), "ct %s", k);
    else
        snprintf(f->name, sizeof(f->name), "ct %u", x->key);
}

static void value(const struct field *f, const uint8_t *b, uint32_t len, char *s, size_t n)
{
    char a[INET6_ADDRSTRLEN];
    switch (f ? f->kind : K_NUM) {
    case K_ADDR: {
        uint8_t full[16] = {0};
        uint32_t alen = f->family == FW_IP ? 4 : 16;
        memcpy(full, b, len < alen ? len : alen);
        inet_ntop(f->family == FW_IP ? AF_INET : AF_INET6, full, a, sizeof(a));
        if (f->prefix >= 0 && f->prefix < (int)alen * 8)
            snprintf(s, n, "%s/%d", a, f->prefix);
        else
            snprintf(s, n, "%s", a);
        return;
    }
    case K_PORT:
        snprintf(s, n, "%u", len >= 2 ? (unsigned)(b[0] << 8 | b[1]) : 0u);
        return;
    case K_NAME: {
        size_t l = strnlen((const char *)b, len);
        /* a shorter comparison is a wildcard: "veth*" */
        snprintf(s, n, "\"%.*s%s\"", (int)l, (const char *)b, l == len ? "*" : "");
        return;
    }
    case K_PROTO:
        snprintf(s, n, "%s",
                 b[0] == 6    ? "tcp"
                 : b[0] == 17 ? "udp"
                 : b[0] == 1  ? "icmp"
                 : b[0] == 58 ? "ipv6-icmp"
                              : "?");
        if (s[0] == '?')
            snprintf(s, n, "%u", b[0]);
        return;
    case K_CTSTATE: {
        uint32_t v = 0;
        memcpy(&v, b, len < 4 ? len : 4);
        static const char *const names[] = {"invalid", "established", "related", "new", "",
                                            "",        "untracked"};
        size_t l = 0;
        s[0] = '\0';
        for (unsigned i = 0; i < 7 && l < n; i++)
            if ((v & (1u << i)) && names[i][0])
                l += (size_t)snprintf(s + l, n - l, "%s%s", l ? "," : "", names[i]);
        return;
    }
    default: {
        size_t l = (size_t)snprintf(s, n, "0x");
        for (uint32_t i = 0; i < len && l + 2 < n; i++)
            l += (size_t)snprintf(s + l, n - l, "%02x", b[i]);
        return;
    }
    }
}

static void set_text(const struct fw_ruleset *rs, const struct fw_expr *x, const struct field *f,
                     char *s, size_t n)
{
    if (x->set < 0 || (size_t)x->set >= rs->nsets) {
        snprintf(s, n, "@?");
        return;
    }
    const struct fw_set *set = &rs->sets[x->set];
    if (!(set->flags & NFT_SET_ANONYMOUS)) {
        snprintf(s, n, "@%s", set->name);
        return;
    }
    size_t l = (size_t)snprintf(s, n, "{ ");
    for (size_t i = 0; i < set->nel && l + 8 < n; i++) {
        char a[80], b[80];
        const struct fw_elem *e = &set->el[i];
        value(f, e->key.b, e->key.len, a, sizeof(a));
        if (e->key_end.len && memcmp(e->key.b, e->key_end.b, e->key.len)) {
            value(f, e->key_end.b, e->key_end.len, b, sizeof(b));
            l += (size_t)snprintf(s + l, n - l, "%s%s-%s", i ? ", " : "", a, b);
        } else {
            l += (size_t)snprintf(s + l, n - l, "%s%s", i ? ", " : "", a);
        }
        if (x->dreg == 0 && l < n)
            l += (size_t)snprintf(s + l, n - l, " : %s",
                                  e->verdict == FW_V_ACCEPT ? "accept"
                                  : e->verdict == FW_V_DROP ? "drop"
                                  : e->chain                ? e->chain
                                                            : "?");
    }
    if (l < n)
        snprintf(s + l, n - l, " }");
}

static const char *verdict_word(int v)
{
    switch (v) {
    case FW_V_ACCEPT:
        return "accept";
    case FW_V_DROP:
        return "drop";
    case FW_V_RETURN:
        return "return";
    case FW_V_JUMP:
        return "jump";
    case FW_V_GOTO:
        return "goto";
    case FW_V_CONTINUE:
        return "continue";
    case FW_V_QUEUE:
        return "queue";
    default:
        return "verdict";
    }
}

static void reject_text(uint32_t type, uint32_t code, char *s, size_t n)
{
    if (type == NFT_REJECT_TCP_RST)
        snprintf(s, n, "reject with tcp reset");
    else if (type == NFT_REJECT_ICMPX_UNREACH)
        snprintf(s, n, "reject with icmpx %s",
                 code == NFT_REJECT_ICMPX_NO_ROUTE           ? "no-route"
                 : code == NFT_REJECT_ICMPX_HOST_UNREACH     ? "host-unreachable"
                 : code == NFT_REJECT_ICMPX_ADMIN_PROHIBITED ? "admin-prohibited"
                                                             : "port-unreachable");
    else
        snprintf(s, n, "reject with icmp code %u", code);
}

void fw_rule_text(const struct fw_ruleset *rs, const struct fw_rule *ru, char *buf, size_t n)
{
    struct out o = {buf, n, 0};
    buf[0] = '\0';
    if (n == 0)
        return;
    const struct fw_chain *c = &rs->chains[ru->chain];
    struct field regs[SLOTS + 4];
    memset(regs, 0, sizeof(regs));
    uint8_t l4 = 0;
    int family = c->family;
    char s[512];
    for (size_t i = 0; i < ru->ne; i++) {
        const struct fw_expr *x = &ru->e[i];
        int d = slot(x->dreg), r = slot(x->sreg);
        struct field *src = r >= 0 && r < SLOTS ? &regs[r] : NULL;
        switch (x->op) {
        case FW_PAYLOAD:
            if (d >= 0 && d < SLOTS) {
                int fam =
                    family == FW_INET ? (x->offset >= 24 || x->len == 16 ? FW_IP6 : FW_IP) : family;
                payload_field(x, fam, l4, &regs[d]);
                regs[d].used = true;
            }
            break;
        case FW_META:
        case FW_CT:
            if (x->sreg >= 0) {
                put(&o, "%s%s", x->op == FW_META ? "meta mark set ..." : "ct set ...");
                break;
            }
            if (d >= 0 && d < SLOTS) {
                (x->op == FW_META ? meta_field : ct_field)(x, &regs[d]);
                regs[d].used = true;
            }
            break;
        case FW_FIB:
            if (d >= 0 && d < SLOTS) {
                memset(&regs[d], 0, sizeof(regs[d]));
                snprintf(regs[d].name, sizeof(regs[d].name), "fib %s %s",
                         x->offset & NFTA_FIB_F_DADDR ? "daddr" : "saddr",
                         x->key == NFT_FIB_RESULT_ADDRTYPE ? "type" : "oif");
                regs[d].kind = x->key == NFT_FIB_RESULT_ADDRTYPE ? K_FIBTYPE : K_NUM;
                regs[d].prefix = -1;
                regs[d].used = true;
            }
            break;
        case FW_BITWISE:
            if (src && d >= 0 && d < SLOTS) {
                regs[d] = *src;
                if (src->kind == K_ADDR) {
                    int bits = 0;
                    for (uint32_t k = 0; k < x->a.len; k++)
                        bits += __builtin_popcount(x->a.b[k]);
                    regs[d].prefix = bits;
                } else if (src->kind != K_CTSTATE) {
                    regs[d].kind = K_NUM;
                }
            }
            break;
        case FW_CMP: {
            if (!src || !src->used) {
                put(&o, "%s%s", "[cmp]");
                break;
            }
            static const char *const ops[] = {"", "!= ", "< ", "<= ", "> ", ">= "};
            const char *op = x->cmp >= 0 && x->cmp <= 5 ? ops[x->cmp] : "? ";
            if (src->kind == K_CTSTATE && x->cmp == FW_NEQ)
                op = ""; /* "ct state & (a|b) != 0": the set bits are the states */
            if (src->kind == K_FIBTYPE) {
                uint32_t v = 0;
                memcpy(&v, x->a.b, x->a.len < 4 ? x->a.len : 4);
                snprintf(s, sizeof(s), "%s %s%s", src->name, op,
                         v == 2   ? "local"
                         : v == 1 ? "unicast"
                         : v == 3 ? "broadcast"
                                  : "other");
            } else if (src->kind == K_CTSTATE) {
                char v[128];
                value(src, x->a.b, x->a.len, v, sizeof(v));
                snprintf(s, sizeof(s), "%s %s", src->name, v[0] ? v : "0");
                put(&o, "%s%s", s);
                break;
            } else {
                char v[160];
                value(src, x->a.b, x->a.len, v, sizeof(v));
                snprintf(s, sizeof(s), "%s %s%s", src->name, op, v);
            }
            if (src->kind == K_PROTO && x->cmp == FW_EQ)
                l4 = x->a.b[0];
            put(&o, "%s%s", s);
            break;
        }
        case FW_RANGE: {
            char a[80], b[80];
            value(src, x->a.b, x->a.len, a, sizeof(a));
            value(src, x->b.b, x->b.len, b, sizeof(b));
            snprintf(s, sizeof(s), "%s %s%s-%s", src ? src->name : "?",
                     x->cmp == NFT_RANGE_NEQ ? "!= " : "", a, b);
            put(&o, "%s%s", s);
            break;
        }
        case FW_LOOKUP: {
            char set[400];
            set_text(rs, x, src, set, sizeof(set));
            snprintf(s, sizeof(s), "%s %s%s%s", src ? src->name : "?",
                     x->flags & NFT_LOOKUP_F_INV ? "!= " : "", x->dreg == 0 ? "vmap " : "", set);
            put(&o, "%s%s", s);
            break;
        }
        case FW_IMMEDIATE:
            if (x->dreg == 0) {
                if (x->chain)
                    snprintf(s, sizeof(s), "%s %s", verdict_word(x->verdict), x->chain);
                else
                    snprintf(s, sizeof(s), "%s", verdict_word(x->verdict));
                put(&o, "%s%s", s);
            } else if (d >= 0 && d < SLOTS) {
                memset(&regs[d], 0, sizeof(regs[d]));
                regs[d].prefix = -1;
                regs[d].kind = K_NUM;
                /* kept for nat: its value */
                regs[d].len = x->a.len;
                if (x->a.len == 4 || x->a.len == 16) {
                    char a[INET6_ADDRSTRLEN];
                    inet_ntop(x->a.len == 4 ? AF_INET : AF_INET6, x->a.b, a, sizeof(a));
                    snprintf(regs[d].name, sizeof(regs[d].name), "%s", a);
                } else if (x->a.len == 2) {
                    snprintf(regs[d].name, sizeof(regs[d].name), "%u", x->a.b[0] << 8 | x->a.b[1]);
                }
            }
            break;
        case FW_REJECT:
            reject_text(x->key, x->offset, s, sizeof(s));
            put(&o, "%s%s", s);
            break;
        case FW_NAT:
        case FW_REDIR: {
            int a = slot(x->sreg), p = slot(x->dreg2);
            const char *addr = a >= 0 && a < SLOTS && regs[a].name[0] ? regs[a].name : "";
            const char *port = p >= 0 && p < SLOTS && regs[p].name[0] ? regs[p].name : NULL;
            bool v6 = x->offset == FW_IP6;
            if (x->op == FW_REDIR)
                snprintf(s, sizeof(s), "redirect%s%s", port ? " to :" : "", port ? port : "");
            else
                snprintf(s, sizeof(s), "%s to %s%s%s%s%s", x->key == NFT_NAT_DNAT ? "dnat" : "snat",
                         v6 && port ? "[" : "", addr, v6 && port ? "]" : "", port ? ":" : "",
                         port ? port : "");
            put(&o, "%s%s", s);
            break;
        }
        case FW_MASQ:
            put(&o, "%s%s", "masquerade");
            break;
        case FW_MATCH:
        case FW_TARGET:
            fwxt_text(x, family, s, sizeof(s));
            put(&o, "%s%s", s);
            break;
        case FW_NOOP:
            put(&o, "%s%s", x->name);
            break;
        default:
            snprintf(s, sizeof(s), "[%s]", x->name[0] ? x->name : "?");
            put(&o, "%s%s", s);
            break;
        }
    }
    /* nft leaves out the protocol a port implies: "tcp dport 22". */
    static const struct {
        const char *dep;
        size_t keep; /* the tail that stays */
    } deps[] = {
        {"meta l4proto tcp tcp ", 4}, {"meta l4proto udp udp ", 4},  {"ip protocol tcp tcp ", 4},
        {"ip protocol udp udp ", 4},  {"ip6 nexthdr tcp tcp ", 4},   {"ip6 nexthdr udp udp ", 4},
        {"meta nfproto 0x02 ip ", 3}, {"meta nfproto 0x0a ip6 ", 4},
    };
    for (size_t d = 0; d < sizeof(deps) / sizeof(deps[0]); d++) {
        char *at;
        size_t dl = strlen(deps[d].dep), keep = deps[d].keep;
        while ((at = strstr(buf, deps[d].dep))) {
            memmove(at, at + dl - keep, strlen(at + dl - keep) + 1);
            o.l -= dl - keep;
        }
    }
    if (ru->comment) {
        char cm[160];
        snprintf(cm, sizeof(cm), "comment \"%.140s\"", ru->comment);
        put(&o, "%s%s", cm);
    }
}
