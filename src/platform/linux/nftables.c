/* The nftables ruleset, read over netlink: chains, sets with their
 * elements, rules. The messages are decoded here with libmnl: libnftnl,
 * netfilter's own library for them, ends the whole process (exit) on a
 * message it finds malformed, and a library of ours must never. Only what
 * a packet's path depends on is kept, in the model's plain records. */
#include "platform/linux/nftables.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libmnl/libmnl.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nf_tables_compat.h>
#include <linux/netfilter/nfnetlink.h>

#include "platform/linux/nldump.h"
#include "platform/linux/nsenter.h"
#include "util/grow.h"

struct rs_cap {
    size_t chains, rules, sets;
};

/* ---- attributes ---- */

#define TB 16

struct tb {
    const struct nlattr *a[TB];
};

static int tb_cb(const struct nlattr *attr, void *data)
{
    struct tb *t = data;
    uint16_t type = mnl_attr_get_type(attr);
    if (type < TB)
        t->a[type] = attr;
    return MNL_CB_OK;
}

/* A message's attributes after its nfgenmsg. false when malformed. */
static bool msg_attrs(const struct nlmsghdr *nlh, struct tb *t, int *family)
{
    memset(t, 0, sizeof(*t));
    if (nlh->nlmsg_len < MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(struct nfgenmsg)))
        return false;
    const struct nfgenmsg *g = mnl_nlmsg_get_payload(nlh);
    *family = g->nfgen_family;
    return mnl_attr_parse(nlh, sizeof(struct nfgenmsg), tb_cb, t) >= 0;
}

static bool nest(const struct nlattr *n, struct tb *t)
{
    memset(t, 0, sizeof(*t));
    return n && mnl_attr_parse_nested(n, tb_cb, t) >= 0;
}

/* A string attribute into dst: false when absent, empty or unterminated. */
static bool str(const struct nlattr *a, char *dst, size_t n)
{
    if (!a)
        return false;
    const char *v = mnl_attr_get_payload(a);
    size_t len = mnl_attr_get_payload_len(a);
    size_t l = strnlen(v, len);
    if (l == len || l == 0)
        return false;
    if (l >= n)
        l = n - 1;
    memcpy(dst, v, l);
    dst[l] = '\0';
    return true;
}

static char *str_dup(const struct nlattr *a)
{
    char buf[256];
    return str(a, buf, sizeof(buf)) ? strdup(buf) : NULL;
}

static uint32_t u32(const struct nlattr *a, uint32_t dflt)
{
    return a && mnl_attr_get_payload_len(a) >= 4 ? ntohl(mnl_attr_get_u32(a)) : dflt;
}

static int reg(const struct nlattr *a)
{
    return a && mnl_attr_get_payload_len(a) >= 4 ? (int)(ntohl(mnl_attr_get_u32(a)) & 0xff) : -1;
}

/* NFTA_DATA_VALUE inside a data attribute. */
static void value(const struct nlattr *a, struct fw_data *d)
{
    struct tb t;
    d->len = 0;
    if (!nest(a, &t) || !t.a[NFTA_DATA_VALUE])
        return;
    size_t len = mnl_attr_get_payload_len(t.a[NFTA_DATA_VALUE]);
    if (len > FW_DATA_MAX)
        return;
    d->len = (uint8_t)len;
    memcpy(d->b, mnl_attr_get_payload(t.a[NFTA_DATA_VALUE]), len);
}

/* NFTA_DATA_VERDICT inside a data attribute: its code and chain. */
static bool verdict(const struct nlattr *a, int *code, char **chain)
{
    struct tb t, v;
    if (!nest(a, &t) || !nest(t.a[NFTA_DATA_VERDICT], &v) || !v.a[NFTA_VERDICT_CODE])
        return false;
    *code = (int)u32(v.a[NFTA_VERDICT_CODE], 0);
    *chain = v.a[NFTA_VERDICT_CHAIN] ? str_dup(v.a[NFTA_VERDICT_CHAIN]) : NULL;
    return true;
}

