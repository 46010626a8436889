/* Host and network names, looked up in a helper process of netstat's own
 * (platform_helper_start): its threads ask the system's databases, up to
 * MAX_WORKERS at once, and send the answers back over a pipe.
 *
 * Why a process: the resolver's sockets (a UDP socket to the name server
 * for each question) are sockets like any other, and a listing read while
 * one is open would show it. A process can be held still: while a socket
 * table is read it is stopped, no socket of its comes or goes, and the
 * ones it holds are known (hosts_pause). Threads of netstat's own could
 * not be stopped in the middle of a lookup. */
#include "resolve/hosts.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "platform/platform.h"
#include "util/grow.h"

/* Enough helpers that a thousand addresses behind a slow resolver take a
 * few round trips, few enough to stay cheap. */
#define MAX_WORKERS  64
#define WORKER_STACK (1u << 20)

/* A question: entry number (4 bytes), kind (1), address (16). An answer:
 * entry number (4), name length (2, 0: no name), the name. Each is one
 * write of at most PIPE_BUF bytes, so it arrives whole. */
#define Q_SIZE       21
#define A_HEAD       6
#define NAME_MAX_LEN 1024
#define Q_BATCH      (4096 / Q_SIZE)

enum { QUEUED, SENT, DONE };

struct entry {
    uint8_t kind;
    uint8_t state;
    bool late; /* missed a deadline: not waited for again */
    uint8_t addr[16];
    char *name; /* NULL: no name */
};

/* The asking side: one per process, for the whole run, so what arrives
 * after a deadline still serves `-c`. Entries go to the helper in the
 * order they were asked for: `sent` is the first one not yet sent. */
static struct {
    pthread_mutex_t lock;
    struct entry *v;
    size_t n, cap, sent;
    uint32_t *index; /* entry number + 1; 0: empty */
    size_t icap;
    bool have_deadline;
    struct timespec deadline;
    size_t late;
    /* the helper process */
    struct helper *helper;
    int to, from; /* pipe ends; -1 when there is none */
    bool paused;
    uint8_t in[2 * (A_HEAD + NAME_MAX_LEN)];
    size_t inlen;
} H = {.lock = PTHREAD_MUTEX_INITIALIZER, .to = -1, .from = -1};

static size_t key_hash(uint8_t kind, const uint8_t *addr)
{
    uint64_t h = 1469598103934665603ULL ^ kind;
    for (size_t i = 0; i < 16; i++)
        h = (h ^ addr[i]) * 1099511628211ULL;
    return (size_t)(h ^ (h >> 29));
}

static void index_put(uint32_t *index, size_t icap, size_t e)
{
    size_t i = key_hash(H.v[e].kind, H.v[e].addr) & (icap - 1);
    while (index[i])
        i = (i + 1) & (icap - 1);
    index[i] = (uint32_t)(e + 1);
}

/* ======== the helper process ======== */

/* The name of one address from the system's databases, or NULL. */
static char *lookup(uint8_t kind, const uint8_t *addr)
{
    char *name = NULL;
    if (kind == HOST_INET6) {
        struct sockaddr_in6 sin6 = {.sin6_family = AF_INET6};
        memcpy(&sin6.sin6_addr, addr, 16);
        char host[NI_MAXHOST];
        if (getnameinfo((struct sockaddr *)&sin6, sizeof(sin6), host, sizeof(host), NULL, 0,
                        NI_NAMEREQD) == 0)
            name = strdup(host);
        return name;
    }
    /* The reentrant lookups want scratch space; they say when it is short. */
    for (size_t sz = 4096; sz <= 65536 && !name; sz *= 2) {
        char *tmp = malloc(sz);
        if (!tmp)
            return NULL;
        int rc, herr = 0;
        if (kind == HOST_INET) {
            struct hostent he, *res = NULL;
            rc = gethostbyaddr_r(addr, 4, AF_INET, &he, tmp, sz, &res, &herr);
            if (rc == 0 && res && res->h_name)
                name = strdup(res->h_name);
        } else {
            struct netent ne, *res = NULL;
            uint32_t net;
            memcpy(&net, addr, 4);
            rc = getnetbyaddr_r(ntohl(net), AF_INET, &ne, tmp, sz, &res, &herr);
            if (rc == 0 && res && res->n_name)
                name = strdup(res->n_name);
        }
        free(tmp);
        if (rc != ERANGE)
            break;
    }
    return name;
}

