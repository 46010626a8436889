/* Protocol statistics (-s), net-tools' wording and layout. */
#ifndef NETSTAT_VIEWS_STATISTICS_H
#define NETSTAT_VIEWS_STATISTICS_H

#include <stdio.h>

#include "cli/options.h"
#include "platform/platform.h"

/* Returns an exit status. */
int statistics_view(const struct options *o, struct platform *p, FILE *out);

#endif
