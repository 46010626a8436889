/* NETLINK_SOCK_DIAG dumps (inet_diag, unix_diag) through libmnl. */
#ifndef NETSTAT_SOCKDIAG_H
#define NETSTAT_SOCKDIAG_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/sock.h"

struct mnl_socket;
struct nlmsghdr;
struct nl_dump;
struct sock_detail;

/* Opens the diag socket; NULL with errno set on failure. */
struct mnl_socket *sockdiag_open(int nsfd);
void sockdiag_close(struct mnl_socket *nl);

/* Writes the dump request for one inet table into buf (at least
 * SOCKDIAG_REQ_SIZE bytes), with bytecode (diagbc.h; bclen 0: none) for
 * the kernel to run on each socket; NULL for a protocol the diag cannot
 * name. */
#define SOCKDIAG_REQ_SIZE (1024 + 8192)
struct nlmsghdr *sockdiag_inet_request(char *buf, enum sock_family fam, enum sock_proto proto,
                                       uint32_t states, bool want_info, unsigned detail,
                                       const void *bc, size_t bclen);

/* Reads one started inet dump (nl_dump_start) to its end, each record's
 * detail decoded when detail (DETAIL_* bits) is set. Returns 0, the
 * visitor's value, or -errno; -ENOENT means the kernel has no diag
 * handler for this protocol. */
int sockdiag_inet_run(struct nl_dump *dump, enum sock_proto proto, unsigned detail,
                      int (*fn)(const struct sock_rec *, void *), void *ctx);

/* SOCK_DESTROY of the socket s names (addresses, ports, device and
 * cookie, as a dump gave them), written into buf (SOCKDIAG_REQ_SIZE);
 * NULL for what the diag cannot destroy. */
struct nlmsghdr *sockdiag_destroy_request(char *buf, const struct sock_rec *s, uint32_t seq);

/* Destroys it and waits for the kernel's answer: 0, or -errno
 * (-EOPNOTSUPP: a kernel without CONFIG_INET_DIAG_DESTROY; -EPERM: not
 * CAP_NET_ADMIN; -ENOENT: gone already). */
int sockdiag_destroy(struct mnl_socket *nl, const struct sock_rec *s);

/* A socket subscribed to the kernel's socket destroy events (TCP and
 * UDP, both families) of namespace nsfd (-1: our own), or NULL with
 * errno set. */
struct mnl_socket *sockdiag_events_open(int nsfd);

/* Hands each destroy event in buf (n bytes of netlink messages, as
 * received) to fn as the record the socket had; stops at fn's non-zero
 * value and returns it, else 0. */
int sockdiag_events_decode(const void *buf, size_t n, int (*fn)(const struct sock_rec *, void *),
                           void *ctx);

/* Reads the events that have come, without waiting: 0 when none is
 * left, fn's non-zero value, or -errno. When the kernel dropped events
 * (the reader fell behind), fn is called with NULL. */
int sockdiag_events_read(struct mnl_socket *nl, int (*fn)(const struct sock_rec *, void *),
                         void *ctx);

/* Returned by sockdiag_unix() when some listener has connections not yet
 * accepted: those the diag cannot show, so the text source must serve. */
#define SOCKDIAG_UNIX_PENDING (-EXDEV)

/* The dump request for every UNIX socket, written into buf. */
struct nlmsghdr *sockdiag_unix_request(char *buf, unsigned detail);

/* Reads a started UNIX dump: every socket, streamed, with the reference
 * count derived from peers, which a first, small dump on nl (a socket the
 * started dump does not use) counts. With exact, returns
 * SOCKDIAG_UNIX_PENDING (before visiting anything) when the dump cannot
 * show every socket; without, lists what it can. */
int sockdiag_unix_run(struct mnl_socket *nl, struct nl_dump *dump, bool exact, unsigned detail,
                      int (*fn)(const struct sock_rec *, void *), void *ctx);

/* Decodes one inet_diag reply message into a record (fuzzed), and with
 * detail non-NULL what it tells beyond the columns into *detail, which
 * out->detail then points at. Returns 0 or -1 when the message is
 * malformed. */
int sockdiag_parse_inet(const void *msg, size_t len, enum sock_proto proto, struct sock_rec *out,
                        struct sock_detail *detail);

/* Decodes one unix_diag reply; out->path points into msg. */
int sockdiag_parse_unix(const void *msg, size_t len, struct sock_rec *out,
                        struct sock_detail *detail);

#endif