static int find_set(const struct fw_ruleset *rs, int family, const char *table, const char *name)
{
    for (size_t i = 0; i < rs->nsets; i++)
        if (rs->sets[i].family == family && !strcmp(rs->sets[i].table, table) &&
            !strcmp(rs->sets[i].name, name))
            return (int)i;
    return -1;
}

/* One expression (NFTA_LIST_ELEM) as a model step. */
static int decode_expr(const struct nlattr *elem, const struct fw_ruleset *rs, int family,
                       const char *table, struct fw_expr *x)
{
    memset(x, 0, sizeof(*x));
    x->sreg = x->dreg = x->sreg2 = x->dreg2 = x->sreg3 = -1;
    x->set = -1;
    x->op = FW_OTHER;
    struct tb e, d;
    if (!nest(elem, &e) || !str(e.a[NFTA_EXPR_NAME], x->name, sizeof(x->name)))
        return 0; /* nothing to read: a step netstat cannot evaluate */
    const char *name = x->name;
    if (!nest(e.a[NFTA_EXPR_DATA], &d))
        memset(&d, 0, sizeof(d));
    if (!strcmp(name, "payload")) {
        x->op = d.a[NFTA_PAYLOAD_SREG] || !d.a[NFTA_PAYLOAD_DREG] ? FW_OTHER : FW_PAYLOAD;
        x->key = u32(d.a[NFTA_PAYLOAD_BASE], 0);
        x->offset = u32(d.a[NFTA_PAYLOAD_OFFSET], 0);
        x->len = u32(d.a[NFTA_PAYLOAD_LEN], 0);
        x->dreg = reg(d.a[NFTA_PAYLOAD_DREG]);
    } else if (!strcmp(name, "meta")) {
        x->op = FW_META;
        x->key = u32(d.a[NFTA_META_KEY], 0);
        x->dreg = reg(d.a[NFTA_META_DREG]);
        x->sreg = reg(d.a[NFTA_META_SREG]);
    } else if (!strcmp(name, "ct")) {
        x->op = FW_CT;
        x->key = u32(d.a[NFTA_CT_KEY], 0);
        const struct nlattr *dir = d.a[NFTA_CT_DIRECTION];
        if (dir && mnl_attr_get_payload_len(dir) >= 1)
            x->offset = mnl_attr_get_u8(dir) + 1u;
        x->dreg = reg(d.a[NFTA_CT_DREG]);
        x->sreg = reg(d.a[NFTA_CT_SREG]);
    } else if (!strcmp(name, "fib")) {
        x->op = FW_FIB;
        x->key = u32(d.a[NFTA_FIB_RESULT], 0);
        x->offset = u32(d.a[NFTA_FIB_FLAGS], 0);
        x->dreg = reg(d.a[NFTA_FIB_DREG]);
    } else if (!strcmp(name, "cmp")) {
        x->op = FW_CMP;
        x->sreg = reg(d.a[NFTA_CMP_SREG]);
        x->cmp = (int)u32(d.a[NFTA_CMP_OP], 0);
        value(d.a[NFTA_CMP_DATA], &x->a);
    } else if (!strcmp(name, "bitwise")) {
        x->op =
            u32(d.a[NFTA_BITWISE_OP], NFT_BITWISE_BOOL) == NFT_BITWISE_BOOL ? FW_BITWISE : FW_OTHER;
        x->sreg = reg(d.a[NFTA_BITWISE_SREG]);
        x->dreg = reg(d.a[NFTA_BITWISE_DREG]);
        x->len = u32(d.a[NFTA_BITWISE_LEN], 0);
        value(d.a[NFTA_BITWISE_MASK], &x->a);
        value(d.a[NFTA_BITWISE_XOR], &x->b);
    } else if (!strcmp(name, "range")) {
        x->op = FW_RANGE;
        x->sreg = reg(d.a[NFTA_RANGE_SREG]);
        x->cmp = (int)u32(d.a[NFTA_RANGE_OP], 0);
        value(d.a[NFTA_RANGE_FROM_DATA], &x->a);
        value(d.a[NFTA_RANGE_TO_DATA], &x->b);
    } else if (!strcmp(name, "lookup")) {
        x->op = FW_LOOKUP;
        x->sreg = reg(d.a[NFTA_LOOKUP_SREG]);
        x->dreg = reg(d.a[NFTA_LOOKUP_DREG]);
        x->flags = u32(d.a[NFTA_LOOKUP_FLAGS], 0);
        char set[64];
        if (str(d.a[NFTA_LOOKUP_SET], set, sizeof(set)))
            x->set = find_set(rs, family, table, set);
    } else if (!strcmp(name, "immediate")) {
        x->op = FW_IMMEDIATE;
        x->dreg = reg(d.a[NFTA_IMMEDIATE_DREG]);
        if (x->dreg == NFT_REG_VERDICT) {
            if (!verdict(d.a[NFTA_IMMEDIATE_DATA], &x->verdict, &x->chain))
                x->op = FW_OTHER;
        } else {
            value(d.a[NFTA_IMMEDIATE_DATA], &x->a);
        }
    } else if (!strcmp(name, "reject")) {
        x->op = FW_REJECT;
        x->key = u32(d.a[NFTA_REJECT_TYPE], 0);
        const struct nlattr *c = d.a[NFTA_REJECT_ICMP_CODE];
        x->offset = c && mnl_attr_get_payload_len(c) >= 1 ? mnl_attr_get_u8(c) : 0;
    } else if (!strcmp(name, "nat")) {
        x->op = FW_NAT;
        x->key = u32(d.a[NFTA_NAT_TYPE], 0);
        x->offset = u32(d.a[NFTA_NAT_FAMILY], 0);
        x->sreg = reg(d.a[NFTA_NAT_REG_ADDR_MIN]);
        x->sreg2 = reg(d.a[NFTA_NAT_REG_ADDR_MAX]);
        x->dreg2 = reg(d.a[NFTA_NAT_REG_PROTO_MIN]);
        x->sreg3 = reg(d.a[NFTA_NAT_REG_PROTO_MAX]);
        x->flags = u32(d.a[NFTA_NAT_FLAGS], 0);
    } else if (!strcmp(name, "redir")) {
        x->op = FW_REDIR;
        x->dreg2 = reg(d.a[NFTA_REDIR_REG_PROTO_MIN]);
        x->sreg3 = reg(d.a[NFTA_REDIR_REG_PROTO_MAX]);
    } else if (!strcmp(name, "masq")) {
        x->op = FW_MASQ;
    } else if (!strcmp(name, "match") || !strcmp(name, "target")) {
        /* NFTA_MATCH_ and NFTA_TARGET_ NAME, REV, INFO share numbers */
        bool mt = name[0] == 'm';
        if (!str(d.a[NFTA_MATCH_NAME], x->name, sizeof(x->name)))
            return 0; /* FW_OTHER */
        x->op = mt ? FW_MATCH : FW_TARGET;
        x->offset = u32(d.a[NFTA_MATCH_REV], 0);
        const struct nlattr *info = d.a[NFTA_MATCH_INFO];
        if (info && mnl_attr_get_payload_len(info)) {
            x->info_len = mnl_attr_get_payload_len(info);
            if (!(x->info = malloc(x->info_len)))
                return -ENOMEM;
            memcpy(x->info, mnl_attr_get_payload(info), x->info_len);
        }
    } else if (!strcmp(name, "counter") || !strcmp(name, "log")) {
        x->op = FW_NOOP;
    }
    return 0;
}

