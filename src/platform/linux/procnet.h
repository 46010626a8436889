/* Parsers for the /proc/net socket tables. Pure functions: one line in,
 * one record out, so they are unit-tested and fuzzed on their own. */
#ifndef NETSTAT_PROCNET_H
#define NETSTAT_PROCNET_H

#include <stddef.h>

#include "model/sock.h"

enum procnet_result {
    PROCNET_OK = 0,
    PROCNET_SKIP = 1, /* header line */
    PROCNET_BAD = -1, /* malformed line */
};

/* For the file readers: true when a parse result carries a record; counts
 * a malformed line in *bad. */
static inline int procnet_keep(int pr, unsigned *bad)
{
    if (pr == PROCNET_BAD && bad)
        (*bad)++;
    return pr == PROCNET_OK;
}

/* tcp, tcp6, udp, udp6, udplite, udplite6, raw, raw6. */
int procnet_parse_inet(const char *line, size_t len, enum sock_family fam, enum sock_proto proto,
                       struct sock_rec *out);

/* /proc/net/unix. out->path points into line. */
int procnet_parse_unix(const char *line, size_t len, struct sock_rec *out);

/* Reads a whole file and calls fn per record; malformed lines are counted
 * in *bad. Returns 0, the visitor's value, or -errno (-ENOENT: no file). */
int procnet_read(const char *path, enum sock_family fam, enum sock_proto proto,
                 int (*fn)(const struct sock_rec *, void *), void *ctx, unsigned *bad);

/* The same over an open descriptor, which it closes. */
int procnet_read_fd(int fd, enum sock_family fam, enum sock_proto proto,
                    int (*fn)(const struct sock_rec *, void *), void *ctx, unsigned *bad);

#endif
