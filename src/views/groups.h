/* Multicast group memberships (-g), net-tools' layout. */
#ifndef NETSTAT_VIEWS_GROUPS_H
#define NETSTAT_VIEWS_GROUPS_H

#include <stdio.h>

#include "cli/options.h"
#include "platform/platform.h"
#include "resolve/names.h"

struct json;

/* Prints the section (into j's array, as objects, when j is not NULL);
 * returns 0, 1 (a family missing when asked for, as
 * net-tools), or -errno. */
int groups_section(const struct options *o, struct platform *p, struct names *names, FILE *out,
                   struct json *j);

#endif
