/* Who can reach a listening socket, read from the kernel's facts (the
 * bound address, IPV6_V6ONLY, the bound device) and the machine's own
 * addresses, never guessed from notation. One socket at a time
 * (reach_socket), then the sockets of one port together (reach_group). */
#ifndef NETSTAT_EXPLAIN_REACH_H
#define NETSTAT_EXPLAIN_REACH_H

#include <stdbool.h>
#include <stddef.h>

#include "model/link.h"
#include "model/sock.h"

enum reach_kind {
    REACH_ALL,      /* every address of the machine, in the families below */
    REACH_LOOPBACK, /* this machine only */
    REACH_NETWORK,  /* one address: hosts that reach it, on its interface's network */
    REACH_LINK,     /* a link-local address: only that link */
    REACH_NOWHERE,  /* an address the machine does not have: nobody, yet */
    REACH_UNKNOWN,  /* the source did not say (IPV6_V6ONLY unknown) */
};

struct reach {
    enum reach_kind kind;
    bool v4, v6;          /* which clients: IPv4, IPv6 */
    bool dual_stack;      /* one IPv6 socket that takes IPv4 too */
    uint32_t device;      /* bound to this interface only (0: any) */
    struct iface_addr at; /* REACH_NETWORK/LINK: the address and its prefix */
};

/* An IPv4 address inside an IPv6 one (::ffff:a.b.c.d) as plain IPv4;
 * any other address as it is. Returns the family of *out. */
enum sock_family reach_unmap(enum sock_family fam, const struct sock_addr *in,
                             struct sock_addr *out);

/* One listening socket. addrs: every address of the machine. */
void reach_socket(const struct sock_rec *s, const struct iface_addr *addrs, size_t n,
                  struct reach *out);

/* The verdict for the sockets of one port and protocol together. */
enum group_kind {
    GROUP_ALL_BOTH,    /* every address, IPv4 and IPv6 */
    GROUP_ALL_V6_ONLY, /* every IPv6 address; IPv4 clients cannot connect */
    GROUP_ALL_V4_ONLY, /* every IPv4 address; IPv6 clients cannot connect */
    GROUP_LOOPBACK,    /* this machine only */
    GROUP_SPECIFIC,    /* some addresses: see each socket */
    GROUP_NOWHERE,     /* nothing that can be reached */
    GROUP_UNKNOWN,
};

struct group_reach {
    enum group_kind kind;
    bool dual_stack_socket;        /* GROUP_ALL_BOTH through one dual-stack socket */
    bool loopback_v4, loopback_v6; /* also (or only) on loopback */
};

void reach_group(const struct reach *r, size_t n, struct group_reach *out);

#endif
