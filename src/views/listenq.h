/* --listen-queues: each TCP listener's accept queue (waiting, maximum)
 * and SYN queue, and the host's ListenOverflows / ListenDrops counters,
 * with their change since the last refresh under -c; per network
 * namespace with --netns. */
#ifndef NETSTAT_VIEWS_LISTENQ_H
#define NETSTAT_VIEWS_LISTENQ_H

#include <stdio.h>

#include "cli/options.h"
#include "platform/platform.h"

/* One listing, of each namespace in nss (NULL: netstat's own only);
 * returns an exit status. */
int listenq_view(const struct options *o, struct platform *p, const struct netns_list *nss,
                 FILE *out);

#endif
