/* The views only Windows' dialect selects, in Windows' layouts. Each
 * returns an exit status. */
#ifndef NETSTAT_VIEWS_WINVIEWS_H
#define NETSTAT_VIEWS_WINVIEWS_H

#include <stdio.h>

#include "cli/options.h"
#include "platform/platform.h"

/* -e: Interface Statistics, the totals over every interface. */
int ifstats_view(const struct options *o, struct platform *p, FILE *out);
/* -s: IPv4, IPv6, ICMPv4, ICMPv6, TCP and UDP counters (o->stat_protos). */
int protostats_view(const struct options *o, struct platform *p, FILE *out);
/* -r: route print's interface list and IPv4 and IPv6 route tables. */
int routeprint_view(const struct options *o, struct platform *p, FILE *out);
/* -x: NetworkDirect, which no IP Helper table shows: the empty listing. */
int netdirect_view(const struct options *o, FILE *out);

#endif
