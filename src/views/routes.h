/* The routing table (-r), net-tools' layouts. */
#ifndef NETSTAT_VIEWS_ROUTES_H
#define NETSTAT_VIEWS_ROUTES_H

#include <stdio.h>

#include "cli/options.h"
#include "platform/platform.h"

/* One listing. Returns an exit status. */
int routes_view(const struct options *o, struct platform *p, FILE *out);

#endif
