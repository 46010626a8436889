/* The eBPF owners source (owners.bpf.c): every socket fd of every process
 * in one pass of the kernel's, for the owner scan (owners.c) to take
 * instead of reading /proc/<pid>/fd. */
#ifndef NETSTAT_PLATFORM_LINUX_OWNERS_BPF_H
#define NETSTAT_PLATFORM_LINUX_OWNERS_BPF_H

#include <stddef.h>
#include <stdint.h>

/* As the program writes it. */
struct owners_rec {
    uint32_t tgid; /* in the initial pid namespace */
    uint32_t fd;
    uint64_t inode;
};

/* Whether this build has the source. */
extern const int owners_bpf_built;

/* The records, in the kernel's order (tgid ascending, then fd): 0 and
 * *out (free it) holding *n, or -errno: -ENOSYS (a build without the
 * source), -EPERM (not privileged: no CAP_BPF and CAP_PERFMON), or what
 * the kernel said when it refused the program (an old kernel, no BTF). */
int owners_bpf_read(struct owners_rec **out, size_t *n);

#endif
