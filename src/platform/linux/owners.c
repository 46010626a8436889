/* Socket owners from one scan of /proc/<pid>/fd: directory fds and
 * readlinkat, no path building, linear in the number of fds. */
#include "platform/platform.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/hash.h"

struct owner_entry {
    uint64_t inode;
    uint32_t proc; /* index into procs */
    int32_t fd;
    uint32_t next; /* next entry for the same inode, or UINT32_MAX */
};

struct proc_info {
    int pid;
    uint32_t name_off;
};

struct owners {
    struct owner_entry *entries;
    size_t n_entries, cap_entries;
    struct proc_info *procs;
    size_t n_procs, cap_procs;
    char *names;
    size_t names_len, names_cap;
    /* inode -> first entry; open addressing, keys are entry indexes + 1 */
    uint32_t *slots;
    size_t mask;
};

static int grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
    size_t nc = *cap ? *cap : 64;
    while (nc < need)
        nc *= 2;
    void *np = realloc(*p, nc * elem);
    if (!np)
        return -ENOMEM;
    *p = np;
    *cap = nc;
    return 0;
}

static int rehash(struct owners *o, size_t cap)
{
    uint32_t *slots = calloc(cap, sizeof(*slots));
    if (!slots)
        return -ENOMEM;
    size_t mask = cap - 1;
    /* Re-insert only chain heads: entries reachable via next follow them. */
    if (o->slots) {
        for (size_t i = 0; i <= o->mask; i++) {
            uint32_t head = o->slots[i];
            if (!head)
                continue;
            size_t j = hash_u64(o->entries[head - 1].inode) & mask;
            while (slots[j])
                j = (j + 1) & mask;
            slots[j] = head;
        }
    }
    free(o->slots);
    o->slots = slots;
    o->mask = mask;
    return 0;
}

static size_t heads(const struct owners *o)
{
    return o->n_procs + o->n_entries; /* an upper bound cheap to keep */
}

static int add_entry(struct owners *o, uint64_t inode, uint32_t proc, int fd)
{
    if (!o->slots || heads(o) * 2 >= o->mask) {
        size_t cap = o->slots ? (o->mask + 1) * 2 : 1024;
        if (rehash(o, cap) < 0)
            return -ENOMEM;
    }
    if (grow((void **)&o->entries, &o->cap_entries, o->n_entries + 1, sizeof(*o->entries)) < 0)
        return -ENOMEM;
    uint32_t idx = (uint32_t)o->n_entries++;
    o->entries[idx] = (struct owner_entry){inode, proc, fd, UINT32_MAX};

    size_t j = hash_u64(inode) & o->mask;
    while (o->slots[j]) {
        uint32_t h = o->slots[j] - 1;
        if (o->entries[h].inode == inode) {
            /* Append to keep scan order: the first owner stays first. */
            while (o->entries[h].next != UINT32_MAX)
                h = o->entries[h].next;
            o->entries[h].next = idx;
            return 0;
        }
        j = (j + 1) & o->mask;
    }
    o->slots[j] = idx + 1;
    return 0;
}

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

/* The program name net-tools shows: argv[0], reduced to its base name
 * when it is an absolute path. */
