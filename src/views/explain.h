/* --explain: who can reach each listening socket, in plain words. */
#ifndef NETSTAT_VIEWS_EXPLAIN_H
#define NETSTAT_VIEWS_EXPLAIN_H

#include <stdio.h>

#include "cli/options.h"
#include "platform/platform.h"

/* Of the namespace p reads, or with --netns of each namespace in nss (p
 * serves the one netstat runs in). Returns an exit status. */
int explain_view(const struct options *o, struct platform *p, const struct netns_list *nss,
                 FILE *out);

#endif
