#include "resolve/hosts.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "util/grow.h"

/* Enough helpers that a thousand addresses behind a slow resolver take a
 * few round trips, few enough to stay cheap; each lives until exit. */
#define MAX_WORKERS  64
#define WORKER_STACK (1u << 20)

enum { QUEUED, RUNNING, DONE };

struct entry {
    uint8_t kind;
    uint8_t state;
    bool late; /* missed a deadline: not waited for again */
    uint8_t addr[16];
    char *name; /* NULL: no name */
};

/* One resolver for the process: the helpers outlive the batch (and the
 * view) that asked, so what they find later still serves `-c`. Entries
 * are handed to helpers in the order they were asked for: `next` is the
 * first one not yet taken. */
static struct {
    pthread_mutex_t lock;
    pthread_cond_t work, done;
    bool ready;
    struct entry *v;
    size_t n, cap, next;
    uint32_t *index; /* entry number + 1; 0: empty */
    size_t icap;
    unsigned workers, idle;
    pthread_t threads[MAX_WORKERS];
    bool busy[MAX_WORKERS]; /* in a lookup */
    bool closing;
    bool have_deadline;
    struct timespec deadline;
    size_t late;
} H = {.lock = PTHREAD_MUTEX_INITIALIZER};

static void init_locked(void)
{
    if (H.ready)
        return;
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&H.done, &ca);
    pthread_condattr_destroy(&ca);
    pthread_cond_init(&H.work, NULL);
    H.ready = true;
}

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

/* ---- the helpers ---- */

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

static void *worker(void *arg)
{
    unsigned self = (unsigned)(uintptr_t)arg;
    pthread_mutex_lock(&H.lock);
    for (;;) {
        while (H.next >= H.n && !H.closing) {
            H.idle++;
            pthread_cond_wait(&H.work, &H.lock);
            H.idle--;
        }
        if (H.closing)
            break;
        size_t i = H.next++;
        H.v[i].state = RUNNING;
        H.busy[self] = true;
        uint8_t kind = H.v[i].kind, addr[16];
        memcpy(addr, H.v[i].addr, sizeof(addr));
        pthread_mutex_unlock(&H.lock);
        char *name = lookup(kind, addr);
        pthread_mutex_lock(&H.lock);
        H.busy[self] = false;
        H.v[i].name = name;
        H.v[i].state = DONE;
        pthread_cond_broadcast(&H.done);
    }
    pthread_mutex_unlock(&H.lock);
    return NULL;
}

/* One more helper, with every signal blocked (signals are the main
 * thread's business). Failing to start one is not an error: the others,
 * or the deadline, see to the queue. */
static void spawn_locked(void)
{
    pthread_attr_t attr;
    if (pthread_attr_init(&attr) != 0)
        return;
    pthread_attr_setstacksize(&attr, WORKER_STACK);
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    unsigned self = H.workers;
    if (pthread_create(&H.threads[self], &attr, worker, (void *)(uintptr_t)self) == 0)
        H.workers++;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    pthread_attr_destroy(&attr);
}

void hosts_end(void)
{
    pthread_mutex_lock(&H.lock);
    H.closing = true;
    if (H.ready)
        pthread_cond_broadcast(&H.work);
    /* The idle helpers end now; one still waiting for a resolver that
     * does not answer is left to the process's exit. */
    bool stuck[MAX_WORKERS];
    unsigned n = H.workers;
    memcpy(stuck, H.busy, sizeof(stuck));
    pthread_mutex_unlock(&H.lock);
    for (unsigned i = 0; i < n; i++)
        if (!stuck[i])
            pthread_join(H.threads[i], NULL);
}

/* ---- asking ---- */

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
    *e = (struct entry){.kind = kind, .state = QUEUED};
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
    if (H.idle)
        pthread_cond_signal(&H.work);
    else if (H.workers < MAX_WORKERS)
        spawn_locked();
    return H.n++;
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
    init_locked();
    entry_locked((uint8_t)kind, addr, addr_len(kind));
    pthread_mutex_unlock(&H.lock);
}

static bool passed(const struct timespec *t)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return now.tv_sec > t->tv_sec || (now.tv_sec == t->tv_sec && now.tv_nsec >= t->tv_nsec);
}

bool hosts_get(enum host_kind kind, const uint8_t *addr, char *buf, size_t bufsz)
{
    bool found = false;
    pthread_mutex_lock(&H.lock);
    init_locked();
    size_t i = entry_locked((uint8_t)kind, addr, addr_len(kind));
    while (i != SIZE_MAX && H.v[i].state != DONE) {
        if (H.v[i].late)
            goto out;
        if (passed(&H.deadline)) {
            H.v[i].late = true;
            H.late++;
            goto out;
        }
        pthread_cond_timedwait(&H.done, &H.lock, &H.deadline);
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
