/* Socket load for benchmarks, spread over enough processes to stay under
 * the per-process fd limit:
 *   -t N  N loopback TCP connections (2N sockets, plus one listener per
 *         process), on 127.0.0.1 ports from 20000 up;
 *   -u N  N UDP sockets on 127.0.0.1 ports from 40000 up, every other one
 *         connected to its neighbour;
 *   -x N  N UNIX stream sockets: N/2 connections to abstract listeners
 *         (abstract names live in the network namespace, so nothing is
 *         left in the filesystem).
 * Writes "ready" to READY_FILE once all are open, and exits by itself
 * after SECONDS (default 600) or when killed: SIGTERM to the parent stops
 * and reaps every child. Run it inside a throwaway network namespace.
 *
 * usage: loadgen [-t N] [-u N] [-x N] READY_FILE [SECONDS] */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#define PER_PROC 16000 /* fds per process; the limit here is 20,000 */

/* The children, for the SIGTERM handler: it stops and reaps them all, so
 * stopping the parent by its PID leaves nothing behind. */
static pid_t *kids;
static volatile sig_atomic_t n_kids;

static void on_term(int sig)
{
    (void)sig;
    for (sig_atomic_t i = 0; i < n_kids; i++)
        if (kids[i] > 0)
            kill(kids[i], SIGKILL);
    for (sig_atomic_t i = 0; i < n_kids; i++)
        if (kids[i] > 0)
            waitpid(kids[i], NULL, 0);
    _exit(0);
}

/* n connections to one listener at a (TCP or UNIX); both ends kept. */
static int connect_many(int family, const struct sockaddr *a, socklen_t alen, int n)
{
    int l = socket(family, SOCK_STREAM, 0);
    int one = 1;
    if (family == AF_INET)
        setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (l < 0 || bind(l, a, alen) < 0 || listen(l, 4096) < 0) {
        perror("loadgen: listen");
        return -1;
    }
    for (int i = 0; i < n; i++) {
        int c = socket(family, SOCK_STREAM, 0);
        if (c < 0 || connect(c, a, alen) < 0) {
            perror("loadgen: connect");
            return -1;
        }
        if (accept(l, NULL, NULL) < 0) {
            perror("loadgen: accept");
            return -1;
        }
    }
    return 0;
}

static int tcp_load(int n, int idx)
{
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)(20000 + idx))};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return connect_many(AF_INET, (struct sockaddr *)&a, sizeof(a), n);
}

static int unix_load(int n, int idx)
{
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    int len = snprintf(a.sun_path + 1, sizeof(a.sun_path) - 1, "netstat-bench-%d", idx);
    return connect_many(AF_UNIX, (struct sockaddr *)&a,
                        (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + (size_t)len),
                        n / 2);
}

static int udp_load(int n, int first)
{
    for (int i = 0; i < n; i++) {
        int s = socket(AF_INET, SOCK_DGRAM, 0);
        struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)(first + i))};
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof(a)) < 0) {
            perror("loadgen: udp bind");
            return -1;
        }
        if (i % 2) {
            a.sin_port = htons((uint16_t)(first + i - 1));
            if (connect(s, (struct sockaddr *)&a, sizeof(a)) < 0) {
                perror("loadgen: udp connect");
                return -1;
            }
        }
    }
    return 0;
}

enum kind { TCP, UDP, UNIX_ };

struct job {
    enum kind kind;
    int n, idx;
};

static int run_job(const struct job *j)
{
    switch (j->kind) {
    case TCP:
        return tcp_load(j->n, j->idx);
    case UDP:
        return udp_load(j->n, 40000 + j->idx);
    default:
        return unix_load(j->n, j->idx);
    }
}

static long count_arg(const char *s)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (*s == '\0' || *end || v < 0 || v > 1000000) {
        fprintf(stderr, "loadgen: counts must be 0..1000000\n");
        exit(2);
    }
    return v;
}

int main(int argc, char **argv)
{
    long tcp = 0, udp = 0, unx = 0;
    int opt;
    while ((opt = getopt(argc, argv, "t:u:x:")) != -1) {
        switch (opt) {
        case 't':
            tcp = count_arg(optarg);
            break;
        case 'u':
            udp = count_arg(optarg);
            break;
        case 'x':
            unx = count_arg(optarg);
            break;
        default:
            fprintf(stderr, "usage: loadgen [-t N] [-u N] [-x N] READY_FILE [SECONDS]\n");
            return 2;
        }
    }
    if (optind >= argc || udp > 20000) {
        fprintf(stderr, "usage: loadgen [-t N] [-u N<=20000] [-x N] READY_FILE [SECONDS]\n");
        return 2;
    }
    const char *ready_file = argv[optind];
    unsigned secs = optind + 1 < argc ? (unsigned)strtoul(argv[optind + 1], NULL, 10) : 600;

    struct rlimit rl = {PER_PROC + 64, PER_PROC + 64};
    if (setrlimit(RLIMIT_NOFILE, &rl) < 0) {
        perror("loadgen: setrlimit");
        return 1;
    }
    /* Jobs of at most PER_PROC fds each: a TCP connection or a UNIX pair
     * costs 2 fds, a UDP socket 1. */
    size_t max_jobs = (size_t)(tcp / (PER_PROC / 2) + udp / PER_PROC + unx / PER_PROC + 3);
    struct job *jobs = calloc(max_jobs, sizeof(*jobs));
    kids = calloc(max_jobs, sizeof(*kids));
    if (!jobs || !kids)
        return 1;
    size_t nj = 0;
    for (long left = tcp, i = 0; left > 0; left -= PER_PROC / 2, i++)
        jobs[nj++] = (struct job){TCP, (int)(left < PER_PROC / 2 ? left : PER_PROC / 2), (int)i};
    for (long left = udp, i = 0; left > 0; left -= PER_PROC, i++)
        jobs[nj++] =
            (struct job){UDP, (int)(left < PER_PROC ? left : PER_PROC), (int)(i * PER_PROC)};
    for (long left = unx, i = 0; left > 0; left -= PER_PROC, i++)
        jobs[nj++] = (struct job){UNIX_, (int)(left < PER_PROC ? left : PER_PROC), (int)i};

    int ready[2];
    if (pipe(ready) < 0)
        return 1;
    struct sigaction sa = {.sa_handler = on_term};
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    for (size_t p = 0; p < nj; p++) {
        kids[p] = fork();
        n_kids = (sig_atomic_t)(p + 1);
        if (kids[p] == 0) {
            signal(SIGTERM, SIG_DFL);
            signal(SIGINT, SIG_DFL);
            /* Die with the parent, so stopping it by its PID stops all. */
            if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() == 1)
                _exit(1);
            close(ready[0]);
            alarm(secs);
            char r = run_job(&jobs[p]) == 0 ? 'y' : 'n';
            if (write(ready[1], &r, 1) != 1)
                _exit(1);
            pause();
            _exit(0);
        }
    }
    close(ready[1]);
    size_t ok = 0;
    for (size_t p = 0; p < nj; p++) {
        char r;
        if (read(ready[0], &r, 1) == 1 && r == 'y')
            ok++;
    }
    if (ok == nj) {
        FILE *f = fopen(ready_file, "w");
        if (f) {
            fputs("ready\n", f);
            fclose(f);
        }
    } else {
        fprintf(stderr, "loadgen: %zu of %zu processes failed\n", nj - ok, nj);
        on_term(0); /* stops them all; exits */
    }
    alarm(secs);
    for (size_t p = 0; p < nj; p++)
        waitpid(kids[p], NULL, 0);
    free(kids);
    free(jobs);
    return ok == nj ? 0 : 1;
}
