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

/* Every interface once, in net-tools' order (by name, numbers compared
 * as numbers): the table -i shows, the rates, the metrics. */
struct link_list {
    struct link_rec *v;
    size_t n, cap;
};
/* 0, or -errno (l holds what was read; free l->v). */
int interfaces_load(struct platform *p, struct link_list *l);

/* Flag letters of the Flg column, net-tools' order. */
void interfaces_flag_letters(uint32_t flags, char *buf, size_t n);

#endif
