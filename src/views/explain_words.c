#include "views/explain_words.h"

#include <arpa/inet.h>
#include <string.h>

#include "util/escape.h"
#include "views/view_json.h"

/* A namespace other than the host's: loopback there is not the machine's. */
bool explain_foreign(const struct explain_ctx *c)
{
    return c->ns && !c->ns->host;
}

/* The host name of a socket's address, unless -n/--numeric-hosts, the
 * address is a wildcard, or it has none: NULL then. */
const char *explain_host_name(const struct explain_ctx *c, const struct sock_rec *s)
{
    if ((c->o->numeric & NUM_HOST) || !c->names || sock_addr_is_any(s->family, &s->laddr))
        return NULL;
    char num[INET6_ADDRSTRLEN];
    view_json_addr(s->family, &s->laddr, num, sizeof(num));
    const char *h = names_host(c->names, s->family, &s->laddr, false);
    return strcmp(h, num) == 0 || strchr(h, ':') || strspn(h, "0123456789.") == strlen(h) ? NULL
                                                                                          : h;
}

const char *explain_link_name(const struct explain_ctx *c, uint32_t ifindex)
{
    const struct link_rec *l = c->links.v;
    for (size_t i = 0; i < c->links.n; i++)
        if (l[i].ifindex == ifindex && !strchr(l[i].name, ':'))
            return l[i].name;
    return NULL;
}

/* "0.0.0.0", "[::]", "[fe80::1%eth0]": as one writes them with a port. */
void explain_notation(const struct explain_ctx *c, const struct sock_rec *s, char *buf, size_t n)
{
    char a[INET6_ADDRSTRLEN];
    view_json_addr(s->family, &s->laddr, a, sizeof(a));
    if (s->family == FAM_INET) {
        snprintf(buf, n, "%s", a);
        return;
    }
    const char *scope = s->ifindex ? explain_link_name(c, s->ifindex) : NULL;
    bool link_local = s->laddr.bytes[0] == 0xfe && (s->laddr.bytes[1] & 0xc0) == 0x80;
    if (scope && link_local)
        snprintf(buf, n, "[%s%%%s]", a, scope);
    else
        snprintf(buf, n, "[%s]", a);
}

static void explain_network_text(const struct explain_ctx *c, const struct reach *r, char *buf,
                                 size_t n)
{
    char a[INET6_ADDRSTRLEN];
    struct sock_addr net = r->at.addr;
    size_t bytes = r->at.family == FAM_INET ? 4 : 16;
    for (size_t i = 0; i < bytes; i++) {
        int keep = (int)r->at.prefix_len - (int)(i * 8);
        uint8_t mask = keep >= 8 ? 0xff : (keep <= 0 ? 0 : (uint8_t)(0xff << (8 - keep)));
        net.bytes[i] &= mask;
    }
    view_json_addr(r->at.family, &net, a, sizeof(a));
    const char *ifn = explain_link_name(c, r->at.ifindex);
    snprintf(buf, n, "%s/%u on %s", a, r->at.prefix_len, ifn ? ifn : "?");
}

/* One socket's reach, for a person. */
void explain_socket_words(const struct explain_ctx *c, const struct reach *r, char *buf, size_t n)
{
    char net[128];
    switch (r->kind) {
    case REACH_NETWORK:
        explain_network_text(c, r, net, sizeof(net));
        snprintf(buf, n, "hosts on the network %s (and hosts routed to it)", net);
        break;
    case REACH_LINK:
        explain_network_text(c, r, net, sizeof(net));
        snprintf(buf, n, "only hosts on the link %s (a link-local address)", net);
        break;
    case REACH_LOOPBACK:
        if (explain_foreign(c))
            snprintf(buf, n, "processes inside network namespace %s only (loopback)", c->ns_label);
        else
            snprintf(buf, n, "this machine only (loopback)");
        break;
    case REACH_NOWHERE:
        snprintf(buf, n, "nobody: the machine has no such address (yet)");
        break;
    default:
        snprintf(buf, n, "every address");
        break;
    }
}

