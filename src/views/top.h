/* --top: a live view of TCP connections and of the processes that hold
 * them, by throughput (bytes a second, from the kernel's per-socket byte
 * counters), with state, owner, rtt and retransmissions. */
#ifndef NETSTAT_VIEWS_TOP_H
#define NETSTAT_VIEWS_TOP_H

#include <stdio.h>

#include "cli/options.h"
#include "platform/platform.h"

/* On a terminal, full screen until q (or --count refreshes); off one,
 * the table --count times (default once), each after an interval (-c
 * SECS, default 1). Returns an exit status. */
int top_view(const struct options *o, struct platform *p, FILE *out);

#endif
