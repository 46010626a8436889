/* Socket owners from one scan of /proc/<pid>/fd: directory fds and
 * readlinkat, no path building, linear in the number of fds, spread over
 * the CPUs this process may run on.
 *
 * Work comes in items. A small process is one item, read with getdents.
 * A big process with a dense fd table (most of its FDSize slots in use,
 * as on a busy server) is cut into ranges of fd numbers that any thread
 * probes with readlinkat directly: no getdents, and one process's
 * hundred thousand fds are shared out. Items are merged back in scan
 * order, so the first owner of a socket is the one net-tools shows. */
#include "platform/platform.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "platform/linux/owners_bpf.h"
#include "platform/linux/owners_map.h"
#include "util/grow.h"

#define BIG_PROC     2048 /* fds from which a process is cut into ranges */
#define RANGE        1024 /* fd numbers per range */
#define MAX_THREADS  8
#define WORKER_STACK (256 * 1024)

struct owners {
    struct owners_map m;
    int procfd;         /* /proc, for the names read when first asked for */
    const char *source; /* "bpf" or "proc" */
};

/* ---- the scan ---- */

struct found {
    uint64_t inode;
    int32_t fd;
};

/* One process as the scan sees it. */
struct scan_proc {
    int pid;
    int dirfd;  /* its fd directory while ranges are pending, else -1 */
    int fdsize; /* fd numbers to probe, for a big process */
};

/* A unit of work and, once done, what it found. */
struct item {
    uint32_t proc; /* index into scan.procs */
    int lo, hi;    /* fd range; hi < 0: the whole directory */
    struct found *f;
    size_t n, cap;
};

struct scan {
    int procfd;
    struct scan_proc *procs;
    size_t n_procs;
    struct item *items;
    size_t n_items, cap_items;
    pthread_mutex_t mu; /* items */
    size_t next;        /* next proc (phase one) or item (phase two) to take */
    size_t phase_end;
    bool denied;
    int err;
};

/* "socket:[12345]" or "[0000]:12345" (old kernels). */
static int socket_inode(const char *l, size_t n, uint64_t *inode)
{
    const char *p, *e;
    if (n > 9 && memcmp(l, "socket:[", 8) == 0 && l[n - 1] == ']') {
        p = l + 8;
        e = l + n - 1;
    } else if (n > 7 && memcmp(l, "[0000]:", 7) == 0) {
        p = l + 7;
        e = l + n;
    } else {
        return -1;
    }
    uint64_t v = 0;
    if (p == e)
        return -1;
    for (; p < e; p++) {
        if (*p < '0' || *p > '9' || v > (UINT64_MAX - (uint64_t)(*p - '0')) / 10)
            return -1;
        v = v * 10 + (uint64_t)(*p - '0');
    }
    *inode = v;
    return 0;
}

/* Opens /proc/<pid>/<leaf> relative to the /proc directory fd. */
static int open_proc_file(int procfd, int pid, const char *leaf, int flags)
{
    char path[64];
    snprintf(path, sizeof(path), "%d/%s", pid, leaf);
    return openat(procfd, path, flags | O_CLOEXEC);
}

/* The start of /proc/<pid>/<leaf> as a string: its length, or -1. */
static ssize_t read_proc_file(int procfd, int pid, const char *leaf, char *buf, size_t size)
{
    int fd = open_proc_file(procfd, pid, leaf, O_RDONLY);
    if (fd < 0)
        return -1;
    ssize_t n = read(fd, buf, size - 1);
    close(fd);
    if (n < 0)
        return -1;
    buf[n] = '\0';
    return n;
}

/* The program name net-tools shows: argv[0], reduced to its base name
 * when it is an absolute path. A process whose command line is empty (one
 * that is exiting, having let go of its memory but not yet of its files,
 * or one that blanked it) gets its kernel name, as ps shows it, where
 * net-tools prints nothing after the slash. */