struct question {
    uint32_t id;
    uint8_t kind;
    uint8_t addr[16];
};

/* The helper's queue; its threads take questions in order. */
static struct {
    pthread_mutex_t lock;
    pthread_cond_t work;
    struct question *q;
    size_t n, cap, next;
    unsigned workers, idle;
    int out;
} W = {.lock = PTHREAD_MUTEX_INITIALIZER, .work = PTHREAD_COND_INITIALIZER};

static void answer(uint32_t id, const char *name)
{
    uint8_t buf[A_HEAD + NAME_MAX_LEN];
    size_t len = name ? strlen(name) : 0;
    if (len > NAME_MAX_LEN)
        len = 0; /* longer than any host name may be: none */
    memcpy(buf, &id, 4);
    uint16_t l16 = (uint16_t)len;
    memcpy(buf + 4, &l16, 2);
    if (len)
        memcpy(buf + A_HEAD, name, len);
    if (write(W.out, buf, A_HEAD + len) < 0)
        _exit(0); /* netstat has gone */
}

static void *worker(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&W.lock);
    for (;;) {
        while (W.next >= W.n) {
            W.idle++;
            pthread_cond_wait(&W.work, &W.lock);
            W.idle--;
        }
        struct question q = W.q[W.next++];
        pthread_mutex_unlock(&W.lock);
        char *name = lookup(q.kind, q.addr);
        answer(q.id, name);
        free(name);
        pthread_mutex_lock(&W.lock);
    }
    return NULL;
}

/* One more thread, with every signal blocked. Failing to start one is
 * not an error while another runs: it sees to the queue. */
static void spawn_locked(void)
{
    pthread_attr_t attr;
    if (pthread_attr_init(&attr) != 0)
        return;
    pthread_attr_setstacksize(&attr, WORKER_STACK);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    pthread_t t;
    if (pthread_create(&t, &attr, worker, NULL) == 0)
        W.workers++;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    pthread_attr_destroy(&attr);
}

/* The helper's main thread: reads questions until netstat closes the
 * pipe, then ends (threads waiting for a resolver that never answers end
 * with it). */
static void helper_main(int in, int out)
{
    W.out = out;
    uint8_t buf[Q_BATCH * Q_SIZE];
    size_t have = 0;
    for (;;) {
        ssize_t got = read(in, buf + have, sizeof(buf) - have);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            _exit(0);
        have += (size_t)got;
        size_t whole = have / Q_SIZE;
        pthread_mutex_lock(&W.lock);
        for (size_t i = 0; i < whole; i++) {
            if (grow((void **)&W.q, &W.cap, W.n + 1, sizeof(*W.q)) < 0)
                _exit(1); /* netstat sees the pipe close */
            struct question *q = &W.q[W.n++];
            const uint8_t *r = buf + i * Q_SIZE;
            memcpy(&q->id, r, 4);
            q->kind = r[4];
            memcpy(q->addr, r + 5, 16);
            if (W.idle)
                pthread_cond_signal(&W.work);
            else if (W.workers < MAX_WORKERS)
                spawn_locked();
        }
        if (!W.workers)
            _exit(1);
        pthread_mutex_unlock(&W.lock);
        have -= whole * Q_SIZE;
        memmove(buf, buf + whole * Q_SIZE, have);
    }
}

/* ======== the asking side ======== */

void hosts_start(void)
{
    pthread_mutex_lock(&H.lock);
    if (!H.helper) {
        int rc = platform_helper_start(&H.helper, helper_main, &H.to, &H.from);
        if (rc < 0) {
            H.helper = NULL;
            fprintf(stderr,
                    "netstat: cannot start the name lookups: %s (addresses are shown "
                    "as numbers)\n",
                    strerror(-rc));
        }
    }
    pthread_mutex_unlock(&H.lock);
}

/* The helper is gone: what it was asked and did not answer has no name. */
static void lost_locked(void)
{
    if (H.to >= 0) {
        close(H.to);
        close(H.from);
        fprintf(stderr, "netstat: the name lookups stopped (their process ended): addresses "
                        "are shown as numbers\n");
    }
    H.to = H.from = -1;
    for (size_t i = 0; i < H.n; i++)
        H.v[i].state = DONE;
    H.sent = H.n;
}

