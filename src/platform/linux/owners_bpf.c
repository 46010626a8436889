/* Loads owners.bpf.c's light skeleton (the kernel relocates it against
 * its own BTF), attaches it as an iterator, and reads its records. */
#include "platform/linux/owners_bpf.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/bpf.h>

#include "owners.lskel.h"

#define CHUNK        (64 * 1024) /* bytes per read */
#define SLOTS        4
#define READER_STACK (64 * 1024)

const int owners_bpf_built = 1;

static int iter_create(int link)
{
    union bpf_attr a;
    memset(&a, 0, sizeof(a));
    a.iter_create.link_fd = (uint32_t)link;
    return (int)syscall(__NR_bpf, BPF_ITER_CREATE, &a, sizeof(a.iter_create));
}

/* ---- the reads, ahead of the records' use ----
 * The kernel walks the file tables inside read(); a helper thread does the
 * reads while this one files the records away, so filing them costs
 * (nearly) nothing on two cores. */

struct ring {
    pthread_mutex_t mu;
    pthread_cond_t filled, freed;
    char *buf[SLOTS];
    size_t len[SLOTS];
    unsigned head, count; /* the oldest filled slot, how many are */
    int fd, err;
    bool end, stop;
};

static void *reader(void *arg)
{
    struct ring *r = arg;
    for (unsigned at = 0;; at = (at + 1) % SLOTS) {
        pthread_mutex_lock(&r->mu);
        while (r->count == SLOTS && !r->stop)
            pthread_cond_wait(&r->freed, &r->mu);
        bool stop = r->stop;
        pthread_mutex_unlock(&r->mu);
        ssize_t got = 0;
        if (!stop)
            do
                got = read(r->fd, r->buf[at], CHUNK);
            while (got < 0 && errno == EINTR);
        pthread_mutex_lock(&r->mu);
        if (stop || got <= 0) {
            r->err = got < 0 ? errno : 0;
            r->end = true;
        } else {
            r->len[at] = (size_t)got;
            r->count++;
        }
        pthread_cond_signal(&r->filled);
        pthread_mutex_unlock(&r->mu);
        if (stop || got <= 0)
            return NULL;
    }
}

/* Hands one read's bytes to take; a record cut between two reads is put
 * together in carry (never so far: reads end at whole seq_file pages). */
static int feed(long (*take)(const void *, size_t, void *), void *ctx, const char *p, size_t n,
                char *carry, size_t *held)
{
    const size_t rec = sizeof(struct owners_rec);
    if (*held) {
        size_t want = rec - *held < n ? rec - *held : n;
        memcpy(carry + *held, p, want);
        *held += want;
        p += want;
        n -= want;
        if (*held < rec)
            return 0;
        long used = take(carry, rec, ctx);
        if (used < 0)
            return (int)used;
        *held = 0;
    }
    long used = take(p, n, ctx);
    if (used < 0)
        return (int)used;
    *held = n - (size_t)used;
    memcpy(carry, p + used, *held);
    return 0;
}

/* Every record of the iterator fd, in order, through take. */
static int drain(int fd, long (*take)(const void *, size_t, void *), void *ctx)
{
    struct ring r = {.fd = fd};
    char *mem = malloc(SLOTS * CHUNK);
    if (!mem)
        return -ENOMEM;
    for (unsigned i = 0; i < SLOTS; i++)
        r.buf[i] = mem + i * CHUNK;
    pthread_mutex_init(&r.mu, NULL);
    pthread_cond_init(&r.filled, NULL);
    pthread_cond_init(&r.freed, NULL);
    pthread_attr_t attr;
    pthread_t t;
    bool threaded = pthread_attr_init(&attr) == 0;
    if (threaded) {
        pthread_attr_setstacksize(&attr, READER_STACK);
        threaded = pthread_create(&t, &attr, reader, &r) == 0;
        pthread_attr_destroy(&attr);
    }
    char carry[sizeof(struct owners_rec)];
    size_t held = 0;
    int rc = 0;
    while (!threaded && rc == 0) { /* no thread to spare: read here */
        ssize_t got = read(fd, mem, CHUNK);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0) {
            r.err = got < 0 ? errno : 0;
            break;
        }
        rc = feed(take, ctx, mem, (size_t)got, carry, &held);
    }
    while (threaded) {
        pthread_mutex_lock(&r.mu);
        while (r.count == 0 && !r.end)
            pthread_cond_wait(&r.filled, &r.mu);
        if (r.count == 0) {
            pthread_mutex_unlock(&r.mu);
            break;
        }
        unsigned at = r.head;
        pthread_mutex_unlock(&r.mu);
        if (rc == 0)
            rc = feed(take, ctx, r.buf[at], r.len[at], carry, &held);
        pthread_mutex_lock(&r.mu);
        r.head = (r.head + 1) % SLOTS;
        r.count--;
        if (rc)
            r.stop = true;
        pthread_cond_signal(&r.freed);
        pthread_mutex_unlock(&r.mu);
    }
    if (threaded)
        pthread_join(t, NULL);
    pthread_cond_destroy(&r.freed);
    pthread_cond_destroy(&r.filled);
    pthread_mutex_destroy(&r.mu);
    free(mem);
    if (rc == 0 && r.err)
        rc = -r.err;
    if (rc == 0 && held)
        rc = -EBADMSG;
    return rc;
}

int owners_bpf_read(long (*take)(const void *buf, size_t len, void *ctx), void *ctx)
{
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
    rc = drain(fd, take, ctx);
    close(fd);
    owners_bpf__destroy(skel);
    return rc;
}
