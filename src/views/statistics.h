/* Protocol statistics (-s), net-tools' wording and layout. */
#ifndef NETSTAT_VIEWS_STATISTICS_H
#define NETSTAT_VIEWS_STATISTICS_H

#include <stdio.h>

#include "cli/options.h"
#include "platform/platform.h"

/* Returns an exit status. */
int statistics_view(const struct options *o, struct platform *p, FILE *out);

/* A kernel counter or section name in snake_case, as --json keys it. */
void statistics_key(const char *name, char *out, size_t n);

#endif