/* Sends the questions not sent yet, as many as the pipe takes now. */
static void flush_locked(void)
{
    if (H.paused || H.to < 0)
        return;
    /* A helper that has ended must not end netstat by SIGPIPE: the
     * signal is held, and taken back if the write raised it. */
    sigset_t pipe_set, old, pending;
    sigemptyset(&pipe_set);
    sigaddset(&pipe_set, SIGPIPE);
    sigpending(&pending);
    bool was_pending = sigismember(&pending, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
    while (H.sent < H.n) {
        uint8_t buf[Q_BATCH * Q_SIZE];
        size_t k = 0;
        for (; k < Q_BATCH && H.sent + k < H.n; k++) {
            uint32_t id = (uint32_t)(H.sent + k);
            uint8_t *r = buf + k * Q_SIZE;
            memcpy(r, &id, 4);
            r[4] = H.v[id].kind;
            memcpy(r + 5, H.v[id].addr, 16);
        }
        ssize_t w = write(H.to, buf, k * Q_SIZE); /* whole or nothing */
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0 && errno == EAGAIN)
            break;
        if (w != (ssize_t)(k * Q_SIZE)) {
            if (!was_pending) {
                struct timespec zero = {0, 0};
                sigtimedwait(&pipe_set, NULL, &zero);
            }
            lost_locked();
            break;
        }
        for (size_t i = 0; i < k; i++)
            H.v[H.sent + i].state = SENT;
        H.sent += k;
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
}

/* Takes in the answers that have arrived. */
static void drain_locked(void)
{
    while (H.from >= 0) {
        ssize_t got = read(H.from, H.in + H.inlen, sizeof(H.in) - H.inlen);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0 && errno == EAGAIN)
            return;
        if (got <= 0) {
            lost_locked();
            return;
        }
        H.inlen += (size_t)got;
        size_t at = 0;
        while (H.inlen - at >= A_HEAD) {
            uint32_t id;
            uint16_t len;
            memcpy(&id, H.in + at, 4);
            memcpy(&len, H.in + at + 4, 2);
            if (H.inlen - at < A_HEAD + (size_t)len)
                break;
            if (id < H.n && H.v[id].state == SENT) {
                H.v[id].name = len ? strndup((const char *)H.in + at + A_HEAD, len) : NULL;
                H.v[id].state = DONE;
            }
            at += A_HEAD + len;
        }
        H.inlen -= at;
        memmove(H.in, H.in + at, H.inlen);
    }
}

int hosts_pause(void)
{
    pthread_mutex_lock(&H.lock);
    int pid = 0;
    if (H.to >= 0 && !H.paused) {
        pid = platform_helper_pause(H.helper);
        if (pid > 0) {
            H.paused = true;
        } else {
            drain_locked(); /* what it said before it went */
            lost_locked();
            pid = 0;
        }
    }
    pthread_mutex_unlock(&H.lock);
    return pid;
}

void hosts_resume(void)
{
    pthread_mutex_lock(&H.lock);
    if (H.paused) {
        H.paused = false;
        platform_helper_resume(H.helper);
        flush_locked();
    }
    pthread_mutex_unlock(&H.lock);
}

void hosts_end(void)
{
    pthread_mutex_lock(&H.lock);
    if (H.to >= 0) {
        close(H.to);
        close(H.from);
        H.to = H.from = -1;
    }
    /* A helper waiting for a resolver that never answers ends now. */
    platform_helper_end(H.helper);
    H.helper = NULL;
    H.paused = false;
    for (size_t i = 0; i < H.n; i++)
        free(H.v[i].name);
    free(H.v);
    free(H.index);
    H.v = NULL;
    H.index = NULL;
    H.n = H.cap = H.sent = H.icap = 0;
    pthread_mutex_unlock(&H.lock);
}

/* The entry for (kind, addr), queued now if it is new; SIZE_MAX when
 * memory ran out. */
