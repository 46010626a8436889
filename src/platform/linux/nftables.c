/* The nftables ruleset, read over netlink: chains, sets with their
 * elements, rules. libnftnl parses each message into objects; we copy
 * what a packet's path depends on into the model's plain records. */
#include "platform/linux/nftables.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libmnl/libmnl.h>
#include <libnftnl/chain.h>
#include <libnftnl/expr.h>
#include <libnftnl/rule.h>
#include <libnftnl/set.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>

#include "platform/linux/nldump.h"
#include "platform/linux/nsenter.h"
#include "util/grow.h"

struct rs_cap {
    size_t chains, rules, sets;
};

static void copy_str(char *dst, size_t n, const char *src)
{
    if (!src)
        src = "";
    size_t l = strnlen(src, n - 1);
    memcpy(dst, src, l);
    dst[l] = '\0';
}

static void get_data(const struct nftnl_expr *e, uint16_t attr, struct fw_data *d)
{
    uint32_t len = 0;
    const void *v = nftnl_expr_is_set(e, attr) ? nftnl_expr_get(e, attr, &len) : NULL;
    if (!v || len > FW_DATA_MAX)
        len = 0;
    d->len = (uint8_t)len;
    if (len)
        memcpy(d->b, v, len);
}

static int reg(const struct nftnl_expr *e, uint16_t attr)
{
    return nftnl_expr_is_set(e, attr) ? (int)nftnl_expr_get_u32(e, attr) : -1;
}

static int find_set(const struct fw_ruleset *rs, int family, const char *table, const char *name)
{
    for (size_t i = 0; i < rs->nsets; i++)
        if (rs->sets[i].family == family && !strcmp(rs->sets[i].table, table) &&
            !strcmp(rs->sets[i].name, name))
            return (int)i;
    return -1;
}