static int find_chain(const struct fw_ruleset *rs, int family, const char *table, const char *name)
{
    for (size_t i = 0; i < rs->nchains; i++)
        if (rs->chains[i].family == family && !strcmp(rs->chains[i].table, table) &&
            !strcmp(rs->chains[i].name, name))
            return (int)i;
    return -1;
}

struct rd {
    struct fw_ruleset *rs;
    struct rs_cap cap;
    int err;
};

static int chain_cb(const struct nlmsghdr *nlh, void *data)
{
    struct rd *d = data;
    struct fw_ruleset *rs = d->rs;
    struct tb t, h;
    int family;
    struct fw_chain ch;
    memset(&ch, 0, sizeof(ch));
    if (!msg_attrs(nlh, &t, &family) || !str(t.a[NFTA_CHAIN_TABLE], ch.table, sizeof(ch.table)) ||
        !str(t.a[NFTA_CHAIN_NAME], ch.name, sizeof(ch.name)))
        return MNL_CB_OK; /* not a chain we can read: its rules are left out too */
    ch.family = family;
    ch.hook = FW_HOOK_NONE;
    ch.policy = FW_V_ACCEPT;
    if (nest(t.a[NFTA_CHAIN_HOOK], &h) && h.a[NFTA_HOOK_HOOKNUM]) {
        ch.base = true;
        uint32_t hk = u32(h.a[NFTA_HOOK_HOOKNUM], FW_HOOK_NONE);
        ch.hook = hk <= FW_POSTROUTING ? (uint8_t)hk : FW_HOOK_NONE;
        ch.prio = (int32_t)u32(h.a[NFTA_HOOK_PRIORITY], 0);
        str(t.a[NFTA_CHAIN_TYPE], ch.type, sizeof(ch.type));
        ch.policy = (int)u32(t.a[NFTA_CHAIN_POLICY], FW_V_ACCEPT);
    }
    if (grow((void **)&rs->chains, &d->cap.chains, rs->nchains + 1, sizeof(*rs->chains)) < 0)
        return d->err = -ENOMEM, MNL_CB_ERROR;
    rs->chains[rs->nchains++] = ch;
    return MNL_CB_OK;
}