static int read_name(int procfd, int pid, char *out, size_t outsz)
{
    char buf[512];
    ssize_t n = read_proc_file(procfd, pid, "cmdline", buf, sizeof(buf));
    if (n < 0)
        return -1;
    if (buf[0] == '\0') {
        n = read_proc_file(procfd, pid, "comm", buf, sizeof(buf));
        if (n <= 0)
            return -1;
        if (buf[n - 1] == '\n')
            buf[n - 1] = '\0';
    }
    const char *name = buf;
    if (buf[0] == '/') {
        const char *slash = strrchr(buf, '/');
        name = slash + 1;
    }
    size_t len = strlen(name);
    if (len >= outsz)
        len = outsz - 1;
    memcpy(out, name, len);
    out[len] = '\0';
    return 0;
}

/* Reads one fd link; keeps it when it is a socket. 0, or -ENOMEM. */
static int probe(struct item *it, int dirfd, const char *name, int fd)
{
    char l[64];
    ssize_t n = readlinkat(dirfd, name, l, sizeof(l) - 1);
    uint64_t inode;
    if (n <= 0 || socket_inode(l, (size_t)n, &inode) < 0)
        return 0;
    if (grow((void **)&it->f, &it->cap, it->n + 1, sizeof(*it->f)) < 0)
        return -ENOMEM;
    it->f[it->n++] = (struct found){inode, fd};
    return 0;
}

/* A whole fd directory, in the kernel's order (ascending fd numbers). */
static int scan_dir(struct item *it, int dirfd)
{
    int dup_fd = dup(dirfd);
    DIR *d = dup_fd >= 0 ? fdopendir(dup_fd) : NULL;
    if (!d) {
        if (dup_fd >= 0)
            close(dup_fd);
        return 0;
    }
    int rc = 0;
    struct dirent *de;
    while (!rc && (de = readdir(d))) {
        if (de->d_name[0] < '0' || de->d_name[0] > '9')
            continue;
        rc = probe(it, dirfd, de->d_name, atoi(de->d_name));
    }
    closedir(d);
    return rc;
}

/* A range of fd numbers, each tried directly. */
static int scan_range(struct item *it, int dirfd)
{
    int rc = 0;
    for (int fd = it->lo; fd < it->hi && !rc; fd++) {
        char name[16];
        snprintf(name, sizeof(name), "%d", fd);
        rc = probe(it, dirfd, name, fd);
    }
    return rc;
}

/* FDSize from /proc/<pid>/status: how many fd numbers the table holds. */
static int fd_table_size(int procfd, int pid)
{
    char buf[4096];
    if (read_proc_file(procfd, pid, "status", buf, sizeof(buf)) <= 0)
        return -1;
    const char *p = strstr(buf, "\nFDSize:");
    return p ? atoi(p + 8) : -1;
}

/* Adds an item; returns its index (the array may move: no pointers), or
 * SIZE_MAX when out of memory. */
static size_t new_item(struct scan *s, uint32_t proc, int lo, int hi)
{
    pthread_mutex_lock(&s->mu);
    size_t idx = SIZE_MAX;
    if (grow((void **)&s->items, &s->cap_items, s->n_items + 1, sizeof(*s->items)) == 0) {
        idx = s->n_items++;
        s->items[idx] = (struct item){proc, lo, hi, NULL, 0, 0};
    }
    pthread_mutex_unlock(&s->mu);
    return idx;
}

/* Phase one: one process. A small one is read now; a big dense one is
 * cut into ranges for phase two, keeping its directory open. */
static int scan_proc(struct scan *s, uint32_t idx, bool share)
{
    struct scan_proc *sp = &s->procs[idx];
    int dirfd = open_proc_file(s->procfd, sp->pid, "fd", O_RDONLY | O_DIRECTORY);
    if (dirfd < 0) {
        if (errno == EACCES) {
            pthread_mutex_lock(&s->mu);
            s->denied = true;
            pthread_mutex_unlock(&s->mu);
        }
        return 0; /* gone, or not ours to see */
    }
    struct stat st;
    /* Since Linux 6.2 the directory's size is its number of open fds. */
    long count = fstat(dirfd, &st) == 0 ? (long)st.st_size : 0;
    int fdsize = share && count >= BIG_PROC ? fd_table_size(s->procfd, sp->pid) : -1;
    if (fdsize > 0 && fdsize <= 2 * count) {
        sp->dirfd = dirfd;
        sp->fdsize = fdsize;
        for (int lo = 0; lo < fdsize; lo += RANGE)
            if (new_item(s, idx, lo, lo + RANGE < fdsize ? lo + RANGE : fdsize) == SIZE_MAX)
                return -ENOMEM;
        return 0;
    }
    size_t at = new_item(s, idx, 0, -1);
    int rc = -ENOMEM;
    if (at != SIZE_MAX) {
        /* Others may grow the array meanwhile: work on a copy. */
        struct item mine = {idx, 0, -1, NULL, 0, 0};
        rc = scan_dir(&mine, dirfd);
        pthread_mutex_lock(&s->mu);
        s->items[at] = mine;
        pthread_mutex_unlock(&s->mu);
    }
    close(dirfd);
    return rc;
}

