/* rtnetlink dumps through libmnl. */
#ifndef NETSTAT_RTNL_H
#define NETSTAT_RTNL_H

#include <stddef.h>

#include "model/link.h"

/* Every interface, in the kernel's dump order. Returns 0, the visitor's
 * value, or -errno. */
int rtnl_links(int (*fn)(const struct link_rec *, void *), void *ctx);

/* Decodes one RTM_NEWLINK message (fuzzed). 0, or -1 when malformed. */
int rtnl_parse_link(const void *msg, size_t len, struct link_rec *out);

#endif
