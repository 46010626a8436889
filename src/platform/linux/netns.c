/* Network namespaces on Linux: found through every process's
 * /proc/<pid>/ns/net and the bind mounts `ip netns` keeps in /run/netns,
 * told apart by nsfs inode, labelled from the names and from the owning
 * process's control groups. */
#include "platform/platform.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/nsfs.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "platform/linux/cgroup.h"
#include "util/grow.h"

#define NETNS_RUN_DIR     "/run/netns"
#define NSFS_MAGIC_NUMBER 0x6e736673

struct scan {
    struct netns_list *l;
    size_t cap;
    uint64_t host, own; /* inodes; 0 when unknown */
    uint64_t only;      /* one namespace asked for (its inode), or 0 */
};

static struct netns *find(struct netns_list *l, uint64_t inode)
{
    for (size_t i = 0; i < l->n; i++)
        if (l->v[i].inode == inode)
            return &l->v[i];
    return NULL;
}

static int add(struct scan *s, uint64_t inode, int fd, int pid, const char *path)
{
    struct netns_list *l = s->l;
    if (grow((void **)&l->v, &s->cap, l->n + 1, sizeof(*l->v)) < 0)
        return -ENOMEM;
    struct netns *ns = &l->v[l->n];
    memset(ns, 0, sizeof(*ns));
    ns->path = strdup(path);
    if (!ns->path)
        return -ENOMEM;
    ns->inode = inode;
    ns->fd = fd;
    ns->pid = pid;
    ns->host = inode == s->host;
    ns->own = inode == s->own;
    l->n++;
    return 0;
}

/* Whether fd is a network namespace (nsfs, and of the network type). */
static bool is_netns(int fd)
{
    struct statfs sf;
    if (fstatfs(fd, &sf) < 0 || sf.f_type != NSFS_MAGIC_NUMBER)
        return false;
    int type = ioctl(fd, NS_GET_NSTYPE);
    return type < 0 || type == CLONE_NEWNET; /* kernels before 4.11 cannot say */
}

/* Opens path as a namespace handle: its inode and a descriptor. */
static int open_ns(const char *path, uint64_t *inode)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    struct stat st;
    if (!is_netns(fd) || fstat(fd, &st) < 0) {
        close(fd);
        return -EINVAL;
    }
    *inode = (uint64_t)st.st_ino;
    return fd;
}

static uint64_t inode_of(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (uint64_t)st.st_ino : 0;
}

/* The host's namespace: process 1's; when process 1 cannot be looked at
 * (a sandbox's init may hide itself), kthreadd's: kernel threads live in
 * the initial namespace. */
static uint64_t host_inode(void)
{
    uint64_t ino = inode_of("/proc/1/ns/net");
    if (ino)
        return ino;
    char comm[32] = "";
    FILE *f = fopen("/proc/2/comm", "re");
    if (f) {
        if (!fgets(comm, sizeof(comm), f))
            comm[0] = '\0';
        fclose(f);
    }
    return strcmp(comm, "kthreadd\n") == 0 ? inode_of("/proc/2/ns/net") : 0;
}

/* Every process: the namespaces not seen yet, each with its first pid.
 * This process is passed over, as its pid names nothing once it exits (and
 * after the pids wrap it would be the lowest): it labels its namespace
 * only when it is alone there. */
static int scan_processes(struct scan *s)
{
    DIR *d = opendir("/proc");
    if (!d)
        return -errno;
    int dfd = dirfd(d);
    struct dirent *e;
    int rc = 0;
    long self = (long)getpid();
    while (rc == 0 && (e = readdir(d)) != NULL) {
        char *end;
        long pid = strtol(e->d_name, &end, 10);
        if (*end || pid <= 0 || e->d_name[0] == '0' || pid == self)
            continue;
        char path[64];
        snprintf(path, sizeof(path), "%ld/ns/net", pid);
        struct stat st;
        if (fstatat(dfd, path, &st, 0) < 0) {
            if (errno == EACCES || errno == EPERM)
                s->l->unseen++;
            continue; /* ENOENT: the process ended */
        }
        if ((s->only && st.st_ino != s->only) || find(s->l, (uint64_t)st.st_ino))
            continue;
        int fd = openat(dfd, path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            continue;
        /* The handle decides: the pid may have been reused meanwhile. */
        if (fstat(fd, &st) < 0 || (s->only && st.st_ino != s->only) ||
            find(s->l, (uint64_t)st.st_ino)) {
            close(fd);
            continue;
        }
        snprintf(path, sizeof(path), "/proc/%ld/ns/net", pid);
        rc = add(s, (uint64_t)st.st_ino, fd, (int)pid, path);
        if (rc < 0)
            close(fd);
    }
    closedir(d);
    if (rc == 0 && s->own && (!s->only || s->only == s->own) && !find(s->l, s->own)) {
        char path[64];
        snprintf(path, sizeof(path), "/proc/%ld/ns/net", self);
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd >= 0) {
            rc = add(s, s->own, fd, (int)self, path);
            if (rc < 0)
                close(fd);
        }
    }
    return rc;
}

/* The `ip netns` names: a name for a namespace seen, or a namespace no
 * process is in. Several names for one namespace: the first in byte order. */
