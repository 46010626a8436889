/* Netlink helpers shared by the sock_diag and rtnetlink sources. */
#ifndef NETSTAT_NLATTR_H
#define NETSTAT_NLATTR_H

#include <stdbool.h>
#include <stddef.h>

#include <libmnl/libmnl.h>

/* True when the attributes after the fixed header (hdrlen bytes) tile the
 * message exactly: libmnl stops quietly at a truncated one, we reject it. */
bool nl_attrs_well_formed(const struct nlmsghdr *nlh, size_t hdrlen);

/* Sends one dump request and runs cb over every reply until NLMSG_DONE.
 * Returns 0, -errno (an error in NLMSG_DONE included: -ENOENT when the
 * kernel cannot serve the dump), or *visit_rc when the visitor stopped the
 * walk early; the rest of the dump is then drained so the socket stays
 * usable. */
int nl_dump(struct mnl_socket *nl, struct nlmsghdr *req, mnl_cb_t cb, void *data,
            const int *visit_rc);

#endif