/* Takes the next unit of work of the current phase, or SIZE_MAX. */
static size_t take(struct scan *s)
{
    pthread_mutex_lock(&s->mu);
    size_t i = s->next < s->phase_end ? s->next++ : SIZE_MAX;
    if (s->err)
        i = SIZE_MAX;
    pthread_mutex_unlock(&s->mu);
    return i;
}

static void fail(struct scan *s, int err)
{
    pthread_mutex_lock(&s->mu);
    if (!s->err)
        s->err = err;
    pthread_mutex_unlock(&s->mu);
}

struct worker {
    struct scan *s;
    int phase;
    bool share;
};

static void *work(void *arg)
{
    struct worker *w = arg;
    struct scan *s = w->s;
    for (size_t i; (i = take(s)) != SIZE_MAX;) {
        int rc;
        if (w->phase == 1) {
            rc = scan_proc(s, (uint32_t)i, w->share);
        } else {
            pthread_mutex_lock(&s->mu);
            struct item mine = s->items[i];
            pthread_mutex_unlock(&s->mu);
            if (mine.hi < 0) {
                rc = 0; /* read in phase one */
            } else {
                rc = scan_range(&mine, s->procs[mine.proc].dirfd);
                s->items[i] = mine; /* the array no longer grows */
            }
        }
        if (rc < 0)
            fail(s, rc);
    }
    return NULL;
}

static int cpus(void)
{
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof(set), &set) == 0) {
        int n = CPU_COUNT(&set);
        return n < 1 ? 1 : (n > MAX_THREADS ? MAX_THREADS : n);
    }
    return 1;
}

/* Runs one phase on n threads, this one among them. */
static void run_phase(struct scan *s, int phase, size_t end, int n)
{
    s->next = 0;
    s->phase_end = end;
    struct worker w = {s, phase, n > 1};
    pthread_t th[MAX_THREADS];
    int started = 0;
    if (end > 1) {
        pthread_attr_t attr;
        if (pthread_attr_init(&attr) == 0) {
            pthread_attr_setstacksize(&attr, WORKER_STACK);
            for (int i = 1; i < n; i++)
                if (pthread_create(&th[started], &attr, work, &w) == 0)
                    started++;
            pthread_attr_destroy(&attr);
        }
    }
    work(&w);
    for (int i = 0; i < started; i++)
        pthread_join(th[i], NULL);
}

static int cmp_item(const void *a, const void *b)
{
    const struct item *x = a, *y = b;
    if (x->proc != y->proc)
        return x->proc < y->proc ? -1 : 1;
    return (x->lo > y->lo) - (x->lo < y->lo);
}

/* ---- the inode map ---- */

/* The scan's items, in scan order, into the map. */
static int build_map(struct owners *o, struct scan *s)
{
    size_t total = 0;
    for (size_t i = 0; i < s->n_items; i++)
        total += s->items[i].n;
    if (owners_map_reserve(&o->m, total) < 0)
        return -ENOMEM;
    uint32_t last_proc = UINT32_MAX;
    for (size_t i = 0; i < s->n_items; i++) {
        const struct item *it = &s->items[i];
        if (!it->n)
            continue;
        if (it->proc != last_proc) {
            if (owners_map_proc(&o->m, s->procs[it->proc].pid) < 0)
                return -ENOMEM;
            last_proc = it->proc;
        }
        for (size_t k = 0; k < it->n; k++)
            if (owners_map_add(&o->m, it->f[k].inode, (uint32_t)(o->m.n_procs - 1), it->f[k].fd) <
                0)
                return -ENOMEM;
    }
    return 0;
}