static int set_cb(const struct nlmsghdr *nlh, void *data)
{
    struct rd *d = data;
    struct fw_ruleset *rs = d->rs;
    struct tb t;
    int family;
    struct fw_set x;
    memset(&x, 0, sizeof(x));
    if (!msg_attrs(nlh, &t, &family) || !str(t.a[NFTA_SET_TABLE], x.table, sizeof(x.table)) ||
        !str(t.a[NFTA_SET_NAME], x.name, sizeof(x.name)))
        return MNL_CB_OK;
    x.family = family;
    x.flags = u32(t.a[NFTA_SET_FLAGS], 0);
    x.key_len = u32(t.a[NFTA_SET_KEY_LEN], 0);
    x.data_len = u32(t.a[NFTA_SET_DATA_LEN], 0);
    x.data_type = u32(t.a[NFTA_SET_DATA_TYPE], 0);
    x.id = u32(t.a[NFTA_SET_ID], 0);
    x.interval = (x.flags & NFT_SET_INTERVAL) != 0;
    if (grow((void **)&rs->sets, &d->cap.sets, rs->nsets + 1, sizeof(*rs->sets)) < 0)
        return d->err = -ENOMEM, MNL_CB_ERROR;
    rs->sets[rs->nsets++] = x;
    return MNL_CB_OK;
}

struct elems {
    struct fw_set *set;
    size_t cap;
    int err;
};

static int elem_one(const struct nlattr *a, struct elems *x)
{
    struct fw_set *s = x->set;
    struct tb t;
    if (!nest(a, &t) || !t.a[NFTA_SET_ELEM_KEY])
        return 0;
    if (grow((void **)&s->el, &x->cap, s->nel + 1, sizeof(*s->el)) < 0)
        return x->err = -ENOMEM;
    struct fw_elem *el = &s->el[s->nel++];
    memset(el, 0, sizeof(*el));
    value(t.a[NFTA_SET_ELEM_KEY], &el->key);
    value(t.a[NFTA_SET_ELEM_KEY_END], &el->key_end);
    el->verdict = FW_V_CONTINUE;
    if (t.a[NFTA_SET_ELEM_DATA] && !verdict(t.a[NFTA_SET_ELEM_DATA], &el->verdict, &el->chain))
        value(t.a[NFTA_SET_ELEM_DATA], &el->data);
    /* An interval set's end: the first value past a range. */
    if (u32(t.a[NFTA_SET_ELEM_FLAGS], 0) & NFT_SET_ELEM_INTERVAL_END)
        el->verdict = FW_ELEM_END;
    return 0;
}

