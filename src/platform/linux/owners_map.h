/* The owners' map: socket inode -> every (process, fd) that holds it, in
 * the order they were added (the scan's order, so the first owner is the
 * one net-tools shows). Both sources fill it: the /proc scan (owners.c)
 * entry by entry, the eBPF iterator with its raw records. */
#ifndef NETSTAT_PLATFORM_LINUX_OWNERS_MAP_H
#define NETSTAT_PLATFORM_LINUX_OWNERS_MAP_H

#include <stddef.h>
#include <stdint.h>

/* One held socket fd. Open addressing with linear probing, duplicates
 * kept: an inode's entries lie along its probe sequence in the order they
 * were added. inode 0 marks a free slot (no socket has inode 0). Socket
 * inodes are 32 bits (get_next_ino; sock_diag's idiag_inode is __u32):
 * wider ones are never added, never found. */
struct owner_slot {
    uint32_t inode;
    uint32_t proc; /* index into procs */
    int32_t fd;
};

/* A process that holds sockets; its name is read when first asked for. */
struct owner_proc {
    int pid;
    int state; /* 0 unread, 1 named, -1 unreadable (gone since) */
    char *name;
};

struct owners_map {
    struct owner_slot *slots;
    size_t mask, n; /* n: entries */
    struct owner_proc *procs;
    size_t n_procs, cap_procs;
};

/* Room for about n entries before the first growth: 0 or -ENOMEM. */
int owners_map_reserve(struct owners_map *m, size_t n);

/* A new process; its index, or -ENOMEM. */
long owners_map_proc(struct owners_map *m, int pid);

/* One entry for the process at index proc: 0 or -ENOMEM. */
int owners_map_add(struct owners_map *m, uint64_t inode, uint32_t proc, int32_t fd);

/* The eBPF iterator's records (struct owners_rec: tgid, fd, inode, native
 * byte order), as many whole ones as len holds: a process per run of one
 * tgid, self's left out. Returns the bytes taken (a partial record at the
 * end is left for the next call), or -ENOMEM. */
long owners_map_records(struct owners_map *m, const void *buf, size_t len, uint32_t self);

/* The slot of inode's first entry, or SIZE_MAX; then each next one. */
size_t owners_map_first(const struct owners_map *m, uint64_t inode);
size_t owners_map_next(const struct owners_map *m, size_t at);

void owners_map_free(struct owners_map *m);

#endif
