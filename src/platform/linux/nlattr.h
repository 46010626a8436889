/* Netlink helpers shared by the sock_diag and rtnetlink sources. */
#ifndef NETSTAT_NLATTR_H
#define NETSTAT_NLATTR_H

#include <stddef.h>

#include <libmnl/libmnl.h>

/* The attributes after the fixed header, by type, into tb[0..max] (the
 * last of a type wins; types above max are ignored): one pass that also
 * checks they tile the message exactly. 0, or -1 when malformed. */
int nl_attrs_table(const struct nlmsghdr *nlh, size_t hdrlen, const struct nlattr **tb, int max);

#endif