/* ---- the interface ---- */

static int list_pids(struct scan *s)
{
    int dfd = dup(s->procfd);
    DIR *d = dfd >= 0 ? fdopendir(dfd) : NULL;
    if (!d) {
        if (dfd >= 0)
            close(dfd);
        return -1;
    }
    size_t cap = 0;
    int rc = 0;
    /* Our own sockets (the netlink ones) are never listed; skipping us also
     * keeps the unprivileged note the same as net-tools'. */
    int self = (int)getpid();
    struct dirent *de;
    while ((de = readdir(d))) {
        const char *c = de->d_name;
        while (*c >= '0' && *c <= '9')
            c++;
        if (*c || c == de->d_name)
            continue;
        int pid = atoi(de->d_name);
        if (pid == self)
            continue;
        if (grow((void **)&s->procs, &cap, s->n_procs + 1, sizeof(*s->procs)) < 0) {
            rc = -ENOMEM;
            break;
        }
        s->procs[s->n_procs++] = (struct scan_proc){pid, -1, 0};
    }
    closedir(d);
    return rc;
}

static void scan_free(struct scan *s)
{
    for (size_t i = 0; i < s->n_procs; i++)
        if (s->procs[i].dirfd >= 0)
            close(s->procs[i].dirfd);
    for (size_t i = 0; i < s->n_items; i++)
        free(s->items[i].f);
    free(s->items);
    free(s->procs);
    pthread_mutex_destroy(&s->mu);
}

/* ---- the eBPF source ---- */

/* The initial pid namespace has a fixed inode (the kernel's
 * PROC_PID_INIT_INO): only there are the iterator's tgids the pids
 * netstat shows, as /proc shows them. */
static bool in_initial_pid_ns(void)
{
    struct stat st;
    return stat("/proc/self/ns/pid", &st) == 0 && st.st_ino == 0xEFFFFFFCu;
}

/* The sockets of this network namespace (sockstat's "sockets: used"),
 * or 0: the map's first size, where most sockets are; it grows when
 * processes hold more (of other namespaces). */
static size_t sockets_used(int procfd)
{
    char buf[128];
    int fd = openat(procfd, "net/sockstat", O_RDONLY | O_CLOEXEC);
    ssize_t n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;
    if (fd >= 0)
        close(fd);
    if (n <= 0)
        return 0;
    buf[n] = '\0';
    unsigned long v;
    return sscanf(buf, "sockets: used %lu", &v) == 1 ? (size_t)v : 0;
}

struct take {
    struct owners_map *m;
    uint32_t self;
};

static long take_records(const void *buf, size_t len, void *ctx)
{
    struct take *t = ctx;
    return owners_map_records(t->m, buf, len, t->self);
}

/* The map from the iterator's records instead of /proc/<pid>/fd: a
 * process per tgid, in pid order, fds ascending, as the scan finds them
 * (so the first owner is the same). 0; -ENOMEM; or 1 when the iterator
 * cannot serve (unprivileged, another pid namespace, an old kernel,
 * NETSTAT_OWNERS=proc, a build without it): the /proc scan then. */
static int scan_bpf(struct owners *o)
{
    const char *want = getenv("NETSTAT_OWNERS");
    if ((want && strcmp(want, "proc") == 0) || !owners_bpf_built || !in_initial_pid_ns())
        return 1;
    if (owners_map_reserve(&o->m, sockets_used(o->procfd)) < 0)
        return -ENOMEM;
    struct take t = {&o->m, (uint32_t)getpid()};
    int rc = owners_bpf_read(take_records, &t);
    if (rc == -ENOMEM)
        return rc;
    if (rc < 0) { /* whatever it gave so far is dropped */
        owners_map_free(&o->m);
        return 1;
    }
    return 0;
}

const char *platform_owners_source(const struct owners *o)
{
    return o ? o->source : NULL;
}

