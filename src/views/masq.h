/* -M, --masquerade: NAT'd connections, from connection tracking. */
#ifndef NETSTAT_VIEWS_MASQ_H
#define NETSTAT_VIEWS_MASQ_H

#include <stdio.h>

#include "cli/options.h"
#include "platform/platform.h"

/* Returns an exit status. */
int masq_view(const struct options *o, struct platform *p, FILE *out);

#endif
