/* The program is a chain of conditions. The kernel runs them in order: a
 * true condition goes on to the next (every "yes" is the condition's own
 * size, as the kernel's check requires), a false one jumps by its "no";
 * running off the end accepts, jumping 4 bytes past it rejects.
 *
 * Each clause is an OR of leaves, the clauses are ANDed in sequence:
 *
 *   leaf 1   (false: to leaf 2)   JMP to the clause's end
 *   leaf 2   (false: to leaf 3)   JMP to the clause's end
 *   ...
 *   leaf n   (false: reject)
 *
 * A leaf is one condition, or two for a port range (>= lo, then <= hi,
 * both jumping to the next leaf when false). */
#include "platform/linux/diagbc.h"

#include <errno.h>
#include <string.h>

#include <linux/inet_diag.h>
#include <sys/socket.h>

enum leaf_kind { LEAF_SPORT, LEAF_DPORT, LEAF_SADDR, LEAF_DADDR };

struct leaf {
    enum leaf_kind kind;
    const union filter_value *v;
};

#define OP_SIZE       ((int)sizeof(struct inet_diag_bc_op))
#define HOSTCOND_SIZE ((int)sizeof(struct inet_diag_hostcond))

static bool always_true(const struct leaf *l)
{
    return (l->kind == LEAF_SPORT || l->kind == LEAF_DPORT) && l->v->port.lo == 0 &&
           l->v->port.hi == 65535;
}

static int leaf_size(const struct leaf *l)
{
    if (l->kind == LEAF_SADDR || l->kind == LEAF_DADDR)
        return OP_SIZE + HOSTCOND_SIZE + (l->v->addr.fam == FAM_INET ? 4 : 16);
    const struct filter_port *p = &l->v->port;
    if (p->lo == p->hi || p->lo == 0 || p->hi == 65535)
        return 2 * OP_SIZE;
    return 4 * OP_SIZE;
}

/* The leaves of clause k an inet socket can match, at most max; -1 when
 * one of them is always true (the clause asks nothing of the kernel). */
static int clause_leaves(const struct filter *f, enum filter_kind k, struct leaf *out, size_t max)
{
    const struct filter_clause *c = &f->c[k];
    size_t n = 0;
    for (size_t i = 0; i < c->n; i++) {
        struct leaf l[2];
        size_t m = 0;
        switch (k) {
        case FK_PORT:
            l[m++] = (struct leaf){LEAF_SPORT, &c->v[i]};
            l[m++] = (struct leaf){LEAF_DPORT, &c->v[i]};
            break;
        case FK_SPORT:
            l[m++] = (struct leaf){LEAF_SPORT, &c->v[i]};
            break;
        case FK_DPORT:
            l[m++] = (struct leaf){LEAF_DPORT, &c->v[i]};
            break;
        case FK_SRC:
        case FK_DST:
            if (c->v[i].addr.fam != FAM_UNIX) /* paths never match an inet socket */
                l[m++] = (struct leaf){k == FK_SRC ? LEAF_SADDR : LEAF_DADDR, &c->v[i]};
            break;
        default:
            break;
        }
        for (size_t j = 0; j < m; j++) {
            if (always_true(&l[j]))
                return -1;
            if (n >= max)
                return -2;
            out[n++] = l[j];
        }
    }
    return (int)n;
}

struct emitter {
    uint8_t *buf; /* NULL: only measure */
    int len;      /* bytes so far */
    int total;    /* the program's length, known on the second pass */
};

/* Writes one condition; no_to is the offset jumped to when it is false,
 * or -1 for reject. */
static void put_op(struct emitter *e, uint8_t code, int size, int no_to)
{
    if (e->buf) {
        struct inet_diag_bc_op op = {code, (uint8_t)size,
                                     (uint16_t)((no_to < 0 ? e->total + 4 : no_to) - e->len)};
        memcpy(e->buf + e->len, &op, sizeof(op));
    }
}

