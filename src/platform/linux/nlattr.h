/* Netlink helpers shared by the sock_diag and rtnetlink sources. */
#ifndef NETSTAT_NLATTR_H
#define NETSTAT_NLATTR_H

#include <stdbool.h>
#include <stddef.h>

#include <libmnl/libmnl.h>

/* True when the attributes after the fixed header (hdrlen bytes) tile the
 * message exactly: libmnl stops quietly at a truncated one, we reject it. */
bool nl_attrs_well_formed(const struct nlmsghdr *nlh, size_t hdrlen);

#endif
