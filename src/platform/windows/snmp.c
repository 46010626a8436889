/* Protocol counters from IP Helper, under the MIB-II names (RFC 4293, 4022,
 * 4113, 4292) that Linux's /proc/net/snmp uses too, so every view reads
 * one vocabulary: "Ip" "InReceives", "Icmp6" "Icmp6InEchos"... TCP over
 * IPv6 has counters of its own here, as section "Tcp6". */
#include "platform/platform.h"

#include <winsock2.h>
#include <ws2tcpip.h>
#include <iphlpapi.h>

#include <errno.h>
#include <stdio.h>

#include "platform/windows/winutil.h"

typedef int (*snmp_fn)(const char *section, const char *name, uint64_t value, void *ctx);

struct named {
    const char *name;
    uint64_t v;
};

static int emit(snmp_fn fn, void *ctx, const char *section, const struct named *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int rc = fn(section, v[i].name, v[i].v, ctx);
        if (rc)
            return rc;
    }
    return 0;
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

static int ip(snmp_fn fn, void *ctx, ULONG af)
{
    MIB_IPSTATS s;
    DWORD rc = GetIpStatisticsEx(&s, af);
    if (rc != NO_ERROR)
        return win_errno(rc);
    bool v6 = af == AF_INET6;
    /* Linux names IPv6's with the section in front ("Ip6InReceives"). */
    const struct named v4[] = {
        {"Forwarding", s.dwForwarding == MIB_IP_FORWARDING ? 1 : 2},
        {"DefaultTTL", s.dwDefaultTTL},
        {"InReceives", s.dwInReceives},
        {"InHdrErrors", s.dwInHdrErrors},
        {"InAddrErrors", s.dwInAddrErrors},
        {"ForwDatagrams", s.dwForwDatagrams},
        {"InUnknownProtos", s.dwInUnknownProtos},
        {"InDiscards", s.dwInDiscards},
        {"InDelivers", s.dwInDelivers},
        {"OutRequests", s.dwOutRequests},
        {"OutDiscards", s.dwOutDiscards},
        {"OutNoRoutes", s.dwOutNoRoutes},
        {"ReasmTimeout", s.dwReasmTimeout},
        {"ReasmReqds", s.dwReasmReqds},
        {"ReasmOKs", s.dwReasmOks},
        {"ReasmFails", s.dwReasmFails},
        {"FragOKs", s.dwFragOks},
        {"FragFails", s.dwFragFails},
        {"FragCreates", s.dwFragCreates},
        {"RoutingDiscards", s.dwRoutingDiscards},
    };
    if (!v6)
        return emit(fn, ctx, "Ip", v4, N(v4));
    for (size_t i = 2; i < N(v4); i++) {
        char name[64];
        snprintf(name, sizeof(name), "Ip6%s", v4[i].name);
        int r = fn("Ip6", name, v4[i].v, ctx);
        if (r)
            return r;
    }
    return 0;
}

static int icmp4(snmp_fn fn, void *ctx)
{
    MIB_ICMP_EX s;
    DWORD rc = GetIcmpStatisticsEx(&s, AF_INET);
    if (rc != NO_ERROR)
        return win_errno(rc);
    const MIBICMPSTATS_EX *in = &s.icmpInStats, *out = &s.icmpOutStats;
    const DWORD *a = in->rgdwTypeCount, *b = out->rgdwTypeCount;
    const struct named v[] = {
        {"InMsgs", in->dwMsgs},    {"InErrors", in->dwErrors}, {"InDestUnreachs", a[3]},
        {"InTimeExcds", a[11]},    {"InParmProbs", a[12]},     {"InSrcQuenchs", a[4]},
        {"InRedirects", a[5]},     {"InEchos", a[8]},          {"InEchoReps", a[0]},
        {"InTimestamps", a[13]},   {"InTimestampReps", a[14]}, {"InAddrMasks", a[17]},
        {"InAddrMaskReps", a[18]}, {"OutMsgs", out->dwMsgs},   {"OutErrors", out->dwErrors},
        {"OutDestUnreachs", b[3]}, {"OutTimeExcds", b[11]},    {"OutParmProbs", b[12]},
        {"OutSrcQuenchs", b[4]},   {"OutRedirects", b[5]},     {"OutEchos", b[8]},
        {"OutEchoReps", b[0]},     {"OutTimestamps", b[13]},   {"OutTimestampReps", b[14]},
        {"OutAddrMasks", b[17]},   {"OutAddrMaskReps", b[18]},
    };
    int r = emit(fn, ctx, "Icmp", v, N(v));
    /* every type seen, as Linux's IcmpMsg section */
    for (int dir = 0; dir < 2 && !r; dir++)
        for (int t = 0; t < 256 && !r; t++) {
            DWORD c = dir ? b[t] : a[t];
            if (!c)
                continue;
            char name[32];
            snprintf(name, sizeof(name), "%sType%d", dir ? "Out" : "In", t);
            r = fn("IcmpMsg", name, c, ctx);
        }
    return r;
}

