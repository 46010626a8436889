#include "platform/linux/procnet.h"
#include "platform/linux/textfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A bounded cursor over one line. */
struct cur {
    const char *p, *end;
};

static void skip_spaces(struct cur *c)
{
    while (c->p < c->end && (*c->p == ' ' || *c->p == '\t'))
        c->p++;
}

/* Parses up to maxdigits hex digits; fails on none or on overflow. */
static int take_hex(struct cur *c, uint64_t *v, int maxdigits)
{
    uint64_t x = 0;
    int n = 0;
    while (c->p < c->end && text_hexval(*c->p) >= 0) {
        if (n == maxdigits)
            return -1;
        x = (x << 4) | (uint64_t)text_hexval(*c->p);
        c->p++;
        n++;
    }
    if (n == 0)
        return -1;
    *v = x;
    return n;
}

/* Exactly n hex digits, where the next field follows with no separator
 * (the 32-bit words of an IPv6 address). */
static int take_hex_exact(struct cur *c, uint32_t *v, int n)
{
    if (c->end - c->p < n)
        return -1;
    uint32_t x = 0;
    for (int i = 0; i < n; i++) {
        int h = text_hexval(c->p[i]);
        if (h < 0)
            return -1;
        x = (x << 4) | (uint32_t)h;
    }
    c->p += n;
    *v = x;
    return 0;
}

static int take_dec(struct cur *c, uint64_t *v)
{
    uint64_t x = 0;
    int n = 0;
    while (c->p < c->end && *c->p >= '0' && *c->p <= '9') {
        uint64_t d = (uint64_t)(*c->p - '0');
        if (x > (UINT64_MAX - d) / 10)
            return -1;
        x = x * 10 + d;
        c->p++;
        n++;
    }
    if (n == 0)
        return -1;
    *v = x;
    return 0;
}

static int take_char(struct cur *c, char ch)
{
    if (c->p < c->end && *c->p == ch) {
        c->p++;
        return 0;
    }
    return -1;
}

/* "0100007F:0016": the kernel prints each 32-bit word in host order. */
static int take_addr_port(struct cur *c, enum sock_family fam, struct sock_addr *a, uint16_t *port)
{
    int words = fam == FAM_INET6 ? 4 : 1;
    memset(a, 0, sizeof(*a));
    for (int i = 0; i < words; i++) {
        uint32_t w32;
        if (take_hex_exact(c, &w32, 8) < 0)
            return -1;
        memcpy(a->bytes + 4 * i, &w32, 4);
    }
    uint64_t p;
    if (take_char(c, ':') < 0 || take_hex(c, &p, 8) < 0 || p > 0xFFFF)
        return -1;
    *port = (uint16_t)p;
    return 0;
}

int procnet_parse_inet(const char *line, size_t len, enum sock_family fam, enum sock_proto proto,
                       struct sock_rec *out)
{
    struct cur c = {line, line + len};
    uint64_t v, txq, rxq, tr, when, retr, uid, timeout, inode = 0;

    memset(out, 0, sizeof(*out));
    out->family = fam;
    out->proto = proto;
    out->v6only = -1;

    skip_spaces(&c);
    if (c.p < c.end && (*c.p == 's' || *c.p == 'S'))
        return PROCNET_SKIP; /* "sl  local_address ..." */
    if (take_dec(&c, &v) < 0 || take_char(&c, ':') < 0)
        return PROCNET_BAD;
    skip_spaces(&c);
    if (take_addr_port(&c, fam, &out->laddr, &out->lport) < 0)
        return PROCNET_BAD;
    skip_spaces(&c);
    if (take_addr_port(&c, fam, &out->raddr, &out->rport) < 0)
        return PROCNET_BAD;
    skip_spaces(&c);
    if (take_hex(&c, &v, 2) < 0)
        return PROCNET_BAD;
    out->state = (int)v;
    skip_spaces(&c);
    if (take_hex(&c, &txq, 16) < 0 || take_char(&c, ':') < 0 || take_hex(&c, &rxq, 16) < 0)
        return PROCNET_BAD;
    skip_spaces(&c);
    if (take_hex(&c, &tr, 2) < 0 || take_char(&c, ':') < 0 || take_hex(&c, &when, 16) < 0)
        return PROCNET_BAD;
    skip_spaces(&c);
    if (take_hex(&c, &retr, 8) < 0)
        return PROCNET_BAD;
    skip_spaces(&c);
    if (take_dec(&c, &uid) < 0 || uid > UINT32_MAX)
        return PROCNET_BAD;
    skip_spaces(&c);
    if (take_dec(&c, &timeout) < 0 || timeout > UINT32_MAX)
        return PROCNET_BAD;
    skip_spaces(&c);
    if (take_dec(&c, &inode) < 0)
        return PROCNET_BAD;

