/* Interfaces, their addresses and the routes, from IP Helper's second
 * generation tables (GetIfTable2, GetUnicastIpAddressTable,
 * GetIpForwardTable2). */
#include "platform/platform.h"

#include <winsock2.h>
#include <ws2tcpip.h>
#include <iphlpapi.h>
#include <netioapi.h>

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "platform/windows/winutil.h"

static void link_of(const MIB_IF_ROW2 *r, struct link_rec *l)
{
    *l = (struct link_rec){0};
    win_utf8(r->Alias, l->name, sizeof(l->name));
    win_utf8(r->Description, l->descr, sizeof(l->descr));
    l->ifindex = r->InterfaceIndex;
    l->mtu = r->Mtu;
    if (r->AdminStatus == NET_IF_ADMIN_STATUS_UP)
        l->flags |= LINK_UP;
    if (r->OperStatus == IfOperStatusUp)
        l->flags |= LINK_RUNNING;
    if (r->Type == IF_TYPE_SOFTWARE_LOOPBACK)
        l->flags |= LINK_LOOPBACK;
    else
        l->flags |= LINK_BROADCAST | LINK_MULTICAST;
    l->has_stats = true;
    struct link_stats *st = &l->st;
    st->rx_bytes = r->InOctets;
    st->rx_nucast = r->InNUcastPkts;
    st->rx_packets = r->InUcastPkts + r->InNUcastPkts;
    st->rx_dropped = r->InDiscards;
    st->rx_errors = r->InErrors;
    st->rx_unknown = r->InUnknownProtos;
    st->tx_bytes = r->OutOctets;
    st->tx_nucast = r->OutNUcastPkts;
    st->tx_packets = r->OutUcastPkts + r->OutNUcastPkts;
    st->tx_dropped = r->OutDiscards;
    st->tx_errors = r->OutErrors;
}

int platform_links(struct platform *p, int (*fn)(const struct link_rec *, void *), void *ctx)
{
    (void)p;
    MIB_IF_TABLE2 *t;
    DWORD rc = GetIfTable2(&t);
    if (rc != NO_ERROR)
        return win_errno(rc);
    int v = 0;
    for (ULONG i = 0; i < t->NumEntries && !v; i++) {
        struct link_rec l;
        link_of(&t->Table[i], &l);
        v = fn(&l, ctx);
    }
    FreeMibTable(t);
    return v;
}

int platform_link_detail(struct platform *p, const char *name, struct link_detail *out)
{
    (void)p;
    *out = (struct link_detail){.hwtype = -1, .txqlen = -1};
    MIB_IF_TABLE2 *t;
    DWORD rc = GetIfTable2(&t);
    if (rc != NO_ERROR)
        return win_errno(rc);
    int found = -ENOENT;
    for (ULONG i = 0; i < t->NumEntries && found; i++) {
        char alias[16];
        win_utf8(t->Table[i].Alias, alias, sizeof(alias));
        if (strcmp(alias, name) != 0)
            continue;
        ULONG len = t->Table[i].PhysicalAddressLength;
        if (len > sizeof(out->hwaddr))
            len = sizeof(out->hwaddr);
        memcpy(out->hwaddr, t->Table[i].PhysicalAddress, len);
        out->hwlen = len;
        found = 0;
    }
    FreeMibTable(t);
    return found;
}

static enum addr_scope scope_of(const SOCKADDR_INET *a)
{
    if (a->si_family == AF_INET6) {
        const IN6_ADDR *x = &a->Ipv6.sin6_addr;
        if (IN6_IS_ADDR_LOOPBACK(x))
            return SCOPE_HOST;
        if (IN6_IS_ADDR_LINKLOCAL(x))
            return SCOPE_LINK;
        if (IN6_IS_ADDR_SITELOCAL(x))
            return SCOPE_SITE;
        return SCOPE_GLOBAL;
    }
    return (ntohl(a->Ipv4.sin_addr.s_addr) >> 24) == 127 ? SCOPE_HOST : SCOPE_GLOBAL;
}

