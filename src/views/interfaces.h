/* The interface table (-i), net-tools' layout. */
#ifndef NETSTAT_VIEWS_INTERFACES_H
#define NETSTAT_VIEWS_INTERFACES_H

#include <stdbool.h>
#include <stdio.h>

#include "cli/options.h"
#include "platform/platform.h"

/* One listing. first: the run's first (net-tools prints its title once
 * under -c). Returns an exit status. */
int interfaces_view(const struct options *o, struct platform *p, FILE *out, bool first);

/* Flag letters of the Flg column, net-tools' order. */
void interfaces_flag_letters(uint32_t flags, char *buf, size_t n);

#endif