static int read_name(int procfd, const char *pid, char *out, size_t outsz)
{
    char path[64];
    size_t pl = strlen(pid);
    if (pl + sizeof("/cmdline") > sizeof(path))
        return -1;
    memcpy(path, pid, pl);
    memcpy(path + pl, "/cmdline", sizeof("/cmdline"));
    int fd = openat(procfd, path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    char buf[512];
    ssize_t n = read(fd, buf, sizeof(buf) - 1);
    close(fd);
    if (n < 0)
        return -1;
    buf[n] = '\0';
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

static int add_name(struct owners *o, const char *name, uint32_t *off)
{
    size_t len = strlen(name) + 1;
    if (grow((void **)&o->names, &o->names_cap, o->names_len + len, 1) < 0)
        return -ENOMEM;
    memcpy(o->names + o->names_len, name, len);
    *off = (uint32_t)o->names_len;
    o->names_len += len;
    return 0;
}

static int scan_pid(struct owners *o, int procfd, const char *pid, bool *denied)
{
    char path[64];
    size_t pl = strlen(pid);
    if (pl + sizeof("/fd") > sizeof(path))
        return 0;
    memcpy(path, pid, pl);
    memcpy(path + pl, "/fd", sizeof("/fd"));
    int dfd = openat(procfd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0) {
        if (errno == EACCES)
            *denied = true;
        return 0; /* gone, or not ours to see */
    }
    DIR *d = fdopendir(dfd);
    if (!d) {
        close(dfd);
        return 0;
    }
    long proc = -1;
    int rc = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] < '0' || de->d_name[0] > '9')
            continue;
        char l[64];
        ssize_t n = readlinkat(dfd, de->d_name, l, sizeof(l) - 1);
        if (n <= 0)
            continue;
        uint64_t inode;
        if (socket_inode(l, (size_t)n, &inode) < 0)
            continue;
        if (proc < 0) {
            char name[512];
            if (read_name(procfd, pid, name, sizeof(name)) < 0)
                continue; /* as net-tools: try again at the next fd */
            if (grow((void **)&o->procs, &o->cap_procs, o->n_procs + 1, sizeof(*o->procs)) < 0) {
                rc = -ENOMEM;
                break;
            }
            struct proc_info *pi = &o->procs[o->n_procs];
            pi->pid = atoi(pid);
            if (add_name(o, name, &pi->name_off) < 0) {
                rc = -ENOMEM;
                break;
            }
            proc = (long)o->n_procs++;
        }
        if (add_entry(o, inode, (uint32_t)proc, atoi(de->d_name)) < 0) {
            rc = -ENOMEM;
            break;
        }
    }
    closedir(d);
    return rc;
}

int platform_owners_load(struct owners **out, bool *denied, bool *none_readable)
{
    *out = NULL;
    *denied = false;
    *none_readable = false;
    struct owners *o = calloc(1, sizeof(*o));
    if (!o)
        return -ENOMEM;
    int procfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (procfd < 0) {
        *none_readable = true;
        *out = o;
        return 0;
    }
    int dfd = dup(procfd);
    DIR *d = dfd >= 0 ? fdopendir(dfd) : NULL;
    if (!d) {
        if (dfd >= 0)
            close(dfd);
        close(procfd);
        *none_readable = true;
        *out = o;
        return 0;
    }
    int rc = 0;
    struct dirent *de;
    /* Our own sockets (the netlink one) are never listed; skipping us also
     * keeps the unprivileged note the same as net-tools'. */
    char self[24];
    snprintf(self, sizeof(self), "%d", (int)getpid());
    while ((de = readdir(d))) {
        const char *c = de->d_name;
        while (*c >= '0' && *c <= '9')
            c++;
        if (*c || c == de->d_name || strcmp(de->d_name, self) == 0)
            continue;
        rc = scan_pid(o, procfd, de->d_name, denied);
        if (rc < 0)
            break;
    }
    closedir(d);
    close(procfd);
    if (rc < 0) {
        platform_owners_free(o);
        return rc;
    }
    if (*denied && o->n_entries == 0)
        *none_readable = true;
    *out = o;
    return 0;
}

void platform_owners_free(struct owners *o)
{
    if (!o)
        return;
    free(o->entries);
    free(o->procs);
    free(o->names);
    free(o->slots);
    free(o);
}

size_t platform_owners_find(const struct owners *o, uint64_t inode, struct owner *out, size_t max)
{
    if (!o || !o->slots || inode == 0)
        return 0;
    size_t j = hash_u64(inode) & o->mask;
    while (o->slots[j]) {
        uint32_t h = o->slots[j] - 1;
        if (o->entries[h].inode == inode) {
            size_t count = 0;
            for (uint32_t e = h; e != UINT32_MAX; e = o->entries[e].next) {
                if (count < max) {
                    const struct proc_info *pi = &o->procs[o->entries[e].proc];
                    out[count] = (struct owner){pi->pid, o->entries[e].fd, o->names + pi->name_off};
                }
                count++;
            }
            return count;
        }
        j = (j + 1) & o->mask;
    }
    return 0;
}
