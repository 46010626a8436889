#include "platform/linux/procgroups.h"
#include "platform/linux/textfile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static size_t skip_blank(const char *s, size_t i, size_t len)
{
    while (i < len && (s[i] == ' ' || s[i] == '\t'))
        i++;
    return i;
}

/* A decimal number; returns the index after it or 0 on failure. */
static size_t take_u32(const char *s, size_t i, size_t len, uint32_t *v)
{
    uint64_t x = 0;
    size_t start = i;
    while (i < len && s[i] >= '0' && s[i] <= '9') {
        x = x * 10 + (uint64_t)(s[i] - '0');
        if (x > UINT32_MAX)
            return 0;
        i++;
    }
    if (i == start)
        return 0;
    *v = (uint32_t)x;
    return i;
}

/* An interface name: up to 15 bytes, ending at a blank or a colon, as
 * net-tools reads it. */
static size_t take_ifname(const char *s, size_t i, size_t len, char out[16])
{
    size_t n = 0;
    while (i < len && n < 15 && s[i] != ' ' && s[i] != '\t' && s[i] != ':' && s[i] != '\n') {
        out[n++] = s[i++];
    }
    out[n] = '\0';
    return n ? i : 0;
}

int procgroups_parse_igmp(const char *line, size_t len, struct igmp_state *st,
                          struct group_rec *out)
{
    if (len >= 3 && memcmp(line, "Idx", 3) == 0)
        return PROCNET_SKIP;
    if (len && line[0] >= '0' && line[0] <= '9') {
        /* "1\tlo        :     1      V3" */
        uint32_t idx;
        size_t i = take_u32(line, 0, len, &idx);
        if (!i || i >= len || line[i] != '\t')
            return PROCNET_BAD;
        i = take_ifname(line, i + 1, len, st->ifname);
        if (!i)
            return PROCNET_BAD;
        st->ifindex = idx;
        st->have_device = 1;
        return PROCNET_SKIP;
    }
    if (len && line[0] == '\t') {
        /* "\t\t\t\t010000E0     1 0:00000000\t\t0": the group in host order */
        size_t i = skip_blank(line, 0, len);
        uint32_t v = 0;
        size_t n = 0;
        while (i < len && n < 8 && text_hexval(line[i]) >= 0) {
            v = (v << 4) | (uint32_t)text_hexval(line[i++]);
            n++;
        }
        if (n != 8 || !st->have_device || i >= len || line[i] != ' ')
            return PROCNET_BAD;
        uint32_t users;
        i = take_u32(line, skip_blank(line, i, len), len, &users);
        if (!i)
            return PROCNET_BAD;
        memset(out, 0, sizeof(*out));
        out->family = FAM_INET;
        memcpy(out->ifname, st->ifname, sizeof(out->ifname));
        out->ifindex = st->ifindex;
        out->refcnt = users;
        memcpy(out->addr.bytes, &v, 4);
        return PROCNET_OK;
    }
    return PROCNET_BAD;
}

int procgroups_parse_igmp6(const char *line, size_t len, struct group_rec *out)
{
    /* "1    lo              ff020000000000000000000000000001     1 0000000C 0" */
    memset(out, 0, sizeof(*out));
    out->family = FAM_INET6;
    size_t i = take_u32(line, skip_blank(line, 0, len), len, &out->ifindex);
    if (!i)
        return PROCNET_BAD;
    i = take_ifname(line, skip_blank(line, i, len), len, out->ifname);
    if (!i)
        return PROCNET_BAD;
    i = skip_blank(line, i, len);
    for (int b = 0; b < 16; b++) {
        if (i + 2 > len || text_hexval(line[i]) < 0 || text_hexval(line[i + 1]) < 0)
            return PROCNET_BAD;
        out->addr.bytes[b] = (uint8_t)(text_hexval(line[i]) << 4 | text_hexval(line[i + 1]));
        i += 2;
    }
    if (i >= len || (line[i] != ' ' && line[i] != '\t'))
        return PROCNET_BAD;
    i = take_u32(line, skip_blank(line, i, len), len, &out->refcnt);
    return i ? PROCNET_OK : PROCNET_BAD;
}

struct read_ctx {
    enum sock_family fam;
    int (*fn)(const struct group_rec *, void *);
    void *ctx;
    unsigned *bad;
    struct igmp_state st;
};

static int read_line(const char *line, size_t n, void *ctx)
{
    struct read_ctx *c = ctx;
    struct group_rec g;
    int pr = c->fam == FAM_INET ? procgroups_parse_igmp(line, n, &c->st, &g)
                                : procgroups_parse_igmp6(line, n, &g);
    if (!procnet_keep(pr, c->bad))
        return 0;
    return c->fn(&g, c->ctx);
}

int procgroups_read(const char *path, enum sock_family fam,
                    int (*fn)(const struct group_rec *, void *), void *ctx, unsigned *bad)
{
    struct read_ctx c = {fam, fn, ctx, bad, {{0}, 0, 0}};
    return text_each_line(path, read_line, &c);
}