/* One libnftnl expression as a model step. */
static int decode_expr(const struct nftnl_expr *e, const struct fw_ruleset *rs, int family,
                       const char *table, struct fw_expr *x)
{
    memset(x, 0, sizeof(*x));
    x->sreg = x->dreg = x->sreg2 = x->dreg2 = x->sreg3 = -1;
    x->set = -1;
    const char *name = nftnl_expr_get_str(e, NFTNL_EXPR_NAME);
    copy_str(x->name, sizeof(x->name), name);
    if (!name) {
        x->op = FW_OTHER;
        return 0;
    }
    if (!strcmp(name, "payload")) {
        x->op = nftnl_expr_is_set(e, NFTNL_EXPR_PAYLOAD_SREG) ? FW_OTHER : FW_PAYLOAD;
        x->key = nftnl_expr_get_u32(e, NFTNL_EXPR_PAYLOAD_BASE);
        x->offset = nftnl_expr_get_u32(e, NFTNL_EXPR_PAYLOAD_OFFSET);
        x->len = nftnl_expr_get_u32(e, NFTNL_EXPR_PAYLOAD_LEN);
        x->dreg = reg(e, NFTNL_EXPR_PAYLOAD_DREG);
    } else if (!strcmp(name, "meta") || !strcmp(name, "ct")) {
        bool meta = name[0] == 'm';
        x->op = meta ? FW_META : FW_CT;
        x->key = nftnl_expr_get_u32(e, meta ? NFTNL_EXPR_META_KEY : NFTNL_EXPR_CT_KEY);
        if (!meta && nftnl_expr_is_set(e, NFTNL_EXPR_CT_DIR))
            x->offset = nftnl_expr_get_u8(e, NFTNL_EXPR_CT_DIR) + 1u;
        x->dreg = reg(e, meta ? NFTNL_EXPR_META_DREG : NFTNL_EXPR_CT_DREG);
        x->sreg = reg(e, meta ? NFTNL_EXPR_META_SREG : NFTNL_EXPR_CT_SREG);
    } else if (!strcmp(name, "fib")) {
        x->op = FW_FIB;
        x->key = nftnl_expr_get_u32(e, NFTNL_EXPR_FIB_RESULT);
        x->offset = nftnl_expr_get_u32(e, NFTNL_EXPR_FIB_FLAGS);
        x->dreg = reg(e, NFTNL_EXPR_FIB_DREG);
    } else if (!strcmp(name, "cmp")) {
        x->op = FW_CMP;
        x->sreg = reg(e, NFTNL_EXPR_CMP_SREG);
        x->cmp = (int)nftnl_expr_get_u32(e, NFTNL_EXPR_CMP_OP);
        get_data(e, NFTNL_EXPR_CMP_DATA, &x->a);
    } else if (!strcmp(name, "bitwise")) {
        x->op = FW_BITWISE;
        x->sreg = reg(e, NFTNL_EXPR_BITWISE_SREG);
        x->dreg = reg(e, NFTNL_EXPR_BITWISE_DREG);
        x->len = nftnl_expr_get_u32(e, NFTNL_EXPR_BITWISE_LEN);
        if (nftnl_expr_is_set(e, NFTNL_EXPR_BITWISE_OP) &&
            nftnl_expr_get_u32(e, NFTNL_EXPR_BITWISE_OP) != NFT_BITWISE_BOOL)
            x->op = FW_OTHER; /* shifts: not met on a packet's path here */
        get_data(e, NFTNL_EXPR_BITWISE_MASK, &x->a);
        get_data(e, NFTNL_EXPR_BITWISE_XOR, &x->b);
    } else if (!strcmp(name, "range")) {
        x->op = FW_RANGE;
        x->sreg = reg(e, NFTNL_EXPR_RANGE_SREG);
        x->cmp = (int)nftnl_expr_get_u32(e, NFTNL_EXPR_RANGE_OP);
        get_data(e, NFTNL_EXPR_RANGE_FROM_DATA, &x->a);
        get_data(e, NFTNL_EXPR_RANGE_TO_DATA, &x->b);
    } else if (!strcmp(name, "lookup")) {
        x->op = FW_LOOKUP;
        x->sreg = reg(e, NFTNL_EXPR_LOOKUP_SREG);
        x->dreg = reg(e, NFTNL_EXPR_LOOKUP_DREG);
        x->flags = nftnl_expr_is_set(e, NFTNL_EXPR_LOOKUP_FLAGS)
                       ? nftnl_expr_get_u32(e, NFTNL_EXPR_LOOKUP_FLAGS)
                       : 0;
        const char *set = nftnl_expr_get_str(e, NFTNL_EXPR_LOOKUP_SET);
        x->set = set ? find_set(rs, family, table, set) : -1;
    } else if (!strcmp(name, "immediate")) {
        x->op = FW_IMMEDIATE;
        x->dreg = reg(e, NFTNL_EXPR_IMM_DREG);
        if (nftnl_expr_is_set(e, NFTNL_EXPR_IMM_VERDICT)) {
            x->verdict = (int)nftnl_expr_get_u32(e, NFTNL_EXPR_IMM_VERDICT);
            const char *chain = nftnl_expr_get_str(e, NFTNL_EXPR_IMM_CHAIN);
            if (chain && !(x->chain = strdup(chain)))
                return -ENOMEM;
            x->dreg = 0;
        } else {
            get_data(e, NFTNL_EXPR_IMM_DATA, &x->a);
        }
    } else if (!strcmp(name, "reject")) {
        x->op = FW_REJECT;
        x->key = nftnl_expr_get_u32(e, NFTNL_EXPR_REJECT_TYPE);
        x->offset = nftnl_expr_get_u8(e, NFTNL_EXPR_REJECT_CODE);
    } else if (!strcmp(name, "nat")) {
        x->op = FW_NAT;
        x->key = nftnl_expr_get_u32(e, NFTNL_EXPR_NAT_TYPE);
        x->offset = nftnl_expr_get_u32(e, NFTNL_EXPR_NAT_FAMILY);
        x->sreg = reg(e, NFTNL_EXPR_NAT_REG_ADDR_MIN);
        x->sreg2 = reg(e, NFTNL_EXPR_NAT_REG_ADDR_MAX);
        x->dreg2 = reg(e, NFTNL_EXPR_NAT_REG_PROTO_MIN);
        x->sreg3 = reg(e, NFTNL_EXPR_NAT_REG_PROTO_MAX);
        x->flags = nftnl_expr_is_set(e, NFTNL_EXPR_NAT_FLAGS)
                       ? nftnl_expr_get_u32(e, NFTNL_EXPR_NAT_FLAGS)
                       : 0;
    } else if (!strcmp(name, "redir")) {
        x->op = FW_REDIR;
        x->dreg2 = reg(e, NFTNL_EXPR_REDIR_REG_PROTO_MIN);
        x->sreg3 = reg(e, NFTNL_EXPR_REDIR_REG_PROTO_MAX);
    } else if (!strcmp(name, "masq")) {
        x->op = FW_MASQ;
    } else if (!strcmp(name, "match") || !strcmp(name, "target")) {
        bool mt = name[0] == 'm';
        x->op = mt ? FW_MATCH : FW_TARGET;
        copy_str(x->name, sizeof(x->name),
                 nftnl_expr_get_str(e, mt ? NFTNL_EXPR_MT_NAME : NFTNL_EXPR_TG_NAME));
        x->offset = nftnl_expr_get_u32(e, mt ? NFTNL_EXPR_MT_REV : NFTNL_EXPR_TG_REV);
        uint32_t len = 0;
        uint16_t attr = mt ? NFTNL_EXPR_MT_INFO : NFTNL_EXPR_TG_INFO;
        const void *v = nftnl_expr_is_set(e, attr) ? nftnl_expr_get(e, attr, &len) : NULL;
        if (v && len) {
            if (!(x->info = malloc(len)))
                return -ENOMEM;
            memcpy(x->info, v, len);
            x->info_len = len;
        }
    } else if (!strcmp(name, "counter") || !strcmp(name, "log")) {
        x->op = FW_NOOP;
    } else {
        x->op = FW_OTHER;
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
    struct nftnl_chain *c = nftnl_chain_alloc();
    if (!c)
        return d->err = -ENOMEM, MNL_CB_ERROR;
    if (nftnl_chain_nlmsg_parse(nlh, c) < 0) {
        nftnl_chain_free(c);
        return MNL_CB_OK; /* not a chain we can read: the rules say so */
    }
    if (grow((void **)&rs->chains, &d->cap.chains, rs->nchains + 1, sizeof(*rs->chains)) < 0) {
        nftnl_chain_free(c);
        return d->err = -ENOMEM, MNL_CB_ERROR;
    }
    struct fw_chain *ch = &rs->chains[rs->nchains++];
    memset(ch, 0, sizeof(*ch));
    ch->family = (int)nftnl_chain_get_u32(c, NFTNL_CHAIN_FAMILY);
    copy_str(ch->table, sizeof(ch->table), nftnl_chain_get_str(c, NFTNL_CHAIN_TABLE));
    copy_str(ch->name, sizeof(ch->name), nftnl_chain_get_str(c, NFTNL_CHAIN_NAME));
    ch->hook = FW_HOOK_NONE;
    ch->policy = FW_V_ACCEPT;
    if (nftnl_chain_is_set(c, NFTNL_CHAIN_HOOKNUM)) {
        ch->base = true;
        uint32_t h = nftnl_chain_get_u32(c, NFTNL_CHAIN_HOOKNUM);
        ch->hook = h <= FW_POSTROUTING ? (uint8_t)h : FW_HOOK_NONE;
        ch->prio = (int32_t)nftnl_chain_get_u32(c, NFTNL_CHAIN_PRIO);
        copy_str(ch->type, sizeof(ch->type), nftnl_chain_get_str(c, NFTNL_CHAIN_TYPE));
        if (nftnl_chain_is_set(c, NFTNL_CHAIN_POLICY))
            ch->policy = (int)nftnl_chain_get_u32(c, NFTNL_CHAIN_POLICY);
    }
    nftnl_chain_free(c);
    return MNL_CB_OK;
}

static int set_cb(const struct nlmsghdr *nlh, void *data)
{
    struct rd *d = data;
    struct fw_ruleset *rs = d->rs;
    struct nftnl_set *s = nftnl_set_alloc();
    if (!s)
        return d->err = -ENOMEM, MNL_CB_ERROR;
    if (nftnl_set_nlmsg_parse(nlh, s) < 0) {
        nftnl_set_free(s);
        return MNL_CB_OK;
    }
    if (grow((void **)&rs->sets, &d->cap.sets, rs->nsets + 1, sizeof(*rs->sets)) < 0) {
        nftnl_set_free(s);
        return d->err = -ENOMEM, MNL_CB_ERROR;
    }
    struct fw_set *x = &rs->sets[rs->nsets++];
    memset(x, 0, sizeof(*x));
    x->family = (int)nftnl_set_get_u32(s, NFTNL_SET_FAMILY);
    copy_str(x->table, sizeof(x->table), nftnl_set_get_str(s, NFTNL_SET_TABLE));
    copy_str(x->name, sizeof(x->name), nftnl_set_get_str(s, NFTNL_SET_NAME));
    x->flags = nftnl_set_get_u32(s, NFTNL_SET_FLAGS);
    x->key_len = nftnl_set_get_u32(s, NFTNL_SET_KEY_LEN);
    x->data_len = nftnl_set_get_u32(s, NFTNL_SET_DATA_LEN);
    x->data_type = nftnl_set_get_u32(s, NFTNL_SET_DATA_TYPE);
    x->interval = (x->flags & NFT_SET_INTERVAL) != 0;
    nftnl_set_free(s);
    return MNL_CB_OK;
}

static void elem_data(struct nftnl_set_elem *e, uint16_t attr, struct fw_data *d)
{
    uint32_t len = 0;
    const void *v = nftnl_set_elem_is_set(e, attr) ? nftnl_set_elem_get(e, attr, &len) : NULL;
    if (!v || len > FW_DATA_MAX)
        len = 0;
    d->len = (uint8_t)len;
    if (len)
        memcpy(d->b, v, len);
}

struct elems {
    struct fw_set *set;
    size_t cap;
    int err;
};

static int elem_one(struct nftnl_set_elem *e, void *data)
{
    struct elems *x = data;
    struct fw_set *s = x->set;
    if (grow((void **)&s->el, &x->cap, s->nel + 1, sizeof(*s->el)) < 0)
        return x->err = -ENOMEM, -1;
    struct fw_elem *el = &s->el[s->nel++];
    memset(el, 0, sizeof(*el));
    elem_data(e, NFTNL_SET_ELEM_KEY, &el->key);
    elem_data(e, NFTNL_SET_ELEM_KEY_END, &el->key_end);
    elem_data(e, NFTNL_SET_ELEM_DATA, &el->data);
    el->verdict = FW_V_CONTINUE;
    if (nftnl_set_elem_is_set(e, NFTNL_SET_ELEM_VERDICT))
        el->verdict = (int)nftnl_set_elem_get_u32(e, NFTNL_SET_ELEM_VERDICT);
    const char *chain = nftnl_set_elem_is_set(e, NFTNL_SET_ELEM_CHAIN)
                            ? nftnl_set_elem_get_str(e, NFTNL_SET_ELEM_CHAIN)
                            : NULL;
    if (chain && !(el->chain = strdup(chain)))
        return x->err = -ENOMEM, -1;
    /* An interval set's end: the first value past a range. */
    if (nftnl_set_elem_is_set(e, NFTNL_SET_ELEM_FLAGS) &&
        (nftnl_set_elem_get_u32(e, NFTNL_SET_ELEM_FLAGS) & NFT_SET_ELEM_INTERVAL_END))
        el->verdict = FW_ELEM_END;
    return 0;
}

static int elem_cb(const struct nlmsghdr *nlh, void *data)
{
    struct elems *x = data;
    struct nftnl_set *s = nftnl_set_alloc();
    if (!s)
        return x->err = -ENOMEM, MNL_CB_ERROR;
    if (nftnl_set_elems_nlmsg_parse(nlh, s) >= 0)
        nftnl_set_elem_foreach(s, elem_one, x);
    nftnl_set_free(s);
    return x->err ? MNL_CB_ERROR : MNL_CB_OK;
}

static int rule_cb(const struct nlmsghdr *nlh, void *data)
{
    struct rd *d = data;
    int rc = nft_rule_decode(nlh, d->rs, &d->cap.rules);
    if (rc < 0)
        return d->err = rc, MNL_CB_ERROR;
    return MNL_CB_OK;
}

struct expr_walk {
    const struct fw_ruleset *rs;
    int family;
    const char *table;
    struct fw_expr *e;
    size_t n, cap;
    int err;
};

static int expr_one(struct nftnl_expr *e, void *data)
{
    struct expr_walk *w = data;
    if (grow((void **)&w->e, &w->cap, w->n + 1, sizeof(*w->e)) < 0)
        return w->err = -ENOMEM, -1;
    int rc = decode_expr(e, w->rs, w->family, w->table, &w->e[w->n]);
    w->n++;
    if (rc < 0)
        return w->err = rc, -1;
    return 0;
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

int nft_rule_decode(const struct nlmsghdr *nlh, struct fw_ruleset *rs, size_t *cap)
{
    struct nftnl_rule *r = nftnl_rule_alloc();
    if (!r)
        return -ENOMEM;
    if (nftnl_rule_nlmsg_parse(nlh, r) < 0) {
        nftnl_rule_free(r);
        return 0;
    }
    int family = (int)nftnl_rule_get_u32(r, NFTNL_RULE_FAMILY);
    const char *table = nftnl_rule_get_str(r, NFTNL_RULE_TABLE);
    const char *chain = nftnl_rule_get_str(r, NFTNL_RULE_CHAIN);
    int ci = table && chain ? find_chain(rs, family, table, chain) : -1;
    if (ci < 0) {
        nftnl_rule_free(r);
        return 0; /* a chain made while we read: left for the next run */
    }
    struct expr_walk w = {rs, family, table, NULL, 0, 0, 0};
    nftnl_expr_foreach(r, expr_one, &w);
    int rc = w.err;
    if (rc == 0 && grow((void **)&rs->rules, cap, rs->nrules + 1, sizeof(*rs->rules)) < 0)
        rc = -ENOMEM;
    if (rc < 0) {
        struct fw_rule tmp = {.e = w.e, .ne = w.n};
        fw_rule_clear(&tmp);
        nftnl_rule_free(r);
        return rc;
    }
    struct fw_rule *x = &rs->rules[rs->nrules++];
    x->handle = nftnl_rule_get_u64(r, NFTNL_RULE_HANDLE);
    x->chain = (size_t)ci;
    x->e = w.e;
    x->ne = w.n;
    x->comment = NULL;
    uint32_t ulen = 0;
    const void *u = nftnl_rule_is_set(r, NFTNL_RULE_USERDATA)
                        ? nftnl_rule_get_data(r, NFTNL_RULE_USERDATA, &ulen)
                        : NULL;
    if (u)
        x->comment = rule_comment(u, ulen);
    nftnl_rule_free(r);
    return 0;
}

static int dump(struct mnl_socket *nl, uint16_t type, int family, struct nftnl_set *s, mnl_cb_t cb,
                void *data)
{
    char buf[MNL_SOCKET_BUFFER_SIZE];
    static uint32_t seq;
    if (!seq)
        seq = (uint32_t)time(NULL);
    struct nlmsghdr *nlh = nftnl_nlmsg_build_hdr(buf, type, (uint16_t)family, NLM_F_DUMP, ++seq);
    if (s)
        nftnl_set_elems_nlmsg_build_payload(nlh, s);
    int zero = 0;
    return nl_dump(nl, nlh, cb, data, &zero);
}

static int read_elems(struct mnl_socket *nl, struct fw_set *x)
{
    struct nftnl_set *s = nftnl_set_alloc();
    if (!s)
        return -ENOMEM;
    nftnl_set_set_str(s, NFTNL_SET_TABLE, x->table);
    nftnl_set_set_str(s, NFTNL_SET_NAME, x->name);
    struct elems e = {x, 0, 0};
    int rc = dump(nl, NFT_MSG_GETSETELEM, x->family, s, elem_cb, &e);
    nftnl_set_free(s);
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
