/* --prometheus, --textfile DIR: what netstat knows as Prometheus metrics
 * (the text exposition format, version 0.0.4): -s's protocol counters,
 * -i's interface counters, --summary's sockets by state and the
 * listeners with who can reach them; all four unless one is named. */
#ifndef NETSTAT_VIEWS_METRICS_H
#define NETSTAT_VIEWS_METRICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "cli/options.h"
#include "platform/platform.h"

/* To out, or with --textfile into DIR/netstat.prom. Returns an exit
 * status. */
int metrics_view(const struct options *o, struct platform *p, const struct netns_list *nss,
                 FILE *out);

/* A label value escaped as the format wants, and no control byte or
 * invalid UTF-8 left raw (those as the text \xHH, as in the tables). */
void metrics_label_value(FILE *out, const char *s, size_t n);

/* The metric of kernel counter name in section ("Tcp", "ActiveOpens"):
 * "netstat_tcp_active_opens_total"; true when it is a gauge (a level,
 * as Tcp CurrEstab), whose name has no _total. */
bool metrics_counter_name(const char *section, const char *name, char *buf, size_t n);

#endif