static const char *explain_group_words(const struct group_reach *g)
{
    switch (g->kind) {
    case GROUP_ALL_BOTH:
        return g->dual_stack_socket
                   ? "from any host, over IPv4 and IPv6: one dual-stack socket ([::] with "
                     "IPV6_V6ONLY off) takes both"
                   : "from any host, over IPv4 and IPv6 (a socket for each)";
    case GROUP_ALL_V6_ONLY:
        return "from any host, over IPv6 only: the socket is IPv6-only (IPV6_V6ONLY on), IPv4 "
               "clients cannot connect";
    case GROUP_ALL_V4_ONLY:
        return "from any host, over IPv4 only: IPv6 clients cannot connect";
    case GROUP_LOOPBACK:
        return "from this machine only (loopback): not from other hosts, nor from containers in "
               "other network namespaces";
    case GROUP_SPECIFIC:
        return "only through the addresses below:";
    case GROUP_NOWHERE:
        return "by nobody: no address it listens on exists on this machine";
    default:
        return "from any host over IPv6; over IPv4 unknown (the source does not show "
               "IPV6_V6ONLY)";
    }
}

/* The verdict for a port, in the namespace read now. */
const char *explain_group_text(const struct explain_ctx *c, const struct group_reach *g, char *buf,
                               size_t n)
{
    if (g->kind != GROUP_LOOPBACK || !explain_foreign(c))
        return explain_group_words(g);
    snprintf(buf, n,
             "from inside network namespace %s only (loopback): not from the host, nor from "
             "other namespaces or containers",
             c->ns_label);
    return buf;
}

/* Through which interfaces of the namespace a wildcard listener is
 * reached: those up, with an address of a family it takes. Fills list
 * with "eth0 (192.0.2.1/24, 2001:db8::1/64)" items; *outside is set when
 * one is not loopback. */
size_t explain_through(const struct explain_ctx *c, const struct reach *r, size_t n,
                       char list[][256], size_t max, bool *outside)
{
    const struct link_rec *l = c->links.v;
    const struct iface_addr *a = c->addrs.v;
    size_t count = 0;
    *outside = false;
    for (size_t k = 0; k < c->links.n && count < max; k++) {
        if (!(l[k].flags & LINK_UP) || strchr(l[k].name, ':'))
            continue;
        char item[160];
        size_t len = 0, addrs = 0;
        for (size_t x = 0; x < c->addrs.n; x++) {
            if (a[x].ifindex != l[k].ifindex || a[x].tentative)
                continue;
            bool taken = false;
            for (size_t i = 0; i < n; i++)
                taken |=
                    r[i].kind == REACH_ALL && (!r[i].device || r[i].device == l[k].ifindex) &&
                    ((a[x].family == FAM_INET && r[i].v4) || (a[x].family == FAM_INET6 && r[i].v6));
            if (!taken)
                continue;
            char t[INET6_ADDRSTRLEN];
            view_json_addr(a[x].family, &a[x].addr, t, sizeof(t));
            len += (size_t)snprintf(item + len, len < sizeof(item) ? sizeof(item) - len : 0,
                                    "%s%s/%u", addrs++ ? ", " : "", t, a[x].prefix_len);
        }
        if (!addrs)
            continue;
        char name[ESCAPE_TERM_MAX(16)];
        escape_term(l[k].name, strnlen(l[k].name, 16), name);
        snprintf(list[count++], 256, "%s (%s)", name, len < sizeof(item) ? item : "...");
        *outside |= !(l[k].flags & LINK_LOOPBACK);
    }
    return count;
}

const char *explain_group_key(enum group_kind k)
{
    static const char *const keys[] = {"all",      "ipv6_only", "ipv4_only", "loopback",
                                       "specific", "nowhere",   "unknown"};
    return keys[k];
}

const char *explain_reach_key(enum reach_kind k)
{
    static const char *const keys[] = {"all", "loopback", "network", "link", "nowhere", "unknown"};
    return keys[k];
}

