/* Socket filters (--port, --sport, --dport, --src, --dst, --state, --pid,
 * --program, --user): one tree, an AND of clauses (one per option) each an
 * OR of the values given to it. The backend may run the address and port
 * clauses in the kernel (filter_kernel_kinds); filter_match() evaluates
 * the whole tree, or what the kernel left, in user space. */
#ifndef NETSTAT_FILTER_FILTER_H
#define NETSTAT_FILTER_FILTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/sock.h"
#include "platform/platform.h"

enum filter_kind {
    FK_PORT,  /* the local or the remote port */
    FK_SPORT, /* the local port */
    FK_DPORT, /* the remote port */
    FK_SRC,   /* the local address, or a UNIX socket's path */
    FK_DST,   /* the remote address */
    FK_STATE,
    FK_PID,
    FK_PROGRAM,
    FK_USER,
    FK_COUNT
};

/* The clauses an inet_diag dump can evaluate. */
#define FILTER_KERNEL_KINDS                                                                        \
    ((1u << FK_PORT) | (1u << FK_SPORT) | (1u << FK_DPORT) | (1u << FK_SRC) | (1u << FK_DST))

struct filter_port {
    uint16_t lo, hi; /* inclusive */
};

struct filter_addr {
    enum sock_family fam; /* FAM_INET, FAM_INET6, or FAM_UNIX: a path pattern */
    struct sock_addr addr;
    uint8_t plen;        /* prefix length in bits */
    const char *pattern; /* FAM_UNIX: an fnmatch(3) pattern ('@' starts an abstract name) */
};

/* The states a --state clause takes, as a bit per state number of each
 * kind of socket: TCP, datagram (UDP, UDP-Lite, raw) and UNIX. */
struct filter_states {
    uint32_t tcp, dgram, unx;
};
#define FILTER_UNIX_LISTENING 31 /* the unx bit of a UNIX listener */

union filter_value {
    struct filter_port port;
    struct filter_addr addr;
    int pid;
    uint32_t uid;
    const char *name; /* --program: an fnmatch(3) pattern */
};

struct filter_clause {
    union filter_value *v; /* ORed; --state keeps its values in states */
    size_t n, cap;
    struct filter_states states;
};

struct filter {
    struct filter_clause c[FK_COUNT]; /* ANDed; a clause with n == 0 is absent */
    unsigned present;                 /* bit per kind given */
};

/* The option's name ("port", "src", ...) and its kind; -1 if none. */
int filter_kind_of(const char *option);
const char *filter_option_name(enum filter_kind k);

/* Adds one option's value: a comma-separated list. Strings point into
 * value, which must outlive the filter. Returns 0, or -1 with a message
 * (without the option's name) in err. */
int filter_add(struct filter *f, enum filter_kind k, const char *value, char *err, size_t errsz);
void filter_free(struct filter *f);

static inline bool filter_has(const struct filter *f, enum filter_kind k)
{
    return (f->present >> k) & 1u;
}

/* Whether matching needs each socket's owners (--pid, --program). */
static inline bool filter_needs_owners(const struct filter *f)
{
    return filter_has(f, FK_PID) || filter_has(f, FK_PROGRAM);
}

/* The states of one kind of socket a --state clause leaves, as a bit per
 * state number; every bit when there is no --state. */
uint32_t filter_states_of(const struct filter *f, enum sock_proto proto);

/* Whether socket s passes every clause but those in skip (a bit per
 * kind: what the kernel already evaluated). */
bool filter_match(const struct filter *f, const struct sock_rec *s, const struct owner *own,
                  size_t nown, unsigned skip);

/* Whether a port or an address value matches (the kernel's rules: an IPv4
 * prefix also matches IPv4-mapped IPv6 addresses). */
bool filter_port_in(const struct filter_port *p, uint16_t port);
bool filter_addr_in(const struct filter_addr *a, enum sock_family fam,
                    const struct sock_addr *addr);

#endif
