/* One netlink dump, read ahead by a helper thread: the kernel fills the
 * next datagrams while the caller parses and prints this one. */
#ifndef NETSTAT_NLDUMP_H
#define NETSTAT_NLDUMP_H

#include <stdbool.h>

#include <libmnl/libmnl.h>

/* A dump in flight. */
struct nl_dump;

/* Sends one dump request. With ahead, a helper starts reading the replies
 * at once (a few datagrams, then it waits), for a caller that will want
 * them after the dump it is reading now. NULL (errno set) when out of
 * memory; a failed send is reported by nl_dump_finish(). */
struct nl_dump *nl_dump_start(struct mnl_socket *nl, const struct nlmsghdr *req, bool ahead);

/* Runs cb over every reply until NLMSG_DONE, then frees the dump. Returns
 * as nl_dump() does. */
int nl_dump_finish(struct nl_dump *d, mnl_cb_t cb, void *data, const int *visit_rc);

/* Reads and drops the rest of a dump nobody wants; frees it. */
void nl_dump_abandon(struct nl_dump *d);

/* Sends one dump request and runs cb over every reply until NLMSG_DONE.
 * Returns 0, -errno (an error in NLMSG_DONE included: -ENOENT when the
 * kernel cannot serve the dump), or *visit_rc when the visitor stopped the
 * walk early; the rest of the dump is then drained so the socket stays
 * usable. cb always runs in the calling thread. */
int nl_dump(struct mnl_socket *nl, struct nlmsghdr *req, mnl_cb_t cb, void *data,
            const int *visit_rc);

#endif