int platform_addresses(struct platform *p, int (*fn)(const struct iface_addr *, void *), void *ctx)
{
    (void)p;
    MIB_UNICASTIPADDRESS_TABLE *t;
    DWORD rc = GetUnicastIpAddressTable(AF_UNSPEC, &t);
    if (rc != NO_ERROR)
        return win_errno(rc);
    int v = 0;
    for (ULONG i = 0; i < t->NumEntries && !v; i++) {
        const MIB_UNICASTIPADDRESS_ROW *r = &t->Table[i];
        struct iface_addr a = {0};
        if (r->Address.si_family == AF_INET) {
            a.family = FAM_INET;
            memcpy(a.addr.bytes, &r->Address.Ipv4.sin_addr, 4);
        } else if (r->Address.si_family == AF_INET6) {
            a.family = FAM_INET6;
            memcpy(a.addr.bytes, &r->Address.Ipv6.sin6_addr, 16);
        } else {
            continue;
        }
        a.prefix_len = r->OnLinkPrefixLength;
        a.ifindex = r->InterfaceIndex;
        a.scope = scope_of(&r->Address);
        a.tentative = r->DadState == IpDadStateTentative || r->DadState == IpDadStateDuplicate;
        v = fn(&a, ctx);
    }
    FreeMibTable(t);
    return v;
}

struct six {
    int (*fn)(const struct link_addr6 *, void *);
    void *ctx;
};

int platform_link_addrs6(struct platform *p, int (*fn)(const struct link_addr6 *, void *),
                         void *ctx)
{
    (void)p;
    MIB_UNICASTIPADDRESS_TABLE *t;
    DWORD rc = GetUnicastIpAddressTable(AF_INET6, &t);
    if (rc != NO_ERROR)
        return win_errno(rc);
    int v = 0;
    for (ULONG i = 0; i < t->NumEntries && !v; i++) {
        const MIB_UNICASTIPADDRESS_ROW *r = &t->Table[i];
        struct link_addr6 a = {0};
        memcpy(a.addr, &r->Address.Ipv6.sin6_addr, 16);
        a.ifindex = r->InterfaceIndex;
        a.prefix_len = r->OnLinkPrefixLength;
        MIB_IF_ROW2 row = {.InterfaceIndex = r->InterfaceIndex};
        if (GetIfEntry2(&row) == NO_ERROR)
            win_utf8(row.Alias, a.ifname, sizeof(a.ifname));
        v = fn(&a, ctx);
    }
    FreeMibTable(t);
    return v;
}

/* An interface's metric, which Windows adds to each route's; 0 where the
 * system lacks the call (Wine 8 does: looked up at run time, so that the
 * .exe still starts there). */
typedef VOID(WINAPI *init_entry_fn)(PMIB_IPINTERFACE_ROW);
typedef DWORD(WINAPI *get_entry_fn)(PMIB_IPINTERFACE_ROW);

static uint32_t if_metric(ADDRESS_FAMILY af, NET_IFINDEX index)
{
    static bool looked;
    static init_entry_fn init;
    static get_entry_fn get;
    if (!looked) {
        looked = true;
        HMODULE h = GetModuleHandleA("iphlpapi.dll");
        if (h) {
            init = (init_entry_fn)(void (*)(void))GetProcAddress(h, "InitializeIpInterfaceEntry");
            get = (get_entry_fn)(void (*)(void))GetProcAddress(h, "GetIpInterfaceEntry");
        }
    }
    if (!init || !get)
        return 0;
    MIB_IPINTERFACE_ROW r;
    init(&r);
    r.Family = af;
    r.InterfaceIndex = index;
    return get(&r) == NO_ERROR ? r.Metric : 0;
}

static void mask_of(unsigned plen, unsigned bytes, uint8_t *m)
{
    for (unsigned i = 0; i < bytes; i++) {
        unsigned bits = plen > 8 * i ? plen - 8 * i : 0;
        m[i] = bits >= 8 ? 0xFF : (uint8_t)(0xFF << (8 - bits));
    }
}