    out->txq = txq;
    out->rxq = rxq;
    out->timer = (int)tr;
    out->timer_ms = when * 10; /* clock ticks at USER_HZ=100 */
    out->retrans = (uint32_t)retr;
    out->probes = (uint32_t)timeout;
    out->uid = (uint32_t)uid;
    out->has_uid = true;
    out->inode = inode;
    if (proto == PROTO_TCP && out->state == ST_LISTEN)
        out->txq = 0;
    return PROCNET_OK;
}

int procnet_parse_unix(const char *line, size_t len, struct sock_rec *out)
{
    struct cur c = {line, line + len};
    uint64_t refcnt, protocol, flags, type, state, inode;

    memset(out, 0, sizeof(*out));
    out->family = FAM_UNIX;
    out->proto = PROTO_UNIX;
    out->v6only = -1;

    skip_spaces(&c);
    if (c.p < c.end && *c.p == 'N')
        return PROCNET_SKIP; /* "Num       RefCount ..." */
    if (take_hex(&c, &refcnt, 16) < 0 || take_char(&c, ':') < 0)
        return PROCNET_BAD;
    skip_spaces(&c);
    if (take_hex(&c, &refcnt, 8) < 0)
        return PROCNET_BAD;
    skip_spaces(&c);
    if (take_hex(&c, &protocol, 8) < 0)
        return PROCNET_BAD;
    skip_spaces(&c);
    if (take_hex(&c, &flags, 8) < 0)
        return PROCNET_BAD;
    skip_spaces(&c);
    if (take_hex(&c, &type, 4) < 0)
        return PROCNET_BAD;
    skip_spaces(&c);
    if (take_hex(&c, &state, 2) < 0)
        return PROCNET_BAD;
    skip_spaces(&c);
    if (take_dec(&c, &inode) < 0)
        return PROCNET_BAD;

    out->refcnt = (uint32_t)refcnt;
    out->uflags = (uint32_t)flags;
    out->utype = (int)type;
    out->state = (int)state;
    out->inode = inode;
    /* The path is the rest of the line after one space; it may itself
     * contain spaces, which net-tools loses and we keep. */
    if (c.p < c.end && *c.p == ' ') {
        c.p++;
        const char *e = c.end;
        while (e > c.p && (e[-1] == '\n'))
            e--;
        out->path = c.p;
        out->path_len = (size_t)(e - c.p);
    }
    (void)protocol;
    return PROCNET_OK;
}

struct read_ctx {
    enum sock_family fam;
    enum sock_proto proto;
    int (*fn)(const struct sock_rec *, void *);
    void *ctx;
    unsigned *bad;
    char *abstract;
    size_t abstract_cap;
};

static int read_line(const char *line, size_t n, void *ctx)
{
    struct read_ctx *c = ctx;
    struct sock_rec r;
    int pr = c->proto == PROTO_UNIX ? procnet_parse_unix(line, n, &r)
                                    : procnet_parse_inet(line, n, c->fam, c->proto, &r);
    if (!procnet_keep(pr, c->bad))
        return 0;
    /* The kernel prints a leading '@' for abstract names; turn it back
     * into the NUL the record model uses. */
    if (c->proto == PROTO_UNIX && r.path_len && r.path[0] == '@') {
        if (c->abstract_cap < r.path_len) {
            char *nb = realloc(c->abstract, r.path_len);
            if (!nb)
                return -ENOMEM;
            c->abstract = nb;
            c->abstract_cap = r.path_len;
        }
        memcpy(c->abstract, r.path, r.path_len);
        c->abstract[0] = '\0';
        r.path = c->abstract;
    }
    return c->fn(&r, c->ctx);
}

int procnet_read(const char *path, enum sock_family fam, enum sock_proto proto,
                 int (*fn)(const struct sock_rec *, void *), void *ctx, unsigned *bad)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    return procnet_read_fd(fd, fam, proto, fn, ctx, bad);
}

int procnet_read_fd(int fd, enum sock_family fam, enum sock_proto proto,
                    int (*fn)(const struct sock_rec *, void *), void *ctx, unsigned *bad)
{
    struct read_ctx c = {fam, proto, fn, ctx, bad, NULL, 0};
    int rc = text_each_line_fd(fd, read_line, &c);
    free(c.abstract);
    return rc;
}