static int scan_names(struct scan *s)
{
    DIR *d = opendir(NETNS_RUN_DIR);
    if (!d)
        return 0; /* no names: nothing to add */
    struct dirent *e;
    int rc = 0;
    while (rc == 0 && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.' && (!e->d_name[1] || (e->d_name[1] == '.' && !e->d_name[2])))
            continue;
        char path[sizeof(NETNS_RUN_DIR) + 256 + 1];
        snprintf(path, sizeof(path), "%s/%s", NETNS_RUN_DIR, e->d_name);
        uint64_t inode;
        int fd = open_ns(path, &inode);
        if (fd < 0)
            continue; /* not mounted (a stale name), or not allowed */
        if (s->only && inode != s->only) {
            close(fd);
            continue;
        }
        struct netns *ns = find(s->l, inode);
        if (!ns) {
            rc = add(s, inode, fd, 0, path);
            if (rc < 0) {
                close(fd);
                break;
            }
            ns = &s->l->v[s->l->n - 1];
        } else {
            close(fd);
        }
        if (!ns->name || strcmp(e->d_name, ns->name) < 0) {
            char *name = strdup(e->d_name);
            if (!name) {
                rc = -ENOMEM;
                break;
            }
            free(ns->name);
            ns->name = name;
        }
    }
    closedir(d);
    return rc;
}

/* The container the first process of ns runs in, from its cgroup file. */
static void find_container(struct netns *ns)
{
    char path[64], buf[8192];
    snprintf(path, sizeof(path), "/proc/%d/cgroup", ns->pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return;
    size_t len = 0;
    ssize_t n;
    while (len < sizeof(buf) && (n = read(fd, buf + len, sizeof(buf) - len)) > 0)
        len += (size_t)n;
    close(fd);
    cgroup_container(buf, len, &ns->container);
}

/* The inode spec names, and the pid it names (0 when not a pid). */
static int resolve_spec(const char *spec, uint64_t *inode, int *pid, int *fd)
{
    char path[sizeof(NETNS_RUN_DIR) + 256 + 1];
    *pid = 0;
    if (!*spec)
        return -ENOENT;
    if (strchr(spec, '/')) {
        int f = open_ns(spec, inode);
        if (f < 0)
            return f;
        *fd = f;
        return 0;
    }
    if (strlen(spec) <= 255 && strcmp(spec, ".") && strcmp(spec, "..")) {
        snprintf(path, sizeof(path), "%s/%s", NETNS_RUN_DIR, spec);
        int f = open_ns(path, inode);
        if (f >= 0) {
            *fd = f;
            return 0;
        }
        if (f != -ENOENT && f != -EINVAL)
            return f;
    }
    char *end;
    errno = 0;
    long v = strtol(spec, &end, 10);
    if (*end || spec[0] < '0' || spec[0] > '9' || v <= 0 || v > 0x3fffffff || errno)
        return -ENOENT;
    snprintf(path, sizeof(path), "/proc/%ld/ns/net", v);
    int f = open(path, O_RDONLY | O_CLOEXEC);
    if (f < 0)
        return errno == ENOENT ? -ESRCH : -errno;
    struct stat st;
    if (fstat(f, &st) < 0) {
        int e = errno;
        close(f);
        return -e;
    }
    *inode = (uint64_t)st.st_ino;
    *pid = (int)v;
    *fd = f;
    return 0;
}

static void drop(struct netns *ns)
{
    if (ns->fd >= 0)
        close(ns->fd);
    free(ns->name);
    free(ns->path);
}

int platform_netns_list(const char *spec, struct netns_list *out)
{
    memset(out, 0, sizeof(*out));
    bool all = !spec || strcmp(spec, "all") == 0;
    struct scan s = {out, 0, host_inode(), inode_of("/proc/self/ns/net"), 0};
    int want_pid = 0, want_fd = -1;
    if (!all) {
        int rc = resolve_spec(spec, &s.only, &want_pid, &want_fd);
        if (rc < 0)
            return rc;
    }
    /* One namespace asked for: the same walk finds only its first process
     * and names; without either, it is known by the path spec opened. */
    int rc = scan_processes(&s);
    if (rc == 0)
        rc = scan_names(&s);
    if (rc == 0 && !all && out->n == 0)
        rc = add(&s, s.only, -1, want_pid, spec);
    if (rc == 0 && !all) {
        struct netns *ns = &out->v[0];
        if (ns->fd >= 0)
            close(ns->fd);
        ns->fd = want_fd; /* the handle spec opened */
        want_fd = -1;
        if (want_pid) /* the process named is the one shown */
            ns->pid = want_pid;
    }
    if (want_fd >= 0)
        close(want_fd);
    if (rc < 0) {
        platform_netns_list_free(out);
        return rc;
    }
    for (size_t i = 0; i < out->n; i++) {
        struct netns *ns = &out->v[i];
        if (!ns->host && !ns->name && ns->pid > 0)
            find_container(ns);
        netns_label(ns);
    }
    qsort(out->v, out->n, sizeof(*out->v), netns_order);
    out->all = all;
    return 0;
}

void platform_netns_list_free(struct netns_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        drop(&l->v[i]);
    free(l->v);
    memset(l, 0, sizeof(*l));
}

int platform_enter_netns(const struct netns *ns)
{
    if (ns->own)
        return 0;
    return setns(ns->fd, CLONE_NEWNET) < 0 ? -errno : 0;
}
