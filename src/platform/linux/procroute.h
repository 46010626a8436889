/* /proc/net/route, the second source for IPv4 routes (pure, fuzzed). */
#ifndef NETSTAT_PROCROUTE_H
#define NETSTAT_PROCROUTE_H

#include <stddef.h>

#include "model/route.h"
#include "platform/linux/procnet.h"

int procroute_parse(const char *line, size_t len, struct route_rec *out);
/* /proc/net/ipv6_route: the only source that carries the Ref and Use
 * counts net-tools shows, so IPv6 routes always come from here. */
int procroute6_parse(const char *line, size_t len, struct route_rec *out);
int procroute6_read(int (*fn)(const struct route_rec *, void *), void *ctx, unsigned *bad);

int procroute_read(int (*fn)(const struct route_rec *, void *), void *ctx, unsigned *bad);

#endif