static size_t entry_locked(uint8_t kind, const uint8_t *addr, size_t len)
{
    uint8_t key[16] = {0};
    memcpy(key, addr, len);
    if (H.icap) {
        for (size_t i = key_hash(kind, key) & (H.icap - 1); H.index[i];
             i = (i + 1) & (H.icap - 1)) {
            const struct entry *e = &H.v[H.index[i] - 1];
            if (e->kind == kind && memcmp(e->addr, key, sizeof(key)) == 0)
                return H.index[i] - 1;
        }
    }
    if ((H.n + 1) * 2 > H.icap) {
        size_t nc = H.icap ? H.icap * 2 : 256;
        uint32_t *ni = calloc(nc, sizeof(*ni));
        if (!ni)
            return SIZE_MAX;
        free(H.index);
        H.index = ni;
        H.icap = nc;
        for (size_t e = 0; e < H.n; e++)
            index_put(H.index, H.icap, e);
    }
    if (H.n >= UINT32_MAX - 1 || grow((void **)&H.v, &H.cap, H.n + 1, sizeof(*H.v)) < 0)
        return SIZE_MAX;
    struct entry *e = &H.v[H.n];
    /* Without a helper there is nobody to ask: no name. */
    *e = (struct entry){.kind = kind, .state = H.to >= 0 ? QUEUED : DONE};
    memcpy(e->addr, key, sizeof(key));
    index_put(H.index, H.icap, H.n);
    if (!H.have_deadline) {
        clock_gettime(CLOCK_MONOTONIC, &H.deadline);
        H.deadline.tv_sec += HOSTS_BUDGET_MS / 1000;
        H.deadline.tv_nsec += (HOSTS_BUDGET_MS % 1000) * 1000000L;
        if (H.deadline.tv_nsec >= 1000000000L) {
            H.deadline.tv_sec++;
            H.deadline.tv_nsec -= 1000000000L;
        }
        H.have_deadline = true;
    }
    size_t i = H.n++;
    if (H.to < 0)
        H.sent = H.n;
    flush_locked();
    return i;
}

static size_t addr_len(enum host_kind kind)
{
    return kind == HOST_INET6 ? 16 : 4;
}

void hosts_batch_begin(void)
{
    pthread_mutex_lock(&H.lock);
    H.have_deadline = false;
    H.late = 0;
    pthread_mutex_unlock(&H.lock);
}

void hosts_want(enum host_kind kind, const uint8_t *addr)
{
    pthread_mutex_lock(&H.lock);
    entry_locked((uint8_t)kind, addr, addr_len(kind));
    pthread_mutex_unlock(&H.lock);
}

/* Milliseconds until t, rounded up; 0 when it has passed. */
static int ms_until(const struct timespec *t)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    long long ns = (long long)(t->tv_sec - now.tv_sec) * 1000000000LL + (t->tv_nsec - now.tv_nsec);
    if (ns <= 0)
        return 0;
    long long ms = (ns + 999999) / 1000000;
    return ms > 60000 ? 60000 : (int)ms;
}

bool hosts_get(enum host_kind kind, const uint8_t *addr, char *buf, size_t bufsz)
{
    bool found = false;
    pthread_mutex_lock(&H.lock);
    size_t i = entry_locked((uint8_t)kind, addr, addr_len(kind));
    if (i != SIZE_MAX && H.v[i].state != DONE)
        drain_locked();
    while (i != SIZE_MAX && H.v[i].state != DONE) {
        if (H.v[i].late)
            goto out;
        int ms = ms_until(&H.deadline);
        if (ms == 0) {
            H.v[i].late = true;
            H.late++;
            goto out;
        }
        struct pollfd pf[2] = {{H.from, POLLIN, 0}, {H.to, POLLOUT, 0}};
        nfds_t nf = H.sent < H.n && !H.paused ? 2 : 1;
        if (poll(pf, nf, ms) < 0 && errno != EINTR)
            goto out;
        flush_locked();
        drain_locked();
    }
    if (i != SIZE_MAX && H.v[i].name) {
        snprintf(buf, bufsz, "%s", H.v[i].name);
        found = true;
    }
out:
    pthread_mutex_unlock(&H.lock);
    return found;
}

size_t hosts_batch_late(void)
{
    pthread_mutex_lock(&H.lock);
    size_t n = H.late;
    pthread_mutex_unlock(&H.lock);
    return n;
}
