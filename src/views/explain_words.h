/* --explain's words: the verdicts, notations and lists it prints, read
 * from the facts of one namespace (struct explain_ctx). */
#ifndef NETSTAT_VIEWS_EXPLAIN_WORDS_H
#define NETSTAT_VIEWS_EXPLAIN_WORDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "cli/options.h"
#include "explain/reach.h"
#include "platform/platform.h"
#include "render/json.h"
#include "resolve/names.h"
#include "views/own.h"

struct explain_vec {
    void *v;
    size_t n, cap, elem;
};

struct fw_facts;
struct pub_list;

struct explain_ctx {
    const struct options *o;
    FILE *out;
    bool query; /* one port or address was asked about: say how to connect */
    struct explain_vec addrs, links, socks;
    struct owners *owners;
    bool owners_complete;
    struct names *names;
    struct json j;
    /* with --netns: the namespace read now, and its escaped label */
    const struct netns *ns;
    const char *ns_label;
    struct platform *reading; /* the backend whose table is being read */
    struct own_socks own;     /* netstat's own sockets, left out */
    struct fw_facts *fw;      /* the firewall of the namespace read now */
    struct pub_list *pubs;    /* published ports shown, every namespace's */
};

/* Of the namespace p reads: its addresses, links and the listeners the
 * options and filters select, into c (views/explain.c). 0 or -errno. */
int explain_gather(struct explain_ctx *c, struct platform *p);

/* A namespace other than the host's: loopback there is not the machine's. */
bool explain_foreign(const struct explain_ctx *c);

/* The host name of a socket's address, or NULL (-n, a wildcard, none). */
const char *explain_host_name(const struct explain_ctx *c, const struct sock_rec *s);

/* An interface's name in the namespace read, or NULL. */
const char *explain_link_name(const struct explain_ctx *c, uint32_t ifindex);

/* "0.0.0.0", "[::]", "[fe80::1%eth0]": as one writes them with a port. */
void explain_notation(const struct explain_ctx *c, const struct sock_rec *s, char *buf, size_t n);

/* One socket's reach, for a person. */
void explain_socket_words(const struct explain_ctx *c, const struct reach *r, char *buf, size_t n);

/* The verdict for a port, in the namespace read now (buf may hold it). */
const char *explain_group_text(const struct explain_ctx *c, const struct group_reach *g, char *buf,
                               size_t n);

/* The JSON keys of the verdicts. */
const char *explain_group_key(enum group_kind k);
const char *explain_reach_key(enum reach_kind k);

/* The interfaces up that reach a wildcard listener, "eth0 (192.0.2.1/24)"
 * each; *outside is set when one is not loopback. Returns how many. */
size_t explain_through(const struct explain_ctx *c, const struct reach *r, size_t n,
                       char list[][256], size_t max, bool *outside);

/* The programs holding a port's sockets, once each: "sshd (pid 612)". */
void explain_programs(const struct explain_ctx *c, const struct sock_rec *s, size_t n, char *buf,
                      size_t len);

/* The userland proxy of a container runtime holding these sockets
 * ("docker-proxy"), or NULL. */
const char *explain_proxy(const struct explain_ctx *c, const struct sock_rec *s, size_t n);

/* Addresses a client can dial to reach these sockets. */
void explain_connect_list(const struct explain_ctx *c, const struct sock_rec *s,
                          const struct reach *r, size_t n, char list[][80], size_t *count,
                          size_t max);

#endif
