/* The filters (filter/filter.h) applied to the rows a view reads. */
#ifndef NETSTAT_VIEWS_SOCKFILTER_H
#define NETSTAT_VIEWS_SOCKFILTER_H

#include <stdbool.h>

#include "filter/filter.h"
#include "platform/platform.h"

/* Puts filter f (when it has clauses) on a request, and narrows its
 * states to those --state leaves for that table (0: nothing to read). */
void sock_filter_request(const struct filter *f, struct gather_req *req);

/* Whether socket s, read by backend p, passes filter f: the clauses the
 * backend already ran are not checked again; --pid and --program look at
 * the socket's owners (NULL: none known). p NULL: every clause checked. */
bool sock_filter_pass(const struct filter *f, const struct owners *owners, const struct platform *p,
                      const struct sock_rec *s);

#endif
