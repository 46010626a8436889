/* --summary: socket totals by protocol and family, TCP by state, as
 * ss -s gives them (from the kernel's counters, not a walk of every
 * socket), plus orphans, TIME_WAIT and memory; per namespace with
 * --netns. */
#ifndef NETSTAT_VIEWS_SUMMARY_H
#define NETSTAT_VIEWS_SUMMARY_H

#include <stdio.h>

#include "cli/options.h"
#include "platform/platform.h"

int summary_view(const struct options *o, struct platform *p, const struct netns_list *nss,
                 FILE *out);

#endif
