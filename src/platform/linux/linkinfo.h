#ifndef NETSTAT_LINKINFO_H
#define NETSTAT_LINKINFO_H

#include <stddef.h>

#include "model/link.h"

struct ifreq;

/* One /proc/net/if_inet6 line (pure, fuzzed). */
int linkinfo_parse_inet6(const char *line, size_t len, struct link_addr6 *out);

/* Every IPv4 address the interface ioctls list (SIOCGIFCONF: one entry
 * per address, an alias under its label), with an AF_INET socket for
 * further ioctls. Returns 0, the visitor's value, or -errno. */
int linkinfo_ifconf(int (*fn)(int sock, const struct ifreq *ifr, void *ctx), void *ctx);

/* Every address without netlink: IPv4 from the ioctls, IPv6 from
 * /proc/net/if_inet6. 0, the visitor's value, or -errno. */
int linkinfo_addresses(int (*fn)(const struct iface_addr *, void *), void *ctx);

#endif
