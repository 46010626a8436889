/* The socket listing: net-tools' sections in net-tools' order. */
#ifndef NETSTAT_VIEWS_SOCKETS_H
#define NETSTAT_VIEWS_SOCKETS_H

#include <stdio.h>

#include "cli/options.h"
#include "platform/platform.h"

/* One full listing (one refresh under -c), of the namespace p reads, or
 * with --netns of each namespace in nss (p serves the one netstat runs
 * in). Returns an exit status. */
int sockets_view(const struct options *o, struct platform *p, const struct netns_list *nss,
                 FILE *out);

#endif