static int icmp6(snmp_fn fn, void *ctx)
{
    MIB_ICMP_EX s;
    DWORD rc = GetIcmpStatisticsEx(&s, AF_INET6);
    if (rc != NO_ERROR)
        return win_errno(rc);
    static const struct {
        int type;
        const char *name;
    } types[] = {
        {1, "DestUnreachs"},
        {2, "PktTooBigs"},
        {3, "TimeExcds"},
        {4, "ParmProblems"},
        {128, "Echos"},
        {129, "EchoReplies"},
        {130, "GroupMembQueries"},
        {131, "GroupMembResponses"},
        {132, "GroupMembReductions"},
        {133, "RouterSolicits"},
        {134, "RouterAdvertisements"},
        {135, "NeighborSolicits"},
        {136, "NeighborAdvertisements"},
        {137, "Redirects"},
        {143, "MLDv2Reports"},
    };
    int r = 0;
    for (int dir = 0; dir < 2 && !r; dir++) {
        const MIBICMPSTATS_EX *st = dir ? &s.icmpOutStats : &s.icmpInStats;
        const char *d = dir ? "Out" : "In";
        char name[64];
        snprintf(name, sizeof(name), "Icmp6%sMsgs", d);
        r = fn("Icmp6", name, st->dwMsgs, ctx);
        snprintf(name, sizeof(name), "Icmp6%sErrors", d);
        if (!r)
            r = fn("Icmp6", name, st->dwErrors, ctx);
        for (size_t i = 0; i < N(types) && !r; i++) {
            snprintf(name, sizeof(name), "Icmp6%s%s", d, types[i].name);
            r = fn("Icmp6", name, st->rgdwTypeCount[types[i].type], ctx);
        }
    }
    return r;
}

static int tcp(snmp_fn fn, void *ctx, ULONG af)
{
    MIB_TCPSTATS s;
    DWORD rc = GetTcpStatisticsEx(&s, af);
    if (rc != NO_ERROR)
        return win_errno(rc);
    const struct named v[] = {
        {"RtoAlgorithm", s.dwRtoAlgorithm},
        {"RtoMin", s.dwRtoMin},
        {"RtoMax", s.dwRtoMax},
        {"MaxConn", s.dwMaxConn},
        {"ActiveOpens", s.dwActiveOpens},
        {"PassiveOpens", s.dwPassiveOpens},
        {"AttemptFails", s.dwAttemptFails},
        {"EstabResets", s.dwEstabResets},
        {"CurrEstab", s.dwCurrEstab},
        {"InSegs", s.dwInSegs},
        {"OutSegs", s.dwOutSegs},
        {"RetransSegs", s.dwRetransSegs},
        {"InErrs", s.dwInErrs},
        {"OutRsts", s.dwOutRsts},
    };
    return emit(fn, ctx, af == AF_INET6 ? "Tcp6" : "Tcp", v, N(v));
}

static int udp(snmp_fn fn, void *ctx, ULONG af)
{
    MIB_UDPSTATS s;
    DWORD rc = GetUdpStatisticsEx(&s, af);
    if (rc != NO_ERROR)
        return win_errno(rc);
    bool v6 = af == AF_INET6;
    const struct named v[] = {
        {v6 ? "Udp6InDatagrams" : "InDatagrams", s.dwInDatagrams},
        {v6 ? "Udp6NoPorts" : "NoPorts", s.dwNoPorts},
        {v6 ? "Udp6InErrors" : "InErrors", s.dwInErrors},
        {v6 ? "Udp6OutDatagrams" : "OutDatagrams", s.dwOutDatagrams},
    };
    return emit(fn, ctx, v6 ? "Udp6" : "Udp", v, N(v));
}

int platform_snmp(struct platform *p, enum snmp_source which, snmp_fn fn, void *ctx)
{
    (void)p;
    int r;
    switch (which) {
    case SNMP_IPV4:
        r = ip(fn, ctx, AF_INET);
        if (!r)
            r = icmp4(fn, ctx);
        if (!r)
            r = tcp(fn, ctx, AF_INET);
        if (!r)
            r = udp(fn, ctx, AF_INET);
        return r;
    case SNMP_IPV6:
        r = ip(fn, ctx, AF_INET6);
        if (!r)
            r = icmp6(fn, ctx);
        if (!r)
            r = tcp(fn, ctx, AF_INET6);
        if (!r)
            r = udp(fn, ctx, AF_INET6);
        return r;
    default:
        return -ENOENT;
    }
}
