/* --explain: who can reach each listening socket, in plain words. */
#ifndef NETSTAT_VIEWS_EXPLAIN_H
#define NETSTAT_VIEWS_EXPLAIN_H

#include <stdio.h>

#include "cli/options.h"
#include "platform/platform.h"

/* Of the namespace p reads, or with --netns of each namespace in nss (p
 * serves the one netstat runs in). Returns an exit status. */
int explain_view(const struct options *o, struct platform *p, const struct netns_list *nss,
                 FILE *out);

/* The listeners --explain shows (the filters apply), each once, with the
 * word for who can reach it: "any" (every address), "loopback",
 * "network" (one address and its network), "link", "nowhere",
 * "unknown", or "published" (a DNAT or redirect rule of its namespace
 * leads connections to its port; read where the firewall can be, as
 * root). owners: for --pid and --program, or NULL. label: its namespace's label under --netns, else
 * NULL. A non-zero return of fn stops the walk and is returned. 0, or -errno (a namespace that
 * cannot be read is told on stderr and skipped). */
typedef int (*explain_listener_fn)(const struct sock_rec *s, const char *reach, const char *label,
                                   void *ctx);
int explain_listeners(const struct options *o, struct platform *p, const struct netns_list *nss,
                      struct owners *owners, explain_listener_fn fn, void *ctx);

#endif
