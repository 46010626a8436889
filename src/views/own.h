/* netstat's own sockets, left out of every listing: what the name
 * lookups' process holds while a table is read. (netstat itself holds
 * none a listing shows: its netlink sockets are not listed, and it
 * looks nothing up while a table is read.) */
#ifndef NETSTAT_VIEWS_OWN_H
#define NETSTAT_VIEWS_OWN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct own_socks {
    uint64_t *v; /* socket inodes, sorted */
    size_t n, cap;
    bool paused;
};

/* Before a socket table is read: the lookups hold still (no socket of
 * theirs comes or goes until own_end), and the sockets their process
 * holds are listed. Where they cannot be read (no /proc) none are known;
 * without the process (-n) this costs nothing. */
void own_begin(struct own_socks *o);
/* After the table is read whole: the lookups go on. */
void own_end(struct own_socks *o);
bool own_has(const struct own_socks *o, uint64_t inode);
void own_free(struct own_socks *o);

#endif