static int elem_cb(const struct nlmsghdr *nlh, void *data)
{
    struct elems *x = data;
    struct tb t;
    int family;
    if (!msg_attrs(nlh, &t, &family) || !t.a[NFTA_SET_ELEM_LIST_ELEMENTS])
        return MNL_CB_OK;
    const struct nlattr *a;
    mnl_attr_for_each_nested(a, t.a[NFTA_SET_ELEM_LIST_ELEMENTS])
    {
        if (elem_one(a, x) < 0)
            return MNL_CB_ERROR;
    }
    return MNL_CB_OK;
}

static int rule_cb(const struct nlmsghdr *nlh, void *data)
{
    struct rd *d = data;
    int rc = nft_rule_decode(nlh, d->rs, &d->cap.rules);
    if (rc < 0)
        return d->err = rc, MNL_CB_ERROR;
    return MNL_CB_OK;
}

/* The comment among a rule's user data (type 0, length, bytes). */
static char *rule_comment(const uint8_t *u, uint32_t len)
{
    for (uint32_t i = 0; i + 2 <= len;) {
        uint8_t type = u[i], l = u[i + 1];
        if (i + 2u + l > len)
            break;
        if (type == 0 && l)
            return strndup((const char *)u + i + 2, l);
        i += 2u + l;
    }
    return NULL;
}

bool nft_rule_where(const struct nlmsghdr *nlh, int *family, char *table, size_t tn, char *chain,
                    size_t cn)
{
    struct tb t;
    return msg_attrs(nlh, &t, family) && str(t.a[NFTA_RULE_TABLE], table, tn) &&
           str(t.a[NFTA_RULE_CHAIN], chain, cn);
}

int nft_rule_decode(const struct nlmsghdr *nlh, struct fw_ruleset *rs, size_t *cap)
{
    struct tb t;
    int family;
    char table[64], chain[64];
    if (!nft_rule_where(nlh, &family, table, sizeof(table), chain, sizeof(chain)))
        return 0;
    msg_attrs(nlh, &t, &family);
    int ci = find_chain(rs, family, table, chain);
    if (ci < 0)
        return 0; /* a chain made while we read: left for the next run */
    struct fw_rule x;
    memset(&x, 0, sizeof(x));
    int rc = 0;
    if (t.a[NFTA_RULE_EXPRESSIONS]) {
        /* Counted first: a rule's steps take exactly their room (a big
         * ruleset has tens of thousands of rules). */
        const struct nlattr *a;
        size_t count = 0;
        mnl_attr_for_each_nested(a, t.a[NFTA_RULE_EXPRESSIONS]) count++;
        if (count && !(x.e = calloc(count, sizeof(*x.e))))
            return -ENOMEM;
        mnl_attr_for_each_nested(a, t.a[NFTA_RULE_EXPRESSIONS])
        {
            if (x.ne == count)
                break;
            rc = decode_expr(a, rs, family, table, &x.e[x.ne]);
            x.ne++;
            if (rc < 0)
                break;
        }
    }
    if (rc == 0 && grow((void **)&rs->rules, cap, rs->nrules + 1, sizeof(*rs->rules)) < 0)
        rc = -ENOMEM;
    if (rc < 0) {
        fw_rule_clear(&x);
        return rc;
    }
    const struct nlattr *h = t.a[NFTA_RULE_HANDLE];
    x.handle = h && mnl_attr_get_payload_len(h) >= 8 ? be64toh(mnl_attr_get_u64(h)) : 0;
    x.chain = (size_t)ci;
    const struct nlattr *u = t.a[NFTA_RULE_USERDATA];
    if (u)
        x.comment = rule_comment(mnl_attr_get_payload(u), mnl_attr_get_payload_len(u));
    rs->rules[rs->nrules++] = x;
    return 0;
}

/* One dump request of the nftables subsystem; for set elements, of
 * set (table, name). */
static int dump(struct mnl_socket *nl, uint16_t type, int family, const struct fw_set *set,
                mnl_cb_t cb, void *data)
{
    char buf[MNL_SOCKET_BUFFER_SIZE];
    static uint32_t seq;
    if (!seq)
        seq = (uint32_t)time(NULL);
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
    nlh->nlmsg_type = (uint16_t)(NFNL_SUBSYS_NFTABLES << 8 | type);
    nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
    nlh->nlmsg_seq = ++seq;
    struct nfgenmsg *g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
    g->nfgen_family = (uint8_t)family;
    g->version = NFNETLINK_V0;
    if (set) {
        mnl_attr_put_strz(nlh, NFTA_SET_ELEM_LIST_TABLE, set->table);
        mnl_attr_put_strz(nlh, NFTA_SET_ELEM_LIST_SET, set->name);
    }
    int zero = 0;
    return nl_dump(nl, nlh, cb, data, &zero);
}

