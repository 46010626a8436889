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

/* Runs the iterator, handing its records to take as they come (buf holds
 * len bytes; take returns how many it used, whole records, or -errno to
 * stop). The kernel's order: tgid ascending, then fd. 0, or -errno:
 * -ENOSYS (a build without the source), -EPERM (not privileged: no
 * CAP_BPF and CAP_PERFMON), what the kernel said when it refused the
 * program (an old kernel, no BTF), take's error, -EBADMSG (a cut record). */
int owners_bpf_read(long (*take)(const void *buf, size_t len, void *ctx), void *ctx);

#endif
