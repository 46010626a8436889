/* --events: sockets as they close (the kernel's destroy events, TCP and
 * UDP, both families), one line or one JSON document each, with the
 * time; until interrupted. With -c SECS also the sockets opened, found
 * by comparing a dump every SECS with the one before; with --netns each
 * namespace's. */
#ifndef NETSTAT_VIEWS_EVENTS_H
#define NETSTAT_VIEWS_EVENTS_H

#include <stdio.h>

#include "cli/options.h"
#include "platform/platform.h"

/* Returns an exit status when the stream ends (it ends only on an error
 * or a failed write). */
int events_view(const struct options *o, struct platform *p, const struct netns_list *nss,
                FILE *out);

#endif
