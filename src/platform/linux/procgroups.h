/* Parsers for /proc/net/igmp and /proc/net/igmp6 (pure, fuzzed). */
#ifndef NETSTAT_PROCGROUPS_H
#define NETSTAT_PROCGROUPS_H

#include <stddef.h>

#include "model/group.h"
#include "platform/linux/procnet.h"

/* /proc/net/igmp is stateful: a device line, then its group lines. */
struct igmp_state {
    char ifname[16];
    uint32_t ifindex;
    int have_device;
};

/* Returns PROCNET_OK with *out filled for a group line, PROCNET_SKIP for
 * the header and device lines, PROCNET_BAD for anything else. */
int procgroups_parse_igmp(const char *line, size_t len, struct igmp_state *st,
                          struct group_rec *out);
int procgroups_parse_igmp6(const char *line, size_t len, struct group_rec *out);

/* Reads one file; bad lines are counted in *bad. 0, the visitor's value,
 * or -errno (-ENOENT: no such file). */
int procgroups_read(const char *path, enum sock_family fam,
                    int (*fn)(const struct group_rec *, void *), void *ctx, unsigned *bad);

#endif
