/* --kill [--dry-run]: destroys the TCP and UDP sockets the filters select
 * (the kernel's SOCK_DESTROY: a TCP peer sees a reset), printing each. */
#ifndef NETSTAT_VIEWS_KILL_H
#define NETSTAT_VIEWS_KILL_H

#include <stdio.h>

#include "cli/options.h"
#include "platform/platform.h"

/* Returns an exit status: 0 when every socket selected was destroyed,
 * EXIT_NOTHING when none was selected, EXIT_FAIL when one could not be,
 * EXIT_USAGE without a filter. */
int kill_view(const struct options *o, struct platform *p, const struct netns_list *nss, FILE *out);

#endif
