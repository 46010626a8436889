/* Loads owners.bpf.c's light skeleton (the kernel relocates it against
 * its own BTF), attaches it as an iterator, and reads its records. */
#include "platform/linux/owners_bpf.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/bpf.h>

#include "owners.lskel.h"
#include "util/grow.h"

const int owners_bpf_built = 1;

static int iter_create(int link)
{
    union bpf_attr a;
    memset(&a, 0, sizeof(a));
    a.iter_create.link_fd = (uint32_t)link;
    return (int)syscall(__NR_bpf, BPF_ITER_CREATE, &a, sizeof(a.iter_create));
}

int owners_bpf_read(struct owners_rec **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    struct owners_bpf *skel = owners_bpf__open();
    if (!skel)
        return -ENOMEM;
    int rc = owners_bpf__load(skel);
    if (rc == 0)
        rc = owners_bpf__attach(skel);
    int fd = rc == 0 ? iter_create(skel->links.socket_fds_fd) : -1;
    if (rc == 0 && fd < 0)
        rc = -errno;
    else if (rc > 0)
        rc = -rc;
    if (rc < 0) {
        if (rc == -1)
            rc = errno ? -errno : -EPERM;
        owners_bpf__destroy(skel);
        return rc;
    }
    /* The records arrive in whole reads; one read can hold many. */
    struct owners_rec *v = NULL;
    size_t cap = 0, bytes = 0;
    for (;;) {
        if (grow((void **)&v, &cap, bytes / sizeof(*v) + 4096, sizeof(*v)) < 0) {
            rc = -ENOMEM;
            break;
        }
        ssize_t got = read(fd, (char *)v + bytes, cap * sizeof(*v) - bytes);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            rc = -errno;
            break;
        }
        if (got == 0)
            break;
        bytes += (size_t)got;
    }
    close(fd);
    owners_bpf__destroy(skel);
    if (rc < 0 || bytes % sizeof(*v)) {
        free(v);
        return rc < 0 ? rc : -EBADMSG;
    }
    *out = v;
    *n = bytes / sizeof(*v);
    return 0;
}