static int read_elems(struct mnl_socket *nl, struct fw_set *x)
{
    struct elems e = {x, 0, 0};
    int rc = dump(nl, NFT_MSG_GETSETELEM, x->family, x, elem_cb, &e);
    if (e.err)
        return e.err;
    if (rc < 0 && rc != -ENOMEM)
        x->broken = true, rc = 0;
    return rc;
}

/* Rules grouped by chain, each chain's in the kernel's order. */
static int by_chain(const void *a, const void *b)
{
    const struct fw_rule *x = a, *y = b;
    if (x->chain != y->chain)
        return x->chain < y->chain ? -1 : 1;
    return 0;
}

static void index_rules(struct fw_ruleset *rs)
{
    /* qsort is not stable: a rule's place in its chain is kept by a
     * pre-pass that remembers it. */
    for (size_t i = 0; i < rs->nrules; i++)
        rs->rules[i].order = i;
    if (rs->nrules == 0)
        return;
    qsort(rs->rules, rs->nrules, sizeof(*rs->rules), by_chain);
    for (size_t i = 0; i < rs->nrules;) {
        size_t k = i;
        while (k < rs->nrules && rs->rules[k].chain == rs->rules[i].chain)
            k++;
        qsort(rs->rules + i, k - i, sizeof(*rs->rules), fw_rule_by_order);
        rs->chains[rs->rules[i].chain].first = i;
        rs->chains[rs->rules[i].chain].count = k - i;
        i = k;
    }
}

/* iptables-legacy's tables of this namespace (x_tables, which nftables
 * does not see). */
static void legacy_tables(int nsfd, struct fw_ruleset *rs)
{
    const char *files[] = {"ip_tables_names", "ip6_tables_names"};
    for (size_t f = 0; f < 2; f++) {
        int fd = ns_open_net_file(nsfd, files[f]);
        if (fd < 0)
            continue;
        char buf[256];
        ssize_t n = read(fd, buf, sizeof(buf) - 1);
        close(fd);
        if (n <= 0)
            continue;
        buf[n] = '\0';
        for (char *save, *t = strtok_r(buf, "\n", &save); t; t = strtok_r(NULL, "\n", &save)) {
            char word[64];
            snprintf(word, sizeof(word), "%s%s%s", rs->legacy[0] ? " " : "", f ? "ip6 " : "ip ", t);
            if (strlen(rs->legacy) + strlen(word) < sizeof(rs->legacy))
                strcat(rs->legacy, word);
        }
    }
}

int nft_read(int nsfd, struct fw_ruleset *rs)
{
    memset(rs, 0, sizeof(*rs));
    struct mnl_socket *nl = ns_mnl_open(nsfd, NETLINK_NETFILTER);
    if (!nl)
        return -errno;
    struct rd d = {rs, {0, 0, 0}, 0};
    int rc = dump(nl, NFT_MSG_GETCHAIN, NFPROTO_UNSPEC, NULL, chain_cb, &d);
    if (rc == 0)
        rc = dump(nl, NFT_MSG_GETSET, NFPROTO_UNSPEC, NULL, set_cb, &d);
    for (size_t i = 0; rc == 0 && i < rs->nsets; i++)
        rc = read_elems(nl, &rs->sets[i]);
    if (rc == 0)
        rc = dump(nl, NFT_MSG_GETRULE, NFPROTO_UNSPEC, NULL, rule_cb, &d);
    mnl_socket_close(nl);
    if (d.err)
        rc = d.err;
    if (rc < 0) {
        fw_ruleset_free(rs);
        return rc;
    }
    fw_sets_normalise(rs);
    index_rules(rs);
    legacy_tables(nsfd, rs);
    return 0;
}
