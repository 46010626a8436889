/* Routes of the main table, as the classic route tables show them. */
#ifndef NETSTAT_MODEL_ROUTE_H
#define NETSTAT_MODEL_ROUTE_H

#include <stdint.h>

#include "model/sock.h"

/* Route flags, the classic RTF_* values (what /proc/net/route prints). */
#define ROUTE_UP        0x0001
#define ROUTE_GATEWAY   0x0002
#define ROUTE_HOST      0x0004
#define ROUTE_REINSTATE 0x0008
#define ROUTE_DYNAMIC   0x0010
#define ROUTE_MODIFIED  0x0020
#define ROUTE_REJECT    0x0200
#define ROUTE_DEFAULT   0x10000
#define ROUTE_ALLONLINK 0x20000
#define ROUTE_ADDRCONF  0x40000
#define ROUTE_NONEXTHOP 0x200000
#define ROUTE_EXPIRES   0x400000
#define ROUTE_CACHE     0x1000000
#define ROUTE_FLOW      0x2000000

struct route_rec {
    enum sock_family family;
    struct sock_addr dst, gateway, mask;
    uint32_t flags; /* ROUTE_* */
    uint32_t metric;
    uint32_t mss, window, irtt; /* as /proc/net/route: advmss + 40, window, rtt / 8 */
    char ifname[16];            /* "*" when the route has no device */
    uint32_t ifindex;           /* its device, where the system tells (Windows), or 0 */
    uint8_t prefix_len;         /* IPv6 */
    uint32_t refcnt, use;       /* IPv6: only /proc/net/ipv6_route has them */
};

#endif
