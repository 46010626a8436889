/* Host and network names from the system resolver (the host and networks
 * databases, so /etc/hosts, DNS and every other NSS source answer as they
 * do for net-tools), asked in parallel in a helper process, with one
 * deadline for each batch: a resolver that never answers costs a listing
 * HOSTS_BUDGET_MS, not minutes. Answers are kept for the whole run. */
#ifndef NETSTAT_RESOLVE_HOSTS_H
#define NETSTAT_RESOLVE_HOSTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* How long one batch of lookups may take, from its first question. */
#define HOSTS_BUDGET_MS 2000

enum host_kind {
    HOST_INET,  /* an IPv4 host: gethostbyaddr */
    HOST_NET,   /* an IPv4 network: getnetbyaddr */
    HOST_INET6, /* an IPv6 host: getnameinfo */
};

/* Starts the helper process the lookups run in. Call it before any thread
 * starts. Without it (or when it cannot start: a message says so) every
 * address is shown as a number. */
void hosts_start(void);

/* Holds the lookups still while a socket table is read: the helper is
 * stopped, so no socket of its comes or goes, and no question is sent
 * until hosts_resume(). Returns the helper's process id (the sockets it
 * holds now are netstat's own), or 0 when there is none. */
int hosts_pause(void);
void hosts_resume(void);

/* Starts a batch: its deadline is HOSTS_BUDGET_MS after its first
 * question. Lookups still running from earlier batches go on. */
void hosts_batch_begin(void);

/* Asks for a name without waiting for it (addr: 4 or 16 bytes). */
void hosts_want(enum host_kind kind, const uint8_t *addr);

/* The name, waiting for it until the batch's deadline: true and the name
 * in buf, or false (no name, or none in time: show the number). A lookup
 * that missed one deadline is not waited for again. */
bool hosts_get(enum host_kind kind, const uint8_t *addr, char *buf, size_t bufsz);

/* How many lookups of this batch were given up at its deadline. */
size_t hosts_batch_late(void);

/* At the end of the run: the helper ends (a lookup still waiting for an
 * answer with it) and is waited for. No lookup may be asked for after. */
void hosts_end(void);

#endif
