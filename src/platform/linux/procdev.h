/* /proc/net/dev, the second source for interfaces (pure parser, fuzzed). */
#ifndef NETSTAT_PROCDEV_H
#define NETSTAT_PROCDEV_H

#include <stddef.h>

#include "model/link.h"
#include "platform/linux/procnet.h"

/* One line: PROCNET_OK (name and counters filled), PROCNET_SKIP (the two
 * header lines) or PROCNET_BAD. MTU and flags are not in this file. */
int procdev_parse(const char *line, size_t len, struct link_rec *out);

/* Every interface of /proc/net/dev, MTU and flags from the interface
 * ioctls. 0, the visitor's value, or -errno. */
int procdev_read(int (*fn)(const struct link_rec *, void *), void *ctx, unsigned *bad);

/* IPv4 address labels that name no interface ("eth0:1"), from the
 * interface ioctls, as rows without counters: net-tools lists them. */
int procdev_labels(int (*fn)(const struct link_rec *, void *), void *ctx);

#endif