int platform_owners_load(struct owners **out, bool *denied, bool *none_readable)
{
    *out = NULL;
    *denied = false;
    *none_readable = false;
    struct owners *o = calloc(1, sizeof(*o));
    if (!o)
        return -ENOMEM;
    struct scan s = {.procfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
    /* No procfs at all (a sandbox, a broken mount) is an error, unlike
     * processes that are not ours to see. */
    struct statfs sf;
    if ((s.procfd < 0 && errno != EACCES && errno != EPERM) ||
        (s.procfd >= 0 && fstatfs(s.procfd, &sf) == 0 && sf.f_type != PROC_SUPER_MAGIC)) {
        if (s.procfd >= 0)
            close(s.procfd);
        free(o);
        return -ENOENT;
    }
    o->procfd = s.procfd; /* kept for the names; closed with the owners */
    pthread_mutex_init(&s.mu, NULL);
    /* The iterator first; where it cannot serve, the scan of /proc. */
    int rc = s.procfd >= 0 ? scan_bpf(o) : 1;

    o->source = rc <= 0 ? "bpf" : "proc";
    if (rc > 0) {
        rc = 0;
        if (s.procfd < 0 || (rc = list_pids(&s)) == -1) {
            scan_free(&s);
            *none_readable = true;
            *out = o;
            return 0;
        }
        int n = cpus();
        if (!rc) {
            run_phase(&s, 1, s.n_procs, n);
            rc = s.err;
        }
        if (!rc) {
            run_phase(&s, 2, s.n_items, n);
            rc = s.err;
        }
        if (!rc && s.n_items)
            qsort(s.items, s.n_items, sizeof(*s.items), cmp_item);
        if (!rc)
            rc = build_map(o, &s);
    }
    *denied = s.denied;
    scan_free(&s);
    if (rc < 0) {
        platform_owners_free(o);
        return rc;
    }
    if (*denied && o->m.n == 0)
        *none_readable = true;
    *out = o;
    return 0;
}

void platform_owners_free(struct owners *o)
{
    if (!o)
        return;
    owners_map_free(&o->m);
    if (o->procfd >= 0)
        close(o->procfd);
    free(o);
}

/* The name of a process, read the first time one of its sockets is asked
 * for: false when it cannot be read (the process is gone), and then its
 * sockets are skipped, as the scan skips the fds of a process whose name
 * it cannot read. */
static bool named(const struct owners *o, struct owner_proc *p)
{
    if (p->state == 0) {
        char name[512];
        p->state = -1;
        if (o->procfd >= 0 && read_name(o->procfd, p->pid, name, sizeof(name)) == 0 &&
            (p->name = strdup(name)))
            p->state = 1;
    }
    return p->state == 1;
}

size_t platform_owners_find(const struct owners *o, const struct sock_rec *s, struct owner *out,
                            size_t max)
{
    if (!o)
        return 0;
    size_t count = 0;
    for (size_t j = owners_map_first(&o->m, s->inode); j != SIZE_MAX;
         j = owners_map_next(&o->m, j)) {
        const struct owner_slot *e = &o->m.slots[j];
        struct owner_proc *p = &o->m.procs[e->proc];
        if (!named(o, p))
            continue;
        if (count < max)
            out[count] = (struct owner){p->pid, e->fd, p->name};
        count++;
    }
    return count;
}

int platform_process_sockets(int pid, uint64_t **v, size_t *n, size_t *cap)
{
    char path[32];
    snprintf(path, sizeof(path), "/proc/%d/fd", pid);
    DIR *d = opendir(path);
    if (!d)
        return -errno;
    int rc = 0;
    struct dirent *de;
    while (!rc && (de = readdir(d))) {
        char l[64];
        uint64_t inode;
        ssize_t len = readlinkat(dirfd(d), de->d_name, l, sizeof(l) - 1);
        if (len <= 0 || socket_inode(l, (size_t)len, &inode) < 0)
            continue;
        if (grow((void **)v, cap, *n + 1, sizeof(**v)) < 0)
            rc = -ENOMEM;
        else
            (*v)[(*n)++] = inode;
    }
    closedir(d);
    return rc;
}