static void put_port(struct emitter *e, uint8_t code, uint16_t port, int no_to)
{
    put_op(e, code, 2 * OP_SIZE, no_to);
    if (e->buf) {
        struct inet_diag_bc_op arg = {0, 0, port};
        memcpy(e->buf + e->len + OP_SIZE, &arg, sizeof(arg));
    }
    e->len += 2 * OP_SIZE;
}

static void put_leaf(struct emitter *e, const struct leaf *l, int no_to)
{
    if (l->kind == LEAF_SADDR || l->kind == LEAF_DADDR) {
        const struct filter_addr *a = &l->v->addr;
        int alen = a->fam == FAM_INET ? 4 : 16;
        int size = OP_SIZE + HOSTCOND_SIZE + alen;
        put_op(e, l->kind == LEAF_SADDR ? INET_DIAG_BC_S_COND : INET_DIAG_BC_D_COND, size, no_to);
        if (e->buf) {
            struct inet_diag_hostcond hc;
            memset(&hc, 0, sizeof(hc));
            hc.family = a->fam == FAM_INET ? AF_INET : AF_INET6;
            hc.prefix_len = a->plen;
            hc.port = -1;
            memcpy(e->buf + e->len + OP_SIZE, &hc, sizeof(hc));
            memcpy(e->buf + e->len + OP_SIZE + HOSTCOND_SIZE, a->addr.bytes, (size_t)alen);
        }
        e->len += size;
        return;
    }
    bool src = l->kind == LEAF_SPORT;
    const struct filter_port *p = &l->v->port;
    if (p->lo == p->hi) {
        put_port(e, src ? INET_DIAG_BC_S_EQ : INET_DIAG_BC_D_EQ, p->lo, no_to);
        return;
    }
    if (p->lo != 0)
        put_port(e, src ? INET_DIAG_BC_S_GE : INET_DIAG_BC_D_GE, p->lo, no_to);
    if (p->hi != 65535)
        put_port(e, src ? INET_DIAG_BC_S_LE : INET_DIAG_BC_D_LE, p->hi, no_to);
}

#define MAX_LEAVES (DIAGBC_MAX / 4)

static void put_clause(struct emitter *e, const struct leaf *l, int n)
{
    if (n == 0) { /* nothing an inet socket can match: reject */
        put_op(e, INET_DIAG_BC_JMP, OP_SIZE, -1);
        e->len += OP_SIZE;
        return;
    }
    int end = e->len;
    for (int i = 0; i < n; i++)
        end += leaf_size(&l[i]) + (i + 1 < n ? OP_SIZE : 0);
    for (int i = 0; i < n; i++) {
        bool last = i + 1 == n;
        int next = e->len + leaf_size(&l[i]) + OP_SIZE; /* past this leaf and its JMP */
        put_leaf(e, &l[i], last ? -1 : next);
        if (!last) {
            put_op(e, INET_DIAG_BC_JMP, OP_SIZE, end);
            e->len += OP_SIZE;
        }
    }
}

static int emit(const struct filter *f, struct emitter *e)
{
    static const enum filter_kind kinds[] = {FK_PORT, FK_SPORT, FK_DPORT, FK_SRC, FK_DST};
    struct leaf leaves[MAX_LEAVES];
    for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
        if (!filter_has(f, kinds[i]))
            continue;
        int n = clause_leaves(f, kinds[i], leaves, MAX_LEAVES);
        if (n == -1)
            continue;
        if (n < 0 || e->len > DIAGBC_MAX)
            return -E2BIG;
        put_clause(e, leaves, n);
    }
    return e->len;
}

int diagbc_compile(const struct filter *f, uint8_t *buf, size_t cap)
{
    if (cap > DIAGBC_MAX)
        cap = DIAGBC_MAX;
    /* measured first, so nothing is written past cap */
    struct emitter measure = {NULL, 0, 0};
    int total = emit(f, &measure);
    if (total <= 0)
        return total;
    if ((size_t)total > cap)
        return -E2BIG;
    struct emitter e = {buf, 0, total};
    return emit(f, &e);
}
