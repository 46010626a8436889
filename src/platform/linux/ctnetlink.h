/* The connection tracking table over netlink (ctnetlink). */
#ifndef NETSTAT_CTNETLINK_H
#define NETSTAT_CTNETLINK_H

#include <stddef.h>

#include "model/conntrack.h"

/* One IPCTNL_MSG_CT_NEW message as a record. 0, or -EBADMSG when it is
 * not one. */
int ct_parse(const void *msg, size_t len, struct ct_rec *out);

/* Every tracked connection of namespace nsfd (ours when < 0). 0, the
 * visitor's value, or -errno (-EPERM: needs CAP_NET_ADMIN;
 * -EPROTONOSUPPORT: no conntrack in this kernel). */
int ct_dump(int nsfd, int (*fn)(const struct ct_rec *, void *), void *ctx);

#endif
