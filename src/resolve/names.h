/* Host, service and user names, resolved the way net-tools resolves them
 * so the text output matches. Host names are cached for the whole run;
 * each names_new() starts a batch with its own deadline. */
#ifndef NETSTAT_RESOLVE_NAMES_H
#define NETSTAT_RESOLVE_NAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/sock.h"

struct names;

struct names *names_new(void);
void names_free(struct names *n);

/* Address text: numeric, or a name (IPv4 wildcard stays "0.0.0.0", the
 * IPv6 one becomes "[::]", a v4-mapped IPv6 address is shown as IPv4, as
 * net-tools prints them). The result lives
 * until the next call. */
const char *names_host(struct names *n, enum sock_family fam, const struct sock_addr *a,
                       bool numeric);

/* Starts the lookup names_host() would make for an address, without
 * waiting: a listing asks for every address first, so they resolve in
 * parallel under one deadline (resolve/hosts.h). */
void names_want(enum sock_family fam, const struct sock_addr *a);

/* How many host lookups since names_new() gave no answer in time (their
 * addresses were shown as numbers). */
size_t names_late(void);

/* Starts the process host names are looked up in (hosts_start). Before
 * any thread; without it, hosts are shown as numbers. */
void names_start(void);

/* At the end of the run: the lookups end. */
void names_end(void);

/* A route's IPv4 destination or gateway as net-tools' route table shows
 * it: "default" for 0.0.0.0 when want_default and resolving, else a host
 * name (host routes, gateways, addresses with host bits set in mask) or a
 * network name from /etc/networks, else the number. */
const char *names_route(struct names *n, const struct sock_addr *a, const struct sock_addr *mask,
                        bool host, bool want_default, bool numeric);

/* Port text: "*" for 0, the /etc/services name (or /etc/protocols for
 * "raw"), else the number. proto is "tcp", "udp" or "raw". The result lives
 * in its own buffer: a names_host() result stays valid across this call. */
const char *names_service(struct names *n, uint16_t port, const char *proto, bool numeric);

/* User name, or the number when numeric or unknown. */
const char *names_user(struct names *n, uint32_t uid, bool numeric);

/* The addresses of a host name, both families, each once, at most max:
 * how many (0 when it does not resolve). */
size_t names_lookup(const char *name, enum sock_family *fam, struct sock_addr *addr, size_t max);

#endif
