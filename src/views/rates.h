/* -i --rate[=SECS]: per interface (or --interface NAME, or their total),
 * packets, errors, drops and bytes in and out per second, every SECS,
 * the first line after one interval, as FreeBSD's netstat -w. */
#ifndef NETSTAT_VIEWS_RATES_H
#define NETSTAT_VIEWS_RATES_H

#include <stdio.h>

#include "cli/options.h"
#include "platform/platform.h"

/* Runs until --count intervals are shown (or forever). Returns an exit
 * status. */
int rates_view(const struct options *o, struct platform *p, FILE *out);

/* A rate for --human: "987", "1.23k", "45.6M", "789G" (SI units). */
void rates_human(double v, char *buf, size_t n);

#endif
