#include "explain/reach.h"

#include <string.h>

static bool is_loopback(enum sock_family fam, const struct sock_addr *a)
{
    if (fam == FAM_INET)
        return a->bytes[0] == 127;
    static const uint8_t one[16] = {[15] = 1};
    return memcmp(a->bytes, one, 16) == 0;
}

static bool is_link_local(enum sock_family fam, const struct sock_addr *a)
{
    if (fam == FAM_INET)
        return a->bytes[0] == 169 && a->bytes[1] == 254;
    return a->bytes[0] == 0xfe && (a->bytes[1] & 0xc0) == 0x80;
}

enum sock_family reach_unmap(enum sock_family fam, const struct sock_addr *in,
                             struct sock_addr *out)
{
    static const uint8_t mapped[12] = {[10] = 0xff, [11] = 0xff};
    *out = *in;
    if (fam == FAM_INET6 && memcmp(in->bytes, mapped, 12) == 0) {
        memset(out, 0, sizeof(*out));
        memcpy(out->bytes, in->bytes + 12, 4);
        return FAM_INET;
    }
    return fam;
}

void reach_socket(const struct sock_rec *s, const struct iface_addr *addrs, size_t n,
                  struct reach *out)
{
    memset(out, 0, sizeof(*out));
    out->device = s->ifindex;
    struct sock_addr a;
    enum sock_family fam = reach_unmap(s->family, &s->laddr, &a);
    out->v4 = fam == FAM_INET;
    out->v6 = fam == FAM_INET6;

    if (sock_addr_is_any(fam, &a)) {
        out->kind = REACH_ALL;
        if (fam == FAM_INET6) {
            if (s->v6only < 0)
                out->kind = REACH_UNKNOWN;
            /* IPV6_V6ONLY off: the one socket takes IPv4 clients too. */
            out->v4 = out->dual_stack = s->v6only == 0;
        }
        return;
    }
    if (is_loopback(fam, &a)) {
        out->kind = REACH_LOOPBACK;
        return;
    }
    size_t alen = fam == FAM_INET ? 4 : 16;
    for (size_t i = 0; i < n; i++) {
        if (addrs[i].family != fam || memcmp(addrs[i].addr.bytes, a.bytes, alen) != 0)
            continue;
        /* A link-local address is the same number on many links: the one
         * the socket is scoped to is its own. */
        if (is_link_local(fam, &a) && s->ifindex && addrs[i].ifindex != s->ifindex)
            continue;
        out->at = addrs[i];
        out->kind = is_link_local(fam, &a) || addrs[i].scope == SCOPE_LINK ? REACH_LINK
                    : addrs[i].scope == SCOPE_HOST                         ? REACH_LOOPBACK
                                                                           : REACH_NETWORK;
        return;
    }
    out->kind = REACH_NOWHERE;
    out->at.family = fam;
    out->at.addr = a;
}

void reach_group(const struct reach *r, size_t n, struct group_reach *out)
{
    memset(out, 0, sizeof(*out));
    bool all4 = false, all6 = false, specific = false, unknown = false;
    for (size_t i = 0; i < n; i++) {
        switch (r[i].kind) {
        case REACH_ALL:
            all4 |= r[i].v4;
            all6 |= r[i].v6;
            out->dual_stack_socket |= r[i].dual_stack;
            break;
        case REACH_LOOPBACK:
            out->loopback_v4 |= r[i].v4;
            out->loopback_v6 |= r[i].v6;
            break;
        case REACH_NETWORK:
        case REACH_LINK:
            specific = true;
            break;
        case REACH_UNKNOWN:
            unknown = true;
            all6 = true;
            break;
        case REACH_NOWHERE:
            break;
        }
    }
    if (all4 && all6)
        out->kind = GROUP_ALL_BOTH;
    else if (unknown)
        out->kind = GROUP_UNKNOWN;
    else if (all6)
        out->kind = GROUP_ALL_V6_ONLY;
    else if (all4)
        out->kind = GROUP_ALL_V4_ONLY;
    else if (specific)
        out->kind = GROUP_SPECIFIC;
    else if (out->loopback_v4 || out->loopback_v6)
        out->kind = GROUP_LOOPBACK;
    else
        out->kind = GROUP_NOWHERE;
    /* "One dual-stack socket" only when no plain IPv4 socket shares it. */
    if (out->kind == GROUP_ALL_BOTH && out->dual_stack_socket) {
        for (size_t i = 0; i < n; i++)
            if (r[i].kind == REACH_ALL && r[i].v4 && !r[i].v6)
                out->dual_stack_socket = false;
    }
}