/* The programs holding a port's sockets, once each: "sshd (pid 612)". */
void explain_programs(const struct explain_ctx *c, const struct sock_rec *s, size_t n, char *buf,
                      size_t len)
{
    size_t k = 0;
    int seen[8];
    size_t nseen = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        struct owner ow[4];
        size_t m = platform_owners_find(c->owners, &s[i], ow, 4);
        for (size_t x = 0; x < m && x < 4; x++) {
            bool dup = false;
            for (size_t y = 0; y < nseen; y++)
                dup |= seen[y] == ow[x].pid;
            if (dup || nseen == 8)
                continue;
            seen[nseen++] = ow[x].pid;
            char esc[ESCAPE_TERM_MAX(64)];
            size_t nl = strlen(ow[x].name);
            escape_term(ow[x].name, nl < 64 ? nl : 64, esc);
            k += (size_t)snprintf(buf + k, k < len ? len - k : 0, "%s%s (pid %d)", k ? ", " : "",
                                  esc, ow[x].pid);
            if (k >= len)
                return;
        }
    }
    if (!k)
        snprintf(buf, len, "%s",
                 c->owners_complete ? "no process found (the kernel's, or in another PID namespace)"
                                    : "unknown (not visible without root)");
}

/* Addresses a client can dial to reach these sockets. */
void explain_connect_list(const struct explain_ctx *c, const struct sock_rec *s,
                          const struct reach *r, size_t n, char list[][80], size_t *count,
                          size_t max)
{
    const struct iface_addr *a = c->addrs.v;
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < c->addrs.n && *count < max; k++) {
            bool fam_ok =
                (a[k].family == FAM_INET && r[i].v4) || (a[k].family == FAM_INET6 && r[i].v6);
            bool ok;
            switch (r[i].kind) {
            case REACH_ALL:
                ok = fam_ok && (!r[i].device || a[k].ifindex == r[i].device);
                break;
            case REACH_LOOPBACK:
                ok = fam_ok && a[k].scope == SCOPE_HOST;
                break;
            case REACH_NETWORK:
            case REACH_LINK:
                ok = a[k].family == r[i].at.family && a[k].ifindex == r[i].at.ifindex &&
                     memcmp(&a[k].addr, &r[i].at.addr, sizeof(a[k].addr)) == 0;
                break;
            default:
                ok = false;
            }
            if (!ok || a[k].tentative)
                continue; /* an address still in DAD takes no connection yet */
            char t[INET6_ADDRSTRLEN], one[80];
            view_json_addr(a[k].family, &a[k].addr, t, sizeof(t));
            const char *ifn = explain_link_name(c, a[k].ifindex);
            if (a[k].family == FAM_INET)
                snprintf(one, sizeof(one), "%s:%u", t, s[i].lport);
            else if (a[k].scope == SCOPE_LINK && ifn)
                snprintf(one, sizeof(one), "[%s%%%s]:%u", t, ifn, s[i].lport);
            else
                snprintf(one, sizeof(one), "[%s]:%u", t, s[i].lport);
            bool dup = false;
            for (size_t x = 0; x < *count; x++)
                dup |= strcmp(list[x], one) == 0;
            if (!dup)
                snprintf(list[(*count)++], 80, "%s", one);
        }
    }
}

const char *explain_proxy(const struct explain_ctx *c, const struct sock_rec *s, size_t n)
{
    static const char *const proxies[] = {"docker-proxy", "rootlessport", "rootlesskit",
                                          "slirp4netns",  "pasta",        "conmon"};
    for (size_t i = 0; i < n; i++) {
        struct owner ow[4];
        size_t m = platform_owners_find(c->owners, &s[i], ow, 4);
        for (size_t x = 0; x < m && x < 4; x++)
            for (size_t k = 0; k < sizeof(proxies) / sizeof(proxies[0]); k++)
                if (!strcmp(ow[x].name, proxies[k]))
                    return proxies[k];
    }
    return NULL;
}
