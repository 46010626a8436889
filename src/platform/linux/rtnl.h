/* rtnetlink dumps through libmnl. nsfd names the network namespace to
 * read (-1: our own). */
#ifndef NETSTAT_RTNL_H
#define NETSTAT_RTNL_H

#include <stddef.h>

#include "model/link.h"
#include "model/route.h"

/* Every interface, in the kernel's dump order. Returns 0, the visitor's
 * value, or -errno. */
int rtnl_links(int nsfd, int (*fn)(const struct link_rec *, void *), void *ctx);

/* Decodes one RTM_NEWLINK message (fuzzed). 0, or -1 when malformed. */
int rtnl_parse_link(const void *msg, size_t len, struct link_rec *out);

/* The main table's IPv4 routes as /proc/net/route lists them, in the
 * kernel's dump order. */
int rtnl_routes4(int nsfd, int (*fn)(const struct route_rec *, void *), void *ctx);

/* Decodes one RTM_NEWROUTE (fuzzed): 0 with *out and *oif set, 1 for a
 * route /proc/net/route would not show, -1 when malformed. */
int rtnl_parse_route4(const void *msg, size_t len, struct route_rec *out, uint32_t *oif);

/* Every address of every interface, both families, in the kernel's
 * order. Returns 0, the visitor's value, or -errno. */
int rtnl_addrs(int nsfd, int (*fn)(const struct iface_addr *, void *), void *ctx);

/* Decodes one RTM_NEWADDR (fuzzed): 0, 1 for a family other than IPv4
 * and IPv6, -1 when malformed. */
int rtnl_parse_addr(const void *msg, size_t len, struct iface_addr *out);

#endif
