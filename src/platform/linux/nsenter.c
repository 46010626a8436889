#include "platform/linux/nsenter.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <unistd.h>

struct job {
    int nsfd;
    int (*fn)(void *);
    void *arg;
    int rc;
};

static void *job_main(void *p)
{
    struct job *j = p;
    /* Only this thread moves; it ends in the namespace it entered. */
    if (setns(j->nsfd, CLONE_NEWNET) < 0)
        j->rc = -errno;
    else
        j->rc = j->fn(j->arg);
    return NULL;
}

int ns_run(int nsfd, int (*fn)(void *), void *arg)
{
    struct job j = {nsfd, fn, arg, 0};
    pthread_t t;
    int e = pthread_create(&t, NULL, job_main, &j);
    if (e)
        return -e;
    pthread_join(t, NULL);
    return j.rc;
}

struct mnl_open {
    int bus;
    struct mnl_socket **nl;
    int n;
};

static int mnl_open_here(void *p)
{
    struct mnl_open *m = p;
    for (int i = 0; i < m->n; i++) {
        int e = 0;
        m->nl[i] = mnl_socket_open2(m->bus, SOCK_CLOEXEC);
        if (!m->nl[i])
            e = errno;
        else if (mnl_socket_bind(m->nl[i], 0, MNL_SOCKET_AUTOPID) < 0)
            e = errno, mnl_socket_close(m->nl[i]);
        if (e) {
            while (i-- > 0)
                mnl_socket_close(m->nl[i]);
            return -e;
        }
    }
    return 0;
}

int ns_mnl_open_n(int nsfd, int bus, struct mnl_socket **out, int n)
{
    struct mnl_open m = {bus, out, n};
    return nsfd < 0 ? mnl_open_here(&m) : ns_run(nsfd, mnl_open_here, &m);
}

struct mnl_socket *ns_mnl_open(int nsfd, int bus)
{
    struct mnl_socket *nl = NULL;
    int rc = ns_mnl_open_n(nsfd, bus, &nl, 1);
    if (rc < 0) {
        errno = -rc;
        return NULL;
    }
    return nl;
}

struct file_open {
    const char *leaf;
    int fd;
};

/* /proc/thread-self, not /proc/self: /proc/self/net is the namespace of
 * the process's first thread, not of the thread that opens it. */
static int file_open_here(void *p)
{
    struct file_open *f = p;
    char path[256];
    if ((size_t)snprintf(path, sizeof(path), "/proc/thread-self/net/%s", f->leaf) >= sizeof(path))
        return -ENAMETOOLONG;
    f->fd = open(path, O_RDONLY | O_CLOEXEC);
    return f->fd < 0 ? -errno : 0;
}

int ns_open_net_file(int nsfd, const char *leaf)
{
    struct file_open f = {leaf, -1};
    int rc = nsfd < 0 ? file_open_here(&f) : ns_run(nsfd, file_open_here, &f);
    return rc < 0 ? rc : f.fd;
}