int platform_routes(struct platform *p, enum sock_family fam,
                    int (*fn)(const struct route_rec *, void *), void *ctx)
{
    (void)p;
    ADDRESS_FAMILY af = fam == FAM_INET6 ? AF_INET6 : AF_INET;
    MIB_IPFORWARD_TABLE2 *t;
    DWORD rc = GetIpForwardTable2(af, &t);
    if (rc != NO_ERROR)
        return win_errno(rc);
    int v = 0;
    for (ULONG i = 0; i < t->NumEntries && !v; i++) {
        const MIB_IPFORWARD_ROW2 *r = &t->Table[i];
        struct route_rec rr = {.family = fam, .flags = ROUTE_UP};
        unsigned plen = r->DestinationPrefix.PrefixLength;
        rr.prefix_len = (uint8_t)plen;
        rr.ifindex = r->InterfaceIndex;
        if (af == AF_INET) {
            memcpy(rr.dst.bytes, &r->DestinationPrefix.Prefix.Ipv4.sin_addr, 4);
            memcpy(rr.gateway.bytes, &r->NextHop.Ipv4.sin_addr, 4);
            mask_of(plen, 4, rr.mask.bytes);
        } else {
            memcpy(rr.dst.bytes, &r->DestinationPrefix.Prefix.Ipv6.sin6_addr, 16);
            memcpy(rr.gateway.bytes, &r->NextHop.Ipv6.sin6_addr, 16);
            mask_of(plen, 16, rr.mask.bytes);
        }
        if (!sock_addr_is_any(fam, &rr.gateway))
            rr.flags |= ROUTE_GATEWAY;
        if (plen == (af == AF_INET ? 32u : 128u))
            rr.flags |= ROUTE_HOST;
        rr.metric = r->Metric + if_metric(af, r->InterfaceIndex);
        MIB_IF_ROW2 row = {.InterfaceIndex = r->InterfaceIndex};
        if (GetIfEntry2(&row) == NO_ERROR)
            win_utf8(row.Alias, rr.ifname, sizeof(rr.ifname));
        else
            snprintf(rr.ifname, sizeof(rr.ifname), "%lu", (unsigned long)r->InterfaceIndex);
        v = fn(&rr, ctx);
    }
    FreeMibTable(t);
    return v;
}

/* Persistent routes: values of the key below, each named
 * "destination,mask,gateway,metric" (what `route -p add` writes). */
int platform_persistent_routes(struct platform *p, enum sock_family fam,
                               int (*fn)(const struct route_rec *, void *), void *ctx)
{
    (void)p;
    if (fam != FAM_INET)
        return -ENOENT; /* IPv6's are netsh's store, not read */
    HKEY key;
    LONG rc =
        RegOpenKeyExA(HKEY_LOCAL_MACHINE,
                      "SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters\\PersistentRoutes", 0,
                      KEY_READ, &key);
    if (rc == ERROR_FILE_NOT_FOUND)
        return 0; /* none made yet */
    if (rc != ERROR_SUCCESS)
        return win_errno((unsigned long)rc);
    int v = 0;
    for (DWORD i = 0; !v; i++) {
        char name[256];
        DWORD len = sizeof(name);
        rc = RegEnumValueA(key, i, name, &len, NULL, NULL, NULL, NULL);
        if (rc != ERROR_SUCCESS)
            break;
        char dst[64], mask[64], gw[64];
        unsigned metric = 0;
        struct route_rec r = {.family = FAM_INET, .flags = ROUTE_UP};
        if (sscanf(name, "%63[^,],%63[^,],%63[^,],%u", dst, mask, gw, &metric) < 3 ||
            inet_pton(AF_INET, dst, r.dst.bytes) != 1 ||
            inet_pton(AF_INET, mask, r.mask.bytes) != 1 ||
            inet_pton(AF_INET, gw, r.gateway.bytes) != 1)
            continue; /* not a route */
        r.metric = metric;
        if (!sock_addr_is_any(FAM_INET, &r.gateway))
            r.flags |= ROUTE_GATEWAY;
        v = fn(&r, ctx);
    }
    RegCloseKey(key);
    return v;
}
